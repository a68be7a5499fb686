"""The detail screen: every field of one item and every link from and to it, reachable by keyboard.

Rows are items of an `ItemList`, so an actor cited by 5,000 statements opens as fast as one
cited by five; the cursor rests only on rows that link somewhere, and `enter` follows the link.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from briefing.corroboration import of_item
from briefing.describe import (
    DECLINED,
    attribution,
    copy_text,
    corroboration_label,
    counts,
    credibility_label,
    event_label,
    is_safe_link,
    reliability_label,
    reliability_span,
    status_label,
)
from briefing.gitrev import GitError
from briefing.history import UnknownItem, brief_history, commit_line, item_history, step_lines
from briefing.index import BriefIndex
from briefing.loader import LoadedBrief
from briefing.model import Actor, Brief, Event, Item, Question, Source, Statement
from briefing.text import clean, clean_line
from briefing.widgets.bars import KeyBar
from briefing.widgets.itemlist import ItemList, ItemOpened, ItemSelected
from briefing.widgets.panes import markdown

LABEL_WIDTH = 20
HISTORY_COMMITS = 30
"""The newest commits of the file read for an item's history (each is a version to validate)."""


@dataclass(frozen=True)
class Row:
    """One line of the detail view: a field, or a link to another item (`target`)."""

    id: str
    label: str
    value: str
    target: str | None = None
    is_markdown: bool = False
    url: str | None = None
    """An address `enter` opens in the browser (a source's `url`, when http, https or mailto)."""


Shown = Item | Brief
"""What a detail screen shows: one item, or the brief itself (its summary and sources)."""


def kind_of(item: Shown) -> str:
    """The word for an item's section: actor, event, statement, question, source (or brief)."""
    return type(item).__name__.lower()


def name_of(item: Shown) -> str:
    """How an item is named in a link: its name, title, question or (for statements) its words."""
    if isinstance(item, Statement):
        return (item.quote or DECLINED)[:80]
    if isinstance(item, Event):
        return event_label(item)
    return getattr(item, "name", None) or getattr(item, "title", None) or getattr(item, "question", "")


def _fields(index: BriefIndex, item: Shown) -> Iterator[tuple[str, str | None]]:
    """The plain fields of an item, in the order the format lists them."""
    if isinstance(item, Brief):
        yield from (("Title", item.title), ("As of", item.as_of.display()), ("Language", item.language))
        yield ("Counts", counts(item))
    elif isinstance(item, Actor):
        yield from (("Name", item.name), ("Kind", item.kind), ("Role", item.role), ("Group", item.group))
        yield ("Aliases", ", ".join(item.aliases) or None)
    elif isinstance(item, Event):
        yield from (
            ("Title", item.title),
            ("Date", item.date.display()),
            ("Status", status_label(item.status)),
        )
        yield ("Credibility", credibility_label(item.credibility) if item.credibility else None)
        yield ("Place", item.place)
    elif isinstance(item, Statement):
        yield ("Kind", DECLINED if item.kind == "declined" else item.kind)
        yield ("Said by", attribution(index, item))
        yield from (
            ("Date", item.date.display() if item.date else None),
            ("Language", index.statement_language(item)),
        )
        yield from (("Quote", item.quote), ("Translation", item.translation), ("Context", item.context))
    if (corroboration := of_item(index, item)) is not None:
        yield ("Corroboration", corroboration_label(corroboration))
        yield ("Reliability", reliability_span(corroboration) or None)
    elif isinstance(item, Question):
        yield from (("Question", item.question), ("Status", status_label(item.status)))
    elif isinstance(item, Source):
        yield from (("Name", item.name), ("Kind", item.kind), ("URL", item.url))
        yield ("Reliability", reliability_label(item.reliability) if item.reliability else None)
    yield ("Tags", ", ".join(getattr(item, "tags", ())) or None)


def _links(item: Shown) -> Iterator[tuple[str, str]]:
    """(label, id) of every item this one refers to (for the brief: its sources)."""
    if isinstance(item, Brief):
        yield from (("Source", source.id) for source in item.sources)
        return
    if isinstance(item, Actor) and item.affiliation:
        yield ("Affiliation", item.affiliation)
    if isinstance(item, Statement):
        for label, target in (("Actor", item.actor), ("Event", item.event), ("Source", item.source)):
            if target:
                yield (label, target)
    for label, field in (("Actors", "actors"), ("Events", "events"), ("Sources", "sources")):
        for target in getattr(item, field, ()):
            yield (label, target)


def detail_rows(loaded: LoadedBrief, item_id: str | None, *, open_urls: bool = False) -> list[Row]:
    """Every field of the item (None: the brief), then its links out, then the items that cite it.
    `open_urls`: a source's address is a link too (in a browser, where `open_url` opens a tab; a
    terminal keeps it as text, which the terminal itself can make clickable)."""
    index = loaded.index
    item = shown_item(loaded, item_id)
    rows = [Row(f"field:{label}", label, value) for label, value in _fields(index, item) if value]
    if open_urls and isinstance(item, Source) and item.url and is_safe_link(item.url):
        rows = [replace(row, url=item.url) if row.id == "field:URL" else row for row in rows]
    for label, field in (("Summary", "summary"), ("Notes", "notes"), ("Answer", "answer")):
        if text := getattr(item, field, None):
            rows.append(Row(f"field:{field}", label, text, is_markdown=True))
    line = loaded.lines.get(item_id) if item_id else 1
    rows.append(
        Row("field:where", "In the file", f"{loaded.path.name}, line {line}" if line else loaded.path.name)
    )
    for label, target in _links(item):
        rows.append(_link(index, f"out:{label}:{target}", label, target))
    for other in index.citing(item_id) if item_id else ():
        rows.append(_link(index, f"in:{other.id}", f"Cited by ({kind_of(other)})", other.id))
    return rows


def history_rows(path: Path, item_id: str | None, stop: threading.Event | None = None) -> list[Row]:
    """The item's history from git (`briefing log PATH ITEM-ID` in a few rows): its commits
        among the file's newest `HISTORY_COMMITS`, each with what it changed. None for the brief
        itself, and none, without a word, when the file is not in git or git cannot say (or is stopped
    by `stop`)."""
    if item_id is None:
        return []
    try:
        steps = brief_history(path, limit=HISTORY_COMMITS, stop=stop)
        mine = item_history(steps, item_id)
    except UnknownItem:
        last = f"the last {len(steps)} commits" if len(steps) > 1 else "the last commit"
        return [Row("history:none", "History", f"unchanged in {last} of the file")]
    except (GitError, OSError):
        return []
    rows = []
    for number, step in enumerate(mine):
        rows.append(Row(f"history:{number}", "History" if number == 0 else "", commit_line(step)))
        rows += [
            Row(f"history:{number}:{at}", "", f"  {text}") for at, (_, text) in enumerate(step_lines(step))
        ]
    return rows


def shown_item(loaded: LoadedBrief, item_id: str | None) -> Shown:
    """The item with this id, or the brief itself for None."""
    return loaded.brief if item_id is None else loaded.index.by_id[item_id]


def title_of(item: Shown) -> Text:
    """The detail screen's title line: `Actor: Name`."""
    return Text.assemble((kind_of(item).title() + ": ", "bold"), clean_line(name_of(item)))


def _link(index: BriefIndex, row_id: str, label: str, target: str) -> Row:
    other = index.by_id.get(target)
    shown = f"{kind_of(other)}: {name_of(other)}" if other is not None else target
    if isinstance(other, Source) and other.reliability:
        shown += f" ({reliability_label(other.reliability)})"
    return Row(row_id, label, shown, target)


def copy_statement(app: App[object], index: BriefIndex, statement: Statement, mode: str) -> None:
    """`y` on the reader or a statement's details: the statement as `describe.copy_text` words it,
    cleaned, to the clipboard (OSC 52)."""
    app.copy_to_clipboard(clean(copy_text(index, statement, mode)))
    app.notify("Quote copied to the clipboard.", markup=False)


class DetailList(ItemList):
    """The rows of one item; the cursor stops on links only."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "open", "Follow link", id="detail.follow")]
    SPACING = 0
    EMPTY = "No fields."

    def item_key(self, item: Row) -> Hashable:
        return item.id

    def selectable(self, item: Row) -> bool:
        return item.target is not None or item.url is not None

    def renderables(self, item: Row, width: int) -> list[RenderableType]:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=LABEL_WIDTH, style="bold")
        grid.add_column(ratio=1)
        value: RenderableType
        if item.is_markdown:
            value = markdown(item.value)
        elif item.target or item.url:
            value = Text.assemble(
                ("→ ", self.colour("kind-quote")), (clean_line(item.value), Style(underline=True))
            )
        else:
            value = Text(clean(item.value))
        grid.add_row(Text(item.label), value)
        return [grid]

    def text_lengths(self, item: Row) -> Sequence[int]:
        return (len(item.value) + LABEL_WIDTH,)


class DetailScreen(Screen[None]):
    """All about one item; `enter` follows a link, `backspace`/`esc` go back."""

    CSS_PATH = "detail.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "Back", id="detail.back"),
        Binding("e", "edit", "Edit", id="detail.edit"),
        Binding("y", "copy", "Copy", tooltip="Copy quote or URL", id="detail.copy"),
        Binding("o", "open_url", "Open URL", tooltip="Open the URL", id="detail.open-url"),
    ]

    def __init__(self, loaded: LoadedBrief, item_id: str | None, quote_mode: str = "both") -> None:
        super().__init__()
        self.loaded = loaded
        self.item_id = item_id
        self.quote_mode = quote_mode
        """The reader's `t` mode, which `y` follows here too."""
        self.history: list[Row] = []
        """The rows of the item's history, once read (`_read_history`)."""
        self.history_read = False
        """Whether git has answered (with a history or, out of git, with none)."""
        self._history_stop = threading.Event()
        """Set to stop the git of the history being read: a newer read, or the screen closed."""

    @property
    def url(self) -> str | None:
        """The shown source's URL, if it may be opened (`describe.is_safe_link`)."""
        item = shown_item(self.loaded, self.item_id)
        return item.url if isinstance(item, Source) and item.url and is_safe_link(item.url) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`y` on a statement or a source with a URL; `o` on a source with a URL."""
        if action == "copy":
            return isinstance(shown_item(self.loaded, self.item_id), Statement) or self.url is not None
        if action == "open_url":
            return self.url is not None
        return True

    def action_copy(self) -> None:
        """y: a statement as the reader's `y` copies it; a source's URL."""
        item = shown_item(self.loaded, self.item_id)
        if isinstance(item, Statement):
            copy_statement(self.app, self.loaded.index, item, self.quote_mode)
        elif self.url is not None:
            self.app.copy_to_clipboard(clean(self.url))
            self.app.notify("URL copied to the clipboard.", markup=False)

    def action_open_url(self) -> None:
        """o: the source's URL in the browser (`App.open_url`)."""
        if self.url is not None:
            self.app.open_url(self.url)

    @property
    def selected_item_id(self) -> str | None:
        """The item shown, None for the brief itself (for the editor seam)."""
        return self.item_id

    def compose(self) -> ComposeResult:
        yield Static(title_of(shown_item(self.loaded, self.item_id)), id="detail-title")
        yield DetailList(id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        rows = self.query_one(DetailList)
        rows.set_items(self._rows(self.loaded))
        rows.focus()
        self._start_history(self.loaded.path)

    def show(self, loaded: LoadedBrief) -> None:
        """A reloaded brief: show the item's new fields (the last ones, if it is gone)."""
        if self.item_id is None or self.item_id in loaded.index.by_id:
            self.loaded = loaded
            self.query_one("#detail-title", Static).update(title_of(shown_item(loaded, self.item_id)))
            self.query_one(DetailList).set_items(self._rows(loaded))
            self._start_history(loaded.path)

    def _rows(self, loaded: LoadedBrief) -> list[Row]:
        rows = detail_rows(loaded, self.item_id, open_urls=getattr(self.app, "served", None) is not None)
        return rows + self.history

    class HistoryRead(Message):
        """The item's history, read by `_read_history` in a thread."""

        def __init__(self, rows: list[Row]) -> None:
            super().__init__()
            self.rows = rows

    def _start_history(self, path: Path) -> None:
        """Read the history again, stopping a read still under way (its git with it)."""
        self._history_stop.set()
        self._history_stop = threading.Event()
        self._read_history(path, self._history_stop)

    def on_unmount(self) -> None:
        """Closed (or the reader quitting): a git still reading is stopped, not waited for."""
        self._history_stop.set()

    @work(thread=True, exclusive=True, group="detail-history", exit_on_error=False)
    def _read_history(self, path: Path, stop: threading.Event) -> None:
        """git and a validation of each version take a while: read after the screen is shown, and
        posted (thread-safe, never waiting on a screen that may be closing). A read that fails
        (git's output cut short, a version no rule foresaw) costs the history, not the session."""
        rows = history_rows(path, self.item_id, stop)
        if not get_current_worker().is_cancelled:
            self.post_message(self.HistoryRead(rows))

    @on(HistoryRead)
    def _show_history(self, message: HistoryRead) -> None:
        self.history_read = True
        if message.rows != self.history:
            self.history = message.rows
            self.query_one(DetailList).set_items(self._rows(self.loaded))

    def action_edit(self) -> None:
        """`e`: the editor at the item shown, through the brief screen below (which then reloads)."""
        from briefing.screens.editing import EditingScreen

        stack = self.app.screen_stack
        below = [screen for screen in stack[: stack.index(self)] if isinstance(screen, EditingScreen)]
        if below:
            below[-1].edit_item(self.item_id)

    @on(ItemOpened)
    @on(ItemSelected)
    def _follow(self, message: ItemOpened | ItemSelected) -> None:
        target = message.item.target
        if message.item.url:  # a new tab of the browser this session runs in
            self.app.open_url(message.item.url)
        elif target and target in self.loaded.index.by_id:
            self.app.push_screen(DetailScreen(self.loaded, target, self.quote_mode))

    def action_back(self) -> None:
        self.dismiss()
