"""Settings: XDG locations, the lenient config file, theme precedence, NO_COLOR, saving the theme
choice without losing comments, and `briefing config path`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import ClassVar

import pytest
from test_themes import hermetic_env, run_cli
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from briefing import locations
from briefing.settings import (
    NEW_CONFIG_HEADER,
    Settings,
    config_path,
    editor_command,
    load_settings,
    resolve_theme_name,
    save_theme_choice,
    start_up,
)


def write_config(env: dict[str, str], text: str) -> Path:
    path = config_path(env)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_locations_follow_xdg(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": "/xdg/config", "XDG_CACHE_HOME": "/xdg/cache"}
    assert locations.config_dir(env) == Path("/xdg/config/briefing")
    assert locations.user_themes_dir(env) == Path("/xdg/config/briefing/themes")
    assert locations.config_file(env) == Path("/xdg/config/briefing/config.yaml")
    assert locations.cache_dir(env) == Path("/xdg/cache/briefing")


@pytest.mark.parametrize("value", ["", "relative/path"])
def test_unusable_xdg_values_fall_back_to_home(tmp_path: Path, value: str) -> None:
    """The XDG spec says empty and relative values are to be ignored."""
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": value, "XDG_CACHE_HOME": value}
    assert locations.config_file(env) == tmp_path / ".config" / "briefing" / "config.yaml"
    assert locations.cache_dir(env) == tmp_path / ".cache" / "briefing"


def test_briefing_config_overrides_the_config_file(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": "/xdg", "BRIEFING_CONFIG": "~/mine.yaml"}
    assert config_path(env) == Path("~/mine.yaml").expanduser()
    assert locations.user_themes_dir(env) == Path("/xdg/briefing/themes")


def test_missing_or_empty_config_gives_defaults(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    assert load_settings(env).settings == Settings()
    assert load_settings(env).errors == []
    write_config(env, "# nothing set yet\n")
    assert (load_settings(env).settings, load_settings(env).errors) == (Settings(), [])


def test_config_sets_theme_editor_and_keys(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    write_config(
        env,
        "theme: high-contrast\neditor: code --wait\nkeys:\n  app.quit: [q, ctrl+q]\n  brief.search: slash\n",
    )
    loaded = load_settings(env)
    assert loaded.errors == []
    assert loaded.settings.theme == "high-contrast"
    assert loaded.settings.keymap == {"app.quit": "q,ctrl+q", "brief.search": "slash"}
    assert editor_command(loaded.settings, env) == ["code", "--wait"]


BROKEN_CONFIGS = {
    "bad YAML": ("theme: [dark\n", 2, 1, "YAML syntax error"),
    "unknown key": (
        "theme: monochrome\ncolour: red\n",
        2,
        1,
        "unknown key 'colour' (expected one of: theme, editor, keys)",
    ),
    "wrong type": (
        "keys:\n  app.quit: 3\n",
        2,
        13,
        "'keys.app.quit' must be text or a list, not the number 3",
    ),
    "bad editor": ('editor: "vim \'unclosed"\n', 1, 9, "'editor' is not a valid command line"),
    "not a mapping": ("- theme\n", 1, 1, "a config file must be a mapping of keys to values, not a list"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_CONFIGS))
def test_broken_config_gives_one_error_and_defaults(tmp_path: Path, case: str) -> None:
    text, line, column, message = BROKEN_CONFIGS[case]
    env = hermetic_env(tmp_path)
    path = write_config(env, text)
    loaded = load_settings(env)
    assert loaded.settings == Settings()
    (error,) = loaded.errors
    assert (error.path, error.line, error.column) == (str(path), line, column)
    assert message in error.message
    start = start_up(None, env)
    assert start.theme.name == "briefing-dark"
    assert start.problems == [str(error)]


PRECEDENCE = [
    # (--theme, BRIEFING_THEME, config, NO_COLOR, expected)
    ("high-contrast", "monochrome", "briefing-light", "1", "high-contrast"),
    (None, "monochrome", "briefing-light", None, "monochrome"),
    (None, None, "briefing-light", "1", "briefing-light"),
    (None, None, None, None, "briefing-dark"),
    (None, None, None, "1", "monochrome"),
    (None, None, None, "", "briefing-dark"),
    (None, "  ", None, None, "briefing-dark"),
]


@pytest.mark.parametrize(("cli", "env_theme", "config", "no_color", "expected"), PRECEDENCE)
def test_theme_precedence(
    cli: str | None, env_theme: str | None, config: str | None, no_color: str | None, expected: str
) -> None:
    env = {
        key: value
        for key, value in (("BRIEFING_THEME", env_theme), ("NO_COLOR", no_color))
        if value is not None
    }
    assert resolve_theme_name(cli, env, Settings(theme=config)) == expected


def test_no_color_starts_in_monochrome(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path) | {"NO_COLOR": "1"}
    start = start_up(None, env)
    assert (start.theme.name, start.problems) == ("monochrome", [])
    assert start.theme.style("status-denied") == "reverse"


def test_editor_falls_back_to_visual_editor_vi() -> None:
    assert editor_command(Settings(), {"VISUAL": "nano -w", "EDITOR": "ed"}) == ["nano", "-w"]
    assert editor_command(Settings(), {"EDITOR": "ed"}) == ["ed"]
    assert editor_command(Settings(), {}) == ["vi"]


COMMENTED = """\
# My briefing settings.
theme: briefing-dark   # what I read in
editor: "nvim -c 'set spell spelllang=en_gb,fr' -c 'set textwidth=100' -c 'set colorcolumn=+1' --noplugin"

# Keys I changed:
keys:
    quit:
      - q
      - ctrl+q  # muscle memory
    search: [slash, ctrl+f]
"""


def test_save_theme_keeps_comments(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    path = write_config(env, COMMENTED)
    assert save_theme_choice("high-contrast", env) is None
    assert path.read_text(encoding="utf-8") == COMMENTED.replace(
        "theme: briefing-dark   #", "theme: high-contrast   #"
    )
    assert load_settings(env).settings.theme == "high-contrast"


def test_save_theme_creates_a_commented_file(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    assert save_theme_choice("monochrome", env) is None
    assert config_path(env).read_text(encoding="utf-8") == NEW_CONFIG_HEADER + "theme: monochrome\n"
    assert start_up(None, env).theme.name == "monochrome"


def test_save_theme_adds_the_key_below_comments(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    path = write_config(env, "# only a comment\n")
    assert save_theme_choice("colour-blind", env) is None
    assert path.read_text(encoding="utf-8") == "# only a comment\ntheme: colour-blind\n"


def test_save_theme_leaves_a_broken_file_alone(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    path = write_config(env, "theme: [dark\n# precious notes\n")
    error = save_theme_choice("monochrome", env)
    assert error is not None
    assert (error.path, error.line) == (str(path), 3)
    assert "not saving the theme" in error.message
    assert path.read_text(encoding="utf-8") == "theme: [dark\n# precious notes\n"


def test_config_path_command(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    result = run_cli(env, "config", "path")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"{tmp_path}/config/briefing/config.yaml\n",
        "",
    )
    custom = tmp_path / "elsewhere.yaml"
    result = run_cli(env | {"BRIEFING_CONFIG": str(custom)}, "config", "path")
    assert result.stdout == f"{custom}\n"


def test_themes_command_reports_a_broken_config(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    path = write_config(env, "theme: monochrome\nkeys: 3\n")
    result = run_cli(env, "themes")
    assert result.returncode == 0
    assert (
        f"  config: {path}:2:7: error: 'keys' must be a mapping, not the number 3"
        in result.stdout.splitlines()
    )
    assert any(line.startswith("* briefing-dark ") for line in result.stdout.splitlines())


class _Counter(App[None]):
    """Counts presses of a binding whose key the user's keymap may change."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("x", "bump", "Bump", id="brief.export")]  # a real id

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.count = 0
        self._keymap = keymap

    def compose(self) -> ComposeResult:
        yield Static("count")

    def on_mount(self) -> None:
        self.set_keymap(self._keymap)

    def action_bump(self) -> None:
        self.count += 1


def test_keymap_from_config_rebinds_a_key(tmp_path: Path) -> None:
    """The keymap `start_up` hands over is in the form Textual's `set_keymap` takes."""
    env = hermetic_env(tmp_path)
    write_config(env, "keys:\n  brief.export: [b, ctrl+b]\n")
    keymap = start_up(None, env).keymap

    async def presses() -> int:
        app = _Counter(keymap)
        async with app.run_test() as pilot:
            await pilot.press("x", "b", "ctrl+b")
            await pilot.pause()
            return app.count

    assert asyncio.run(presses()) == 2


def test_unknown_binding_ids_are_reported_with_their_place_and_ignored(tmp_path: Path) -> None:
    """A mistyped id used to rebind nothing, silently: each is now an error at its key, with the
    closest id when there is one; the rest of the file (theme, editor, known ids) is still used."""
    env = hermetic_env(tmp_path)
    path = write_config(
        env,
        "theme: monochrome\nkeys:\n  brief.exprot: ctrl+x\n  app.quit: [q, ctrl+q]\n"
        "  brief.frobnicate-all-widgets: z\n  nothing: n\n",
    )
    loaded = load_settings(env)
    assert [(error.path, error.line, error.column) for error in loaded.errors] == [
        (str(path), 3, 3),
        (str(path), 5, 3),
        (str(path), 6, 3),
    ]
    first, second, third = (error.message for error in loaded.errors)
    assert first == "unknown binding id 'brief.exprot' in 'keys' (did you mean 'brief.export'?); ignored"
    assert second.startswith(
        "unknown binding id 'brief.frobnicate-all-widgets' in 'keys' (the brief ids are: brief.about,"
    )
    assert third.startswith("unknown binding id 'nothing' in 'keys' (binding ids start with app., brief.,")
    assert loaded.settings.theme == "monochrome"
    assert loaded.settings.keymap == {"app.quit": "q,ctrl+q"}
    start = start_up(None, env)
    assert start.theme.name == "monochrome"
    assert start.problems == [str(error) for error in loaded.errors]  # each once
    result = run_cli(env, "themes")
    assert f"  config: {path}:3:3: error: unknown binding id 'brief.exprot'" in result.stdout


def test_the_binding_ids_checked_are_exactly_those_of_the_reader() -> None:
    """`BINDING_IDS` (read without Textual) against every binding of every screen and widget."""
    import importlib
    import inspect
    import pkgutil

    import briefing
    from briefing.binding_ids import BINDING_IDS

    found = set()
    for module_info in pkgutil.walk_packages(briefing.__path__, "briefing."):
        if module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            bindings = [value] if isinstance(value, Binding) else []
            if inspect.isclass(value) and value.__module__ == module.__name__:
                bindings = [b for b in getattr(value, "BINDINGS", None) or [] if isinstance(b, Binding)]
            found |= {binding.id for binding in bindings if binding.id}
    assert found == BINDING_IDS
