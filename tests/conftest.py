"""Every test runs with empty settings: no user config, no user themes, no theme chosen by the
environment, so the reader starts in its default theme whatever the machine running the tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def hermetic_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path_factory.mktemp("xdg-config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    for variable in ("BRIEFING_CONFIG", "BRIEFING_THEME", "NO_COLOR"):
        monkeypatch.delenv(variable, raising=False)
