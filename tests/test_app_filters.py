"""The reader's filter (`f`, the palette, esc) and the counts and narrowing it combines with."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from briefing.app import BriefingApp
from briefing.filters import Filter
from briefing.screens.brief import BriefScreen
from briefing.screens.filter_menu import FilterMenu
from briefing.widgets.panes import Heading

pytestmark = pytest.mark.anyio
WIDE = (120, 40)


def screen_text(app: BriefingApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def ids(pane) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.id for item in pane.items if not isinstance(item, Heading)]


def headings(pane) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.label for item in pane.items if isinstance(item, Heading)]


async def test_f_opens_the_menu_space_ticks_enter_applies(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        await pilot.press("f")
        menu = app.screen
        assert isinstance(menu, FilterMenu)
        text = screen_text(app)
        assert "Event status" in text and "[ ] unverified  1" in text and "[ ] disputed  1" in text
        assert "[ ] credibility 4 (doubtful)  1" in text and "[ ] via Agence France-Presse  2" in text
        # reported, confirmed, denied, disputed: the cursor starts on the first value.
        await pilot.press("down", "down", "down", "space", "down", "space")
        assert "[x] disputed" in screen_text(app) and "[x] unverified" in screen_text(app)
        await pilot.press("enter")
        assert app.screen is screen
        assert screen.filter == Filter(statuses=frozenset({"disputed", "unverified"}))
        assert ids(screen.pane("timeline")) == ["leak", "second-round"]
        assert len(ids(screen.pane("statements"))) == 4  # a status narrows events only
        text = screen_text(app)
        assert "filtered: disputed, unverified · esc clears" in text
        assert "1 Timeline 2/4" in text
        # The menu opens on the filter in force; esc there leaves it as it was.
        await pilot.press("f")
        assert "[x] disputed" in screen_text(app)
        await pilot.press("space", "escape")
        assert app.screen is screen and screen.filter.statuses == {"disputed", "unverified"}
        # esc on the panes clears the filter.
        await pilot.press("escape")
        assert not screen.filter.active and len(ids(screen.pane("timeline"))) == 4
        assert "filtered" not in screen_text(app)


async def test_a_click_ticks_and_c_clears_everything_in_the_menu(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        screen.filter = Filter(kinds=frozenset({"quote"}), tags=frozenset({"x"}))
        await pilot.press("f")
        options = app.screen.query_one(OptionList)
        await pilot.click(OptionList, offset=(4, 1))  # the second line: `reported`
        assert app.screen.chosen.statuses == {"reported"}
        assert options.get_option_at_index(0).disabled  # a facet's title
        await pilot.press("c", "enter")
        assert screen.filter == Filter()


async def test_a_filter_combines_with_actor_narrowing_and_search(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        screen.filter = Filter(kinds=frozenset({"quote"}), sources=frozenset({"gazette"}))
        await pilot.pause()
        assert ids(screen.pane("statements")) == ["oumierov-leak"]
        assert ids(screen.pane("timeline")) == ["leak", "walkout"]  # events citing the Gazette
        screen.narrow_actor = "plekszy"
        await pilot.pause()
        assert ids(screen.pane("statements")) == []
        screen.narrow_actor = "oumierov"
        await pilot.press("slash", *"document")
        assert ids(screen.pane("statements")) == ["oumierov-leak"]
        text = screen_text(app)
        assert "filtered: quote, via Geneva Gazette · narrowed to Rustem Oumierov" in text
        assert "3 Statements 1/4" in text
        # esc: the search, then the narrowing, then the filter.
        await pilot.press("escape")
        assert screen.search_query == "" and screen.narrow_actor == "oumierov" and screen.filter.active
        await pilot.press("escape")
        assert screen.narrow_actor is None and screen.filter.active
        await pilot.press("escape")
        assert not screen.filter.active


async def test_a_tag_filter_narrows_actors_and_the_palette_ticks_a_value(tmp_path: Path) -> None:
    brief = tmp_path / "tagged.yaml"
    brief.write_text(
        "briefing: 1\ntitle: T\nas_of: 2025-01-01\n"
        "actors:\n  - {id: a, name: Ann, tags: [gaza]}\n  - {id: b, name: Bob}\n"
        "events:\n  - {id: e, date: 2025-01-01, title: E, status: unverified}\n"
        "  - {id: f, date: 2025-01-02, title: F}\n",
        encoding="utf-8",
    )
    app = BriefingApp(brief)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        screen.toggle_filter("tags", "gaza")
        await pilot.pause()
        assert ids(screen.pane("actors")) == ["a"] and ids(screen.pane("timeline")) == []
        assert "filtered: #gaza" in screen_text(app)
        await pilot.press("escape", "ctrl+p")
        await pilot.press(*"unverified")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.filter == Filter(statuses=frozenset({"unverified"}))
        assert ids(screen.pane("timeline")) == ["e"]


async def test_narrowing_to_an_event_narrows_questions_and_headings_count_what_shows(
    brief_path: Path,
) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert headings(screen.pane("questions")) == ["Open (1)", "Answered (1)", "Moot (1)"]
        screen.narrow_event = "leak"
        await pilot.pause()
        assert ids(screen.pane("questions")) == ["draft-author"]
        assert headings(screen.pane("questions")) == ["Open (1)"]
        assert "4 Questions 1/3" in screen_text(app)
        screen.narrow_event = None
        screen.narrow_actor = "plekszy"
        await pilot.pause()
        assert headings(screen.pane("questions")) == ["Moot (1)"]
        screen.filter = Filter(questions=frozenset({"open", "answered"}))
        await pilot.pause()
        assert ids(screen.pane("questions")) == []


async def test_jumping_to_an_item_the_filter_hides_clears_the_filter(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        screen.filter = Filter(statuses=frozenset({"confirmed"}))
        await pilot.pause()
        screen.jump_to("walkout")
        await pilot.pause()
        assert not screen.filter.active and screen.pane("timeline").highlighted.id == "walkout"
