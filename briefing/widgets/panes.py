"""The four panes of a brief (timeline, actors, statements, questions), each one `ItemList`.

Panes only draw the items the screen hands them; narrowing and search happen in the screen,
which filters lists, never widgets. Every brief text enters as `Text` built from `clean()`.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import repeat
from operator import attrgetter
from typing import Any, ClassVar, Literal

import msgspec
from rich.cells import cell_len
from rich.console import RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType

from briefing.corroboration import of_event, of_statement
from briefing.describe import (
    DECLINED,
    actor_names,
    attribution,
    corroboration_label,
    credibility_label,
    event_actors,
    kind_label,
    status_label,
)
from briefing.index import BriefIndex
from briefing.model import Actor, Event, Question, Statement
from briefing.text import clean, clean_line
from briefing.themes import DEFAULT_SYMBOLS, group_variable
from briefing.widgets.itemlist import ItemList, Unsearched

QuoteMode = Literal["original", "translation", "both"]
QUOTE_MODES: tuple[QuoteMode, ...] = ("both", "original", "translation")
"""The order `t` cycles through; both first, so a reader who does not know the language follows at once."""


class Heading(msgspec.Struct, frozen=True):
    """A non-selectable label between groups of items (an actor group, a question status)."""

    id: str
    label: str
    variable: str
    """The theme variable that colours it."""


def markdown(source: str) -> RenderableType:
    """Markdown from a brief, rendered per visible item (never the whole brief as one document),
    with `show`'s safe parser: raw HTML shown as text, links printed with their address."""
    from briefing.show import SafeMarkdown

    return SafeMarkdown(source)


class BriefPane(ItemList):
    """A pane that shows items of one brief; it keeps the brief's index to resolve names."""

    TITLE: ClassVar[str] = ""
    HEADINGS: ClassVar[bool] = False
    """Whether the pane's items include headings (not counted as shown)."""
    GUTTER_WIDTH = 3  # the cursor or a linked item, new (+) or changed (~) since last read, warnings (!)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="pane")
        self.index: BriefIndex | None = None
        self.border_title = self.TITLE

    def show(self, index: BriefIndex, items: Sequence[Any], total: int) -> None:
        """Show `items` (already narrowed and filtered) of the brief behind `index`."""
        if index is not self.index:
            self.restyle()  # a reloaded brief: the same ids may now look different
        self.index = index
        shown = len(items) - sum(map(isinstance, items, repeat(Heading))) if self.HEADINGS else len(items)
        title = self.TITLE if shown == total else f"{self.TITLE} {shown}/{total}"
        if title != self.border_title:  # setting it repaints the whole pane
            self.border_title = title
        self.set_items(items)

    def item_keys(self, items: Sequence[Any]) -> tuple[Hashable, ...]:
        return tuple(map(attrgetter("id"), items))

    def selectable(self, item: Any) -> bool:
        return not isinstance(item, Heading)

    def spacing(self, item: Any) -> int:
        return 0 if isinstance(item, Heading) else self.SPACING

    def heading(self, heading: Heading) -> list[RenderableType]:
        return [Text(heading.label, style=self.colour(heading.variable) + Style(bold=True))]

    def badge(self, variable: str, word: str) -> tuple[str, Style]:
        """`[✔ CONFIRMED]` in the theme's colour and text style for `variable`: the symbol and the
        word keep statuses, question states and kinds apart without colour (monochrome, NO_COLOR)."""
        symbols: dict[str, str] = getattr(self.app, "theme_symbols", DEFAULT_SYMBOLS)
        return (f"[{symbols[variable]} {word}]", self.colour(variable) + Style(bold=True))

    def line(self, *parts: tuple[str, Style | str] | str) -> Text:
        """One Text from (text, style) parts (search matches are highlighted in the drawn lines)."""
        return Text.assemble(*parts)

    def with_tail(self, line: Text, tail: str, width: int) -> list[RenderableType]:
        """`line · tail`, the muted tail after the line's last wrapped row when it fits there whole,
        else on a row of its own: a short phrase (`1 source · B`) is never split across rows."""
        last = line.wrap(self.app.console, max(1, width))[-1].cell_len
        if last + 3 + cell_len(tail) <= width:
            return [Text.assemble(line, self.muted(f" · {tail}"))]
        return [line, self.muted(tail)]

    def muted(self, text: str) -> Text:
        # Not `partial`: `$text-muted` is an `auto` colour, which needs the background to resolve
        # (partial gave plain white, unreadable on a light theme); only its colour is kept, so the
        # cursor row's background still shows through.
        dim = self.get_component_rich_style("item-list--dim")
        return self.line((text, Style(color=dim.color)))


NARROW_BINDING = Binding(
    "space", "select", "Narrow", tooltip="Narrow the other panes to this event or actor", id="pane.narrow"
)
"""Panes whose items narrow the others (actors, events) offer `space` as well as a click."""


class TimelinePane(BriefPane):
    """Events in date order, each with a status badge that reads without colour."""

    BINDINGS: ClassVar[list[BindingType]] = [NARROW_BINDING]
    TITLE = "1 Timeline"
    EMPTY = "No events."

    def renderables(self, item: Event, width: int) -> list[RenderableType]:
        first = self.line(
            (item.date.display(), "bold"),
            " ",
            self.badge(f"status-{item.status}", status_label(item.status)),
            " ",
            clean_line(item.title),
        )
        return [first, self.muted(self._details(item))]

    def _details(self, event: Event) -> str:
        assert self.index is not None
        parts = [corroboration_label(of_event(self.index, event))]  # first: it never wraps inside
        if event.place:
            parts.append(clean_line(event.place))
        if event.credibility:
            parts.append(f"credibility {credibility_label(event.credibility)}")
        if event.actors:
            parts.append(clean_line(event_actors(self.index, event)))
        return " · ".join(parts)

    def text_lengths(self, item: Event) -> Sequence[int]:
        details = len(item.place or "") + 30 * len(item.actors) + (30 if item.credibility else 0) + 16
        return (len(item.title) + 26, details)


class ActorsPane(BriefPane):
    """Actor cards grouped by group, coloured per group, with how many statements each made."""

    BINDINGS: ClassVar[list[BindingType]] = [NARROW_BINDING]
    HEADINGS = True
    TITLE = "2 Actors"
    EMPTY = "No actors."

    def renderables(self, item: Actor | Heading, width: int) -> list[RenderableType]:
        if isinstance(item, Heading):
            return self.heading(item)
        assert self.index is not None
        said = self.index.said(item.id)
        colour = self.colour(group_variable(self.index.group_of(item)))
        out: list[RenderableType] = [
            self.line(
                ("■ ", colour),
                (clean_line(item.name), Style(bold=True)),
                f"  {said} statement{'' if said == 1 else 's'}",
            )
        ]
        about = [clean_line(item.role)] if item.role else []
        affiliation = self.index.actors.get(item.affiliation) if item.affiliation else None
        if affiliation:
            about.append(f"for {clean_line(affiliation.name)}")
        if about:
            out.append(self.muted(" · ".join(about)))
        if item.aliases:
            out.append(self.muted("also " + ", ".join(clean_line(alias) for alias in item.aliases)))
        return out

    def text_lengths(self, item: Actor | Heading) -> Sequence[int]:
        if isinstance(item, Heading):
            return (len(item.label),)
        return (len(item.name) + 16, len(item.role or "") + 40, sum(len(a) + 2 for a in item.aliases))


class StatementsPane(BriefPane):
    """Statements as quote blocks with attribution and kind; original, translation or both."""

    TITLE = "3 Statements"
    EMPTY = "No statements."

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode: QuoteMode = QUOTE_MODES[0]

    def set_mode(self, mode: QuoteMode) -> None:
        """Show the original words, their translation, or both."""
        self.mode = mode
        self.restyle()

    def renderables(self, item: Statement, width: int) -> list[RenderableType]:
        assert self.index is not None
        first = self.line(
            self.badge(f"kind-{item.kind}", kind_label(item)),
            " ",
            (clean_line(attribution(self.index, item)), "bold"),
        )
        out: list[RenderableType] = self.with_tail(
            first, corroboration_label(of_statement(self.index, item)), width
        )
        bar = self.colour(f"kind-{item.kind}")
        language = self.index.statement_language(item)
        if item.quote and (self.mode != "translation" or not item.translation):
            out.extend(self._block(item.quote, bar, width, italic=item.kind == "quote"))
        if item.translation and self.mode != "original":
            out.append(self.muted(f"translated from {language}:"))
            out.extend(self._block(item.translation, bar, width, italic=False))
        elif item.translation and self.mode == "original":
            out.append(self.muted("(translation available: t)"))
        if item.kind == "declined" and not item.quote:
            out.append(self.muted(DECLINED))
        if item.context:
            out.append(self.muted(f"context: {clean_line(item.context)}"))
        return out

    def _block(self, words: str, bar: Style, width: int, *, italic: bool) -> list[Text]:
        """A quote block: the words wrapped two columns in, behind a bar."""
        text = Text(clean(words), style=Style(italic=italic))
        lines = text.wrap(self.app.console, max(1, width - 2))
        return [Text.assemble(("▎ ", bar), line) for line in lines]

    def text_lengths(self, item: Statement) -> Sequence[int]:
        lengths = [76, len(item.quote or "") + 2]
        if item.translation:
            lengths += [1, len(item.translation) + 2] if self.mode != "original" else [1]
        if item.context:
            lengths.append(len(item.context) + 9)
        return lengths


class QuestionsPane(BriefPane):
    """Questions, open first; answered and moot ones apart under their own headings."""

    HEADINGS = True
    TITLE = "4 Questions"
    EMPTY = "No questions."

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._markdown = False
        """Answers show as plain cleaned text in the first frame and as Markdown right after it:
        importing and running the Markdown parser would delay the first frame (issue 7), as the
        summary's would."""

    def on_mount(self) -> None:
        # The app's `after_first_frame` (the reader's), else the next refresh.
        schedule = getattr(self.app, "after_first_frame", self.call_after_refresh)
        schedule(self._answers_in_markdown)

    def _answers_in_markdown(self) -> None:
        self._markdown = True
        self.restyle()

    def renderables(self, item: Question | Heading, width: int) -> list[RenderableType | Unsearched]:
        if isinstance(item, Heading):
            return [*self.heading(item)]
        assert self.index is not None
        text_style = Style(bold=item.status == "open", dim=item.status == "moot")
        out: list[RenderableType | Unsearched] = [
            self.line(
                self.badge(f"question-{item.status}", status_label(item.status)),
                " ",
                (clean(item.question), text_style),
            )
        ]
        about = [clean_line(actor_names(self.index, item.actors))] if item.actors else []
        if item.events:  # event titles are long: the detail view lists them
            about.append(f"{len(item.events)} event{'' if len(item.events) == 1 else 's'}")
        if about:
            out.append(self.muted("about " + " · ".join(about)))
        if item.answer:
            answer = item.answer
            if self._markdown:
                out.append(Unsearched(answer, lambda: Padding(markdown(answer), (0, 0, 0, 2))))
            else:
                out.append(Padding(Text(clean(answer)), (0, 0, 0, 2)))
        return out

    def text_lengths(self, item: Question | Heading) -> Sequence[int]:
        if isinstance(item, Heading):
            return (len(item.label),)
        return (
            len(item.question) + 12,
            30 * len(item.actors) + 30 * len(item.events),
            len(item.answer or "") + 2,
        )


def grouped_actors(index: BriefIndex, keep: set[Hashable] | None) -> list[Actor | Heading]:
    """Actors under a heading per group (in order of first appearance), ungrouped last."""
    out: list[Actor | Heading] = []
    groups = sorted(index.actor_groups.items(), key=lambda pair: pair[0] == "")
    for group, actors in groups:
        shown = [actor for actor in actors if keep is None or actor.id in keep]
        if shown:
            label = clean_line(group) if group else "Other actors"
            out.append(
                Heading(f"group:{group}", label, group_variable(group) if group else "status-unverified")
            )
            out.extend(shown)
    return out


def questions_by_status(
    questions: Sequence[Question], counts: dict[str, int] | None = None
) -> list[Question | Heading]:
    """Questions under Open / Answered / Moot headings, keeping the order given within each;
    `counts`: what the headings count, when `questions` are only the first of them (a head)."""
    out: list[Question | Heading] = []
    for status, label in (("open", "Open"), ("answered", "Answered"), ("moot", "Moot")):
        shown = [question for question in questions if question.status == status]
        if shown:
            count = len(shown) if counts is None else counts.get(status, len(shown))
            out.append(Heading(f"status:{status}", f"{label} ({count})", f"question-{status}"))
            out.extend(shown)
    return out
