"""The real program in a real 80×24 terminal without colour (tmux, NO_COLOR): the quality
warnings come after the first frame, their items carry `!`, `w` lists them, enter jumps."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from test_smoke_tmux import ROOT, session, start, wait_for  # noqa: F401 (session: the fixture)

from briefing.loader import load
from briefing.quality import check


def test_warnings_in_a_terminal_without_colour(session: str, tmp_path: Path) -> None:  # noqa: F811
    brief = tmp_path / "talks.yaml"
    shutil.copy(ROOT / "tests" / "data" / "app" / "talks.yaml", brief)
    loaded = load(brief).loaded
    assert loaded is not None
    count = len(check(loaded, brief.read_text(encoding="utf-8")).warnings)
    marker = tmp_path / "exit-status"
    program = f"env -u COLUMNS -u LINES NO_COLOR=1 {sys.executable} -m briefing {brief}"
    screen, keys = start(session, f"{program}; echo exited $? > {marker}", size=(80, 24))
    wait_for(lambda: f"{count} warnings" in screen(), "the warnings in the header", screen)
    assert "│  !25 Nov 2025 [? UNVERIFIED] Second round planned" in screen()
    keys("w")
    wait_for(lambda: "enter jumps to the item" in screen(), "the list of warnings", screen)
    assert f"{count} warnings" in screen() and "single-source-confirmed" in screen()
    keys("Down", "Enter")  # the second warning: the first round, confirmed on one source
    wait_for(lambda: "› !18 Nov 2025" in screen(), "the cursor on the item, marked", screen)
    assert "enter jumps to the item" not in screen()
    keys("q")
    wait_for(marker.exists, "the program ending", screen)
    assert marker.read_text().strip() == "exited 0"
