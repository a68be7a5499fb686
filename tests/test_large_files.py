"""Issue 12: a brief of 128 KB or more reads exactly as a small one, data and verdict.

Briefs of that size used to go through rapidyaml, which changed a verbatim quote (an escaped line
break before a blank line), accepted what libyaml refuses (keys over 1,024 characters, form feed,
DEL and C1 characters), and, with a validation error besides, crashed `validate` and the reader.
The path is gone; these tests hold every size to the one reader's answer, at the real size.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from yaml_fuzz import documents, padded

from briefing import loader
from briefing.yamlread import read_document

LARGE = 200 * 1024
"""Past the 128 KB where the fast path began."""

BASE = "briefing: 1\ntitle: T\nas_of: 2025-11-21\n"

ESCAPED_BREAK = 'summary: "Nous verrons. \\\n\n  Nous verrons."\n'
"""An escaped line break, then a blank line: YAML keeps one line break ("… \\nNous verrons.")."""

REFUSED = {
    "x- key over 1,024 characters": "x-" + "k" * 1030 + ": 1\n",
    "key over 1,024 characters": "k" * 1030 + ": 1\n",
    "quoted key over two lines": 'x-note:\n  "a\n   b": 1\n',
    "form feed": "summary: page one\x0cpage two\n",
    "form feed quoted": 'summary: "page one\x0cpage two"\n',
    "DEL": "summary: a\x7fb\n",
    "C1 control": "summary: a\x80b\n",
    "C1 control quoted": "summary: 'a\x9fb'\n",
    "U+FFFE": "summary: a\ufffeb\n",
}


def large_file(tmp_path: Path, tail: str) -> Path:
    path = tmp_path / "large.yaml"
    path.write_bytes(padded(BASE + tail, LARGE).encode("utf-8"))
    return path


def test_a_quote_reads_the_same_at_every_size(tmp_path: Path) -> None:
    expected = "Nous verrons. \nNous verrons."
    assert read_document(BASE + ESCAPED_BREAK).data["summary"] == expected
    for text in (BASE + ESCAPED_BREAK, large_file(tmp_path, ESCAPED_BREAK).read_text(encoding="utf-8")):
        result = loader.load_text(text)
        assert result.ok and result.loaded is not None
        assert result.loaded.brief.summary == expected


@pytest.mark.parametrize("tail", REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize("typo", ["", "language: 12\n"], ids=["valid", "with a typo"])
def test_what_libyaml_refuses_is_refused_at_every_size(tmp_path: Path, tail: str, typo: str) -> None:
    """Refused with the syntax error's place, whether or not the data would also fail validation
    (then the loader used to call libyaml again, unguarded, and crash)."""
    with pytest.raises(yaml.YAMLError):
        read_document(BASE + typo + tail)
    small = loader.load_text(BASE + typo + tail)
    path = large_file(tmp_path, typo + tail)
    large = loader.load(path)
    assert not small.ok and not large.ok
    assert len(small.errors) == len(large.errors) == 1
    shift = path.read_text(encoding="utf-8").count("\n") - (BASE + typo + tail).count("\n")
    (before,), (after,) = small.errors, large.errors
    assert (after.line, after.column, after.message) == (before.line + shift, before.column, before.message)


def test_validate_refuses_a_large_file_with_a_position_not_an_internal_error(tmp_path: Path) -> None:
    path = large_file(tmp_path, "language: 12\n" + REFUSED["x- key over 1,024 characters"])
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "validate", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    where = rf"{re.escape(str(path))}:\d{{4}}:\d+: error: YAML syntax error: "
    assert re.match(where, result.stdout), result.stdout


def assert_same_verdict(small: loader.LoadResult, large: loader.LoadResult, lines: int) -> None:
    """The same brief or the same errors, `lines` lines further down (a whole-file error, at
    1:1, stays there)."""
    assert (small.loaded is None) == (large.loaded is None)
    if small.loaded is not None and large.loaded is not None:
        assert large.loaded.brief == small.loaded.brief
        assert large.loaded.lines == {item: line + lines for item, line in small.loaded.lines.items()}
    assert [(error.column, error.message) for error in large.errors] == [
        (error.column, error.message) for error in small.errors
    ]
    for before, after in zip(small.errors, large.errors, strict=True):
        assert after.line == before.line + lines or (before.line, after.line) == (1, 1)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(documents)
def test_a_document_reads_the_same_behind_128_kb_of_comments(text: str) -> None:
    """Generated odd documents (tests/yaml_fuzz.py), small and padded past 128 KB with comment
    lines: the same verdict."""
    large = padded(text, LARGE)
    lines = large.count("\n") - text.count("\n")
    assert_same_verdict(loader.load_text(text, "fuzz.yaml"), loader.load_text(large, "fuzz.yaml"), lines)
