"""`x` on a brief: export it from the reader (format, path next to the brief, current narrowing).

Nothing is ever overwritten silently: an existing file gets a second question first, and every
write goes through `write_atomic` (through a symbolic link to the file it names; a pipe, a device,
a dangling link or a read-only file is refused before the question). The result (the full path,
or why not) is a notification.
In a browser (`briefing serve`) nothing is written on the server: the export is a download.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, RadioButton, RadioSet, Static

from briefing.export import FORMATS, ExportOptions, export_brief
from briefing.files import RefusedOverwrite, WriteRefused, writable_target, write_atomic
from briefing.filters import Filter
from briefing.loader import LoadedBrief
from briefing.text import clean_line

FORMAT_NAMES = tuple(FORMATS)


def proposed_path(brief_path: Path, fmt: str) -> Path:
    """`<brief stem><suffix>` in the brief's folder: `talks.yaml` → `talks.md`. The path is shown
    in an input field, which would pass a control character in it to the terminal: it is proposed
    cleaned (`␛` for ESC), a name the user can see and edit."""
    return Path(clean_line(str(brief_path.with_name(brief_path.stem + FORMATS[fmt].suffix))))


def download_name(text: str) -> str:
    """A file name safe in a `Content-Disposition` header (textual-serve does not quote it):
    letters, digits, `.`, `-` and `_`, the rest replaced with `_`; never empty or hidden."""
    name = re.sub(r"[^A-Za-z0-9._-]", "_", Path(text).name).lstrip(".")
    return name or "brief"


class ConfirmOverwrite(ModalScreen[bool]):
    """ "<path> exists. Overwrite it?": True only for an explicit yes (the focus starts on Cancel)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Overwrite", id="overwrite.yes"),
        Binding("n,escape", "answer(False)", "Keep the file", id="overwrite.no"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "File exists"
            yield Static(
                Text.assemble(
                    (clean_line(str(self.path)), "bold"), " already exists.\nOverwrite it? (y / n)"
                ),
                id="overwrite-question",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Overwrite", id="overwrite", variant="error")
                yield Button("Cancel", id="keep")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id == "overwrite")

    def action_answer(self, overwrite: bool) -> None:
        self.dismiss(overwrite)


class ExportDialog(ModalScreen[Path | None]):
    """Choose a format and a file; enter (or Export) writes, esc cancels."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    def __init__(
        self,
        loaded: LoadedBrief,
        brief_path: Path,
        narrow_actor: str | None = None,
        *,
        shown: Filter | None = None,
        download: bool = False,
    ) -> None:
        """`narrow_actor`: the actor the brief screen is narrowed to, and `shown`: the filter in
        force there, each offered as a selection (as `export --actor`, `--status`, … make it);
        `download`: deliver the export to the browser (`briefing serve`) instead of writing it."""
        super().__init__()
        self.loaded = loaded
        self.brief_path = brief_path.absolute()
        self.narrow_actor = narrow_actor if narrow_actor in loaded.index.actors else None
        self.shown = shown if shown is not None and shown.active else None
        self.download = download
        self._proposed = self._proposal(FORMAT_NAMES[0])

    def _proposal(self, fmt: str) -> str:
        """The file proposed for `fmt`: a path next to the brief, or a download's name."""
        path = proposed_path(self.brief_path, fmt)
        return download_name(path.name) if self.download else str(path)

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog") as box:
            box.border_title = "Export"
            yield Static("Format", classes="dialog-label")
            with RadioSet(id="formats"):
                for position, fmt in enumerate(FORMATS.values()):
                    label = Content(f"{fmt.label} ({fmt.suffix})")
                    yield RadioButton(label, value=position == 0, id=f"format-{fmt.name}")
            label = "Download as (enter downloads)" if self.download else "File (enter exports)"
            yield Static(label, classes="dialog-label")
            # Typing edits the proposed path rather than replacing it all.
            yield Input(self._proposed, id="export-path", select_on_focus=False)
            if self.narrow_actor is not None:
                name = clean_line(self.loaded.index.actors[self.narrow_actor].name)
                yield Checkbox(
                    Content(f"Only what concerns {name} (the current narrowing)"), True, id="export-narrowed"
                )
            if self.shown is not None:
                labels = ", ".join(map(clean_line, self.shown.labels(self.loaded.index)))
                label = Content(f"Only what is shown (filtered: {labels})")
                yield Checkbox(label, True, id="export-filtered")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @property
    def fmt(self) -> str:
        """The chosen format's name (`md`, `html`, ...)."""
        pressed = self.query_one("#formats", RadioSet).pressed_index
        return FORMAT_NAMES[max(pressed, 0)]

    @property
    def options(self) -> ExportOptions:
        """Everything, or only the narrowed actor's items and what the filter keeps, each when
        its box is ticked."""
        actors = (self.narrow_actor,) if self._ticked("#export-narrowed") and self.narrow_actor else ()
        shown = self.shown if self._ticked("#export-filtered") and self.shown else Filter()
        return ExportOptions(actors=actors, filter=shown)

    def _ticked(self, selector: str) -> bool:
        boxes = self.query(selector)
        return bool(boxes) and boxes.first(Checkbox).value

    @on(RadioSet.Changed, "#formats")
    def _format_changed(self) -> None:
        """A new format proposes a new file name, unless the user typed one of their own."""
        field = self.query_one("#export-path", Input)
        proposal = self._proposal(self.fmt)
        if field.value.strip() == self._proposed:
            field.value = proposal
        self._proposed = proposal

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        """Render the export, then write it: at once if the file is new, after a yes if it exists."""
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.app.notify("Give a file to write the export to.", severity="error", markup=False)
            return
        if self.download:
            self._deliver(download_name(raw))
            return
        path = Path(raw).expanduser()
        path = path if path.is_absolute() else self.brief_path.parent / path
        if path.is_dir():
            self.app.notify(
                f"{clean_line(str(path))} is a folder; name a file.", severity="error", markup=False
            )
            return
        try:
            writable_target(path)  # a pipe, a device, a dangling link, a read-only file: say so now
        except OSError as error:
            self._failed(path, error)
            return
        text = self._export_text()
        if text is None:
            return
        if path.exists():
            self._ask_then_write(path, text)
        else:
            self._write(path, text, overwrite=False)

    def _export_text(self) -> str | None:
        """The export's text, or None (and the reason, as a notification)."""
        try:
            return export_brief(self.loaded, self.fmt, self.options)
        except ValueError as error:
            self.app.notify(f"Export failed: {clean_line(str(error))}", severity="error", markup=False)
            return None

    def _deliver(self, name: str) -> None:
        """The export as a browser download (textual-serve serves it once, at a random address)."""
        text = self._export_text()
        if text is None:
            return
        self.app.deliver_text(io.StringIO(text), save_filename=name, encoding="utf-8")
        label = FORMATS[self.fmt].label
        self.app.notify(f"Downloading {label} as {name}", title="Export", timeout=10, markup=False)
        self.dismiss(None)

    def _ask_then_write(self, path: Path, text: str) -> None:
        def answered(overwrite: bool | None) -> None:
            if overwrite:
                self._write(path, text, overwrite=True)

        self.app.push_screen(ConfirmOverwrite(path), answered)

    def _write(self, path: Path, text: str, *, overwrite: bool) -> None:
        try:
            write_atomic(path, text, overwrite=overwrite)
        except RefusedOverwrite:  # it appeared since we looked: ask, as for any existing file
            self._ask_then_write(path, text)
            return
        except OSError as error:
            self._failed(path, error)
            return
        label = FORMATS[self.fmt].label
        self.app.notify(
            f"Exported {label} to {clean_line(str(path))}", title="Export", timeout=10, markup=False
        )
        self.dismiss(path)

    def _failed(self, path: Path, error: OSError) -> None:
        """Nothing was written: say why (a refusal says it in its own words)."""
        reason = (
            str(error)
            if isinstance(error, WriteRefused)
            else f"Could not write {path}: {error.strerror or error}"
        )
        self.app.notify(clean_line(reason), severity="error", timeout=15, markup=False)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
