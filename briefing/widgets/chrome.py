"""The small widgets around the panes: header, summary, error panel, search bar.

Each shows brief text only as `Text` built from `clean()`/`clean_line()`; `Static` would parse a
plain string as markup.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from functools import partial
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Input, Static

from briefing.describe import count_parts, numbers_parts, warning_count
from briefing.errors import BriefError
from briefing.loader import LoadedBrief
from briefing.text import clean, clean_line
from briefing.widgets.itemlist import ItemList
from briefing.widgets.panes import markdown


class Parts:
    """Parts joined by ` · ` and wrapped between parts only, at whatever width it is drawn: a
    line never starts or ends with a stray `·` (a part wider than the line wraps on its own)."""

    SEPARATOR = " · "

    def __init__(self, parts: Sequence[str], style: str) -> None:
        self.parts = tuple(parts)
        self.style = style

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Parts) and (self.parts, self.style) == (other.parts, other.style)

    def __hash__(self) -> int:
        return hash((self.parts, self.style))

    def lines(self, width: int) -> list[Text]:
        lines: list[str] = []
        for part in self.parts:
            joined = f"{lines[-1]}{self.SEPARATOR}{part}" if lines else part
            if lines and cell_len(joined) <= width:
                lines[-1] = joined
            else:
                lines.append(part)
        return [Text(line, style=self.style) for line in lines]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)


class BriefHeader(Static):
    """Title, as-of date, language, tags and counts, plus a line saying what the panes show.

    The status line is always there, one line high (cut with … when too long), with the keys to
    start from when nothing is narrowed or searched: a search keystroke never changes the
    header's height, which would lay out the whole screen (issue 7)."""

    HINT = "/ search · space narrows · enter details · ? every key"
    _about: tuple[Text, Parts | Text] = (Text(), Text())
    _status: tuple[str, int, str] | None = None

    def show(
        self, loaded: LoadedBrief | None, fallback_title: str, status: str, warnings: int = 0, since: str = ""
    ) -> None:
        """`warnings`: how many quality warnings the brief has; `since`: what changed since it was
        last read (`3 new, 2 changed since 19 Nov 14:30`). Both are said first on the status line,
        which is always one line: they come after the first frame and never move the panes."""
        if loaded is None:
            about: tuple[Text, Parts | Text] = (
                Text(clean_line(fallback_title), style="bold"),
                Text("No brief to show.", style="italic"),
            )
        else:
            brief = loaded.brief
            parts = [f"as of {brief.as_of.display()}", f"language {brief.language}"]
            if brief.tags:
                parts.append("tags " + ", ".join(clean_line(tag) for tag in brief.tags))
            if loaded.head is None:
                parts += count_parts(brief)
            else:  # only the head of the brief: its counts are the whole brief's
                head = loaded.head
                parts += numbers_parts(
                    head.actors, head.events, head.statements, head.questions.get("open", 0)
                )
            about = (Text(clean_line(brief.title), style="bold"), Parts(parts, style="dim"))
        if about == self._about and (status, warnings, since) == self._status:
            return  # most search keystrokes change no count: no repaint
        # A layout of the whole screen only when the title or counts wrap to another height.
        layout = about != self._about and self._height(about) != self._height(self._about)
        self._about, self._status = about, (status, warnings, since)
        style = "italic" if status else "italic dim"
        line = Text(status or self.HINT, style=style, overflow="ellipsis", no_wrap=True)
        if since:
            line = Text.assemble((f"{clean_line(since)} (u)", "bold"), " · ", line)
        if warnings:
            line = Text.assemble((f"{warning_count(warnings)} (w)", "bold"), " · ", line)
        line.overflow, line.no_wrap = "ellipsis", True
        self.update(Group(*about, line), layout=layout)

    def _height(self, about: tuple[Text, Parts | Text]) -> int:
        width = self.content_region.width
        if width <= 0:
            return -1
        lines = about[1].lines(width) if isinstance(about[1], Parts) else [about[1]]
        return sum(len(text.wrap(self.app.console, width)) for text in (about[0], *lines))


class SummaryBox(VerticalScroll, can_focus=False):
    """The brief's summary as Markdown, a few lines high (the wheel scrolls it, `i` shows it all);
    collapsed to one line when space is short.

    A summary not rendered yet shows first as plain cleaned text, and as Markdown right after that
    frame: importing and running the Markdown parser would delay the first frame (issue 7)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[str | None, bool] = (None, True)
        self._markdown: tuple[str, RenderableType] | None = None
        """The last summary rendered as Markdown, kept so that `s` and a reload show it at once."""

    class Toggled(Message):
        """The "▾ Summary" / "▸ Summary" heading was clicked: fold or unfold, as `s` does."""

    def compose(self) -> ComposeResult:
        yield Static(id="summary-text")

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self.query_one("#summary-text", Static))
        if self._shown[0] and offset is not None and offset.y == 0:
            event.stop()
            self.post_message(self.Toggled())

    def show(self, summary: str | None, collapsed: bool) -> None:
        self._shown = (summary, collapsed)
        self.set_class(collapsed, "-collapsed")
        text = self.query_one("#summary-text", Static)
        if not summary:
            text.update(Text("No summary.", style="italic dim"))
        elif collapsed:
            text.update(Text.assemble(("▸ Summary", "bold"), (" (s expands, i shows it all)", "italic")))
        elif self._markdown is not None and self._markdown[0] == summary:
            text.update(Group(self._heading(), self._markdown[1]))
        else:
            text.update(Group(self._heading(), Text(clean(summary))))
            # The app's `after_first_frame` (the reader's), else the next refresh.
            schedule = getattr(self.app, "after_first_frame", self.call_after_refresh)
            schedule(partial(self._render_markdown, summary))

    @staticmethod
    def _heading() -> Text:
        return Text.assemble(
            ("▾ Summary", "bold"), (" (s collapses, i shows it all with the sources)", "italic")
        )

    def _render_markdown(self, summary: str) -> None:
        """Replace the plain text with Markdown, unless another summary (or state) came since."""
        if self._shown == (summary, False):
            self._markdown = (summary, markdown(summary))
            self.show(summary, False)


class ErrorPanel(ItemList):
    """Why the brief cannot be shown (or why the file on disk stopped being valid), one error per
    row as `line:col message`; `enter` (or `e`) on a row opens the editor there."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Edit here", tooltip="Open the editor at the error", id="errors.edit")
    ]
    SPACING = 0

    def show(self, errors: list[BriefError]) -> None:
        self.set_class(bool(errors), "-shown")
        self.border_title = f"{len(errors)} error{'s' if len(errors) != 1 else ''} in the brief"
        self.border_subtitle = "enter or e: edit there"
        self.set_items(errors)

    def item_key(self, item: BriefError) -> Hashable:
        return (item.line, item.column, item.message)

    def renderables(self, item: BriefError, width: int) -> list[RenderableType]:
        return [Text.assemble((f"{item.line}:{item.column}", "bold"), " ", clean_line(item.message))]

    def text_lengths(self, item: BriefError) -> Sequence[int]:
        return (len(item.message) + 10,)


class SearchBar(Input):
    """The incremental search field: every keystroke narrows the panes."""

    def __init__(self) -> None:
        super().__init__(placeholder="Search names, quotes, notes… (enter keeps, esc clears)", id="search")

    def _watch_value(self, value: str) -> None:
        """Textual's Input sets its scroll width (`virtual_size`, a layout reactive) to the text's
        width on every keystroke, which lays out the whole screen; the field's own size never
        changes here, so only the scroll width is updated (issue 7: a keystroke within one frame)."""
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
