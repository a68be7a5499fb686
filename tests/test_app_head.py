"""A large brief reopened is drawn from its head (briefing/head.py), the whole brief a frame later:
the head's frame is the whole brief's, and keys pressed before the whole brief is there act on it,
in their order (issue 14)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from app_editing_support import screen_text, wait_until
from textual.pilot import Pilot

import briefing.app
from briefing import cache as cache_module
from briefing.app import BriefingApp
from briefing.cache import BriefCache
from briefing.head import HEAD_ITEMS, head_of
from briefing.loader import LoadedBrief, LoadResult, load
from briefing.locations import cache_dir
from briefing.screens.brief import BriefScreen
from briefing.widgets.panes import StatementsPane

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import brief_text

STATEMENTS = 400
"""More statements than a head holds (`HEAD_ITEMS`)."""


@pytest.fixture
def large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A brief whose head is in the reader's cache, as after a first reading."""
    monkeypatch.setattr(cache_module, "HEAD_FROM", 0)  # this brief is small enough to decode whole
    path = tmp_path / "large.yaml"
    path.write_text(brief_text(STATEMENTS), encoding="utf-8")
    assert load(path, cache=BriefCache(cache_dir() / "briefs")).ok
    return path


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Holds the reading of the whole brief until set: the gap between the two frames."""
    opened = threading.Event()
    real: Callable[..., LoadResult] = briefing.app.load_whole

    def held(head: LoadedBrief, cache: BriefCache) -> LoadResult:
        opened.wait(10)
        return real(head, cache)

    monkeypatch.setattr(briefing.app, "load_whole", held)
    yield opened
    opened.set()


def frame(app: BriefingApp) -> list[list[tuple[str, str]]]:
    """Every line on screen, with its styles."""
    return [[(s.text, str(s.style)) for s in strip] for strip in app.screen._compositor.render_strips()]


async def whole(pilot: Pilot[int], app: BriefingApp) -> None:
    for _ in range(200):
        await pilot.pause(0.02)
        if app._held is None:
            break
    await pilot.pause()


def test_a_head_holds_the_first_items_of_each_pane_and_counts_the_whole_brief(large: Path) -> None:
    loaded = load(large).loaded
    assert loaded is not None
    head = head_of(loaded.brief, loaded.lines)
    index = loaded.index
    assert {s.id for s in head.brief.statements} == {s.id for s in index.statements_by_date[:HEAD_ITEMS]}
    assert head.counts.statements == STATEMENTS and len(head.brief.statements) == HEAD_ITEMS
    said = {actor.id: index.said(actor.id) for actor in head.brief.actors}
    assert head.counts.said == said
    assert set(head.lines) <= {item.id for item in loaded.index.by_id.values()}


@pytest.mark.anyio
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_head_is_drawn_first_and_looks_like_the_whole_brief(
    large: Path, gate: threading.Event, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Warnings and changes since the last reading come later whatever is drawn first: left out.
    monkeypatch.setattr(BriefScreen, "_check_quality", lambda screen, loaded: None)
    monkeypatch.setattr(BriefScreen, "_compare_since", lambda screen, loaded: None)
    app = BriefingApp(large)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        shown = screen.loaded  # type: ignore[attr-defined]
        assert shown.head is not None and len(shown.brief.statements) == HEAD_ITEMS
        first = frame(app)
        assert any(f"{STATEMENTS} statements" in text for line in first for text, _ in line)
        gate.set()
        await whole(pilot, app)
        shown = screen.loaded  # type: ignore[attr-defined]
        assert shown.head is None and len(shown.brief.statements) == STATEMENTS
        assert frame(app) == first


@pytest.mark.anyio
async def test_keys_pressed_before_the_whole_brief_act_on_it_in_their_order(
    large: Path, gate: threading.Event
) -> None:
    expected = load(large).loaded
    assert expected is not None
    last = expected.index.statements_by_date[-1]
    app = BriefingApp(large)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.screen.loaded.head is not None  # type: ignore[attr-defined]
        # The last statement (not in the head), then a search typed at once.
        await pilot.press("3", "G", "slash", "q", "u")
        await pilot.click("#statements")  # the mouse is ignored meanwhile
        assert app.screen.search_query == ""  # type: ignore[attr-defined]
        assert app.is_running  # `q` waits for the whole brief too: typed into the search
        gate.set()
        await whole(pilot, app)
        screen = app.screen
        assert screen.loaded.head is None  # type: ignore[attr-defined]
        assert screen.search_query == "qu"  # type: ignore[attr-defined]
        pane = screen.query_one(StatementsPane)
        assert screen.active_pane == "statements"  # type: ignore[attr-defined]
        await pilot.press("escape", "escape")
        assert pane.highlighted == last  # the whole brief's last, not the head's
        assert app.is_running


@pytest.mark.anyio
async def test_a_small_brief_has_no_head(brief_path: Path) -> None:
    assert load(brief_path, cache=BriefCache(cache_dir() / "briefs")).ok
    assert BriefCache(cache_dir() / "briefs").get_head(load(brief_path).loaded.digest) is None  # type: ignore[union-attr]
    app = BriefingApp(brief_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.screen.loaded.head is None  # type: ignore[attr-defined]
        assert app._held is None


@pytest.mark.anyio
async def test_a_reload_before_the_whole_brief_wins_and_the_keys_still_act(
    large: Path, gate: threading.Event
) -> None:
    app = BriefingApp(large)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.loaded.head is not None  # type: ignore[attr-defined]
        await pilot.press("3", "G")
        text = large.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title:"))
        large.write_text(text.replace(title, "title: Edited meanwhile"), encoding="utf-8")
        await wait_until(pilot, lambda: "Edited meanwhile" in screen_text(app), "the reloaded title")
        reloaded = screen.loaded  # type: ignore[attr-defined]
        assert reloaded.head is None and len(reloaded.brief.statements) == STATEMENTS
        gate.set()
        await whole(pilot, app)
        assert screen.loaded is reloaded  # type: ignore[attr-defined]  # the older whole brief did not win
        pane = screen.query_one(StatementsPane)
        assert pane.highlighted == reloaded.index.statements_by_date[-1]
