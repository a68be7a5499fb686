"""No control sequence from a file name, a brief, the config or a theme reaches the terminal.

The real command line runs in a subprocess on hostile names and contents, and its output bytes
are searched for anything a terminal acts on: C0 controls other than newline and tab, DEL, C1
controls (raw, or as a file name's undecodable byte) and bidi controls. JSON output keeps the
data (a JSON reader gets the exact file name and key back) with those characters escaped.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import cli

ROOT = Path(__file__).resolve().parents[1]

TITLE = "\x1b]0;pwned\x07"  # OSC 0: set the window title
CSI = "\x1b[2J"  # clear the screen
HOSTILE = f"{TITLE}{CSI}\x9b31m\u202eevil\x7f"
"""OSC, CSI, C1 CSI, a right-to-left override and DEL: each a thing a terminal acts on."""
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar, every control written as an escape."""
    return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text) + '"'


def unsafe(text: str) -> list[str]:
    """The characters of `text` that a terminal would act on."""
    return [
        char
        for char in text
        if (ord(char) < 0x20 and char not in "\n\t") or 0x7F <= ord(char) <= 0x9F or char in BIDI
    ]


def assert_terminal_safe(output: bytes) -> str:
    """The output is UTF-8 (no raw undecodable byte, which a terminal may read as C1) and holds no
    character a terminal acts on; returns it decoded."""
    text = output.decode("utf-8")
    assert unsafe(text) == [], text
    return text


def run(args: list[str | Path], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", *map(os.fsencode, args)],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, **env},
        check=False,
    )
    assert b"Traceback" not in result.stderr, result.stderr
    return result


def hostile_briefs() -> dict[str, str]:
    """Invalid briefs whose misspelt key (did-you-mean), unknown key, bad id, broken reference and
    url, duplicate key and YAML tag all carry `HOSTILE`, by file name prefix (a duplicate key and
    a tag stop the reading, so they have files of their own)."""
    h = yaml_quoted(HOSTILE)
    head = "briefing: 1\ntitle: T\nas_of: 2025-11-19\n"
    return {
        "bad": head
        + f"{yaml_quoted('titl' + HOSTILE[-1])}: 1\n{yaml_quoted('titel' + HOSTILE)}: 1\n"
        + "sources:\n"
        + f"  - {{id: {h}, name: S, url: {yaml_quoted('https://x.example/' + HOSTILE)}}}\n"
        + "events:\n"
        + f"  - {{id: e, date: 2025-11-19, title: E, sources: [{yaml_quoted('r' + HOSTILE)}], {h}: 1}}\n",
        "dup": head + f"{yaml_quoted('x' + HOSTILE)}: 1\n{yaml_quoted('x' + HOSTILE)}: 2\n",
        "tag": head + "tags: [!x%1B%5D0;pwned%07%C2%9B a]\n",
    }


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A private config folder: a config file and a user theme, both hostile."""
    config = tmp_path / "xdg-config"
    themes = config / "briefing" / "themes"
    themes.mkdir(parents=True)
    (config / "briefing" / "config.yaml").write_text(
        f"theme: {yaml_quoted('dark' + HOSTILE)}\n{yaml_quoted('k' + HOSTILE)}: 1\n", encoding="utf-8"
    )
    bundled = (ROOT / "themes" / "briefing-dark.yaml").read_text(encoding="utf-8")
    (themes / f"t{HOSTILE}.yaml").write_text(bundled, encoding="utf-8")
    (themes / "mine.yaml").write_text(
        bundled.replace("name: briefing-dark", f"name: {yaml_quoted(HOSTILE)}")
        + f"{yaml_quoted('x' + HOSTILE)}: 1\n",
        encoding="utf-8",
    )
    return {
        "XDG_CONFIG_HOME": str(config),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "BRIEFING_CONFIG": "",
        "BRIEFING_THEME": "",
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with hostile-named invalid briefs, a hostile-named valid one and a file whose name
    is not UTF-8 (an undecodable 0x9B byte, a C1 CSI to an 8-bit terminal)."""
    briefs = tmp_path / "briefs"
    briefs.mkdir()
    for prefix, text in hostile_briefs().items():
        (briefs / f"{prefix}{HOSTILE}.yaml").write_text(text, encoding="utf-8")
    (briefs / f"good{HOSTILE}.yaml").write_text(
        f"briefing: 1\ntitle: {yaml_quoted(HOSTILE)}\nas_of: 2025-11-19\n", encoding="utf-8"
    )
    with open(os.path.join(os.fsencode(briefs), b"raw\x9b\x1b[2J.yaml"), "w", encoding="utf-8") as file:
        file.write("briefing: 1\ntitle: T\n")
    return briefs


def brief(folder: Path, kind: str) -> Path:
    return folder / f"{kind}{HOSTILE}.yaml"


# Each case: the arguments, given the folder of briefs, and the exit code expected.
CASES: dict[str, tuple[Callable[[Path], list[str | Path]], int]] = {
    "validate": (lambda f: ["validate", f], 1),
    "validate --format json": (lambda f: ["validate", "--format", "json", f], 1),
    "validate a missing file": (lambda f: ["validate", f / f"missing{HOSTILE}.yaml"], 2),
    "show an invalid brief": (lambda f: ["show", brief(f, "bad")], 1),
    "show a missing file": (lambda f: ["show", f / f"missing{HOSTILE}.yaml"], 2),
    "open a missing file": (lambda f: [f / f"missing{HOSTILE}.yaml"], 2),
    "open, piped": (lambda f: [f], 1),
    "export an invalid brief": (lambda f: ["export", brief(f, "bad")], 1),
    "export over an existing file": (lambda f: ["export", brief(f, "good"), "-o", brief(f, "bad")], 1),
    "export to a new file": (lambda f: ["export", brief(f, "good"), "-o", f / f"out{HOSTILE}.md"], 0),
    "export --format json": (lambda f: ["export", "--format", "json", brief(f, "good")], 0),
    "new over an existing file": (lambda f: ["new", brief(f, "good"), "--no-open"], 1),
    "themes": (lambda f: ["themes"], 1),
    "an unknown --theme": (lambda f: ["--theme", f"x{HOSTILE}", brief(f, "good")], 2),
    "an unknown option": (lambda f: ["validate", f"--x{HOSTILE}", f], 2),
}


@pytest.mark.parametrize("case", list(CASES))
def test_no_command_sends_a_control_sequence_to_the_terminal(
    case: str, folder: Path, env: dict[str, str]
) -> None:
    arguments, code = CASES[case]
    result = run(arguments(folder), env)
    assert result.returncode == code, result.stderr
    out, err = assert_terminal_safe(result.stdout), assert_terminal_safe(result.stderr)
    assert "␛" in out + err or "\\u001b" in out  # the hostile text was shown, as placeholders or escapes


def test_validate_shows_every_hostile_message_readably(folder: Path, env: dict[str, str]) -> None:
    result = run(["validate", *(brief(folder, prefix) for prefix in hostile_briefs())], env)
    out = assert_terminal_safe(result.stdout)
    shown = "␛]0;pwned␇␛[2J<U+009B>31m<U+202E>evil␡"
    lines = out.splitlines()
    assert all(line.startswith(f"{folder}/") and f"{shown}.yaml:" in line for line in lines[:-1])
    for message in (
        "unknown key `titl␡` in this brief (did you mean `title`?)",
        f"unknown key `titel{shown}` in this brief",
        f"the key `x{shown}` appears twice",
        "the tag !x␛]0;pwned␇<U+009B> is not allowed",
        f"`r{shown}` is not the id of any source",
        f"unknown key `{shown}` in this event",
        "`url` must be an http or https address",
    ):
        assert any(message in line for line in lines), message


def test_validate_json_keeps_the_data_and_escapes_the_controls(folder: Path, env: dict[str, str]) -> None:
    result = run(["validate", "--format", "json", folder], env)
    text = assert_terminal_safe(result.stdout)
    report = json.loads(text)
    paths = {error["path"] for error in report["errors"]}
    assert str(brief(folder, "bad")) in paths  # the exact name, controls and all
    assert os.fsdecode(os.path.join(os.fsencode(folder), b"raw\x9b\x1b[2J.yaml")) in paths
    messages = [error["message"] for error in report["errors"]]
    assert any(f"unknown key `titel{HOSTILE}`" in message for message in messages)
    assert "\\u009b" in text and "\\u202e" in text and "\\u007f" in text and "\\udc9b" in text


def test_export_json_keeps_the_data_and_escapes_the_controls(folder: Path, env: dict[str, str]) -> None:
    result = run(["export", "--format", "json", brief(folder, "good")], env)
    assert json.loads(assert_terminal_safe(result.stdout))["title"] == HOSTILE


def test_a_piped_brief_is_shown_with_its_controls_as_placeholders(folder: Path, env: dict[str, str]) -> None:
    result = run(["show", brief(folder, "good")], {**env, "FORCE_COLOR": "1"})
    assert result.returncode == 0
    out = result.stdout.decode("utf-8")
    assert "␛]0;pwned␇" in out and "\x1b[1m" in out  # Rich's own bold still comes through
    assert "\x07" not in out and "\x9b" not in out and "\u202e" not in out


SAMPLE = st.text(
    st.one_of(
        st.characters(min_codepoint=0, max_codepoint=0x2FF),
        st.sampled_from([*sorted(BIDI), "\u2028", "\ufeff", "\U0001f600"]),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=SAMPLE, key=SAMPLE, value=SAMPLE)
def test_any_injected_string_yields_clean_output(name: str, key: str, value: str) -> None:
    """Any text as a file name, a key, a tag, an id or a reference: `validate` (both formats) and
    `export --format json` print nothing a terminal acts on, and JSON gives the data back."""
    name = name.replace("/", "_").replace("\x00", "_")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        invalid = folder / f"{name}.yaml"
        invalid.write_text(
            f"briefing: 1\ntitle: T\nas_of: 2025-11-19\n{yaml_quoted('k' + key)}: 1\n"
            f"tags: [{yaml_quoted(value)}]\n"
            f"events:\n  - {{id: {yaml_quoted(value)}, date: 2025-11-19, title: E,"
            f" actors: [{yaml_quoted(key)}]}}\n",
            encoding="utf-8",
        )
        valid = folder / f"{name}.valid.yml"
        valid.write_text(
            f"briefing: 1\ntitle: {yaml_quoted(value)}\nas_of: 2025-11-19\ntags: [{yaml_quoted(key)}]\n",
            encoding="utf-8",
        )
        text = main("validate", str(invalid), str(valid))
        assert f"{name}.yaml" in text or unsafe(name) or "\n" in name or "\t" in name
        report = json.loads(main("validate", "--format", "json", str(invalid)))
        assert {error["path"] for error in report["errors"]} == {str(invalid)}
        assert any(f"`k{key}`" in error["message"] for error in report["errors"])
        data = json.loads(main("export", "--format", "json", str(valid)))
        assert (data["title"], data["tags"]) == (value, [key])


def main(*args: str) -> str:
    """Standard output and error of the command line run in this process, checked clean."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        cli.main(list(args))
    assert unsafe(err.getvalue()) == [], err.getvalue()
    assert unsafe(out.getvalue()) == [], out.getvalue()
    return out.getvalue()
