"""In-process figures of issue 7, measured inside the real app with Textual's `App.run_test()`.

What is measured, exactly (the same for every brief size):

- **key → frame latency**: a `Key` event is handed to the app's driver the way a terminal's input
  thread does (`driver.send_message`), and the clock stops when the screen's compositor has
  rendered a frame (`Screen._compositor_refresh` returns: the frame Textual would write to the
  terminal) that repainted the panes (or the whole screen) *and* shows the new state (for search:
  the screen's `search_query` equals the text typed; for paging: the pane's scroll offset or
  cursor moved). A keystroke in the search field first gives a small frame that repaints only
  the field; that one does not count. The latency includes Textual's frame pacing: the screen
  updates on a 60 Hz timer, so a key that comes within 16.7 ms of the last frame waits for the
  next tick. Keys are sent GAP (50 ms) apart, as a fast typist or a held key's repeat would, so
  that wait only appears when the previous key's work ran long.
- **CPU work**: `time.process_time()` over the same span: the work the keystroke caused,
  without the wait for the frame timer.

Run by `benchmarks/run.py`; prints JSON: `{figure: {"samples": [seconds…], "cpu": [...], "what": …}
| {"na": reason}}`.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widget import Widget

TIMEOUT = 10.0
GAP = 0.05
"""Seconds between keys: a fast typist, or a held key repeating. Back-to-back keys would each wait
for the 60 Hz frame timer to come round again, which a person's keystrokes never do."""
SEARCH_WORD = "secur"
"""Typed one letter at a time; matches "security" in English quotes, narrowing with each letter."""
PAGES = 100
SIZE = (120, 40)


class FrameProbe:
    """Wraps a screen's compositor refresh to note when a frame showing a wanted state is done.

    A frame counts when the wanted state holds *and* the frame repainted the widgets that show it
    (or the whole screen): a key often gives first a small frame for the input field alone, and
    the panes only in the next one.
    """

    def __init__(self, screen: Screen[Any], shows: set[Widget]) -> None:
        self.condition: Callable[[], bool] | None = None
        self.done = asyncio.Event()
        self.shown_at = (0.0, 0.0)
        original = screen._compositor_refresh
        watched = {screen, *shows}

        def refreshed() -> None:
            repainted = not watched.isdisjoint(screen._dirty_widgets)
            original()
            if repainted and self.condition is not None and self.condition():
                self.shown_at = (time.perf_counter(), time.process_time())
                self.condition = None
                self.done.set()

        screen._compositor_refresh = refreshed  # type: ignore[method-assign]

    async def key(
        self, app: App[Any], key: str, shown: Callable[[], bool], timeout: float = TIMEOUT
    ) -> tuple[float, float]:
        """Send `key` as a terminal would; return (latency, cpu) until a frame where `shown()`."""
        await asyncio.sleep(GAP)
        self.done.clear()
        self.condition = shown
        character = key if len(key) == 1 else None
        event = events.Key(key, character)
        event.set_sender(app)
        assert app._driver is not None
        start, cpu = time.perf_counter(), time.process_time()
        app._driver.send_message(event)
        await asyncio.wait_for(self.done.wait(), timeout)
        return self.shown_at[0] - start, self.shown_at[1] - cpu


def make_app(path: Path) -> App[Any]:
    """The real app, opened on `path` the way `briefing PATH` opens it: with the collector
    paused, so that the app resumes it after the first frame with the start-up objects frozen."""
    from briefing.app import BriefingApp

    gc.disable()
    return BriefingApp(path)


async def brief_screen(app: App[Any], pilot: Any) -> Screen[Any]:
    """Wait until the brief screen is up with its brief loaded."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        screen = app.screen
        if type(screen).__name__ == "BriefScreen" and getattr(screen, "loaded", None) is not None:
            await pilot.pause()
            return screen
        await asyncio.sleep(0.02)
    raise TimeoutError(f"no loaded BriefScreen after 60 s (screen: {type(app.screen).__name__})")


async def search(path: Path, reps: int) -> dict[str, Any]:
    """Type SEARCH_WORD into the search field `reps` times; every keystroke is one sample."""
    app = make_app(path)
    latencies: list[float] = []
    cpu: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await brief_screen(app, pilot)
        # The search index is built in a thread after the first frame (≈0.1–0.2 s at 10,000
        # statements); keystrokes are timed once it is there, not while that thread competes.
        deadline = time.monotonic() + 60
        while getattr(screen, "_search", None) is None and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        probe = FrameProbe(screen, set(screen.query("BriefPane")))
        for _ in range(reps):
            await pilot.press("slash")
            await pilot.pause()
            typed = ""
            for letter in SEARCH_WORD:
                typed += letter
                latency, work = await probe.key(app, letter, lambda typed=typed: screen.search_query == typed)
                latencies.append(latency)
                cpu.append(work)
            await pilot.press("escape")
            await pilot.pause()
            if screen.search_query:
                await pilot.press("escape")
                await pilot.pause()
    return {
        "samples": latencies,
        "cpu": cpu,
        "what": f"'/' then '{SEARCH_WORD}' letter by letter: key → frame showing the filtered panes",
    }


async def page_down(path: Path) -> dict[str, Any]:
    """Focus the statements pane and press page-down PAGES times; every page is one sample."""
    app = make_app(path)
    latencies: list[float] = []
    cpu: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await brief_screen(app, pilot)
        screen.action_show_pane("statements")
        pane = screen.pane("statements")
        probe = FrameProbe(screen, {pane})
        pane.focus()
        await pilot.pause()
        items = len(pane.items)
        for page in range(PAGES):
            before = (pane.scroll_y, pane.cursor)
            if pane.scroll_y >= pane.max_scroll_y:
                break
            try:
                latency, work = await probe.key(
                    app, "pagedown", lambda before=before: (pane.scroll_y, pane.cursor) != before, timeout=2.0
                )
            except TimeoutError:
                stuck = getattr(pane.highlighted, "id", pane.cursor)
                height = pane.scrollable_content_region.height
                reason = f"page-down stopped moving after {page} pages, at {stuck} (pane {height} lines high)"
                return {"na": reason}
            latencies.append(latency)
            cpu.append(work)
    return {
        "samples": latencies,
        "cpu": cpu,
        "what": f"page-down in the statements pane ({items} items): key → frame scrolled",
    }


async def measure(small: Path, large: Path, reps: int, *, large_first: bool = False) -> dict[str, Any]:
    """Every in-process figure; a failing one becomes {"na": reason} and the others still run.
    `large_first` swaps the order of the two searches, so that alternate runs cancel drift."""
    jobs = {
        "search_small": lambda: search(small, reps),
        "search_large": lambda: search(large, reps),
        "page_down_large": lambda: page_down(large),
    }
    if large_first:
        jobs = {name: jobs[name] for name in ("search_large", "search_small", "page_down_large")}
    results: dict[str, Any] = {}
    for name, job in jobs.items():
        try:
            results[name] = await job()
        except Exception as error:  # noqa: BLE001 - a broken part must not hide the other figures
            results[name] = {"na": f"{type(error).__name__}: {error}"[:200]}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=Path, required=True)
    parser.add_argument("--large", type=Path, required=True)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--large-first", action="store_true", help="search the large brief first")
    parser.add_argument("--json", type=Path, help="write the results here (default stdout)")
    args = parser.parse_args()
    results = asyncio.run(measure(args.small, args.large, args.reps, large_first=args.large_first))
    text = json.dumps(results)
    if args.json:
        args.json.write_text(text)
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
