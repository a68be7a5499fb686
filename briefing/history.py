"""A brief's history from git: the commits that changed its file, each with what changed in the
story (`briefing.diff`), newest first.

Read through the `git` program with argument lists (`briefing.gitrev`), the path after `--` and
taken literally (no glob): one `git log --follow` names the commits and the file's blob at each
(renames of the file followed), and one `git cat-file --batch` reads every blob. Each version is
validated; one that is not a valid brief is reported and skipped, and the next is compared with
the last valid one before it.
Headless: the CLI (`briefing log`) and the reader's details screen both use it.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import msgspec

from briefing.diff import SYMBOLS, Change, counts, diff
from briefing.errors import BriefError
from briefing.gitrev import GitError, git_bytes, repository_folder
from briefing.loader import DEFAULT_MAX_BYTES, load_bytes
from briefing.model import SECTIONS, Brief

_LOG_FORMAT = "--format=%x1e{mark}%H%x00%aI%x00%an%x00%s%x00"
"""Each commit starts with a record separator and a mark drawn afresh for each log, so that no
subject can forge the start of a commit (git cuts a subject at a NUL; a record separator and a
hash it may hold). No field is relied on for that: git prints `%aI` as is for an author line it
cannot read (a commit object written by hand)."""
_DATE = re.compile(r"\d{4}-\d\d-\d\dT")


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit that touched the file."""

    hash: str
    date: str
    """The author date, ISO 8601 with its offset, as git gives it."""
    author: str
    subject: str
    path: str
    """The file's path at this commit, from the repository's root."""
    blob: str | None
    """The file's content at this commit; None when this commit deleted it."""
    renamed_from: str | None = None
    """The file's path before this commit, when this commit renamed (or copied) it."""


@dataclass(frozen=True, slots=True)
class Step:
    """One commit and what it changed in the story."""

    commit: Commit
    changes: tuple[Change, ...] = ()
    """Against the last valid version before it; for the first valid version, every item added."""
    errors: tuple[BriefError, ...] = ()
    """Not empty: this version is not a valid brief (nothing compared)."""
    first: bool = False
    removed: bool = False
    after_invalid: bool = False
    """The version before this one was not a valid brief: compared with the last valid one."""

    @property
    def valid(self) -> bool:
        return not self.errors and not self.removed


SHOWN_CHANGES = 3
"""A commit's changes said in full up to this many; beyond, the first two and a count."""


class UnknownItem(Exception):
    """No version of the brief has an item with this id."""


def brief_history(
    path: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limit: int | None = None,
    stop: threading.Event | None = None,
) -> list[Step]:
    """Every commit that changed the file at `path` (the newest `limit` of them), newest first;
    GitError when the folder is not in a git repository or the file has no history there, or when
    `stop` is set while git runs (`gitrev.git_bytes`) or between two versions parsed."""
    folder = repository_folder(path, stop)
    commits = log(path, folder, None if limit is None else limit + 1, stop)
    key = (str(path), max_bytes, limit, tuple(commits))
    with _READ_LOCK:
        if key in _READ:
            return list(_READ[key])
    steps = _steps(path, folder, commits, max_bytes=max_bytes, limit=limit, stop=stop)
    with _READ_LOCK:
        _READ[key] = tuple(steps)
        while len(_READ) > KEEP_READ:
            del _READ[next(iter(_READ))]
    return steps


KEEP_READ = 4
"""Histories kept, by the file's commits: the reader asks again at each details screen (another
item of the same brief) and each reload, and while its commits are the same nothing is read
again (each version is as large as the brief: 31 versions of a 10,000-statement brief, 18 s)."""
_READ: dict[tuple[object, ...], tuple[Step, ...]] = {}
_READ_LOCK = threading.Lock()


def _steps(
    path: Path,
    folder: Path,
    commits: list[Commit],
    *,
    max_bytes: int,
    limit: int | None,
    stop: threading.Event | None,
) -> list[Step]:
    """`brief_history`'s steps from the file's commits, read and compared."""
    commits = list(commits)
    baseline = commits.pop() if limit is not None and len(commits) > limit else None
    # Oldest first, as the versions are compared; read a few megabytes at a time, and only the
    # last version parsed kept: the history may be long and each version as large as the brief.
    needed = [c.blob for c in [*([baseline] if baseline else []), *reversed(commits)] if c.blob is not None]
    contents = _Blobs(folder, needed, max_bytes, stop)
    steps: list[Step] = []
    previous: Brief | None = None
    invalid_before = False
    last: tuple[str, Brief | list[BriefError]] | None = None
    if baseline is not None and baseline.blob is not None:
        # The version before the oldest shown: compared with, not shown (nor its items "added").
        version = _parse(contents.next(), "", path.name)
        previous = version if isinstance(version, Brief) else None
    for commit in reversed(commits):
        if commit.blob is None:
            steps.append(Step(commit, removed=True))
            previous = None
            continue
        if stop is not None and stop.is_set():
            raise GitError("the history was stopped")  # closed while the versions were read
        content = contents.next()
        if last is None or last[0] != commit.blob:  # the same blob again: a merge, a mode change
            last = (commit.blob, _parse(content, f"{path}@{commit.hash[:8]}", path.name))
        version = last[1]
        if isinstance(version, list):
            steps.append(Step(commit, errors=tuple(version)))
            invalid_before = True
            continue
        before = previous if previous is not None else _emptied(version)
        changes = tuple(diff(before, version))
        steps.append(Step(commit, changes, first=previous is None, after_invalid=invalid_before))
        previous, invalid_before = version, False
    return steps[::-1]


def item_history(steps: Iterable[Step], item_id: str) -> list[Step]:
    """The steps that changed one item, each with that item's changes only, newest first. The
    item is followed back through renames of its id; UnknownItem when no version has it."""
    wanted, found = item_id, []
    for step in steps:
        mine = tuple(change for change in step.changes if change.section != "brief" and change.id == wanted)
        if mine:
            found.append(replace(step, changes=mine))
            wanted = next((c.old_id for c in mine if c.kind == "renamed" and c.old_id), wanted)
        elif step.errors:
            found.append(step)
    if not any(step.changes for step in found):
        raise UnknownItem(item_id)
    last = max(i for i, step in enumerate(found) if step.changes)
    return found[: last + 1]


ITEM_WINDOW = 32
"""`newest_item_history` reads this many of the newest commits first, then four times as many."""


def newest_item_history(
    path: Path, item_id: str, count: int, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Step]:
    """`item_history(brief_history(path), item_id)[:count]`, reading only as many of the newest
    commits as it takes: a window of them, widened until it holds `count` of the item's steps and
    its oldest version was compared with the one before it (not taken for a first version because
    that one was invalid or removed). UnknownItem when no version has the item."""
    window = max(ITEM_WINDOW, 2 * count)
    while True:
        steps = brief_history(path, max_bytes, limit=window)
        if len(steps) < window:  # the whole history
            return item_history(steps, item_id)[:count]
        if not steps[-1].first:
            try:
                mine = item_history(steps, item_id)
            except UnknownItem:
                mine = []
            if len(mine) >= count:
                return mine[:count]
        window *= 4


def log(
    path: Path, folder: Path | None = None, max_count: int | None = None, stop: threading.Event | None = None
) -> list[Commit]:
    """The commits that touched the file (the newest `max_count`), newest first, with the file's
    blob at each; `folder`: the file's, already checked by `repository_folder`."""
    folder = folder or repository_folder(path, stop)
    count = [] if max_count is None else [f"--max-count={max_count}"]
    mark = secrets.token_hex(8)
    output = git_bytes(
        folder,
        "--literal-pathspecs",  # the file's name as it is: `[b].yaml` or `b*.yaml` is no pattern
        "log",
        "--follow",
        "--no-abbrev",
        "--raw",
        "-z",
        "--diff-merges=first-parent",
        "--no-color",
        _LOG_FORMAT.format(mark=mark),
        *count,
        "--",
        f"./{path.name}",
        failure=f"git cannot show the history of {path}",
        stop=stop,
    )
    commits = _parse_log(output, mark)
    if not commits:
        where = "" if path.exists() else " (and there is no such file)"
        raise GitError(f"{path} has no history in git: it was never committed{where}")
    return commits


def _parse_log(output: bytes, mark: str) -> list[Commit]:
    record = re.compile(rb"\x1e" + mark.encode("ascii") + rb"([0-9a-f]{40,64})\x00([^\x00]*)\x00")
    starts = list(record.finditer(output))
    commits = []
    for number, match in enumerate(starts):
        end = starts[number + 1].start() if number + 1 < len(starts) else len(output)
        author, subject, rest = [*output[match.end() : end].split(b"\x00", 2), b"", b""][:3]
        raw = rest.lstrip(b"\x00\n").split(b"\x00")
        if not raw[0].startswith(b":"):
            continue  # a merge that left the file as its first parent had it
        meta = raw[0].split()
        if len(meta) < 5:
            continue
        new_blob, status = meta[3].decode("ascii", "replace"), meta[4][:1]
        paths = [part for part in raw[1:3] if part]
        moved = status in (b"R", b"C") and len(paths) > 1
        where = (paths[1] if moved else paths[0]) if paths else b""
        commits.append(
            Commit(
                hash=match.group(1).decode("ascii"),
                date=date if _DATE.match(date := match.group(2).decode("ascii", "replace")) else "",
                author=author.decode("utf-8", "replace"),
                subject=subject.decode("utf-8", "replace"),
                path=where.decode("utf-8", "replace"),
                blob=None if status == b"D" or new_blob.strip("0") == "" else new_blob,
                renamed_from=paths[0].decode("utf-8", "replace") if moved else None,
            )
        )
    return commits


READ_BYTES = 16 * 1024 * 1024
"""At most this many bytes of versions read from git at once (one version over it is read alone)."""


def blob_sizes(folder: Path, blobs: Iterable[str], stop: threading.Event | None = None) -> dict[str, int]:
    """The size of each blob git has (`git cat-file --batch-check`); one it lacks is left out."""
    order = sorted(set(blobs))
    if not order:
        return {}
    request = "".join(f"{blob}\n" for blob in order).encode("ascii")
    checked = git_bytes(
        folder, "cat-file", "--batch-check", stdin=request, failure="git cannot read the history", stop=stop
    )
    sizes = {}
    for answer in checked.decode("ascii", "replace").splitlines():
        parts = answer.split()
        if len(parts) == 3 and parts[1] == "blob" and parts[2].isdigit():
            sizes[parts[0]] = int(parts[2])
    return sizes


def read_blobs(folder: Path, blobs: Iterable[str], stop: threading.Event | None = None) -> dict[str, bytes]:
    """Each blob's bytes, in one call of `git cat-file --batch` (blobs `blob_sizes` found)."""
    wanted = "".join(f"{blob}\n" for blob in blobs).encode("ascii")
    if not wanted:
        return {}
    stream = git_bytes(
        folder, "cat-file", "--batch", stdin=wanted, failure="git cannot read the history", stop=stop
    )
    found: dict[str, bytes] = {}
    at = 0
    while at < len(stream):
        header_end = stream.index(b"\n", at)
        name, _kind, size = stream[at:header_end].decode("ascii").split()
        start = header_end + 1
        found[name] = stream[start : start + int(size)]
        at = start + int(size) + 1
    return found


class _Blobs:
    """The versions a history needs, in the order it needs them (`next`): each as its bytes, or
    why it was not read (larger than `max_bytes`, missing). Sizes are asked first, so that a huge
    blob is never read, then the next versions are read together up to `READ_BYTES`."""

    def __init__(self, folder: Path, order: list[str], max_bytes: int, stop: threading.Event | None) -> None:
        self.folder, self.order, self.max_bytes, self.stop = folder, order, max_bytes, stop
        self.sizes = blob_sizes(folder, order, stop)
        self.at = 0
        self.read: dict[str, bytes] = {}

    def next(self) -> bytes | str:
        blob = self.order[self.at]
        self.at += 1
        size = self.sizes.get(blob)
        if size is None:
            return "missing from the repository"
        if size > self.max_bytes:
            return f"{size:,} bytes, more than the limit of {self.max_bytes:,}"
        if blob not in self.read:
            self.read = read_blobs(self.folder, self._batch(blob), self.stop)
        return self.read.get(blob, "missing from the repository")

    def _batch(self, first: str) -> list[str]:
        """`first` and the readable versions after it, up to `READ_BYTES` in all."""
        batch, total = {first: None}, self.sizes[first]
        for blob in self.order[self.at :]:
            size = self.sizes.get(blob)
            if blob in batch or size is None or size > self.max_bytes:
                continue
            if total + size > READ_BYTES:
                break
            batch[blob] = None
            total += size
        return list(batch)


def _parse(content: bytes | str, label: str, name: str) -> Brief | list[BriefError]:
    """A version validated under the file's own name (its default id); errors name `label`."""
    if isinstance(content, str):
        return [BriefError(label, 1, 1, f"not read: {content}")]
    result = load_bytes(content, name)
    if result.loaded is None:
        return [msgspec.structs.replace(error, path=label) for error in result.errors]
    return result.loaded.brief


def _emptied(brief: Brief) -> Brief:
    """The brief with no items: compared with it, every item of the first version is added."""
    return msgspec.structs.replace(brief, **{section: [] for section in SECTIONS})


def step_lines(step: Step) -> list[tuple[str, str]]:
    """What one commit did to the story in a line or a few, each with its kind: a kind of
    change (`added`…), or `invalid`, `same`, `more`. Each line starts with a symbol that says
    its kind without colour."""
    commit = step.commit
    if step.removed:
        return [("removed", "- the file was removed")]
    if step.errors:
        first = step.errors[0]
        more = f" (and {len(step.errors) - 1} more)" if len(step.errors) > 1 else ""
        return [("invalid", f"! not a valid brief here: {first.line}:{first.column}: {first.message}{more}")]
    out = []
    if commit.renamed_from is not None:
        out.append(("renamed", f"> the file renamed from {commit.renamed_from} to {commit.path}"))
    if step.first and len(step.changes) != 1:
        number = len(step.changes)
        return [*out, ("added", f"+ first version: {number} item{'s' if number != 1 else ''}")]
    if not step.changes:
        if step.after_invalid:
            return [*out, ("same", "= valid again: the same story as the last valid version")]
        return out or [("same", "= the same story (only the file's layout changed)")]
    shown = step.changes if len(step.changes) <= SHOWN_CHANGES else step.changes[: SHOWN_CHANGES - 1]
    out += [(change.kind, f"{SYMBOLS[change.kind]} {change.text}") for change in shown]
    if len(shown) < len(step.changes):
        rest = step.changes[len(shown) :]
        out.append(("more", f"… and {len(rest)} more: {counts(rest)}"))
    return out


def commit_line(step: Step) -> str:
    """`3f2a1b9c  2025-11-21 14:30  Author  subject`."""
    commit = step.commit
    return f"{commit.hash[:8]}  {commit.date[:16].replace('T', ' ')}  {commit.author}  {commit.subject}"
