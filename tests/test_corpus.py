"""The loader over every file of the YAML test suite: it loads, or it gives positioned errors.

Whatever the file holds (valid YAML of every shape, or YAML the suite marks as invalid), the
loader must answer with a brief or with errors that each carry a line, a column and a message;
never another exception. The suite (MIT, its LICENSE beside it) is vendored in `tests/data/yaml-test-suite/`.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from briefing.loader import load

SUITE = Path(__file__).resolve().parent / "data" / "yaml-test-suite"
FILES = sorted(path for path in SUITE.glob("*.yaml"))


def _invalid_yaml() -> set[str]:
    """File names the suite marks as invalid YAML (`expects_error` = 1)."""
    with (SUITE / "INDEX.tsv").open(encoding="utf-8", newline="") as index:
        return {row["file"] for row in csv.DictReader(index, delimiter="\t") if row["expects_error"] == "1"}


INVALID = _invalid_yaml()


def test_corpus_is_there() -> None:
    assert len(FILES) > 400
    assert len(INVALID) > 50


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_loads_or_gives_positioned_errors(path: Path) -> None:
    result = load(path)
    assert result.ok or result.errors, "neither a brief nor an error"
    assert result.ok != bool(result.errors)
    for error in result.errors:
        assert error.line >= 1
        assert error.column >= 1
        assert error.message.strip()
        assert error.path == str(path)
    if path.name in INVALID:
        assert not result.ok, "the suite marks this file as invalid YAML, but it loaded as a brief"
