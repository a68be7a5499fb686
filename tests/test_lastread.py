"""The reader's memory of the version of each brief last read (issue 15): one msgpack file per
brief, keyed by its resolved path, bounded in number, written atomically, and never an error to
read: a damaged, hostile or foreign file is no memory at all."""

from __future__ import annotations

import os
import shutil
import threading
import zlib
from pathlib import Path
from typing import Any

import msgspec
import pytest
from conftest import TALKS

from briefing import lastread
from briefing.diff import diff
from briefing.lastread import FORMAT, HEADER_LIMIT, MAGIC, LastRead
from briefing.loader import LoadedBrief, load
from briefing.locations import state_dir


def loaded(path: Path) -> LoadedBrief:
    result = load(path)
    assert result.loaded is not None
    return result.loaded


@pytest.fixture
def store(tmp_path: Path) -> LastRead:
    return LastRead(tmp_path / "state" / "read")


def test_state_lives_under_xdg_state_home(tmp_path: Path) -> None:
    assert state_dir({"HOME": str(tmp_path), "XDG_STATE_HOME": "/xdg/state"}) == Path("/xdg/state/briefing")
    for unusable in ("", "relative"):
        home = {"HOME": str(tmp_path), "XDG_STATE_HOME": unusable}
        assert state_dir(home) == tmp_path / ".local" / "state" / "briefing"


def test_a_version_comes_back_as_it_was_written(store: LastRead, brief_path: Path) -> None:
    assert store.get(brief_path) is None  # never read
    version = loaded(brief_path)
    assert store.put(brief_path, version.brief, version.digest, read_at=1_763_562_600.0)
    back = store.get(brief_path)
    assert back is not None
    assert back.brief == version.brief and diff(back.brief, version.brief) == []
    assert (back.digest, back.read_at) == (version.digest, 1_763_562_600.0)
    assert back.stamp.path == str(brief_path.resolve())
    assert [path.name for path in store.folder.iterdir()] == [store.file_for(brief_path).name]
    # Compact: the validated brief's msgpack, compressed, is smaller than the YAML it was read from.
    assert store.file_for(brief_path).stat().st_size < brief_path.stat().st_size * 0.6


def test_a_brief_is_remembered_by_its_resolved_path(
    store: LastRead, brief_path: Path, tmp_path: Path
) -> None:
    version = loaded(brief_path)
    store.put(brief_path, version.brief, version.digest)
    link = tmp_path / "link.yaml"
    link.symlink_to(brief_path)
    back = store.get(link)
    assert back is not None and back.digest == version.digest
    other = tmp_path / "other.yaml"
    shutil.copy(brief_path, other)
    assert store.get(other) is None  # the same bytes elsewhere are another brief


def test_writing_again_replaces_the_version(store: LastRead, brief_path: Path) -> None:
    version = loaded(brief_path)
    store.put(brief_path, version.brief, version.digest, read_at=1.0)
    brief_path.write_text(brief_path.read_text("utf-8").replace("Talks", "Parleys", 1), "utf-8")
    newer = loaded(brief_path)
    store.put(brief_path, newer.brief, newer.digest, read_at=2.0)
    back = store.get(brief_path)
    assert back is not None and (back.digest, back.read_at) == (newer.digest, 2.0)
    assert len(list(store.folder.iterdir())) == 1


def test_the_folder_keeps_a_bounded_number_of_versions(tmp_path: Path) -> None:
    store = LastRead(tmp_path / "read", keep=3)
    brief = loaded(TALKS).brief
    paths = [tmp_path / f"brief-{number}.yaml" for number in range(5)]
    for age, path in enumerate(paths):
        store.put(path, brief, "digest")
        when = 1_000_000 + age  # read one after the other (mtime set: no clock granularity)
        os.utime(store.file_for(path), (when, when))
    left = {path.name for path in store.folder.iterdir()}
    assert len(left) == 3
    # The two least recently read went; the newest three are still remembered.
    assert [store.get(path) is not None for path in paths] == [False, False, True, True, True]
    assert left == {store.file_for(path).name for path in paths[2:]}


def _parts(good: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """A state file's header and brief, as plain data."""
    start = len(MAGIC) + 4
    length = int.from_bytes(good[len(MAGIC) : start], "big")
    header = msgspec.msgpack.decode(good[start : start + length])
    return header, msgspec.msgpack.decode(zlib.decompress(good[start + length :]))


def _file(header: dict[str, Any] | bytes, body: dict[str, Any] | bytes, *, compress: bool = True) -> bytes:
    """A state file of this header and body (plain data is packed, the body compressed)."""
    head = header if isinstance(header, bytes) else msgspec.msgpack.encode(header)
    packed = body if isinstance(body, bytes) else msgspec.msgpack.encode(body)
    return MAGIC + len(head).to_bytes(4, "big") + head + (zlib.compress(packed) if compress else packed)


def _bad_headers(header: dict[str, Any]) -> dict[str, dict[str, Any] | bytes]:
    """Headers a damaged or foreign file may have: with them, not even the digest is read."""
    bad: dict[str, dict[str, Any] | bytes] = {
        "another path": {**header, "path": "/somewhere/else.yaml"},
        "another format": {**header, "format": FORMAT + 1},
        "unknown fields": {**header, "x-evil": True},
        "a missing digest": {key: value for key, value in header.items() if key != "digest"},
        "another shape": msgspec.msgpack.encode(["a", "list"]),
        "not msgpack": b"\xc1" * 10,
        "deep nesting": b"\x91" * 50_000,
    }
    for name, when in (("NaN", float("nan")), ("infinity", float("inf")), ("1e300", 1e300), ("-1", -1.0)):
        bad[f"read at {name}"] = {**header, "read_at": when}
    return bad


def _hostile(good: bytes) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Files a state folder may hold at a brief's name, damaged, foreign, hostile: those whose
    header does not hold, then those with a good header and a body that does not."""
    header, brief = _parts(good)
    start = len(MAGIC) + 4
    bodies: dict[str, dict[str, Any] | bytes] = {
        "a body of unknown fields": {**brief, "x-evil": True},
        "a body of wrong types": {**brief, "events": [{"id": 3, "date": ["not", "a", "date"]}]},
        "a body of another shape": msgspec.msgpack.encode({"hello": "world"}),
        "a deeply nested body": b"\x91" * 200_000,
        "a body with a huge map header": b"\xdf\xff\xff\xff\xff",
        "a body of strings not in UTF-8": msgspec.msgpack.encode(brief).replace(b"Talks", b"\xff\xfe"),
    }
    bad_bodies = {
        "cut short": good[: len(good) // 2],
        "a body cut short": good[:-10],
        "an uncompressed body": _file(header, brief, compress=False),
        "a bomb": _file(header, b"\0" * (lastread.LIMIT + 1)),
        **{name: _file(header, body) for name, body in bodies.items()},
    }
    return {
        "empty": b"",
        "random bytes": bytes(range(256)) * 8,
        "a YAML brief": TALKS.read_bytes(),
        "the magic alone": MAGIC,
        "a header longer than the file": MAGIC + (1000).to_bytes(4, "big") + b"\x80",
        "a header over the limit": MAGIC + (HEADER_LIMIT + 1).to_bytes(4, "big") + b"\0" * (HEADER_LIMIT + 1),
        "cut in its header": good[: start + 5],
        **{f"a header of {name}": _file(bad, brief) for name, bad in _bad_headers(header).items()},
    }, bad_bodies


def test_a_damaged_or_foreign_file_is_no_memory(store: LastRead, brief_path: Path) -> None:
    version = loaded(brief_path)
    store.put(brief_path, version.brief, version.digest)
    file = store.file_for(brief_path)
    good = file.read_bytes()
    assert store.stamp(brief_path) == store.get(brief_path).stamp  # type: ignore[union-attr]
    bad_headers, bad_bodies = _hostile(good)
    for name, data in {**bad_headers, **bad_bodies}.items():
        file.write_bytes(data)
        assert store.get(brief_path) is None, name
        if name in bad_headers:
            assert store.stamp(brief_path) is None, name  # not even the digest is read
        # ... and the next read session writes over it.
        assert store.put(brief_path, version.brief, version.digest), name
        back = store.get(brief_path)
        assert back is not None and back.brief == version.brief, name


def test_what_is_not_a_regular_file_is_not_read(store: LastRead, brief_path: Path) -> None:
    file = store.file_for(brief_path)
    file.parent.mkdir(parents=True)
    os.mkfifo(file)  # opening a pipe would block: refused before it is opened
    assert store.get(brief_path) is None
    file.unlink()
    file.mkdir()
    assert store.get(brief_path) is None
    version = loaded(brief_path)
    assert store.put(brief_path, version.brief, version.digest) is False  # a folder is in the way
    file.rmdir()
    file.symlink_to(file.parent / "nowhere")
    assert store.get(brief_path) is None


def test_a_file_over_the_limit_is_not_read(
    store: LastRead, brief_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = loaded(brief_path)
    store.put(brief_path, version.brief, version.digest)
    monkeypatch.setattr(lastread, "LIMIT", store.file_for(brief_path).stat().st_size - 1)
    assert store.get(brief_path) is None


def test_a_folder_that_cannot_be_written_costs_nothing(tmp_path: Path, brief_path: Path) -> None:
    blocked = tmp_path / "state"
    blocked.write_text("a file where the folder should be")
    store = LastRead(blocked / "read")
    version = loaded(brief_path)
    assert store.put(brief_path, version.brief, version.digest) is False
    assert store.get(brief_path) is None


def test_waiting_while_a_write_is_being_started_never_joins_an_unstarted_thread(
    store: LastRead, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`wait` runs in a worker (the library's) while the reader asks for writes: a write thread
    it can see must already be started, or joining it raises (seen once in CI)."""
    failures: list[BaseException] = []
    Thread = threading.Thread  # the module's own, for the waiter: the patch below replaces it

    class WaitedOnAsItStarts(Thread):
        def start(self) -> None:
            def waiter() -> None:
                try:
                    store.wait()
                except RuntimeError as error:  # what crashed the worker
                    failures.append(error)

            other = Thread(target=waiter)
            other.start()
            other.join()
            super().start()

    monkeypatch.setattr(lastread.threading, "Thread", WaitedOnAsItStarts)
    brief = loaded(TALKS)
    store.put_later(TALKS, brief.brief, brief.digest)
    monkeypatch.undo()
    store.wait()
    assert failures == []
    assert store.stamp(TALKS) is not None
