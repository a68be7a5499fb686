"""The command line as a user runs it: `python -m briefing ...` in a subprocess.

Checks help and version, `validate` on files and folders (text and JSON output, exit codes 0, 1
and 2), and that no traceback ever reaches standard error.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing import __version__

ROOT = Path(__file__).resolve().parents[1]
ERROR_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.+)$")

VALID = "briefing: 1\ntitle: T\nas_of: 2025-11-19\nactors:\n  - id: a\n    name: A\n"
INVALID = "briefing: 1\ntitle: T\nas_of: 2026-02-30\nactors:\n  - id: a\n    name: A\n    kind: robot\n"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout
    return result


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"briefing {__version__}"


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("open", "validate", "schema", "show", "export", "diff", "new", "themes", "config"):
        assert command in result.stdout


@pytest.mark.parametrize(
    "command", ["validate", "check", "schema", "show", "export", "new", "themes", "config", "open"]
)
def test_help_on_every_subcommand(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: briefing {command}")
    assert result.stderr == ""


def test_validate_a_valid_file(tmp_path: Path) -> None:
    path = write(tmp_path / "ok.yaml", VALID)
    result = run("validate", path)
    assert result.returncode == 0
    assert result.stdout == "1 brief checked: all valid\n"


def test_validate_the_bundled_briefs() -> None:
    result = run("validate", "briefs/")
    assert result.returncode == 0, result.stdout
    assert "all valid" in result.stdout


def test_validate_an_invalid_file(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.yaml", INVALID)
    result = run("validate", path)
    assert result.returncode == 1
    *errors, summary = result.stdout.splitlines()
    found = [ERROR_LINE.match(line) for line in errors]
    assert all(found), errors
    assert [(m["path"], m["line"], m["column"]) for m in found if m] == [
        (str(path), "3", "8"),
        (str(path), "7", "11"),
    ]
    assert "does not exist" in errors[0]
    assert "`kind` must be one of" in errors[1]
    assert summary == "1 brief checked: 0 valid, 1 invalid (2 errors)"


def test_validate_mixed_files(tmp_path: Path) -> None:
    good = write(tmp_path / "good.yaml", VALID)
    bad = write(tmp_path / "bad.yaml", VALID.replace("title: T\n", ""))
    result = run("validate", good, bad)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{bad}:1:1: error: this brief has no `title`, which is required",
        "2 briefs checked: 1 valid, 1 invalid (1 error)",
    ]


def _folder(tmp_path: Path) -> Path:
    write(tmp_path / "a.yaml", VALID)
    write(tmp_path / "deeper" / "b.yml", VALID)
    write(tmp_path / "deeper" / "more" / "c.YAML", INVALID)
    write(tmp_path / ".hidden" / "d.yaml", INVALID)
    write(tmp_path / "deeper" / ".e.yaml", INVALID)
    write(tmp_path / "notes.txt", "not a brief")
    write(tmp_path / "f.json", "{}")
    return tmp_path


def test_validate_a_folder_recurses_and_skips_hidden(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = run("validate", folder)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == "3 briefs checked: 2 valid, 1 invalid (2 errors)"
    assert all(line.startswith(str(folder / "deeper" / "more" / "c.YAML")) for line in lines[:-1])


def test_validate_a_folder_of_valid_briefs(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", VALID)
    write(tmp_path / "sub" / "b.yml", VALID)
    write(tmp_path / ".git" / "c.yaml", INVALID)
    result = run("validate", tmp_path)
    assert result.returncode == 0
    assert result.stdout == "2 briefs checked: all valid\n"


def test_json_output_has_the_same_errors(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    text = run("validate", folder)
    as_json = run("validate", "--format", "json", folder)
    assert as_json.returncode == 1
    report = json.loads(as_json.stdout)
    assert report["files"] == 3
    assert report["invalid"] == 1
    shown = [f"{e['path']}:{e['line']}:{e['column']}: error: {e['message']}" for e in report["errors"]]
    assert shown == text.stdout.splitlines()[:-1]


def test_json_output_for_valid_briefs() -> None:
    result = run("validate", "--format", "json", "briefs")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["errors"] == []
    assert report["invalid"] == 0
    assert report["files"] >= 1


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    result = run("validate", missing)
    assert result.returncode == 2
    assert f"{missing}: no such file or folder" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", [(), ("show",)], ids=["open-piped", "show"])
def test_a_name_the_system_refuses_is_a_usage_error(command: tuple[str, ...], tmp_path: Path) -> None:
    """`Path.exists()` raises for a name longer than the system takes: that is the user's input,
    said as such, never an internal error (`validate` and `export` already place it as the
    file's error)."""
    name = tmp_path / ("n" * 5000 + ".yaml")
    result = run(*command, name)
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr
    assert result.stderr.startswith(f"briefing: {name}: File name too long")


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--bogus", "briefs"),
        ("validate",),
        ("validate", "--format", "xml", "briefs"),
        ("validate", "--max-size", "lots", "briefs"),
        ("validate", "--max-size", "0", "briefs"),
        ("check", "--max-size", "inf", "briefs"),
        ("schema", "extra"),
        ("config",),
        ("--bogus",),
    ],
    ids=[
        "unknown-option",
        "no-path",
        "bad-format",
        "bad-size",
        "zero-size",
        "infinite-size",
        "extra-argument",
        "config-no-action",
        "top-level-option",
    ],
)
def test_bad_usage_exits_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.strip()


def test_max_size(tmp_path: Path) -> None:
    path = write(tmp_path / "ok.yaml", VALID)
    small = run("validate", "--max-size", "10", path)
    assert small.returncode == 1
    assert "more than the limit of 10 bytes" in small.stdout
    assert run("validate", "--max-size", "1k", path).returncode == 0
    # A limit far above the file is no limit to it: never an allocation of the limit's size
    # (1000gb had been a MemoryError), nor a number too large to read with (an OverflowError).
    for huge in ("1000gb", "99999999999999999999999", "1e30"):
        for command in ("validate", "check"):
            result = run(command, "--max-size", huge, path)
            assert result.returncode == 0 and "internal error" not in result.stderr, (huge, result.stderr)


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path / "image.yaml", bytes(range(256)) * 4)
    result = run("validate", path)
    assert result.returncode == 1
    assert ERROR_LINE.match(result.stdout.splitlines()[0])
    assert "is not UTF-8" in result.stdout


def test_unreadable_file() -> None:
    """Tests run as root, so no permission stops a read; the kernel's memory file refuses instead."""
    result = run("validate", "/proc/self/mem")
    assert result.returncode == 1
    assert result.stdout.startswith("/proc/self/mem:1:1: error: cannot read the file")


def test_hostile_files_never_print_a_traceback(tmp_path: Path) -> None:
    files = {
        "bomb.yaml": 'briefing: 1\na: &a ["lol","lol"]\nb: [*a,*a]\n',
        "deep.yaml": "[" * 20_000,
        "tag.yaml": "briefing: 1\nx: !!python/object/apply:os.system ['echo hi']\n",
        "empty.yaml": "",
        "list.yml": "- a\n",
        "tabs.yaml": "briefing: 1\ntitle:\n\tfoo: bar\n",
        "huge-number.yaml": "briefing: 1\ntitle: " + "9" * 5000 + "\nas_of: 2025\n",
    }
    for name, text in files.items():
        write(tmp_path / name, text)
    result = run("validate", tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1].startswith("7 briefs checked: 1 valid, 6 invalid")


def test_folder_with_no_briefs(tmp_path: Path) -> None:
    result = run("validate", tmp_path)
    assert result.returncode == 0
    assert result.stdout == "0 briefs checked: all valid\n"


def test_schema_prints_json() -> None:
    result = run("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["brief.yaml"],
        ["open"],
        ["open", "brief.yaml"],
        ["brief.yaml", "--theme", "monochrome", "--no-state"],
        ["brief.yaml", "--no-s", "--color", "never"],
        ["--", "-odd-name.yaml"],
        ["brief.yaml", "--bogus"],
        ["brief.yaml", "other.yaml"],
        ["brief.yaml", "--color", "sometimes"],
        ["brief.yaml", "--theme"],
        ["brief.yaml", ""],
        ["validate", "brief.yaml"],
    ],
)
def test_the_readers_command_line_is_read_as_the_whole_parser_reads_it(argv: list[str]) -> None:
    """`cli.parse` reads `briefing PATH` without argparse and `briefing [open] ...` with a parser
    of `open` alone (start-up, issue 14): the same arguments as the whole parser, or the whole
    parser's error, word for word."""
    assert read_by_parse(argv) == read_by_the_whole_parser(argv)


@given(st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40))
def test_any_path_alone_is_read_as_the_whole_parser_reads_it(path: str) -> None:
    """The reading of `briefing PATH` without argparse, against argparse, for any one argument
    (options, `--`, empty names and subcommand names included: those go to argparse)."""
    assert read_by_parse([path]) == read_by_the_whole_parser([path])
    assert read_by_parse(["open", path]) == read_by_the_whole_parser(["open", path])


def read_by_parse(argv: list[str]) -> object:
    from briefing.cli import UsageError, _normalise, parse

    try:
        return vars(parse(_normalise(argv)))
    except UsageError as error:
        return str(error)
    except SystemExit as leave:  # help and version print and exit, in both readings
        return ("exit", leave.code)


def read_by_the_whole_parser(argv: list[str]) -> object:
    from briefing.arguments import build_parser
    from briefing.cli import UsageError, _normalise

    try:
        return vars(build_parser().parse_args(_normalise(argv)))
    except UsageError as error:
        return str(error)
    except SystemExit as leave:
        return ("exit", leave.code)
