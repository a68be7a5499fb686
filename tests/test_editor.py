"""The editor is found in the user's order of preference and given the line as it expects."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from programs import program as program_path

from briefing.editor import (
    EditorError,
    editor_argv,
    editor_command,
    editor_family,
    find_editor,
    run_editor_command,
)

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
        (["vim"], None, ["vim", "+12", "--", str(FILE)]),
        (["/usr/bin/nvim"], 5, ["/usr/bin/nvim", "+call cursor(12, 5)", "--", str(FILE)]),
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
        ("vim", "vim", ["+call cursor(7, 3)", "--", "{file}"]),
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

    assert run_editor_command(editor_command(brief, 7, 3, env=env), env) == 0

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
    assert run_editor_command(editor_command(brief, 2, env=env, setting="micro"), env) == 3
    assert calls(tmp_path / "calls.json")[0]["args"] == ["+2", str(brief)]


# --- a file name is never read as an option (issue 11: `-c!touch PWNED.yaml` ran a command) ------

HOSTILE_NAMES = [
    "-c!touch PWNED.yaml",
    "+!touch PWNED.yaml",
    "--cmd=!touch PWNED.yaml",
    "-",
    "+5",
    "peace plan.yaml",
    'it\'s "quoted" `x`.yaml',
    "a:7.yaml",
    "plan:3:4",
    "-x:1.yaml",
]
OUR_ARGUMENTS = re.compile(r"\+\d+|\+\d+[,:]\d+|\+call cursor\(\d+, \d+\)|--|--goto|--wait")
"""Everything `editor_argv` adds besides the file: a position, `--`, VS Code's flags."""
FAMILIES = ["vi", "vim", "nvim", "nano", "emacs", "emacsclient", "micro", "kak", "hx", "code", "ed"]
COLON_FAMILIES = {"hx", "code"}


def helix_reads(argument: str) -> tuple[str, int | None, int | None]:
    """How helix splits `FILE[:LINE[:COL]]` (helix-term/src/args.rs, `parse_file`, for a file
    that does not exist under the whole argument's name): from the right."""
    parts = argument.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return parts[0], int(parts[1]), int(parts[2])
    path, _, line = argument.rpartition(":")
    if path and line.isdigit():
        return path, int(line), None
    return argument, None, None


JS_NUMBER = re.compile(r"\s*([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|0[xX][0-9a-fA-F]+|[+-]?Infinity)?\s*")


def vscode_reads(argument: str) -> tuple[str, int | str | None, int | str | None]:
    """How VS Code splits `--goto` (`parseLineAndColumnAware`): every `:`-part that JavaScript's
    `Number()` reads as a number (even "" or " ") is a line or a column, the rest is the path."""
    path: list[str] = []
    numbers: list[int | str] = []
    for segment in argument.split(":"):
        if JS_NUMBER.fullmatch(segment):
            numbers.append(int(segment) if segment.isdigit() else segment)
        else:
            path.append(segment)
    return ":".join(path), next(iter(numbers), None), next(iter(numbers[1:]), None)


@settings(max_examples=300, deadline=None)
@given(
    family=st.sampled_from(FAMILIES),
    name=st.text(st.characters(blacklist_characters="/\x00"), min_size=1, max_size=30).filter(
        lambda name: name not in {".", ".."}
    ),
    line=st.integers(1, 10_000),
    column=st.none() | st.integers(1, 500),
)
def test_the_file_is_one_absolute_argument_whatever_its_name(
    family: str, name: str, line: int, column: int | None
) -> None:
    absolute = str(Path(name).absolute())
    argv = editor_argv([family], Path(name), line, column)
    assert argv[0] == family
    (file_argument,) = [argument for argument in argv[1:] if not OUR_ARGUMENTS.fullmatch(argument)]
    assert file_argument.startswith(os.sep)  # never an option, for any option parser
    if family in COLON_FAMILIES:
        reads = (helix_reads if family == "hx" else vscode_reads)(file_argument)
        if ":" in name:  # the editor would cut the name: opened without a position
            assert file_argument == absolute and "--goto" not in argv
        else:
            assert reads == (absolute, line, column)
    else:
        assert file_argument == absolute
        if family in {"vim", "nvim"}:
            assert argv[-2:] == ["--", absolute]


@pytest.mark.parametrize("family", ["vi", "vim", "nano", "emacs", "hx", "code"])
def test_hostile_names_reach_the_editor_as_that_file(
    tmp_path: Path, bin_dir: Path, monkeypatch: pytest.MonkeyPatch, family: str
) -> None:
    """The fake editor, under each family's name, is given each name as `briefing .` gives it
    (relative to the folder) and edits exactly that file; nothing else appears in the folder."""
    install(bin_dir, family)
    folder = tmp_path / "briefs"
    folder.mkdir()
    monkeypatch.chdir(folder)
    log = tmp_path / "calls.json"
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "FAKE_EDITOR_LOG": str(log)}
    for name in HOSTILE_NAMES:
        Path(name).write_text("briefing: 1\n", encoding="utf-8")
    for number, name in enumerate(HOSTILE_NAMES, start=1):
        assert run_editor_command(editor_command(Path(name), 12, 5, env=env, setting=family), env) == 0
        assert Path(name).read_text(encoding="utf-8") == "briefing: 1\n# edited by the fake editor\n", name
        assert str(folder / name) in " ".join(calls(log)[-1]["args"])  # type: ignore[arg-type]
        assert len(calls(log)) == number
    assert sorted(path.name for path in folder.iterdir()) == sorted(HOSTILE_NAMES)


@pytest.mark.parametrize("program", ["vi", "vim"])
def test_real_vi_opens_a_file_named_like_a_command_and_runs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, program: str
) -> None:
    """Real vi and vim (silent Ex mode, reading no commands: stdin is empty) given the command
    for `-c!touch PWNED.yaml`: the buffer they write back is that brief, and no PWNED appears."""
    program_path(program, package="vim")
    folder = tmp_path / "briefs"
    folder.mkdir()
    name = "-c!touch PWNED.yaml"
    (folder / name).write_text("briefing: 1\ntitle: Hostile name\n", encoding="utf-8")
    monkeypatch.chdir(folder)  # the name reaches the editor relative, as `briefing .` gives it
    copy = tmp_path / "buffer.txt"
    env = {**os.environ, "HOME": str(tmp_path), "EDITOR": f"{program} -es -u NONE -i NONE -N -c 'w! {copy}'"}
    env.pop("VISUAL", None)
    argv = editor_command(Path(name), 1, env=env, setting=None)
    subprocess.run(argv, cwd=folder, env=env, stdin=subprocess.DEVNULL, capture_output=True, check=False)
    assert copy.read_text(encoding="utf-8") == "briefing: 1\ntitle: Hostile name\n"
    assert sorted(path.name for path in folder.iterdir()) == [name]
    assert not (tmp_path / "PWNED.yaml").exists()
