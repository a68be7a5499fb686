"""`briefing new` writes a valid, teaching brief, never over an existing file, then opens it."""

from __future__ import annotations

import argparse
import datetime
import sys
import types
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.loader import load, load_text
from briefing.new import brief_template, run
from briefing.schema import SCHEMA_FILE


def args(path: Path, *, title: str | None = None, no_open: bool = True) -> argparse.Namespace:
    return argparse.Namespace(path=path, title=title, no_open=no_open)


def test_new_brief_is_valid_dated_today_and_names_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "peace-plan.yaml"
    assert main(["new", str(path), "--title", "US–Russian plan: 28 points", "--no-open"]) == 0

    result = load(path)
    assert result.ok, result.errors
    brief = result.loaded.brief  # type: ignore[union-attr]
    assert brief.id == "peace-plan"
    assert brief.title == "US–Russian plan: 28 points"
    assert brief.as_of.text == datetime.date.today().isoformat()
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema={SCHEMA_FILE.resolve()}"
    assert SCHEMA_FILE.resolve().is_file()


def test_schema_modeline_prints_the_line_new_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README tells users of existing briefs to add this line: it must be the one `new` writes."""
    path = tmp_path / "story.yaml"
    assert main(["new", str(path), "--no-open"]) == 0
    capsys.readouterr()
    assert main(["schema", "--modeline"]) == 0
    printed = capsys.readouterr().out
    assert printed == path.read_text(encoding="utf-8").splitlines()[0] + "\n"


def test_every_section_is_taught_and_the_examples_are_valid_once_uncommented(tmp_path: Path) -> None:
    text = brief_template(tmp_path / "story.yaml", "Story", datetime.date(2025, 11, 19))
    lines = text.splitlines()
    body = lines.index("language: en   # the language of the source material (fr, pt-BR, ...)") + 1
    uncommented = lines[:body] + [line.removeprefix("# ") for line in lines[body:]]

    result = load_text("\n".join(uncommented) + "\n", "story.yaml")
    assert result.ok, result.errors
    brief = result.loaded.brief  # type: ignore[union-attr]
    assert [len(brief.sources), len(brief.actors), len(brief.events)] == [1, 1, 1]
    assert [len(brief.statements), len(brief.questions)] == [1, 1]
    assert brief.summary is not None
    assert brief.tags == ["politics"]


def test_a_second_run_refuses_and_leaves_the_file_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "brief.yaml"
    assert run(args(path)) == 0
    path.write_text(path.read_text(encoding="utf-8") + "# my own notes\n", encoding="utf-8")
    kept = path.read_bytes()
    capsys.readouterr()

    assert main(["new", str(path), "--no-open"]) == 1

    assert path.read_bytes() == kept
    assert "already exists; not overwriting it" in capsys.readouterr().err


def test_title_comes_from_the_file_name_and_odd_titles_are_quoted(tmp_path: Path) -> None:
    assert run(args(tmp_path / "kyiv_talks-2025.yml")) == 0
    assert load(tmp_path / "kyiv_talks-2025.yml").loaded.brief.title == "Kyiv talks 2025"  # type: ignore[union-attr]

    odd = "#1: 'yes' & [no]"
    assert run(args(tmp_path / "Odd Name.yaml", title=odd)) == 0
    brief = load(tmp_path / "Odd Name.yaml").loaded.brief  # type: ignore[union-attr]
    assert (brief.title, brief.id) == (odd, "odd-name")


def test_bad_names_and_missing_folders_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(args(tmp_path / "brief.txt")) == 2
    assert "ends in .yaml or .yml" in capsys.readouterr().err
    assert run(args(tmp_path / "nowhere" / "brief.yaml")) == 1
    assert "no such folder" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_new_brief_is_opened_unless_no_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[argparse.Namespace] = []
    launch = types.ModuleType("briefing.launch")
    launch.run = lambda namespace: opened.append(namespace) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "briefing.launch", launch)

    assert main(["new", str(tmp_path / "a.yaml"), "--no-open"]) == 0
    assert opened == []
    assert main(["new", str(tmp_path / "b.yaml")]) == 0
    assert [(n.path, n.theme) for n in opened] == [(tmp_path / "b.yaml", None)]
