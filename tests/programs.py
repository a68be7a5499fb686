"""The programs the suite drives for real (tmux, vim, pandoc, cmark-gfm, hugo, chromium, and
TimelineJS from npm): found, or the test skips.

`make test` installs every one of them (the Makefile's SYSTEM_TOOLS) and sets
`BRIEFING_REQUIRE_PROGRAMS=1`, so there a missing program fails the test instead: the suite run
the README's way never skips them. Run as `.venv/bin/python -m pytest` on a machine without them,
those tests skip with a reason that names the program and how to get it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

REQUIRE = "BRIEFING_REQUIRE_PROGRAMS"


def program(name: str, package: str | None = None) -> str:
    """The path of `name` on PATH; skip (or fail, under `make test`) when it is not installed."""
    found = shutil.which(name)
    if found:
        return found
    _missing(f"{name} is not installed (apt-get install {package or name}, or run `make test`)")


def installed(path: Path, what: str, how: str) -> Path:
    """`path` if it exists (a package `make test` installs, not a program on PATH); else skip, or
    fail under `make test`, saying what is missing and `how` to get it."""
    if path.exists():
        return path
    _missing(f"{what} is not installed ({how}, or run `make test`)")


def _missing(reason: str) -> NoReturn:
    """Skip with `reason`; under `make test`, fail with it."""
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{reason}; {REQUIRE}=1 says every program the suite drives is installed")
    pytest.skip(reason)
