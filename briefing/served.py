"""The reader as `briefing serve` starts it for each browser session (internal, not a command).

textual-serve runs one command per browser, with pipes for stdin and stdout and Textual's web
driver chosen by `TEXTUAL_DRIVER`. `briefing PATH` would see the pipe and print the brief, so the
server runs `python -m briefing.served [--allow-edit] -- PATH` instead, which always starts the
reader, in served mode: no terminal editor (there is none in a browser), exports as downloads,
and, without `--allow-edit`, no quick edits either.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Served:
    """How the reader behaves in a browser: `editable` is `briefing serve --allow-edit`."""

    editable: bool = False


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing.served", description=__doc__)
    parser.add_argument("--allow-edit", action="store_true")
    parser.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    from briefing.launch import start_reader

    return start_reader(args.path, served=Served(editable=args.allow_edit))


if __name__ == "__main__":
    sys.exit(main())
