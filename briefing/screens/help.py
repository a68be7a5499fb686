"""The help screen: every key, generated from the bindings themselves so it never drifts."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KeyDisplay = Callable[[Binding], str]


def _rows(bindings: list[BindingType], key_display: KeyDisplay) -> list[tuple[str, str]]:
    """(keys, description) per action, keys of the same action joined: `up, k`; the longer
    tooltip, where a binding has one, since the footer's word is kept short."""
    keys: dict[str, list[str]] = {}
    for binding in Binding.make_bindings(bindings):
        described = binding.tooltip or binding.description or binding.action
        keys.setdefault(described, []).append(key_display(binding))
    return [(", ".join(shown), description) for description, shown in keys.items()]


def help_table(sections: dict[str, list[BindingType]], key_display: KeyDisplay) -> Table:
    """Every key, section by section, in two columns of about equal height (in lines: a
    section's rows, its title and a blank line)."""
    tables = []
    for title, bindings in sections.items():
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", min_width=10)
        table.add_column()
        rows = _rows(bindings, key_display)
        for keys, description in rows:
            table.add_row(Text(keys), Text(description))
        tables.append((Group(Text(title, style="bold underline"), table, Text("")), len(rows) + 2))
    # The sections in order, split where the taller column is shortest: the help fits at 120×40.
    sizes = [size for _, size in tables]
    split = min(range(len(tables) + 1), key=lambda at: max(sum(sizes[:at]), sum(sizes[at:])))
    layout = Table.grid(padding=(0, 3))
    layout.add_column(ratio=1)
    layout.add_column(ratio=1)
    layout.add_row(
        Group(*(table for table, _ in tables[:split])), Group(*(table for table, _ in tables[split:]))
    )
    return layout


MOUSE_AND_SEARCH = Text.assemble(
    ("Mouse  ", "bold"),
    "click selects (and narrows, on the timeline and actors), double click opens, the wheel scrolls.\n",
    ("Search ", "bold"),
    "type to narrow every pane; enter keeps it, esc clears it. Every word matches, in any order;\n",
    '       "a quoted phrase" as written; statuses, kinds and source names too (unverified, AFP).\n',
    ("Filter ", "bold"),
    "f: tick event statuses, credibility, kinds, question states, sources, reliability or tags.",
)


class HelpScreen(ModalScreen[None]):
    """Every key of the reader; any of esc, q or ? closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close")
    ]

    def __init__(self, sections: dict[str, list[BindingType]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            yield Static(help_table(self.sections, self.app.get_key_display), id="help-keys")
            yield Static(MOUSE_AND_SEARCH, id="help-notes")

    def action_close(self) -> None:
        self.dismiss()
