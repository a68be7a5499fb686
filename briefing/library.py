"""A library of briefs: every brief file below a folder, drawn from a small head record per file.

The library screen shows a title, an as-of date, counts and errors, never a whole brief. Those
are kept per file (by its size and modification time) in one msgpack file per library in the
cache, so that a library of a thousand briefs is drawn from one read and a `stat` of each file.
A file whose head is missing or stale is read after the first frame (`read_head`), and the
record is written back atomically. Nothing here knows about Textual.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import msgspec

from briefing import __version__
from briefing.describe import counts
from briefing.files import read_limited, write_atomic
from briefing.loader import DEFAULT_MAX_BYTES, content_digest, load, load_bytes
from briefing.locations import cache_dir

SKIPPED_NOTE = "no top-level `briefing:` key"
"""Why a YAML file is not listed: it is some other program's file (a `docker-compose.yml`)."""

_BRIEF_KEY = re.compile(rb"""(?m)^(?:\{[ \t]*)?(?:briefing|"briefing"|'briefing')[ \t]*:""")
"""A top-level `briefing:` key, also in a flow mapping (`{briefing: 1, …}`): found without parsing."""


class Problem(msgspec.Struct, frozen=True):
    line: int
    column: int
    message: str


class Head(msgspec.Struct, frozen=True):
    """What the library shows of one file: a valid brief's title, date and counts, or every error."""

    brief: bool = True
    """False: not a brief at all (no `briefing:` key), skipped and counted."""
    title: str = ""
    as_of: str = ""
    as_of_key: tuple[int, int] = (0, 0)
    counts: str = ""
    errors: tuple[Problem, ...] = ()
    digest: str = ""
    """A valid brief's `content_digest` ("" in records written before it was kept): the library
    compares it with the version last read (`briefing.lastread`)."""

    @property
    def valid(self) -> bool:
        return self.brief and not self.errors


class _Stamp(msgspec.Struct, frozen=True):
    size: int
    mtime_ns: int
    head: Head


@dataclass(frozen=True)
class Entry:
    """One brief file of the library; `head` is None until the file has been read."""

    path: Path
    shelf: str
    """The subfolder it sits in, relative to the library ("" at the top)."""
    head: Head | None

    @property
    def name(self) -> str:
        return self.path.name


def read_head(path: Path) -> Head:
    """Read and validate one file for its head record (in a thread: it parses the whole brief)."""
    try:
        data = read_limited(path, DEFAULT_MAX_BYTES)
    except OSError:
        data = None  # a pipe, a device, too large, gone: the loader says which
    result = load(path) if data is None else load_bytes(data, str(path))
    if result.loaded is not None and not result.errors:
        brief = result.loaded.brief
        return Head(
            title=brief.title,
            as_of=brief.as_of.display(),
            as_of_key=brief.as_of.sort_key,
            counts=counts(brief),
            digest=result.loaded.digest,
        )
    if data is not None and _BRIEF_KEY.search(data) is None:
        return Head(brief=False)
    return Head(errors=tuple(Problem(error.line, error.column, error.message) for error in result.errors))


def brief_paths(folder: Path) -> list[Path]:
    """Every `*.yaml`/`*.yml` file below `folder`, outside hidden folders (`.git`), by path.

    One `scandir` per folder and no `stat` per entry (the OS says what is a folder): a library of
    a thousand briefs is listed before its first frame. Links to folders are not followed."""
    from briefing.commands import BRIEF_SUFFIXES

    found: list[str] = []
    folders = [str(folder.absolute())]
    while folders:
        with contextlib.suppress(OSError), os.scandir(folders.pop()) as listing:
            for item in listing:
                if item.name.startswith("."):
                    continue
                if item.is_dir(follow_symlinks=False):
                    folders.append(item.path)
                elif item.name.lower().endswith(BRIEF_SUFFIXES) and item.is_file():
                    found.append(item.path)
    return [Path(path) for path in sorted(found)]


_NUMBER = re.compile(r"([0-9]+)")


@lru_cache(maxsize=65_536)
def natural_key(text: str) -> tuple[object, ...]:
    """`brief-2` before `brief-10`: ASCII digits compare as numbers, the rest case-insensitively,
    and names that differ only in case by their text (a total order, the same every time)."""
    parts = _NUMBER.split(text)  # odd places hold the numbers
    return (*((at % 2, int(part) if at % 2 else part.casefold()) for at, part in enumerate(parts)), text)


ORDERS = ("newest", "name")
"""Newest `as_of` first (name order among equals and for unread or invalid files), or by name."""


def ordered(entries: Iterable[Entry], order: str) -> list[Entry]:
    """Entries shelf by shelf (the top first), each shelf in `order`."""

    def key(entry: Entry) -> tuple[object, ...]:
        shelf = (entry.shelf != "", natural_key(entry.shelf))
        name = natural_key(entry.name)
        if order == "name":
            return (*shelf, name)
        head = entry.head
        dated = head is not None and head.valid
        newest = (-head.as_of_key[0], -head.as_of_key[1]) if dated and head else (0, 0)
        return (*shelf, not dated, newest, name)

    return sorted(entries, key=key)


class HeadStore:
    """The head records of one library folder, in `$XDG_CACHE_HOME/briefing/library/`.

    One file per folder, named by the hash of the folder's path; a damaged or stale file is
    empty, never an error, and a failed write is skipped."""

    def __init__(self, folder: Path, cache: Path | None = None) -> None:
        self.folder = folder.absolute()
        name = content_digest(str(self.folder).encode("utf-8", "surrogateescape"))
        self.file = (cache or cache_dir() / "library") / f"{name}-{__version__}.msgpack"
        self._prefix = os.path.join(str(self.folder), "")
        """Paths below the folder start with this; what follows is their name in the library."""
        self._stamps: dict[str, _Stamp] = {}
        with contextlib.suppress(OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError):
            self._stamps = msgspec.msgpack.decode(self.file.read_bytes(), type=dict[str, _Stamp])

    def _stamp(self, path: Path) -> tuple[str, int, int] | None:
        """The file's name in the library, size and modification time (None: gone)."""
        try:
            status = os.stat(path)
        except OSError:
            return None
        return str(path)[len(self._prefix) :], status.st_size, status.st_mtime_ns

    def entries(self, paths: Iterable[Path]) -> list[Entry]:
        """An entry for each path below the folder, with its head when the file is unchanged
        since it was read."""
        entries = []
        for path in paths:
            stamp = self._stamp(path)
            if stamp is None:
                continue
            name, size, mtime_ns = stamp
            known = self._stamps.get(name)
            head = known.head if known and (known.size, known.mtime_ns) == (size, mtime_ns) else None
            if head is not None and head.valid and not head.digest:
                head = None  # a record from before digests were kept: read once more
            entries.append(Entry(path, os.path.dirname(name).replace(os.sep, "/"), head))
        return entries

    def read(self, entry: Entry) -> Entry:
        """The entry with its head read from the file now (in a thread)."""
        stamp = self._stamp(entry.path)
        head = read_head(entry.path)
        if stamp is not None:
            self._stamps[stamp[0]] = _Stamp(stamp[1], stamp[2], head)
        return Entry(entry.path, entry.shelf, head)

    def save(self, entries: Iterable[Entry]) -> None:
        """Keep the records of the files listed now (a removed file's record goes)."""
        keep = {str(entry.path)[len(self._prefix) :] for entry in entries}
        self._stamps = {name: stamp for name, stamp in self._stamps.items() if name in keep}
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file, msgspec.msgpack.encode(self._stamps), overwrite=True, durable=False)
