"""A headless search index over one loaded brief: case- and accent-insensitive search for every
word of a query, in any order, or a "quoted phrase" as written.

Every item's searchable text (names, aliases, roles, quotes, translations, titles, notes,
questions, answers, tags, source names, statuses and kinds) is folded once per loaded brief, so a
keystroke costs one substring test per item and term, and no Unicode work. Nothing here knows
about Textual.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from operator import attrgetter

from briefing.describe import actor_names, credibility_label, item_names, reliability_label
from briefing.index import BriefIndex
from briefing.model import Actor, Event, Item, Question, Source, Statement
from briefing.text import MARK_TABLE, fold


def _fields(index: BriefIndex, item: Item) -> Iterable[str | None]:
    """The texts a person may search an item by, including the names of what it refers to and
    the words its badges show (`unverified`, `paraphrase`, `open`)."""
    if isinstance(item, Actor):
        affiliation = index.actors.get(item.affiliation) if item.affiliation else None
        yield from (item.name, item.role, item.group, item.notes, affiliation.name if affiliation else None)
        yield from item.aliases
    elif isinstance(item, Event):
        yield from (item.title, item.place, item.notes, item.date.display(), item.status)
        yield credibility_label(item.credibility) if item.credibility else None
        yield actor_names(index, item.actors)
        yield item_names(index, item.sources)
    elif isinstance(item, Statement):
        yield from (item.quote, item.translation, item.context, item.kind, item_names(index, [item.actor]))
        if item.source:
            yield item_names(index, [item.source])
    elif isinstance(item, Question):
        yield from (item.question, item.answer, item.status, actor_names(index, item.actors))
        yield item_names(index, item.sources)
    elif isinstance(item, Source):
        yield from (item.name, item.notes, item.url, item.kind)
        yield reliability_label(item.reliability) if item.reliability else None
    yield from getattr(item, "tags", ())


def _haystack(index: BriefIndex, item: Item) -> str:
    """An item's searchable text, folded, one field a line with its blanks made single spaces (a
    phrase matches words adjacent in one field, whatever blanks the brief put between them)."""
    return "\n".join(" ".join(fold(text).split()) for text in _fields(index, item) if text)


def terms(query: str) -> tuple[str, ...]:
    """The folded terms of a query: every word, and every "quoted phrase" whole (an unclosed quote
    runs to the end). An item matches when its text contains every term, in any order."""
    found: list[str] = []
    for position, part in enumerate(fold(query.translate(_QUOTES)).split('"')):
        if position % 2:
            found += [phrase] if (phrase := " ".join(part.split())) else []
        else:
            found += part.split()
    return tuple(dict.fromkeys(found))


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


@dataclass(frozen=True)
class Found:
    """The items that match a query, kind by kind, in the order their panes show them: a pane is
    handed its items as they are, with no pass over every item to filter them (10,000 statements).

    Tuples, not lists: brief items are not tracked by the cyclic collector, so it stops walking a
    tuple of them once it has seen it; it walked the lists made at every keystroke at every
    collection (≈1 ms a keystroke at 10,000 statements)."""

    events: tuple[Event, ...]
    actors: tuple[Actor, ...]
    statements: tuple[Statement, ...]
    questions: tuple[Question, ...]
    sources: tuple[Source, ...]

    def lists(self) -> tuple[tuple[Item, ...], ...]:
        return (self.events, self.actors, self.statements, self.questions, self.sources)

    @property
    def ids(self) -> set[str]:
        return {item.id for items in self.lists() for item in items}

    def within(self, index: BriefIndex) -> Found:
        """The same items (by id) in another version of the brief: a reloaded brief keeps the
        search's matches until its own search index is built."""
        ids = self.ids
        return Found(
            *(
                tuple(compress(items, map(ids.__contains__, map(attrgetter("id"), items))))
                for items in _every(index).lists()
            )
        )


def _every(index: BriefIndex) -> Found:
    """Every item of the brief, in the order of its pane (sources last: no pane shows them)."""
    return Found(
        tuple(index.timeline),
        tuple(index.actors.values()),
        tuple(index.statements_by_date),
        tuple(index.questions_in_order),
        tuple(index.sources.values()),
    )


class SearchIndex:
    """Folded haystacks of every item of one brief, built once and reused for every query."""

    def __init__(self, index: BriefIndex) -> None:
        self._every = _every(index)
        self._haystacks = tuple(
            tuple(_haystack(index, item) for item in items) for items in self._every.lists()
        )
        self._last: tuple[tuple[str, ...], Found, tuple[tuple[str, ...], ...]] = (
            (),
            self._every,
            self._haystacks,
        )
        """The last query's terms with the items and haystacks they matched."""

    def find(self, query: str) -> Found | None:
        """The items whose text contains every term of `query` (folded); None when it has none.

        The substring tests run in C (no Python step per item), and a query whose every term
        extends one of the last query's (the next keystroke) is looked for only among the last
        one's matches, and only for the terms that changed."""
        needles = terms(query)
        if not needles:
            return None
        last_needles, found, haystacks = self._last
        if not all(any(old in new for new in needles) for old in last_needles):
            found, haystacks, last_needles = self._every, self._haystacks, ()
        kept = list(found.lists())
        kept_haystacks = list(haystacks)
        for needle in needles:
            if needle in last_needles:
                continue
            for kind, (items, texts) in enumerate(zip(kept, kept_haystacks, strict=True)):
                hits = list(map(str.__contains__, texts, repeat(needle)))
                kept[kind] = tuple(compress(items, hits))
                kept_haystacks[kind] = tuple(compress(texts, hits))
        result = Found(*kept)  # type: ignore[arg-type]
        self._last = (needles, result, tuple(kept_haystacks))
        return result

    def matching(self, query: str) -> set[str] | None:
        """Ids of the items whose text contains `query`; None when the query is empty."""
        found = self.find(query)
        return None if found is None else found.ids


@lru_cache(maxsize=4096)
def fold_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    """`fold(text)` and, for each folded character, the index of the character it came from,
    so matches found in folded text can be highlighted in the original. Kept for the texts drawn
    last: every search keystroke highlights the same texts with a new query."""
    folded: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char.casefold()):
            if ord(part) not in MARK_TABLE:
                folded.append(part)
                origin.append(position)
    return "".join(folded), tuple(origin)


@lru_cache(maxsize=64)
def _pattern(query: str) -> re.Pattern[str] | None:
    """Any term of `query`, a phrase's words with any blanks between them; longest first, so a
    word inside a longer term does not cut the longer one's highlight short."""
    needles = sorted(terms(query), key=len, reverse=True)
    if not needles:
        return None
    return re.compile("|".join(r"\s+".join(map(re.escape, needle.split(" "))) for needle in needles))


def find_spans(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) ranges of `text` that match any term of `query`, case- and accent-insensitively."""
    pattern = _pattern(query)
    if pattern is None:
        return []
    folded, origin = fold_with_map(text)
    return [
        (origin[m.start()], origin[m.end() - 1] + 1) for m in pattern.finditer(folded) if m.end() > m.start()
    ]
