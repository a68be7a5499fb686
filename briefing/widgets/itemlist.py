"""One virtualised list for every pane that can grow: no widget per item, only visible lines drawn.

Stock list widgets cost 0.2–7 ms per item (issue 7); this `ScrollView` draws lines with
`render_line`. An item may span several lines. No work is done per item of the list: an item not
drawn yet counts as the typical height of a small sample of the items (estimated from their text
lengths), and its height becomes exact when it is first drawn, so opening, filtering or resizing a
10,000-item list costs a few list operations done in C, and each frame only the items it shows.
Rendered items are kept in an LRU cache keyed by (item, width, theme, layout state, search query).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from itertools import accumulate, repeat
from math import ceil
from typing import Any, ClassVar, NamedTuple, TypeVar

import msgspec
from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

GUTTER = 2
"""Columns left of every item, marks readable without colour: the cursor (›) or a linked item (•),
then an item with quality warnings (!). A brief's panes have one more between them: an item new
(+) or changed (~) since the brief was last read (`ItemList.GUTTER_WIDTH`)."""


Lines = list[list[Segment]]
"""An item's lines, each a list of segments padded to the content width."""


class _PassStyles(NamedTuple):
    """The styles a drawing pass uses: the pane's own (base), and its component classes over it."""

    base: Style
    cursor: Style
    marked_row: Style
    marked: Style
    """The gutter mark of a linked item."""
    match: Style
    """A search match (partial: added to the text's own style)."""
    warned: Style
    """The gutter mark of an item with warnings."""
    changed: Style
    """The gutter mark of an item new or changed since last read."""


class _Drawn(NamedTuple):
    """An item drawn without highlights, and which of its lines search may highlight."""

    lines: Lines
    searched: list[bool]


class Unsearched(msgspec.Struct, frozen=True):
    """A part of an item that search never highlights (an answer in Markdown): drawn once per
    width and theme and kept apart, not drawn again with every query typed."""

    key: Hashable
    """Identifies what is drawn (e.g. the Markdown source)."""
    make: Callable[[], RenderableType]


class _ItemMessage(Message):
    """Something happened to `item` in the list `pane`. A plain class, not a dataclass: a
    dataclass costs ~0.3 ms to create, and this module is imported before the first frame."""

    def __init__(self, pane: ItemList, item: Any) -> None:
        super().__init__()
        self.pane = pane
        self.item = item

    @property
    def control(self) -> ItemList:
        return self.pane


class ItemHighlighted(_ItemMessage):
    """The cursor moved to `item` (None when the list is empty)."""

    def can_replace(self, message: Message) -> bool:
        """Only the latest position matters: a held-down key queues one message per pane, not hundreds."""
        return isinstance(message, ItemHighlighted) and message.pane is self.pane


class ItemSelected(_ItemMessage):
    """`item` was chosen with a click or `space`: the screen narrows the other panes to it."""


class ItemOpened(_ItemMessage):
    """`enter` (or a double click) on `item`: the screen shows its details."""


class ItemList(ScrollView, can_focus=True):
    """A scrollable list of items of any height, drawn line by line; subclasses say how an item looks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False, id="list.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="list.down"),
        Binding("g,home", "first", "Top", show=False, id="list.top"),
        Binding("G,end", "last", "Bottom", show=False, id="list.bottom"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list.page-down"),
        Binding("enter", "open", "Details", id="list.open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-list--cursor",
        "item-list--marked",
        "item-list--marked-row",
        "item-list--match",
        "item-list--dim",
        "item-list--warned",
        "item-list--changed",
    }
    SPACING: ClassVar[int] = 1
    """Blank lines after each item."""
    GUTTER_WIDTH: ClassVar[int] = GUTTER
    """Columns left of every item: 3 in a brief's panes, which mark items new or changed."""
    CACHE_SIZE: ClassVar[int] = 512
    SAMPLE: ClassVar[int] = 48
    """Items whose estimated heights give the typical height of the items not drawn yet."""
    EMPTY: ClassVar[str] = "Nothing here."

    cursor: reactive[int] = reactive(-1, always_update=True, repaint=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._items: Sequence[Any] = ()
        self._keys: tuple[Hashable, ...] = ()
        self._heights: list[int] = []
        self._offsets: tuple[int, ...] = (0,)
        """Where each item starts: a tuple, which the collector stops walking once it has seen it
        hold only numbers (a list of 10,000 made at every search keystroke was walked at each
        collection)."""
        self._width = 0
        """The content width heights were measured at; 0 until the pane has been laid out."""
        self._cache: OrderedDict[tuple[Hashable, ...], _Drawn] = OrderedDict()
        """Rendered items: their lines as segments, made into one `Strip` per line drawn (a `Strip`
        costs a dozen caches to build: one per line drawn, not three)."""
        self._highlighted: OrderedDict[tuple[Hashable, ...], Lines] = OrderedDict()
        """Rendered items' lines with a search query's matches highlighted."""
        self._layout_state = 0
        """Bumped when items may look different or change height (quote mode, a reloaded brief)."""
        self._exact: dict[Hashable, int] = {}
        """Exact heights of the items drawn so far, by key, at `_heights_for` (width, layout state):
        a search that filters the list again looks them up, never measures again."""
        self._heights_for: tuple[int, int] = (0, 0)
        self._unsearched: OrderedDict[tuple[Hashable, ...], list[list[Segment]]] = OrderedDict()
        self._colours: dict[tuple[str, str], Style] = {}
        self.query_text = ""
        self.marked: set[Hashable] = set()
        self.warned: set[Hashable] = set()
        self.changed: dict[Hashable, str] = {}
        self._line_styles = _PassStyles(*(Style(),) * 7)
        """The styles of the current drawing pass."""
        self._styles_for: tuple[Hashable, ...] = ()
        """What `_line_styles` were looked up for (`_look_up_styles`)."""
        self._drawn: dict[int, Strip] = {}
        """The line shown on each row of the pane, as last drawn: a change repaints only the rows
        that now differ (`_repaint`)."""
        self._fresh: dict[int, Strip] = {}
        """Rows drawn to compare with `_drawn` (`_repaint_changed`), for the next pass to show
        as they are, unless the pane changes before it."""
        self._drawing = False
        self._prepared = False
        self._repaint_due = False

    # --- what subclasses provide -------------------------------------------------------------

    def item_key(self, item: Any) -> Hashable:
        """A stable identity for an item (its brief id), used to keep the cursor across updates."""
        return item.id

    def selectable(self, item: Any) -> bool:
        """Whether the cursor may rest on `item` (group headings say no)."""
        return True

    def renderables(self, item: Any, width: int) -> Sequence[RenderableType | Unsearched]:
        """What one item shows, top to bottom (Text objects, Markdown): never markup strings."""
        raise NotImplementedError

    def spacing(self, item: Any) -> int:
        """Blank lines after an item."""
        return self.SPACING

    def text_lengths(self, item: Any) -> Sequence[int]:
        """Cell lengths of an item's paragraphs, for a cheap height estimate before it is drawn."""
        return (1,)

    def item_keys(self, items: Sequence[Any]) -> tuple[Hashable, ...]:
        """`item_key` of every item; subclasses whose key is an attribute do it without a Python call
        per item (a search keystroke over 10,000 statements). A tuple, like `_offsets`."""
        return tuple(map(self.item_key, items))

    # --- items and state ---------------------------------------------------------------------

    @property
    def items(self) -> Sequence[Any]:
        return self._items

    @property
    def highlighted(self) -> Any | None:
        """The item under the cursor, or None."""
        return self._items[self.cursor] if 0 <= self.cursor < len(self._items) else None

    def set_items(self, items: Sequence[Any]) -> None:
        """Show `items`, keeping the cursor on the same item when it is still there."""
        current = self.highlighted
        keys = self.item_keys(items)
        self._items = items
        if keys != self._keys:  # the same items again (a search that left this pane alone): no new heights
            self._keys = keys
            self._reset_heights()
        position = self.index_of(self.item_key(current)) if current is not None else -1
        if position < 0:
            position = self._next_selectable(0, 1)
        self.cursor = position
        self.scroll_to_cursor(animate=False)
        self._repaint()

    def index_of(self, key: Hashable) -> int:
        """Where the item with this key is in the list, or -1 (a scan done in C, no index to keep up
        to date on every keystroke)."""
        try:
            return self._keys.index(key)
        except ValueError:
            return -1

    def move_to(self, key: Hashable) -> bool:
        """Put the cursor on the item with this key; False when it is not in the list."""
        position = self.index_of(key)
        if position < 0:
            return False
        self.cursor = position
        self.scroll_to_cursor(animate=False)
        return True

    def restyle(self) -> None:
        """Draw and measure every item again: they may look different now (quote mode, a reloaded
        brief with the same ids)."""
        self._layout_state += 1
        self._reset_heights()
        self._repaint()

    def set_query(self, query: str) -> None:
        """Highlight matches of `query` in every item (part of the render cache key: going back to
        an earlier query finds its lines drawn; highlights never change heights)."""
        if query != self.query_text:
            self.query_text = query
            self._repaint()

    def set_marked(self, keys: set[Hashable]) -> None:
        """Mark linked items in the gutter (•)."""
        if keys != self.marked:
            self.marked = keys
            self._repaint()

    def set_warned(self, keys: set[Hashable]) -> None:
        """Mark items with quality warnings in the gutter (!)."""
        if keys != self.warned:
            self.warned = keys
            self._repaint()

    def set_changed(self, marks: dict[Hashable, str]) -> None:
        """Mark items new (+) or changed (~) since last read, by key, in the gutter (its middle
        column: only a list `GUTTER_WIDTH` 3 wide shows them)."""
        if marks != self.changed:
            self.changed = marks
            self._repaint()

    # --- geometry ----------------------------------------------------------------------------

    @property
    def _content_width(self) -> int:
        """Columns an item may use; 0 or less before the first layout (nothing is measured then)."""
        return self.scrollable_content_region.width - self.GUTTER_WIDTH

    def _estimate(self, item: Any, width: int) -> int:
        lines = self.spacing(item)
        for length in self.text_lengths(item):
            lines += -(-length // width) or 1
        return lines

    def _typical_height(self, width: int) -> int:
        """The height an item not drawn yet counts as: the mean of a sample spread over the list
        (exact where drawn, else estimated), so the scrollbar is about right from the start."""
        items, keys, exact = self._items, self._keys, self._exact
        sample = range(0, len(items), max(1, -(-len(items) // self.SAMPLE)))
        total = sum(exact.get(keys[at]) or self._estimate(items[at], width) for at in sample)
        return max(1, round(total / len(sample))) if sample else 1

    def _reset_heights(self) -> None:
        """Heights of every item at the current width: exact ones from earlier, the rest typical.

        Before the pane has a width every item counts one line: measuring then would wrap items
        at one column into hundreds of lines, only to throw them away at the first layout."""
        width = self._content_width
        if width <= 0:
            self._width = 0
            self._heights = [1] * len(self._items)
            self._update_offsets()
            return
        self._width = width
        if self._heights_for != (width, self._layout_state):
            self._exact = {}
            self._heights_for = (width, self._layout_state)
        self._heights = list(map(self._exact.get, self._keys, repeat(self._typical_height(width))))
        self._update_offsets()

    def _update_offsets(self) -> None:
        self._offsets = tuple(accumulate(self._heights, initial=0))
        size = Size(self.scrollable_content_region.width, self._offsets[-1])
        if size == self.virtual_size:
            return
        height = self.styles.height
        if not self.is_mounted or height is None or height.is_auto:
            self.virtual_size = size  # the pane's own height follows its content: lay out again
            return
        # A pane of fixed height needs no new layout of the screen when only its content grew or
        # shrank (every search keystroke): update the scrollbar and repaint. A scrollbar that
        # appears or goes (`overflow-y: auto`) still lays out again, through its own reactive.
        self.set_reactive(ItemList.virtual_size, size)
        bar = self.vertical_scrollbar if self.show_vertical_scrollbar else None
        if bar is not None and self.scroll_y <= self.max_scroll_y and _draws_the_same(bar, size.height):
            # Most keystrokes change the content's height by a little: the thumb stays where it
            # is, to the eighth of a cell (or the track stays empty), so the bar is not drawn again.
            bar.set_reactive(ScrollBar.window_virtual_size, size.height)
        else:
            self._scroll_update(size)
        self._repaint()

    def _item_at_line(self, line: int) -> int:
        """The position of the item drawn at virtual line `line` (the last one past the end)."""
        return min(bisect_right(self._offsets, line) - 1, len(self._items) - 1)

    def _make_exact(self, position: int) -> bool:
        """Draw the item at `position` so its height is exact; True when its height changed."""
        key = self._keys[position]
        if key in self._exact:
            return False
        height = self._exact[key] = len(self._draw_item(position).lines)
        if height == self._heights[position]:
            return False
        self._heights[position] = height
        return True

    def _measure(self, position: int, step: int, lines: int) -> None:
        """Make exact the heights of the items from `position` on, forward (`step` 1) or backward
        (-1), until they cover `lines` lines: what the next frame draws, so nothing there moves,
        is cut or padded once it is drawn."""
        if self._width <= 0:
            return
        changed = False
        while lines > 0 and 0 <= position < len(self._items):
            changed = self._make_exact(position) or changed
            lines -= self._heights[position]
            position += step
        if changed:
            self._update_offsets()

    def on_resize(self, event: events.Resize) -> None:
        """Keep the cursor's item in view at the new size: a shorter pane, items wrapped anew at a
        new width, or a pane shown again after it was hidden (tabs below 100 columns) would
        otherwise leave it scrolled off. A drawing pass may have measured the new width first."""
        self._fresh.clear()
        if self._content_width != self._width:
            self._reset_heights()
        self.scroll_to_cursor(animate=False, whole=False)

    # --- drawing -----------------------------------------------------------------------------

    def _render_item(self, position: int) -> Lines:
        """The lines of the item at `position`, each padded to the content width, with the
        matches of the search query highlighted."""
        drawn = self._draw_item(position)
        query = self.query_text
        if not query.strip():
            return drawn.lines
        key = (self._keys[position], self._width, self.app.theme, self._layout_state, query)
        lines = self._highlighted.get(key)
        if lines is None:
            # Imported at the first search: the first frame highlights nothing (issue 14).
            from briefing.search import find_spans

            if not self._styles_for:  # drawn outside a pass (tests): no styles looked up yet
                self._look_up_styles()
            style = self._line_styles.match
            lines = [
                _stylize(line, find_spans("".join(segment.text for segment in line), query), style)
                if searched
                else line
                for line, searched in zip(drawn.lines, drawn.searched, strict=True)
            ]
        _remember(self._highlighted, key, lines, self.CACHE_SIZE)
        return lines

    def _draw_item(self, position: int) -> _Drawn:
        """The item at `position` as drawn without highlights: once per width, theme and look,
        whatever is typed in the search field (a keystroke only highlights lines again)."""
        key = (self._keys[position], self._width, self.app.theme, self._layout_state)
        drawn = self._cache.get(key)
        if drawn is not None:
            self._cache.move_to_end(key)
            return drawn
        lines: Lines = []
        searched: list[bool] = []
        for part in self.renderables(self._items[position], self._width):
            part_lines = self._unsearched_lines(part) if isinstance(part, Unsearched) else self._lines(part)
            lines += part_lines
            searched += [not isinstance(part, Unsearched)] * len(part_lines)
        spacing = self.spacing(self._items[position])
        lines += [[Segment(" " * self._width)] for _ in range(spacing)]
        searched += [False] * spacing
        drawn = _Drawn(lines, searched)
        _remember(self._cache, key, drawn, self.CACHE_SIZE)
        return drawn

    def _lines(self, renderable: RenderableType) -> list[list[Segment]]:
        """`renderable` as lines of the content width. A `Text` of one line that fits (most lines:
        quote blocks come wrapped) is drawn as it is, without Rich's wrapping pass."""
        console, width = self.app.console, self._width
        if isinstance(renderable, Text) and renderable.cell_len <= width:
            plain = renderable.plain
            if "\n" not in plain and "\t" not in plain:
                if renderable.spans:
                    segments = list(renderable.render(console))
                else:  # `Text.render` drops the text's own style when it has no spans
                    segments = [Segment(plain, console.get_style(renderable.style, default=Style.null()))]
                return [Segment.adjust_line_length(segments, width)]
        return console.render_lines(renderable, console.options.update_width(width), pad=True)

    def _unsearched_lines(self, part: Unsearched) -> list[list[Segment]]:
        key = (part.key, self._width, self.app.theme, self._layout_state)
        lines = self._unsearched.get(key)
        if lines is None:
            lines = self._lines(part.make())
        _remember(self._unsearched, key, lines, self.CACHE_SIZE)
        return lines

    def _repaint(self) -> None:
        """Repaint the rows that changed, once the current message is handled (the pane may be
        handed items, query, marks and cursor in one go). A search keystroke changes every pane's
        state, and often leaves most of their rows as they were."""
        self._fresh.clear()
        if not self._repaint_due:
            self._repaint_due = True
            self.call_next(self._repaint_changed)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if round(old) != round(new):
            self._drawn.clear()  # every row moved and is repainted: nothing to compare
            self._fresh.clear()
            self._settle_top(int(new))

    def _settle_top(self, top: int) -> None:
        """An item that scrolls in from above (the wheel after a jump or `G`) was counted at the
        typical height: measure it, and shift the scroll by the difference so the rows below it
        stay where they were, instead of jumping by it."""
        if not self._items or self._width <= 0:
            return
        first = self._item_at_line(top)
        if top == self._offsets[first] or self._keys[first] in self._exact:
            return
        before = self._heights[first]
        self._measure(first, 1, 1)
        shift = self._heights[first] - before
        if shift:
            self.scroll_target_y += shift
            self.scroll_y = top + shift

    def _repaint_changed(self) -> None:
        self._repaint_due = False
        region = self.scrollable_content_region
        if not self.is_mounted or not region or any(y not in self._drawn for y in range(region.height)):
            self.refresh()
            return
        self._prepare_pass()
        drawn, width = self._drawn, region.width
        fresh = {y: self._line(y) for y in range(region.height)}
        changed = [Region(0, y, width, 1) for y, strip in fresh.items() if strip != drawn[y]]
        if changed:
            self.refresh(*changed)
            self._fresh = fresh

    def _prepare_pass(self) -> None:
        """Make the visible items' heights exact before drawing, so nothing is cut or padded, and
        look the line styles up (once per pass, not per line)."""
        if self._items:
            if self._width != max(self._content_width, 0):
                self._reset_heights()
            top = int(self.scroll_y)
            first = self._item_at_line(top)
            # Through the line just below the pane too: a scroll by one line then moves nothing.
            self._measure(first, 1, top - self._offsets[first] + self.scrollable_content_region.height + 1)
        self._look_up_styles()

    def _look_up_styles(self) -> None:
        """The pass's styles. The component classes' styles are looked up again only when the
        pane's own style, theme, focus or classes changed: Textual forgets them at every refresh
        (every search keystroke), and each lookup walks the pane's ancestors."""
        base = self.rich_style
        key = (base, self.app.theme, self.has_focus, self.classes)
        if key != self._styles_for:
            self._styles_for = key
            self._line_styles = _PassStyles(
                base,
                base + self.get_component_rich_style("item-list--cursor"),
                base + self.get_component_rich_style("item-list--marked-row"),
                self.get_component_rich_style("item-list--marked"),
                self.get_component_rich_style("item-list--match", partial=True),
                # Partial: only their colour and weight, so a cursor row's background shows through.
                self.get_component_rich_style("item-list--warned", partial=True),
                self.get_component_rich_style("item-list--changed", partial=True),
            )

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the rows Textual asks for, noting what each row shows. Textual asks for every
        widget under a changed part of the screen and draws only its changed rows (often none):
        the pass is prepared at the first row drawn."""
        self._drawing = True
        self._prepared = False
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = False

    def render_line(self, y: int) -> Strip:
        if not self._drawing:
            return self._line(y)
        if not self._prepared:
            looked_up_for = self._styles_for
            self._prepare_pass()
            self._prepared = True
            if self._styles_for != looked_up_for:  # a theme, focus or style change since
                self._fresh.clear()
        strip = self._fresh.pop(y, None)
        if strip is None:
            strip = self._line(y)
        self._drawn[y] = strip
        return strip

    def _line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base, cursor_style, marked_row, marked, _, warned, changed = self._line_styles
        if not self._items or self._width <= 0:
            if y == 0 and not self._items:
                return Strip([Segment(self.EMPTY, base + Style(italic=True))]).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        line = int(self.scroll_y) + y
        if line >= self._offsets[-1]:
            return Strip.blank(width, base)
        position = self._item_at_line(line)
        lines = self._render_item(position)
        row = line - self._offsets[position]
        segments = lines[row] if row < len(lines) else [Segment(" " * self._width)]
        if position == self.cursor:
            mark = "›" if row == 0 else "▏"
            style = gutter_style = cursor_style
        else:
            is_marked = self._keys[position] in self.marked
            mark = ("•" if row == 0 else " ") if is_marked else " "
            style = marked_row if is_marked else base
            gutter_style = style + marked
        key = self._keys[position]
        change = self.changed.get(key) if row == 0 and self.GUTTER_WIDTH > GUTTER else None
        flag = row == 0 and key in self.warned
        if change is None and not flag:
            gutter = [Segment(mark.ljust(self.GUTTER_WIDTH), gutter_style)]
        else:
            gutter = [Segment(mark, gutter_style)]
            if self.GUTTER_WIDTH > GUTTER:
                gutter.append(
                    Segment(change, gutter_style + changed) if change else Segment(" ", gutter_style)
                )
            gutter.append(Segment("!", gutter_style + warned) if flag else Segment(" ", gutter_style))
        # Panes never scroll sideways: the gutter and the item's line fill the width exactly.
        return Strip([*gutter, *Segment.apply_style(segments, style)], self.GUTTER_WIDTH + self._width)

    def colour(self, variable: str) -> Style:
        """A theme variable (e.g. `status-confirmed`) as a Rich style: its colour plus the theme's
        text style for it (`$status-confirmed-style`), which carries the meaning without colour."""
        key = (self.app.theme, variable)
        style = self._colours.get(key)
        if style is None:  # looked up once per theme: items of a new query are drawn on every keystroke
            # From the theme itself, not `app.theme_variables`: Textual fills those only when it
            # refreshes the CSS, a turn after `app.theme` changes, and a row drawn in between
            # would keep the old theme's colour under the new theme's key.
            variables = self.app.current_theme.variables
            defaults = self.app.get_theme_variable_defaults()
            value = variables.get(variable) or defaults[variable]
            words = variables.get(f"{variable}-style") or defaults.get(f"{variable}-style", "none")
            style = self._colours[key] = Style(color=Color.parse(value).rich_color) + Style.parse(words)
        return style

    # --- cursor and keys ---------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._repaint()
        self.post_message(ItemHighlighted(self, self.highlighted))

    def _next_selectable(self, start: int, step: int) -> int:
        position = start
        while 0 <= position < len(self._items):
            if self.selectable(self._items[position]):
                return position
            position += step
        return -1

    def scroll_to_cursor(self, animate: bool = True, *, whole: bool = True) -> None:
        """Scroll so the whole cursor item is visible (its top, when it is taller than the pane).

        With `whole` False an item taller than the pane that already shows in part stays where it
        is: paging through it must not jump back to its top."""
        if not 0 <= self.cursor < len(self._items) or self._width <= 0:
            return  # laid out later: `on_resize` scrolls to it then
        view = self.scrollable_content_region.height
        cursor = self.cursor
        self._measure(cursor, 1, view)
        top, height = self._offsets[cursor], self._heights[cursor]
        y = self.scroll_y
        shows = top < y + view and top + height - self.spacing(self._items[cursor]) > y
        if height > view and not whole and shows:
            return
        if top < y or height > view:
            y = top
        elif top + height > y + view:
            self._measure(cursor - 1, -1, view - height)
            y = self._offsets[cursor] + height - view
        else:
            return
        self.scroll_to(y=y, animate=animate, immediate=not animate)

    def action_move(self, step: int) -> None:
        """Move the cursor to the next selectable item up or down."""
        if not self._items:
            return
        position = self._next_selectable(self.cursor + step, step)
        if position >= 0:
            self.cursor = position
            self.scroll_to_cursor(animate=False)

    def action_first(self) -> None:
        position = self._next_selectable(0, 1)
        if position >= 0:
            self.cursor = position
            self.scroll_to(y=0, animate=False, immediate=True)

    def action_last(self) -> None:
        position = self._next_selectable(len(self._items) - 1, -1)
        if position >= 0:
            self.cursor = position
            self.scroll_to_cursor(animate=False)

    def action_page(self, direction: int) -> None:
        """Scroll a screenful and put the cursor on the first item at the new top (the last or first
        item once the end is reached). An item taller than the pane is paged through, not jumped
        back to its top, so every press moves on."""
        if not self._items or self._width <= 0:
            return
        view = self.scrollable_content_region.height
        top = int(self.scroll_y)
        anchor = self._item_at_line(top)
        within = top - self._offsets[anchor]
        if direction > 0:
            self._measure(anchor, 1, within + 2 * view)
        else:
            self._measure(anchor - 1, -1, view)
        top = self._offsets[anchor] + within  # exact heights above may have moved the anchor
        target = max(0, min(top + direction * view, int(self.max_scroll_y)))
        self.scroll_to(y=target, animate=False, immediate=True)
        if direction > 0 and target >= int(self.max_scroll_y):
            position = self._next_selectable(len(self._items) - 1, -1)
        elif direction < 0 and target <= 0:
            position = self._next_selectable(0, 1)
        else:
            position = self._item_at_line(target)
            if target >= self._offsets[position + 1] - self.spacing(self._items[position]):
                position += 1  # only its blank lines after it show: the next item is the first
            position = self._next_selectable(position, 1)
        if position >= 0:
            self.cursor = position
            self.scroll_to_cursor(animate=False, whole=False)

    def action_open(self) -> None:
        if self.highlighted is not None:
            self.post_message(ItemOpened(self, self.highlighted))

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(ItemSelected(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        """A click selects the item under the pointer; a double click opens it."""
        offset = event.get_content_offset(self)
        if offset is None or not self._items:
            return
        line = int(self.scroll_y) + offset.y
        if line >= self._offsets[-1]:
            return
        position = self._item_at_line(line)
        if not self.selectable(self._items[position]):
            return
        self.cursor = position
        item = self._items[position]
        self.post_message(ItemOpened(self, item) if event.chain >= 2 else ItemSelected(self, item))


def _draws_the_same(bar: ScrollBar, content_height: int) -> bool:
    """Whether `bar` would look the same for content `content_height` lines high as it does now:
    drawn by its own renderer both ways, as `ScrollBar.render` would; False when it must be
    updated anyway (it comes or goes with `overflow-y: auto`, or its renderer is not Textual's)."""
    render_bar = getattr(bar.renderer, "render_bar", None)
    parent = bar.parent
    if render_bar is None or not isinstance(parent, ItemList):
        return False
    if parent.styles.overflow_y != "scroll" and content_height <= parent.scrollable_content_region.height:
        return False

    def drawn(virtual_size: int) -> list[Segment]:
        window = bar.window_size if bar.window_size < virtual_size else 0
        return list(
            render_bar(
                size=bar.size.height,
                virtual_size=ceil(virtual_size),
                window_size=ceil(window),
                position=bar.position,
                thickness=bar.thickness,
                vertical=True,
            ).segments
        )

    return drawn(bar.window_virtual_size) == drawn(content_height)


def _stylize(line: list[Segment], spans: list[tuple[int, int]], style: Style) -> list[Segment]:
    """`line` with `style` added over the characters in `spans` (sorted character ranges)."""
    if not spans:
        return line
    out: list[Segment] = []
    start = 0
    index = 0
    for segment in line:
        text, base = segment.text, segment.style
        end = start + len(text)
        cursor = start
        while cursor < end:
            while index < len(spans) and spans[index][1] <= cursor:
                index += 1
            if index < len(spans) and spans[index][0] <= cursor:
                stop, piece_style = min(end, spans[index][1]), (base + style if base else style)
            else:
                stop, piece_style = (min(end, spans[index][0]) if index < len(spans) else end), base
            out.append(Segment(text[cursor - start : stop - start], piece_style))
            cursor = stop
        start = end
    return out


_Value = TypeVar("_Value")


def _remember(cache: OrderedDict[Hashable, _Value], key: Hashable, value: _Value, size: int) -> None:
    """Put `value` in an LRU `cache` of `size` entries (most recently used last)."""
    cache[key] = value
    cache.move_to_end(key)
    if len(cache) > size:
        cache.popitem(last=False)
