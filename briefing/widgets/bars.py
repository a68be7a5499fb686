"""One-line bars of clickable segments: the key bar (footer) and the pane tabs.

Each bar is a single widget that renders one line of text, not a container of a widget per key or
tab: Textual's `Footer` mounts, styles and lays out a widget for every binding, and recomposes all
of them whenever focus moves — about a fifth of the reader's time to first frame (issue 7). The
segments are drawn from component classes, so themes colour them through `.tcss` as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, NamedTuple

from textual import events
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.style import Style as VisualStyle
from textual.widget import Widget


class Segment(NamedTuple):
    """One clickable part of a bar: what it shows and what it stands for."""

    key: str
    """What the segment stands for (a key to press, a pane's name)."""
    label: str
    detail: str = ""
    tooltip: str = ""
    enabled: bool = True
    priority: int = 1
    """When the line is too narrow, segments of lower priority give way first (the last first)."""


class SegmentBar(Widget):
    """A line of segments that highlight under the pointer and report clicks.

    Subclasses say which segments there are (`parts`), which one is current (`active`) and
    what a click does (`clicked`)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"bar--label", "bar--detail", "bar--hover", "bar--active"}
    SEPARATOR = " "
    """Drawn between two segments."""
    RULE = "▏"
    """Drawn before the pinned segments."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: list[tuple[int, int, Segment]] = []
        self._hover: str | None = None

    def parts(self) -> tuple[list[Segment], list[Segment]]:
        """The segments, and those pinned at the right end after a rule."""
        raise NotImplementedError

    def active(self, segment: Segment) -> bool:
        """Whether `segment` is drawn as the current one."""
        return False

    def clicked(self, segment: Segment) -> None:
        raise NotImplementedError

    def fitted(self, segments: list[Segment], width: int) -> list[Segment]:
        """Those of `segments` that fit in `width` cells, in their order."""
        shown = list(segments)
        while len(shown) > 1 and self._width(shown) > width:
            lowest = min(segment.priority for segment in shown)
            del shown[max(i for i, segment in enumerate(shown) if segment.priority == lowest)]
        return shown

    def _width(self, segments: Iterable[Segment]) -> int:
        widths = [self._text(segment).cell_length for segment in segments]
        return sum(widths) + len(self.SEPARATOR) * max(len(widths) - 1, 0)

    def _text(self, segment: Segment, styles: tuple[VisualStyle, VisualStyle] | None = None) -> Content:
        label, detail = styles or (VisualStyle(), VisualStyle())
        if not segment.detail:
            return Content.assemble((segment.label, label))
        return Content.assemble((segment.label, label), (" " + segment.detail, detail))

    def render(self) -> Content:
        """One line of `Content` (Textual's own text, no Rich console on the way to the screen)."""
        label, detail, hover, current = (
            # From the Rich style: Textual's `get_visual_style` drops `reverse`.
            VisualStyle.from_rich_style(self.get_component_rich_style(name))
            for name in ("bar--label", "bar--detail", "bar--hover", "bar--active")
        )
        width = self.size.width
        segments, pinned = self.parts()
        room = width - (self._width(pinned) + len(self.RULE) + 1 if pinned else 0)
        parts: list[Content] = []
        cells = 0
        self._spans = []
        for group in (self.fitted(segments, room), pinned):
            if group is pinned and pinned:
                gap = max(width - cells - self._width(pinned) - len(self.RULE) - 1, 0)
                parts.append(Content(" " * gap) + Content.styled(self.RULE, detail))
                cells += gap + len(self.RULE)
            for index, segment in enumerate(group):
                if index:
                    parts.append(Content(self.SEPARATOR))
                    cells += len(self.SEPARATOR)
                text = self._text(segment, (label, detail))
                if not segment.enabled:
                    text = text.stylize(VisualStyle(dim=True))
                if self.active(segment):
                    text = text.stylize(current)
                if segment.key == self._hover:
                    text = text.stylize(hover)
                parts.append(text)
                self._spans.append((cells, cells + text.cell_length, segment))
                cells += text.cell_length
        return Content("").join(parts)

    def segment_at(self, x: int) -> Segment | None:
        return next((segment for start, end, segment in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        segment = self.segment_at(event.x)
        hover = segment.key if segment else None
        if hover != self._hover:
            self._hover = hover
            self.tooltip = segment.tooltip or None if segment else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        segment = self.segment_at(event.x)
        if segment is not None:
            event.stop()
            self.clicked(segment)


class KeyBar(SegmentBar, can_focus=False):
    """The footer: the keys shown for what has focus, each clickable. On a narrow screen the less
    used ones (`optional`, by action) give way first and the app's own (quit, help, which lists
    every key) last."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
        .bar--label { color: $footer-key-foreground; text-style: bold; }
        .bar--detail { color: $footer-description-foreground; }
        .bar--hover { background: $block-hover-background; }
    }
    """
    SEPARATOR = "  "

    def __init__(self, *, optional: Iterable[str] = (), id: str | None = None) -> None:
        super().__init__(id=id)
        self._optional = frozenset(optional)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def parts(self) -> tuple[list[Segment], list[Segment]]:
        """The keys shown for what has focus, and the command palette's key pinned at the right
        end (as in Textual's footer). `active_bindings` walks the focus chain: once per frame."""
        bindings = self.screen.active_bindings
        seen: set[str] = set()
        shown = []
        for node, binding, enabled, tooltip in bindings.values():
            if binding.show and binding.action not in seen and binding.key != self._palette_key:
                seen.add(binding.action)
                priority = 0 if binding.action in self._optional else 2 if node is self.app else 1
                key = self.app.get_key_display(binding)
                shown.append(Segment(binding.key, key, binding.description, tooltip or "", enabled, priority))
        active = bindings.get(self._palette_key or "")
        if active is None:
            return shown, []
        _node, binding, enabled, tooltip = active
        key = self.app.get_key_display(binding)
        palette = Segment(binding.key, key, binding.description, tooltip or binding.description, enabled)
        return shown, [palette]

    @property
    def _palette_key(self) -> str | None:
        return self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else None

    def clicked(self, segment: Segment) -> None:
        if segment.enabled:
            self.app.simulate_key(segment.key)
        else:
            self.app.bell()


class PaneTabs(SegmentBar, can_focus=False):
    """The panes' names on a small terminal, where one pane shows at a time; clicking one (like
    its number key) shows it."""

    class Clicked(Message):
        def __init__(self, pane: str) -> None:
            super().__init__()
            self.pane = pane

    SEPARATOR = "  "

    def __init__(self, panes: dict[str, str], active: str | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._panes = panes
        self._active = next(iter(panes), "") if active is None else active

    def show(self, pane: str) -> None:
        if pane != self._active:
            self._active = pane
            self.refresh()

    def parts(self) -> tuple[list[Segment], list[Segment]]:
        tabs = [Segment(pane, title, tooltip=f"Show the {pane} pane") for pane, title in self._panes.items()]
        return tabs, []

    def active(self, segment: Segment) -> bool:
        return segment.key == self._active

    def clicked(self, segment: Segment) -> None:
        self.post_message(self.Clicked(segment.key))
