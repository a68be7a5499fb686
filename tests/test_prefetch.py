"""The brief read in a second process while the reader starts: the same brief or the same errors
as reading it in the reader, never the child's answer for other bytes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from briefing import prefetch
from briefing.app import BriefingApp
from briefing.cache import BriefCache
from briefing.loader import load
from briefing.locations import cache_dir
from briefing.prefetch import Prefetch, start

INVALID = "briefing: 1\ntitle: T\nas_of: 2025\nactors:\n  - id: a\n    nam: A\n  - id: a\n    name: B\n"


@pytest.fixture(autouse=True)
def spare_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child is started only where a core is free to run it: these tests want it."""
    monkeypatch.setattr(prefetch, "_spare_core", lambda: True)


@pytest.fixture(params=["spawned", "forked"])
def method(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of starting the child: a new interpreter (small briefs), a fork (large ones)."""
    monkeypatch.setattr(prefetch, "SPAWN_UP_TO", 1 << 40 if request.param == "spawned" else -1)
    return str(request.param)


def started(path: Path, folder: Path) -> Prefetch:
    child = start(path, folder)
    assert child is not None
    return child


def test_a_valid_brief_is_in_the_cache_when_the_reader_loads_it(
    brief_path: Path, tmp_path: Path, method: str
) -> None:
    folder = tmp_path / "cache"
    child = started(brief_path, folder)
    report = child.report()
    assert report is not None and report[1] == []
    assert [entry.suffix for entry in folder.iterdir()] == [".msgpack"]  # written by the child
    cache = BriefCache(folder, deferred=True)
    result = child.load(brief_path, cache)
    expected = load(brief_path)
    assert result.ok and expected.loaded is not None and result.loaded is not None
    assert result.loaded.brief == expected.loaded.brief and result.loaded.lines == expected.loaded.lines
    assert result.path == expected.path
    cache.flush()
    assert len(list(folder.iterdir())) == 1  # a cache hit: nothing held to write again


def test_an_invalid_brief_gets_the_errors_the_reader_would_find(tmp_path: Path, method: str) -> None:
    brief = tmp_path / "broken.yaml"
    brief.write_text(INVALID, encoding="utf-8")
    child = started(brief, tmp_path / "cache")
    result = child.load(brief, BriefCache(tmp_path / "cache"))
    expected = load(brief)
    assert not expected.ok and len(expected.errors) >= 2
    assert (result.path, result.loaded, result.errors) == (expected.path, None, expected.errors)
    assert not (tmp_path / "cache").exists()  # only valid briefs are cached


def test_a_file_changed_after_the_child_read_it_is_read_again(tmp_path: Path, method: str) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(INVALID, encoding="utf-8")
    child = started(brief, tmp_path / "cache")
    assert child.report() is not None  # the child has read the broken version
    brief.write_text(INVALID.replace("nam:", "name:").replace("id: a\n    name: B", "id: b\n    name: B"))
    result = child.load(brief, BriefCache(tmp_path / "cache"))
    assert result.ok and result.loaded is not None
    assert [actor.name for actor in result.loaded.brief.actors] == ["A", "B"]


def test_a_child_that_failed_costs_only_its_time(brief_path: Path, tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # a child that dies with half a message
        os.write(write_end, b"\x92\xa2")
        os._exit(1)
    os.close(write_end)
    child = Prefetch(brief_path, pid, read_end)
    assert child.report() is None
    result = child.load(brief_path, BriefCache(tmp_path / "cache"))
    expected = load(brief_path)
    assert result.loaded is not None and expected.loaded is not None
    assert result.loaded.brief == expected.loaded.brief


def test_a_child_that_crashes_prints_nothing_and_costs_only_its_time(
    brief_path: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The child's output goes nowhere: a traceback would be drawn over the reader's screen."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "path", [])  # the child finds `briefing`, not msgspec: it crashes
        child = started(brief_path, tmp_path / "cache")
    assert child.report() is None
    assert capfd.readouterr() == ("", "")
    result = child.load(brief_path, BriefCache(tmp_path / "cache"))
    expected = load(brief_path)
    assert result.loaded is not None and expected.loaded is not None
    assert result.loaded.brief == expected.loaded.brief


def test_a_small_brief_is_read_by_a_new_interpreter_a_large_one_by_a_fork(
    brief_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fork costs the reader copy-on-write faults while the child lives; a new interpreter
    costs the child its start, which only a large brief's reader waits for."""
    used: list[str] = []
    for name in ("_spawn", "_fork"):
        original = getattr(prefetch, name)
        monkeypatch.setattr(prefetch, name, lambda *args, _f=original, _n=name: used.append(_n) or _f(*args))
    large = tmp_path / "large.yaml"
    large.write_bytes(brief_path.read_bytes() + b"#" * prefetch.SPAWN_UP_TO + b"\n")
    for path in (brief_path, large):
        child = started(path, tmp_path / "cache")
        report = child.report()
        assert report is not None and report[1] == []
    assert used == ["_spawn", "_fork"]


def test_no_child_for_a_folder_or_without_a_free_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert start(tmp_path, tmp_path / "cache") is None
    brief = tmp_path / "brief.yaml"
    brief.write_text(INVALID, encoding="utf-8")
    monkeypatch.setattr(prefetch, "_spare_core", lambda: False)
    assert start(brief, tmp_path / "cache") is None
    monkeypatch.undo()
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(prefetch, "_runnable_elsewhere", lambda: 1)  # the other core is busy now
    monkeypatch.setattr(os, "getloadavg", lambda: (0.4, 1.0, 1.0))  # though idle on average
    assert not prefetch._spare_core()
    monkeypatch.setattr(prefetch, "_runnable_elsewhere", lambda: 0)
    monkeypatch.setattr(os, "getloadavg", lambda: (1.5, 1.0, 1.0))  # busy a minute ago, not now
    assert prefetch._spare_core()
    monkeypatch.setattr(prefetch, "_runnable_elsewhere", lambda: None)  # no /proc: the average
    assert not prefetch._spare_core()
    monkeypatch.setattr(os, "getloadavg", lambda: (0.4, 1.0, 1.0))
    assert prefetch._spare_core()
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert not prefetch._spare_core()


def test_the_tasks_runnable_now_are_read_from_the_system() -> None:
    """Linux says in /proc/loadavg (`running/total`); elsewhere the minute's average decides."""
    others = prefetch._runnable_elsewhere()
    if not Path("/proc/loadavg").exists():
        assert others is None
        return
    total = int(Path("/proc/loadavg").read_text().split()[3].split("/")[1])
    assert others is not None and 0 <= others < total


@pytest.mark.anyio
async def test_the_reader_shows_the_brief_or_the_errors_the_child_read(
    brief_path: Path, tmp_path: Path, method: str
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(INVALID, encoding="utf-8")
    folder = cache_dir() / "briefs"
    for path in (brief_path, broken):
        expected = load(path)
        app = BriefingApp(path, prefetch=started(path, folder))
        async with app.run_test() as pilot:
            await pilot.pause()
            screen = app.screen
            assert screen.errors == expected.errors  # type: ignore[attr-defined]
            loaded = screen.loaded  # type: ignore[attr-defined]
            assert (loaded and loaded.brief) == (expected.loaded and expected.loaded.brief)
            assert app.prefetch is None  # used once, for the first brief
