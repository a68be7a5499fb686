"""The reader's smaller surfaces as a user meets them: the header's counts, the summary's heading,
the command palette, a source's URL, actor groups and the words of error messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from app_editing_support import wait_until
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from briefing.app import BriefingApp
from briefing.export import ExportOptions, render
from briefing.loader import load, load_text
from briefing.screens.detail import DetailScreen
from briefing.screens.export_dialog import ExportDialog
from briefing.screens.help import HelpScreen
from briefing.widgets.chrome import BriefHeader

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "briefs" / "ukraine-peace-plan-2025-11-19.yaml"
SAMPLE = ROOT / "tests" / "data" / "show" / "sample.yaml"
pytestmark = pytest.mark.anyio


def widget_text(app: BriefingApp, widget: object) -> list[str]:
    """The lines the terminal shows over a widget's region."""
    region = widget.region  # type: ignore[attr-defined]
    strips = app.screen._compositor.render_strips()
    return [strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]


def highlighted_command(app: BriefingApp) -> str:
    """The text of the palette's highlighted entry ("" while it has none)."""
    palette = app.screen
    if not isinstance(palette, CommandPalette):
        return ""
    commands = palette.query_one(CommandList)
    if commands.highlighted is None:
        return ""
    prompt = commands.get_option_at_index(commands.highlighted).prompt
    return getattr(prompt, "plain", str(prompt))


def palette_text(app: BriefingApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def palette_entries(app: BriefingApp) -> str:
    """Every entry the palette lists, shown or scrolled out of view: its providers answer in the
    background, in no fixed order, so what fits on screen first varies from run to run."""
    palette = app.screen
    if not isinstance(palette, CommandPalette):
        return ""
    commands = palette.query_one(CommandList)
    prompts = (commands.get_option_at_index(index).prompt for index in range(commands.option_count))
    return "\n".join(getattr(prompt, "plain", str(prompt)) for prompt in prompts)


async def run_command(pilot: Pilot[None], typed: str) -> None:
    """Open the palette, type, and run the first command found once the palette has found it (its
    search runs in the background: a fixed pause was not always long enough on a loaded machine)."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the command palette")
    await pilot.press(*typed)
    await wait_until(
        pilot, lambda: typed.lower() in highlighted_command(app).lower(), f"a command matching {typed!r}"
    )
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette closing")


async def test_the_header_wraps_between_counts_never_leaving_a_stray_dot() -> None:
    app = BriefingApp(BUNDLED)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        lines = [line.strip() for line in widget_text(app, app.screen.query_one(BriefHeader))]
        about = [line for line in lines[1:-1] if line]
        assert len(about) >= 2, lines  # the line is too long for 120 columns: it wraps
        assert not any(line.startswith("·") or line.endswith("·") for line in about), lines
        for part in ("as of 19 Nov 2025", "22 actors", "10 events", "12 statements", "12 open questions"):
            assert any(part in line for line in about), (part, lines)


async def test_clicking_the_summary_heading_folds_and_unfolds_it(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert not screen.summary_collapsed
        await pilot.click("#summary-text", offset=(2, 0))
        assert screen.summary_collapsed
        await pilot.click("#summary-text", offset=(2, 0))
        assert not screen.summary_collapsed
        await pilot.click("#summary-text", offset=(2, 1))  # the text, not the heading
        assert not screen.summary_collapsed


async def test_the_palette_offers_the_apps_commands_and_says_what_each_entry_is(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("ctrl+p")
        commands = ("Export", "Help", "Summary", "Translation", "Theme")
        await wait_until(
            pilot,
            lambda: all(command in palette_entries(app) for command in commands),
            f"the palette listing {commands}",
        )
        assert isinstance(app.screen, CommandPalette)
        assert "Jump to it" not in palette_entries(app)
        await pilot.press(*"plekszy")
        await wait_until(pilot, lambda: "Actor: " in palette_text(app), "the actor found by the palette")
        assert "Jump to it" not in palette_entries(app)
        await pilot.press("escape")
        await pilot.pause()
        for typed, expected in (("export", ExportDialog), ("help", HelpScreen)):
            await run_command(pilot, typed)
            assert isinstance(app.screen, expected), typed
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen


async def test_the_palette_folds_the_summary(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await run_command(pilot, "summary")
        assert screen.summary_collapsed


async def test_a_sources_url_opens_in_the_browser_and_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "sample.yaml"
    shutil.copy(SAMPLE, path)
    opened: list[str] = []
    monkeypatch.setattr(BriefingApp, "open_url", lambda self, url, **kw: opened.append(url))
    url = "https://www.axios.com/2025/11/19/ukraine-peace-plan-witkoff-russia"
    app = BriefingApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.open_detail("axios")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("o")
        assert opened == [url]
        await pilot.press("y")
        assert app.clipboard == url
        app.screen.app.pop_screen()
        await pilot.pause()
        app.screen.open_detail("afp")  # no URL: nothing to open or copy
        await pilot.pause()
        app.copy_to_clipboard("")
        await pilot.press("o", "y")
        assert opened == [url] and app.clipboard == ""


def test_group_labels_that_differ_only_in_case_are_one_group() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "    group: US\n    aliases", "    group: us\n    aliases"
    )
    assert "group: us\n" in text
    loaded = load_text(text).loaded
    assert loaded is not None
    index = loaded.index
    assert list(index.actor_groups) == ["US", "Russia", ""]
    assert [a.id for a in index.actor_groups["US"]] == ["united-states", "witkoff"]
    assert index.group_of(index.actors["witkoff"]) == "US"
    markdown = render(loaded, "md", ExportOptions())
    assert markdown.count("### US") == 1 and "### us" not in markdown


def test_an_error_names_an_event_and_an_actor_with_the_right_article() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("    place: Geneva\n", "    place: Geneva\n    zzzz: 1\n")
    text = text.replace("    group: Russia\n", "    group: Russia\n    qqqq: 1\n")
    messages = " ".join(error.message for error in load_text(text).errors)
    assert "; an event has: " in messages and "; an actor has: " in messages
    assert "a event" not in messages and "a actor" not in messages
    assert load(SAMPLE).errors == []
