"""New since you last read (issue 15): what changed in a brief since the version last read.

The version last read is remembered per brief (`briefing.lastread`). When a brief opens, and
after every reload, a thread compares the version shown with it (`briefing.diff`, matched by id)
once the first frame is drawn; the brief screen then marks the items added (+) or changed (~) in
its panes' gutters, says `3 new, 2 changed since 19 Nov 14:30 (u)` in its header, and `u` lists
the changes here: `enter` jumps to an item, removed items are listed but have nothing to jump to.

When is a version read? The first time a brief is opened nothing is marked (everything would be
new) and that version is remembered. Afterwards the version on screen is remembered as read when
`m` marks all as read, and when the reader leaves the brief (quit, or back to the library): the
next session compares with what was on screen the last time. A change while the brief is open
(live reload, the editor, a quick edit) is compared with the version read, so it is marked too.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from briefing.diff import SYMBOLS, Change, diff
from briefing.lastread import LastRead
from briefing.loader import LoadedBrief
from briefing.model import Brief
from briefing.text import clean_line
from briefing.widgets.itemlist import ItemList, ItemOpened

HINT = "enter jumps to the item · m marks all as read · esc closes"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MARKS = {"added": "+", "changed": "~", "renamed": "~"}
"""The gutter's marks: new (+), changed (~; a renamed item too). They read without colour."""


@dataclass(frozen=True)
class Baseline:
    """The version last read: the brief as it was, the digest of its bytes and when it was read."""

    brief: Brief
    digest: str
    read_at: float


@dataclass(frozen=True)
class Since:
    """The changes from the version read (`baseline`) to the version shown (`digest`)."""

    digest: str
    baseline: Baseline
    changes: list[Change]

    def marks(self, section: str) -> dict[Hashable, str]:
        """Each item of `section` (`events`, `actors`, ...) new (+) or changed (~), by id."""
        return {
            change.id: MARKS[change.kind]
            for change in self.changes
            if change.kind in MARKS and change.section == section
        }

    @cached_property
    def summary(self) -> str:
        """`3 new, 2 changed, 1 removed since 19 Nov 14:30`; "" when nothing changed. The brief's
        own fields (title, as of, summary, tags) count as one change. Worked out once: the header
        asks at every search keystroke."""
        items = [change for change in self.changes if change.section != "brief"]
        new = sum(1 for change in items if change.kind == "added")
        removed = sum(1 for change in items if change.kind == "removed")
        brief_fields = len(items) < len(self.changes)
        changed = len(items) - new - removed + brief_fields  # renamed items are changed ones
        parts = [f"{new} new"] if new else []
        parts += [f"{changed} changed"] if changed else []
        parts += [f"{removed} removed"] if removed else []
        return f"{', '.join(parts)} since {when_read(self.baseline.read_at)}" if parts else ""


def when_read(read_at: float, now: float | None = None) -> str:
    """`19 Nov 14:30` in local time (`19 Nov 2024 14:30` in another year than now's); month names
    in English whatever the locale, as the rest of the reader. A time the system cannot show is
    `your last session`."""
    try:
        moment = datetime.fromtimestamp(read_at)
        year = datetime.fromtimestamp(time.time() if now is None else now).year
    except (OverflowError, OSError, ValueError):
        return "your last session"
    day = f"{moment.day} {MONTHS[moment.month - 1]}" + ("" if moment.year == year else f" {moment.year}")
    return f"{day} {moment:%H:%M}"


def compare(
    store: LastRead, path: Path, version: weakref.ref[LoadedBrief], baseline: Baseline | None
) -> Since | None:
    """The changes since the version read (run in a thread, after the first frame). With no
    `baseline` yet, it is the version remembered; a brief never read before (or whose memory is
    unusable, or cannot be compared) is remembered now, as read, and nothing is marked. None when
    the version asked about is no longer shown (a reload replaced it: the next comparison follows)."""
    loaded = version()
    if loaded is None:
        return None
    if baseline is None:
        remembered = store.get(path)
        if remembered is not None:
            baseline = Baseline(remembered.brief, remembered.digest, remembered.read_at)
            try:
                return Since(loaded.digest, baseline, _changes(baseline, loaded))
            except UNCOMPARABLE:  # a remembered brief the loader would not have let through
                pass
        baseline = Baseline(loaded.brief, loaded.digest, time.time())
        store.put(path, loaded.brief, loaded.digest, baseline.read_at)
    return Since(loaded.digest, baseline, _changes(baseline, loaded))


UNCOMPARABLE = (KeyError, IndexError, ValueError, TypeError, AttributeError, RecursionError)
"""What comparing with a remembered brief could raise: a state file holds a brief of the format's
types, not one the loader checked (its references, its ids), so it may be past comparing."""


def _changes(baseline: Baseline, loaded: LoadedBrief) -> list[Change]:
    return [] if baseline.digest == loaded.digest else diff(baseline.brief, loaded.brief)


class ChangeList(ItemList):
    """One change a row, as `briefing diff` words it, after its symbol (+ new, ~ changed, - removed,
    > renamed); a removed item's row is dim and says it is gone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Jump", tooltip="Jump to the item (not a removed one)", id="since.jump")
    ]
    SPACING = 0
    EMPTY = "Nothing new since you last read."

    def item_key(self, item: Change) -> Hashable:
        return (item.kind, item.section, item.id, item.text)

    def renderables(self, item: Change, width: int) -> list[RenderableType]:
        symbol = SYMBOLS[item.kind]
        if item.kind == "removed":
            dim = self.get_component_rich_style("item-list--dim")
            words = Text(clean_line(item.text) + " (gone: nothing to jump to)", style=Style(color=dim.color))
            return [Text.assemble((f"{symbol} ", "bold"), words)]
        return [Text.assemble((f"{symbol} ", "bold"), clean_line(item.text))]

    def text_lengths(self, item: Change) -> Sequence[int]:
        return (len(item.text) + 30,)


MARK_READ = "mark-read"
"""What the list hands back for `m`: the brief screen marks all as read."""


class SinceScreen(ModalScreen[Change | str | None]):
    """Every change since the version last read; `enter` hands back the one to jump to, `m`
    hands back `MARK_READ`."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "mark_read", "Mark all read", tooltip="Mark every change as read", id="since.mark-read"),
        Binding("escape,u", "close", "Close", id="since.close"),
    ]

    def __init__(self, since: Since, after: Change | None = None) -> None:
        """`after`: the change last jumped to, so the cursor starts on the next one (going
        through the changes is `u`, `enter`, `u`, `enter`...)."""
        super().__init__()
        self.since = since
        self.after = after

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="since-box") as box:
            box.border_title = clean_line(self.since.summary or "Nothing new since you last read")
            yield ChangeList(id="change-list")
            yield Static(HINT, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        rows = self.query_one(ChangeList)
        changes = self.since.changes
        rows.set_items(changes)
        if self.after in changes:
            rows.move_to(rows.item_key(changes[min(changes.index(self.after) + 1, len(changes) - 1)]))
        rows.focus()

    @on(ItemOpened)
    def _jump(self, message: ItemOpened) -> None:
        change: Change = message.item
        if change.kind == "removed":
            self.app.bell()
            self.notify("It was removed since you last read: nothing to jump to.", markup=False, timeout=4)
            return
        self.dismiss(change)

    def action_mark_read(self) -> None:
        self.dismiss(MARK_READ)

    def action_close(self) -> None:
        self.dismiss(None)
