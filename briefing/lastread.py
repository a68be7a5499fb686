"""What the reader remembers of each brief between sessions: the version last read (issue 15).

One file per brief in `$XDG_STATE_HOME/briefing/read/`, named by a hash of the brief's resolved
path: msgpack (plain data, never pickle) of the validated brief, with the path it is of and when
it was read, compressed with zlib (a 4.5 MB brief of 10,000 statements keeps in 1.2 MB).
`briefing.diff` takes the brief back as it is, so the next session marks what was added or
changed since. The folder keeps at most `KEEP` files (the least recently read go).

Nothing here may cost a reading session: a file that is missing, unreadable, too large, not a
regular file, damaged, of another format or of another path is no memory at all (`get` is None),
and a write that fails is skipped (`put` is False). Writes are atomic.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
import zlib
from pathlib import Path

import msgspec

from briefing.files import read_limited, write_atomic
from briefing.model import Brief, decode_hook, encode_hook

FORMAT = 1
"""The version of a state file's layout; a file of another version is ignored (and replaced)."""
LATEST = 253_402_300_799.0
"""31 Dec 9999, 23:59:59 UTC: a time read after this (or before 1970) is a damaged file."""
KEEP = 200
"""How many briefs are remembered; writing one more removes the least recently read."""
LIMIT = 64 * 1024 * 1024
"""A state file larger than this is not read, nor one that would decompress to more (a brief is at
most 20 MB of YAML, about as much msgpack)."""

UNREADABLE = (OSError, ValueError, TypeError, KeyError, zlib.error, msgspec.MsgspecError, RecursionError)
"""What reading a damaged or hostile state file may raise (`OSError` for one that is not a
regular file, too large or gone; msgspec's errors for bytes that are not a `ReadVersion`)."""


class ReadVersion(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A brief as it was last read: its resolved path, the digest of its bytes, when (seconds
    since the epoch) and the validated brief itself."""

    format: int
    path: str
    digest: str
    read_at: float
    brief: Brief


_encoder = msgspec.msgpack.Encoder(enc_hook=encode_hook)
_decoder = msgspec.msgpack.Decoder(ReadVersion, dec_hook=decode_hook)


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
        name = hashlib.sha256(resolved(path).encode("utf-8", "surrogateescape")).hexdigest()[:32]
        return self.folder / f"{name}.msgpack"

    def get(self, path: Path) -> ReadVersion | None:
        """The version of the brief at `path` last read, or None (never read, or nothing usable)."""
        try:
            version = _decoder.decode(_inflate(read_limited(self.file_for(path), LIMIT)))
        except UNREADABLE:  # a hostile or damaged file is no memory, never an error
            return None
        if version.format != FORMAT or version.path != resolved(path):
            return None
        if not 0 <= version.read_at <= LATEST:  # NaN too: a time no clock gives is no memory
            return None
        return version

    def put(self, path: Path, brief: Brief, digest: str, read_at: float | None = None) -> bool:
        """Remember `brief` as the version of `path` read at `read_at` (now by default); False when
        it could not be written. Then keep only the `keep` most recently read."""
        when = time.time() if read_at is None else read_at
        version = ReadVersion(FORMAT, resolved(path), digest, when, brief)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            data = zlib.compress(_encoder.encode(version), 1)
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
        self._writes.append(thread)
        thread.start()

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


def _inflate(data: bytes) -> bytes:
    """The msgpack a state file holds, never more than `LIMIT` bytes of it (a small file may
    expand a thousandfold: it is cut short and refused, not decompressed whole)."""
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, LIMIT)
    if inflater.unconsumed_tail or not inflater.eof:
        raise ValueError("not a whole state file, or one that expands beyond the limit")
    return out
