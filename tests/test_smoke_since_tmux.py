"""The real program in a real 80×24 terminal without colour (tmux, NO_COLOR): a brief read before
opens with what changed since marked in the gutter (+ new, ~ changed) and counted in the header;
`u` lists the changes, enter jumps, `m` marks all as read; quitting remembers the version read."""

from __future__ import annotations

import sys
from pathlib import Path

from test_app_since import READ_AT, older_version, remember_older, store
from test_smoke_tmux import ROOT, session, start, wait_for  # noqa: F401 (session: the fixture)

from briefing.loader import load


def test_new_since_last_read_in_a_terminal_without_colour(session: str, tmp_path: Path) -> None:  # noqa: F811
    brief = tmp_path / "talks.yaml"
    brief.write_bytes((ROOT / "tests" / "data" / "app" / "talks.yaml").read_bytes())
    assert older_version(brief) != brief.read_text(encoding="utf-8")
    remember_older(brief, tmp_path)
    marker = tmp_path / "exit-status"
    program = f"env -u COLUMNS -u LINES NO_COLOR=1 {sys.executable} -m briefing {brief}"
    screen, keys = start(session, f"{program}; echo exited $? > {marker}", size=(80, 24))
    marked = ("1 new, 1 changed, 1 removed since", "│ ~ 19 Nov 2025 [✘ DENIED] Bordurian delegation")
    wait_for(lambda: all(text in screen() for text in marked), "the changes in the header and marked", screen)
    keys("u")
    rows = ("m marks all as read", "~ event `walkout`: status unverified → denied", "- removed question")
    wait_for(lambda: all(row in screen() for row in rows), "the list of changes", screen)
    keys("Down", "Enter")  # the new statement
    wait_for(lambda: "›+ [“ QUOTE] Rustem Oumierov" in screen(), "the cursor on the new statement", screen)
    assert "m marks all as read" not in screen()
    keys("m")
    read = lambda: " since " not in screen() and "›  [“ QUOTE] Rustem Oumierov" in screen()  # noqa: E731
    wait_for(read, "the header without the changes, the mark gone", screen)
    keys("q")
    wait_for(marker.exists, "the program ending", screen)
    assert marker.read_text().strip() == "exited 0"
    remembered = store().get(brief)
    shown = load(brief).loaded
    assert remembered is not None and shown is not None
    assert remembered.digest == shown.digest and remembered.read_at > READ_AT
