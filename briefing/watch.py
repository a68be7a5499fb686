"""Telling the app when the open brief changes on disk, from any editor, script or `git pull`.

The folder is watched, not the file: most editors save by writing a temporary file and renaming
it over the old one, which a watch on the file itself would lose after the first save. The OS
notifies us (inotify on Linux, FSEvents on macOS, through watchfiles); nothing polls in a loop.
A burst of events is debounced, and the file's content hash decides: a touch or a rewrite with
identical bytes is not a change.

A save by rename (a new file in place of the old: inode changed) is whole the moment it appears,
so it is read as soon as its burst of events ends. A file written in place may still be being
written: it is read once its size and modification time have stopped changing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from watchfiles import Change, awatch

from briefing.files import NotRegularFile, TooLarge, read_limited
from briefing.loader import DEFAULT_MAX_BYTES, content_digest

DEBOUNCE_MS = 300
"""How long a burst of events may last before it is reported as one change."""
STEP_MS = 10
"""Quiet time that ends a burst early: a save is seen 10–20 ms after it (issue 7: reload). The
watcher thread wakes this often; the app's idle CPU stayed at 0.5% from 50 ms down to 10 ms."""
SETTLE_MS = 50
"""How long a file written in place must keep its size and time before it is read."""
RECHECK_MS = 5_000
"""A slow safety check of the hash, for file systems whose events get lost (network mounts)."""


def _signature(path: Path) -> tuple[int, int, int] | None:
    """Inode, size and modification time: enough to skip hashing on the periodic re-check."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


async def _written(path: Path, seen: tuple[int, int, int]) -> tuple[int, int, int] | None:
    """The file's signature once it stops changing: the writer of a file written in place (same
    inode) may not be done. One that keeps changing for DEBOUNCE_MS is read as it is then."""
    now: tuple[int, int, int] | None = seen
    for _ in range(max(1, DEBOUNCE_MS // SETTLE_MS)):
        await asyncio.sleep(SETTLE_MS / 1000)
        now = _signature(path)
        if now == seen or now is None:
            break
        seen = now
    return now


def _target(path: Path) -> Path:
    """The file `path` leads to through symbolic links (`path` itself for a loop of links)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop: RuntimeError before Python 3.13
        return path


def file_digest(path: Path) -> str | None:
    """The hash of the file's bytes, or None when it cannot be read (gone, mid-rename).

    A file that became a pipe, a device or too large for a brief is not read (it could hang the
    thread or fill memory): it counts as changed, so the reload shows the loader's error."""
    try:
        return content_digest(read_limited(path, DEFAULT_MAX_BYTES))
    except (NotRegularFile, TooLarge) as error:
        return f"not readable as a brief: {type(error).__name__}"
    except OSError:
        return None


async def watch_file(
    path: Path,
    *,
    digest: str | None = None,
    shown: Callable[[], str] | None = None,
    stop_event: asyncio.Event | None = None,
) -> AsyncIterator[str | None]:
    """Yield the new content hash each time the file's bytes change (None, once, if it disappeared).

    `digest` is the hash of the version the caller loaded: a change made between loading and
    watching is reported at once. Runs until `stop_event` is set or the task is cancelled.

    `shown`, when given, says which version the caller shows now ("" for none that it can name:
    invalid, or being read): the file's hash is compared with it rather than with the last hash
    reported. A caller that reads the file at its own pace can show a version the watcher never
    reported (broken, then restored while it was read); comparing with what it shows, the
    restored bytes are still reported (issue 12: the error panel stayed).

    A brief opened through a symbolic link is saved in its target's folder, where the link's
    folder sees nothing (the slow re-check found it after seconds): both folders are watched,
    and a link pointed elsewhere moves the watch to its new target.
    """
    path = Path(path).absolute()
    signature = _signature(path)
    # Read and hashed in a thread (both let go of the GIL): a large file never stalls the keys.
    current = await asyncio.to_thread(file_digest, path)
    last = current if digest is None else digest

    def changed(now: str | None) -> bool:
        if now is None:
            return last is not None
        return now != (last if shown is None else shown())

    if changed(current):
        yield current
    last = current
    while stop_event is None or not stop_event.is_set():
        target = _target(path)
        names = {path.name, target.name}
        folders = dict.fromkeys(folder for folder in (path.parent, target.parent) if folder.is_dir())

        def concerns_file(_change: Change, changed: str, names: set[str] = names) -> bool:
            return Path(changed).name in names

        async for changes in awatch(
            *(folders or [path.parent]),
            watch_filter=concerns_file,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=stop_event,
            rust_timeout=RECHECK_MS,
            yield_on_timeout=True,
            recursive=False,
        ):
            now = _signature(path)
            if not changes and now == signature:
                continue
            if now is not None and signature is not None and now[0] == signature[0]:
                now = await _written(path, now)
            signature = now
            current = await asyncio.to_thread(file_digest, path)
            if changed(current):
                yield current
            last = current
            if _target(path) != target:
                break  # the link now leads elsewhere: watch the new target's folder
        else:
            return
