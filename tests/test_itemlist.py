"""The virtualised list: paging through items taller than the pane, no measuring before the first
layout, exact heights for what is drawn, no re-estimating when a search filters the list again."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from briefing.app import BriefingApp
from briefing.widgets.itemlist import GUTTER, ItemList, _stylize
from briefing.widgets.panes import StatementsPane

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import generate

pytestmark = pytest.mark.anyio

VIEW = 10
"""Lines the test list shows: the app is this high and the list has no border."""


@dataclass(frozen=True)
class Row:
    id: str
    lines: int
    heading: bool = False


class Rows(ItemList):
    """Items of known heights whose every line names itself (`r3 2/40`), with an estimate that is
    always wrong (one line), so only measured heights can place them right."""

    SPACING = 1

    def __init__(self) -> None:
        super().__init__(id="rows")
        self.widths: list[int] = []
        self.estimates = 0

    def selectable(self, item: Row) -> bool:
        return not item.heading

    def renderables(self, item: Row, width: int) -> list[RenderableType]:
        self.widths.append(width)
        return [Text(f"{item.id} {line}/{item.lines}") for line in range(1, item.lines + 1)]

    def text_lengths(self, item: Row) -> Sequence[int]:
        self.estimates += 1
        return (1,)


class RowsApp(App[None]):
    CSS = "Rows { height: 1fr; border: none; padding: 0; & > .item-list--match { background: yellow; } }"

    def __init__(self, rows: list[Row]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Rows()

    def on_mount(self) -> None:
        self.query_one(Rows).set_items(self.rows)  # before the first layout, as the reader does


def tall_rows() -> list[Row]:
    """Short items, items several panes tall (the last one too), and a heading that is skipped."""
    heights = [3, 40, 2, 25, 1, 1, 12, 7, 33, 4, 2, 18]
    rows = [Row(f"r{number}", lines) for number, lines in enumerate(heights)]
    rows.insert(5, Row("h", 1, heading=True))
    return rows


def shown(rows: Rows) -> list[str]:
    """The list's visible lines as plain text, without the gutter."""
    return [rows.render_line(y).text[GUTTER:].rstrip() for y in range(rows.scrollable_content_region.height)]


def true_lines(items: list[Row], spacing: int) -> list[str]:
    """Every line of the list in order, as the items really are."""
    out: list[str] = []
    for item in items:
        out += [f"{item.id} {line}/{item.lines}" for line in range(1, item.lines + 1)] + [""] * spacing
    return out


def assert_drawn_exactly(rows: Rows) -> None:
    """What shows is an unbroken stretch of the real lines: no item cut short, padded or overlapping,
    and the cursor item is on screen."""
    lines = shown(rows)
    every = true_lines(rows.items, rows.SPACING)
    first = next(line for line in lines if line)
    start = every.index(first) - lines.index(first)
    assert lines == every[start : start + len(lines)]
    cursor = rows.highlighted
    assert cursor is not None
    assert any(line.startswith(f"{cursor.id} ") for line in lines)
    top = int(rows.scroll_y)
    for position in range(rows._item_at_line(top), rows._item_at_line(top + VIEW - 1) + 1):
        assert rows._heights[position] == rows.items[position].lines + rows.SPACING


async def page_to_the_end(pilot: Pilot[None], rows: Rows, key: str, direction: int) -> set[Row]:
    """Press `key` until the cursor rests on the list's end item at that end of the scroll, within
    a bound; every press must scroll on, keep what shows exact and the cursor on screen."""
    end = rows.items[-1] if direction > 0 else rows.items[0]
    bound = sum(item.lines + 1 for item in rows.items) // VIEW + len(rows.items) + 2
    seen: set[Row] = set()
    for _ in range(bound):
        before = rows.scroll_y
        await pilot.press(key)
        await pilot.pause()
        assert_drawn_exactly(rows)
        seen.add(rows.highlighted)
        if rows.highlighted == end and rows.scroll_y in (0, rows.max_scroll_y):
            return seen
        assert (rows.scroll_y - before) * direction > 0
    raise AssertionError(f"{key} did not reach the end in {bound} presses")


async def test_page_down_walks_through_tall_items_to_the_end_and_back() -> None:
    items = tall_rows()
    app = RowsApp(items)
    async with app.run_test(size=(40, VIEW)) as pilot:
        await pilot.pause()
        rows = app.query_one(Rows)
        assert rows.highlighted == items[0]
        assert_drawn_exactly(rows)
        seen = await page_to_the_end(pilot, rows, "pagedown", 1)
        assert items[1] in seen and items[3] in seen  # tall items are paged through, not skipped
        assert not any(item.heading for item in seen)
        await page_to_the_end(pilot, rows, "pageup", -1)
        assert rows.scroll_y == 0


async def test_last_first_and_moves_onto_tall_items_show_them() -> None:
    items = tall_rows()
    app = RowsApp(items)
    async with app.run_test(size=(40, VIEW)) as pilot:
        await pilot.pause()
        rows = app.query_one(Rows)
        await pilot.press("G")
        await pilot.pause()
        assert rows.highlighted == items[-1]
        assert_drawn_exactly(rows)
        assert shown(rows)[0] == f"{items[-1].id} 1/{items[-1].lines}"  # taller than the pane: its top
        await pilot.press("k", "k")
        await pilot.pause()
        assert rows.highlighted == items[-3]
        assert_drawn_exactly(rows)
        await pilot.press("g", "j")
        await pilot.pause()
        assert rows.highlighted == items[1]
        assert shown(rows)[0] == f"{items[1].id} 1/{items[1].lines}"
        assert_drawn_exactly(rows)
        await pilot.press("j", "j", "j", "j")  # over the heading
        await pilot.pause()
        assert rows.highlighted == items[6]
        assert_drawn_exactly(rows)


async def test_nothing_is_measured_before_the_list_has_a_width() -> None:
    app = RowsApp(tall_rows())
    async with app.run_test(size=(40, VIEW)) as pilot:
        await pilot.pause()
        rows = app.query_one(Rows)
        width = rows.scrollable_content_region.width - GUTTER
        assert width > 1 and rows.widths and set(rows.widths) == {width}
        assert rows.estimates == len(rows.items)  # estimated once, at the real width


async def test_a_filtered_list_reuses_heights_and_a_wider_one_remeasures() -> None:
    items = [Row(f"r{number}", 1 + number % 4) for number in range(300)]
    app = RowsApp(items)
    async with app.run_test(size=(40, VIEW)) as pilot:
        await pilot.pause()
        rows = app.query_one(Rows)
        rows.set_items(items[::3])
        await pilot.pause()
        drawn = len(rows.widths)
        rows.set_items(items)
        rows.set_items(items[::3])
        rows.set_items(items)
        await pilot.pause()
        assert len(rows.widths) == drawn  # what showed was drawn (and measured) once
        assert_drawn_exactly(rows)
        await pilot.resize_terminal(60, VIEW)
        await pilot.pause()
        assert rows.widths[-1] == rows.scrollable_content_region.width - GUTTER > 40
        assert_drawn_exactly(rows)


async def test_a_long_list_estimates_a_sample_and_pages_to_its_true_end() -> None:
    """Opening or filtering a long list estimates a bounded sample, never every item; the items
    not drawn count as typical, and paging through all of them ends with every height exact."""
    items = [Row(f"r{number}", 1 + number * 7 % 5) for number in range(150)]
    app = RowsApp(items)
    async with app.run_test(size=(40, VIEW)) as pilot:
        await pilot.pause()
        rows = app.query_one(Rows)
        assert 0 < rows.estimates <= Rows.SAMPLE
        before = rows.estimates
        rows.set_items(items[::2])
        rows.set_items(items)
        assert rows.estimates - before <= 2 * Rows.SAMPLE
        await page_to_the_end(pilot, rows, "pagedown", 1)
        assert rows.virtual_size.height == len(true_lines(items, rows.SPACING))


async def test_reader_never_renders_an_item_at_one_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real reader on a generated brief: every item drawn is drawn at its pane's width."""
    widths: list[int] = []
    render = ItemList._render_item

    def recording(self: ItemList, position: int) -> Any:
        widths.append(self._width)
        return render(self, position)

    monkeypatch.setattr(ItemList, "_render_item", recording)
    app = BriefingApp(generate(1_000, tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(StatementsPane)
        pane.focus()
        for _ in range(5):
            await pilot.press("pagedown")
        await pilot.pause()
        assert pane.cursor > 0
    assert widths and min(widths) > 1


async def test_scrolling_up_into_items_not_drawn_yet_moves_one_line_at_a_time() -> None:
    """After `G`, the items above were never drawn and count at the typical height; the wheel
    going up measures each as it comes in and keeps the rows below in place: every step up moves
    what shows down by exactly one line, never by the error of an estimate."""
    items = [Row(f"r{number}", 1 + number * 7 % 9) for number in range(120)]
    app = RowsApp(items)
    async with app.run_test(size=(40, VIEW)) as pilot:
        await pilot.pause()
        rows = app.query_one(Rows)
        await pilot.press("G")
        await pilot.pause()
        before = shown(rows)
        for _ in range(60):
            rows.scroll_to(y=rows.scroll_y - 1, animate=False)
            await pilot.pause()
            now = shown(rows)
            assert now[1:] == before[:-1]
            assert_drawn_exactly_from(rows, now)
            before = now


def assert_drawn_exactly_from(rows: Rows, lines: list[str]) -> None:
    """`lines` are an unbroken stretch of the list's real lines."""
    every = true_lines(rows.items, rows.SPACING)
    first = next(line for line in lines if line)
    start = every.index(first) - lines.index(first)
    assert lines == every[start : start + len(lines)]


async def test_a_new_query_highlights_the_drawn_lines_without_drawing_items_again() -> None:
    items = [Row(f"r{number}", 2) for number in range(30)]
    app = RowsApp(items)
    async with app.run_test(size=(40, VIEW)) as pilot:
        await pilot.pause()
        rows = app.query_one(Rows)
        drawn = len(rows.widths)
        match = rows.get_component_rich_style("item-list--match", partial=True)
        for query in ("r1", '"R1 2"', "1/"):
            rows.set_query(query)
            await pilot.pause()
            lines = rows._render_item(rows.index_of("r1"))
            marked = [
                "".join(seg.text for seg in line if seg.style and seg.style.bgcolor == match.bgcolor)
                for line in lines
            ]
            assert marked[:2] == {"r1": ["r1", "r1"], '"R1 2"': ["", "r1 2"], "1/": ["1/", ""]}[query]
        assert len(rows.widths) == drawn  # highlighting never drew an item again


def test_stylize_splits_segments_at_match_edges_and_keeps_their_styles() -> None:
    bold, match = Style(bold=True), Style(bgcolor="yellow")
    line = [Segment("Aalt", bold), Segment("ová said", None)]
    out = _stylize(line, [(2, 6), (11, 12)], match)
    assert [segment.text for segment in out] == ["Aa", "lt", "ov", "á sai", "d"]
    assert [segment.style for segment in out] == [bold, bold + match, match, None, match]


class RowsAndField(RowsApp):
    CSS = RowsApp.CSS + (
        "Rows { & > .item-list--cursor { background: blue; }"
        " &:focus > .item-list--cursor { background: red; } }"
    )

    def compose(self) -> ComposeResult:
        yield Rows()
        yield Input(id="field")


async def test_what_shows_is_drawn_afresh_after_a_change_and_a_focus_change_before_the_frame() -> None:
    app = RowsAndField([Row(f"r{number}", 2) for number in range(30)])
    async with app.run_test(size=(40, VIEW + 3)) as pilot:
        rows = app.query_one(Rows)
        rows.focus()
        await pilot.pause()
        rows.set_query("r1")
        rows.action_move(1)
        rows._repaint_changed()  # the rows compared (and kept) with the pane focused …
        app.query_one("#field", Input).focus()  # … which it no longer is when the frame is drawn
        await pilot.pause()
        width = rows.scrollable_content_region.width
        shown = [strip.crop(0, width) for strip in app.screen._compositor.render_strips()[: rows.size.height]]
        rows._prepare_pass()
        afresh = [rows._line(y) for y in range(rows.size.height)]
        assert [strip.text for strip in shown] == [strip.text for strip in afresh]
        cursor_row = afresh[rows._offsets[rows.cursor] - int(rows.scroll_y)]
        assert cursor_row._segments[0].style.bgcolor.name == "#0000ff"
        for row, (seen, drawn) in enumerate(zip(shown, afresh, strict=True)):
            assert [seg.style.bgcolor for seg in seen if seg.text.strip()] == [
                seg.style.bgcolor for seg in drawn if seg.text.strip()
            ], row


async def test_the_scrollbar_shows_the_content_height_after_every_change_of_the_list() -> None:
    many = [Row(f"r{number}", 2) for number in range(300)]
    app = RowsApp(many)
    async with app.run_test(size=(40, VIEW)) as pilot:
        await pilot.pause()
        rows = app.query_one(Rows)
        bar = rows.vertical_scrollbar
        # Slightly shorter (the thumb stays put), much shorter, longer, and fitting in the pane.
        for items in (many[:-1], many[:-2], many[:40], many[:250], many[:2], many):
            rows.set_items(items)
            await pilot.pause()
            if rows.virtual_size.height <= VIEW:
                assert not rows.show_vertical_scrollbar  # it goes (`overflow-y: auto`)
                continue
            assert bar.window_virtual_size == rows.virtual_size.height
            shown = [strip.crop(39, 40) for strip in app.screen._compositor.render_strips()]
            afresh = app.console.render_lines(bar.render(), app.console.options.update_dimensions(1, VIEW))
            assert [thumb(strip) for strip in shown] == [thumb(line) for line in afresh], len(items)


def thumb(line: Iterable[Segment]) -> list[tuple[str, bool]]:
    """A scrollbar row as its glyphs and whether each is drawn reversed (the thumb)."""
    return [(segment.text, bool(segment.style and segment.style.reverse)) for segment in line]


async def test_a_shorter_list_keeps_the_cursor_in_view() -> None:
    """Only the height changes (a terminal made shorter): the cursor near the bottom stays shown."""
    items = [Row(f"r{number}", 2) for number in range(60)]
    app = RowsApp(items)
    async with app.run_test(size=(40, 3 * VIEW)) as pilot:
        await pilot.pause()
        rows = app.query_one(Rows)
        rows.focus()
        rows.move_to("r30")
        for _ in range(8):
            await pilot.press("down")
        await pilot.pause()
        await pilot.resize_terminal(40, VIEW)
        await pilot.pause()
        assert rows.highlighted == items[38]
        assert_drawn_exactly(rows)


def cursor_shows(pane: ItemList) -> bool:
    """Whether the cursor mark (›, the first line of the highlighted item) is on screen in `pane`."""
    return any(pane.render_line(y).text.startswith("›") for y in range(pane.scrollable_content_region.height))


async def test_every_pane_keeps_its_cursor_in_view_across_resizes(tmp_path: Path) -> None:
    """Issue 14: 120×40 to 80×24 (one pane at a time, as tabs) scrolled the selection off screen,
    in the pane shown and in each pane shown later; and back to 120×40, all four at once."""
    app = BriefingApp(generate(1_000, tmp_path))
    panes = ("timeline", "actors", "statements", "questions")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        for number in "1234":
            await pilot.press(number, *["pagedown"] * 6, "down")
        await pilot.pause()
        chosen = {name: screen.pane(name).highlighted for name in panes}
        assert all(screen.pane(name).cursor > 6 and cursor_shows(screen.pane(name)) for name in panes)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        for number, name in reversed(list(enumerate(panes, start=1))):
            await pilot.press(str(number))
            await pilot.pause()
            pane = screen.pane(name)
            assert pane.highlighted is chosen[name] and cursor_shows(pane), name
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert [name for name in panes if not cursor_shows(screen.pane(name))] == []
        assert all(screen.pane(name).highlighted is chosen[name] for name in panes)
