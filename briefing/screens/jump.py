"""The command palette's jump commands: any actor, event or question by name (`ctrl+p`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Provider
from textual.content import Content

from briefing.text import clean_line


class JumpProvider(Provider):
    """Jump to an actor, event or question; names are shown as plain `Content`, never markup."""

    def _targets(self) -> list[tuple[str, str, Callable[[], None]]]:
        from briefing.screens.brief import BriefScreen

        screen = self.screen
        if not isinstance(screen, BriefScreen) or screen.index is None:
            return []
        index = screen.index
        targets = [(f"Actor: {clean_line(a.name)}", a.id) for a in index.brief.actors]
        targets += [(f"Event: {clean_line(e.title)}", e.id) for e in index.timeline]
        targets += [(f"Question: {clean_line(q.question)}", q.id) for q in index.questions_in_order]
        return [(label, item_id, partial(screen.jump_to, item_id)) for label, item_id in targets]

    async def discover(self) -> AsyncIterator[DiscoveryHit]:
        for label, _item_id, jump in self._targets():
            yield DiscoveryHit(Content(label), jump, text=label, help="Jump to it")

    async def search(self, query: str) -> AsyncIterator[Hit]:
        matcher = self.matcher(query)
        for label, _item_id, jump in self._targets():
            score, offsets = matcher.fuzzy_search.match(query, label)
            if score > 0:
                display = Content(label)
                for offset in offsets:
                    display = display.stylize("reverse", offset, offset + 1)
                yield Hit(score, display, jump, text=label, help="Jump to it")
