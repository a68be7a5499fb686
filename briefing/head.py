"""The head of a brief: what the reader's first frame shows of it, kept in the cache (issue 14).

Reopening a large brief decodes the whole of it from the cache (about 75 ms at 10,000
statements) before anything is drawn. The head is a small brief of the same type: the brief's own
fields, the first `HEAD_ITEMS` items of each pane in the pane's order and the items those refer
to (their actors, events, sources, affiliations), with what the first frame counts over the
whole brief (the header's counts, each actor's statements, the questions per status). The reader
draws it first and swaps the whole brief in once it is decoded, as the library draws its head
records. An item drawn from the head looks as it does in the whole brief: the orders are the
same (an item a head holds only because another refers to it comes after the first
`HEAD_ITEMS` in its pane), and so are the names and sources an item shows. Nothing here knows
about Textual.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain

import msgspec

from briefing.index import BriefIndex
from briefing.model import Brief

HEAD_ITEMS = 120
"""Items per pane in a head: more than a pane of the tallest terminal shows (an item takes two
lines at least)."""


class HeadCounts(msgspec.Struct, frozen=True):
    """What the first frame counts over the whole brief."""

    actors: int
    events: int
    statements: int
    questions: dict[str, int]
    """Questions per status (`open`, `answered`, `moot`)."""
    said: dict[str, int]
    """Statements per actor id, for the actors of the head."""


class HeadIndex(BriefIndex):
    """The index of a head: what is counted over the whole brief comes from its counts."""

    def __init__(self, brief: Brief, counts: HeadCounts) -> None:
        super().__init__(brief)
        self.counts = counts

    def said(self, actor_id: str) -> int:
        return self.counts.said.get(actor_id, 0)


class Head(msgspec.Struct, frozen=True):
    """A brief's head: the small brief, the file lines of its items, the whole brief's counts."""

    brief: Brief
    lines: dict[str, int]
    counts: HeadCounts


def head_of(brief: Brief, lines: dict[str, int], items: int = HEAD_ITEMS) -> Head:
    """The head of a validated brief."""
    index = BriefIndex(brief)
    events = index.timeline[:items]
    statements = index.statements_by_date[:items]
    questions = index.questions_in_order[:items]
    actors = list(chain.from_iterable(index.actor_groups.values()))[:items]
    actor_ids = {actor.id for actor in actors}
    actor_ids.update(chain.from_iterable(event.actors for event in events))
    actor_ids.update(statement.actor for statement in statements)
    actor_ids.update(chain.from_iterable(question.actors for question in questions))
    actor_ids.update(
        index.actors[actor_id].affiliation or "" for actor_id in list(actor_ids) if actor_id in index.actors
    )
    event_ids = {event.id for event in events}
    event_ids.update(statement.event or "" for statement in statements)
    event_ids.update(chain.from_iterable(question.events for question in questions))
    source_ids = set(
        chain.from_iterable(event.sources for event in index.events.values() if event.id in event_ids)
    )
    source_ids.update(statement.source or "" for statement in statements)
    source_ids.update(chain.from_iterable(question.sources for question in questions))
    statement_ids = {statement.id for statement in statements}
    question_ids = {question.id for question in questions}
    small = msgspec.structs.replace(
        brief,
        # File order, as in the whole brief: the index sorts and groups them the same way.
        actors=[actor for actor in brief.actors if actor.id in actor_ids],
        events=[event for event in brief.events if event.id in event_ids],
        sources=[source for source in brief.sources if source.id in source_ids],
        statements=[statement for statement in brief.statements if statement.id in statement_ids],
        questions=[question for question in brief.questions if question.id in question_ids],
    )
    said = Counter(statement.actor for statement in brief.statements)
    kept = actor_ids | event_ids | source_ids | statement_ids | question_ids
    return Head(
        small,
        {item_id: line for item_id, line in lines.items() if item_id in kept},
        HeadCounts(
            actors=len(brief.actors),
            events=len(brief.events),
            statements=len(brief.statements),
            questions=dict(Counter(question.status for question in brief.questions)),
            said={actor.id: said[actor.id] for actor in small.actors},
        ),
    )
