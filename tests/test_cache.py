"""The brief cache: deferred writes for the reader's start-up, atomic files without fsync."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.app import BriefingApp
from briefing.cache import BriefCache
from briefing.files import write_atomic
from briefing.loader import load
from tests.app_editing_support import wait_until

BRIEF = "briefing: 1\ntitle: T\nas_of: 2025\nactors:\n  - id: a\n    name: A\n"


def test_a_deferred_cache_holds_entries_until_flushed(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(BRIEF, encoding="utf-8")
    folder = tmp_path / "cache"
    cache = BriefCache(folder, deferred=True)
    loaded = load(brief, cache=cache).loaded
    assert loaded is not None
    assert not folder.exists()
    held = cache.get(loaded.digest)  # from memory
    assert held is not None and held[0].actors == loaded.brief.actors and held[1] == loaded.lines
    cache.flush()
    assert [path.suffix for path in folder.iterdir()] == [".msgpack"]
    assert BriefCache(folder).get(loaded.digest) == held  # from disk
    cache.flush()  # nothing held: nothing written again
    assert len(list(folder.iterdir())) == 1


def test_cache_files_are_written_atomically_but_not_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    write_atomic(tmp_path / "kept.yaml", "user data")
    assert synced, "a user's file is synced"
    synced.clear()
    brief = tmp_path / "brief.yaml"
    brief.write_text(BRIEF, encoding="utf-8")
    load(brief, cache=BriefCache(tmp_path / "cache"))
    assert not synced
    assert [path.name.startswith(".") for path in (tmp_path / "cache").iterdir()] == [
        False
    ]  # no temporary left


@pytest.mark.anyio
async def test_the_reader_writes_the_cache_entry_of_the_opened_brief_after_its_first_frame(
    brief_path: Path,
) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test() as pilot:
        digest = app.screen.loaded.digest  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: any(app.brief_cache.folder.glob(f"{digest}-*")), "the cache file")
        assert not app.brief_cache.deferred
    assert BriefCache(app.brief_cache.folder).get(digest) is not None


def test_a_large_brief_is_cached_with_its_head_and_pruned_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.cache

    monkeypatch.setattr(briefing.cache, "HEAD_FROM", 0)
    monkeypatch.setattr(briefing.cache, "KEEP", 1)
    folder = tmp_path / "cache"
    cache = BriefCache(folder)
    digests = []
    for title in ("One", "Two"):
        brief = tmp_path / f"{title}.yaml"
        brief.write_text(BRIEF.replace("title: T", f"title: {title}"), encoding="utf-8")
        loaded = load(brief, cache=cache).loaded
        assert loaded is not None
        digests.append(loaded.digest)
        os.utime(folder / f"{loaded.digest}-head-{briefing.cache.__version__}.msgpack", (0, 0))  # older
    head = cache.get_head(digests[1])
    assert head is not None and head.brief.title == "Two" and head.counts.actors == 1
    assert cache.get_head(digests[0]) is None and cache.get(digests[0]) is None  # pruned together
    assert len(list(folder.iterdir())) == 2
