"""The headless commands never import Textual (or pydantic): they must start fast.

Each check runs in a fresh interpreter, imports the headless entry points, runs one command
through `briefing.cli.main`, and lists the heavy packages that ended up in `sys.modules`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "briefs" / "ukraine-peace-plan-2025-11-19.yaml"
HEADLESS = (
    "briefing.cli",
    "briefing.commands",
    "briefing.loader",
    "briefing.schema",
    "briefing.export.command",
    "briefing.show",
    "briefing.diff_command",
)
FORBIDDEN = ("textual", "pydantic")

PROGRAM = """
import contextlib, io, json, sys
for name in {modules!r}:
    __import__(name)
from briefing.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main({argv!r})
loaded = sorted(name for name in sys.modules if name.split(".")[0] in {forbidden!r})
print(json.dumps({{"code": code, "loaded": loaded}}))
"""


def run_headless(argv: list[str]) -> dict[str, object]:
    program = PROGRAM.format(modules=HEADLESS, argv=argv, forbidden=FORBIDDEN)
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", str(ROOT / "briefs")],
        ["validate", "--format", "json", str(BRIEF)],
        ["schema"],
        ["export", str(BRIEF)],
        ["export", "--format", "html", str(BRIEF)],
        ["show", str(BRIEF)],
        ["diff", str(BRIEF), str(BRIEF)],
    ],
    ids=["validate", "validate-json", "schema", "export-md", "export-html", "show", "diff"],
)
def test_headless_command_loads_no_textual(argv: list[str]) -> None:
    report = run_headless(argv)
    assert report["code"] == 0
    assert report["loaded"] == []


def test_the_check_would_see_textual() -> None:
    """Guard against a hollow test: importing the app does put textual in sys.modules."""
    program = "import sys, briefing.app; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.stdout.strip() == "True", result.stderr


DATACLASSES = """
import dataclasses, json, sys
made = []
process = dataclasses._process_class
def recording(cls, *args, **kwargs):
    made.append(cls.__module__ + "." + cls.__qualname__)
    return process(cls, *args, **kwargs)
dataclasses._process_class = recording
for name in {modules!r}:
    __import__(name)
print(json.dumps([name for name in made if name.startswith("briefing")]))
"""


def dataclasses_made_importing(*modules: str) -> list[str]:
    program = DATACLASSES.format(modules=modules)
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_the_reader_starts_without_making_a_dataclass() -> None:
    """A dataclass costs 0.2–0.5 ms to create (its methods are generated and compiled), a
    msgspec Struct or a plain class a few µs: the 17 the reader's start-up made were 5–7 ms of
    its first frame (issue 14). Types on that path are Structs or plain classes."""
    assert dataclasses_made_importing("briefing.cli", "briefing.launch", "briefing.app") == []


def test_the_dataclass_check_would_see_one() -> None:
    """Guard against a hollow test: the history (not on the start-up path) has dataclasses."""
    assert "briefing.history.Step" in dataclasses_made_importing("briefing.history")


READER_LINE = """
import json, sys
import briefing.cli, briefing.launch, briefing.app
from briefing.cli import _normalise, parse
args = parse(_normalise({argv!r}))
print(json.dumps([args.command, [name for name in ("argparse", "gettext") if name in sys.modules]]))
"""


@pytest.mark.parametrize(
    ("argv", "argparse_used"),
    [(["brief.yaml"], False), (["open", "brief.yaml"], False), (["brief.yaml", "--no-state"], True)],
)
def test_briefing_path_starts_the_reader_without_argparse(argv: list[str], argparse_used: bool) -> None:
    """Importing argparse and building a parser cost the first frame ~4.5 ms (issue 14): the
    reader's own modules never import it, and `briefing PATH` is read without it. Any other
    line (here an option) is argparse's, which shows the check sees it."""
    program = READER_LINE.format(argv=argv)
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    command, loaded = json.loads(result.stdout.splitlines()[-1])
    assert command == "open"
    assert loaded == (["argparse", "gettext"] if argparse_used else [])
