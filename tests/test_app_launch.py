"""The launcher: which screen a path opens, the static output for pipes, and usage errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefing.launch import brief_files
from briefing.loader import load
from briefing.locations import bundled_briefs_dir
from briefing.search import SearchIndex, find_spans, fold_with_map

TALKS = Path(__file__).parent / "data" / "app" / "talks.yaml"


def briefing(*args: str) -> subprocess.CompletedProcess[str]:
    """The real program with stdout a pipe (not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args], capture_output=True, text=True, check=False, timeout=120
    )


def test_piped_output_prints_the_brief_statically() -> None:
    result = briefing(str(TALKS))
    assert result.returncode == 0, result.stderr
    assert "Talks on a ceasefire in Ruritania" in result.stdout
    assert "Nous avons bon espoir" in result.stdout
    assert "\x1b[?1049h" not in result.stdout  # no alternate screen: not the TUI


def test_piped_output_of_a_folder_prints_valid_briefs_and_errors(tmp_path: Path) -> None:
    (tmp_path / "talks.yaml").write_text(TALKS.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("briefing: 1\ntitle: x\n", encoding="utf-8")
    result = briefing(str(tmp_path))
    assert result.returncode == 1
    assert "Talks on a ceasefire in Ruritania" in result.stdout
    assert "broken.yaml:1:1: error:" in result.stderr


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = briefing(str(tmp_path / "nowhere.yaml"))
    assert result.returncode == 2
    assert "nowhere.yaml: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_argument_opens_the_bundled_briefs_dir() -> None:
    folder = bundled_briefs_dir()
    assert folder == Path(__file__).resolve().parent.parent / "briefs"
    files = brief_files(folder)
    assert files and all(load(path).ok for path in files)
    result = briefing()
    assert result.returncode == 0, result.stderr
    assert load(files[0]).loaded.brief.title in result.stdout  # type: ignore[union-attr]


def test_the_launcher_imports_textual_only_for_the_terminal() -> None:
    code = "import sys, briefing.launch; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_brief_files_lists_yaml_and_yml_only(tmp_path: Path) -> None:
    for name in ("b.yml", "a.yaml", "notes.txt", "c.YAML.bak"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "folder.yaml").mkdir()
    assert [path.name for path in brief_files(tmp_path)] == ["a.yaml", "b.yml"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("oumierov", {"oumierov", "oumierov-hope", "oumierov-leak", "first-round", "second-round"}),
        ("AALTOVA", {"aaltova", "aaltova-declined", "first-round", "second-round-date"}),
        ("umerov", {"oumierov"}),  # an alias
        ("good hope", {"oumierov-hope"}),  # a translation
        ("agence france", {"afp", "oumierov-hope", "first-round"}),  # a source name
        ("veteran", {"aaltova"}),  # notes (Markdown)
        ("25 november", {"second-round-date"}),  # an answer
        ("ceasefire", set()),  # brief-level tags are not items
        ("   ", None),
    ],
)
def test_search_index_folds_case_and_accents_over_every_text(query: str, expected: set[str] | None) -> None:
    loaded = load(TALKS).loaded
    assert loaded is not None
    assert SearchIndex(loaded.index).matching(query) == expected


def test_find_spans_maps_folded_matches_back_to_the_original() -> None:
    text = "Aino Aaltová and AALTOVÁ; straße"
    assert [text[start:end] for start, end in find_spans(text, "aaltova")] == ["Aaltová", "AALTOVÁ"]
    assert [text[start:end] for start, end in find_spans(text, "strasse")] == ["straße"]
    folded, origin = fold_with_map("É")
    assert folded == "e" and origin == (0,)
    assert find_spans(text, "") == []
