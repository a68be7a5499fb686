"""Files named by the user, read and written without surprises.

Writing: a temporary file in the same folder, fsync, rename, so a file is never lost or half
written. Through a symbolic link the file it names is replaced, and the link stays; anything that
is not a regular file (a pipe, a device, a folder, a socket), a dangling link and a read-only file
are refused before anything is written.

Reading: only a regular file (after links), and never more than a limit: its type and size are
checked on the opened file before a byte is read, so a pipe cannot block, a device cannot pour
forever and a huge file cannot exhaust memory.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO


class WriteRefused(OSError):
    """A write that would harm what is on disk, refused before anything was written."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class RefusedOverwrite(WriteRefused):
    """The target exists and the caller did not say it may be replaced."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, f"{path} already exists; not overwriting it")


class NotRegularFile(OSError):
    """The path names a folder, pipe, device or socket, not a regular file."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a regular file")
        self.path = path
        self.kind = kind


class TooLarge(OSError):
    """The file holds more bytes than the caller accepts; `size` is at least what it holds."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(f"{path} is {size:,} bytes, more than the limit of {limit:,} bytes")
        self.path = path
        self.size = size
        self.limit = limit


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str:
    """What a file of this `st_mode` is, in words: `a folder`, `a named pipe (FIFO)`..."""
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def read_limited(path: Path, limit: int | None, *, start: bool = False) -> bytes:
    """The bytes of the regular file at `path` (links followed), at most `limit` of them; with
    `start`, the first `limit` bytes of a larger file rather than `TooLarge`.

    Raises `NotRegularFile` or `TooLarge` before reading, and `OSError` when the file cannot be
    opened. The type is checked before opening (opening a device can act on it) and again on the
    opened file, which is opened non-blocking: a file swapped for a pipe in between cannot hang.
    """
    path = Path(path)
    _require_regular(path, os.stat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(fd)
        _require_regular(path, status.st_mode)
        if limit is not None and status.st_size > limit and not start:
            raise TooLarge(path, status.st_size, limit)
        data = _read_up_to(handle, None if limit is None else limit + (not start), status.st_size)
    if limit is not None and len(data) > limit:  # it grew since fstat
        raise TooLarge(path, len(data), limit)
    return data


def _read_up_to(handle: BinaryIO, wanted: int | None, expected: int) -> bytes:
    """At most `wanted` bytes of `handle` (all with None), in reads the size of what is there
    (`expected`, the file's size, and a little more should it grow): a read of `wanted` bytes at
    once would allocate them all first (a limit of 1000 GB was a MemoryError, a larger one an
    OverflowError), whatever the file holds."""
    if wanted is None:
        return handle.read()
    chunks: list[bytes] = []
    got = 0
    while got < wanted:
        chunk = handle.read(min(wanted - got, max(expected - got, 0) + 65_536))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _require_regular(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, file_kind(mode))


def writable_target(path: Path) -> tuple[Path, os.stat_result | None]:
    """The file a write to `path` replaces, through symbolic links, and its status (None when it
    does not exist yet); `WriteRefused` for a dangling link, a non-regular or read-only file."""
    path = Path(path)
    try:
        status: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise WriteRefused(
                path,
                f"{path} is a symbolic link to {os.readlink(path)}, which does not exist; "
                "not writing through it",
            ) from None
        status = None
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise WriteRefused(
            path, f"{path} is {file_kind(status.st_mode)}, not a regular file; only a regular file is written"
        )
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    if status is not None and is_read_only(target, status):
        raise WriteRefused(path, f"{path} is read-only; not overwriting it")
    return target, status


def is_read_only(path: Path, status: os.stat_result | None = None) -> bool:
    """Whether the file says "do not change me": no write permission bit at all (which even
    root, for whom `os.access` says yes, must respect), or none for this user."""
    mode = (status or os.stat(path)).st_mode
    return not mode & 0o222 or not os.access(path, os.W_OK)


def write_atomic(path: Path, data: bytes | str, *, overwrite: bool = False, durable: bool = True) -> None:
    """Write `data` to `path` atomically, keeping an existing file's permissions.

    Unless `overwrite` is true, an existing `path` is refused. Readers see the old file or the
    new one, never half of one. A symbolic link is written through (see `writable_target` for
    what is refused). `durable=False` skips the fsyncs, for files whose loss in a crash costs
    nothing (the brief cache): still atomic, not guaranteed on disk.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    given = Path(path)
    path, status = writable_target(given)
    mode = None if status is None else stat.S_IMODE(status.st_mode)
    if mode is not None and not overwrite:
        raise RefusedOverwrite(given)
    folder = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temporary, mode if mode is not None else 0o666 & ~_umask())
        if not overwrite:
            # link() fails if the name appeared meanwhile: never replace what we did not see.
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise RefusedOverwrite(given) from None
            except OSError:
                os.replace(temporary, path)
            else:
                os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    if durable:
        _fsync_folder(folder)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
