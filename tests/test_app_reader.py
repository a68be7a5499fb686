"""Pilot tests of the reader: every interaction asserts on the app's state and on what is shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from app_editing_support import errors_shown, failing, wait_until
from textual import events
from textual.theme import Theme
from textual.widgets import Input

from briefing.app import BriefingApp
from briefing.loader import load
from briefing.screens import brief as brief_module
from briefing.screens.brief import BriefScreen
from briefing.screens.detail import DetailList, DetailScreen
from briefing.screens.help import HelpScreen
from briefing.screens.library import LibraryList, LibraryScreen
from briefing.widgets.bars import PaneTabs, Segment
from briefing.widgets.panes import Heading

TALKS = Path(__file__).parent / "data" / "app" / "talks.yaml"
pytestmark = pytest.mark.anyio

WIDE = (120, 40)
NARROW = (80, 24)


def screen_text(app: BriefingApp) -> str:
    """What the terminal would show, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def ids(pane) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.id for item in pane.items if not isinstance(item, Heading)]


async def test_opens_a_brief_with_every_pane(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        text = screen_text(app)
        assert "Talks on a ceasefire in Ruritania" in text
        assert "as of 21 Nov 2025" in text and "6 actors · 4 events · 4 statements · 1 open question" in text
        for title in ("1 Timeline", "2 Actors", "3 Statements", "4 Questions", "Summary"):
            assert title in text
        # Timeline in date order; a partial approximate date first and shown as such.
        assert ids(screen.pane("timeline")) == ["leak", "first-round", "walkout", "second-round"]
        assert "Nov 2025 ~ [⇄ DISPUTED]" in text and "[✔ CONFIRMED]" in text
        assert "credibility 1 confirmed by" in text  # the rest wraps after the corroboration
        # Actor cards grouped, with statement counts; questions open first under headings.
        assert "Rustem Oumierov  2 statements" in text
        assert "also Rustem Umerov" in text
        questions = app.screen.pane("questions").items
        assert [item.id for item in questions] == [
            "status:open",
            "draft-author",
            "status:answered",
            "second-round-date",
            "status:moot",
            "walkout-real",
        ]
        assert "[“ QUOTE] Rustem Oumierov, Secretary of the Security" in text
        assert screen.focused is screen.pane("timeline")


async def test_cursor_keys_move_and_skip_headings(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        timeline = app.screen.pane("timeline")
        await pilot.press("j", "down")
        assert timeline.highlighted.id == "walkout"
        await pilot.press("k")
        assert timeline.highlighted.id == "first-round"
        await pilot.press("G")
        assert timeline.highlighted.id == "second-round"
        await pilot.press("g")
        assert timeline.highlighted.id == "leak"
        await pilot.press("pagedown")
        assert timeline.cursor > 0
        await pilot.press("4")
        questions = app.screen.pane("questions")
        assert app.screen.focused is questions
        assert questions.highlighted.id == "draft-author"  # the heading above it is skipped
        await pilot.press("j")
        assert questions.highlighted.id == "second-round-date"


async def test_tab_and_number_keys_switch_panes(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        order = []
        for _ in range(4):
            await pilot.press("tab")
            order.append(screen.focused.id)
        assert order == ["actors", "statements", "questions", "timeline"]
        await pilot.press("shift+tab")
        assert screen.focused.id == "questions"
        await pilot.press("2")
        assert screen.focused.id == "actors" and screen.active_pane == "actors"


async def test_narrow_layout_shows_one_pane_as_tabs(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=NARROW) as pilot:
        screen = app.screen
        assert screen.has_class("-narrow")
        assert [
            name for name in ("timeline", "actors", "statements", "questions") if screen.pane(name).display
        ] == ["timeline"]
        assert "1 Timeline  2 Actors  3 Statements  4 Questions" in screen_text(app)
        await pilot.press("3")
        await pilot.pause()
        assert screen.pane("statements").display and not screen.pane("timeline").display
        assert "Nous avons bon espoir" in screen_text(app)
        await pilot.press("tab")
        await pilot.pause()
        assert screen.focused.id == "questions"
        assert "Who wrote the leaked draft?" in screen_text(app)
        await pilot.click("#tabs", offset=(3, 0))
        await pilot.pause()
        assert screen.active_pane == "timeline"


async def test_a_wide_screen_builds_the_tabs_when_it_first_narrows(brief_path: Path) -> None:
    """Hidden at 100 columns and more, the tabs are not built there (issue 14: first frame);
    narrowed, the screen shows them on the pane that was active, and they work."""
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen) and not screen.query(PaneTabs)
        await pilot.press("3")
        await pilot.resize_terminal(*NARROW)
        await pilot.pause()
        assert screen.has_class("-narrow") and len(screen.query(PaneTabs)) == 1
        assert [child.id for child in screen.children].index("tabs") == [
            child.id for child in screen.children
        ].index("panes") - 1
        assert "1 Timeline  2 Actors  3 Statements  4 Questions" in screen_text(app)
        assert screen.query_one(PaneTabs).active(Segment("statements", "3 Statements"))
        await pilot.click("#tabs", offset=(3, 0))
        await pilot.pause()
        assert screen.active_pane == "timeline" and screen.pane("timeline").display
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        await pilot.resize_terminal(*NARROW)
        await pilot.pause()
        assert len(screen.query(PaneTabs)) == 1  # built once


async def test_help_and_quit_always_show_in_the_footer_at_80_columns(brief_path: Path) -> None:
    """The less used keys give way on a narrow screen; help (which lists them) stays reachable."""
    app = BriefingApp(brief_path)
    async with app.run_test(size=NARROW) as pilot:
        for key in ("1", "2", "3", "4", "enter"):
            await pilot.press(key)
            await pilot.pause()
            footer = screen_text(app).splitlines()[-1]
            assert "q Quit" in footer and "? Help" in footer, (key, footer)
        await pilot.press("escape")
    async with BriefingApp(brief_path).run_test(size=WIDE) as pilot:
        await pilot.pause()
        footer = screen_text(pilot.app).splitlines()[-1]  # type: ignore[arg-type]
        assert all(word in footer for word in ("t Translation", "y Copy", "x Export", "? Help"))


async def test_selecting_an_actor_narrows_statements_and_questions(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        await pilot.press("2")
        assert screen.pane("actors").move_to("oumierov")
        await pilot.press("space")
        assert screen.narrow_actor == "oumierov"
        assert ids(screen.pane("statements")) == ["oumierov-hope", "oumierov-leak"]
        assert ids(screen.pane("questions")) == []
        assert screen.pane("timeline").marked == {"first-round", "second-round"}
        text = screen_text(app)
        assert "narrowed to Rustem Oumierov" in text and "3 Statements 2/4" in text
        await pilot.press("escape")
        assert screen.narrow_actor is None
        assert len(ids(screen.pane("statements"))) == 4
        assert screen.pane("timeline").marked == set()


async def test_clicking_an_event_narrows_statements(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        timeline = screen.pane("timeline")
        # Line 0 of the timeline's content is the first event ("leak"); click inside the border.
        await pilot.click("#timeline", offset=(4, 1))
        await pilot.pause()
        assert screen.narrow_event == "leak"
        assert ids(screen.pane("statements")) == ["oumierov-leak"]
        assert timeline.highlighted.id == "leak"
        await pilot.press("escape")
        assert screen.narrow_event is None


async def test_wheel_scrolls_a_pane(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(synthetic_brief(300), encoding="utf-8")
    app = BriefingApp(path)
    async with app.run_test(size=WIDE) as pilot:
        statements = app.screen.pane("statements")
        for _ in range(3):
            statements.post_message(events.MouseScrollDown(statements, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert statements.scroll_y > 0
        assert statements.cursor == 0  # the wheel scrolls; it does not move the selection


async def test_enter_opens_details_with_links_and_back(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2")
        app.screen.pane("actors").move_to("oumierov")
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, DetailScreen) and detail.item_id == "oumierov"
        text = screen_text(app)
        assert "Actor: Rustem Oumierov" in text
        assert "Secretary of the Security Council" in text and "Rustem Umerov" in text
        rows = detail.query_one(DetailList)
        targets = [row.target for row in rows.items if row.target]
        assert targets[0] == "ruritania"  # affiliation link first
        assert {"oumierov-hope", "oumierov-leak", "first-round", "second-round"} <= set(targets)
        assert rows.highlighted.target == "ruritania"
        await pilot.press("j")
        assert rows.highlighted.target == targets[1]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.item_id == targets[1]
        await pilot.press("backspace")
        await pilot.pause()
        assert app.screen is detail
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)


async def test_detail_of_statement_links_actor_event_source(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("3")
        app.screen.pane("statements").move_to("oumierov-hope")
        await pilot.press("enter")
        await pilot.pause()
        rows = app.screen.query_one(DetailList)
        assert [row.target for row in rows.items if row.target] == ["oumierov", "first-round", "afp"]
        text = screen_text(app)
        assert "We have good hope of an agreement" in text and "talks.yaml, line" in text


async def test_search_is_incremental_and_accent_insensitive(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        await pilot.press("slash")
        assert isinstance(screen.focused, Input)
        await pilot.press(*"oumierov")
        assert screen.search_query == "oumierov"
        assert ids(screen.pane("actors")) == ["oumierov"]
        assert ids(screen.pane("statements")) == ["oumierov-hope", "oumierov-leak"]
        assert ids(screen.pane("timeline")) == ["first-round", "second-round"]
        assert "search “oumierov”" in screen_text(app)
        for _ in "oumierov":
            await pilot.press("backspace")
        await pilot.press(*"aaltova")
        assert ids(screen.pane("actors")) == ["aaltova"]
        assert "aaltova-declined" in ids(screen.pane("statements"))
        await pilot.press("enter")
        assert screen.focused is screen.pane("timeline")
        assert ids(screen.pane("timeline")) == ["first-round"]
        # n steps through matches, moving on to the next pane at the end of one.
        await pilot.press("n")
        assert screen.focused.id == "actors" and screen.pane("actors").highlighted.id == "aaltova"
        await pilot.press("n")
        assert screen.focused.id == "statements"
        await pilot.press("N")
        assert screen.focused.id == "actors"
        await pilot.press("escape")
        assert screen.search_query == "" and not screen.has_class("-searching")
        assert len(ids(screen.pane("actors"))) == 6


async def test_a_failing_search_index_costs_the_search_not_the_session(
    brief_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building the search index in its thread fails on some brief: the reader goes on, and a
    search shows every item (none is hidden by an index that never came)."""
    calls = failing(monkeypatch, brief_module, "_searcher")
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await wait_until(pilot, lambda: bool(calls), "the search index")
        await pilot.press("slash", *"oumierov", "enter", "j")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, BriefScreen)
        assert len(ids(app.screen.pane("actors"))) == 6


async def test_search_highlights_matches(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"geneva")
        await pilot.pause()
        timeline = app.screen.pane("timeline")
        match_style = timeline.get_component_rich_style("item-list--match", partial=True)
        strips = timeline._render_item(timeline.index_of("first-round"))
        styled = [
            seg.text
            for strip in strips
            for seg in strip
            if seg.style and seg.style.bgcolor == match_style.bgcolor
        ]
        assert "Geneva" in styled


async def test_quote_mode_cycles_both_original_translation(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        await pilot.press("3")
        text = screen_text(app)
        assert screen.quote_mode == "both"
        assert "We have good hope" in text and "Nous avons bon espoir" in text
        await pilot.press("t")
        await pilot.pause()
        text = screen_text(app)
        assert screen.quote_mode == "original" and "quotes: original only" in text
        assert "Nous avons bon espoir" in text and "We have good hope" not in text
        assert "(translation available: t)" in text
        await pilot.press("t")
        await pilot.pause()
        text = screen_text(app)
        assert screen.quote_mode == "translation"
        assert "We have good hope" in text and "Nous avons bon espoir" not in text
        await pilot.press("t")
        assert screen.quote_mode == "both"


async def test_y_copies_the_words_in_their_marks_and_the_translation_after_them(brief_path: Path) -> None:
    """The marks hold exactly what was said (French marks for French); the translation follows,
    marked as one; `y` follows the `t` mode."""
    app = BriefingApp(brief_path)
    attribution = "Rustem Oumierov, Secretary of the Security Council, 19 Nov 2025, via Agence France-Presse"
    original = "«\u00a0Nous avons bon espoir d'un accord avant la fin du mois\u00a0»"
    translation = "We have good hope of an agreement before the end of the month"
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("3")
        app.screen.pane("statements").move_to("oumierov-hope")
        await pilot.press("y")
        assert app.clipboard == f"{original} (translation: {translation}) — {attribution}"
        await pilot.press("t", "y")
        assert app.clipboard == f"{original} — {attribution}"
        await pilot.press("t", "y")
        assert app.clipboard == f"Translation from fr: {translation} — {attribution}"


async def test_y_on_a_statements_details_copies_it_as_the_reader_does(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("3", "t")
        app.screen.pane("statements").move_to("oumierov-hope")
        await pilot.press("y")
        from_reader = app.clipboard
        app.copy_to_clipboard("")
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("y")
        assert app.clipboard == from_reader
        assert from_reader.startswith("«\u00a0Nous avons bon espoir")


async def test_help_lists_every_key(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        brief_screen = app.screen
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for binding in [*brief_screen.BINDINGS, *app.BINDINGS]:
            assert (binding.tooltip or binding.description) in text
        for shown in ("↑, k", "G, end", "n, N", "Jump to an actor, event or question", "^p", "Back"):
            assert shown in text
        await pilot.press("escape")
        assert app.screen is brief_screen


async def test_help_fits_at_120_by_40_and_scrolls_at_80_by_24(brief_path: Path) -> None:
    """Issue 14: since the filter keys came, the help scrolled at 120×40 (its last note hidden).
    It fits there now, whole; at 80×24 it scrolls with the keys to its last line."""
    last_note = "Filter f: tick event statuses"
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        assert box.max_scroll_y == 0
        text = screen_text(app)
        for shown in ("1, 2, 3, 4", "shift+tab", "space", "Sort order", "Open the URL", last_note):
            assert shown in text
    app = BriefingApp(brief_path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        assert box.max_scroll_y > 0 and last_note not in screen_text(app)
        await pilot.press("pagedown")
        await pilot.pause()
        assert box.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y and last_note in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, BriefScreen)


async def test_command_palette_jumps_to_an_actor(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"plekszy")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.focused.id == "actors"
        assert screen.pane("actors").highlighted.id == "plekszy"


async def test_jump_clears_what_hides_the_item(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        await pilot.press("slash", *"geneva", "enter")
        screen.jump_to("draft-author")
        await pilot.pause()
        assert screen.search_query == ""
        assert screen.focused.id == "questions" and screen.selected_item_id == "draft-author"


async def test_q_quits(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_invalid_brief_shows_errors_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("briefing: 1\ntitle: Broken\nas_of: 2025-02-30\nactors: []\n", encoding="utf-8")
    app = BriefingApp(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BriefScreen) and screen.loaded is None
        assert errors_shown(screen)
        assert [(error.line, error.column) for error in screen.errors] == [(3, 8)]
        text = screen_text(app)
        assert "1 error in the brief" in text and "3:8 `as_of`: '2025-02-30' does not exist" in text
        assert "does not exist" in screen.errors[0].message
        assert "No events." in text


async def test_live_reload_seam_keeps_selection_and_narrowing(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        await pilot.press("2")
        screen.pane("actors").move_to("plekszy")
        await pilot.press("space")
        # Another file: the open one stays as it is on disk, so the watcher has nothing to reload.
        modified = brief_path.with_name("modified.yaml")
        modified.write_text(
            brief_path.read_text(encoding="utf-8").replace("Bordurian foreign minister", "Foreign minister"),
            encoding="utf-8",
        )
        screen.loaded = load(modified).loaded
        await pilot.pause()
        assert screen.selected_item_id == "plekszy" and screen.narrow_actor == "plekszy"
        assert "Foreign minister" in screen_text(app)
        screen.errors = load(TALKS.parent / "missing.yaml").errors
        await pilot.pause()
        assert errors_shown(screen)
        assert "Plekszy-Gladz" in screen_text(app)  # the last good brief stays on screen


async def test_library_lists_briefs_and_marks_invalid_ones(tmp_path: Path) -> None:
    shutil.copy(TALKS, tmp_path / "a-talks.yaml")
    (tmp_path / "b-broken.yml").write_text("briefing: 1\ntitle: x\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a brief", encoding="utf-8")
    app = BriefingApp(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        screen = app.screen
        await wait_until(pilot, lambda: not screen._scanning, "the library read")
        entries = app.screen.query_one(LibraryList)
        assert [result.path.name for result in entries.items] == ["a-talks.yaml", "b-broken.yml"]
        text = screen_text(app)
        assert "Talks on a ceasefire in Ruritania" in text and "6 actors · 4 events" in text
        assert "✗ INVALID" in text and "b-broken.yml" in text and "1:1: " in text and "as_of" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen) and app.screen.loaded.brief.title.startswith("Talks")
        assert "⌫ Library" in screen_text(app)
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert (
            isinstance(app.screen, BriefScreen) and app.screen.loaded is None
        )  # the invalid one: errors shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_library_of_one_opens_the_brief(tmp_path: Path) -> None:
    shutil.copy(TALKS, tmp_path / "talks.yaml")
    app = BriefingApp(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
        assert "Library" not in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, BriefScreen)


def synthetic_brief(statements: int) -> str:
    """A valid brief with `statements` statements over a proportionate cast."""
    actors = max(2, statements // 50)
    events = max(1, statements // 20)
    lines = ["briefing: 1", "title: Synthetic brief", "as_of: 2025-11-19", "actors:"]
    lines += [f"  - {{id: actor-{a}, name: Actor {a}, group: G{a % 5}}}" for a in range(actors)]
    lines.append("events:")
    lines += [
        f"  - {{id: event-{e}, date: 2025-{e % 12 + 1:02d}-01, title: Event {e}}}" for e in range(events)
    ]
    lines.append("statements:")
    lines += [
        f"  - {{id: s-{s}, actor: actor-{s % actors}, event: event-{s % events}, "
        f'quote: "Statement number {s} says something long enough to wrap over more than one line '
        f'in a narrow pane, as quotes do"}}'
        for s in range(statements)
    ]
    return "\n".join(lines) + "\n"


async def test_ten_thousand_statements_open_scroll_and_search(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(synthetic_brief(10_000), encoding="utf-8")
    app = BriefingApp(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        statements = app.screen.pane("statements")
        assert len(statements.items) == 10_000
        assert len(statements._cache) < 100  # only what was drawn, never every item
        await pilot.press("3", "G")
        await pilot.pause()
        last = statements.items[-1]
        assert statements.highlighted is last
        assert f"Statement number {last.id.removeprefix('s-')} " in screen_text(app)
        for _ in range(5):
            await pilot.press("pageup")
        await pilot.pause()
        assert statements.cursor < 9999
        await pilot.press("slash", *"number 4242 ")
        await pilot.pause()
        assert [item.id for item in statements.items] == ["s-4242"]


async def test_i_shows_the_brief_itself_with_summary_and_sources(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        about = app.screen
        assert isinstance(about, DetailScreen) and about.selected_item_id is None
        text = screen_text(app)
        assert "Brief: Talks on a ceasefire in Ruritania" in text and "a second round is planned" in text
        rows = about.query_one(DetailList)
        assert [row.target for row in rows.items if row.target] == ["afp", "gazette"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.item_id == "afp"
        assert "B usually reliable" in screen_text(app)


async def test_theme_variables_colour_the_panes_and_follow_a_theme_switch(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        timeline = app.screen.pane("timeline")

        def badge_colour() -> str:
            strips = timeline._render_item(timeline.index_of("first-round"))
            (segment,) = [seg for seg in strips[0] if seg.text == "[✔ CONFIRMED]"]
            return segment.style.color.triplet.hex  # type: ignore[union-attr]

        assert badge_colour() == app.startup.catalogue.themes["briefing-dark"].colours["status-confirmed"]
        app.register_theme(Theme("test-theme", primary="#004488", variables={"status-confirmed": "#123456"}))
        app.theme = "test-theme"
        # The new theme's styles reach the panes over a few of the app's turns: under a loaded
        # machine one pause was not always enough.
        await wait_until(pilot, lambda: badge_colour() == "#123456", "the new theme's badge colour")


async def test_page_keys_walk_the_whole_list(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(synthetic_brief(60), encoding="utf-8")
    app = BriefingApp(path)
    async with app.run_test(size=WIDE) as pilot:
        statements = app.screen.pane("statements")
        await pilot.press("3")
        seen = [statements.cursor]
        while statements.cursor < len(statements.items) - 1 and len(seen) < 400:
            await pilot.press("pagedown")
            seen.append(statements.cursor)
        assert statements.cursor == len(statements.items) - 1
        assert seen == sorted(seen) and 5 < len(seen) < 60  # a page is several items, never a jump to the end
        while statements.cursor > 0 and len(seen) < 800:
            await pilot.press("pageup")
            seen.append(statements.cursor)
        assert statements.cursor == 0 and statements.scroll_y == 0


async def test_long_summary_scrolls_with_the_wheel_and_collapses(brief_path: Path) -> None:
    long = "".join(f"  Paragraph {number} of a long summary.\n\n" for number in range(30))
    text = brief_path.read_text(encoding="utf-8")
    start = text.index("summary: |\n") + len("summary: |\n")
    brief_path.write_text(text[:start] + long + text[text.index("sources:") :], encoding="utf-8")
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        summary = app.screen.query_one("#summary")
        assert summary.size.height <= 7 and summary.max_scroll_y > 0
        for _ in range(3):
            summary.post_message(events.MouseScrollDown(summary, 5, 2, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert summary.scroll_y > 0
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.summary_collapsed and summary.size.height == 1
        assert "▸ Summary (s expands" in screen_text(app)
