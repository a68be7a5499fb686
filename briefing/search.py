"""A headless search index over one loaded brief: case- and accent-insensitive substring search.

Every item's searchable text (names, aliases, roles, quotes, translations, titles, notes,
questions, answers, tags, source names) is folded once per loaded brief, so a keystroke costs
one substring test per item and no Unicode work. Nothing here knows about Textual.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import compress, repeat

from briefing.describe import actor_names, item_names
from briefing.index import BriefIndex
from briefing.model import Actor, Event, Item, Question, Source, Statement
from briefing.text import MARKS, fold


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


class SearchIndex:
    """Folded haystacks of every item of one brief, built once and reused for every query."""

    def __init__(self, index: BriefIndex) -> None:
        self._ids = list(index.by_id)
        self._haystacks = [
            fold("\n".join(text for text in _fields(index, item) if text)) for item in index.by_id.values()
        ]
        self._last: tuple[str, list[str], list[str]] = ("", self._ids, self._haystacks)
        """The last needle with the ids and haystacks it matched."""

    def matching(self, query: str) -> set[str] | None:
        """Ids of the items whose text contains `query` (folded); None when the query is empty.

        The substring tests run in C (no Python step per item), and a query that extends the last
        one (the next keystroke) is looked for only among the last one's matches."""
        needle = fold(query.strip())
        if not needle:
            return None
        last_needle, ids, haystacks = self._last
        if last_needle not in needle:
            ids, haystacks = self._ids, self._haystacks
        hits = list(map(str.__contains__, haystacks, repeat(needle)))
        found_ids, found_haystacks = list(compress(ids, hits)), list(compress(haystacks, hits))
        self._last = (needle, found_ids, found_haystacks)
        return set(found_ids)


@lru_cache(maxsize=4096)
def fold_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    """`fold(text)` and, for each folded character, the index of the character it came from,
    so matches found in folded text can be highlighted in the original. Kept for the texts drawn
    last: every search keystroke highlights the same texts with a new query."""
    folded: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char.casefold()):
            if not MARKS.match(part):
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
