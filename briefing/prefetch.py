"""Read a brief in a second process while the reader starts (issue 14).

Starting the reader is mostly importing Textual (about 200 ms of one core), and reading a brief
whose bytes were never seen is PyYAML and msgspec (about 30 ms for a small brief, 400 ms at
10,000 statements), on the same core. With a second core free, `start` starts a second Python
before Textual is imported: the child reads and validates the file as `briefing.loader.load`
does, puts a valid brief in the brief cache (the entry the reader would write after its first
frame) and sends back the digest of the bytes it read, with their errors if any.

For a brief of up to `SPAWN_UP_TO` bytes the child is a new interpreter (`posix_spawn`, without
`site`), not a fork: every page a forked child shares with the reader costs the reader a
copy-on-write fault the first time it writes there while the child lives, and Python writes
everywhere (reference counts). The bundled brief's first frame came 11 ms sooner (224 -> 213 ms,
median of 21 pairs). A new interpreter starts and imports what a fork already has (about 25 ms):
for a larger brief the reader waits for the child anyway, and a fork is done sooner (10,000
statements, 4.5 MB: 516 ms forked, 546 ms spawned).

The reader then loads as always (`Prefetch.load`): a valid brief is a cache hit, an invalid one
gets the child's errors, and only when the bytes it reads now have that digest. A file changed in
between is read anew, and a child that failed costs only its own time: the reader reads the file
itself, as it does without a child. Nothing here knows about Textual.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.cache import BriefCache
    from briefing.errors import BriefError
    from briefing.loader import LoadResult

# The loader, the cache and msgspec are imported where they are used, not here: the child
# imports them while the reader imports Textual.

SPAWN_UP_TO = 1 << 20
"""The largest brief read by a new interpreter; a larger one is read by a fork. Around 1 MB the
child's parsing (~90 ms) and the new interpreter's start together last about as long as the
reader takes to import Textual, so the reader starts to wait for it."""
CHILD_FD = 3
"""The child's end of the pipe, in the child."""
CHILD = (
    "import sys; n = int(sys.argv[1]); sys.path[:0] = sys.argv[2 : 2 + n]; "
    "from briefing.prefetch import child; child(*sys.argv[2 + n :])"
)
"""The child's program: the reader's import path first (the same `briefing`, found without the
`site` module), then `child(path, cache_folder)`."""

Report = tuple[str, "list[BriefError]"]
"""What the child sends back: the digest of the bytes it read and their errors (none: the brief
is in the cache)."""


class Prefetch:
    """A child process reading one brief; `load` waits for it."""

    def __init__(self, path: Path, pid: int, fd: int) -> None:
        self.path = path
        self.pid = pid
        self.fd = fd
        self._report: Report | None = None
        self._waited = False

    def report(self) -> Report | None:
        """The child's report, once it has finished (waiting for it); None when it failed."""
        import msgspec

        from briefing.errors import BriefError

        if not self._waited:
            self._waited = True
            with contextlib.suppress(OSError), os.fdopen(self.fd, "rb") as pipe:
                message = pipe.read()
                with contextlib.suppress(msgspec.DecodeError, msgspec.ValidationError):
                    self._report = msgspec.msgpack.decode(message, type=tuple[str, list[BriefError]])
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
        return self._report

    def load(self, path: Path, cache: BriefCache, *, head: bool = False) -> LoadResult:
        """What `briefing.loader.load(path, cache=cache)` gives, from what the child did for these
        bytes: a valid brief is in the cache by now, an invalid one's errors are the child's."""
        from briefing.loader import LoadResult, content_digest, load_bytes, read_bytes

        data = read_bytes(path)
        if isinstance(data, LoadResult):
            return data
        report = self.report() if path == self.path else None
        if report is not None and report[1] and report[0] == content_digest(data):
            return LoadResult(Path(str(path)), None, report[1])
        return load_bytes(data, str(path), cache=cache, head=head)


def start(path: Path, cache_folder: Path) -> Prefetch | None:
    """Start a child that reads the brief at `path` into the cache at `cache_folder`; None where
    that cannot help (one core, no `posix_spawn` or `fork`) or cannot be done."""
    if not _spare_core() or not path.is_file():
        return None
    try:
        spawn = path.stat().st_size <= SPAWN_UP_TO and hasattr(os, "posix_spawn") and bool(sys.executable)
        if not spawn and not hasattr(os, "fork"):
            return None
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = (
            _spawn(path, cache_folder, write_end) if spawn else _fork(path, cache_folder, read_end, write_end)
        )
    except (OSError, ValueError):  # ValueError: a NUL in a path
        os.close(read_end)
        return None
    finally:
        os.close(write_end)
    return Prefetch(path, pid, read_end)


def _spawn(path: Path, cache_folder: Path, write_end: int) -> int:
    """A new interpreter running `CHILD`. Its output goes nowhere: nothing it could print (a
    crash) reaches the reader's terminal."""
    roots = [str(Path(__file__).resolve().parent.parent), *sys.path]
    argv = [sys.executable, "-S", "-c", CHILD, str(len(roots)), *roots, str(path), str(cache_folder)]
    actions = [
        (os.POSIX_SPAWN_DUP2, write_end, CHILD_FD),
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    return os.posix_spawn(sys.executable, argv, os.environ, file_actions=actions)


def _fork(path: Path, cache_folder: Path, read_end: int, write_end: int) -> int:
    """A fork of the reader (before it imports Textual): it has the reader's imports already."""
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers, prints nothing
        code = 1
        try:
            os.close(read_end)
            _read_into_cache(path, cache_folder, write_end)
            code = 0
        finally:
            os._exit(code)
    return pid


def child(path: str, cache_folder: str) -> None:
    """The child's program (`CHILD`): its report goes to `CHILD_FD`. One that fails sends none,
    and the reader reads the file itself."""
    _read_into_cache(Path(path), Path(cache_folder), CHILD_FD)


def _read_into_cache(path: Path, cache_folder: Path, fd: int) -> None:
    """The child's work: load the brief as the reader would, the valid one into the cache."""
    import msgspec

    from briefing.cache import BriefCache
    from briefing.loader import LoadResult, content_digest, load_bytes, read_bytes

    data = read_bytes(path)
    if isinstance(data, LoadResult):
        return  # unreadable: the reader finds out the same way, at no cost
    digest, cache = content_digest(data), BriefCache(cache_folder)
    # Already cached (a brief reopened): the reader reads the entry, the child need not.
    errors = [] if cache.has(digest) else load_bytes(data, str(path), cache=cache).errors
    message = msgspec.msgpack.encode((digest, errors))
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(message)


def _spare_core() -> bool:
    """Whether a core is free for the child: two or more, and no more than one of them busy with
    other work now. On a busy machine the child would only take turns with the reader, which then
    pays for the work of both (sending the brief through the cache, about 20% more at 10,000
    statements) and gains nothing.

    "Now" is the tasks runnable at this instant where the system says (Linux), else the load of
    the last minute. That average lags the machine: it still counts, for a minute, work that has
    ended (a build, the last run of a benchmark), and kept the child from a core that was free."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    if cores < 2:
        return False
    others = _runnable_elsewhere()
    if others is not None:
        return others <= cores - 2
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = 0.0
    return load <= cores - 1


def _runnable_elsewhere() -> int | None:
    """How many tasks other than this one are runnable now (the fourth field of `/proc/loadavg`,
    `running/total`); None where the system does not say."""
    try:
        with open("/proc/loadavg", "rb") as file:
            running = int(file.read().split()[3].split(b"/")[0])
    except (OSError, ValueError, IndexError):
        return None
    return max(running - 1, 0)
