"""A terminal that is not UTF-8 (latin-1, or ASCII under `LC_ALL=C`) still gets every command's
output and errors: what its encoding cannot hold becomes `?` in messages and `show`, and documents
(an export, the schema, a JSON report) are written as UTF-8 bytes, unchanged.

Each case runs the real command line in a subprocess with the environment that sets the encoding."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "briefs" / "ukraine-peace-plan-2025-11-19.yaml"

ENCODINGS = {
    "latin-1": ({"PYTHONIOENCODING": "latin-1"}, "latin-1"),
    "ascii": ({"PYTHONIOENCODING": "ascii"}, "ascii"),
    "LC_ALL=C": ({"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}, "ascii"),
}


def briefing(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "briefing", *map(str, args)]
    return subprocess.run(command, capture_output=True, env=env, cwd=ROOT, check=False)


def run(setting: str, *args: str | Path) -> subprocess.CompletedProcess[bytes]:
    """The command on a terminal of this encoding; never a traceback or an internal error."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONIO", "LC_", "LANG"))}
    result = briefing(env | ENCODINGS[setting][0], *args)
    assert b"Traceback" not in result.stderr and b"internal error" not in result.stderr, result.stderr
    return result


def utf8_run(*args: str | Path) -> bytes:
    """What the command writes on a UTF-8 terminal."""
    return briefing(os.environ | {"PYTHONIOENCODING": "utf-8"}, *args).stdout


def test_the_settings_really_give_a_terminal_that_is_not_utf8() -> None:
    for setting, (extra, expected) in ENCODINGS.items():
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONIO", "LC_", "LANG"))} | extra
        probe = [sys.executable, "-c", "import codecs, sys; print(codecs.lookup(sys.stdout.encoding).name)"]
        encoding = subprocess.run(probe, capture_output=True, text=True, env=env, check=True).stdout.strip()
        assert encoding == codecs.lookup(expected).name, setting


@pytest.mark.parametrize("setting", sorted(ENCODINGS))
def test_show_degrades_to_replacement_characters(setting: str) -> None:
    result = run(setting, "show", BUNDLED, "--width", "100")
    assert result.returncode == 0
    text = result.stdout.decode(ENCODINGS[setting][1])  # only what the terminal can show
    assert "US?Russian peace plan for Ukraine" in text  # an en dash no 8-bit terminal has
    assert "Questions" in text and "Sources" in text  # the whole brief, to its end


@pytest.mark.parametrize("setting", sorted(ENCODINGS))
def test_validate_shows_errors_holding_characters_the_terminal_lacks(setting: str, tmp_path: Path) -> None:
    brief = tmp_path / "brève.yaml"
    brief.write_text("briefing: 1\ntitle: T\nas_of: 2025-11-19\ntïtle_ŝ: « x »\n", encoding="utf-8")
    result = run(setting, "validate", brief)
    assert result.returncode == 1
    text = result.stdout.decode(ENCODINGS[setting][1])
    assert ":4:1: error: unknown key `t" in text
    assert "1 brief checked: 0 valid, 1 invalid (1 error)" in text


@pytest.mark.parametrize("setting", sorted(ENCODINGS))
@pytest.mark.parametrize(
    "command",
    [("export", str(BUNDLED)), ("export", str(BUNDLED), "--format", "json"), ("schema",)],
)
def test_documents_are_written_as_utf8_whatever_the_terminal(setting: str, command: tuple[str, ...]) -> None:
    result = run(setting, *command)
    assert result.returncode == 0
    assert result.stdout == utf8_run(*command)


@pytest.mark.parametrize("setting", sorted(ENCODINGS))
def test_the_json_report_is_utf8_whatever_the_terminal(setting: str, tmp_path: Path) -> None:
    brief = tmp_path / "brève.yaml"
    brief.write_text("briefing: 1\ntitle: T\nas_of: 2025-11-19\ntïtle: x\n", encoding="utf-8")
    result = run(setting, "validate", "--format", "json", brief)
    assert result.returncode == 1
    assert result.stdout == utf8_run("validate", "--format", "json", brief)
    assert "brève.yaml" in result.stdout.decode("utf-8")


@pytest.mark.parametrize("setting", sorted(ENCODINGS))
def test_error_messages_name_the_file_the_terminal_cannot_spell(setting: str, tmp_path: Path) -> None:
    result = run(setting, "show", tmp_path / "brève—1.yaml")
    assert result.returncode == 2
    assert b"no such file" in result.stderr
