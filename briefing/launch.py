"""`briefing [PATH]`: open a brief (or a folder of briefs) in the reader, or print it when piped.

Textual is imported only on the terminal path, so `briefing brief.yaml | less -R` starts as fast
as `briefing show`.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.cli import EXIT_OK, EXIT_USAGE
from briefing.locations import bundled_briefs_dir, cache_dir
from briefing.prefetch import start as start_prefetch
from briefing.text import clean

if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace

    from briefing.served import Served


def brief_files(folder: Path) -> list[Path]:
    """The briefs of one folder (`*.yaml`, `*.yml`), by name, for printing it piped (the reader's
    library, `briefing.library`, also lists its subfolders)."""
    from briefing.commands import is_brief_file  # only piped: not before the reader's first frame

    return sorted(path for path in folder.iterdir() if is_brief_file(path))


def run(args: argparse.Namespace | SimpleNamespace) -> int:
    """Open `args.path` (default: the bundled briefs) in the TUI, or print it if stdout is a pipe."""
    path: Path = args.path if args.path is not None else bundled_briefs_dir()
    if not path.exists():
        print(f"briefing: {clean(str(path))}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    theme: str | None = getattr(args, "theme", None)
    if theme is not None and (problem := unknown_theme(theme)):
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    if not sys.stdout.isatty():
        return _print(path, getattr(args, "color", "auto"))
    return start_reader(path, theme=theme, remember=not getattr(args, "no_state", False))


def start_reader(
    path: Path, *, theme: str | None = None, served: Served | None = None, remember: bool = True
) -> int:
    """Run the reader on `path` until it quits; `served` when a browser is its terminal;
    `remember` False (`--no-state`) to keep no memory of what was read."""
    # Starting the reader allocates about a million objects and frees almost none: the cyclic
    # garbage collector would walk them ~170 times (30–100 ms) before the first frame. The app
    # turns it back on once that frame is drawn (issue 7).
    gc.disable()
    # A brief file is read in a second process while Textual is imported (briefing.prefetch).
    prefetch = start_prefetch(path, cache_dir() / "briefs")
    from briefing.app import BriefingApp

    app = BriefingApp(path, theme=theme, served=served, remember=remember, prefetch=prefetch)
    app.run()
    return app.return_code or EXIT_OK


def unknown_theme(name: str) -> str | None:
    """Why `--theme NAME` cannot be used, or None. A name typed on the command line is a usage
    error; one from `BRIEFING_THEME` or the config file only earns a notice in the app."""
    from briefing.themes import load_catalogue

    catalogue = load_catalogue()
    if name in catalogue.themes:
        return None
    lines = [
        f"briefing: --theme {clean(name)!r}: no such theme (available: {', '.join(sorted(catalogue.themes))})"
    ]
    lines += [clean(str(error)) for error in catalogue.errors]
    return "\n".join(lines)


def _print(path: Path, color: str) -> int:
    """The static rendering for pipes: the brief (or each brief of a folder), errors to stderr."""
    from briefing.show import make_console, print_file

    files = brief_files(path) if path.is_dir() else [path]
    console = make_console(color=color)
    return max((print_file(file, console) for file in files), default=EXIT_OK)
