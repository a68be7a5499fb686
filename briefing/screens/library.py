"""The library screen: every brief below a folder, shelf by shelf, kept up to date as files change.

It is drawn from the head records of `briefing.library` (title, as-of date, counts, errors), never
from whole briefs: files not read before are read after the first frame, in a thread. The folder
tree is watched, so a fixed brief loses its errors and a new file appears without a restart.
`/` searches every brief of the library; a hit opens its brief at the item.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from briefing.describe import item_names
from briefing.index import BriefIndex
from briefing.lastread import LastRead
from briefing.library import ORDERS, Entry, HeadStore, brief_paths, ordered
from briefing.loader import LoadResult, load
from briefing.model import Item, Statement
from briefing.search import SearchIndex
from briefing.text import clean_line
from briefing.widgets.bars import KeyBar
from briefing.widgets.itemlist import ItemList, ItemOpened, ItemSelected


@dataclass(frozen=True)
class Shelf:
    """A subfolder's heading in the list."""

    name: str
    count: int


@dataclass(frozen=True)
class Hit:
    """An item found by a library search: the brief it is in and a line that shows it."""

    path: Path
    brief: str
    item_id: str
    label: str


class LibraryList(ItemList):
    """The briefs under shelf headings: title, as-of date and counts, or ✗ and every error.
    While a search is shown, its hits instead."""

    EMPTY = "No briefs (*.yaml, *.yml) in this folder."
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "open", "Open", id="library.open")]
    CHANGED = "~ changed since read"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.changed_since_read: frozenset[Path] = frozenset()
        """The briefs whose file is not the version last read (`briefing.lastread`)."""

    def item_key(self, item: Entry | Shelf | Hit) -> Hashable:
        if isinstance(item, Shelf):
            return item
        if isinstance(item, Hit):
            return (str(item.path), item.item_id)
        # A new head, or one read since, is drawn anew.
        return (str(item.path), item.head, item.path in self.changed_since_read)

    def selectable(self, item: Entry | Shelf | Hit) -> bool:
        return not isinstance(item, Shelf)

    def renderables(self, item: Entry | Shelf | Hit, width: int) -> list[RenderableType]:
        if isinstance(item, Shelf):
            return [
                Text.assemble(("▸ ", "bold"), (clean_line(item.name), "bold underline"), f"  ({item.count})")
            ]
        if isinstance(item, Hit):
            return [Text(clean_line(item.label)), Text(clean_line(f"in {item.brief}"), style="dim")]
        name = Text(clean_line(item.name), style="dim")
        head = item.head
        if head is None:
            return [Text.assemble(("… ", "dim"), name), Text("reading…", style="dim")]
        if not head.valid:
            mark = Style(color=self.colour("status-denied").color, bold=True)
            count = f"  ({len(head.errors)} errors)" if len(head.errors) > 1 else ""
            lines: list[RenderableType] = [Text.assemble(("✗ INVALID ", mark), name, count)]
            lines += [Text(clean_line(f"{e.line}:{e.column}: {e.message}")) for e in head.errors]
            return lines or [Text.assemble(("✗ INVALID ", mark), name), Text("does not load")]
        title = Text.assemble(("✓ ", "bold"), (clean_line(head.title), "bold"), "  ", name)
        if item.path in self.changed_since_read:
            title.append_text(Text.assemble("  ", (self.CHANGED, "bold")))
        return [title, Text(f"as of {clean_line(head.as_of)} · {head.counts}", style="dim")]

    def text_lengths(self, item: Entry | Shelf | Hit) -> Sequence[int]:
        if isinstance(item, Entry) and item.head is not None and item.head.errors:
            return (80, *(100 for _ in item.head.errors))
        return (80, 100)


class LibraryScreen(Screen[None]):
    """Pick a brief from a folder tree; `enter` or a click opens it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "order", "Order", tooltip="Sort order", id="library.order"),
        Binding("slash", "search", "Search", tooltip="Search all", id="library.search"),
        Binding("escape", "clear", "Back", show=False, id="library.clear"),
    ]

    class Open(Message):
        """Open the brief at `path`, at the item `item_id` if given (the app owns the stack)."""

        def __init__(self, path: Path, item_id: str | None = None) -> None:
            super().__init__()
            self.path = path
            self.item_id = item_id

    def __init__(self, folder: Path, store: HeadStore, paths: list[Path]) -> None:
        """`paths`: the brief files below `folder` (`brief_paths`), listed by the caller."""
        super().__init__()
        self.folder = folder
        self.store = store
        self.entries: list[Entry] = store.entries(paths)
        self.order = ORDERS[0]
        self.hits: list[Hit] | None = None
        self._scanning = False
        self._again = False
        self._searched: dict[Path, tuple[int, SearchIndex, LoadResult]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="library-title")
        yield LibraryList(id="library")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()
        self.query_one(LibraryList).focus()
        self.app.after_first_frame(self._start)  # type: ignore[attr-defined]

    def _start(self) -> None:
        self.rescan()
        self._watch()

    def on_screen_resume(self) -> None:
        """Back from a brief (read now), or shown: which briefs changed since they were read."""
        self.app.after_first_frame(self._compare_read)  # type: ignore[attr-defined]

    def _compare_read(self) -> None:
        store = getattr(self.app, "last_read", None)
        valid = [entry for entry in self.entries if entry.head is not None and entry.head.digest]
        if store is not None and valid:
            self._read_stamps(store, valid)

    @work(thread=True, exclusive=True, group="library-read")
    def _read_stamps(self, store: LastRead, entries: list[Entry]) -> None:
        """The briefs whose file is not the version last read: one small read each (the header of
        its state file), after the writes of a brief just left."""
        store.wait()
        changed = set()
        for entry in entries:
            stamp = store.stamp(entry.path)
            if stamp is not None and entry.head is not None and stamp.digest != entry.head.digest:
                changed.add(entry.path)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._changed_since_read, frozenset(changed))

    def _changed_since_read(self, changed: frozenset[Path]) -> None:
        rows = self.query_one(LibraryList)
        if changed != rows.changed_since_read:
            rows.changed_since_read = changed
            if self.hits is None:
                self._show()

    # --- what the list shows -----------------------------------------------------------------

    @property
    def briefs(self) -> list[Entry]:
        """The entries listed: every file but those known not to be briefs."""
        return [entry for entry in self.entries if entry.head is None or entry.head.brief]

    def _show(self) -> None:
        entries = self.query_one(LibraryList)
        title = self.query_one("#library-title", Static)
        if self.hits is not None:
            found = f"{len(self.hits)} match{'es' if len(self.hits) != 1 else ''}"
            title.update(
                Text.assemble(
                    ("Search: ", "bold"), clean_line(self._query), f" · {found} · esc: back to the library"
                )
            )
            entries.set_items(self.hits)
            entries.set_query(self._query)
            return
        briefs = self.briefs
        invalid = sum(1 for entry in briefs if entry.head is not None and not entry.head.valid)
        skipped = len(self.entries) - len(briefs)
        about = f"{len(briefs)} brief{'s' if len(briefs) != 1 else ''}"
        if invalid:
            about += f", {invalid} invalid"
        if skipped:
            about += f", {skipped} skipped (not briefs: no `briefing:` key)"
        order = "newest first" if self.order == "newest" else "by name"
        title.update(
            Text.assemble(
                ("Briefs in ", "bold"),
                (clean_line(self.folder.name or str(self.folder)), "bold"),
                f" · {about} · {order}",
            )
        )
        items: list[Entry | Shelf] = []
        shelf = ""
        listed = ordered(briefs, self.order)
        for entry in listed:
            if entry.shelf != shelf:
                shelf = entry.shelf
                items.append(Shelf(shelf, sum(1 for other in listed if other.shelf == shelf)))
            items.append(entry)
        entries.set_query("")
        entries.set_items(items)

    def action_order(self) -> None:
        """`o`: newest `as_of` first, or natural name order."""
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        if self.hits is None:
            self._show()

    # --- keeping up with the folder ----------------------------------------------------------

    def rescan(self) -> None:
        """List the folder again and read the files that are new or changed (one scan at a time)."""
        if self._scanning:
            self._again = True
            return
        self._scanning = True
        self._scan()

    @work(thread=True, group="library-scan")
    def _scan(self) -> None:
        worker = get_current_worker()
        entries = self.store.entries(brief_paths(self.folder))
        self.app.call_from_thread(self._update, entries, False)
        for at, entry in enumerate(entries):
            if worker.is_cancelled:
                return
            if entry.head is None:
                entries[at] = self.store.read(entry)
                if at % 50 == 49:
                    self.app.call_from_thread(self._update, list(entries), False)
        self.store.save(entries)
        self.app.call_from_thread(self._update, entries, True)

    def _update(self, entries: list[Entry], done: bool) -> None:
        self.entries = entries
        self._show()
        if done:
            self._compare_read()
            self._scanning = False
            if self._again:
                self._again = False
                self.rescan()

    @work(group="library-watch")
    async def _watch(self) -> None:
        """Rescan after each burst of changes below the folder (the OS tells, nothing polls)."""
        from watchfiles import awatch

        from briefing.watch import DEBOUNCE_MS, STEP_MS

        stop = asyncio.Event()
        try:
            async for _changes in awatch(
                self.folder, debounce=DEBOUNCE_MS, step=STEP_MS, stop_event=stop, recursive=True
            ):
                self.rescan()
        finally:
            stop.set()

    # --- searching every brief ---------------------------------------------------------------

    _query = ""

    async def action_search(self) -> None:
        """`/`: a field under the list; enter searches every valid brief of the library."""
        fields = self.query("#library-search")
        field = (
            fields.first(Input)
            if fields
            else Input(placeholder="Search every brief… (enter)", id="library-search")
        )
        if not fields:
            await self.mount(field, before=self.query_one(KeyBar))
        field.focus()

    @on(Input.Submitted, "#library-search")
    def _submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if not query:
            self.action_clear()
            return
        self._query = query
        valid = [entry for entry in self.briefs if entry.head is not None and entry.head.valid]
        about = f"Searching {len(valid)} brief{'s' if len(valid) != 1 else ''} for “{clean_line(query)}” …"
        self.query_one("#library-title", Static).update(Text(about))  # a large library takes a while
        self._search(query, valid)

    @work(thread=True, exclusive=True, group="library-search")
    def _search(self, query: str, entries: list[Entry]) -> None:
        hits: list[Hit] = []
        for entry in entries:
            found = self._index(entry.path)
            if found is None:
                continue
            search, result = found
            matches = search.find(query)
            if matches is None or result.loaded is None:
                continue
            index = result.loaded.index
            title = clean_line(result.loaded.brief.title)
            for items in matches.lists()[:4]:  # sources have no pane to open them in
                hits += [Hit(entry.path, title, item.id, _label(index, item)) for item in items]
        if not get_current_worker().is_cancelled:  # a newer search replaced this one
            self.app.call_from_thread(self._found, hits)

    def _index(self, path: Path) -> tuple[SearchIndex, LoadResult] | None:
        """The search index of one brief, kept while its file is unchanged."""
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            return None
        known = self._searched.get(path)
        if known is not None and known[0] == stamp:
            return known[1], known[2]
        result = load(path)
        if result.loaded is None:
            return None
        search = SearchIndex(result.loaded.index)
        self._searched[path] = (stamp, search, result)
        return search, result

    def _found(self, hits: list[Hit]) -> None:
        self.hits = hits
        self._show()
        self.query_one(LibraryList).focus()

    def action_clear(self) -> None:
        """esc: leave the search and its field, back to the library."""
        self.hits = None
        self._query = ""
        for field in self.query("#library-search"):
            field.remove()
        self._show()
        self.query_one(LibraryList).focus()

    @on(ItemOpened)
    @on(ItemSelected)
    def _open(self, message: ItemOpened | ItemSelected) -> None:
        item = message.item
        if isinstance(item, Hit):
            self.post_message(self.Open(item.path, item.item_id))
        elif isinstance(item, Entry):
            self.post_message(self.Open(item.path))


def _label(index: BriefIndex, item: Item) -> str:
    """`Event: title`, `Actor: name`, `Statement: name: “quote”`, `Question: text`."""
    kind = type(item).__name__
    if isinstance(item, Statement):
        return f"{kind}: {item_names(index, [item.actor])}: “{item.quote}”"
    return f"{kind}: {item_names(index, [item.id])}"
