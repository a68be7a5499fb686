"""The user's settings file (`config.yaml`): default theme, editor command, key bindings.

Loaded leniently: a missing file means defaults; a broken one means defaults plus one error that
says file:line:col; an unknown key binding id is reported (file:line:col) and ignored. Saving the
theme choice edits the file in place through ruamel.yaml's round-trip mode, so the user's comments
and layout survive.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from pathlib import Path

import msgspec

from briefing import locations
from briefing.binding_ids import BINDING_IDS, unknown_binding_hint
from briefing.errors import BriefError
from briefing.files import read_limited, write_atomic
from briefing.themes import (
    DEFAULT_THEME,
    MAX_THEME_BYTES,
    MONOCHROME_THEME,
    BriefingTheme,
    ThemeCatalogue,
    YamlDocument,
    load_catalogue,
)

THEME_ENV = "BRIEFING_THEME"
DEFAULT_EDITOR = "vi"
NEW_CONFIG_HEADER = (
    "# briefing settings. Keys: theme (see 'briefing themes'), editor (a command line),\n"
    "# keys (binding id: key or list of keys, e.g. 'app.quit: [q, ctrl+q]').\n"
)


class Settings(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """What `config.yaml` may hold; every key is optional."""

    theme: str | None = None
    editor: str | None = None
    keys: dict[str, str | list[str]] = {}

    @property
    def keymap(self) -> dict[str, str]:
        """Binding id -> comma-separated keys, the form `App.set_keymap` takes."""
        return {
            binding: value if isinstance(value, str) else ",".join(value)
            for binding, value in self.keys.items()
        }


class LoadedSettings(msgspec.Struct):
    """The settings in force and the problems met while reading them: a broken file gives one
    error and the defaults; unknown binding ids give one error each, the rest of the file is used."""

    path: Path
    settings: Settings = msgspec.field(default_factory=Settings)
    errors: list[BriefError] = []


def config_path(env: Mapping[str, str] = os.environ) -> Path:
    """Where the config file is looked for (`BRIEFING_CONFIG`, else the XDG config folder)."""
    return locations.config_file(env)


def load_settings(env: Mapping[str, str] = os.environ) -> LoadedSettings:
    """The settings from the config file; defaults when it is missing, empty or broken."""
    path = config_path(env)
    if not path.exists():
        return LoadedSettings(path)
    document = YamlDocument.read(path)
    if isinstance(document, BriefError):
        return LoadedSettings(path, errors=[document])
    if document.data is None:
        return LoadedSettings(path)
    settings = document.convert(Settings, "config file")
    if isinstance(settings, BriefError):
        return LoadedSettings(path, errors=[settings])
    problem = _check(document, settings)
    if problem is not None:
        return LoadedSettings(path, errors=[problem])
    unknown = [binding for binding in settings.keys if binding not in BINDING_IDS]
    if not unknown:
        return LoadedSettings(path, settings)
    # A mistyped id would silently rebind nothing: say so, and keep the rest of the file.
    errors = [
        document.error(
            f"unknown binding id '{binding}' in 'keys' ({unknown_binding_hint(binding)}); ignored",
            "keys",
            binding,
            target="key",
        )
        for binding in unknown
    ]
    known = {binding: keys for binding, keys in settings.keys.items() if binding in BINDING_IDS}
    return LoadedSettings(path, msgspec.structs.replace(settings, keys=known), errors)


def _check(document: YamlDocument, settings: Settings) -> BriefError | None:
    """The first value the types accept but the program could not use."""
    if settings.theme is not None and not settings.theme.strip():
        return document.error("'theme' is empty; name a theme or remove the key", "theme")
    if settings.editor is not None:
        import shlex  # here, as below: only a configured editor needs it before the first frame

        try:
            if not shlex.split(settings.editor):
                return document.error("'editor' is empty; give a command or remove the key", "editor")
        except ValueError as error:
            return document.error(f"'editor' is not a valid command line: {error}", "editor")
    for binding, keys in settings.keymap.items():
        if not keys.strip(" ,"):
            return document.error(f"'keys.{binding}' names no key", "keys", binding)
    return None


def resolve_theme_name(
    cli_theme: str | None, env: Mapping[str, str] = os.environ, settings: Settings | None = None
) -> str:
    """The theme asked for: `--theme`, then `BRIEFING_THEME`, then the config file, then the default.

    With no explicit choice, a non-empty `NO_COLOR` (https://no-color.org) asks for `monochrome`.
    """
    for choice in (cli_theme, env.get(THEME_ENV), settings.theme if settings else None):
        if choice and choice.strip():
            return choice.strip()
    if env.get("NO_COLOR"):
        return MONOCHROME_THEME
    return DEFAULT_THEME


def editor_command(settings: Settings, env: Mapping[str, str] = os.environ) -> list[str]:
    """The editor as an argv list: the config's `editor`, then `$VISUAL`, `$EDITOR`, then `vi`."""
    import shlex

    for choice in (settings.editor, env.get("VISUAL"), env.get("EDITOR")):
        if choice:
            try:
                argv = shlex.split(choice)
            except ValueError:
                continue
            if argv:
                return argv
    return [DEFAULT_EDITOR]


def save_theme_choice(name: str, env: Mapping[str, str] = os.environ) -> BriefError | None:
    """Make `name` the default theme in the config file, keeping every comment; an error value if not.

    A config file that does not parse is left alone rather than replaced: it may hold the user's
    work.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

    path = config_path(env)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the user's long lines
    try:
        text = read_limited(path, MAX_THEME_BYTES).decode("utf-8-sig") if path.exists() else ""
        data = yaml.load(text) if text.strip() else None
        if data is not None:
            # Keep the file's own indentation instead of ruamel's default.
            _, indent, offset = load_yaml_guess_indent(text)
            yaml.indent(mapping=indent or 2, sequence=indent or 2, offset=offset or 0)
    except (OSError, UnicodeDecodeError) as error:
        return BriefError(str(path), 1, 1, f"cannot read the config file to save the theme: {error}")
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return BriefError(
            str(path), line, column, f"not saving the theme: the file is not valid YAML: {error}"
        )
    # A file of comments only loads as None: keep its text above the new key.
    if not text.strip():
        prefix = NEW_CONFIG_HEADER
    elif data is None:
        prefix = text.rstrip("\n") + "\n"
    else:
        prefix = ""
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        return BriefError(str(path), 1, 1, "not saving the theme: the config file is not a mapping of keys")
    data["theme"] = name
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    output = prefix + buffer.getvalue()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, output, overwrite=True)
    except OSError as error:
        return BriefError(str(path), 1, 1, f"cannot write the config file: {error.strerror or error}")
    return None


class StartUp(msgspec.Struct):
    """Everything the app needs from themes and settings when it starts, and what to tell the user."""

    catalogue: ThemeCatalogue
    settings: LoadedSettings
    theme: BriefingTheme
    problems: list[str]

    @property
    def keymap(self) -> dict[str, str]:
        """The user's key bindings for `App.set_keymap`."""
        return self.settings.settings.keymap


def start_up(cli_theme: str | None, env: Mapping[str, str] = os.environ) -> StartUp:
    """Load themes and settings, pick the theme, and collect every problem to report once."""
    catalogue = load_catalogue(env)
    loaded = load_settings(env)
    theme, reason = catalogue.pick(resolve_theme_name(cli_theme, env, loaded.settings))
    problems = [str(error) for error in (*catalogue.errors, *loaded.errors)]
    if reason is not None:
        problems.append(reason)
    return StartUp(catalogue, loaded, theme, problems)
