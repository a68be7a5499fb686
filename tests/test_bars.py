"""The one-line bars: the key bar (footer) and the pane tabs, as a user meets them."""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from briefing.widgets.bars import KeyBar, PaneTabs

pytestmark = pytest.mark.anyio


class KeysApp(App[None]):
    """Three keys of the screen's own and two of the app's; `export` may give way."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "note('help')", "Help"),
        Binding("x", "note('export')", "Export"),
        Binding("s", "note('search')", "Search"),
        Binding("d", "note('disabled')", "Disabled"),
        Binding("h", "note('hidden')", "Hidden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield KeyBar(optional=["note('export')"])

    def action_note(self, what: str) -> None:
        self.notes.append(what)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if parameters == ("disabled",) else True


def bar_text(app: App[object]) -> str:
    return app.screen._compositor.render_strips()[-1].text


async def test_key_bar_shows_the_keys_with_descriptions_and_not_the_hidden_ones() -> None:
    app = KeysApp()
    async with app.run_test(size=(100, 5)) as pilot:
        await pilot.pause()
        line = bar_text(app)
        for shown in ("q Quit", "? Help", "x Export", "s Search", "d Disabled", "^p palette"):
            assert shown in line, line
        assert "Hidden" not in line


async def test_the_key_is_drawn_in_its_own_style_and_the_description_in_another() -> None:
    app = KeysApp()
    async with app.run_test(size=(100, 5)) as pilot:
        await pilot.pause()
        line = app.query_one(KeyBar).render()
        key_at = line.plain.index("q Quit")
        key, description = (line.get_style_at_offset(key_at + offset) for offset in (0, 2))
        assert key.bold and not description.bold
        assert key.foreground != description.foreground


async def test_clicking_a_key_presses_it_and_a_disabled_key_does_nothing() -> None:
    app = KeysApp()
    async with app.run_test(size=(100, 5)) as pilot:
        await pilot.pause()
        line = bar_text(app)
        await pilot.click(KeyBar, offset=(line.index("s Search") + 2, 0))
        await pilot.pause()
        await pilot.click(KeyBar, offset=(line.index("d Disabled") + 2, 0))
        await pilot.pause()
        assert app.notes == ["search"]


async def test_on_a_narrow_line_optional_keys_give_way_first_and_the_apps_last() -> None:
    app = KeysApp()
    async with app.run_test(size=(48, 5)) as pilot:
        await pilot.pause()
        line = bar_text(app)
        assert "Export" not in line
        assert "q Quit" in line and "? Help" in line
        assert len(line.rstrip()) <= 48


async def test_hovering_a_key_highlights_only_that_key() -> None:
    app = KeysApp()
    async with app.run_test(size=(100, 5)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        before = bar.render()
        await pilot.hover(KeyBar, offset=(bar_text(app).index("q Quit"), 0))
        await pilot.pause()
        after = bar.render()
        assert after.plain == before.plain
        changed = [
            i
            for i in range(len(after.plain))
            if after.get_style_at_offset(i) != before.get_style_at_offset(i)
        ]
        assert changed and after.plain[min(changed) : max(changed) + 1] == "q Quit"


class TabsApp(App[None]):
    CSS = "PaneTabs > .bar--active { text-style: reverse; }"

    def __init__(self) -> None:
        super().__init__()
        self.clicked: list[str] = []

    def compose(self) -> ComposeResult:
        yield PaneTabs({"timeline": "1 Timeline", "actors": "2 Actors"})

    def on_pane_tabs_clicked(self, message: PaneTabs.Clicked) -> None:
        self.clicked.append(message.pane)
        self.query_one(PaneTabs).show(message.pane)


async def test_pane_tabs_report_the_clicked_pane_and_mark_the_shown_one() -> None:
    app = TabsApp()
    async with app.run_test(size=(40, 3)) as pilot:
        tabs = app.query_one(PaneTabs)
        first = tabs.render()
        await pilot.click(PaneTabs, offset=(first.plain.index("2 Actors") + 1, 0))
        await pilot.pause()
        assert app.clicked == ["actors"]
        second = tabs.render()
        actors_at = second.plain.index("2 Actors")
        assert second.get_style_at_offset(actors_at) != first.get_style_at_offset(actors_at)
        assert second.get_style_at_offset(0) != first.get_style_at_offset(0)
