"""The reader application: wires the library, brief, detail and help screens together.

The screens do the work; the app opens briefs, owns the screen stack and the colour variables
that themes may override.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType

from briefing.launch import brief_files
from briefing.loader import LoadResult, load
from briefing.screens.brief import BriefScreen
from briefing.screens.detail import DetailList, DetailScreen
from briefing.screens.help import HelpScreen
from briefing.screens.library import LibraryList, LibraryScreen
from briefing.widgets.itemlist import ItemList
from briefing.widgets.panes import NARROW_BINDING

THEME_VARIABLE_DEFAULTS: dict[str, str] = {
    "status-reported": "#5c9ce6",
    "status-confirmed": "#4caf50",
    "status-denied": "#e5534b",
    "status-disputed": "#d4a72c",
    "status-unverified": "#9e9e9e",
    "question-open": "#d4a72c",
    "question-answered": "#4caf50",
    "question-moot": "#9e9e9e",
    "kind-quote": "#5c9ce6",
    "kind-paraphrase": "#b58ae0",
    "kind-declined": "#9e9e9e",
    "group-0": "#e06c75",
    "group-1": "#61afef",
    "group-2": "#98c379",
    "group-3": "#e5c07b",
    "group-4": "#c678dd",
    "group-5": "#56b6c2",
    "group-6": "#d19a66",
    "group-7": "#a0a8b8",
}
"""Colours the stylesheet and panes read as theme variables; a theme may override any of them."""


class BriefingApp(App[int]):
    """Open a brief file, or a folder of briefs, in the reading room."""

    TITLE = "briefing"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(self, target: Path, *, theme: str | None = None) -> None:
        super().__init__()
        self.target = target
        self._requested_theme = theme

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(THEME_VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        if self._requested_theme and self._requested_theme in self.available_themes:
            self.theme = self._requested_theme
        if self.target.is_dir():
            results = [load(path) for path in brief_files(self.target)]
            if len(results) == 1:
                self.push_screen(self.brief_screen(results[0]))
            else:
                self.push_screen(LibraryScreen(self.target, results))
        else:
            self.push_screen(self.brief_screen(load(self.target)))

    @staticmethod
    def brief_screen(result: LoadResult) -> BriefScreen:
        """The screen of one brief; an invalid brief shows its errors over an empty brief."""
        return BriefScreen(result.loaded, result.errors, path=result.path)

    @on(LibraryScreen.Open)
    def _open_from_library(self, message: LibraryScreen.Open) -> None:
        self.push_screen(self.brief_screen(load(message.path)))

    def action_help(self) -> None:
        """Every key of the reader, from the bindings themselves."""
        if isinstance(self.screen, HelpScreen):
            return
        palette = [
            Binding(self.COMMAND_PALETTE_BINDING, "command_palette", "Jump to an actor, event or question")
        ]
        self.push_screen(
            HelpScreen(
                {
                    "Anywhere": [*self.BINDINGS, *palette],
                    "Brief": BriefScreen.BINDINGS,
                    "Lists": ItemList.BINDINGS,
                    "Timeline and actors": [NARROW_BINDING],
                    "Details": [*DetailList.BINDINGS, *DetailScreen.BINDINGS],
                    "Library": LibraryList.BINDINGS,
                }
            )
        )
