"""A content-hash cache of validated briefs, so that reopening an unchanged file skips parsing.

Entries are msgpack (a plain data format, never pickle), named by the hash of the file's bytes
and the program's version, and decoded straight into the model's types. A damaged or stale
entry is a miss, never an error. The cache only ever holds briefs that validated.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import msgspec

from briefing import __version__
from briefing.files import write_atomic
from briefing.locations import cache_dir
from briefing.model import Brief, decode_hook, encode_hook

KEEP = 64
"""How many entries to keep; the oldest are removed when a new one is written."""


class _Entry(msgspec.Struct, frozen=True):
    brief: Brief
    lines: dict[str, int]


_encoder = msgspec.msgpack.Encoder(enc_hook=encode_hook)
_decoder = msgspec.msgpack.Decoder(_Entry, dec_hook=decode_hook)


class BriefCache:
    """Validated briefs by the digest of their bytes, in `$XDG_CACHE_HOME/briefing/briefs`."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or cache_dir() / "briefs"

    def _file(self, digest: str) -> Path:
        return self.folder / f"{digest}-{__version__}.msgpack"

    def get(self, digest: str) -> tuple[Brief, dict[str, int]] | None:
        """The brief and its item lines, or None when absent or unreadable."""
        try:
            entry = _decoder.decode(self._file(digest).read_bytes())
        except (OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError):
            return None
        return entry.brief, entry.lines

    def put(self, digest: str, brief: Brief, lines: dict[str, int]) -> None:
        """Store a validated brief; a cache that cannot be written is silently skipped."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._file(digest), _encoder.encode(_Entry(brief, lines)), overwrite=True)
            self._prune()

    def _prune(self) -> None:
        entries = sorted(self.folder.glob("*.msgpack"), key=lambda path: path.stat().st_mtime, reverse=True)
        for stale in entries[KEEP:]:
            with contextlib.suppress(OSError):
                stale.unlink()
