"""`briefing log PATH [ITEM-ID]`: the commits that changed a brief, or one of its items, newest
first, each with what it changed in the story's words (`briefing.history`).

Exit codes follow `briefing diff`'s "trouble" convention: 0 the history was shown (a version in
it that is not a valid brief is said so on its commit's line), 2 when there is none to show: the
file is not in a git repository, was never committed, or no version has the item asked for.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from briefing.cli import write_document
from briefing.diff import change_row
from briefing.diff_command import STYLES as CHANGE_STYLES
from briefing.gitrev import GitError
from briefing.history import (
    Step,
    UnknownItem,
    brief_history,
    commit_line,
    item_history,
    newest_item_history,
    step_lines,
)
from briefing.show import line, make_console, print_beneath
from briefing.text import json_text

EXIT_SHOWN, EXIT_TROUBLE = 0, 2
LOG_FORMAT_VERSION = 1
"""The version of `briefing log --format json`; raised only when a key changes meaning."""
STYLES = {**CHANGE_STYLES, "invalid": "bold red", "same": "dim", "more": "dim"}


def run(args: argparse.Namespace) -> int:
    """Print the history of the brief (or of one item) as text or JSON."""
    path: Path = args.path
    if path.is_dir():
        print(f"briefing log: {path}: is a folder; give one brief file", file=sys.stderr)
        return EXIT_TROUBLE
    try:
        if args.item is None:
            # -n N needs only the newest N commits (and the one before them).
            steps = brief_history(path, limit=args.max_count)
        elif args.max_count is not None:
            steps = newest_item_history(path, args.item, args.max_count)
        else:
            steps = item_history(brief_history(path), args.item)
    except GitError as error:
        print(f"briefing log: {error}", file=sys.stderr)
        return EXIT_TROUBLE
    except UnknownItem:
        print(f"briefing log: no version of {path} has an item with the id `{args.item}`", file=sys.stderr)
        return EXIT_TROUBLE
    if args.max_count is not None:
        steps = steps[: args.max_count]
    if args.format == "json":
        write_document(json_text(as_data(path, args.item, steps)) + "\n")
    else:
        print_history(make_console(args.width), path, args.item, steps)
    return EXIT_SHOWN


def print_history(console: Console, path: Path, item: str | None, steps: list[Step]) -> None:
    about = f"`{item}` in {path}" if item is not None else str(path)
    console.print(line(f"History of {about}: {len(steps)} commit{'s' if len(steps) != 1 else ''}", "bold"))
    for step in steps:
        console.print(line(commit_line(step), "cyan"))
        for kind, text in step_lines(step):
            print_beneath(console, text, STYLES[kind])


def as_data(path: Path, item: str | None, steps: list[Step]) -> dict[str, Any]:
    """The `--format json` document (docs/diff.md): one row a commit, newest first."""
    return {
        "log_format": LOG_FORMAT_VERSION,
        "path": str(path),
        "item": item,
        "commits": [
            {
                "commit": step.commit.hash,
                "date": step.commit.date,
                "author": step.commit.author,
                "subject": step.commit.subject,
                "path": step.commit.path,
                "valid": step.valid,
                "first": step.first,
                "removed": step.removed,
                "renamed_from": step.commit.renamed_from,
                "errors": [error.as_dict() for error in step.errors],
                "changes": [change_row(change) for change in step.changes],
            }
            for step in steps
        ],
    }
