"""Where time to first frame goes: the real app, headless, profiled from import to first frame.

The app is imported, built and run exactly as `briefing PATH` does (minus the terminal), and
stops as soon as the brief screen has composited its first frame with the brief loaded. Prints
the wall time of each phase, then the cProfile tables (cumulative and own time).

Usage: `.venv/bin/python benchmarks/profile_ttff.py BRIEF [--top N] [--cache DIR]`
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import tempfile
import time
from pathlib import Path
from typing import Any


def first_frame(path: Path) -> dict[str, float]:
    """Run the app headless until its brief screen shows a frame; return phase end times."""
    started = time.perf_counter()
    from textual.screen import Screen

    from briefing.app import BriefingApp

    imported = time.perf_counter()
    original = Screen._compositor_refresh
    marks: dict[str, float] = {}

    def refreshed(screen: Screen[Any]) -> None:
        original(screen)
        loaded = type(screen).__name__ == "BriefScreen" and getattr(screen, "loaded", None) is not None
        if loaded and "frame" not in marks:
            marks["frame"] = time.perf_counter()
            screen.app.exit()

    Screen._compositor_refresh = refreshed  # type: ignore[method-assign]
    app = BriefingApp(path)
    app.run(headless=True, size=(120, 40))
    return {
        "import textual + briefing.app": imported - started,
        "build, load, mount → first frame": marks.get("frame", float("nan")) - imported,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("brief", type=Path)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--cache", type=Path, help="XDG_CACHE_HOME to use (default: a fresh, empty one)")
    args = parser.parse_args()
    os.environ["XDG_CACHE_HOME"] = str(args.cache or tempfile.mkdtemp(prefix="briefing-profile-"))
    profile = cProfile.Profile()
    phases = profile.runcall(first_frame, args.brief)
    for name, seconds in phases.items():
        print(f"{name:<36} {seconds * 1000:8.0f} ms (under cProfile)")
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top // 2)


if __name__ == "__main__":
    main()
