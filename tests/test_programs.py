"""Tests that drive a real program skip, naming it, when it is missing, and fail under `make test`.

The README says the suite runs without tmux, vim, pandoc or cmark-gfm (`.venv/bin/python -m
pytest`); here the modules that drive them are run with an empty PATH, as on such a machine.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from programs import REQUIRE

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DRIVERS = {
    "test_smoke_tmux.py": {"tmux"},
    "test_smoke_editor_tmux.py": {"tmux"},
    "test_export_external.py": {"pandoc", "cmark-gfm"},
    "test_editor.py::test_real_vi_opens_a_file_named_like_a_command_and_runs_nothing": {"vi"},
}
"""The tests that drive a program (modules, or single tests), and the programs they name."""


def run_without_programs(*, require: bool) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != REQUIRE}
    env["PATH"] = ""
    if require:
        env[REQUIRE] = "1"
    modules = [str(TESTS / name) for name in DRIVERS]
    options = ["-v", "-rs", "-p", "no:cacheprovider", "-p", "no:xdist"]
    command = [sys.executable, "-m", "pytest", *options, *modules]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def test_without_the_programs_every_driving_test_skips_and_names_its_program() -> None:
    result = run_without_programs(require=False)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"=* \d+ skipped in [^,]* =*", summary), summary
    lines = result.stdout.splitlines()
    for name in DRIVERS:
        outcomes = [line for line in lines if f"/{name}" in line and "::" in line]
        assert outcomes, name
        assert all(" SKIPPED " in line for line in outcomes), outcomes
    reasons = " ".join(line for line in lines if line.startswith("SKIPPED ["))
    for program in set().union(*DRIVERS.values()):
        assert f"{program} is not installed (apt-get install " in reasons, program


def test_under_make_test_a_missing_program_fails() -> None:
    result = run_without_programs(require=True)
    assert result.returncode == 1
    assert "skipped" not in result.stdout.strip().splitlines()[-1]
    assert f"{REQUIRE}=1 says every program the suite drives is installed" in result.stdout


def test_only_programs_py_looks_programs_up() -> None:
    """A test that finds its program some other way would not skip (or fail) the same way."""
    others = [
        path.name
        for path in TESTS.glob("*.py")
        if path.name != "programs.py" and re.search(r"\bshutil\.which\(", path.read_text(encoding="utf-8"))
    ]
    assert others == []


def test_make_test_installs_the_programs_and_requires_them() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    tools = set(re.search(r"^SYSTEM_TOOLS := (.*)$", makefile, re.MULTILINE)[1].split())  # type: ignore[index]
    assert {"tmux", "vim", "pandoc", "cmark-gfm"} <= tools
    assert f"{REQUIRE}=1 $(BIN)/python -m pytest" in makefile
