"""The theme picker: every theme of the catalogue, previewed live as the cursor moves over it.

enter keeps the highlighted theme for this session, `ctrl+d` (or the button) also saves it as
the default in the config file, esc puts back the theme the app had when the picker opened.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from briefing.settings import config_path, save_theme_choice
from briefing.text import clean_line
from briefing.themes import BriefingTheme, ThemeCatalogue


def theme_prompt(theme: BriefingTheme) -> Text:
    """`name  description (user theme)`: names and descriptions of user files are cleaned text."""
    prompt = Text(clean_line(theme.name), style="bold")
    if theme.file.description:
        prompt.append("  " + clean_line(theme.file.description), style="dim")
    if theme.source == "user":
        prompt.append("  (user theme)", style="italic")
    return prompt


class ThemePicker(ModalScreen[str | None]):
    """Move to preview, enter to use, ctrl+d to save as default, esc to go back to the old theme."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", tooltip="Back to the theme in use before", id="theme-picker.cancel"
        ),
        Binding(
            "ctrl+d",
            "save",
            "Save as default",
            tooltip="Use it and save it in the config file",
            id="theme-picker.save",
        ),
    ]

    def __init__(self, catalogue: ThemeCatalogue, env: Mapping[str, str]) -> None:
        """`env` says where the config file is (`BRIEFING_CONFIG`, `XDG_CONFIG_HOME`)."""
        super().__init__()
        self.catalogue = catalogue
        self.env = env
        self.names = sorted(catalogue.themes)
        self.previous = ""
        """The app's theme when the picker opened: esc restores it."""

    def compose(self) -> ComposeResult:
        with Vertical(id="theme-box", classes="dialog") as box:
            box.border_title = "Theme"
            yield OptionList(
                *(Option(theme_prompt(self.catalogue.themes[name]), id=name) for name in self.names),
                id="themes",
            )
            yield Static(
                Text("↑↓ preview · enter use now · ctrl+d save as default · esc cancel", style="italic"),
                classes="dialog-hint",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Use", id="use", variant="primary")
                yield Button("Save as default", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.previous = self.app.theme
        options = self.query_one(OptionList)
        if self.previous in self.names:
            options.highlighted = self.names.index(self.previous)
        options.focus()

    @property
    def chosen(self) -> str:
        """The highlighted theme's name (the current one when nothing is highlighted)."""
        highlighted = self.query_one(OptionList).highlighted
        return self.names[highlighted] if highlighted is not None else self.app.theme

    @on(OptionList.OptionHighlighted, "#themes")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.app.theme:
            self.app.theme = event.option.id

    @on(OptionList.OptionSelected, "#themes")
    @on(Button.Pressed, "#use")
    def action_use(self) -> None:
        """Keep the highlighted theme for this session."""
        self.app.theme = self.chosen
        self.dismiss(self.chosen)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Use the highlighted theme and make it the default; say where, or why not."""
        name = self.chosen
        self.app.theme = name
        if getattr(self.app, "served", None) is not None:  # the settings are the server's
            self.app.notify(
                f"Theme '{name}' used for this session; a browser cannot save a default.", markup=False
            )
            self.dismiss(name)
            return
        error = save_theme_choice(name, self.env)
        if error is not None:
            self.app.notify(str(error), title="Theme not saved", severity="error", timeout=15, markup=False)
            return
        where = clean_line(str(config_path(self.env)))
        self.app.notify(f"Theme '{name}' saved as the default in {where}", title="Theme", markup=False)
        self.dismiss(name)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Put back the theme in use when the picker opened."""
        self.app.theme = self.previous
        self.dismiss(None)
