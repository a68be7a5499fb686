"""The real `briefing` program in a real terminal (tmux): open the bundled brief, search, quit."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from programs import program

from briefing.launch import brief_files
from briefing.loader import load
from briefing.locations import bundled_briefs_dir

ROOT = Path(__file__).resolve().parent.parent


def tmux(socket: str, *args: str) -> str:
    """Run tmux on our own server (`-L`), so other sessions and their options cannot resize ours."""
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, check=False).stdout


def wait_for(
    condition: Callable[[], bool], what: str, screen: Callable[[], str], attempts: int = 300
) -> None:
    """Poll (not a time limit on the program: a generous bound so a broken run ends the test)."""
    for _ in range(attempts):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"never saw {what}; the screen shows:\n{screen()}")


def start(
    session: str, command: str, size: tuple[int, int] = (120, 40)
) -> tuple[Callable[[], str], Callable[..., None]]:
    """Run `command` in a new session (120×40 unless `size`): its screen as text, and a way to
    type into it."""
    width, height = size
    tmux(session, "new-session", "-d", "-x", str(width), "-y", str(height), "-s", session, command)

    def screen() -> str:
        return tmux(session, "capture-pane", "-p", "-t", session)

    def keys(*typed: str) -> None:
        tmux(session, "send-keys", "-t", session, *typed)

    return screen, keys


def start_briefing(
    session: str, folder: Path, marker: Path, environment: str, target: str
) -> Callable[[], str]:
    """`briefing TARGET` run from `folder` with `environment` (its exit status written to
    `marker`); returns how to read its screen."""
    run = f"{environment} {sys.executable} -m briefing {target}"
    screen, _keys = start(session, f"cd {shlex.quote(str(folder))} && {run}; echo exited $? > {marker}")
    return screen


@pytest.fixture
def session() -> Iterator[str]:
    program("tmux")
    name = f"briefing-smoke-{uuid.uuid4().hex[:8]}"
    try:
        yield name
    finally:
        tmux(name, "kill-server")


def test_bundled_brief_opens_searches_and_quits(session: str, tmp_path: Path) -> None:
    (brief,) = brief_files(bundled_briefs_dir())
    loaded = load(brief).loaded
    assert loaded is not None
    title = loaded.brief.title
    marker = tmp_path / "exit-status"
    # No COLUMNS/LINES from the test runner: the program must take its size from the terminal.
    program = f"env -u COLUMNS -u LINES {sys.executable} -m briefing {brief}"
    command = f"cd {ROOT} && {program}; echo exited $? > {marker}"
    screen, keys = start(session, command)
    wait_for(lambda: title in screen() and "1 Timeline" in screen(), "the title and the panes", screen)
    # At 120×40 every pane shows at once: timeline beside statements, actors beside questions.
    assert any("1 Timeline" in line and "3 Statements" in line for line in screen().splitlines())
    keys("/")
    wait_for(lambda: "y Copy" not in screen(), "the search field", screen)
    keys("-l", "peskov")
    wait_for(lambda: "search “peskov”" in screen(), "the search status", screen)
    shown = screen()
    assert "Dmitry Peskov" in shown and "Steve Witkoff" not in shown.split("2 Actors")[-1]
    keys("Enter")
    wait_for(lambda: "y Copy" in screen(), "the panes taking the keys again", screen)
    keys("q")
    wait_for(marker.exists, "the program ending", screen)
    assert marker.read_text().strip() == "exited 0"


def test_a_large_file_libyaml_refuses_shows_its_error_beside_the_last_version(
    session: str, tmp_path: Path
) -> None:
    """Issue 12: saving a brief of over 128 KB that libyaml refuses (a key over 1,024
    characters) and that also fails validation used to end the program with a traceback."""
    brief = tmp_path / "talks.yaml"
    good = (ROOT / "tests" / "data" / "app" / "talks.yaml").read_text(encoding="utf-8")
    brief.write_text(good, encoding="utf-8")
    marker = tmp_path / "exit-status"
    program = f"env -u COLUMNS -u LINES {sys.executable} -m briefing {brief}"
    tmux(
        session,
        "new-session",
        "-d",
        "-x",
        "120",
        "-y",
        "40",
        "-s",
        session,
        f"{program}; echo exited $? > {marker}",
    )

    def screen() -> str:
        return tmux(session, "capture-pane", "-p", "-t", session)

    wait_for(lambda: "Talks on a ceasefire in Ruritania" in screen(), "the brief", screen)
    padding = "".join(["# padding line " * 5 + "\n"] * 2000)
    bad = good.replace("date: 2025-11-25", "date: 2025-11-31") + padding + "x-" + "k" * 1030 + ": 1\n"
    brief.write_text(bad, encoding="utf-8")
    wait_for(lambda: "1 error in the brief" in screen(), "the error panel", screen)
    shown = screen()
    assert "YAML syntax error" in shown and "Talks on a ceasefire in Ruritania" in shown
    assert "Traceback" not in shown
    brief.write_text(good.replace("Talks on a ceasefire", "Talks on a truce"), encoding="utf-8")
    wait_for(
        lambda: "Talks on a truce" in screen() and "error in the brief" not in screen(), "the fix", screen
    )
    tmux(session, "send-keys", "-t", session, "q")
    wait_for(marker.exists, "the program ending", screen)
    assert marker.read_text().strip() == "exited 0"


def test_the_error_panel_opens_on_a_broken_file_and_closes_on_its_old_bytes(
    session: str, tmp_path: Path
) -> None:
    """Issue 12: break the file, then put back its exact bytes (vim's undo and save, `git
    checkout`, `cp good.yaml`): the panel must close, as it does for any valid version."""
    brief = tmp_path / "talks.yaml"
    good = (ROOT / "tests" / "data" / "app" / "talks.yaml").read_bytes()
    brief.write_bytes(good)
    marker = tmp_path / "exit-status"
    environment = f"env -u COLUMNS -u LINES BRIEFING_CONFIG={tmp_path / 'none.yaml'}"
    screen = start_briefing(session, ROOT, marker, environment, str(brief))
    wait_for(lambda: "4 Questions" in screen(), "the brief", screen)
    for restore in ("in place", "by copy and rename"):
        brief.write_bytes(good.replace(b"date: 2025-11-25", b"date: 2025-11-31"))
        wait_for(lambda: "1 error in the brief" in screen(), "the error panel", screen)
        assert "'2025-11-31' does not exist" in screen() and "4 Questions" in screen()
        if restore == "in place":
            brief.write_bytes(good)
        else:
            copy = tmp_path / "good.yaml"
            copy.write_bytes(good)
            copy.replace(brief)
        wait_for(lambda: "1 error in the brief" not in screen(), f"the panel closing ({restore})", screen)
    tmux(session, "send-keys", "-t", session, "q")
    wait_for(marker.exists, "the program ending", screen)
    assert marker.read_text().strip() == "exited 0"


def test_a_burst_of_keys_after_slash_is_typed_into_the_search_field(session: str, tmp_path: Path) -> None:
    """Issue 12: `/quote` arriving as one burst (a slow SSH or mosh link; `send-keys -l` writes
    it at once) ran `q`, `e`... as commands: the editor, then quit. It must be a search."""
    brief = tmp_path / "talks.yaml"
    brief.write_bytes((ROOT / "tests" / "data" / "app" / "talks.yaml").read_bytes())
    marker = tmp_path / "exit-status"
    # No editor to open, should `e` still act as a command.
    environment = (
        f"env -u COLUMNS -u LINES -u VISUAL EDITOR=no-such-editor BRIEFING_CONFIG={tmp_path / 'none.yaml'}"
    )
    screen = start_briefing(session, ROOT, marker, environment, str(brief))
    wait_for(lambda: "4 Questions" in screen() and "space Narrow" in screen(), "the brief", screen)
    for typed in ("/quote", "/plan"):
        tmux(session, "send-keys", "-t", session, "-l", typed)
        status = f"search “{typed[1:]}”"
        wait_for(lambda status=status: status in screen(), status, screen)
        assert not marker.exists() and "Cannot open an editor" not in screen()
        tmux(session, "send-keys", "-t", session, "Escape")
        wait_for(lambda: "search “" not in screen(), "the search cleared", screen)
    tmux(session, "send-keys", "-t", session, "q")


def test_the_filter_menu_opens_and_applies_a_filter(session: str, tmp_path: Path) -> None:
    (brief,) = brief_files(bundled_briefs_dir())
    loaded = load(brief).loaded
    assert loaded is not None
    unverified = [event for event in loaded.brief.events if event.status == "unverified"]
    assert unverified, "the bundled brief has an unverified event to filter on"
    marker = tmp_path / "exit-status"
    program = f"env -u COLUMNS -u LINES {sys.executable} -m briefing {brief}"
    screen, keys = start(session, f"cd {ROOT} && {program}; echo exited $? > {marker}")
    wait_for(lambda: "f Filter" in screen(), "the panes and the filter key", screen)
    keys("f")
    wait_for(lambda: "space ticks" in screen(), "the filter menu", screen)
    keys("Down", "Down", "Down", "Down", "Space")  # reported, confirmed, denied, disputed, unverified
    wait_for(lambda: "[x] unverified" in screen(), "unverified ticked", screen)
    keys("Enter")
    wait_for(lambda: "filtered: unverified · esc clears" in screen(), "the filter in the header", screen)
    assert f"1 Timeline {len(unverified)}/{len(loaded.brief.events)}" in screen()
    keys("Escape")
    wait_for(lambda: "filtered" not in screen(), "esc clearing the filter", screen)
    keys("q")
    wait_for(marker.exists, "the program ending", screen)
    assert marker.read_text().strip() == "exited 0"


def test_the_selection_stays_on_screen_when_the_terminal_shrinks(session: str, tmp_path: Path) -> None:
    """Issue 14: from 120×40 to 80×24 (`tmux resize-window`), the highlighted statement scrolled
    off screen. The cursor mark (›) and the statement under it must still show."""
    from test_app_reader import synthetic_brief

    brief = tmp_path / "many.yaml"
    brief.write_text(synthetic_brief(300), encoding="utf-8")
    marker = tmp_path / "exit-status"
    environment = f"env -u COLUMNS -u LINES BRIEFING_CONFIG={tmp_path / 'none.yaml'}"
    screen = start_briefing(session, ROOT, marker, environment, str(brief))
    wait_for(lambda: "4 Questions" in screen(), "the brief", screen)
    tmux(session, "send-keys", "-t", session, "3")

    def selected() -> str | None:
        """The number of the statement under the cursor mark, if one shows."""
        lines = screen().splitlines()
        for at, line in enumerate(lines[:-1]):
            # `!` after the cursor mark: a statement with quality warnings (here: no source).
            if re.search(r"›[ +~][ !]\[“ QUOTE\]", line) and "Statement number " in lines[at + 1]:
                return lines[at + 1].split("Statement number ")[1].split()[0]
        return None

    wait_for(lambda: selected() is not None, "the cursor on a statement", screen)
    for _ in range(5):
        before = selected()
        tmux(session, "send-keys", "-t", session, "PageDown")
        wait_for(lambda before=before: selected() not in (before, None), "a page down", screen)
    before = selected()
    tmux(session, "resize-window", "-t", session, "-x", "80", "-y", "24")
    wait_for(lambda: len(screen().splitlines()[0]) <= 80 and "f Filter" in screen(), "80×24", screen)
    wait_for(lambda: selected() == before, f"statement {before} still under the cursor", screen)
    tmux(session, "send-keys", "-t", session, "q")
    wait_for(marker.exists, "the program ending", screen)
    assert marker.read_text().strip() == "exited 0"


def test_y_puts_the_quote_in_its_marks_on_the_terminals_clipboard(session: str, tmp_path: Path) -> None:
    """`y` in the real program: what reaches the terminal (OSC 52, which tmux keeps as a paste
    buffer with `set-clipboard on`) is the exact words inside French marks, the translation after
    them; after `t` (original only), the words alone."""
    brief = tmp_path / "talks.yaml"
    brief.write_bytes((ROOT / "tests" / "data" / "app" / "talks.yaml").read_bytes())
    marker = tmp_path / "exit-status"
    environment = f"env -u COLUMNS -u LINES BRIEFING_CONFIG={tmp_path / 'none.yaml'}"
    screen = start_briefing(session, ROOT, marker, environment, str(brief))
    tmux(session, "set-option", "-g", "set-clipboard", "on")
    wait_for(lambda: "4 Questions" in screen(), "the brief", screen)

    def clipboard() -> str:
        shown = ["tmux", "-L", session, "show-buffer"]
        return subprocess.run(shown, capture_output=True, encoding="utf-8", check=False).stdout

    def keys(*typed: str) -> None:
        tmux(session, "send-keys", "-t", session, *typed)

    keys("3", "j")
    wait_for(lambda: "›  [“ QUOTE] Rustem Oumierov" in screen(), "the cursor on Oumierov's hope", screen)
    assert clipboard() == ""
    words = "«\u00a0Nous avons bon espoir d'un accord avant la fin du mois\u00a0»"
    translation = "We have good hope of an agreement before the end of the month"
    said = "Rustem Oumierov, Secretary of the Security Council, 19 Nov 2025, via Agence France-Presse"
    keys("y")
    wait_for(lambda: clipboard() != "", "the clipboard", screen)
    assert clipboard() == f"{words} (translation: {translation}) — {said}"
    keys("t")
    wait_for(lambda: "quotes: original only" in screen(), "original quotes only", screen)
    keys("y")
    wait_for(lambda: clipboard() == f"{words} — {said}", "the words alone on the clipboard", screen)
    keys("q")
    wait_for(marker.exists, "the program ending", screen)
    assert marker.read_text().strip() == "exited 0"
