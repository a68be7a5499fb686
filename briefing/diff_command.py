"""`briefing diff OLD [NEW]`: the command-line face of `briefing.diff`.

Each side is a brief file, or `PATH@REV` for the file at a git revision (`briefing.gitrev`);
`briefing diff PATH` alone compares the working file with `PATH@HEAD`. Both sides are validated
first. Exit codes follow `diff`: 0 the same story, 1 changes, 2 trouble (a usage error, a side
that cannot be read, or one that is not a valid brief: its errors are printed as path:line:col).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from rich.text import Text

from briefing.cache import BriefCache
from briefing.canonical import canonical_text
from briefing.cli import write_document
from briefing.diff import LONG_FIELDS, SYMBOLS, Change, as_data, counts, diff
from briefing.export.mdtext import escape_inline
from briefing.files import read_limited
from briefing.gitrev import GitError, read_at, split_revision
from briefing.loader import DEFAULT_MAX_BYTES, LoadedBrief, LoadResult, load, load_bytes
from briefing.show import line, make_console, print_beneath
from briefing.text import clean, clean_line, json_text

EXIT_EQUAL, EXIT_DIFFERENT, EXIT_TROUBLE = 0, 1, 2

STYLES = {"added": "green", "removed": "red", "changed": "yellow", "renamed": "cyan"}


class Trouble(Exception):
    """A side that cannot be read at all (no such file, no such revision)."""


@dataclass(frozen=True)
class Side:
    """One version of the brief: how the user named it, and what loading it gave."""

    label: str
    result: LoadResult


def run(args: argparse.Namespace) -> int:
    """Load both sides, say what changed in the chosen format, exit 0/1/2 as `diff` does."""
    if args.textconv:
        return textconv(args.old, args.new)
    old_name, new_name = sides_named(args.old, args.new)
    try:
        # Both sides through the reader's brief cache: a version read before is not parsed again.
        cache = BriefCache()
        sides = [read_side(name, cache=cache) for name in (old_name, new_name)]
    except (Trouble, GitError) as error:
        print(f"briefing diff: {error}", file=sys.stderr)
        return EXIT_TROUBLE
    except OSError as error:  # a name the system refuses (too long)
        print(f"briefing diff: {error.strerror or error}", file=sys.stderr)
        return EXIT_TROUBLE
    invalid = [side for side in sides if side.result.loaded is None]
    for side in invalid:
        for error in side.result.errors:
            print(error, file=sys.stderr)
        print(f"briefing diff: {side.label} is not a valid brief; nothing compared", file=sys.stderr)
    if invalid:
        return EXIT_TROUBLE
    old, new = (side.result.loaded for side in sides)
    assert old is not None and new is not None
    changes = diff(old.brief, new.brief)
    if args.format == "json":
        write_document(json_text(as_data(changes, _about(sides[0], old), _about(sides[1], new))) + "\n")
    elif args.format == "md":
        write_document(markdown(changes, (sides[0].label, old), (sides[1].label, new)))
    else:
        print_changes(changes, (sides[0].label, old), (sides[1].label, new), args.width)
    return EXIT_DIFFERENT if changes else EXIT_EQUAL


def textconv(name: str, extra: str | None) -> int:
    """`briefing diff --textconv FILE`, git's textconv driver: the brief as canonical text
    (`briefing.canonical`). An invalid brief is shown as its errors, then its own lines, so that
    `git diff` still shows what changed in it."""
    if extra is not None:
        print("briefing diff: --textconv takes one file", file=sys.stderr)
        return EXIT_TROUBLE
    try:
        side = read_side(name)
    except (Trouble, GitError) as error:
        print(f"briefing diff: {error}", file=sys.stderr)
        return EXIT_TROUBLE
    except OSError as error:
        print(f"briefing diff: {error.strerror or error}", file=sys.stderr)
        return EXIT_TROUBLE
    if side.result.loaded is not None:
        write_document(canonical_text(side.result.loaded.brief))
        return EXIT_EQUAL
    lines = [f"! not a valid brief: {e.line}:{e.column}: {clean_line(e.message)}" for e in side.result.errors]
    try:
        raw = read_limited(Path(name), DEFAULT_MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        raw = ""
    write_document("\n".join([*lines, *(clean_line(line) for line in raw.splitlines())]) + "\n")
    return EXIT_EQUAL


def sides_named(old: str, new: str | None) -> tuple[str, str]:
    """With one name, the working file is NEW: `PATH` is `PATH@HEAD PATH`, `PATH@REV` is `PATH@REV PATH`."""
    if new is not None:
        return old, new
    split = split_revision(old)
    return (old, str(split[0])) if split is not None else (f"{old}@HEAD", old)


def read_side(name: str, max_bytes: int = DEFAULT_MAX_BYTES, cache: BriefCache | None = None) -> Side:
    """The brief a command-line argument names: a file, or `PATH@REV` read through git; with a
    `cache`, a version whose bytes were validated before is taken from it (and a new one kept)."""
    if not name:
        raise Trouble("a file name is empty")
    split = split_revision(name)
    if split is None:
        path = Path(name)
        if not path.exists():
            raise Trouble(f"{name}: no such file (for a git revision write PATH@REV)")
        if path.is_dir():
            raise Trouble(f"{name}: is a folder; give one brief file")
        return Side(name, load(path, max_bytes=max_bytes, cache=cache))
    path, revision = split
    data = read_at(path, revision, max_bytes)
    # Loaded under its own file name (the brief's default id comes from it); errors name the side.
    result = load_bytes(data, str(path), cache=cache)
    errors = [msgspec.structs.replace(error, path=name) for error in result.errors]
    return Side(name, LoadResult(Path(name), result.loaded, errors))


def _about(side: Side, loaded: LoadedBrief) -> dict[str, Any]:
    return {"path": side.label, "title": loaded.brief.title, "as_of": loaded.brief.as_of.text}


def _heading(old: tuple[str, LoadedBrief], new: tuple[str, LoadedBrief]) -> str:
    before, after = old[1].brief.as_of.display(), new[1].brief.as_of.display()
    return f"From {old[0]} (as of {before}) to {new[0]} (as of {after})"


def print_changes(
    changes: list[Change], old: tuple[str, LoadedBrief], new: tuple[str, LoadedBrief], width: int | None
) -> None:
    """The terminal view: one line a change, the old and new text of long fields beneath."""
    console = make_console(width)
    console.print(line(_heading(old, new), "bold"))
    if not changes:
        console.print(Text("No changes: both versions tell the same story."))
        return
    for change in changes:
        console.print(line(f"{SYMBOLS[change.kind]} {change.text}", STYLES[change.kind]))
        for field in change.fields:
            if field.field in LONG_FIELDS and isinstance(field.old, str) and isinstance(field.new, str):
                print_beneath(console, f"was: {field.old}", "red")
                print_beneath(console, f"now: {field.new}", "green")
    console.print(Text(f"{len(changes)} change{'s' if len(changes) != 1 else ''}: {counts(changes)}"))


def markdown(changes: list[Change], old: tuple[str, LoadedBrief], new: tuple[str, LoadedBrief]) -> str:
    """A "Changes since …" section to paste into a message or a report."""
    lines = [f"## Changes since {old[1].brief.as_of.display()}", "", escape_inline(_heading(old, new)), ""]
    if not changes:
        lines.append("No changes.")
    for change in changes:
        lines.append(f"- **{change.kind}**: {escape_inline(change.text)}")
    return clean("\n".join(lines)) + "\n"
