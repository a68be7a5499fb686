"""The words every view of a brief uses for the same things: badges, attributions, counts.

`show`, the TUI and the exporters describe statuses, attributions and actors the same way, so
the wording lives here once. Everything returns plain strings built from the brief's raw text:
terminal callers pass them through `briefing.text.clean()`, exporters escape them for their
format. Nothing here knows about Rich or Textual.
"""

from __future__ import annotations

import re
import zlib

from briefing.corroboration import Corroboration
from briefing.dates import UNDATED, FlexDate
from briefing.index import BriefIndex
from briefing.model import CREDIBILITY_MEANING, RELIABILITY_MEANING, Brief, Event, Statement

GROUP_SLOTS = 8
"""How many colours the actor-group palette has (`group-0` … `group-7`)."""

_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


def status_label(status: str) -> str:
    """A status as a badge word that reads without colour: `CONFIRMED`, `OPEN`."""
    return status.upper()


def kind_label(statement: Statement) -> str:
    """What sort of statement this is, as a badge word: `QUOTE`, `PARAPHRASE`, `DECLINED`."""
    return statement.kind.upper()


DECLINED = "declined to comment or did not respond"
"""What `kind: declined` means (the format's definition): silence is not always a refusal."""

_QUOTE_MARKS = {
    "fr": ("«\u00a0", "\u00a0»"),
    "de": ("„", "“"),
    "es": ("«", "»"),
    "it": ("«", "»"),
    "pt": ("«", "»"),
    "ru": ("«", "»"),
    "uk": ("«", "»"),
    "pl": ("„", "”"),
    "nl": ("„", "”"),
    "cs": ("„", "“"),
    "ja": ("「", "」"),
}
"""A language's own quotation marks, by primary subtag; any other language gets “ ”."""


def quote_marks(language: str) -> tuple[str, str]:
    """The opening and closing marks for words in `language` (a BCP 47 tag: `fr`, `fr-CH`)."""
    return _QUOTE_MARKS.get(language.split("-", maxsplit=1)[0].lower(), ("“", "”"))


def a_or_an(noun: str) -> str:
    """`an event`, `an actor`, `a statement`: the noun after the article its first letter asks for
    (item names and other plain English words; no exceptions such as `an hour` are needed here)."""
    return f"{'an' if noun[:1].lower() in ('a', 'e', 'i', 'o', 'u') else 'a'} {noun}"


def credibility_label(credibility: int) -> str:
    """`2 probably true`: the Admiralty number with its meaning."""
    return f"{credibility} {CREDIBILITY_MEANING[credibility]}"


def reliability_label(reliability: str) -> str:
    """`B usually reliable`: the Admiralty letter with its meaning."""
    return f"{reliability} {RELIABILITY_MEANING[reliability]}"


def corroboration_label(corroboration: Corroboration) -> str:
    """How well an event or statement is sourced, short enough for a row: `2 sources · B2`,
    `3 sources, 2 independent · B2` (two of them one outlet), `1 source · B`, `no source`."""
    listed, independent = len(corroboration.sources), corroboration.independent
    if not listed:
        parts = ["no source"]
    elif listed == independent:
        parts = [_count(listed, "source")]
    else:
        parts = [f"{_count(listed, 'source')}, {independent} independent"]
    if corroboration.grade:
        parts.append(corroboration.grade)
    return " · ".join(parts)


def reliability_span(corroboration: Corroboration) -> str:
    """The best and worst reliability of the sources: `B usually reliable` when one letter,
    `best B usually reliable, worst D not usually reliable`; '' when none is graded."""
    best, worst = corroboration.best, corroboration.worst
    if best is None or worst is None:
        return ""
    if best == worst:
        return reliability_label(best)
    return f"best {reliability_label(best)}, worst {reliability_label(worst)}"


def attribution(index: BriefIndex, statement: Statement) -> str:
    """Who said it, in what role, when, and who reported it:
    `Dmitry Peskov, Kremlin spokesman, 19 Nov 2025, via Agence France-Presse` (callers add a dash)."""
    actor = index.actors.get(statement.actor)
    parts = [actor.name if actor else statement.actor]
    if actor and actor.role:
        parts.append(actor.role)
    if statement.date:
        parts.append(statement.date.display())
    source = index.sources.get(statement.source) if statement.source else None
    if source:
        parts.append(f"via {source.name}")
    return ", ".join(parts)


def copy_text(index: BriefIndex, statement: Statement, mode: str = "both") -> str:
    """What `y` copies, never misquoting: the exact words inside the marks of their language, the
    translation after them marked as one, a paraphrase without marks, then the attribution.
    `mode` is the reader's quote mode (`both`, `original`, `translation`)."""
    language = index.statement_language(statement)
    opening, closing = quote_marks(language)
    words = statement.quote or ""
    translation = statement.translation or ""
    if statement.kind == "paraphrase":
        original = f"Paraphrase: {words}" if words else ""
    elif words:
        original = f"{opening}{words}{closing}"
    else:
        original = ""
    if statement.kind == "declined":
        original = f"{DECLINED.capitalize()}: {original}" if original else DECLINED.capitalize()
    if translation and mode == "translation":
        said = f"Translation from {language}: {translation}"
        if statement.kind == "paraphrase":
            said = f"Paraphrase, translated from {language}: {translation}"
    elif translation and mode == "both":
        said = f"{original} (translation: {translation})"
    else:
        said = original
    return f"{said} — {attribution(index, statement)}"


def event_label(event: Event, *, with_date: bool = False) -> str:
    """An event's title wherever it is reused, with its status unless confirmed and its date if
    asked: `Meeting in Miami (unverified, 16 Nov 2025)` — an unverified event never reads as fact."""
    details = [] if event.status == "confirmed" else [event.status]
    if with_date:
        details.append(event.date.display())
    return f"{event.title} ({', '.join(details)})" if details else event.title


def actor_names(index: BriefIndex, actor_ids: list[str]) -> str:
    """Actors by name, in the order given: `Steve Witkoff, Dmitry Peskov`."""
    return ", ".join(index.actors[i].name if i in index.actors else i for i in actor_ids)


def event_actors(index: BriefIndex, event: Event) -> str:
    """The actors involved in an event, by name."""
    return actor_names(index, event.actors)


def item_names(index: BriefIndex, item_ids: list[str]) -> str:
    """Any items by their display name (actor and source names, event titles, question texts)."""
    names = []
    for item_id in item_ids:
        item = index.by_id.get(item_id)
        if isinstance(item, Event):
            names.append(event_label(item))
            continue
        name = getattr(item, "name", None) or getattr(item, "question", None)
        names.append(name or item_id)
    return ", ".join(names)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def warning_count(number: int) -> str:
    """`4 warnings`: the quality warnings of a brief (`briefing check`), in the header and their list."""
    return _count(number, "warning")


def count_parts(brief: Brief) -> tuple[str, ...]:
    """`4 actors`, `6 events`, `5 statements`, `2 open questions`."""
    open_questions = sum(1 for question in brief.questions if question.status == "open")
    return numbers_parts(len(brief.actors), len(brief.events), len(brief.statements), open_questions)


def numbers_parts(actors: int, events: int, statements: int, open_questions: int) -> tuple[str, ...]:
    """`count_parts` from the numbers (a brief's head counts the whole brief, `briefing.head`)."""
    return (
        _count(actors, "actor"),
        _count(events, "event"),
        _count(statements, "statement"),
        _count(open_questions, "open question"),
    )


def counts(brief: Brief) -> str:
    """`4 actors · 6 events · 5 statements · 2 open questions`, for headers and library lists."""
    return " · ".join(count_parts(brief))


def group_slot(group: str) -> int:
    """The palette slot (0–7) of an actor group: stable across runs and machines, unlike hash()."""
    return zlib.crc32(group.encode("utf-8")) % GROUP_SLOTS


def statement_date(index: BriefIndex, statement: Statement) -> FlexDate | None:
    """When a statement was made: its own date, else the start of its event."""
    if statement.date:
        return statement.date
    event = index.events.get(statement.event) if statement.event else None
    return event.date.start if event else None


def statements_in_order(index: BriefIndex) -> list[Statement]:
    """Statements by date (`statement_date`), undated ones last; ties keep the order of the file."""

    def key(statement: Statement) -> tuple[int, int]:
        date = statement_date(index, statement)
        return date.sort_key if date else UNDATED

    return sorted(index.brief.statements, key=key)


def is_safe_link(url: str) -> bool:
    """Whether a link from a brief's Markdown may stay a link: only http, https and mailto."""
    return _SAFE_LINK.match(url) is not None
