"""Every test runs with empty settings: no user config, no user themes, no theme chosen by the
environment and an empty brief cache, so the reader starts the same whatever the machine running
the tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def hermetic_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path_factory.mktemp("xdg-config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    for variable in ("BRIEFING_CONFIG", "BRIEFING_THEME", "NO_COLOR"):
        monkeypatch.delenv(variable, raising=False)
