"""Where time to first frame goes: the real app, headless, from import to its first frame.

The app is imported, built and run exactly as `briefing PATH` does (minus the terminal), and
stops as soon as the brief screen has composited its first frame with the brief loaded.

- default: a timeline of the steps that matter (wall clock, no profiler overhead): imports,
  loading, the search index, filling the panes, each frame;
- `--profile`: the same run under cProfile, with its tables (cumulative and own time).

Usage: `.venv/bin/python benchmarks/profile_ttff.py BRIEF [--profile] [--top N] [--cache DIR]`
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import importlib
import os
import pstats
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STEPS = (
    "briefing.app:load",
    "briefing.loader:load",
    "briefing.cache:BriefCache.get",
    "briefing.search:SearchIndex.__init__",
    "briefing.screens.brief:BriefScreen.compose",
    "briefing.screens.brief:BriefScreen.refresh_panes",
    "briefing.widgets.chrome:SummaryBox.show",
    "textual.screen:Screen._compositor_refresh",
)
"""Functions timed in the timeline; a step whose function does not exist (yet) is skipped."""

START = time.perf_counter()
gc.disable()  # as `briefing.launch` does before importing the app (which turns it back on)


def _timed(owner: Any, name: str, label: str, log: list[tuple[float, float, str]]) -> None:
    """Replace `owner.name` by a wrapper that logs (end, duration, label) for every call."""
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        begun = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            ended = time.perf_counter()
            shown = label
            if name == "_compositor_refresh" and args:
                shown = f"frame of {type(args[0]).__name__}"
            log.append((ended, ended - begun, shown))

    setattr(owner, name, wrapper)


def instrument(log: list[tuple[float, float, str]]) -> None:
    """Wrap every step of STEPS that exists."""
    for step in STEPS:
        module_name, _, qualname = step.partition(":")
        try:
            owner: Any = importlib.import_module(module_name)
        except ImportError:
            continue
        *path, name = qualname.split(".")
        try:
            for part in path:
                owner = getattr(owner, part)
            getattr(owner, name)
        except AttributeError:
            continue
        _timed(owner, name, step, log)


def first_frame(path: Path, log: list[tuple[float, float, str]] | None) -> dict[str, float]:
    """Run the app headless until its brief screen shows a frame; return phase lengths."""
    from textual.screen import Screen

    from briefing.app import BriefingApp

    imported = time.perf_counter()
    if log is not None:
        log.append((imported, imported - START, "imports (textual, briefing.app)"))
        instrument(log)
    original = Screen._compositor_refresh
    marks: dict[str, float] = {}

    def refreshed(screen: Screen[Any]) -> None:
        original(screen)
        loaded = type(screen).__name__ == "BriefScreen" and getattr(screen, "loaded", None) is not None
        # The first frame that counts is the first one a terminal would be sent: Textual writes
        # none while it starts (`_running` false) or holds a batch of updates (`App._display`).
        app = screen.app
        written = app._running and not app._batch_count and screen is app.screen
        if loaded and written and "frame" not in marks:
            marks["frame"] = time.perf_counter()
            screen.app.exit()

    Screen._compositor_refresh = refreshed  # type: ignore[method-assign]
    app = BriefingApp(path)
    app.run(headless=True, size=(120, 40))
    return {
        "import textual + briefing.app": imported - START,
        "build, load, mount → first frame": marks.get("frame", float("nan")) - imported,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("brief", type=Path)
    parser.add_argument("--profile", action="store_true", help="run under cProfile and print its tables")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--cache", type=Path, help="XDG_CACHE_HOME to use (default: a fresh, empty one)")
    args = parser.parse_args()
    os.environ["XDG_CACHE_HOME"] = str(args.cache or tempfile.mkdtemp(prefix="briefing-profile-"))
    if not args.profile:
        log: list[tuple[float, float, str]] = []
        phases = first_frame(args.brief, log)
        print(f"{'ends at':>8}  {'takes':>8}  step (wall clock, from interpreter start of this script)")
        for ended, took, label in sorted(log):
            print(f"{(ended - START) * 1000:6.0f} ms  {took * 1000:5.0f} ms  {label}")
    else:
        profile = cProfile.Profile()
        phases = profile.runcall(first_frame, args.brief, None)
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top // 2)
    for name, seconds in phases.items():
        print(f"{name:<36} {seconds * 1000:8.0f} ms{' (under cProfile)' if args.profile else ''}")


if __name__ == "__main__":
    main()
