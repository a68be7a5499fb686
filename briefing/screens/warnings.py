"""The reader's quality warnings (`briefing check`'s, issue 16): computed in a thread after the
first frame and after every reload, counted in the header, marked on items (!) and listed by `w`.

The list hands back what the user chose: `enter` jumps to the warning's item in its pane, `e` opens
the editor at the warning's line. The brief screen owns both.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.console import RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from briefing.describe import actor_names, warning_count
from briefing.index import BriefIndex
from briefing.loader import LoadedBrief, content_digest, read_bytes
from briefing.model import Statement
from briefing.quality import QualityWarning, check
from briefing.text import clean_line
from briefing.widgets.itemlist import ItemList, ItemOpened

HINT = "enter jumps to the item · e edits there · esc closes"


def warnings_of(loaded: LoadedBrief) -> list[QualityWarning] | None:
    """The warnings of the brief shown (run in a thread). The file is read again for its comments
    (`# briefing: ignore[...]`); None when it is no longer the version shown (the reload that
    follows asks again) or cannot be read."""
    data = read_bytes(loaded.path)
    if not isinstance(data, bytes) or content_digest(data) != loaded.digest:
        return None
    return check(loaded, data.decode("utf-8", errors="replace")).warnings


@dataclass(frozen=True)
class Choice:
    """What the list hands back: `jump` to the warning's item, or `edit` at its line."""

    action: Literal["jump", "edit"]
    warning: QualityWarning


def item_label(index: BriefIndex, item_id: str | None) -> str:
    """The item a warning is about, as the details name it: `event: Meeting in Miami`,
    `statement by Dmitry Peskov: Nothing new`."""
    from briefing.screens.detail import kind_of, name_of

    item = index.by_id.get(item_id) if item_id else None
    if isinstance(item, Statement):  # by whom: a declined statement's words are the same for all
        return f"statement by {actor_names(index, [item.actor])}: {name_of(item)}"
    return f"{kind_of(item)}: {name_of(item)}" if item is not None else "the brief"


class WarningList(ItemList):
    """One warning per item: `line:col rule-id · item`, then the message."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Jump", tooltip="Jump to the warning's item", id="warnings.jump")
    ]
    SPACING = 0
    EMPTY = "No warnings."

    def __init__(self, index: BriefIndex, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index = index

    def item_key(self, item: QualityWarning) -> Hashable:
        return (item.line, item.column, item.rule, item.message)

    def renderables(self, item: QualityWarning, width: int) -> list[RenderableType]:
        dim = self.get_component_rich_style("item-list--dim")
        return [
            Text.assemble(
                (f"{item.line}:{item.column} ", "bold"),
                (item.rule, "bold"),
                " · ",
                clean_line(item_label(self.index, item.item)),
            ),
            Padding(Text(clean_line(item.message), style=Style(color=dim.color)), (0, 0, 0, 2)),
        ]

    def text_lengths(self, item: QualityWarning) -> Sequence[int]:
        return (len(item.rule) + 50, len(item.message) + 2)


class WarningsScreen(ModalScreen[Choice | None]):
    """Every warning of the brief; `enter` jumps to its item, `e` edits at its line."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit here", tooltip="Open the editor at the warning", id="warnings.edit"),
        Binding("escape,w", "close", "Close", id="warnings.close"),
    ]

    def __init__(self, index: BriefIndex, warnings: list[QualityWarning]) -> None:
        super().__init__()
        self.index = index
        self.warnings = warnings

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="warnings-box") as box:
            box.border_title = warning_count(len(self.warnings))
            yield WarningList(self.index, id="warning-list")
            yield Static(HINT, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        rows = self.query_one(WarningList)
        rows.set_items(self.warnings)
        rows.focus()

    @on(ItemOpened)
    def _jump(self, message: ItemOpened) -> None:
        self.dismiss(Choice("jump", message.item))

    def action_edit(self) -> None:
        warning = self.query_one(WarningList).highlighted
        if warning is not None:
            self.dismiss(Choice("edit", warning))

    def action_close(self) -> None:
        self.dismiss(None)
