"""Every place on disk that briefing reads from or writes to, decided in one module.

Paths follow the XDG base directory spec: an unset, empty or relative `XDG_*` variable is
ignored, as the spec says. Each function takes the environment as an argument so tests can point
it at temporary folders without touching `os.environ`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "briefing"
CONFIG_FILE_NAME = "config.yaml"
CONFIG_ENV = "BRIEFING_CONFIG"


def _xdg_home(env: Mapping[str, str], variable: str, fallback: str) -> Path:
    """The XDG base folder named by `variable`, or `~/<fallback>` when it is unusable."""
    value = env.get(variable, "")
    if value and os.path.isabs(value):
        return Path(value)
    return _home(env) / fallback


def _home(env: Mapping[str, str]) -> Path:
    """The user's home, from the given environment first so tests stay hermetic."""
    home = env.get("HOME", "")
    return Path(home) if home else Path.home()


def config_dir(env: Mapping[str, str] = os.environ) -> Path:
    """`$XDG_CONFIG_HOME/briefing`, default `~/.config/briefing`."""
    return _xdg_home(env, "XDG_CONFIG_HOME", ".config") / APP_NAME


def user_themes_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where a user drops their own theme files: `<config dir>/themes`."""
    return config_dir(env) / "themes"


def config_file(env: Mapping[str, str] = os.environ) -> Path:
    """`$BRIEFING_CONFIG` when set (with `~` expanded), else `<config dir>/config.yaml`."""
    override = env.get(CONFIG_ENV, "")
    if override:
        return Path(override).expanduser()
    return config_dir(env) / CONFIG_FILE_NAME


def cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    """`$XDG_CACHE_HOME/briefing`, default `~/.cache/briefing`."""
    return _xdg_home(env, "XDG_CACHE_HOME", ".cache") / APP_NAME


def state_dir(env: Mapping[str, str] = os.environ) -> Path:
    """`$XDG_STATE_HOME/briefing`, default `~/.local/state/briefing`: what the reader remembers
    between sessions (the version of each brief last read)."""
    return _xdg_home(env, "XDG_STATE_HOME", ".local/state") / APP_NAME


def bundled_briefs_dir() -> Path:
    """The briefs shipped inside the package (`briefing/data/briefs`, a link to the repo's
    `briefs/`, so a checkout opens and edits the repo's files), by their real path."""
    return (Path(__file__).resolve().parent / "data" / "briefs").resolve()


def bundled_themes_dir() -> Path:
    """The themes shipped inside the package (`briefing/data/themes`, a link to the repo's `themes/`)."""
    return Path(__file__).resolve().parent / "data" / "themes"
