"""`briefing show`: the whole brief printed with Rich, for pipes, pagers and terminals without a TUI.

Brief text reaches Rich only as `Text` objects built from `clean()`ed strings, never as markup,
so `[bold]` or an escape sequence in a quote is shown as the characters it is. Markdown fields go
through `SafeMarkdown`, which shows raw HTML literally and keeps only http, https and mailto links.
This module imports nothing from Textual: the launcher calls `print_brief` when stdout is a pipe.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import msgspec
from markdown_it import MarkdownIt
from rich import box
from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from briefing import describe
from briefing.cli import MAX_WIDTH
from briefing.corroboration import of_event, of_statement
from briefing.export.markdown import filter_note
from briefing.export.selection import ExportOptions, UnknownActor, options_from, select
from briefing.index import BriefIndex
from briefing.loader import LoadedBrief, load
from briefing.model import Actor, Event, Question, Source, Statement
from briefing.text import clean, clean_line, clean_tokens, raw_stdout

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

THEME = Theme(
    {
        "briefing.title": "bold",
        "briefing.section": "bold",
        "briefing.dim": "dim",
        "briefing.status.reported": "bold white on blue",
        "briefing.status.confirmed": "bold black on green",
        "briefing.status.denied": "bold white on red",
        "briefing.status.disputed": "bold black on yellow",
        "briefing.status.unverified": "bold white on bright_black",
        "briefing.question.open": "bold black on yellow",
        "briefing.question.answered": "bold black on green",
        "briefing.question.moot": "bold white on bright_black",
        "briefing.kind.quote": "bold cyan",
        "briefing.kind.paraphrase": "bold magenta",
        "briefing.kind.declined": "bold bright_black",
        **{
            f"briefing.group.{slot}": colour
            for slot, colour in enumerate(
                ("blue", "red", "yellow", "green", "magenta", "cyan", "bright_red", "bright_blue")
            )
        },
    }
)
"""Styles for the static output. Every badge is also a word, so nothing depends on colour."""

# A quote block: a bar down the left, no other border; the bottom edge is a blank line.
_QUOTE_BOX = box.Box("▌   \n▌   \n▌   \n▌   \n▌   \n▌   \n▌   \n    \n")


def _markdown_parser() -> MarkdownIt:
    """CommonMark with raw HTML off (so it shows as text) and links limited to http/https/mailto."""
    parser = MarkdownIt("commonmark", {"html": False}).enable("strikethrough").enable("table")
    parser.validateLink = describe.is_safe_link  # type: ignore[method-assign]
    return parser


_PARSER = _markdown_parser()


class SafeMarkdown(Markdown):
    """Rich's Markdown, parsed by `_PARSER`: Rich's own parser drops raw HTML silently and lets
    any link scheme through as an OSC 8 hyperlink. Links are printed as `text (url)`, so the
    address survives pipes, pagers and paper, and no hyperlink escape is ever emitted."""

    def __init__(self, markdown: str) -> None:
        super().__init__("", hyperlinks=False)
        self.markup = clean(markdown)
        self.parsed = _PARSER.parse(self.markup)
        # Character references (`&#x202E;`) are decoded by the parser, after the first clean().
        clean_tokens(self.parsed)


def line(text: str, style: str = "") -> Text:
    """One line of brief text, cleaned, as a `Text` (never markup)."""
    return Text(clean_line(text), style=style)


def print_beneath(console: Console, text: str, style: str = "", indent: int = 4) -> None:
    """A cleaned line set in under the one above it: wrapped, every row stays set in (and no row
    ends in spaces, as a padded renderable's would)."""
    for row in line(text, style).wrap(console, max(console.width - indent, 20)):
        row.rstrip()
        console.print(Text(" " * indent) + row, crop=False)


def badge(word: str, style: str) -> Text:
    """A status word in a coloured box; the word alone carries the meaning."""
    return Text(f" {word} ", style=style)


def run(args: argparse.Namespace) -> int:
    """`briefing show PATH [--width N]`: print the brief, or its errors as path:line:col."""
    path = args.path
    if not path.exists():
        print(f"briefing show: {path}: no such file", file=sys.stderr)
        return EXIT_USAGE
    if path.is_dir():
        print(f"briefing show: {path}: is a folder; give one brief file", file=sys.stderr)
        return EXIT_USAGE
    return print_file(path, make_console(args.width, color=args.color), options_from(args))


def print_file(path: Path, console: Console, options: ExportOptions | None = None) -> int:
    """Print the brief at `path` (only what `options` selects), or its errors (path:line:col) on
    stderr; the exit code."""
    result = load(path)
    if result.loaded is None:
        for error in result.errors:
            print(clean(str(error)), file=sys.stderr)
        return EXIT_INVALID
    loaded = result.loaded
    if options is not None and options.filtered:
        try:
            loaded = msgspec.structs.replace(loaded, brief=select(loaded.brief, options))
        except UnknownActor as error:
            print(f"briefing show: {error.option}: {clean(str(error))}", file=sys.stderr)
            return EXIT_USAGE
        console.print(line(filter_note(loaded.index, options), "briefing.dim"))
    print_brief(loaded, console)
    return EXIT_OK


def make_console(width: int | None = None, *, color: str = "auto") -> Console:
    """A console for the static output; no highlighting or emoji codes are applied to anything.
    Without a `width`, the terminal's (or `COLUMNS`) is used up to MAX_WIDTH: `COLUMNS=100000000`
    would otherwise make every line that wide (gigabytes of spaces).

    `auto`: Rich decides colour from the terminal, NO_COLOR and FORCE_COLOR. `never`: plain text,
    not one escape sequence. `always`: colour even into a pipe (`| less -R`), and over NO_COLOR (a
    flag given for one run outranks the environment, as the NO_COLOR convention asks)."""
    # The raw stream: the text is clean already, and the console adds its own style escapes.
    options: dict[str, Any] = {
        "file": raw_stdout(),
        "width": width,
        "theme": THEME,
        "highlight": False,
        "emoji": False,
    }
    if color == "never":
        console = Console(color_system=None, no_color=True, **options, markup=False)
    elif color == "always":
        # A dumb or unknown $TERM would make Rich choose no colours at all: take the 16 standard.
        system = Console(force_terminal=True).color_system or "standard"
        console = Console(force_terminal=True, color_system=system, no_color=False, **options, markup=False)
    else:
        console = Console(**options, markup=False)
    console.width = min(console.width, MAX_WIDTH)
    return console


def print_brief(loaded: LoadedBrief, console: Console) -> None:
    """Print the whole brief to `console` (the launcher's path when stdout is not a terminal)."""
    for renderable in render_brief(loaded):
        console.print(renderable)


def render_brief(loaded: LoadedBrief) -> list[RenderableType]:
    """Every section of the brief as Rich renderables, in reading order; empty sections are left out."""
    index = loaded.index
    brief = index.brief
    parts: list[RenderableType] = [_header(index)]
    if brief.summary:
        parts += [_section("Summary"), SafeMarkdown(brief.summary)]
    if brief.events:
        parts += [_section("Timeline"), _timeline(index)]
    if brief.actors:
        parts += [_section("Actors"), *_actors(index)]
    if brief.statements:
        parts += [
            _section("Statements"),
            *(_statement(index, s) for s in describe.statements_in_order(index)),
        ]
    if brief.questions:
        parts += [_section("Questions"), *_questions(index)]
    if brief.sources:
        parts += [_section("Sources"), _sources(brief.sources)]
    return parts


def _section(name: str) -> Padding:
    return Padding(Rule(Text(name, style="briefing.section"), align="left"), (1, 0, 0, 0))


def _header(index: BriefIndex) -> Panel:
    brief = index.brief
    lines = [
        line(brief.title, "briefing.title"),
        Text(f"as of {brief.as_of.display()} · language {brief.language}"),
    ]
    if brief.tags:
        lines.append(_tags(brief.tags))
    lines.append(Text(describe.counts(brief)))
    return Panel(Group(*lines), box=box.ROUNDED, padding=(0, 1))


def _tags(tags: list[str]) -> Text:
    return line("tags: " + ", ".join(tags), "briefing.dim")


def _table(*columns: tuple[str, dict[str, Any]]) -> Table:
    """A full-width table with a rule under the header and a blank line between rows. Long words
    (addresses) fold onto the next line instead of being cut off with an ellipsis."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False, show_lines=True)
    for name, options in columns:
        table.add_column(Text(name), overflow="fold", **options)
    return table


def _details(title: Text, *, notes: str | None = None, extra: Iterable[Text] = ()) -> Group:
    """A table cell: a title line, optional dim lines, then notes as Markdown."""
    parts: list[RenderableType] = [title, *extra]
    if notes:
        parts.append(SafeMarkdown(notes))
    return Group(*parts)


def _timeline(index: BriefIndex) -> Table:
    table = _table(
        ("Date", {"min_width": 11, "ratio": 1}),
        ("Status", {"no_wrap": True}),
        ("Cred.", {"no_wrap": True}),
        ("Event", {"ratio": 4}),
    )
    used: set[int] = set()
    for event in index.timeline:
        table.add_row(
            Text(event.date.display()),
            badge(describe.status_label(event.status), f"briefing.status.{event.status}"),
            Text(str(event.credibility or "")),
            _event_cell(index, event),
        )
        if event.credibility:
            used.add(event.credibility)
    if used:
        table.caption = Text(
            "credibility: " + " · ".join(describe.credibility_label(c) for c in sorted(used)),
            style="briefing.dim",
        )
        table.caption_justify = "left"
    return table


def _event_cell(index: BriefIndex, event: Event) -> Group:
    """Title, then place, actors, sources and tags as dim lines, then the notes."""
    labelled = (
        ("place", event.place or ""),
        ("actors", describe.event_actors(index, event)),
        ("sources", describe.item_names(index, event.sources)),
        ("corroboration", describe.corroboration_label(of_event(index, event))),
        ("tags", ", ".join(event.tags)),
    )
    return _details(line(event.title, "bold"), notes=event.notes, extra=_labelled(labelled))


def _labelled(pairs: Iterable[tuple[str, str]]) -> list[Text]:
    """`label: value` dim lines for the values that are not empty."""
    return [line(f"{label}: {value}", "briefing.dim") for label, value in pairs if value]


def _actors(index: BriefIndex) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for group, actors in index.actor_groups.items():
        if group:
            heading = Text("■ ", style=f"briefing.group.{describe.group_slot(group)}")
            heading.append_text(line(group, "bold"))
        else:
            heading = Text("No group", style="bold")
        parts += [Padding(heading, (0 if not parts else 1, 0, 0, 0)), _actor_table(index, actors)]
    return parts


def _actor_table(index: BriefIndex, actors: list[Actor]) -> Table:
    table = _table(
        ("Actor", {"ratio": 3}),
        ("Role", {"ratio": 3}),
        ("Affiliation", {"ratio": 2}),
        ("Said", {"no_wrap": True, "justify": "right"}),
    )
    for actor in actors:
        extra = []
        if actor.aliases:
            extra.append(line("aka " + ", ".join(actor.aliases), "briefing.dim"))
        if actor.tags:
            extra.append(_tags(actor.tags))
        affiliation = index.actors.get(actor.affiliation) if actor.affiliation else None
        said = len(index.statements_by_actor.get(actor.id, []))
        table.add_row(
            _details(line(actor.name, "bold"), notes=actor.notes, extra=extra),
            line(actor.role or ("" if actor.kind == "person" else actor.kind)),
            line(affiliation.name if affiliation else ""),
            Text(str(said)),
        )
    return table


def _statement(index: BriefIndex, statement: Statement) -> Panel:
    language = index.statement_language(statement)
    body: list[RenderableType] = []
    if statement.quote:
        words = clean(statement.quote)
        body.append(Text(f"“{words}”" if statement.kind == "quote" else words))
    elif statement.kind == "declined":
        body.append(Text(describe.DECLINED, style="italic"))
    if statement.translation:
        translation = Text("translation: ", style="briefing.dim")
        translation.append(clean(statement.translation), style="italic")
        body.append(translation)
    body.append(line("— " + describe.attribution(index, statement)))
    body += _labelled([("corroboration", describe.corroboration_label(of_statement(index, statement)))])
    if statement.context:
        body.append(line(statement.context, "briefing.dim"))
    event = index.events.get(statement.event) if statement.event else None
    if event:
        body.append(line(f"event: {describe.event_label(event, with_date=True)}", "briefing.dim"))
    if statement.tags:
        body.append(_tags(statement.tags))
    label = describe.kind_label(statement) + (f" · {language}" if statement.quote else "")
    title = Text(label, style=f"briefing.kind.{statement.kind}")
    return Panel(Group(*body), box=_QUOTE_BOX, title=title, title_align="left", padding=(0, 1))


_QUESTION_HEADINGS = {"open": "Open", "answered": "Answered", "moot": "Moot"}


def _questions(index: BriefIndex) -> list[RenderableType]:
    parts: list[RenderableType] = []
    shown = None
    for question in index.questions_in_order:
        if question.status != shown:
            shown = question.status
            count = sum(1 for q in index.brief.questions if q.status == shown)
            heading = Text(f"{_QUESTION_HEADINGS[shown]} ({count})", style="bold underline")
            parts.append(Padding(heading, (1 if parts else 0, 0, 0, 0)))
        parts.append(_question(index, question))
    return parts


def _question(index: BriefIndex, question: Question) -> Padding:
    heading = badge(describe.status_label(question.status), f"briefing.question.{question.status}")
    heading.append(" ")
    heading.append_text(line(question.question, "bold"))
    about = (
        ("actors", describe.actor_names(index, question.actors)),
        ("events", describe.item_names(index, question.events)),
        ("sources", describe.item_names(index, question.sources)),
        ("tags", ", ".join(question.tags)),
    )
    body: list[RenderableType] = [heading, *_labelled(about)]
    if question.answer:
        body.append(Padding(SafeMarkdown(question.answer), (0, 0, 0, 2)))
    return Padding(Group(*body), (1, 0, 0, 0))


def _sources(sources: list[Source]) -> Table:
    table = _table(
        ("Source", {"ratio": 3}),
        ("Kind", {"no_wrap": True}),
        ("Reliability", {"max_width": 12}),
    )
    for source in sources:
        address = [line(source.url, "briefing.dim")] if source.url else []
        table.add_row(
            _details(line(source.name, "bold"), notes=source.notes, extra=address),
            Text(source.kind),
            Text(describe.reliability_label(source.reliability) if source.reliability else ""),
        )
    return table
