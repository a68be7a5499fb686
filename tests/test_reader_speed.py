"""What keeps the reader fast (issue 7), tested as behaviour, never as time: a search keystroke lays
out nothing and repaints the panes in the frame that shows the typed letter; narrowing a search
within its last matches finds what a fresh search finds; a 10,000-statement brief opens without
estimating every item, and jump and paging still land where they should."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from app_editing_support import noting_the_first_frame
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.app import BriefingApp
from briefing.loader import load
from briefing.screens.brief import BriefScreen
from briefing.search import SearchIndex
from briefing.widgets import panes
from briefing.widgets.chrome import BriefHeader, SearchBar
from briefing.widgets.itemlist import ItemList
from briefing.widgets.panes import BriefPane

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import generate

pytestmark = pytest.mark.anyio

TALKS = Path(__file__).parent / "data" / "app" / "talks.yaml"
WIDE = (120, 40)


def screen_text(app: BriefingApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def record_frames(screen: BriefScreen) -> tuple[list[set[str]], list[int]]:
    """Wrap the screen's frame and layout steps (Textual internals, in this test only): the names
    of the widget types each frame repainted, and one entry per screen layout."""
    frames: list[set[str]] = []
    layouts: list[int] = []
    draw, lay_out = screen._compositor_refresh, screen._refresh_layout

    def drawn() -> None:
        frames.append({type(widget).__name__ for widget in screen._dirty_widgets})
        draw()

    def laid_out(*args: Any, **kwargs: Any) -> None:
        layouts.append(1)
        lay_out(*args, **kwargs)

    screen._compositor_refresh = drawn  # type: ignore[method-assign]
    screen._refresh_layout = laid_out  # type: ignore[method-assign]
    return frames, layouts


async def test_a_search_keystroke_lays_out_nothing_and_repaints_the_panes_with_the_field(
    brief_path: Path,
) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        header = screen.query_one(BriefHeader)
        height = header.size.height
        assert "/ search" in screen_text(app)  # the status line is there before any search
        await pilot.press("slash")
        await pilot.pause()
        screen.query_one(SearchBar).cursor_blink = False  # a blink repaints the field alone
        await pilot.pause()
        frames, layouts = record_frames(screen)
        for letter in "geneva":
            await pilot.press(letter)
            await pilot.pause()
        assert screen.search_query == "geneva"
        assert [pane.id for pane in screen.query(BriefPane) if pane.items] == ["timeline", "statements"]
        assert "search “geneva”: " in screen_text(app)
        assert header.size.height == height
        assert layouts == []
        assert frames and not [frame for frame in frames if "SearchBar" in frame and not frame & PANES]


PANES = {"TimelinePane", "ActorsPane", "StatementsPane", "QuestionsPane"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet='aeiounrstlgvAÉé -"', max_size=6), min_size=1, max_size=8))
def test_a_search_narrowed_within_the_last_matches_finds_what_a_fresh_one_finds(queries: list[str]) -> None:
    loaded = load(TALKS).loaded
    assert loaded is not None
    index = loaded.index
    typed = SearchIndex(index)
    for query in queries:
        for end in range(len(query) + 1):  # typed letter by letter, then the next query
            found, fresh = typed.find(query[:end]), SearchIndex(index).find(query[:end])
            assert found == fresh
            if found is not None:  # each kind in its pane's order, as the pane shows it unfiltered
                ids = found.ids
                assert list(found.events) == [item for item in index.timeline if item.id in ids]
                assert list(found.statements) == [item for item in index.statements_by_date if item.id in ids]
                assert list(found.questions) == [item for item in index.questions_in_order if item.id in ids]
                assert list(found.actors) == [item for item in index.brief.actors if item.id in ids]


def test_matches_carried_to_a_reloaded_brief_are_its_own_items() -> None:
    first, second = load(TALKS).loaded, load(TALKS).loaded
    assert first is not None and second is not None
    found = SearchIndex(first.index).find("oumierov")
    assert found is not None
    carried = found.within(second.index)
    assert (
        carried.ids
        == found.ids
        == {"oumierov", "oumierov-hope", "oumierov-leak", "first-round", "second-round"}
    )
    assert all(item is second.index.by_id[item.id] for items in carried.lists() for item in items)


async def test_ten_thousand_statements_open_without_estimating_every_item_and_jump_and_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    estimates: list[int] = []
    estimate = ItemList._estimate

    def counting(self: ItemList, item: Any, width: int) -> int:
        estimates.append(1)
        return estimate(self, item, width)

    monkeypatch.setattr(ItemList, "_estimate", counting)
    app = BriefingApp(generate(10_000, tmp_path))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        statements = screen.pane("statements")
        assert len(statements.items) == 10_000
        assert len(estimates) < 20 * ItemList.SAMPLE  # a few samples per pane, not 12,000 estimates
        target = statements.items[7_777]
        screen.jump_to(target.id)
        await pilot.pause()
        assert statements.highlighted is target and statements.has_focus
        top, view = int(statements.scroll_y), statements.scrollable_content_region.height
        start, end = statements._offsets[7_777], statements._offsets[7_778] - statements.SPACING
        assert top <= start and end <= top + view  # wholly in the pane
        assert statements.render_line(start - top).text.startswith("› ")  # the cursor mark, drawn
        for _ in range(3):
            before = statements.cursor
            await pilot.press("pagedown")
            await pilot.pause()
            assert statements.cursor > before
        await pilot.press("G")
        await pilot.pause()
        assert statements.highlighted is statements.items[-1]
        bottom = statements.scrollable_content_region.height + int(statements.scroll_y)
        assert bottom == statements.virtual_size.height  # scrolled to the true end


async def test_answers_are_plain_text_in_the_first_frame_and_markdown_after_it(
    brief_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Markdown parser (and its imports) must not delay the first frame: an answer in view
    shows as its plain text first, and as Markdown once the first frame is written."""
    parsed_when = noting_the_first_frame(monkeypatch, panes, "markdown")
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert parsed_when and all(parsed_when)  # parsed, and only after the first frame
        text = screen_text(app)
        assert "On 25 November, according to the mediator's office." in text  # bold, no asterisks
        assert "**" not in text
