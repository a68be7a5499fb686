"""The command palette's jump commands: any actor, event or question by name (`ctrl+p`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import ClassVar

from textual.command import DiscoveryHit, Hit, Provider
from textual.content import Content
from textual.markup import escape

from briefing.text import clean_line

Entry = tuple[str, Callable[[], None], str]
"""A palette command: its label (plain text, never markup), what it does, its help line."""


class ListedProvider(Provider):
    """Palette commands from a list of entries, matched fuzzily; labels shown as plain `Content`."""

    DISCOVERED: ClassVar[int | None] = None
    """How many entries the palette lists before anything is typed (None: all)."""

    def entries(self) -> list[Entry]:
        raise NotImplementedError

    async def discover(self) -> AsyncIterator[DiscoveryHit]:
        for label, command, help_text in self.entries()[: self.DISCOVERED]:
            yield DiscoveryHit(Content(label), command, text=label, help=help_text)

    async def search(self, query: str) -> AsyncIterator[Hit]:
        matcher = self.matcher(query)
        for label, command, help_text in self.entries():
            score, offsets = matcher.fuzzy_search.match(query, label)
            if score > 0:
                display = Content(label)
                for offset in offsets:
                    display = display.stylize("reverse", offset, offset + 1)
                yield Hit(score, display, command, text=label, help=help_text)


class JumpProvider(ListedProvider):
    """Jump to an actor, event or question."""

    def entries(self) -> list[Entry]:
        from briefing.screens.brief import BriefScreen

        screen = self.screen
        if not isinstance(screen, BriefScreen) or screen.index is None:
            return []
        index = screen.index
        targets = [(f"Actor: {a.name}", a.id, a.role or a.kind) for a in index.brief.actors]
        targets += [(f"Event: {e.title}", e.id, f"{e.date.display()} · {e.status}") for e in index.timeline]
        targets += [(f"Question: {q.question}", q.id, q.status) for q in index.questions_in_order]
        return [
            # The palette reads `help` as markup (Content.from_markup): escape the brief's text.
            (clean_line(label), partial(screen.jump_to, item_id), escape(clean_line(about)))
            for label, item_id, about in targets
        ]
