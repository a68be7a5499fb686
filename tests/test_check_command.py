"""`briefing check` as a user runs it (a subprocess): text, JSON and SARIF 2.1.0 output (validated
against the official schema), --strict, --select/--ignore, --stale-days, --list-rules, invalid
briefs and missing paths, and hostile file names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_check_hostile import VALIDATOR
from test_cli import ERROR_LINE, INVALID, VALID, run, write

from briefing.quality import DEFAULT_STALE_DAYS, RULES

DATA = Path(__file__).parent / "data"
BRIEF = """\
briefing: 1
title: T
as_of: 2025-11-19
language: fr
sources:
  - id: afp
    name: AFP
actors:
  - id: a
    name: A
statements:
  - id: said
    actor: a
    quote: "Привет"
    lang: ru
    source: afp
events:
  - id: unsourced-event
    date: 2025-11-18
    title: Nobody says so
    actors: [a]
questions:
  - id: q
    question: Why?
    events: [unsourced-event]
"""
"""Two warnings: `untranslated` at line 15 (`lang`), `unsourced` at line 18 (the event)."""
WARNING_LINE = r"^(?P<path>.+):(?P<line>\d+):(?P<column>\d+): warning\[(?P<rule>[a-z-]+)\]: (?P<message>.+)$"


def test_text_output_and_exit_codes(tmp_path: Path) -> None:
    path = write(tmp_path / "b.yaml", BRIEF)
    result = run("check", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{path}:15:5: warning[untranslated]: the statement 'said' is in 'ru', not the brief's 'fr', "
        "and has no translation",
        f"{path}:18:5: warning[unsourced]: the event 'unsourced-event' names no source",
        "1 brief checked: 2 warnings",
    ]
    assert run("check", "--strict", path).returncode == 1
    clean = write(tmp_path / "clean.yaml", VALID.replace("name: A\n", "name: A\n# briefing: ignore[x]\n"))
    result = run("check", "--strict", "--ignore", "unreferenced", clean)
    assert result.returncode == 1  # the ignore comment names no rule: an error in the brief
    assert "unknown rule 'x'" in result.stdout


def test_select_and_ignore(tmp_path: Path) -> None:
    path = write(tmp_path / "b.yaml", BRIEF)
    selected = run("check", "--select", "unsourced", path)
    assert "warning[untranslated]" not in selected.stdout and "warning[unsourced]" in selected.stdout
    ignored = run("check", "--ignore", "unsourced,untranslated", "--strict", path)
    assert ignored.returncode == 0
    assert ignored.stdout == "1 brief checked: 0 warnings\n"
    both = run("check", "--select", "unsourced", "--select", "untranslated", "--ignore", "unsourced", path)
    assert [line.split("warning[")[1].split("]")[0] for line in both.stdout.splitlines()[:-1]] == [
        "untranslated"
    ]


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_rule_is_a_usage_error_with_a_hint(option: str, tmp_path: Path) -> None:
    path = write(tmp_path / "b.yaml", BRIEF)
    result = run("check", option, "unsourced,single-source-confirmd", path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "unknown rule 'single-source-confirmd' (did you mean 'single-source-confirmed'?)" in result.stderr


def test_x_check_in_the_brief(tmp_path: Path) -> None:
    path = write(
        tmp_path / "b.yaml", BRIEF.replace("language: fr\n", "language: fr\nx-check: {ignore: [unsourced]}\n")
    )
    result = run("check", "--strict", path)
    assert result.returncode == 1
    assert "warning[unsourced]" not in result.stdout and "warning[untranslated]" in result.stdout
    assert run("validate", path).returncode == 0  # an `x-` key: the format is unchanged


def test_an_ignore_comment_on_the_item_line(tmp_path: Path) -> None:
    text = BRIEF.replace(
        "  - id: unsourced-event\n", "  - id: unsourced-event  # briefing: ignore[unsourced]\n"
    )
    result = run("check", write(tmp_path / "b.yaml", text))
    assert "warning[unsourced]" not in result.stdout and "1 warning\n" in result.stdout


def test_stale_days(tmp_path: Path) -> None:
    path = write(tmp_path / "b.yaml", BRIEF.replace("date: 2025-11-18", "date: 2025-10-01"))
    assert "warning[stale-question]" in run("check", path).stdout
    assert "warning[stale-question]" not in run("check", "--stale-days", "60", path).stdout
    result = run("check", "--stale-days", "-1", path)
    assert result.returncode == 2 and "cannot be negative" in result.stderr


def test_help_and_list_rules() -> None:
    result = run("check", "--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: briefing check")
    assert f"(default {DEFAULT_STALE_DAYS})" in " ".join(result.stdout.split())
    listed = run("check", "--list-rules")
    assert [line.split()[0] for line in listed.stdout.splitlines()] == list(RULES)
    assert "check" in run("--help").stdout
    assert run("check").returncode == 2


def test_an_invalid_brief_gives_validates_errors(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", INVALID)
    good = write(tmp_path / "good.yaml", BRIEF)
    expected = run("validate", bad).stdout.splitlines()[:-1]
    result = run("check", bad, good)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[: len(expected)] == expected and all(ERROR_LINE.match(line) for line in expected)
    assert lines[-1] == "2 briefs checked: 2 warnings, 1 invalid (2 errors)"


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", tmp_path / "nope.yaml")
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr


def test_json_output(tmp_path: Path) -> None:
    path = write(tmp_path / "b.yaml", BRIEF)
    bad = write(tmp_path / "bad.yaml", INVALID)
    result = run("check", "--format", "json", path, bad)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert set(report) == {"files", "invalid", "warnings", "errors"}
    assert (report["files"], report["invalid"]) == (2, 1)
    assert report["warnings"][0] == {
        "path": str(path),
        "line": 15,
        "column": 5,
        "rule": "untranslated",
        "message": "the statement 'said' is in 'ru', not the brief's 'fr', and has no translation",
        "item": "said",
    }
    assert set(report["errors"][0]) == {"path", "line", "column", "message"}


def run_in(folder: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """`briefing ARGS` run from `folder`, so that relative file names stay relative."""
    result = subprocess.run(
        [sys.executable, "-m", "briefing", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _sarif(folder: Path, *args: str | Path) -> dict[str, Any]:
    """`check --format sarif ARGS`, validated against the official SARIF 2.1.0 schema."""
    document = json.loads(run_in(folder, "check", "--format", "sarif", *args).stdout)
    VALIDATOR.validate(document)  # URI formats checked too
    return document


def test_sarif_output_is_valid_sarif_2_1_0(tmp_path: Path) -> None:
    path = write(tmp_path / "b.yaml", BRIEF)
    bad = write(tmp_path / "bad.yaml", INVALID)
    document = _sarif(tmp_path, path, bad)
    (sarif_run,) = document["runs"]
    rules = [rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]]
    assert rules == [*RULES, "invalid-brief"]
    results = sarif_run["results"]
    first = results[0]
    assert (first["ruleId"], first["level"], rules[first["ruleIndex"]]) == (
        "untranslated",
        "warning",
        "untranslated",
    )
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == path.as_uri()
    assert location["region"] == {"startLine": 15, "startColumn": 5}
    assert {result["level"] for result in results[2:]} == {"error"}


def test_sarif_with_a_relative_hostile_name_and_with_no_warnings(tmp_path: Path) -> None:
    """A relative name stays relative, percent-encoded; a control character never reaches a terminal."""
    name = "b r\x1b[31m%é.yaml"
    write(tmp_path / name, BRIEF)
    document = _sarif(tmp_path, name)
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "b%20r%1B%5B31m%25%C3%A9.yaml"
    text = run_in(tmp_path, "check", name).stdout
    assert "\x1b" not in text and "b r␛[31m%é.yaml:18:5: warning[unsourced]" in text
    write(tmp_path / "valid.yaml", VALID)
    assert _sarif(tmp_path, "--select", "affiliation-cycle", "valid.yaml")["runs"][0]["results"] == []


def test_the_readme_table_lists_every_rule_in_order() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme.split("## Checking a brief\n", 1)[1].split("\n## ", 1)[0]
    table = [line.split("`")[1] for line in section.splitlines() if line.startswith("| `")]
    assert table == list(RULES)


def test_hostile_text_in_a_message_never_reaches_the_terminal(tmp_path: Path) -> None:
    """Group labels and names are quoted in messages: escapes and bidi controls are shown, not sent."""
    text = VALID.replace(
        "name: A\n",
        'name: A\n    group: "Ge\\e[2Jrmany\\u202e"\n'
        '  - id: b\n    name: B\n    group: "ge\\e[2Jrmany\\u202e"\n',
    )
    path = write(tmp_path / "b.yaml", text)
    result = run("check", "--select", "group-label-variants", path)
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "warning[group-label-variants]: the group 'ge␛[2Jrmany<U+202E>'" in result.stdout
    report = json.loads(run("check", "--format", "json", "--select", "group-label-variants", path).stdout)
    assert "ge\x1b[2Jrmany\u202e" in report["warnings"][0]["message"]  # JSON keeps the data, escaped
    raw = run("check", "--format", "sarif", "--select", "group-label-variants", path).stdout
    assert "\x1b" not in raw and "\u202e" not in raw
