"""A headless search index over one loaded brief: case- and accent-insensitive substring search.

Every item's searchable text (names, aliases, roles, quotes, translations, titles, notes,
questions, answers, tags, source names) is folded once per loaded brief, so a keystroke costs
one substring test per item and no Unicode work. Nothing here knows about Textual.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from operator import attrgetter

from briefing.describe import actor_names, item_names
from briefing.index import BriefIndex
from briefing.model import Actor, Event, Item, Question, Source, Statement
from briefing.text import MARK_TABLE, fold


def _fields(index: BriefIndex, item: Item) -> Iterable[str | None]:
    """The texts a person may search an item by, including the names of what it refers to."""
    if isinstance(item, Actor):
        affiliation = index.actors.get(item.affiliation) if item.affiliation else None
        yield from (item.name, item.role, item.group, item.notes, affiliation.name if affiliation else None)
        yield from item.aliases
    elif isinstance(item, Event):
        yield from (item.title, item.place, item.notes, item.date.display())
        yield actor_names(index, item.actors)
        yield item_names(index, item.sources)
    elif isinstance(item, Statement):
        yield from (item.quote, item.translation, item.context, item_names(index, [item.actor]))
        if item.source:
            yield item_names(index, [item.source])
    elif isinstance(item, Question):
        yield from (item.question, item.answer, actor_names(index, item.actors))
    elif isinstance(item, Source):
        yield from (item.name, item.notes, item.url)
    yield from getattr(item, "tags", ())


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
            tuple(fold("\n".join(text for text in _fields(index, item) if text)) for item in items)
            for items in self._every.lists()
        )
        self._last: tuple[str, Found, tuple[tuple[str, ...], ...]] = ("", self._every, self._haystacks)
        """The last needle with the items and haystacks it matched."""

    def find(self, query: str) -> Found | None:
        """The items whose text contains `query` (folded); None when the query is empty.

        The substring tests run in C (no Python step per item), and a query that extends the last
        one (the next keystroke) is looked for only among the last one's matches."""
        needle = fold(query.strip())
        if not needle:
            return None
        last_needle, found, haystacks = self._last
        if last_needle not in needle:
            found, haystacks = self._every, self._haystacks
        kept: list[tuple[Item, ...]] = []
        kept_haystacks: list[tuple[str, ...]] = []
        for items, texts in zip(found.lists(), haystacks, strict=True):
            hits = list(map(str.__contains__, texts, repeat(needle)))
            kept.append(tuple(compress(items, hits)))
            kept_haystacks.append(tuple(compress(texts, hits)))
        result = Found(*kept)  # type: ignore[arg-type]
        self._last = (needle, result, tuple(kept_haystacks))
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


def find_spans(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) ranges of `text` that match `query` case- and accent-insensitively."""
    needle = fold(query.strip())
    if not needle:
        return []
    folded, origin = fold_with_map(text)
    spans = []
    start = folded.find(needle)
    while start != -1:
        end = start + len(needle)
        spans.append((origin[start], origin[end - 1] + 1))
        start = folded.find(needle, end)
    return spans
