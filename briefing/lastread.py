"""What the reader remembers of each brief between sessions: the version last read (issue 15).

One file per brief in `$XDG_STATE_HOME/briefing/read/`, named by a hash of the brief's resolved
path: a small header (the path it is of, the digest of its bytes, when it was read) then the
validated brief, both msgpack (plain data, never pickle), the brief compressed with zlib (a 4.5 MB
brief of 10,000 statements keeps in 1.2 MB). The header alone says whether a brief changed since
it was read (the library asks that of every brief it lists).
`briefing.diff` takes the brief back as it is, so the next session marks what was added or
changed since. The folder keeps at most `KEEP` files (the least recently read go).

Nothing here may cost a reading session: a file that is missing, unreadable, too large, not a
regular file, damaged, of another format or of another path is no memory at all (`get` is None),
and a write that fails is skipped (`put` is False). Writes are atomic.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import zlib
from functools import cache
from pathlib import Path

import msgspec

from briefing.files import read_limited, write_atomic
from briefing.model import Brief, decode_hook, encode_hook

FORMAT = 2
"""The version of a state file's layout; a file of another version is ignored (and replaced)."""
MAGIC = b"briefing-read\n"
"""A state file starts with this, then the header's length (4 bytes, big-endian) and the header."""
HEADER_LIMIT = 64 * 1024
"""A header is a path and a few numbers: one larger than this is a damaged file."""
LATEST = 253_402_300_799.0
"""31 Dec 9999, 23:59:59 UTC: a time read after this (or before 1970) is a damaged file."""
KEEP = 200
"""How many briefs are remembered; writing one more removes the least recently read."""
LIMIT = 64 * 1024 * 1024
"""A state file larger than this is not read, nor one that would decompress to more (a brief is at
most 20 MB of YAML, about as much msgpack)."""

UNREADABLE = (OSError, ValueError, TypeError, KeyError, zlib.error, msgspec.MsgspecError, RecursionError)
"""What reading a damaged or hostile state file may raise (`OSError` for one that is not a
regular file, too large or gone; `ValueError` for a header that does not hold; msgspec's errors
for bytes that are not a header or a brief)."""


class Stamp(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A state file's header: the brief's resolved path, the digest of its bytes and when it was
    read (seconds since the epoch)."""

    format: int
    path: str
    digest: str
    read_at: float


class ReadVersion(msgspec.Struct, frozen=True):
    """A brief as it was last read: its header and the validated brief itself."""

    stamp: Stamp
    brief: Brief

    @property
    def digest(self) -> str:
        return self.stamp.digest

    @property
    def read_at(self) -> float:
        return self.stamp.read_at


_encoder = msgspec.msgpack.Encoder(enc_hook=encode_hook)
_stamp_decoder = msgspec.msgpack.Decoder(Stamp)


@cache
def _brief_decoder() -> msgspec.msgpack.Decoder[Brief]:
    """Made at the first read, after the reader's first frame: building it walks every type of
    the model (≈5 ms the start-up need not pay, issue 14)."""
    return msgspec.msgpack.Decoder(Brief, dec_hook=decode_hook)


def resolved(path: Path) -> str:
    """The path a brief is remembered by: absolute, links followed (a brief opened through a link
    is its target); as given when the system cannot resolve it."""
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)


class LastRead:
    """The versions last read, one file per brief in `folder`."""

    def __init__(self, folder: Path, *, keep: int = KEEP) -> None:
        self.folder = folder
        self.keep = keep
        self._lock = threading.Lock()
        self._latest: dict[str, int] = {}
        """The newest write asked for, per brief: an older one still waiting is skipped."""
        self._asked = 0
        self._writes: list[threading.Thread] = []

    def file_for(self, path: Path) -> Path:
        import hashlib  # here, not at start-up: it loads OpenSSL (≈3 ms before the first frame)

        name = hashlib.sha256(resolved(path).encode("utf-8", "surrogateescape")).hexdigest()[:32]
        return self.folder / f"{name}.msgpack"

    def get(self, path: Path) -> ReadVersion | None:
        """The version of the brief at `path` last read, or None (never read, or nothing usable)."""
        try:
            data = read_limited(self.file_for(path), LIMIT)
            stamp, body = _stamp_of(data, resolved(path))
            return ReadVersion(stamp, _brief_decoder().decode(_inflate(data[body:])))
        except UNREADABLE:  # a hostile or damaged file is no memory, never an error
            return None

    def stamp(self, path: Path) -> Stamp | None:
        """The header of the version of `path` last read (its digest, when): a small read, not
        the whole brief; None when there is none or it is damaged."""
        try:
            data = read_limited(self.file_for(path), len(MAGIC) + 4 + HEADER_LIMIT, start=True)
            return _stamp_of(data, resolved(path))[0]
        except UNREADABLE:
            return None

    def put(self, path: Path, brief: Brief, digest: str, read_at: float | None = None) -> bool:
        """Remember `brief` as the version of `path` read at `read_at` (now by default); False when
        it could not be written. Then keep only the `keep` most recently read."""
        when = time.time() if read_at is None else read_at
        try:
            header = _encoder.encode(Stamp(FORMAT, resolved(path), digest, when))
            body = zlib.compress(_encoder.encode(brief), 1)
            data = b"".join((MAGIC, len(header).to_bytes(4, "big"), header, body))
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file_for(path), data, overwrite=True, durable=False)
        except (OSError, msgspec.EncodeError, ValueError, TypeError, zlib.error):
            return False
        with contextlib.suppress(OSError):
            self._prune()
        return True

    def put_later(self, path: Path, brief: Brief, digest: str, read_at: float | None = None) -> None:
        """`put` in a thread of its own (encoding a large brief takes a while): never on the
        reader's thread, and finished even when the reader quits (not a daemon: the program
        waits for it, after the terminal is given back). Of several writes asked for one brief,
        the last asked is the one that stays."""
        when = time.time() if read_at is None else read_at
        key = resolved(path)
        with self._lock:
            self._asked += 1
            self._latest[key] = ticket = self._asked
            self._writes = [thread for thread in self._writes if thread.is_alive()]

        def write() -> None:
            with self._lock:
                if self._latest.get(key) == ticket:
                    self.put(path, brief, digest, when)

        thread = threading.Thread(target=write, name="briefing-last-read", daemon=False)
        # Started before it is listed: `wait` (in another thread) joins every listed thread, and
        # joining one not yet started raises (it crashed the library's worker, seen in CI).
        thread.start()
        self._writes.append(thread)

    def wait(self) -> None:
        """Until every write asked for is done."""
        for thread in list(self._writes):
            thread.join()

    def _prune(self) -> None:
        """Remove the least recently read files beyond `keep` (by modification time: each is
        written when its brief is read)."""
        entries = []
        for entry in os.scandir(self.folder):
            if entry.name.endswith(".msgpack"):
                with contextlib.suppress(OSError):
                    entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
        if len(entries) <= self.keep:
            return
        entries.sort(reverse=True)
        for _, stale in entries[self.keep :]:
            with contextlib.suppress(OSError):
                os.unlink(stale)


def _stamp_of(data: bytes, path: str) -> tuple[Stamp, int]:
    """The header of a state file of `path` and where its body starts; `ValueError` when it is not
    one (another format, another path, a damaged or hostile file)."""
    size = len(MAGIC) + 4
    if not data.startswith(MAGIC) or len(data) < size:
        raise ValueError("not a state file of this program")
    length = int.from_bytes(data[len(MAGIC) : size], "big")
    if length > HEADER_LIMIT or len(data) < size + length:
        raise ValueError("a damaged header")
    stamp = _stamp_decoder.decode(data[size : size + length])
    if stamp.format != FORMAT or stamp.path != path:
        raise ValueError("another format, or another brief's file")
    if not 0 <= stamp.read_at <= LATEST:  # NaN too: a time no clock gives is no memory
        raise ValueError("a time no clock gives")
    return stamp, size + length


def _inflate(data: bytes) -> bytes:
    """The msgpack a state file holds, never more than `LIMIT` bytes of it (a small file may
    expand a thousandfold: it is cut short and refused, not decompressed whole)."""
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, LIMIT)
    if inflater.unconsumed_tail or not inflater.eof:
        raise ValueError("not a whole state file, or one that expands beyond the limit")
    return out
