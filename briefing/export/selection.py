"""`--actor` and `--tag`: cut a brief down to the items concerned, and keep it a valid brief.

An event, statement or question is kept when it concerns one of the actors asked for (its actors,
or the statement's speaker) and carries one of the tags asked for; with both options, both must
hold. Every item a kept item refers to is kept too (an event's sources, a statement's event, an
actor's affiliation, transitively), so every export of a selection still resolves every reference
and the JSON export is still a brief that validates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import msgspec

from briefing.index import BriefIndex
from briefing.model import Actor, Brief, Event, Item, Question, Statement


@dataclass(frozen=True)
class ExportOptions:
    """What to export: everything by default; `actors`/`tags` narrow it; `front_matter` is for md."""

    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    front_matter: bool = True

    @property
    def filtered(self) -> bool:
        return bool(self.actors or self.tags)


class UnknownActor(ValueError):
    """`--actor` named an id that is not an actor of the brief (a usage error, exit 2)."""

    def __init__(self, actor_id: str, known: Iterable[str]) -> None:
        choices = ", ".join(sorted(known)) or "none"
        super().__init__(f"no actor with id {actor_id!r} in this brief (actors: {choices})")
        self.actor_id = actor_id


def select(brief: Brief, options: ExportOptions) -> Brief:
    """`brief` reduced to the items `options` asks for, plus everything they refer to."""
    if not options.filtered:
        return brief
    index = BriefIndex(brief)
    for actor_id in options.actors:
        if actor_id not in index.actors:
            raise UnknownActor(actor_id, index.actors)
    wanted_actors, wanted_tags = set(options.actors), set(options.tags)

    def concerned(actors: Iterable[str], tags: Iterable[str]) -> bool:
        return (not wanted_actors or not wanted_actors.isdisjoint(actors)) and (
            not wanted_tags or not wanted_tags.isdisjoint(tags)
        )

    chosen: list[str] = list(options.actors)
    chosen += [actor.id for actor in brief.actors if concerned([actor.id], actor.tags)]
    chosen += [event.id for event in brief.events if concerned(event.actors, event.tags)]
    chosen += [st.id for st in brief.statements if concerned([st.actor], st.tags)]
    chosen += [q.id for q in brief.questions if concerned(q.actors, q.tags)]
    kept = _with_references(index, chosen)
    return msgspec.structs.replace(
        brief,
        sources=[item for item in brief.sources if item.id in kept],
        actors=[item for item in brief.actors if item.id in kept],
        events=[item for item in brief.events if item.id in kept],
        statements=[item for item in brief.statements if item.id in kept],
        questions=[item for item in brief.questions if item.id in kept],
    )


def _with_references(index: BriefIndex, chosen: list[str]) -> set[str]:
    """The ids in `chosen` and every id they refer to, directly or through other items."""
    kept: set[str] = set()
    pending = list(chosen)
    while pending:
        item_id = pending.pop()
        if item_id in kept or item_id not in index.by_id:
            continue
        kept.add(item_id)
        pending.extend(_references(index.by_id[item_id]))
    return kept


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
