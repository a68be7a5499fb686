"""The editor is found in the user's order of preference and given the line as it expects."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from briefing.editor import EditorError, editor_argv, editor_family, find_editor, open_in_editor

FAKE_EDITOR = Path(__file__).parent / "data" / "edit" / "fake_editor.py"


def install(folder: Path, name: str) -> Path:
    """Put the fake editor on a PATH folder under an editor's name."""
    folder.mkdir(exist_ok=True)
    program = folder / name
    program.write_text(f"#!{sys.executable}\n" + FAKE_EDITOR.read_text(encoding="utf-8"), encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return program


def calls(log: Path) -> list[dict[str, object]]:
    return json.loads(log.read_text())


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    return folder


def test_visual_wins_over_editor_and_setting(bin_dir: Path) -> None:
    for name in ("vim", "nano", "micro"):
        install(bin_dir, name)
    env = {"PATH": str(bin_dir), "VISUAL": "vim", "EDITOR": "nano"}
    assert find_editor(env, "micro") == ["vim"]


def test_editor_then_setting_then_defaults(bin_dir: Path) -> None:
    for name in ("vim", "nano", "micro", "vi"):
        install(bin_dir, name)
    assert find_editor({"PATH": str(bin_dir), "VISUAL": "", "EDITOR": "micro"}, "vim") == ["micro"]
    assert find_editor({"PATH": str(bin_dir)}, "vim -u NONE") == ["vim", "-u", "NONE"]
    assert find_editor({"PATH": str(bin_dir)}, ["micro", "-ruler", "false"]) == ["micro", "-ruler", "false"]
    assert find_editor({"PATH": str(bin_dir)}, None) == [str(bin_dir / "nano")]
    (bin_dir / "nano").unlink()
    assert find_editor({"PATH": str(bin_dir)}, "  ") == [str(bin_dir / "vi")]


def test_command_with_arguments_is_split_like_a_shell(bin_dir: Path) -> None:
    install(bin_dir, "code")
    env = {"PATH": str(bin_dir), "EDITOR": "code --wait --profile 'My Notes'"}
    assert find_editor(env) == ["code", "--wait", "--profile", "My Notes"]


def test_no_editor_at_all_is_a_clear_error(bin_dir: Path) -> None:
    with pytest.raises(EditorError, match=r"no editor found: set \$VISUAL or \$EDITOR"):
        find_editor({"PATH": str(bin_dir)}, None)


def test_a_named_editor_that_is_missing_is_reported_not_replaced(bin_dir: Path) -> None:
    install(bin_dir, "nano")
    with pytest.raises(EditorError, match=r"'subl' from \$EDITOR was not found"):
        find_editor({"PATH": str(bin_dir), "EDITOR": "subl -w"})


def test_unbalanced_quotes_are_a_clear_error(bin_dir: Path) -> None:
    with pytest.raises(EditorError, match=r"cannot read the editor command in \$VISUAL"):
        find_editor({"PATH": str(bin_dir), "VISUAL": "code --wait 'oops"})


FILE = Path("/briefs/peace plan.yaml")


@pytest.mark.parametrize(
    ("command", "column", "expected"),
    [
        (["vi"], None, ["vi", "+12", str(FILE)]),
        (["vi"], 5, ["vi", "+12", str(FILE)]),
        (["vim"], None, ["vim", "+12", str(FILE)]),
        (["/usr/bin/nvim"], 5, ["/usr/bin/nvim", "+call cursor(12, 5)", str(FILE)]),
        (["nano"], None, ["nano", "+12", str(FILE)]),
        (["nano", "-l"], 5, ["nano", "-l", "+12,5", str(FILE)]),
        (["emacs", "-nw"], 5, ["emacs", "-nw", "+12:5", str(FILE)]),
        (["emacsclient", "-t"], None, ["emacsclient", "-t", "+12", str(FILE)]),
        (["micro"], 5, ["micro", "+12:5", str(FILE)]),
        (["kak"], 5, ["kak", "+12:5", str(FILE)]),
        (["hx"], None, ["hx", f"{FILE}:12"]),
        (["/opt/helix/hx"], 5, ["/opt/helix/hx", f"{FILE}:12:5"]),
        (["code"], None, ["code", "--goto", f"{FILE}:12", "--wait"]),
        (["code", "--wait"], 5, ["code", "--wait", "--goto", f"{FILE}:12:5"]),
        (["code-insiders", "-w", "-n"], 5, ["code-insiders", "-w", "-n", "--goto", f"{FILE}:12:5"]),
        (["codium"], 5, ["codium", "--goto", f"{FILE}:12:5", "--wait"]),
        (["C:/Tools/Code.exe"], None, ["C:/Tools/Code.exe", "--goto", f"{FILE}:12", "--wait"]),
        (["ed"], 5, ["ed", "+12", str(FILE)]),
    ],
)
def test_argument_form_per_editor_family(command: list[str], column: int | None, expected: list[str]) -> None:
    assert editor_argv(command, FILE, 12, column) == expected


def test_family_comes_from_the_program_name() -> None:
    assert editor_family(["/usr/local/bin/NVIM"]) == "nvim"
    assert editor_family(["code.exe", "--wait"]) == "code"


def test_line_and_column_below_one_are_clamped() -> None:
    assert editor_argv(["micro"], FILE, 0, 0) == ["micro", "+1:1", str(FILE)]


@pytest.mark.parametrize(
    ("program", "editor", "expected_args"),
    [
        ("vim", "vim", ["+call cursor(7, 3)", "{file}"]),
        ("nano", "nano", ["+7,3", "{file}"]),
        ("hx", "hx", ["{file}:7:3"]),
        ("code", "code --reuse-window", ["--reuse-window", "--goto", "{file}:7:3", "--wait"]),
    ],
)
def test_the_built_command_really_runs_the_editor(
    tmp_path: Path, bin_dir: Path, program: str, editor: str, expected_args: list[str]
) -> None:
    install(bin_dir, program)
    brief = tmp_path / "brief.yaml"
    brief.write_text("briefing: 1\n", encoding="utf-8")
    log = tmp_path / "calls.json"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "FAKE_EDITOR_LOG": str(log)}
    env.pop("VISUAL", None)
    env["EDITOR"] = editor

    assert open_in_editor(brief, 7, 3, env=env) == 0

    expected = [arg.format(file=brief) for arg in expected_args]
    assert calls(log) == [{"program": program, "args": expected}]
    assert brief.read_text(encoding="utf-8") == "briefing: 1\n# edited by the fake editor\n"


def test_the_editor_exit_code_is_returned(tmp_path: Path, bin_dir: Path) -> None:
    install(bin_dir, "micro")
    brief = tmp_path / "brief.yaml"
    brief.write_text("briefing: 1\n", encoding="utf-8")
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "FAKE_EDITOR_LOG": str(tmp_path / "calls.json"),
        "FAKE_EDITOR_EXIT": "3",
    }
    assert open_in_editor(brief, 2, env=env, setting="micro") == 3
    assert calls(tmp_path / "calls.json")[0]["args"] == ["+2", str(brief)]
