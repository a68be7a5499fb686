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
from app_editing_support import DATA, copy_brief, line_of
from programs import program
from test_smoke_tmux import ROOT, start_briefing, tmux, wait_for


def wait_until_true(condition: Callable[[], bool], attempts: int = 30) -> bool:
    """Poll a few times (a bound, not a time limit); whether the condition came true."""
    for _ in range(attempts):
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def socket() -> Iterator[str]:
    program("tmux")
    program("vim")
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
    assert "›  [? OPEN] Who wrote the leaked draft?" in screen()
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


def test_a_file_named_like_a_vi_option_opens_in_real_vi_and_runs_nothing(socket: str, tmp_path: Path) -> None:
    """Issue 11: `briefing .` beside `-c!touch PWNED.yaml`, `e` with vi: vi read the name as its
    `-c` option and ran `touch`. Now vi shows that file, and no PWNED appears anywhere."""
    folder = tmp_path / "briefs"
    folder.mkdir()
    hostile = folder / "-c!touch PWNED.yaml"
    shutil.copy(DATA / "app" / "talks.yaml", hostile)
    marker = tmp_path / "exit-status"
    environment = (
        f"env -u COLUMNS -u LINES -u VISUAL HOME={tmp_path} XDG_CONFIG_HOME={tmp_path} "
        f"BRIEFING_CONFIG={tmp_path / 'none.yaml'} EDITOR=vi"
    )
    screen = start_briefing(socket, folder, marker, environment, ".")
    wait_for(lambda: "4 Questions" in screen() and "Talks on a ceasefire" in screen(), "the brief", screen)
    tmux(socket, "send-keys", "-t", socket, "e")
    # vi's status line names the file it opened (home is tmp_path: `~/briefs/...`).
    opened = '"~/briefs/-c!touch PWNED.yaml"'
    wait_for(lambda: "4 Questions" not in screen() and opened in screen(), "vi on the brief", screen)
    tmux(socket, "send-keys", "-t", socket, ":1", "Enter")
    wait_for(lambda: "title: Talks on a ceasefire in Ruritania" in screen(), "the brief's text in vi", screen)
    tmux(socket, "send-keys", "-t", socket, ":q", "Enter")
    wait_for(lambda: "4 Questions" in screen(), "the reader again", screen)
    tmux(socket, "send-keys", "-t", socket, "q")
    wait_for(marker.exists, "the program ending", screen)
    assert marker.read_text().strip() == "exited 0"
    assert [path.name for path in folder.iterdir()] == [hostile.name]
    assert not list(tmp_path.rglob("PWNED*"))


def test_a_missing_editor_is_a_notice_over_the_reader(socket: str, tmp_path: Path) -> None:
    """Issue 12: `EDITOR=nano` without nano blanked the screen until ctrl+c. Now a notice, and
    the reader as it was, taking keys."""
    brief = copy_brief("app/talks.yaml", tmp_path)
    no_editors = tmp_path / "bin"
    no_editors.mkdir()
    marker = tmp_path / "exit-status"
    environment = (
        f"env -u COLUMNS -u LINES -u VISUAL PATH={no_editors} HOME={tmp_path} "
        f"BRIEFING_CONFIG={tmp_path / 'none.yaml'} EDITOR=nano"
    )
    screen = start_briefing(socket, tmp_path, marker, environment, str(brief))
    wait_for(lambda: "4 Questions" in screen() and "space Narrow" in screen(), "the brief", screen)
    tmux(socket, "send-keys", "-t", socket, "e")
    wait_for(lambda: "Cannot open an editor" in screen(), "the notice", screen)
    assert "'nano' from $EDITOR was not found" in " ".join(screen().split())
    assert "Talks on a ceasefire" in screen() and "4 Questions" in screen()
    tmux(socket, "send-keys", "-t", socket, "q")
    wait_for(marker.exists, "the program ending", screen)
    assert marker.read_text().strip() == "exited 0"
