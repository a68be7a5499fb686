"""A content-hash cache of validated briefs, so that reopening an unchanged file skips parsing.

Entries are msgpack (a plain data format, never pickle), named by the hash of the file's bytes
and the program's version, and decoded straight into the model's types. A damaged or stale
entry is a miss, never an error. The cache only ever holds briefs that validated.
"""

from __future__ import annotations

import contextlib
import threading
from functools import cached_property
from pathlib import Path
from typing import Generic, TypeVar

import msgspec

from briefing import __version__
from briefing.files import write_atomic
from briefing.head import Head, head_of
from briefing.locations import cache_dir
from briefing.model import Brief, decode_hook, encode_hook

KEEP = 64
"""How many entries to keep; the oldest are removed when a new one is written."""

T = TypeVar("T")


HEAD_FROM = 2_000
"""Briefs of more items than this get a head record: a smaller one decodes whole in a few ms."""


def _items(brief: Brief) -> int:
    return len(brief.actors) + len(brief.events) + len(brief.statements) + len(brief.questions)


class _Entry(msgspec.Struct, frozen=True):
    brief: Brief
    lines: dict[str, int]


class StructCache(Generic[T]):
    """Validated values (a theme file, a brief) by a key that names their source's content, one
    msgpack file each; a damaged or unreadable entry is a miss, a failed write is skipped. The
    files are atomic but not synced: an entry lost in a crash is only a miss."""

    def __init__(self, folder: Path, kind: type[T], *, dates: bool = False) -> None:
        """`dates`: the values hold the format's date types (written as their text)."""
        self.folder = folder
        self._kind = kind
        self._dates = dates

    @cached_property
    def _encoder(self) -> msgspec.msgpack.Encoder:
        return msgspec.msgpack.Encoder(enc_hook=encode_hook if self._dates else None)

    @cached_property
    def _decoder(self) -> msgspec.msgpack.Decoder[T]:
        # Made at the first entry read: building it walks every type of the model (≈5 ms), which
        # a brief never seen (no entry to read) must not pay before its first frame.
        return msgspec.msgpack.Decoder(self._kind, dec_hook=decode_hook if self._dates else None)

    def _file(self, key: str) -> Path:
        return self.folder / f"{key}-{__version__}.msgpack"

    def get(self, key: str) -> T | None:
        try:
            data = self._file(key).read_bytes()
        except OSError:
            return None
        try:
            return self._decoder.decode(data)
        except (OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError):
            return None

    def has(self, key: str) -> bool:
        """Whether an entry is there (not whether it is readable: `get` says that)."""
        return self._file(key).is_file()

    def put(self, key: str, value: T) -> None:
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._file(key), self._encoder.encode(value), overwrite=True, durable=False)


class BriefCache:
    """Validated briefs by the digest of their bytes, in `$XDG_CACHE_HOME/briefing/briefs`.

    A `deferred` cache keeps what it is given in memory until `flush()`: the reader opens a
    brief before its first frame and writes the entry after it (encoding and writing 4 MB
    would delay that frame, issue 7)."""

    def __init__(self, folder: Path | None = None, *, deferred: bool = False) -> None:
        self.folder = folder or cache_dir() / "briefs"
        self.deferred = deferred
        self._files = StructCache(self.folder, _Entry, dates=True)
        self._heads = StructCache(self.folder, Head, dates=True)
        self._pending: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def get(self, digest: str) -> tuple[Brief, dict[str, int]] | None:
        """The brief and its item lines, or None when absent or unreadable."""
        with self._lock:
            entry = self._pending.get(digest)
        if entry is None:
            entry = self._files.get(digest)
        return None if entry is None else (entry.brief, entry.lines)

    def get_head(self, digest: str) -> Head | None:
        """The head of a large brief (`briefing.head`), written with its entry; None when there
        is none (a brief small enough to decode whole at once, or one only held in memory)."""
        return self._heads.get(f"{digest}-head")

    def has(self, digest: str) -> bool:
        """Whether the brief of these bytes is held or written, without reading it."""
        with self._lock:
            if digest in self._pending:
                return True
        return self._files.has(digest)

    def put(self, digest: str, brief: Brief, lines: dict[str, int]) -> None:
        """Store a validated brief (or hold it until `flush`, if deferred)."""
        with self._lock:
            self._pending[digest] = _Entry(brief, lines)
        if not self.deferred:
            self.flush()

    def flush(self) -> None:
        """Write what is held, then keep only the newest `KEEP` entries."""
        with self._lock:
            pending, self._pending = self._pending, {}
        if not pending:
            return
        for digest, entry in pending.items():
            if _items(entry.brief) > HEAD_FROM:  # first, so that it is never older than its entry
                self._heads.put(f"{digest}-head", head_of(entry.brief, entry.lines))
            self._files.put(digest, entry)
        with contextlib.suppress(OSError):
            self._prune()

    def _prune(self) -> None:
        """Keep the newest `KEEP` entries, and the heads of those."""
        files = sorted(self.folder.glob("*.msgpack"), key=lambda path: path.stat().st_mtime, reverse=True)
        newest = [path.name.split("-")[0] for path in files if "-head-" not in path.name]
        kept = set(newest[:KEEP])
        for stale in files:
            if stale.name.split("-")[0] not in kept:
                with contextlib.suppress(OSError):
                    stale.unlink()
