"""`briefing export PATH [-o FILE] [--format ...]`: the command-line face of `briefing.export`.

Exit codes follow the CLI: 0 written, 1 invalid brief or refused/failed write (the existing file
is left untouched), 2 usage error (an `--actor` or `--source` the brief does not have, an empty `-o ""`).

`-o` writes through a symbolic link to the regular file it names (the link stays); it refuses,
with exit 1 and before writing anything, a FIFO, a device, a socket, a folder, a dangling link
and a read-only file, `--force` or not.
"""

from __future__ import annotations

import argparse
import sys

from briefing.cli import write_document
from briefing.export import NothingToExport, UnknownActor, render
from briefing.export.selection import options_from
from briefing.files import RefusedOverwrite, WriteRefused, write_atomic
from briefing.loader import load
from briefing.text import clean_line

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def run(args: argparse.Namespace) -> int:
    """Load, export, and write to `args.output` or standard output."""
    result = load(args.path)
    if result.loaded is None or result.errors:
        for error in result.errors:
            print(error, file=sys.stderr)
        return EXIT_INVALID
    options = options_from(args, front_matter=not args.no_front_matter)
    try:
        text = render(result.loaded, args.format, options)
    except UnknownActor as error:
        print(
            f"briefing export: {error.option}: {error}\nRun 'briefing export --help' for usage.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except NothingToExport as error:
        print(f"briefing export: {clean_line(str(args.path))}: {error}", file=sys.stderr)
        return EXIT_INVALID
    if args.output is None:
        write_document(text)
        return EXIT_OK
    try:
        write_atomic(args.output, text, overwrite=args.force)
    except RefusedOverwrite:
        print(
            f"briefing export: {args.output} already exists; not overwriting it (use --force to replace it)",
            file=sys.stderr,
        )
        return EXIT_INVALID
    except WriteRefused as error:  # a pipe, a device, a folder, a dangling link, a read-only file
        print(f"briefing export: {error}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        print(f"briefing export: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID
    print(f"briefing export: wrote {args.output}", file=sys.stderr)
    return EXIT_OK
