"""A brief whose every text field holds markup and escape sequences is shown literally, and nothing raises."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_editing_support import wait_until
from conftest import TALKS
from textual.widgets import Input

from briefing.app import BriefingApp
from briefing.loader import load
from briefing.screens.brief import BriefScreen
from briefing.screens.detail import DetailScreen
from briefing.screens.library import LibraryScreen

pytestmark = pytest.mark.anyio

# YAML double-quoted escapes: \e is ESC, \a BEL, \x9b a C1 CSI, \u202e a bidi override.
HOSTILE = (
    r"[bold]B[/] [/] [@click=app.quit]Q[/] [link=https://x.example]L[/link] "
    r"\e[31mred \e]0;title\a \e]8;;https://x.example\aosc8\e]8;;\a \e]52;c;cHduZWQ=\a \x9b2J \u202eevil "
    r"和平计划 🕊️ خطة السلام"
)
MARKUP = ("[bold]B[/]", "[/]", "[@click=app.quit]Q[/]", "[link=https://x.example]L[/link]")
FORBIDDEN = ("\x1b", "\x9b", "\x07", "\u202e")


def hostile_brief() -> str:
    h = f'"{HOSTILE}"'
    return f"""briefing: 1
title: {h}
as_of: 2025-11-19
summary: {h}
tags: [{h}]
sources:
  - {{id: src, name: {h}, notes: {h}}}
actors:
  - {{id: a1, name: {h}, role: {h}, group: {h}, aliases: [{h}], notes: {h}, tags: [{h}]}}
  - {{id: a2, name: {h}, affiliation: a1, group: {h}}}
events:
  - {{id: e1, date: 2025-11-19, title: {h}, place: {h}, actors: [a1, a2], sources: [src],
     notes: {h}, tags: [{h}]}}
statements:
  - {{id: s1, actor: a1, event: e1, source: src, quote: {h}, translation: {h}, context: {h}, tags: [{h}]}}
  - {{id: s2, actor: a2, kind: declined, context: {h}}}
questions:
  - {{id: q1, question: {h}, status: answered, answer: {h}, actors: [a1], events: [e1], tags: [{h}]}}
  - {{id: q2, question: {h}, status: moot}}
"""


@pytest.fixture
def hostile_path(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile_brief(), encoding="utf-8")
    assert load(path).ok, load(path).errors
    return path


def shown(app: BriefingApp) -> str:
    """The screen as text, after checking that no segment carries a control character or an action
    and that wide and right-to-left text keep every line exactly as wide as the screen."""
    strips = app.screen._compositor.render_strips()
    for strip in strips:
        assert strip.cell_length == app.size.width
        for segment in strip:
            assert not any(char in segment.text for char in FORBIDDEN), repr(segment.text)
            meta = segment.style.meta if segment.style else {}
            assert "@click" not in meta
    return "\n".join(strip.text for strip in strips)


async def test_every_screen_shows_hostile_text_literally(hostile_path: Path) -> None:
    app = BriefingApp(hostile_path)
    async with app.run_test(size=(160, 60)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
        text = shown(app)
        for markup in MARKUP:
            assert markup in text
        assert "␛[31mred" in text and "<U+009B>2J" in text and "<U+202E>evil" in text
        assert "和平计划" in text and "خطة السلام" in text
        await pilot.press("t", "t")  # translation and original both shown
        await pilot.pause()
        shown(app)
        for item_id in ("a1", "a2", "e1", "s1", "s2", "q1", "q2", "src"):
            app.screen.open_detail(item_id)
            await pilot.pause()
            assert isinstance(app.screen, DetailScreen)
            assert "[@click=app.quit]Q[/]" in shown(app)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("slash", *"[/] [@click=app.quit]")
        await pilot.pause()
        assert app.screen.search_query == "[/] [@click=app.quit]"
        assert "[/] [@click=app.quit]" in shown(app)
        await pilot.press("escape", "ctrl+p", *"bold")
        await pilot.pause(0.5)
        shown(app)
        await pilot.press("escape", "3", "y")
        assert "[@click=app.quit]Q[/]" in app.clipboard
        assert not any(char in app.clipboard for char in FORBIDDEN)
        await pilot.press("question_mark")
        await pilot.pause()
        shown(app)
        await pilot.press("escape")
        # A click on the text of an action link selects the item; it runs nothing.
        await pilot.press("1")
        await pilot.click("#timeline", offset=(20, 1))
        await pilot.pause()
        assert app.is_running and app.screen.narrow_event == "e1"


async def test_library_shows_hostile_titles_and_errors_literally(hostile_path: Path) -> None:
    folder = hostile_path.parent
    (folder / "broken [bold].yaml").write_text('briefing: 1\ntitle: "[/] \\e[2J"\n', encoding="utf-8")
    app = BriefingApp(folder)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        screen = app.screen
        await wait_until(pilot, lambda: not screen._scanning, "the library read")
        text = shown(app)
        assert "[@click=app.quit]Q[/]" in text and "broken [bold].yaml" in text


NAME = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eX"
"""A file or folder name that retitles the terminal, clears it and reverses the text after it."""


def unsafe(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F or c in "\u202e"]


async def test_notifications_name_hostile_files_and_keys_cleanly(tmp_path: Path, brief_path: Path) -> None:
    """A config in a hostile folder, with a hostile key, and a hostile theme file: every
    notification is clean, from the startup report to a theme file dropped in later."""
    folder = tmp_path / f"conf{NAME}"
    (folder / "themes").mkdir(parents=True)
    config = folder / "config.yaml"
    config.write_text('"k\\e]0;key\\a\\u202e": 1\n', encoding="utf-8")
    env = {"BRIEFING_CONFIG": str(config), "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    app = BriefingApp(brief_path, env=env)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        notes = list(app._notifications)
        assert notes and all(not unsafe(n.message + n.title) for n in notes)
        assert any("conf␛]0;pwned␇␛[2J<U+009B>31m<U+202E>X" in n.message for n in notes)
        assert any("k␛]0;key␇<U+202E>" in n.message for n in notes)
        shown(app)
        themes = tmp_path / "xdg" / "briefing" / "themes"
        themes.mkdir(parents=True)
        (themes / f"t{NAME}.yaml").write_text("dark: maybe\n", encoding="utf-8")
        await pilot.press("ctrl+t")
        await pilot.pause()
        latest = list(app._notifications)[-1]
        assert latest.title == "Themes" and "t␛]0;pwned␇" in latest.message
        assert not unsafe(latest.message)
        app.notify(NAME, title=NAME)
        await pilot.pause()
        latest = list(app._notifications)[-1]
        assert not unsafe(latest.message + latest.title)


async def test_the_app_title_is_clean(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test() as pilot:
        app.title, app.sub_title = NAME, f"sub\n{NAME}"
        await pilot.pause()
        assert app.title == "␛]0;pwned␇␛[2J<U+009B>31m<U+202E>X"
        assert app.sub_title == "sub ␛]0;pwned␇␛[2J<U+009B>31m<U+202E>X"


async def test_exporting_a_hostile_named_brief_shows_and_writes_a_clean_name(tmp_path: Path) -> None:
    """The export dialog's path field passed the brief's name to the terminal as it was."""
    path = tmp_path / f"talks{NAME}.yaml"
    path.write_text(TALKS.read_text(encoding="utf-8"), encoding="utf-8")
    app = BriefingApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        field = app.screen.query_one("#export-path", Input)
        assert field.value == str(tmp_path / "talks␛]0;pwned␇␛[2J<U+009B>31m<U+202E>X.md")
        shown(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
        assert Path(field.value).is_file()
        assert all(not unsafe(n.message) for n in app._notifications)
