"""A brief whose every text field holds markup and escape sequences is shown literally, and nothing raises."""

from __future__ import annotations

from pathlib import Path

import pytest

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
        text = shown(app)
        assert "[@click=app.quit]Q[/]" in text and "broken [bold].yaml" in text
