"""The library screen: every brief in a folder, with a mark and the first error on invalid ones."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from briefing.describe import counts
from briefing.loader import LoadResult
from briefing.text import clean_line
from briefing.widgets.bars import KeyBar
from briefing.widgets.itemlist import ItemList, ItemOpened, ItemSelected


class LibraryList(ItemList):
    """One entry per brief file: title, as-of date and counts, or ✗ and the first error."""

    EMPTY = "No briefs (*.yaml, *.yml) in this folder."
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "open", "Open", id="library.open")]

    def item_key(self, item: LoadResult) -> Hashable:
        return str(item.path)

    def renderables(self, item: LoadResult, width: int) -> list[RenderableType]:
        name = Text(clean_line(item.path.name), style="dim")
        if item.loaded is None or item.errors:
            error = item.errors[0] if item.errors else None
            first = clean_line(f"{error.line}:{error.column}: {error.message}") if error else "does not load"
            mark = Style(color=self.colour("status-denied").color, bold=True)
            return [Text.assemble(("✗ INVALID ", mark), name), Text(first)]
        brief = item.loaded.brief
        return [
            Text.assemble(("✓ ", "bold"), (clean_line(brief.title), "bold"), "  ", name),
            Text(f"as of {brief.as_of.display()} · {counts(brief)}", style="dim"),
        ]

    def text_lengths(self, item: LoadResult) -> Sequence[int]:
        return (80, 100)


class LibraryScreen(Screen[None]):
    """Pick a brief from a folder; `enter` or a click opens it."""

    class Open(Message):
        """Open the brief at `path` (the app owns the screen stack)."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def __init__(self, folder: Path, results: list[LoadResult]) -> None:
        super().__init__()
        self.folder = folder
        self.results = results

    def compose(self) -> ComposeResult:
        invalid = sum(1 for result in self.results if not result.ok)
        about = f"{len(self.results)} brief{'s' if len(self.results) != 1 else ''}"
        if invalid:
            about += f", {invalid} invalid"
        yield Static(
            Text.assemble(
                ("Briefs in ", "bold"),
                (clean_line(self.folder.name or str(self.folder)), "bold"),
                f" · {about}",
            ),
            id="library-title",
        )
        yield LibraryList(id="library")
        yield KeyBar()

    def on_mount(self) -> None:
        entries = self.query_one(LibraryList)
        entries.set_items(self.results)
        entries.focus()

    @on(ItemOpened)
    @on(ItemSelected)
    def _open(self, message: ItemOpened | ItemSelected) -> None:
        self.post_message(self.Open(message.item.path))
