"""`--actor` and the filters (`--status`, `--kind`, `--tag`, …): cut a brief down to the items
concerned, and keep it a valid brief.

An event, statement or question is kept when it concerns one of the actors asked for (its actors,
or the statement's speaker) and passes the filter (`briefing.filters`, the reader's filter); with
both, both must hold. Every item a kept item refers to is kept too (an event's sources, a
statement's event, an actor's affiliation, transitively), so every export of a selection still
resolves every reference and the JSON export is still a brief that validates.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

import msgspec

from briefing.filters import FACET_TITLES, Filter, unknown_source
from briefing.index import BriefIndex
from briefing.model import Actor, Brief, Event, Item, Question, Statement


@dataclass(frozen=True)
class ExportOptions:
    """What to export: everything by default; `actors` and `filter` narrow it; `front_matter` is for md."""

    actors: tuple[str, ...] = ()
    filter: Filter = field(default_factory=Filter)
    front_matter: bool = True

    @property
    def filtered(self) -> bool:
        return bool(self.actors) or self.filter.active


def options_from(args: argparse.Namespace, *, front_matter: bool = True) -> ExportOptions:
    """The selection the command line asked for (`briefing.cli`'s selection options)."""
    chosen = Filter(**{facet: frozenset(getattr(args, facet)) for facet in FACET_TITLES})
    return ExportOptions(actors=tuple(args.actor), filter=chosen, front_matter=front_matter)


Cited = TypeVar("Cited", Statement, Question)


class UnknownActor(ValueError):
    """`--actor` (or `--source`) named an id that is not an actor (a source) of the brief: a usage
    error, exit 2. `option` is the option to blame."""

    def __init__(self, actor_id: str, known: Iterable[str], what: str = "actor") -> None:
        choices = ", ".join(sorted(known)) or "none"
        super().__init__(f"no {what} with id {actor_id!r} in this brief ({what}s: {choices})")
        self.actor_id = actor_id
        self.option = f"--{what}"


def select(brief: Brief, options: ExportOptions) -> Brief:
    """`brief` reduced to the items `options` asks for, plus everything they refer to."""
    if not options.filtered:
        return brief
    index = BriefIndex(brief)
    for actor_id in options.actors:
        if actor_id not in index.actors:
            raise UnknownActor(actor_id, index.actors)
    if (source_id := unknown_source(options.filter, index)) is not None:
        raise UnknownActor(source_id, index.sources, "source")
    wanted_actors, wanted = set(options.actors), options.filter

    def concerned(item: Actor | Event | Statement | Question, actors: Iterable[str]) -> bool:
        return (not wanted_actors or not wanted_actors.isdisjoint(actors)) and wanted.matches(item, index)

    chosen: list[str] = list(options.actors)
    chosen += [actor.id for actor in brief.actors if concerned(actor, [actor.id])]
    chosen += [event.id for event in brief.events if concerned(event, event.actors)]
    chosen += [st.id for st in brief.statements if concerned(st, [st.actor])]
    chosen += [q.id for q in brief.questions if concerned(q, q.actors)]
    kept = _with_references(index, chosen, wanted)
    return msgspec.structs.replace(
        brief,
        sources=[item for item in brief.sources if item.id in kept],
        actors=[item for item in brief.actors if item.id in kept],
        events=[item for item in brief.events if item.id in kept],
        statements=[_without_dropped_events(item, kept) for item in brief.statements if item.id in kept],
        questions=[_without_dropped_events(item, kept) for item in brief.questions if item.id in kept],
    )


def _with_references(index: BriefIndex, chosen: list[str], wanted: Filter) -> set[str]:
    """The ids in `chosen` and every id they refer to, directly or through other items; but an
    event the filter leaves out stays out (`--status unverified` shows no reported event because
    a statement was made at it): the reference to it is dropped instead, as it may be."""
    kept: set[str] = set()
    pending = list(chosen)
    while pending:
        item_id = pending.pop()
        item = index.by_id.get(item_id)
        if item_id in kept or item is None or (isinstance(item, Event) and not wanted.matches(item, index)):
            continue
        kept.add(item_id)
        pending.extend(_references(item))
    return kept


def _without_dropped_events(item: Cited, kept: set[str]) -> Cited:
    """`item` without its references to events left out of the selection."""
    if isinstance(item, Statement):
        return item if item.event is None or item.event in kept else msgspec.structs.replace(item, event=None)
    events = [event for event in item.events if event in kept]
    return item if len(events) == len(item.events) else msgspec.structs.replace(item, events=events)


def _references(item: Item) -> list[str]:
    """The ids one item refers to."""
    if isinstance(item, Actor):
        return [item.affiliation] if item.affiliation else []
    if isinstance(item, Event):
        return [*item.actors, *item.sources]
    if isinstance(item, Statement):
        return [ref for ref in (item.actor, item.event, item.source) if ref]
    if isinstance(item, Question):
        return [*item.actors, *item.events, *item.sources]
    return []
