"""The real loop in a real terminal: `briefing` in tmux, `e` on a question opens real vim at its
line with the app suspended, an edit saved in vim shows in the app once vim exits, `q` quits."""

from __future__ import annotations

import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from app_editing_support import copy_brief, line_of
from test_smoke_tmux import ROOT, tmux, wait_for

VIM = "/usr/bin/vim"


def wait_until_true(condition: Callable[[], bool], attempts: int = 30) -> bool:
    """Poll a few times (a bound, not a time limit); whether the condition came true."""
    for _ in range(attempts):
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def socket() -> Iterator[str]:
    if shutil.which("tmux") is None or not Path(VIM).exists():
        raise AssertionError("tmux and vim are needed for the editor smoke test")
    name = f"briefing-editor-{uuid.uuid4().hex[:8]}"
    try:
        yield name
    finally:
        tmux(name, "kill-server")


def test_e_opens_real_vim_at_the_item_and_the_edit_shows_after_it(socket: str, tmp_path: Path) -> None:
    brief = copy_brief("app/talks.yaml", tmp_path)
    line = line_of(brief, "draft-author")
    marker = tmp_path / "exit-status"
    # A home of its own: no user vimrc or viminfo; no settings file; size from the terminal.
    environment = (
        f"env -u COLUMNS -u LINES -u VISUAL HOME={tmp_path} XDG_CONFIG_HOME={tmp_path} "
        f"BRIEFING_CONFIG={tmp_path / 'none.yaml'} EDITOR=vim"
    )
    command = f"cd {ROOT} && {environment} {sys.executable} -m briefing {brief}; echo exited $? > {marker}"
    tmux(socket, "new-session", "-d", "-x", "120", "-y", "40", "-s", socket, command)

    def screen() -> str:
        return tmux(socket, "capture-pane", "-p", "-t", socket)

    def keys(*typed: str) -> None:
        tmux(socket, "send-keys", "-t", socket, *typed)

    wait_for(
        lambda: "4 Questions" in screen() and "Who wrote the leaked draft?" in screen(), "the brief", screen
    )
    wait_for(lambda: "space Narrow" in screen(), "the timeline taking keys", screen)
    # The footer offers `space Narrow` only on the timeline and actors: its going means pane 4 has
    # the keys. A key typed while the terminal is still answering the app's start-up queries can be
    # swallowed on a loaded machine, so `4` (idempotent) is sent again if it did not take.
    for _ in range(3):
        keys("4")
        if wait_until_true(lambda: "space Narrow" not in screen()):
            break
    assert "space Narrow" not in screen(), screen()
    assert "› [? OPEN] Who wrote the leaked draft?" in screen()
    keys("e")
    wait_for(lambda: "4 Questions" not in screen() and "id: draft-author" in screen(), "vim", screen)
    cursor_row = int(tmux(socket, "display", "-p", "-t", socket, "#{cursor_y}").strip())
    assert "- id: draft-author" in screen().splitlines()[cursor_row], screen()
    keys(":echo 'at line ' . line('.')", "Enter")
    wait_for(lambda: f"at line {line}" in screen(), f"vim at line {line}", screen)
    keys(":+1s/Who wrote the leaked draft/Who leaked the draft/", "Enter")
    keys(":wq", "Enter")
    wait_for(
        lambda: "Who leaked the draft?" in screen() and "4 Questions" in screen(),
        "the edit in the app",
        screen,
    )
    assert "Who leaked the draft?" in brief.read_text(encoding="utf-8")
    keys("q")
    wait_for(marker.exists, "the program ending", screen)
    assert marker.read_text().strip() == "exited 0"
