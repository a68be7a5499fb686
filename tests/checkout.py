"""The suite reads nothing beside the checkout: a clone of the repository alone is complete.

Tests once read `../shared/` (a corpus and a source text a user never has), and nine hundred of
them silently depended on it. `conftest.py` installs `watch()`: an audit hook that notes every file
opened or folder listed beside the checkout (under its parent folder, outside the checkout, the
temporary folder and Python's own installation); every test then fails if it noted any. Child
processes are not watched; `test_checkout_only.py` also reads the test modules for paths that
climb out.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BESIDE = ROOT.parent
ALLOWED = tuple(
    folder
    for folder in {
        Path(name).resolve() for name in (ROOT, tempfile.gettempdir(), sys.prefix, sys.base_prefix)
    }
    if folder == BESIDE or not BESIDE.is_relative_to(folder)
)
"""Where reads are fine even beside the checkout; not a folder that holds it (a clone in /tmp/x/)."""
EVENTS = frozenset({"open", "os.listdir", "os.scandir", "glob.glob", "glob.glob/2"})
"""The audit events that read a file or list a folder, each with the path as its first argument."""

_noted: list[str] = []


def watchable() -> bool:
    """Nothing is "beside" a checkout at the top of the file system, nor one that sits right in
    the temporary folder or Python's (whose files every test may read)."""
    return Path(BESIDE.anchor) != BESIDE and BESIDE not in ALLOWED


def outside(path: object) -> str | None:
    """`path` made absolute when it lies beside the checkout, else None."""
    if not isinstance(path, (str, bytes, os.PathLike)):
        return None  # a file descriptor, or None for the current folder
    text = os.path.abspath(os.fsdecode(path))
    if Path(text).is_relative_to(BESIDE) and not any(Path(text).is_relative_to(ok) for ok in ALLOWED):
        return text
    return None


def _hook(event: str, arguments: tuple[object, ...]) -> None:
    if event in EVENTS and arguments and (path := outside(arguments[0])) is not None:
        _noted.append(path)


def watch() -> None:
    """Install the hook (once per process: audit hooks cannot be removed)."""
    if watchable():
        sys.addaudithook(_hook)


def take() -> list[str]:
    """The paths noted since the last call, forgotten once returned."""
    noted = list(_noted)
    _noted.clear()
    return noted
