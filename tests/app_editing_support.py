"""Shared by the app's editing and reload tests: a fake editor on PATH, polling the screen, lines."""

from __future__ import annotations

import json
import re
import shutil
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.pilot import Pilot

from briefing.app import BriefingApp
from briefing.screens.editing import EditingScreen

DATA = Path(__file__).parent / "data"
FAKE_EDITOR = DATA / "edit" / "fake_editor.py"
WIDE = (120, 40)


def screen_text(app: BriefingApp) -> str:
    """What the terminal would show, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def noting_the_first_frame(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[bool]:
    """Wrap `owner.name` to note, at each call, whether the reader's first frame was written
    then (its `on_ready`): work that must not delay the first frame checks it came after."""
    ready: list[bool] = []
    called_when: list[bool] = []
    on_ready, function = BriefingApp.on_ready, getattr(owner, name)

    def noting_ready(self: BriefingApp) -> None:
        ready.append(True)
        on_ready(self)

    def noting_call(*args: object, **kwargs: object) -> object:
        called_when.append(bool(ready))
        return function(*args, **kwargs)

    monkeypatch.setattr(BriefingApp, "on_ready", noting_ready)
    monkeypatch.setattr(owner, name, noting_call)
    return called_when


def failing(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[bool]:
    """Make `owner.name` raise (a computation in a thread that fails on some brief); the list
    notes each call, so a test can wait for it."""
    calls: list[bool] = []

    def fail(*args: object) -> object:
        calls.append(True)
        raise RuntimeError(f"{name} fails on this brief")

    monkeypatch.setattr(owner, name, fail)
    return calls


async def wait_until(pilot: Pilot[int], condition: Callable[[], bool], what: str, rounds: int = 150) -> None:
    """Let the app run until `condition` holds: a bound on rounds, not a time limit on the program."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.1)
    raise AssertionError(f"never saw {what}; the screen shows:\n{screen_text(pilot.app)}")  # type: ignore[arg-type]


def errors_shown(screen: EditingScreen) -> bool:
    """Whether the error panel is on screen (it is built only when errors are first shown)."""
    panel = screen.error_panel
    return panel is not None and panel.has_class("-shown")


async def select(pilot: Pilot[int], pane: str, item_id: str) -> None:
    """Show the pane (by its number key) and put its cursor on the item."""
    from briefing.screens.brief import PANES, BriefScreen

    await pilot.press(str(PANES.index(pane) + 1))
    screen = pilot.app.screen
    assert isinstance(screen, BriefScreen) and screen.pane(pane).move_to(item_id)


def line_of(path: Path, item_id: str) -> int:
    """The 1-based line where the item with this id starts (its `- id:` line), read from the file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(rf"\s*-\s+(\{{\s*)?id:\s*{re.escape(item_id)}\b", line):
            return number
    raise AssertionError(f"{item_id} is not in {path}")


class FakeEditors:
    """Copies of the fake editor on a PATH of their own, named like real editors (`vim`, `hx`, ...)."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.bin = folder / "bin"
        self.bin.mkdir()
        self.log = folder / "editor-calls.json"
        self.monkeypatch = monkeypatch
        monkeypatch.setenv("PATH", f"{self.bin}:{Path(sys.executable).parent}:/usr/bin:/bin")
        monkeypatch.setenv("FAKE_EDITOR_LOG", str(self.log))
        monkeypatch.setenv("BRIEFING_CONFIG", str(folder / "no-config.yaml"))
        monkeypatch.delenv("VISUAL", raising=False)
        for name in ("vim", "hx", "code"):
            program = self.bin / name
            program.write_text(f"#!{sys.executable}\n" + FAKE_EDITOR.read_text(encoding="utf-8"))
            program.chmod(program.stat().st_mode | stat.S_IXUSR)
        self.use("vim")

    def use(self, editor: str, *, append: str | None = None) -> None:
        """`$EDITOR` becomes this command; `append` is what the editor adds (a comment by default)."""
        self.monkeypatch.setenv("EDITOR", editor)
        if append is None:
            self.monkeypatch.delenv("FAKE_EDITOR_APPEND", raising=False)
        else:
            self.monkeypatch.setenv("FAKE_EDITOR_APPEND", append)

    @property
    def calls(self) -> list[dict[str, object]]:
        return json.loads(self.log.read_text()) if self.log.exists() else []


def copy_brief(name: str, folder: Path) -> Path:
    """A copy of a test brief (`app/talks.yaml`, `edit/commented.yaml`) to edit freely."""
    source = DATA / name
    target = folder / source.name
    shutil.copy(source, target)
    return target


def terminal_driver(can_suspend: bool, log: list[str]) -> type[HeadlessDriver]:
    """A driver that, unlike the headless one, claims a terminal: the app then really hands it
    over through `App.suspend()`. `can_suspend=False` is Textual's web driver, where
    `App.suspend()` raises `SuspendNotSupported`. Suspending and resuming are appended to `log`.
    Run the app with `run_test(headless=False)` after setting `app.driver_class` to it."""

    class TerminalDriver(HeadlessDriver):
        @property
        def is_headless(self) -> bool:
            return False

        @property
        def can_suspend(self) -> bool:
            return can_suspend

        def suspend_application_mode(self) -> None:
            log.append("suspend")
            super().suspend_application_mode()

        def resume_application_mode(self) -> None:
            log.append("resume")
            super().resume_application_mode()

    return TerminalDriver
