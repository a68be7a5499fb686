"""The command line: parses arguments and hands each subcommand to the module that does the work.

Only the standard library and the headless modules are imported here: `validate`, `schema`,
`export` and `show` never import Textual, so they start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from briefing.text import cleaned_streams

if TYPE_CHECKING:
    import argparse

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

SUBCOMMANDS = (
    "open",
    "validate",
    "check",
    "schema",
    "show",
    "export",
    "diff",
    "log",
    "new",
    "themes",
    "config",
    "serve",
)
MIN_WIDTH, MAX_WIDTH = 20, 1000
"""`show --width` must lie in this range; a wider terminal or `COLUMNS` is wrapped at MAX_WIDTH."""
COLOR_CHOICES = ("auto", "always", "never")


class UsageError(Exception):
    """A command line that cannot be carried out as given (exit 2)."""


def _normalise(argv: list[str]) -> list[str]:
    """`briefing PATH` means `briefing open PATH`; a bare `briefing` opens the bundled briefs.
    git runs `diff --textconv` with the file's path last, as it is: one that begins with `-` and is
    a file is that file, not an option."""
    if not argv:
        return ["open"]
    first = argv[0]
    textconv = first == "diff" and "--textconv" in argv[1:-1] and "--" not in argv
    if textconv and argv[-1].startswith("-") and os.path.lexists(argv[-1]):
        return [*argv[:-1], "--", argv[-1]]
    if first in SUBCOMMANDS or first in ("-h", "--help", "--version"):
        return argv
    return ["open", *argv]


def parse(argv: list[str]) -> argparse.Namespace | SimpleNamespace:
    """The arguments (normalised) as the whole parser reads them.

    `briefing PATH`, the reader, is read without argparse: importing it and building even the
    `open` command's parser cost its first frame ~4.5 ms (issue 14); a test holds this reading
    equal to the parser's. Another `open` line is read by a parser of `open` alone (building
    every command's took ~5 ms). Help and version print as they parse, so they go to the whole
    parser, and so does a line the `open` parser refuses, for the whole parser's wording of what
    is wrong."""
    if len(argv) == 2 and argv[0] == "open" and argv[1] and not argv[1].startswith("-"):
        return SimpleNamespace(command="open", path=Path(argv[1]), theme=None, no_state=False, color="auto")
    from briefing.arguments import build_parser

    if argv[:1] == ["open"] and not {"-h", "--help", "--version"} & set(argv):
        try:
            return build_parser(whole=False).parse_args(argv)
        except UsageError:
            pass
    return build_parser().parse_args(argv)


def tolerate_any_encoding() -> None:
    """Messages and `show` degrade to `?` for what the terminal's encoding (latin-1, ASCII under
    `LC_ALL=C`) cannot hold, instead of failing with UnicodeEncodeError and hiding the output."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def write_document(text: str) -> None:
    """Print a document (an export, the schema, a JSON report) on standard output as UTF-8,
    whatever the terminal's encoding: it is data for a file or a program, which `?` would corrupt.

    A file name the system gave undecoded (`LC_ALL=C`, or bytes that are not UTF-8) is written as
    its own bytes when they are UTF-8, else with U+FFFD: the output is always valid UTF-8."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (a test's StringIO)
        sys.stdout.write(text)
        return
    try:
        data = text.encode("utf-8", "surrogateescape")
        data.decode("utf-8")
    except UnicodeError:
        data = text.encode("utf-8", "replace")
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code; no traceback ever reaches the user, and no
    control sequence from a file name, a brief, the config or a theme reaches the terminal: every
    message goes through `briefing.text.clean` on its way out."""
    tolerate_any_encoding()
    with cleaned_streams():
        return _run(list(sys.argv[1:] if argv is None else argv))


def _run(arguments: list[str]) -> int:
    try:
        args = parse(_normalise(arguments))
        return _dispatch(args)
    except UsageError as error:
        print(f"{error}\nRun 'briefing --help' for usage.", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`briefing show x | head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        if isinstance(error, OSError) and error.filename is not None:
            # A path the system will not look at (a name too long, a loop of links, no
            # permission): the user's file name, not a bug of ours.
            print(f"briefing: {error.filename}: {error.strerror or error}", file=sys.stderr)
            return EXIT_USAGE
        print(f"briefing: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        return EXIT_INVALID


def _dispatch(args: argparse.Namespace | SimpleNamespace) -> int:
    """Hand the parsed command to its module; imports happen here so each command loads only
    what it needs."""
    command = args.command
    if command == "validate":
        from briefing.commands import validate

        return validate(args.paths, output=args.format, max_bytes=args.max_size)
    if command == "check":
        from briefing.check_command import run as check

        return check(args)
    if command == "schema":
        from briefing.commands import schema

        return schema(modeline=args.modeline)
    if command == "show":
        from briefing.show import run as show

        return show(args)
    if command == "export":
        from briefing.export.command import run as export

        return export(args)
    if command == "diff":
        from briefing.diff_command import run as diff

        return diff(args)
    if command == "log":
        from briefing.log_command import run as history

        return history(args)
    if command == "new":
        from briefing.new import run as new

        return new(args)
    if command == "themes":
        from briefing.themes import list_command

        return list_command(args)
    if command == "serve":
        from briefing.serve import run as serve

        return serve(args)
    if command == "config":
        if args.config_command != "path":
            raise UsageError("briefing config: say which action, e.g. 'briefing config path'")
        from briefing.settings import config_path

        print(config_path())
        return EXIT_OK
    from briefing.launch import run as launch

    return launch(args)
