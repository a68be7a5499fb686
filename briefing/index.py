"""Lookups over a validated brief that every reader of it needs: by id, by actor, in date order.

Built once per loaded brief; the exporters, `show` and the TUI share it instead of each walking
the lists again.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from briefing.model import Actor, Brief, Event, Item, Question, Source, Statement


class BriefIndex:
    """Read-only views of one brief."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief

    @cached_property
    def by_id(self) -> dict[str, Item]:
        """Every item of the brief by its id (ids are unique across the whole brief)."""
        items: dict[str, Item] = {}
        for section in (self.brief.sources, self.brief.actors, self.brief.events):
            items.update((item.id, item) for item in section)
        items.update((item.id, item) for item in self.brief.statements)
        items.update((item.id, item) for item in self.brief.questions)
        return items

    @cached_property
    def actors(self) -> dict[str, Actor]:
        return {actor.id: actor for actor in self.brief.actors}

    @cached_property
    def sources(self) -> dict[str, Source]:
        return {source.id: source for source in self.brief.sources}

    @cached_property
    def events(self) -> dict[str, Event]:
        return {event.id: event for event in self.brief.events}

    @cached_property
    def timeline(self) -> list[Event]:
        """Events by date; events on the same date keep the order of the file (sort is stable)."""
        return sorted(self.brief.events, key=lambda event: event.date.sort_key)

    @cached_property
    def statements_by_date(self) -> list[Statement]:
        """`describe.statements_in_order`, kept here with the other lookups: the reader's
        statements pane needs it, and a reload builds every lookup in its reading thread (sorting
        10,000 statements by date is 30 ms the UI thread need not spend)."""
        from briefing.describe import statements_in_order

        return statements_in_order(self)

    @cached_property
    def statements_by_actor(self) -> dict[str, list[Statement]]:
        grouped: dict[str, list[Statement]] = defaultdict(list)
        for statement in self.brief.statements:
            grouped[statement.actor].append(statement)
        return dict(grouped)

    def said(self, actor_id: str) -> int:
        """How many statements the actor made."""
        return len(self.statements_by_actor.get(actor_id, ()))

    @cached_property
    def statements_by_event(self) -> dict[str, list[Statement]]:
        grouped: dict[str, list[Statement]] = defaultdict(list)
        for statement in self.brief.statements:
            if statement.event:
                grouped[statement.event].append(statement)
        return dict(grouped)

    @cached_property
    def _group_labels(self) -> dict[str, str]:
        """Each group's label folded (`casefold`) to its first spelling in the file."""
        labels: dict[str, str] = {}
        for actor in self.brief.actors:
            if actor.group:
                labels.setdefault(actor.group.casefold(), actor.group)
        return labels

    def group_of(self, actor: Actor) -> str:
        """The actor's group as first spelt in the file ('' if none): `Germany` and `germany` are
        one group, a label a writer would not mean as two."""
        return self._group_labels[actor.group.casefold()] if actor.group else ""

    @cached_property
    def actor_groups(self) -> dict[str, list[Actor]]:
        """Actors by group (`group_of`), groups in order of first appearance; ungrouped under ''."""
        grouped: dict[str, list[Actor]] = {}
        for actor in self.brief.actors:
            grouped.setdefault(self.group_of(actor), []).append(actor)
        return grouped

    @cached_property
    def questions_in_order(self) -> list[Question]:
        """Open questions first, then answered, then moot; file order within each."""
        rank = {"open": 0, "answered": 1, "moot": 2}
        return sorted(self.brief.questions, key=lambda question: rank[question.status])

    def citing(self, item_id: str) -> list[Item]:
        """Every item that refers to `item_id` (its statements, questions, events, affiliates)."""
        found: list[Item] = []
        for actor in self.brief.actors:
            if actor.affiliation == item_id:
                found.append(actor)
        for event in self.brief.events:
            if item_id in event.actors or item_id in event.sources:
                found.append(event)
        for statement in self.brief.statements:
            if item_id in (statement.actor, statement.event, statement.source):
                found.append(statement)
        for question in self.brief.questions:
            if item_id in question.actors or item_id in question.events or item_id in question.sources:
                found.append(question)
        return found

    def statement_language(self, statement: Statement) -> str:
        """The language of a statement's words: its own `lang`, else the brief's."""
        return statement.lang or self.brief.language
