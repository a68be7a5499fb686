"""Writing files without ever losing one: temporary file in the same folder, fsync, rename."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class RefusedOverwrite(Exception):
    """The target exists and the caller did not say it may be replaced."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; not overwriting it")
        self.path = path


def write_atomic(path: Path, data: bytes | str, *, overwrite: bool = False, durable: bool = True) -> None:
    """Write `data` to `path` atomically, keeping an existing file's permissions.

    Unless `overwrite` is true, an existing `path` is refused. Readers see the old file or the
    new one, never half of one. `durable=False` skips the fsyncs, for files whose loss in a
    crash costs nothing (the brief cache): still atomic, not guaranteed on disk.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    if mode is not None and not overwrite:
        raise RefusedOverwrite(path)
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
                raise RefusedOverwrite(path) from None
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
