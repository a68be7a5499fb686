"""The reader in served mode (`briefing serve`, a browser as its terminal), driven with Pilot.

Read-only by default: no editor, no quick edit writes a byte, the theme picker saves nothing;
exports are delivered as downloads (`App.deliver_text`), never written next to the brief; a
source's address opens in the browser (`App.open_url`). `--allow-edit` turns the quick edits on
(the editor stays off: a browser has no terminal to give it). tests/test_serve.py drives the real
server in Chromium.
"""

from __future__ import annotations

import io
from pathlib import Path, PurePath
from typing import Any, ClassVar

import pytest
from app_editing_support import WIDE, FakeEditors, select, wait_until
from textual.widgets import Input

import briefing.app
from briefing.app import BriefingApp
from briefing.export import ExportOptions, export_brief
from briefing.loader import load
from briefing.screens.detail import DetailScreen
from briefing.screens.edit_dialogs import QuestionDialog
from briefing.screens.export_dialog import ExportDialog, download_name
from briefing.served import Served

pytestmark = pytest.mark.anyio


@pytest.fixture
def talks(brief_path: Path) -> Path:
    return brief_path


def notices(app: BriefingApp) -> str:
    return "\n".join(notice.message for notice in app._notifications)


class Recording(BriefingApp):
    """The reader, with what it would send to the browser kept instead."""

    # Relative stylesheets are found next to the class's module: this one is in tests/.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        Path(briefing.app.__file__).parent / name for name in BriefingApp.CSS_PATH
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.delivered: list[tuple[str, str | None]] = []
        self.opened: list[str] = []

    def deliver_text(self, path_or_file: Any, **options: Any) -> str | None:  # type: ignore[override]
        assert isinstance(path_or_file, io.StringIO)
        self.delivered.append((path_or_file.getvalue(), options.get("save_filename")))
        return "key"

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.opened.append(url)


async def test_read_only_refuses_every_edit_and_writes_nothing(talks: Path, editors: FakeEditors) -> None:
    before = talks.read_bytes()
    app = Recording(talks, served=Served())
    async with app.run_test(size=WIDE) as pilot:
        assert "Read-only" in notices(app)
        await select(pilot, "questions", "second-round-date")
        for key in ("a", "c", "plus"):
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, QuestionDialog), key
        await select(pilot, "timeline", "walkout")
        await pilot.press("c")
        await pilot.press("e")
        await pilot.pause()
        assert "served without --allow-edit" in notices(app)
        assert "No editor in the browser: this brief is read-only." in notices(app)
    assert editors.calls == []  # the editor never ran (under the web driver it ended the session)
    assert talks.read_bytes() == before


async def test_allow_edit_turns_quick_edits_on_but_not_the_editor(talks: Path, editors: FakeEditors) -> None:
    app = Recording(talks, served=Served(editable=True))
    async with app.run_test(size=WIDE) as pilot:
        assert "anyone who can reach this server can change the brief" in notices(app)
        await select(pilot, "questions", "second-round-date")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, QuestionDialog)
        await pilot.press("escape")
        await pilot.press("e")
        await pilot.pause()
        assert "No editor in the browser: use the quick edits a, c and +." in notices(app)
    assert editors.calls == []


async def test_export_is_a_download_and_no_file_is_written(talks: Path) -> None:
    app = Recording(talks, served=Served())
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        field = dialog.query_one("#export-path", Input)
        assert field.value == "talks.md"
        await pilot.click("#format-html")
        assert field.value == "talks.html"
        field.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.delivered), "the download")
    loaded = load(talks).loaded
    assert loaded is not None
    assert app.delivered == [(export_brief(loaded, "html", ExportOptions()), "talks.html")]
    assert sorted(path.name for path in talks.parent.iterdir()) == ["talks.yaml"]


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("talks.md", "talks.md"),
        ('a "b";c=d\r\nX: y.md', "a__b__c_d__X__y.md"),
        ("../../etc/passwd", "passwd"),
        ("..", "brief"),
        (".hidden.md", "hidden.md"),
        ("naïve €.md", "na_ve__.md"),
    ],
)
def test_download_names_are_safe_in_a_header(typed: str, sent: str) -> None:
    assert download_name(typed) == sent


async def test_a_source_address_opens_in_the_browser(talks: Path) -> None:
    text = talks.read_text(encoding="utf-8")
    text = text.replace(
        "    name: Agence France-Presse\n", "    name: Agence France-Presse\n    url: https://www.afp.com/\n"
    )
    talks.write_text(text, encoding="utf-8")
    app = Recording(talks, served=Served())
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen), "the brief's details")
        rows = app.screen.query_one("#detail")
        assert rows.move_to("out:Source:afp")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.item_id == "afp"
        assert app.screen.query_one("#detail").move_to("field:URL")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
    assert app.opened == ["https://www.afp.com/"]


async def test_in_a_terminal_a_source_address_stays_text(talks: Path) -> None:
    text = talks.read_text(encoding="utf-8")
    text = text.replace(
        "    name: Agence France-Presse\n", "    name: Agence France-Presse\n    url: https://www.afp.com/\n"
    )
    talks.write_text(text, encoding="utf-8")
    app = Recording(talks)
    async with app.run_test(size=WIDE) as pilot:
        app.push_screen(DetailScreen(load(talks).loaded, "afp"))  # type: ignore[arg-type]
        await pilot.pause()
        rows = app.screen.query_one("#detail").items  # type: ignore[attr-defined]
        url = next(row for row in rows if row.id == "field:URL")
        assert url.value == "https://www.afp.com/" and url.url is None
        await pilot.press("enter")
        await pilot.pause()
    assert app.opened == []


async def test_a_browser_cannot_save_the_servers_default_theme(talks: Path) -> None:
    from briefing.screens.theme_picker import ThemePicker
    from briefing.settings import config_path

    app = Recording(talks, served=Served(editable=True))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, ThemePicker), "the theme picker")
        picker = app.screen
        assert isinstance(picker, ThemePicker)
        picker.action_save()
        await pilot.pause()
        assert "a browser cannot save a default" in notices(app)
        assert not isinstance(app.screen, ThemePicker)
    assert not config_path().exists()
