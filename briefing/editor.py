"""The user's own editor: which one, and how to open a file in it at a line and column.

Editors disagree on how they take a position, so the argument form is chosen from the editor's
family, recognised by the name of its program (`/usr/bin/nvim` is an nvim). Headless: the app
suspends itself and runs the command this module builds.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

DEFAULT_EDITORS = ("nano", "vi")
"""Tried in this order when neither the environment nor the settings name an editor."""

_VIM = frozenset({"vim", "nvim", "gvim", "mvim", "vimx"})
_PLUS_LINE_COMMA_COL = frozenset({"nano", "rnano"})
_PLUS_LINE_COLON_COL = frozenset({"emacs", "emacsclient", "micro", "kak"})
_FILE_LINE_COL = frozenset({"hx", "helix"})
_VSCODE = frozenset({"code", "code-insiders", "codium", "vscodium", "code-oss"})
_WAIT_FLAGS = frozenset({"--wait", "-w"})


class EditorError(Exception):
    """No usable editor: the message says what was tried and how to choose one."""


def find_editor(
    env: Mapping[str, str] | None = None, setting: str | Sequence[str] | None = None
) -> list[str]:
    """The editor command as an argv: `$VISUAL`, then `$EDITOR`, then the `editor` setting, then
    `nano` or `vi` from PATH.

    A command with arguments (`code --wait`) is split as a shell would. The first one set wins
    even if its program is missing: the user asked for it, so we say so rather than silently
    opening another editor.
    """
    env = os.environ if env is None else env
    search_path = env.get("PATH")
    candidates: list[tuple[str, str | Sequence[str] | None]] = [
        ("$VISUAL", env.get("VISUAL")),
        ("$EDITOR", env.get("EDITOR")),
        ("the 'editor' setting", setting),
    ]
    for origin, value in candidates:
        command = _split(origin, value)
        if command is None:
            continue
        if shutil.which(command[0], path=search_path) is None:
            raise EditorError(f"the editor {command[0]!r} from {origin} was not found")
        return command
    for name in DEFAULT_EDITORS:
        found = shutil.which(name, path=search_path)
        if found is not None:
            return [found]
    raise EditorError(
        "no editor found: set $VISUAL or $EDITOR (for example EDITOR=nano), or 'editor' in the settings file"
    )


def _split(origin: str, value: str | Sequence[str] | None) -> list[str] | None:
    """The command named by one source, or None when that source is unset or blank."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            command = shlex.split(value)
        except ValueError as error:
            raise EditorError(f"cannot read the editor command in {origin} ({value!r}): {error}") from None
    else:
        command = [str(part) for part in value]
    return command or None


def editor_family(command: Sequence[str]) -> str:
    """The program's name, lower-cased and without a Windows `.exe`: what decides the argument form."""
    name = os.path.basename(command[0]).lower()
    return name.removesuffix(".exe")


def editor_argv(command: Sequence[str], path: Path, line: int, column: int | None = None) -> list[str]:
    """The argv that opens `path` at `line` (and `column` where the editor takes one), 1-based.

    vi and unknown editors get `+LINE FILE`, which most terminal editors understand; vim and nvim
    take the column through `+call cursor(LINE, COL)`.

    The file is always given as an absolute path: a file name is not ours (`-c!touch x.yaml`,
    `+!cmd.yaml`), and one starting with `/` can never be read as an option. The vim family
    also gets `--` before it, which its CLI documents as "the end of the options" while still
    applying the `+` commands given before it.
    """
    line = max(1, line)
    column = None if column is None else max(1, column)
    file = str(Path(path).absolute())
    family = editor_family(command)
    base = list(command)
    if family in _VSCODE:
        wait = [] if _WAIT_FLAGS.intersection(base[1:]) else ["--wait"]
        target = _file_at(file, line, column)
        return [*base, "--goto", target, *wait] if target else [*base, file, *wait]
    if family in _FILE_LINE_COL:
        return [*base, _file_at(file, line, column) or file]
    if family in _VIM:
        position = f"+{line}" if column is None else f"+call cursor({line}, {column})"
        return [*base, position, "--", file]
    if column is not None:
        if family in _PLUS_LINE_COMMA_COL:
            return [*base, f"+{line},{column}", file]
        if family in _PLUS_LINE_COLON_COL:
            return [*base, f"+{line}:{column}", file]
    return [*base, f"+{line}", file]


def _file_at(file: str, line: int, column: int | None) -> str | None:
    """`FILE:LINE[:COL]` (helix, VS Code), or None when the name holds a `:` of its own: those
    editors split the argument at colons, so such a file is opened without a position rather
    than another file (`a:7.yaml` at line 3 would read as `a` at 7, column 3)."""
    anchor = os.path.splitdrive(file)[0]  # `C:` on Windows is no line number
    if ":" in file[len(anchor) :]:
        return None
    return f"{file}:{line}" if column is None else f"{file}:{line}:{column}"


def editor_command(
    path: Path,
    line: int,
    column: int | None = None,
    *,
    env: Mapping[str, str] | None = None,
    setting: str | Sequence[str] | None = None,
) -> list[str]:
    """The whole command that opens `path` at the position in the user's editor. Raises
    `EditorError` before anything runs, so the app learns there is no editor while it still
    holds the terminal (a missing editor once left the screen blank until ctrl+c)."""
    return editor_argv(find_editor(env, setting), path, line, column)


def run_editor_command(argv: Sequence[str], env: Mapping[str, str] | None = None) -> int:
    """Run the editor and wait for it; returns its exit code.

    The caller (the app) suspends the terminal around this call.
    """
    try:
        return subprocess.run(list(argv), env=None if env is None else dict(env), check=False).returncode
    except OSError as error:
        raise EditorError(f"could not run the editor {argv[0]!r}: {error}") from None
