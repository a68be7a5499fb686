"""Reading the brief in a child process while the reader starts (`briefing.preload`)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from briefing import preload
from briefing.app import BriefingApp
from briefing.cache import BriefCache
from briefing.loader import LoadResult, load

BENCH_LIKE = "briefing: 1\ntitle: Preloaded\nas_of: 2025\nactors:\n  - id: a\n    name: A\n"


def same(first: LoadResult, second: LoadResult) -> bool:
    if first.errors != second.errors or (first.loaded is None) != (second.loaded is None):
        return False
    if first.loaded is None or second.loaded is None:
        return True
    return (first.loaded.brief, first.loaded.lines, first.loaded.digest) == (
        second.loaded.brief,
        second.loaded.lines,
        second.loaded.digest,
    )


def test_the_child_reads_what_the_app_would_read(tmp_path: Path, brief_path: Path) -> None:
    invalid = tmp_path / "invalid.yaml"
    invalid.write_text("briefing: 1\ntitle: 12\nas_of: nope\n", encoding="utf-8")
    for path in (brief_path, invalid):
        reading = preload.start(path, tmp_path / "cache")
        assert reading is not None
        result = reading.result()
        reading.finish()
        assert result is not None and same(result, load(path)), path


def test_a_brief_the_child_found_in_the_cache_is_left_to_the_app(tmp_path: Path, brief_path: Path) -> None:
    folder = tmp_path / "cache"
    first = preload.start(brief_path, folder)
    assert first is not None and first.result() is not None
    first.finish()  # the child writes the cache entry after sending the brief
    assert BriefCache(folder).get(load(brief_path).loaded.digest) is not None  # type: ignore[union-attr]
    again = preload.start(brief_path, folder)
    assert again is not None and again.result() is None


def test_a_child_that_dies_gives_nothing_and_leaves_no_zombie(tmp_path: Path, brief_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(BENCH_LIKE + "summary: " + "x" * 5_000_000 + "\n", encoding="utf-8")
    reading = preload.start(big, tmp_path / "cache")
    assert reading is not None
    os.kill(reading.pid, signal.SIGKILL)
    assert reading.result() is None
    reading.finish()
    assert reading.reaped
    with pytest.raises(ChildProcessError):
        os.waitpid(reading.pid, os.WNOHANG)


def test_without_fork_or_for_a_folder_nothing_is_preloaded(
    tmp_path: Path, brief_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert preload.start(tmp_path, tmp_path / "cache") is None
    monkeypatch.delattr(os, "fork")
    assert preload.start(brief_path, tmp_path / "cache") is None


@pytest.mark.anyio
async def test_the_reader_shows_the_preloaded_brief_and_loads_itself_when_there_is_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text(BENCH_LIKE, encoding="utf-8")
    reading = preload.start(path, tmp_path / "cache")
    assert reading is not None
    loads: list[Path] = []
    monkeypatch.setattr("briefing.app.load", lambda target, **kwargs: loads.append(target) or load(target))
    app = BriefingApp(path, preload=reading)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.screen.loaded.brief.title == "Preloaded"  # type: ignore[attr-defined]
    assert loads == []  # the child's reading was used
    cached = preload.start(path, tmp_path / "cache")  # now in the cache: the app reads it itself
    app = BriefingApp(path, preload=cached)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.screen.loaded.brief.title == "Preloaded"  # type: ignore[attr-defined]
    assert loads == [path]
