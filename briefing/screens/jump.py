"""The command palette's jump commands: any actor, event or question by name (`ctrl+p`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Provider
from textual.content import Content
from textual.markup import escape

from briefing.text import clean_line


class JumpProvider(Provider):
    """Jump to an actor, event or question; names are shown as plain `Content`, never markup."""

    def _targets(self) -> list[tuple[str, str, Callable[[], None]]]:
        """(label, what it is, jump) for every actor, event and question."""
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
            (clean_line(label), escape(clean_line(about)), partial(screen.jump_to, item_id))
            for label, item_id, about in targets
        ]

    async def discover(self) -> AsyncIterator[DiscoveryHit]:
        for label, about, jump in self._targets():
            yield DiscoveryHit(Content(label), jump, text=label, help=about)

    async def search(self, query: str) -> AsyncIterator[Hit]:
        matcher = self.matcher(query)
        for label, about, jump in self._targets():
            score, offsets = matcher.fuzzy_search.match(query, label)
            if score > 0:
                display = Content(label)
                for offset in offsets:
                    display = display.stylize("reverse", offset, offset + 1)
                yield Hit(score, display, jump, text=label, help=about)
