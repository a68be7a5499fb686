"""A file as it was at a git revision, read through the `git` program.

`git` is run with an argument list (never a shell), revisions are checked with `--end-of-options`
so that one beginning with `-` cannot be taken as an option, and the file is named relative to
its own folder (`REV:./NAME`), so the working directory and the repository root do not matter.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

GIT_TIMEOUT = 60
"""Seconds: git answers in milliseconds; a hung one (a lock, a network filesystem) is given up on."""
STOP_POLL = 0.1
"""Seconds between two looks at a `stop` event while git runs."""


class GitError(Exception):
    """The revision or the file at it cannot be read; the message says why, for a person."""


def split_revision(text: str) -> tuple[Path, str] | None:
    """`PATH@REV` → (PATH, REV), or None when `text` names a file as it is or has no `@`.

    An existing file whose name holds `@` is that file. Otherwise the first `@` after which the
    path part is an existing file splits, else the first `@`. A REV written `{…}` keeps its
    `@` (`brief.yaml@{2025-11-20}` is `@{2025-11-20}`, git's "this branch on that date")."""
    if _is_file(Path(text)):
        return None
    splits = [i for i, char in enumerate(text) if char == "@" and i > 0]
    if not splits:
        return None
    at = next((i for i in splits if _is_file(Path(text[:i]))), splits[0])
    path, revision = text[:at], text[at + 1 :]
    if revision.startswith("{"):
        revision = "@" + revision
    return Path(path), revision


def _is_file(path: Path) -> bool:
    """`Path.is_file`, but a name the system refuses (too long) is simply not a file."""
    try:
        return path.is_file()
    except OSError:
        return False


def read_at(path: Path, revision: str, limit: int) -> bytes:
    """The bytes of `path` at `revision`, at most `limit` of them; GitError otherwise."""
    if not revision:
        raise GitError(f"{path}@: say which revision, e.g. {path}@HEAD")
    folder = repository_folder(path)
    commit = _git(
        folder,
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{revision}^{{commit}}",
        failure=f"{revision!r} is not a revision git knows here",
    ).strip()
    spec = f"{commit}:./{path.name}"
    if (
        _git(folder, "cat-file", "-t", spec, failure=f"{path.name} does not exist at {revision}").strip()
        != "blob"
    ):
        raise GitError(f"{path.name} at {revision} is not a file")
    size = int(_git(folder, "cat-file", "-s", spec, failure=f"cannot read {path.name} at {revision}"))
    if size > limit:
        raise GitError(f"{path}@{revision} is {size:,} bytes, more than the limit of {limit:,}")
    return git_bytes(folder, "cat-file", "blob", spec, failure=f"cannot read {path.name} at {revision}")


def repository_folder(path: Path, stop: threading.Event | None = None) -> Path:
    """The folder of `path`, checked to be in a git repository (GitError otherwise): git is run
    there, so that neither the working directory nor the repository's root matters."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise GitError(f"{folder}: no such folder")
    _git(folder, "rev-parse", "--show-toplevel", failure=f"{folder} is not in a git repository", stop=stop)
    return folder


def _git(folder: Path, *args: str, failure: str, stop: threading.Event | None = None) -> str:
    return git_bytes(folder, *args, failure=failure, stop=stop).decode("utf-8", "replace")


def git_bytes(
    folder: Path, *args: str, failure: str, stdin: bytes | None = None, stop: threading.Event | None = None
) -> bytes:
    """What `git -C folder ARGS` prints (given `stdin`, else nothing to read); GitError saying
    `failure` when it fails, or why git could not be run. Once `stop` is set (the reader's details
    closed, the reader quit), a git still running is killed and GitError raised: nothing waits
    for a git that hangs."""
    with contextlib.ExitStack() as stack:
        source: Any = subprocess.DEVNULL
        if stdin is not None:
            # From a file, not a pipe: a wait for the answer that ends to look at `stop` would
            # leave a pipe's writing unfinished (communicate writes only when given the input).
            source = stack.enter_context(tempfile.TemporaryFile())
            source.write(stdin)
            source.seek(0)
        try:
            process = subprocess.Popen(
                ["git", "-C", str(folder), *args],
                stdin=source,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except FileNotFoundError:
            raise GitError(
                "the git program is not installed; it is needed to read a brief's history"
            ) from None
        output = _answer(process, stop)
    if process.returncode != 0:
        raise GitError(failure)
    return output


def _answer(process: subprocess.Popen[bytes], stop: threading.Event | None) -> bytes:
    """What `process` prints, waited for up to GIT_TIMEOUT, looking at `stop` every STOP_POLL."""
    deadline = time.monotonic() + GIT_TIMEOUT
    with process:
        while True:
            wait = max(0.0, deadline - time.monotonic())
            try:
                return process.communicate(timeout=min(wait, STOP_POLL) if stop else wait)[0]
            except subprocess.TimeoutExpired:
                stopped = stop is not None and stop.is_set()
                if stopped or time.monotonic() >= deadline:
                    process.kill()
                    process.communicate()
                    why = "git was stopped" if stopped else f"git did not answer within {GIT_TIMEOUT} s"
                    raise GitError(why) from None
