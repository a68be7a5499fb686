"""Filters: narrow a brief's items by event status, credibility, statement kind, question status,
source, source reliability and tag.

A filter is a value (which values of each facet are wanted) with one predicate, `matches`, shared
by the reader, `show` and `export`. Within a facet any wanted value will do; across facets every
facet must hold. A facet narrows only the items it describes (an event status narrows events,
a statement kind narrows statements, a source narrows whatever cites it): the others are left as
they are. Nothing here knows about Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

import msgspec

from briefing.index import BriefIndex
from briefing.model import (
    CREDIBILITY_MEANING,
    EVENT_STATUSES,
    QUESTION_STATUSES,
    RELIABILITY_MEANING,
    STATEMENT_KINDS,
    Actor,
    Event,
    Item,
    Question,
    Statement,
)

Facet = Literal["statuses", "credibility", "kinds", "questions", "sources", "reliability", "tags"]

FACET_TITLES: dict[Facet, str] = {
    "statuses": "Event status",
    "credibility": "Event credibility",
    "kinds": "Statement kind",
    "questions": "Question status",
    "sources": "Source",
    "reliability": "Source reliability",
    "tags": "Tag",
}
"""Every facet, in the order the filter menu and the header list them."""


class Filter(msgspec.Struct, frozen=True):
    """The wanted values of each facet; an empty facet wants everything. Credibility is kept as
    text ("1"–"6") like every other facet, as the command line and the menu give it."""

    statuses: frozenset[str] = frozenset()
    credibility: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    questions: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    reliability: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()

    @property
    def active(self) -> bool:
        return any(getattr(self, facet) for facet in self.__struct_fields__)

    def values(self, facet: Facet) -> frozenset[str]:
        return getattr(self, facet)  # type: ignore[no-any-return]

    def toggled(self, facet: Facet, value: str) -> Filter:
        """This filter with `value` of `facet` wanted if it was not, and no longer if it was."""
        return msgspec.structs.replace(self, **{facet: self.values(facet) ^ {value}})

    def matches(self, item: Item, index: BriefIndex) -> bool:
        """Whether `item` passes every facet that describes it."""
        if isinstance(item, Event):
            credibility = [str(item.credibility)] if item.credibility else []
            return (
                _wants(self.statuses, [item.status])
                and _wants(self.credibility, credibility)
                and self._cites(item.sources, index)
                and _wants(self.tags, item.tags)
            )
        if isinstance(item, Statement):
            cited = [item.source] if item.source else []
            return (
                _wants(self.kinds, [item.kind]) and self._cites(cited, index) and _wants(self.tags, item.tags)
            )
        if isinstance(item, Question):
            return (
                _wants(self.questions, [item.status])
                and self._cites(item.sources, index)
                and _wants(self.tags, item.tags)
            )
        if isinstance(item, Actor):
            return _wants(self.tags, item.tags)
        return self._cites([item.id], index)  # a source: the source facets alone

    def _cites(self, source_ids: list[str], index: BriefIndex) -> bool:
        """The source and reliability facets: one of the sources cited is wanted (and rated as wanted)."""
        if not self.sources and not self.reliability:
            return True
        sources = [index.sources[i] for i in source_ids if i in index.sources]
        return _wants(self.sources, [s.id for s in sources]) and _wants(
            self.reliability, [s.reliability for s in sources if s.reliability]
        )

    def labels(self, index: BriefIndex | None = None) -> list[str]:
        """What the filter keeps, in words: `unverified, credibility 2, open questions, via AFP, #gaza`."""
        out: list[str] = []
        for facet in FACET_TITLES:
            out += (option_label(facet, value, index) for value in sorted(self.values(facet)))
        return out


def _wants(wanted: frozenset[str], values: Iterable[str]) -> bool:
    return not wanted or not wanted.isdisjoint(values)


def option_label(facet: Facet, value: str, index: BriefIndex | None = None) -> str:
    """One wanted value, in words that tell the facets apart without the facet's name."""
    if facet == "credibility":
        return f"credibility {value}"
    if facet == "reliability":
        return f"reliability {value}"
    if facet == "sources":
        source = index.sources.get(value) if index else None
        return f"via {source.name if source else value}"
    if facet == "tags":
        return f"#{value}"
    if facet == "questions":
        return f"{value} questions"
    return value


def option_meaning(facet: Facet, value: str) -> str:
    """What a credibility or reliability value means (empty for the other facets)."""
    if facet == "credibility":
        return CREDIBILITY_MEANING[int(value)]
    if facet == "reliability":
        return RELIABILITY_MEANING[value]
    return ""


def options(index: BriefIndex) -> Iterator[tuple[Facet, str, int]]:
    """Every value a facet can take in this brief, with how many items carry it: (facet, value,
    count). Values no item carries are left out, except the format's own statuses and kinds."""
    brief = index.brief
    counts: dict[Facet, dict[str, int]] = {facet: {} for facet in FACET_TITLES}
    counts["statuses"] = dict.fromkeys(EVENT_STATUSES, 0)
    counts["kinds"] = dict.fromkeys(STATEMENT_KINDS, 0)
    counts["questions"] = dict.fromkeys(QUESTION_STATUSES, 0)
    counts["credibility"] = {str(value): 0 for value in CREDIBILITY_MEANING}
    counts["reliability"] = dict.fromkeys(RELIABILITY_MEANING, 0)
    counts["sources"] = dict.fromkeys(index.sources, 0)

    def add(facet: Facet, values: Iterable[str]) -> None:
        for value in set(values):
            counts[facet][value] = counts[facet].get(value, 0) + 1

    for item in _citing_items(index):
        sources = [index.sources[i] for i in _cited(item) if i in index.sources]
        add("sources", (source.id for source in sources))
        add("reliability", (source.reliability for source in sources if source.reliability))
    for event in brief.events:
        add("statuses", [event.status])
        add("credibility", [str(event.credibility)] if event.credibility else [])
    add("kinds", (statement.kind for statement in brief.statements))
    add("questions", (question.status for question in brief.questions))
    for tagged in (*brief.actors, *brief.events, *brief.statements, *brief.questions):
        add("tags", tagged.tags)
    for facet, values in counts.items():
        keep_empty = facet in ("statuses", "kinds", "questions")
        ordered = sorted(values, key=str.casefold) if facet == "tags" else list(values)
        if facet == "sources":
            ordered.sort(key=lambda source_id: index.sources[source_id].name.casefold())
        yield from ((facet, value, values[value]) for value in ordered if values[value] or keep_empty)


def _citing_items(index: BriefIndex) -> Iterator[Event | Statement | Question]:
    brief = index.brief
    yield from brief.events
    yield from brief.statements
    yield from brief.questions


def _cited(item: Event | Statement | Question) -> list[str]:
    if isinstance(item, Statement):
        return [item.source] if item.source else []
    return item.sources


def unknown_source(chosen: Filter, index: BriefIndex) -> str | None:
    """The first wanted source id the brief does not have (a usage error on the command line)."""
    return next((source for source in sorted(chosen.sources) if source not in index.sources), None)
