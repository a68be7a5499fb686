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
from briefing.diff_command import STYLES, SYMBOLS, counts
from briefing.gitrev import GitError
from briefing.history import Step, UnknownItem, brief_history, item_history
from briefing.show import line, make_console
from briefing.text import json_text

EXIT_SHOWN, EXIT_TROUBLE = 0, 2
LOG_FORMAT_VERSION = 1
"""The version of `briefing log --format json`; raised only when a key changes meaning."""
SHOWN_CHANGES = 3
"""A commit's changes shown in full up to this many; beyond, the first two and a count."""


def run(args: argparse.Namespace) -> int:
    """Print the history of the brief (or of one item) as text or JSON."""
    path: Path = args.path
    if path.is_dir():
        print(f"briefing log: {path}: is a folder; give one brief file", file=sys.stderr)
        return EXIT_TROUBLE
    try:
        steps = brief_history(path)
        if args.item is not None:
            steps = item_history(steps, args.item)
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


def step_lines(step: Step) -> list[tuple[str, str]]:
    """What one commit did to the story in a line or a few, each with its kind's style."""
    if step.removed:
        return [("- the file was removed", STYLES["removed"])]
    if step.errors:
        first = step.errors[0]
        more = f" (and {len(step.errors) - 1} more)" if len(step.errors) > 1 else ""
        return [(f"! not a valid brief here: {first.line}:{first.column}: {first.message}{more}", "bold red")]
    commit = step.commit
    out = []
    if commit.renamed_from is not None:
        out.append((f"> the file renamed from {commit.renamed_from} to {commit.path}", STYLES["renamed"]))
    if step.first and len(step.changes) != 1:
        return [*out, (f"+ first version: {_items(len(step.changes))}", STYLES["added"])]
    if not step.changes:
        if step.after_invalid:
            return [*out, ("= valid again: the same story as the last valid version", "dim")]
        return out or [("= the same story (only the file's layout changed)", "dim")]
    shown = step.changes if len(step.changes) <= SHOWN_CHANGES else step.changes[: SHOWN_CHANGES - 1]
    out += [(f"{SYMBOLS[change.kind]} {change.text}", STYLES[change.kind]) for change in shown]
    if len(shown) < len(step.changes):
        rest = list(step.changes[len(shown) :])
        out.append((f"… and {len(rest)} more: {counts(rest)}", "dim"))
    return out


def commit_line(step: Step) -> str:
    """`3f2a1b9c  2025-11-21 14:30  Author  subject`."""
    commit = step.commit
    return f"{commit.hash[:8]}  {commit.date[:16].replace('T', ' ')}  {commit.author}  {commit.subject}"


def print_history(console: Console, path: Path, item: str | None, steps: list[Step]) -> None:
    about = f"`{item}` in {path}" if item is not None else str(path)
    console.print(line(f"History of {about}: {len(steps)} commit{'s' if len(steps) != 1 else ''}", "bold"))
    for step in steps:
        console.print(line(commit_line(step), "cyan"))
        for text, style in step_lines(step):
            console.print(line(f"    {text}", style))


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


def _items(number: int) -> str:
    return f"{number} item{'s' if number != 1 else ''}"
