"""The real program on a library in a real terminal (tmux): it refreshes as files change on disk."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import TALKS
from test_smoke_tmux import ROOT, session, start, wait_for

__all__ = ["session"]  # the fixture, shared with the other smoke tests


def test_library_refreshes_orders_and_opens(session: str, tmp_path: Path) -> None:
    library = tmp_path / "library"
    (library / "shelf").mkdir(parents=True)
    text = TALKS.read_text(encoding="utf-8")
    (library / "brief-2.yaml").write_text(text.replace("2025-11-21", "2025-11-01", 1), encoding="utf-8")
    (library / "brief-10.yaml").write_text("briefing: 1\ntitle: x\n", encoding="utf-8")
    (library / "docker-compose.yml").write_text("services: {}\n", encoding="utf-8")
    marker = tmp_path / "exit-status"
    environment = f"env -u COLUMNS -u LINES XDG_CACHE_HOME={tmp_path}/cache XDG_CONFIG_HOME={tmp_path}/config"
    command = f"cd {ROOT} && {environment} {sys.executable} -m briefing {library}; echo exited $? > {marker}"
    screen, keys = start(session, command)

    wait_for(lambda: "✗ INVALID" in screen() and "as of 1 Nov 2025" in screen(), "the library read", screen)
    assert "2 briefs, 1 invalid, 1 skipped" in screen()
    (library / "brief-10.yaml").write_text(text.replace("Ruritania", "Freedonia", 1), encoding="utf-8")
    wait_for(lambda: "Freedonia" in screen() and "INVALID" not in screen(), "the fixed brief", screen)
    (library / "shelf" / "new.yaml").write_text(
        text.replace("Ruritania", "Grand Fenwick", 1), encoding="utf-8"
    )
    wait_for(lambda: "▸ shelf" in screen() and "Grand Fenwick" in screen(), "the new shelf", screen)
    lines = screen().splitlines()
    assert [i for i, line in enumerate(lines) if "Freedonia" in line] < [
        i for i, line in enumerate(lines) if "brief-2.yaml" in line
    ]  # newest first: 21 Nov before 1 Nov
    keys("o")
    wait_for(lambda: "by name" in screen(), "the name order", screen)
    lines = screen().splitlines()
    assert [i for i, line in enumerate(lines) if "brief-2.yaml" in line] < [
        i for i, line in enumerate(lines) if "brief-10.yaml" in line
    ]
    keys("Enter")
    wait_for(lambda: "1 Timeline" in screen(), "the brief opened", screen)
    keys("q")
    wait_for(marker.exists, "the program ending", screen)
    assert marker.read_text().strip() == "exited 0"
