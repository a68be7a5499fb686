"""The filter menu (`f`) and the palette's filter commands.

The menu lists every value of every facet the brief has, under the facet's title, each with how
many items carry it; space (or a click) ticks a value, enter applies, esc leaves the filter as it
was. It edits a `Filter` value and hands it back: the brief screen owns the filter.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from briefing.filters import FACET_TITLES, Facet, Filter, option_label, option_meaning, options
from briefing.index import BriefIndex
from briefing.screens.jump import Entry, ListedProvider
from briefing.text import clean_line

HINT = "space ticks · enter applies · c clears all · esc cancels"


def _option_id(facet: Facet, value: str) -> str:
    return f"{facet}\t{value}"


def _parse_id(option_id: str) -> tuple[Facet, str]:
    facet, value = option_id.split("\t", 1)
    return facet, value  # type: ignore[return-value]


def _describe(facet: Facet, value: str, index: BriefIndex) -> str:
    """An option as the menu and the palette show it: `credibility 2 (probably true)`."""
    meaning = option_meaning(facet, value)
    label = clean_line(option_label(facet, value, index))
    return f"{label} ({meaning})" if meaning else label


class FilterMenu(ModalScreen[Filter | None]):
    """Tick the values to keep, facet by facet; enter hands back the new filter, esc None."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle", "Tick", id="filter.toggle"),
        Binding("enter", "apply", "Apply", priority=True, id="filter.apply"),
        Binding("c", "clear_all", "Clear all", id="filter.clear"),
        Binding("escape", "cancel", "Cancel", id="filter.cancel"),
    ]

    def __init__(self, index: BriefIndex, chosen: Filter) -> None:
        super().__init__()
        self.index = index
        self.chosen = chosen
        self._counts = {_option_id(facet, value): count for facet, value, count in options(index)}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="filter-box") as box:
            box.border_title = "Filter"
            yield OptionList(*self._options(), id="filter-options")
            yield Static(HINT, classes="dialog-hint", markup=False)

    def _options(self) -> list[Option]:
        out: list[Option] = []
        facet_shown: Facet | None = None
        for option_id, count in self._counts.items():
            facet, value = _parse_id(option_id)
            if facet != facet_shown:
                facet_shown = facet
                title = Text(FACET_TITLES[facet], style="bold")
                out.append(Option(title, id=f"title:{facet}", disabled=True))
            out.append(Option(self._prompt(facet, value, count), id=option_id))
        return out

    def _prompt(self, facet: Facet, value: str, count: int) -> Text:
        ticked = value in self.chosen.values(facet)
        return Text.assemble(
            ("  [x] " if ticked else "  [ ] ", "bold" if ticked else ""),
            _describe(facet, value, self.index),
            (f"  {count}", "dim"),
        )

    def on_mount(self) -> None:
        self.query_one(OptionList).action_first()

    def action_toggle(self) -> None:
        menu = self.query_one(OptionList)
        if menu.highlighted is None:
            return
        option = menu.get_option_at_index(menu.highlighted)
        if option.id is None or option.disabled:
            return
        facet, value = _parse_id(option.id)
        self.chosen = self.chosen.toggled(facet, value)
        menu.replace_option_prompt(option.id, self._prompt(facet, value, self._counts[option.id]))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        """A click ticks (enter is the screen's: it applies)."""
        event.stop()
        self.action_toggle()

    def action_clear_all(self) -> None:
        self.chosen = Filter()
        menu = self.query_one(OptionList)
        highlighted = menu.highlighted
        menu.clear_options().add_options(self._options())
        menu.highlighted = highlighted

    def action_apply(self) -> None:
        self.dismiss(self.chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FilterProvider(ListedProvider):
    """Palette commands: open the filter menu, clear the filter, or tick one value directly."""

    DISCOVERED = 2

    def entries(self) -> list[Entry]:
        from briefing.screens.brief import BriefScreen

        screen = self.screen
        if not isinstance(screen, BriefScreen) or screen.index is None:
            return []
        index = screen.index
        commands: list[Entry] = [("Filter…", screen.action_filter, "Choose what the panes keep (f)")]
        if screen.filter.active:
            commands.append(("Filter: clear", screen.action_clear_filter, "Show every item again"))
        for facet, value, count in options(index):
            ticked = value in screen.filter.values(facet)
            label = f"Filter: {FACET_TITLES[facet].lower()} {_describe(facet, value, index)}"
            help_text = f"Stop keeping only these ({count})" if ticked else f"Keep only these ({count})"
            commands.append((label, partial(screen.toggle_filter, facet, value), help_text))
        return commands
