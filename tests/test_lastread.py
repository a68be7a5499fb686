"""The reader's memory of the version of each brief last read (issue 15): one msgpack file per
brief, keyed by its resolved path, bounded in number, written atomically, and never an error to
read: a damaged, hostile or foreign file is no memory at all."""

from __future__ import annotations

import os
import shutil
import zlib
from pathlib import Path

import msgspec
import pytest
from conftest import TALKS

from briefing import lastread
from briefing.diff import diff
from briefing.lastread import FORMAT, LastRead
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
    assert back.path == str(brief_path.resolve())
    assert [path.name for path in store.folder.iterdir()] == [store.file_for(brief_path).name]
    # Compact: the validated brief's msgpack, compressed, is smaller than the YAML it was read from.
    assert store.file_for(brief_path).stat().st_size < brief_path.stat().st_size / 2


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


def _hostile(good: bytes) -> dict[str, object]:
    """Files a state folder may hold at a brief's name: damaged, foreign, hostile."""
    good = zlib.decompress(good)
    foreign = msgspec.msgpack.decode(good)
    foreign["path"] = "/somewhere/else.yaml"
    other_format = msgspec.msgpack.decode(good)
    other_format["format"] = FORMAT + 1
    extra = msgspec.msgpack.decode(good)
    extra["brief"]["x-evil"] = True
    times = {}
    for name, when in (("NaN", float("nan")), ("infinity", float("inf")), ("1e300", 1e300), ("-1", -1.0)):
        times[f"read at {name}"] = msgspec.msgpack.decode(good)
        times[f"read at {name}"]["read_at"] = when
    wrong_types = msgspec.msgpack.decode(good)
    wrong_types["brief"]["events"] = [{"id": 3, "date": ["not", "a", "date"]}]
    packed = {
        "random bytes": bytes(range(256)) * 8,
        "truncated": good[: len(good) // 2],
        "a YAML brief": TALKS.read_bytes(),
        "deep nesting": b"\x91" * 200_000,
        "a huge map header": b"\xdf\xff\xff\xff\xff",
        "another shape": msgspec.msgpack.encode({"hello": "world"}),
        "another path": msgspec.msgpack.encode(foreign),
        "another format": msgspec.msgpack.encode(other_format),
        "unknown fields": msgspec.msgpack.encode(extra),
        "wrong types": msgspec.msgpack.encode(wrong_types),
        "not utf-8 strings": good.replace(b"Talks", b"\xff\xfe\xfd\xfc\xfb"),
        **{name: msgspec.msgpack.encode(version) for name, version in times.items()},
    }
    return {
        **{f"{name}, compressed": zlib.compress(data) for name, data in packed.items()},
        "a compressed file cut short": zlib.compress(good)[:-10],
        "a bomb": zlib.compress(b"\0" * (lastread.LIMIT + 1)),
        "empty": b"",
        **packed,  # not compressed at all
    }


def test_a_damaged_or_foreign_file_is_no_memory(store: LastRead, brief_path: Path) -> None:
    version = loaded(brief_path)
    store.put(brief_path, version.brief, version.digest)
    file = store.file_for(brief_path)
    good = file.read_bytes()
    for name, data in _hostile(good).items():
        file.write_bytes(data)
        assert store.get(brief_path) is None, name
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
