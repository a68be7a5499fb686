"""The command line's grammar: an argparse parser for every command, and the type of each
argument. Imported only to read a command line that is not `briefing PATH` (`briefing.cli.parse`):
argparse, and building even the `open` command's parser, cost the reader's first frame ~4.5 ms
(issue 14).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing import __version__
from briefing.cli import COLOR_CHOICES, MAX_WIDTH, MIN_WIDTH, UsageError


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error raises instead of exiting, so `main` owns every exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser(*, whole: bool = True) -> argparse.ArgumentParser:
    """The whole command line, with help on every subcommand; not `whole`: only `open` (see
    `parse`)."""
    parser = _Parser(
        prog="briefing",
        description="Read and keep a briefing on a developing story, from a YAML brief.",
        epilog="Run 'briefing COMMAND --help' for a command's options. "
        "Exit codes: 0 fine, 1 invalid input, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    opening = commands.add_parser(
        "open",
        help="open a brief or a folder of briefs in the reader (the default command)",
        description="Open a brief, or a folder of briefs, in the reader. With no path, opens the "
        "bundled briefs. When standard output is not a terminal, prints the brief as 'show' does.",
    )
    opening.add_argument("path", nargs="?", type=_path, help="a brief file or a folder of briefs")
    opening.add_argument(
        "--theme",
        metavar="NAME",
        help="the theme to use (see 'briefing themes'); an unknown name is a usage error (exit 2). "
        "Default: $BRIEFING_THEME, then the config file, then monochrome under NO_COLOR, else briefing-dark",
    )
    opening.add_argument(
        "--no-state",
        action="store_true",
        help="remember nothing of this session: no version of the brief is kept as read, so nothing "
        "is marked new next time (the versions last read are kept in $XDG_STATE_HOME/briefing)",
    )
    _color_option(opening, "when printed to a pipe")
    if not whole:
        return parser

    validate = commands.add_parser(
        "validate",
        help="check briefs and print every error as path:line:col",
        description="Check briefs (files, or folders searched for *.yaml and *.yml) and print every "
        "error as 'path:line:col: error: message'. Exit 0 when all are valid, 1 when any is not.",
    )
    validate.add_argument("paths", nargs="+", type=_path, metavar="PATH", help="brief files or folders")
    validate.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    validate.add_argument(
        "--max-size", type=_size, default=None, metavar="BYTES", help="largest file accepted (default 20MB)"
    )

    _check_parser(commands)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the brief format",
        description="Print the JSON Schema (draft 2020-12) of the brief format, for editors that "
        "use yaml-language-server.",
    )
    schema.add_argument(
        "--modeline",
        action="store_true",
        help="print instead the first line that points an editor at the installed schema",
    )

    show = commands.add_parser(
        "show",
        help="print a brief to standard output",
        description="Print the whole brief to standard output, wrapped to the terminal width. "
        "NO_COLOR is honoured.",
    )
    show.add_argument("path", type=_path, help="a brief file")
    show.add_argument(
        "--width",
        type=_width,
        metavar="COLUMNS",
        help=f"wrap to this width, {MIN_WIDTH} to {MAX_WIDTH} (default: the terminal's, at most {MAX_WIDTH})",
    )
    _color_option(show, "")
    _selection_arguments(show)

    serve = commands.add_parser(
        "serve",
        help="serve the reader to web browsers (read-only unless --allow-edit)",
        description="Serve the reader over HTTP: every browser that opens the address gets its own "
        "reader of PATH (default: the bundled briefs). Read-only unless --allow-edit: no editor, no "
        "quick edits, and exports arrive as browser downloads instead of files on this machine. "
        "Listens on 127.0.0.1 (this machine only) unless --host says otherwise.",
    )
    serve.add_argument("path", nargs="?", type=_path, help="a brief file or a folder of briefs")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--allow-edit",
        action="store_true",
        help="let every browser change the brief with the quick edits (anyone who can reach the port)",
    )

    export = commands.add_parser(
        "export",
        help="export a brief to Markdown, HTML, JSON or TimelineJS",
        description="Export a brief. Writes to standard output unless -o is given; never overwrites "
        "an existing file without --force.",
    )
    export.add_argument("path", type=_path, help="a brief file")
    export.add_argument(
        "-o",
        "--output",
        type=_path,
        metavar="FILE",
        help="write here instead of stdout; through a symbolic link to the file it names; never to a "
        "pipe, a device, a folder or a read-only file",
    )
    export.add_argument("--format", choices=("md", "html", "json", "timelinejs"), default="md")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    _selection_arguments(export)
    export.add_argument("--no-front-matter", action="store_true", help="omit the YAML front matter (md)")

    differ = commands.add_parser(
        "diff",
        help="say what changed between two versions of a brief",
        description="Say what changed between two versions of a brief, item by item, matched by id. "
        "OLD and NEW are brief files or PATH@REV (the file at any git revision: HEAD~3, a tag, "
        "@{2025-11-20}); with OLD alone, the working file is compared with OLD@HEAD (or with "
        "OLD's PATH@REV). Exit 0 when both tell the same story, 1 when they differ, 2 on trouble "
        "(usage, unreadable or invalid side).",
    )
    differ.add_argument("old", metavar="OLD", help="a brief file, or PATH@REV")
    differ.add_argument(
        "new", metavar="NEW", nargs="?", help="a brief file, or PATH@REV (default: the working file)"
    )
    differ.add_argument("--format", choices=("text", "json", "md"), default="text", help="output format")
    differ.add_argument("--width", type=_width, metavar="COLUMNS", help="wrap the text view to this width")
    differ.add_argument(
        "--textconv",
        action="store_true",
        help="print OLD as canonical text, one field a line, for git's textconv (docs/diff.md)",
    )

    history = commands.add_parser(
        "log",
        help="the commits that changed a brief, or one item, with what each changed",
        description="The commits that changed a brief (or the item ITEM-ID), newest first: hash, date, "
        "author and subject, and what each changed in the story's words, as 'briefing diff' says it. "
        "Renames of the file are followed. Exit 0 when shown, 2 on trouble (not in a git repository, "
        "never committed, no such item).",
    )
    history.add_argument("path", type=_path, help="a brief file in a git repository")
    history.add_argument("item", nargs="?", metavar="ITEM-ID", help="only the commits that changed this item")
    history.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    history.add_argument("--width", type=_width, metavar="COLUMNS", help="wrap the text view to this width")
    history.add_argument("-n", "--max-count", type=_count, metavar="N", help="show only the newest N commits")

    new = commands.add_parser(
        "new",
        help="write a new brief from a commented template",
        description="Write a new, valid brief with commented examples of every section, then open it. "
        "Refuses to overwrite an existing file.",
    )
    new.add_argument("path", type=_path, help="where to write the brief")
    new.add_argument("--title", default=None, help="the brief's title")
    new.add_argument("--no-open", action="store_true", help="do not open the new brief")

    commands.add_parser(
        "themes",
        help="list the available themes and where each comes from",
        description="List the bundled and user themes, marking broken ones with their error.",
    )

    config = commands.add_parser(
        "config", help="settings file commands", description="Settings file commands."
    )
    config_commands = config.add_subparsers(dest="config_command", metavar="ACTION", parser_class=_Parser)
    config_commands.add_parser("path", help="print where the config file is looked for")
    return parser


def _check_parser(commands: argparse._SubParsersAction) -> None:
    """`check`: the quality rules of `briefing.quality` (listed by `--list-rules`)."""
    check = commands.add_parser(
        "check",
        help="warn about what makes a valid brief unsound (unsourced, stale, contradictory, ...)",
        description="Check briefs (files, or folders searched for *.yaml and *.yml) against the quality "
        "rules and print each warning as 'path:line:col: warning[rule-id]: message'. Exit 0 even with "
        "warnings (1 with --strict), 1 when a brief is invalid (validate's errors are printed).",
        epilog="Silence a rule for a whole brief with a top-level 'x-check: {ignore: [RULE, ...]}', for "
        "one item with a comment '# briefing: ignore[RULE, ...]' on the item's first line.",
    )
    check.add_argument("paths", nargs="*", type=_path, metavar="PATH", help="brief files or folders")
    check.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        default="text",
        help="output format: text, json, or SARIF 2.1.0 (for code scanning and editors)",
    )
    check.add_argument("--strict", action="store_true", help="exit 1 when there is any warning")
    for option, about in (("--select", "only these rules"), ("--ignore", "not these rules")):
        check.add_argument(
            option, action="append", default=[], metavar="RULE[,RULE...]", help=f"{about} (repeatable)"
        )
    check.add_argument(
        "--stale-days",
        type=_days,
        default=None,
        metavar="DAYS",
        help="an open question whose latest event is more than DAYS before as_of is stale (default 30)",
    )
    check.add_argument("--list-rules", action="store_true", help="list the rules and what each finds")
    check.add_argument(
        "--max-size", type=_size, default=None, metavar="BYTES", help="largest file accepted (default 20MB)"
    )


def _days(text: str) -> int:
    """A whole number of days, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the number of days cannot be negative")
    return value


def _path(text: str) -> Path:
    """A file or folder name; an empty one is a mistake, not the current folder (`Path("")`)."""
    if not text:
        raise argparse.ArgumentTypeError("the file name is empty")
    return Path(text)


def _width(text: str) -> int:
    """A number of columns in the range `show` accepts (a runaway width would exhaust memory)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of columns") from None
    if not MIN_WIDTH <= value <= MAX_WIDTH:
        raise argparse.ArgumentTypeError(
            f"the width must be between {MIN_WIDTH} and {MAX_WIDTH}, not {value}"
        )
    return value


def _count(text: str) -> int:
    """A positive number of things."""
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
    return int(text)


def _color_option(parser: argparse.ArgumentParser, when: str) -> None:
    """`--color auto|always|never`, the convention of ls, grep and git."""
    parser.add_argument(
        "--color",
        choices=COLOR_CHOICES,
        default="auto",
        help=f"colour the output{' ' + when if when else ''}: auto (a terminal, unless NO_COLOR is set), "
        "always (even into a pipe, e.g. for less -R), never (plain text)",
    )


def _port(text: str) -> int:
    """A TCP port number, 1–65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError("a port is a number from 1 to 65535")
    return value


def _selection_arguments(parser: argparse.ArgumentParser) -> None:
    """`--actor` and the reader's filters, for `show` and `export`: each may be repeated (any of
    the values given will do); different options must all hold; a filter narrows only the items
    it describes (`--status` events, `--kind` statements, `--source` what cites it)."""
    from briefing.model import (
        CREDIBILITY_MEANING,
        EVENT_STATUSES,
        QUESTION_STATUSES,
        RELIABILITY_MEANING,
        STATEMENT_KINDS,
    )

    group = parser.add_argument_group("selection (each option may be repeated)")
    group.add_argument("--actor", action="append", default=[], metavar="ID", help="only items concerning ID")
    choices: list[tuple[str, str, tuple[str, ...], str]] = [
        ("--status", "statuses", EVENT_STATUSES, "only events with this status"),
        ("--credibility", "credibility", tuple(map(str, CREDIBILITY_MEANING)), "only events rated so (1-6)"),
        ("--kind", "kinds", STATEMENT_KINDS, "only statements of this kind"),
        ("--question", "questions", QUESTION_STATUSES, "only questions with this status"),
        (
            "--reliability",
            "reliability",
            tuple(RELIABILITY_MEANING),
            "only items citing a source rated so (A-F)",
        ),
    ]
    for option, dest, values, about in choices:
        group.add_argument(option, dest=dest, action="append", default=[], choices=values, help=about)
    group.add_argument(
        "--source",
        dest="sources",
        action="append",
        default=[],
        metavar="ID",
        help="only items citing source ID",
    )
    group.add_argument(
        "--tag", dest="tags", action="append", default=[], metavar="TAG", help="only items tagged TAG"
    )


def _size(text: str) -> int:
    """A byte count such as 20000000, 20MB or 512k."""
    units = {
        "k": 1_000,
        "kb": 1_000,
        "m": 1_000_000,
        "mb": 1_000_000,
        "g": 1_000_000_000,
        "gb": 1_000_000_000,
    }
    lowered = text.strip().lower()
    suffix = next((unit for unit in sorted(units, key=len, reverse=True) if lowered.endswith(unit)), "")
    number, factor = lowered[: len(lowered) - len(suffix)], units.get(suffix, 1)
    try:
        value = int(float(number) * factor)
    except (ValueError, OverflowError):  # not a number; nan; inf
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 20MB") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("the size must be positive")
    return value
