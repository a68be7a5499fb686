"""Every test runs with empty settings: no user config, no user themes, no theme chosen by the
environment and an empty brief cache, so the reader starts the same whatever the machine running
the tests; the reader remembers what was read (`XDG_STATE_HOME`) in a folder of each test's own."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import checkout
import pytest

if TYPE_CHECKING:
    from app_editing_support import FakeEditors

checkout.watch()

TALKS = Path(__file__).parent / "data" / "app" / "talks.yaml"
"""The small, fixed brief the reader's tests open (stable snapshots need a brief that never changes)."""


@pytest.fixture(autouse=True)
def hermetic_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path_factory.mktemp("xdg-config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("xdg-state")))
    for variable in ("BRIEFING_CONFIG", "BRIEFING_THEME", "NO_COLOR"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture(autouse=True)
def reads_only_the_checkout() -> Iterator[None]:
    """A test that reads beside the checkout (`../shared/`) would fail on a fresh clone: it fails here."""
    checkout.take()
    yield
    outside = checkout.take()
    assert not outside, f"read outside the checkout (tests/checkout.py): {outside}"


@pytest.fixture
def anyio_backend() -> str:
    """The reader's async tests run on asyncio, as Textual does."""
    return "asyncio"


@pytest.fixture
def brief_path(tmp_path: Path) -> Path:
    """A private copy of the reader's test brief, so tests may edit and watch it."""
    path = tmp_path / "talks.yaml"
    shutil.copy(TALKS, path)
    return path


@pytest.fixture
def editors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeEditors:
    """Fake editors (`vim`, `hx`, `code`) on a PATH of their own, recording how they are called."""
    from app_editing_support import FakeEditors

    return FakeEditors(tmp_path, monkeypatch)
