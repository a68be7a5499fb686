"""The headless commands `validate` and `schema`: standard library and the loader only."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from briefing.cli import write_document
from briefing.errors import BriefError
from briefing.loader import load
from briefing.text import json_text

BRIEF_SUFFIXES = (".yaml", ".yml")


def is_brief_file(path: Path) -> bool:
    """A file named like a brief (`*.yaml`, `*.yml`, in any case)."""
    return path.suffix.lower() in BRIEF_SUFFIXES and path.is_file()


def brief_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and every `*.yaml`/`*.yml` below the folders named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                found for found in path.rglob("*") if is_brief_file(found) and not _hidden(found, path)
            )
        else:
            yield path


def _hidden(found: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in found.relative_to(root).parts)


def validate(paths: list[Path], *, output: str = "text", max_bytes: int | None = None) -> int:
    """Check every brief named; exit 0 if all are valid, 1 if any is not, 2 if a path is missing."""
    missing = [path for path in paths if not path.exists()]
    if missing:
        for path in missing:
            print(f"briefing validate: {path}: no such file or folder", file=sys.stderr)
        return 2
    files = list(brief_files(paths))
    all_errors: list[BriefError] = []
    invalid = 0
    for file in files:
        result = load(file, max_bytes=max_bytes)
        if result.errors:
            invalid += 1
            all_errors.extend(result.errors)
    if output == "json":
        report = {
            "files": len(files),
            "invalid": invalid,
            "errors": [error.as_dict() for error in all_errors],
        }
        write_document(json_text(report) + "\n")
    else:
        for error in all_errors:
            print(error)
        valid = len(files) - invalid
        noun = "brief" if len(files) == 1 else "briefs"
        if invalid:
            count = f"{len(all_errors)} error{'s' if len(all_errors) != 1 else ''}"
            print(f"{len(files)} {noun} checked: {valid} valid, {invalid} invalid ({count})")
        else:
            print(f"{len(files)} {noun} checked: all valid")
    return 1 if invalid else 0


def schema(*, modeline: bool = False) -> int:
    """Print the JSON Schema of the format, or the modeline that names its installed copy."""
    from briefing import schema

    write_document(schema.modeline() + "\n" if modeline else schema.schema_text())
    return 0
