"""Reading the brief in a child process while the reader imports its user interface.

Before its first frame the reader must import Textual (≈0.15 s) and read the brief (≈0.25 s
for 10,000 statements, mostly parsing): on a machine with two cores the two can overlap. Just
before importing the app, `briefing.launch` forks a child that loads the brief exactly as the
app would (`loader.load` with the brief cache) and sends the result back through a pipe as
msgpack; the app takes it instead of loading the file itself (issue 7).

Whatever goes wrong (no `fork` on this platform, the child dies, a short or garbled message) the
app simply loads the file itself, as it always could. A brief already in the cache is not sent:
decoding it costs what decoding the message would, so the child only says "cached".
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from briefing.errors import BriefError
from briefing.model import Brief, decode_hook, encode_hook

if TYPE_CHECKING:
    from briefing.loader import LoadResult


class _Message(msgspec.Struct, gc=False):
    """What the child sends: a brief (or its errors), or only that the cache holds it."""

    cached: bool
    digest: str = ""
    brief: Brief | None = None
    lines: dict[str, int] = {}
    errors: list[tuple[str, int, int, str]] = []


@dataclass
class Preload:
    """A child process reading `path`; `result()` collects what it read (once), `finish()`
    waits for the child to end (it writes the brief's cache entry after sending it)."""

    path: Path
    pid: int
    fd: int
    reaped: bool = False

    def finish(self) -> None:
        self._reap(0)

    def _reap(self, options: int) -> None:
        if self.reaped:
            return
        try:
            pid, _status = os.waitpid(self.pid, options)
        except (ChildProcessError, OSError):
            pid = self.pid
        self.reaped = pid == self.pid

    def result(self) -> LoadResult | None:
        """The load result, or None when the child could not give one or found the brief in the
        cache (then load it yourself). Blocks until the child is done."""
        from briefing.loader import LoadResult, loaded_brief

        try:
            with os.fdopen(self.fd, "rb") as pipe:
                data = pipe.read()
        except OSError:
            data = b""
        self._reap(os.WNOHANG)  # the child may still be writing the cache entry: see `finish`
        try:
            message = msgspec.msgpack.decode(data, type=_Message, dec_hook=decode_hook)
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError):
            return None
        if message.cached:
            return None  # the app reads the cache itself: as fast as decoding a message
        errors = [BriefError(*error) for error in message.errors]
        brief = message.brief
        loaded = None if brief is None else loaded_brief(self.path, message.digest, brief, message.lines)
        return LoadResult(self.path, loaded, errors)


def start(path: Path, cache_folder: Path) -> Preload | None:
    """Fork a child that loads the brief file `path`; None where that cannot be done."""
    if not hasattr(os, "fork") or not path.is_file():
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: load, send, write the cache entry, leave without cleanup
        status = 1
        try:
            os.close(read_end)
            _child(path, cache_folder, write_end)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return Preload(path, pid, read_end)


def _child(path: Path, cache_folder: Path, fd: int) -> None:
    from briefing.cache import BriefCache
    from briefing.loader import content_digest, load

    cache = BriefCache(cache_folder, deferred=True)
    with contextlib.suppress(OSError):
        if cache.holds(content_digest(path.read_bytes())):
            _send(fd, _Message(cached=True))
            return
    result = load(path, cache=cache)
    loaded = result.loaded
    errors = [(error.path, error.line, error.column, error.message) for error in result.errors]
    if loaded is None:
        _send(fd, _Message(cached=False, errors=errors))
    else:
        _send(fd, _Message(False, loaded.digest, loaded.brief, loaded.lines, errors))
    cache.flush()  # after sending: the parent does not wait for the disk


def _send(fd: int, message: _Message) -> None:
    data = msgspec.msgpack.encode(message, enc_hook=encode_hook)
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(data)
