"""The Markdown export: a brief as one CommonMark + GFM document to share and to render elsewhere.

Layout: YAML front matter (pandoc, Jekyll, Hugo and Obsidian read it), the title, an "as of"
line, the summary, then Timeline, Actors, Statements, Open questions and Sources. Sources become
footnotes (`[^afp]`), defined once at the end and cited from every event and statement that uses
them. Every text field goes through `mdtext.escape_*`, every markdown field through
`mdfield.markdown_lines`; nothing here depends on the clock, so the same brief gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from briefing import __version__, describe
from briefing.corroboration import of_event, of_statement
from briefing.export.mdfield import markdown_lines
from briefing.export.mdtext import autolink, escape_inline, escape_lines, indent, yaml_markdown
from briefing.export.selection import ExportOptions
from briefing.index import BriefIndex
from briefing.model import Actor, Event, Question, Source, Statement

GENERATOR = f"briefing {__version__}"

PROSE_LANGUAGE = "en"
"""The language of what a brief's author writes (title, summary, notes, translations): the format
has no key for it, and `language` is the quotes' language. The page and the front matter say this;
each quote carries its own language (the HTML export marks it)."""

STATUS_WORDS = {
    "reported": "Reported",
    "confirmed": "Confirmed",
    "denied": "Denied",
    "disputed": "Disputed",
    "unverified": "Unverified",
}


def render_markdown(index: BriefIndex, options: ExportOptions) -> str:
    """The whole document, ending with one newline."""
    blocks: list[list[str]] = []
    if options.front_matter:
        blocks.append(front_matter(index))
    notes = Footnotes(index)
    blocks.extend(_header(index, options))
    blocks.extend(_timeline(index, notes))
    blocks.extend(_actors(index))
    blocks.extend(_statements(index, notes))
    blocks.extend(_questions(index, notes))
    blocks.extend(_sources(index, notes))
    return "\n\n".join("\n".join(_trimmed(block)) for block in blocks if _trimmed(block)) + "\n"


def _trimmed(block: list[str]) -> list[str]:
    """A block without the blank lines at its end (list items with notes leave one)."""
    end = len(block)
    while end and not block[end - 1]:
        end -= 1
    return block[:end]


def _sentence(text: str) -> str:
    """Escaped text ending with a full stop, unless it already ends with punctuation."""
    escaped = escape_inline(text)
    return escaped if escaped.endswith((".", "!", "?", "…")) else escaped + "."


def front_matter(index: BriefIndex) -> list[str]:
    """The YAML metadata block; every string is quoted so no value can change type.

    pandoc reads each string value as Markdown, raw HTML included, and a viewer that knows no
    front matter shows the block as Markdown: so the strings are escaped like any text in the
    document (`Plan <img …>` reaches pandoc's page as those characters). Jekyll and Hugo read the
    plain strings: a value with Markdown punctuation (`*`, `_`, `<`, `[`, `#`, …) shows its
    backslashes there. A plain value is written unchanged.
    """
    brief = index.brief
    tags = [f"  - {yaml_markdown(tag)}" for tag in brief.tags]
    return [
        "---",
        f"title: {yaml_markdown(brief.title)}",
        f"date: {brief.as_of.timestamp()}",
        f'as_of: "{brief.as_of.text}"',
        f"lang: {yaml_markdown(PROSE_LANGUAGE)}",
        f"language: {yaml_markdown(brief.language)}",
        "tags:" + ("" if tags else " []"),
        *tags,
        f"brief_id: {yaml_markdown(brief.id or '')}",
        f"generator: {yaml_markdown(GENERATOR)}",
        "---",
    ]


def _header(index: BriefIndex, options: ExportOptions) -> list[list[str]]:
    brief = index.brief
    blocks = [[f"# {escape_inline(brief.title)}"], [f"*As of {escape_inline(brief.as_of.display())}*"]]
    if brief.tags:
        blocks.append([f"Tags: {_tags(brief.tags)}."])
    if options.filtered:
        blocks.append([f"*{escape_inline(filter_note(index, options))}*"])
    if brief.summary:
        blocks.append(markdown_lines(brief.summary))
    return blocks


def filter_note(index: BriefIndex, options: ExportOptions) -> str:
    """Says the export is a selection, so nobody takes it for the whole brief."""
    parts = []
    if options.actors:
        parts.append("concerning " + join_and(describe.actor_names(index, [a]) for a in options.actors))
    if options.filter.tags:
        parts.append("tagged " + join_and(f"“{tag}”" for tag in sorted(options.filter.tags)))
    if others := msgspec.structs.replace(options.filter, tags=frozenset()).labels(index):
        parts.append("filtered to " + ", ".join(others))
    return "Only the items " + " and ".join(parts) + "."


def join_and(words: Iterable[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    items = list(words)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


class Footnotes:
    """One footnote per source, referenced once: where the source is first cited, or else in the
    list of sources. pandoc makes a new note of every reference (a source cited 10 times was 10
    identical notes); GFM and markdown-it share one note among references, which is the same."""

    def __init__(self, index: BriefIndex) -> None:
        self.index = index
        self._cited: set[str] = set()

    def mark(self, source_id: str) -> str:
        """`[^afp]` the first time a source is cited, nothing after."""
        if source_id in self._cited:
            return ""
        self._cited.add(source_id)
        return f"[^{source_id}]"

    def cite(self, source_ids: list[str]) -> str:
        """Sources by name, each with its footnote if it is the first citation: `Axios[^axios] and AFP`."""
        return join_and(f"{escape_inline(self.index.sources[i].name)}{self.mark(i)}" for i in source_ids)


# --- Timeline -------------------------------------------------------------------------------


def _timeline(index: BriefIndex, notes: Footnotes) -> list[list[str]]:
    if not index.timeline:
        return []
    blocks = [["## Timeline"]]
    for event in index.timeline:
        blocks.extend(_event(index, event, notes))
    return blocks


def _event(index: BriefIndex, event: Event, notes: Footnotes) -> list[list[str]]:
    heading = f"### {escape_inline(event.date.display())} — {escape_inline(event.title)}"
    word, rest = status_phrase(event.status, notes.cite(event.sources))
    facts = [f"**{word}**{rest}"]
    facts += [f"{label}: {_sentence(value)}" for label, value in event_facts(index, event)]
    blocks = [[heading], facts]
    if event.notes:
        blocks.append(markdown_lines(event.notes))
    return blocks


def event_facts(index: BriefIndex, event: Event) -> list[tuple[str, str]]:
    """What is shown under an event besides its status, as (label, plain text) pairs."""
    facts = []
    if event.place:
        facts.append(("Place", event.place))
    if event.actors:
        facts.append(("Actors", describe.event_actors(index, event)))
    facts.append(("Corroboration", describe.corroboration_label(of_event(index, event))))
    if event.credibility:
        facts.append(("Credibility", describe.credibility_label(event.credibility)))
    if event.tags:
        facts.append(("Tags", ", ".join(event.tags)))
    return facts


def status_phrase(status: str, cited: str) -> tuple[str, str]:
    """The status in words and what follows it: anything not confirmed says who reports it, so it
    never reads as fact. `cited` is the sources already formatted (`Axios and AFP`), or empty."""
    word = STATUS_WORDS[status]
    if status == "confirmed":
        return word, f"; sources: {cited}." if cited else "."
    if not cited:
        return word, "; no source given."
    return word, f" by {cited}." if status == "reported" else f"; reported by {cited}."


def _tags(tags: list[str]) -> str:
    return ", ".join(escape_inline(tag) for tag in tags)


# --- Actors ---------------------------------------------------------------------------------


def _actors(index: BriefIndex) -> list[list[str]]:
    if not index.brief.actors:
        return []
    blocks = [["## Actors"]]
    groups = index.actor_groups
    for group, actors in groups.items():
        if len(groups) > 1 or group:
            blocks.append([f"### {escape_inline(group) if group else 'Other actors'}"])
        blocks.append([line for actor in actors for line in _actor(index, actor)])
    return blocks


def _actor(index: BriefIndex, actor: Actor) -> list[str]:
    details = [] if actor.kind == "person" else [actor.kind]
    if actor.role:
        details.append(actor.role)
    line = f"- **{escape_inline(actor.name)}**"
    if details:
        line += " — " + escape_inline(", ".join(details))
    extra = []
    if actor.affiliation:
        extra.append(f"Affiliation: {escape_inline(index.actors[actor.affiliation].name)}.")
    if actor.aliases:
        extra.append(f"Also written: {', '.join(escape_inline(alias) for alias in actor.aliases)}.")
    if actor.tags:
        extra.append(f"Tags: {_tags(actor.tags)}.")
    lines = [line + (". " + " ".join(extra) if extra else "")]
    if actor.notes:
        lines += ["", *indent(markdown_lines(actor.notes), 2), ""]
    return lines


# --- Statements -----------------------------------------------------------------------------

KIND_NOTES = {
    "paraphrase": "*Paraphrase: reported speech, not the exact words.*",
    "declined": f"*{describe.DECLINED.capitalize()}.*",
}


def _statements(index: BriefIndex, notes: Footnotes) -> list[list[str]]:
    if not index.brief.statements:
        return []
    blocks = [["## Statements"]]
    for statement in describe.statements_in_order(index):
        blocks.extend(_statement(index, statement, notes))
    return blocks


TRANSLATION_LABEL = "Translation:"


def _statement(index: BriefIndex, statement: Statement, notes: Footnotes) -> list[list[str]]:
    """A blockquote of the exact words (the kind noted first unless it is a quote), the
    translation under them, and the attribution on the line after. The lines of the words stay
    lines (hard breaks): a 17-line quote is not one paragraph."""
    attribution = escape_inline(describe.attribution(index, statement))
    if statement.source:
        attribution += notes.mark(statement.source)
    quoted: list[str] = []
    if statement.kind in KIND_NOTES:
        quoted += [KIND_NOTES[statement.kind], ""]
    if statement.quote:
        quoted += hard_breaks(escape_lines(statement.quote, verbatim=True))
    if statement.translation:
        translation = hard_breaks(escape_lines(statement.translation, verbatim=True))
        quoted += ["", TRANSLATION_LABEL, "", *translation]
    blocks = []
    if statement.quote:
        blocks.append([f"> {line}" if line else ">" for line in quoted])
        blocks.append([f"— {attribution}"])
    else:
        blocks.append([f"{quoted[0]} — {attribution}"])
    context = []
    if statement.context:
        context.append(f"Context: {_sentence(statement.context)}")
    context.append(
        f"Corroboration: {_sentence(describe.corroboration_label(of_statement(index, statement)))}"
    )
    if statement.event:
        event = index.events[statement.event]
        context.append(f"Event: {escape_inline(describe.event_label(event, with_date=True))}.")
    if statement.tags:
        context.append(f"Tags: {_tags(statement.tags)}.")
    blocks.append(context)
    return blocks


def hard_breaks(lines: list[str]) -> list[str]:
    """Each line followed by another line of the same paragraph ends with `\\` (CommonMark's hard
    break, which GFM, pandoc and markdown-it all read); blank lines still separate paragraphs."""
    return [
        line + "\\" if line and position + 1 < len(lines) and lines[position + 1] else line
        for position, line in enumerate(lines)
    ]


# --- Questions ------------------------------------------------------------------------------


def _questions(index: BriefIndex, notes: Footnotes) -> list[list[str]]:
    if not index.brief.questions:
        return []
    items = [line for question in index.questions_in_order for line in _question(index, question, notes)]
    return [["## Open questions"], items]


def _question(index: BriefIndex, question: Question, notes: Footnotes) -> list[str]:
    """A GFM task-list item: open `[ ]`, answered `[x]` with the answer under it, moot struck out.

    The answer is a blockquote inside the item: its blank lines are `>` lines, so the list stays
    tight (a blank line between two blocks of an item makes every item a paragraph, and each
    checkbox then sits alone above its question)."""
    text = escape_inline(question.question)
    if question.status == "open":
        line = f"- [ ] {text}"
    elif question.status == "answered":
        line = f"- [x] {text} *(answered)*"
    else:
        line = f"- [x] ~~{text}~~ *(moot)*"
    about = _question_refs(index, question, notes)
    lines = [line, f"  {about}"] if about else [line]
    if question.answer:
        answer = ["**Answer:**", "", *markdown_lines(question.answer)]
        lines += indent([f"> {text}" if text else ">" for text in answer], 2)
    return lines


def _question_refs(index: BriefIndex, question: Question, notes: Footnotes) -> str:
    """What the question is about: actors and events by name, sources as footnotes."""
    parts = []
    if question.actors:
        parts.append(f"Actors: {escape_inline(describe.actor_names(index, question.actors))}.")
    if question.events:
        titles = "; ".join(escape_inline(describe.event_label(index.events[i])) for i in question.events)
        parts.append(f"Events: {titles}.")
    if question.sources:
        parts.append(f"Sources: {notes.cite(question.sources)}.")
    if question.tags:
        parts.append(f"Tags: {_tags(question.tags)}.")
    return " ".join(parts)


# --- Sources --------------------------------------------------------------------------------


def _sources(index: BriefIndex, notes: Footnotes) -> list[list[str]]:
    """Every source listed (so even an uncited one shows, with its footnote), then the footnote
    definitions."""
    sources = index.brief.sources
    if not sources:
        return []
    listed = [line for source in sources for line in _source_item(source, notes)]
    definitions = [_footnote(source) for source in sources]
    return [["## Sources"], listed, definitions]


def _source_item(source: Source, notes: Footnotes) -> list[str]:
    lines = [f"- {escape_inline(source.name)}{notes.mark(source.id)} — {source.kind}"]
    if source.notes:
        lines += ["", *indent(markdown_lines(source.notes), 2), ""]
    return lines


def _footnote(source: Source) -> str:
    """`[^afp]: AFP, agency. <https://…> Reliability B: usually reliable.`"""
    parts = [f"[^{source.id}]: {escape_inline(source.name)}, {source.kind}."]
    if source.url:
        parts.append(autolink(source.url))
    if source.reliability:
        parts.append(f"Reliability {escape_inline(describe.reliability_label(source.reliability))}.")
    else:
        parts.append("Reliability not graded.")
    return " ".join(parts)
