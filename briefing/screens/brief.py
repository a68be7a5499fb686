"""The brief screen: header, summary and four linked panes, narrowed by selection and search.

State lives in reactives here (`loaded`, `narrow_actor`, `narrow_event`, `filter`, `search_query`,
`quote_mode`, `active_pane`); a watcher recomputes the panes' item lists and hands them over. Panes never
reach into each other. Seams for later features:
- live reload: assign a new `LoadedBrief` to `loaded` (selection by id, narrowing, search and
  scroll are kept); set `errors` to show why the file on disk stopped being valid while the last
  good brief stays on screen;
- editor: `selected_item_id` (and `loaded.lines`) say which item and line to open;
- export / themes: bindings added by subclassing or `BINDINGS` on the app; nothing here caches
  colours outside the panes' theme-keyed caches.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Container
from textual.reactive import reactive
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from briefing.describe import event_label
from briefing.errors import BriefError
from briefing.filters import Facet, Filter
from briefing.head import HeadIndex
from briefing.index import BriefIndex
from briefing.loader import LoadedBrief
from briefing.model import Actor, Event, Item, Question, Statement
from briefing.screens.editing import EDIT_BINDINGS, EditingScreen
from briefing.text import clean_line
from briefing.widgets.bars import KeyBar, PaneTabs
from briefing.widgets.chrome import BriefHeader, ErrorPanel, SearchBar, SummaryBox
from briefing.widgets.itemlist import ItemHighlighted, ItemOpened, ItemSelected
from briefing.widgets.panes import (
    QUOTE_MODES,
    ActorsPane,
    BriefPane,
    QuestionsPane,
    QuoteMode,
    StatementsPane,
    TimelinePane,
    grouped_actors,
    questions_by_status,
)

if TYPE_CHECKING:
    from briefing.diff import Change
    from briefing.lastread import LastRead
    from briefing.quality import QualityWarning
    from briefing.screens.since import Baseline, Since
    from briefing.screens.warnings import Choice
    from briefing.search import Found, SearchIndex

PANE_TYPES: dict[str, type[BriefPane]] = {
    "timeline": TimelinePane,
    "actors": ActorsPane,
    "statements": StatementsPane,
    "questions": QuestionsPane,
}
PANES = tuple(PANE_TYPES)
"""The panes in number-key order (1–4)."""
PANE_SECTIONS = {name: "events" if name == "timeline" else name for name in PANES}
"""The section of the brief each pane shows."""
MATCHES = "Next, previous match"
"""What the help says of `n, N` (their tooltip), on one line."""
GRID_ORDER = ("timeline", "statements", "actors", "questions")
"""Where the panes sit on a wide screen: timeline and statements on top, actors and questions below."""


def _jump_provider() -> type[Provider]:
    """The palette's jump commands, imported when the palette first opens."""
    from briefing.screens.jump import JumpProvider

    return JumpProvider


def _filter_provider() -> type[Provider]:
    """The palette's filter commands, imported when the palette first opens."""
    from briefing.screens.filter_menu import FilterProvider

    return FilterProvider


class BriefScreen(EditingScreen):
    """One brief, read through four panes that narrow each other (and edited: `EditingScreen`)."""

    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        _jump_provider,
        _filter_provider,
    }
    PALETTE: ClassVar[tuple[str, ...]] = (
        "export",
        "toggle_summary",
        "cycle_quote_mode",
        "copy_quote",
        "about",
        "since",
        "mark_read",
    )
    """The actions the command palette offers besides the app's (`App.get_system_commands`), each
    named and explained by its binding: add an action here to offer it."""
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="brief.search"),
        Binding(
            "f",
            "filter",
            "Filter",
            tooltip="Filter by status, kind, source, tag",
            id="brief.filter",
        ),
        # Keys that share a tooltip share a line in the help (`n, N`; `1, 2, 3, 4`).
        Binding("n", "next_match(1)", "Next match", show=False, tooltip=MATCHES, id="brief.next-match"),
        Binding(
            "N", "next_match(-1)", "Previous match", show=False, tooltip=MATCHES, id="brief.previous-match"
        ),
        Binding(
            "escape",
            "clear",
            "Clear",
            show=False,
            tooltip="Clear the search, then the narrowing, then the filter",
            id="brief.clear",
        ),
        Binding(
            "t",
            "cycle_quote_mode",
            "Translation",
            tooltip="Show quotes as original, translation or both",
            id="brief.quote-mode",
        ),
        Binding(
            "y",
            "copy_quote",
            "Copy",
            tooltip="Copy the selected quote with its attribution",
            id="brief.copy-quote",
        ),
        Binding(
            "x",
            "export",
            "Export",
            tooltip="Export the brief (Markdown, HTML, JSON, TimelineJS) next to it",
            id="brief.export",
        ),
        Binding(
            "w",
            "warnings",
            "Warnings",
            tooltip="The brief's quality warnings: enter jumps to one, e edits there",
            id="brief.warnings",
        ),
        Binding(
            "u",
            "since",
            "Changes",
            tooltip="What is new or changed since you last read: enter jumps to one",
            id="brief.since",
        ),
        Binding("m", "mark_read", "Mark read", tooltip="Mark every change as read", id="brief.mark-read"),
        Binding("s", "toggle_summary", "Summary", show=False, id="brief.summary"),
        Binding(
            "i", "about", "About", show=False, tooltip="The whole summary and the sources", id="brief.about"
        ),
        Binding(
            "backspace",
            "library",
            "Library",
            tooltip="Back to the library (when opened from one)",
            id="brief.library",
        ),
        *EDIT_BINDINGS,
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, id="brief.next-pane"),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, id="brief.previous-pane"),
        *(
            Binding(
                str(number),
                f"show_pane('{pane}')",
                f"{pane.title()} pane",
                show=False,
                tooltip="Timeline, actors, statements, questions pane",
                id=f"brief.{pane}",
            )
            for number, pane in enumerate(PANES, start=1)
        ),
    ]

    # No repaint of the whole screen when these change (a full-screen render on every search
    # keystroke): the watchers hand the widgets what changed, and they repaint themselves.
    loaded: reactive[LoadedBrief | None] = reactive(None, init=False, repaint=False, always_update=True)
    errors: reactive[list[BriefError]] = reactive(list, init=False, repaint=False)
    narrow_actor: reactive[str | None] = reactive(None, init=False, repaint=False)
    narrow_event: reactive[str | None] = reactive(None, init=False, repaint=False)
    filter: reactive[Filter] = reactive(Filter, init=False, repaint=False)
    search_query: reactive[str] = reactive("", init=False, repaint=False)
    quote_mode: reactive[QuoteMode] = reactive(QUOTE_MODES[0], init=False, repaint=False)
    active_pane: reactive[str] = reactive("timeline", init=False, repaint=False)
    summary_collapsed: reactive[bool] = reactive(False, init=False, repaint=False)

    def __init__(
        self, loaded: LoadedBrief | None, errors: list[BriefError] | None = None, *, path: Path
    ) -> None:
        super().__init__()
        # The breakpoint class of the size the screen opens at: the first resize then finds it
        # set and does not style every widget a second time (issue 14).
        width = self.app.size.width
        breakpoint = next(name for least, name in reversed(self.HORIZONTAL_BREAKPOINTS) if width >= least)
        self.add_class(breakpoint, update=False)  # styled when mounted
        self.path = path
        self._resumed = False
        self._initial: tuple[LoadedBrief | None, list[BriefError]] | None = (loaded, errors or [])
        """What the screen opens with; dropped once shown, so a reload can free it."""
        self._search: SearchIndex | None = None
        self._statements: list[Statement] = []
        self._matches: Found | None = None
        self._shown = 0
        """How many items the panes show (for the search status)."""
        self._warnings: tuple[str, list[QualityWarning]] = ("", [])
        """The quality warnings and the digest of the brief they are of (computed after it is
        shown; not the brief itself, which a reload must be free to drop)."""
        self._baseline: Baseline | None = None
        """The version last read (`briefing.screens.since`), once the comparison has read it."""
        self._since: Since | None = None
        """What changed since `_baseline`, in the version last compared (after the first frame)."""
        self._last_change: Change | None = None
        """The change last jumped to from the `u` list: the list opens on the next one."""

    def compose(self) -> ComposeResult:
        yield BriefHeader(id="header")
        if self._initial is not None and self._initial[1]:
            yield ErrorPanel(id="errors")  # else mounted by the first errors shown (`watch_errors`)
        yield SummaryBox(id="summary")
        if self.has_class("-narrow"):
            yield self._tabs()  # else mounted when the screen first narrows (`on_resize`)
        with Container(id="panes"):
            for name in GRID_ORDER:
                pane = PANE_TYPES[name](id=name)
                # The active pane's class before it is mounted: set from `on_mount`, it styled the
                # pane and its scrollbar a second time before the first frame (issue 14).
                yield pane.set_class(name == self.active_pane, "-active", update=False)
        # At 80 columns these give way, so that `q Quit` and `? Help` (which lists them) show.
        yield KeyBar(
            optional=("filter", "cycle_quote_mode", "copy_quote", "export", "warnings", "since", "mark_read")
        )

    def on_mount(self) -> None:
        self.summary_collapsed = self.app.size.width < 100 or self.app.size.height < 30
        if self._initial is not None:
            (loaded, errors), self._initial = self._initial, None
            self.errors = errors
            self.loaded = loaded
        self.watch_active_pane()
        self.pane(self.active_pane).focus()

    def _update_auto_focus(self) -> None:
        """Not when composed: Textual then focuses the first focusable widget, the error panel
        (hidden unless there are errors), and styles it again before the first frame, only for
        `on_mount` to focus the active pane (issue 14). Later (a screen over this one closed),
        as Textual does."""
        if self.is_mounted:
            super()._update_auto_focus()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time the screen shows, every widget was styled as it was mounted (and again at
        each class or focus change since): Textual's styling of the whole screen again, before
        the first frame, is skipped (issue 14). Runs before `Screen`'s own handler."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    # --- what the screen shows ---------------------------------------------------------------

    @property
    def index(self) -> BriefIndex | None:
        """The loaded brief's index, or None over an empty screen."""
        return self.loaded.index if self.loaded else None

    def pane(self, name: str) -> BriefPane:
        return self.query_one(f"#{name}", BriefPane)

    @property
    def focused_pane(self) -> BriefPane:
        """The pane with focus, or the one last active (while the search field has focus)."""
        focused = self.focused
        return focused if isinstance(focused, BriefPane) else self.pane(self.active_pane)

    @property
    def selected_item_id(self) -> str | None:
        """The id of the item under the cursor of the current pane (for the editor and export)."""
        item = self.focused_pane.highlighted
        return getattr(item, "id", None) if isinstance(item, Item) else None

    def watch_loaded(self, loaded: LoadedBrief | None) -> None:
        """A (new) brief: rebuild the search index and every pane, keeping selection and state."""
        if loaded is not None:
            self._search = None
            if loaded.head is None:  # a head is shown only until the whole brief replaces it
                # After the first frame, and in a thread: 80–370 ms at 10,000 statements.
                self.host.after_first_frame(partial(self._build_search_index, loaded.index))
                self.host.after_first_frame(partial(self._check_quality, loaded))
                self.host.after_first_frame(partial(self._compare_since, loaded))
            self._statements = loaded.index.statements_by_date
            if self.narrow_actor not in loaded.index.actors:
                self.narrow_actor = None
            if self.narrow_event not in loaded.index.events:
                self.narrow_event = None
            if self._matches is not None:
                # Until the new index is ready, an active search keeps the matches (ids) it had.
                self._matches = self._matches.within(loaded.index)
        self.query_one(SummaryBox).show(loaded.brief.summary if loaded else None, self.summary_collapsed)
        self.refresh_panes()

    def _build_search_index(self, index: BriefIndex) -> None:
        if self.index is index:
            self._in_thread(partial(_searcher, index), "search-index")

    @on(Worker.StateChanged)
    def _search_index_built(self, event: Worker.StateChanged) -> None:
        """The search index of the brief shown is ready: filter by what was typed meanwhile."""
        result = event.worker.result if event.state == WorkerState.SUCCESS else None
        if event.worker.group == "search-index" and isinstance(result, tuple) and result[0] is self.index:
            self._search = result[1]
            if self.search_query:
                self._matches = self._find(self.search_query)
                self.refresh_panes()

    def _in_thread(self, work: Callable[[], object], group: str) -> None:
        """Work on the brief shown, after the first frame: the newest of its `group` replaces one
        under way, and one that fails costs what it computes, never the reading session."""
        self.run_worker(work, group=group, exclusive=True, thread=True, exit_on_error=False)

    def _check_quality(self, loaded: LoadedBrief) -> None:
        if self.loaded is loaded:
            self._in_thread(partial(_checker, loaded.digest, weakref.ref(loaded)), "quality")

    @on(Worker.StateChanged)
    def _quality_checked(self, event: Worker.StateChanged) -> None:
        """The warnings of the brief shown: count them in the header, mark their items (!)."""
        result = event.worker.result if event.state == WorkerState.SUCCESS else None
        loaded = self.loaded
        if event.worker.group == "quality" and isinstance(result, tuple) and loaded is not None:
            digest, warnings = result
            if digest != loaded.digest or warnings is None:
                return
            self._warnings = (digest, warnings)
            warned = {warning.item for warning in warnings if warning.item}
            for name in PANES:
                self.pane(name).set_warned(warned)
            self._show_header()
            self.refresh_bindings()

    def _compare_since(self, loaded: LoadedBrief) -> None:
        store = self.host.last_read
        if store is not None and self.loaded is loaded:
            self._in_thread(
                partial(_since_comparer, store, self.path, weakref.ref(loaded), self._baseline), "since"
            )

    @on(Worker.StateChanged)
    def _since_compared(self, event: Worker.StateChanged) -> None:
        """What changed since the version last read: mark the items (+, ~), say it in the header."""
        result = event.worker.result if event.state == WorkerState.SUCCESS else None
        loaded = self.loaded
        if (
            event.worker.group != "since"
            or result is None
            or loaded is None
            or result.digest != loaded.digest
        ):
            return
        if self._baseline is not None and result.baseline is not self._baseline:
            self._compare_since(loaded)  # marked as read meanwhile: compare with that version
            return
        self._baseline = result.baseline
        self._show_since(result)

    def _show_since(self, since: Since) -> None:
        self._since = since
        for name in PANES:
            self.pane(name).set_changed(since.marks(PANE_SECTIONS[name]))
        self._show_header()
        self.refresh_bindings()

    def on_unmount(self) -> None:
        """Leaving the brief (quit, or back to the library): the version on screen is the one read
        (once it has been compared with the one read before, so a quick look does not count)."""
        store, loaded = self.host.last_read, self.loaded
        if store is not None and loaded is not None and loaded.head is None and self._baseline is not None:
            store.put_later(self.path, loaded.brief, loaded.digest)

    def _find(self, query: str) -> Found | None:
        """The items matching `query`; None when nothing is searched for. Before the index is
        ready the current matches stay (none at first: every item shows until it is ready)."""
        if not query.strip():
            return None
        return self._search.find(query) if self._search else self._matches

    def watch_errors(self, errors: list[BriefError]) -> None:
        panel = self.error_panel
        if panel is None and errors:
            panel = ErrorPanel(id="errors")
            self.mount(panel, after="#header")
        if panel is not None:
            panel.show(errors)

    def watch_narrow_actor(self) -> None:
        self.refresh_panes()

    def watch_narrow_event(self) -> None:
        self.refresh_panes()

    def watch_filter(self) -> None:
        self.refresh_panes()

    def watch_search_query(self, query: str) -> None:
        matches = self._find(query)
        same = matches == self._matches  # often, as a word grows: the panes keep their items
        self._matches = matches
        for name in PANES:
            self.pane(name).set_query(query)
        if same:
            self._show_header()
        else:
            self.refresh_panes()

    def watch_quote_mode(self, mode: QuoteMode) -> None:
        self.query_one(StatementsPane).set_mode(mode)
        self._show_header()

    def watch_summary_collapsed(self, collapsed: bool) -> None:
        self.query_one(SummaryBox).show(self.loaded.brief.summary if self.loaded else None, collapsed)

    def watch_active_pane(self) -> None:
        for name in PANES:
            self.pane(name).set_class(name == self.active_pane, "-active")
        for tabs in self.query(PaneTabs):
            tabs.show(self.active_pane)

    def _tabs(self) -> PaneTabs:
        """The panes' names, shown below 100 columns only. A screen that opens wider builds them
        when it first narrows: mounted and styled while hidden, they cost its first frame about
        1 ms (issue 14)."""
        return PaneTabs({name: kind.TITLE for name, kind in PANE_TYPES.items()}, self.active_pane, id="tabs")

    def on_resize(self, event: events.Resize) -> None:
        """Runs before `Screen` sets the breakpoint class of the new width."""
        narrow = event.size.width < self.HORIZONTAL_BREAKPOINTS[-1][0]
        if narrow and self.is_mounted and not self.query(PaneTabs):
            self.mount(self._tabs(), before="#panes")

    def refresh_panes(self) -> None:
        """Hand every pane its items: filtered by narrowing and search (lists, never widgets)."""
        index = self.index
        if index is None:
            for name in PANES:
                self.pane(name).set_items([])
            self._show_header()
            return
        found = self._matches
        actor, event, wanted = self.narrow_actor, self.narrow_event, self.filter
        brief = index.brief
        # A search hands each pane its matches in the pane's order: no pass over every item.
        events: Sequence[Event] = index.timeline if found is None else found.events
        statements: Sequence[Statement] = self._statements if found is None else found.statements
        questions: Sequence[Question] = index.questions_in_order if found is None else found.questions
        actors: Sequence[Actor] | None = None if found is None else found.actors
        if wanted.active:
            events, statements, questions = (
                [item for item in items if wanted.matches(item, index)]
                for items in (events, statements, questions)
            )
            actors = [
                item for item in (brief.actors if actors is None else actors) if wanted.matches(item, index)
            ]
        if actor is not None:
            statements = [item for item in statements if item.actor == actor]
            questions = [item for item in questions if actor in item.actors]
        if event is not None:
            statements = [item for item in statements if item.event == event]
            questions = [item for item in questions if event in item.events]
        linked: set[str] = set()
        if actor or event:
            linked = {item.id for item in events if actor in item.actors or item.id == event}
        self.query_one(TimelinePane).show(index, events, len(brief.events))
        self.query_one(TimelinePane).set_marked(linked)
        kept = None if actors is None else {item.id for item in actors}
        self.query_one(ActorsPane).show(index, grouped_actors(index, kept), len(brief.actors))
        self.query_one(ActorsPane).set_marked({actor} if actor else set())
        self.query_one(StatementsPane).show(index, statements, len(brief.statements))
        counts = index.counts.questions if isinstance(index, HeadIndex) else None
        self.query_one(QuestionsPane).show(
            index, questions_by_status(questions, counts), len(brief.questions)
        )
        self._shown = (
            len(events)
            + len(statements)
            + len(questions)
            + sum(1 for item in self.query_one(ActorsPane).items if isinstance(item, Actor))
        )
        self._show_header()

    def _show_header(self) -> None:
        index = self.index
        status = []
        if index is not None:
            if self.filter.active:
                status.append("filtered: " + ", ".join(map(clean_line, self.filter.labels(index))))
            if self.narrow_actor:
                name = clean_line(index.actors[self.narrow_actor].name)
                status.append(f"narrowed to {name}")
            if self.narrow_event:
                event = clean_line(event_label(index.events[self.narrow_event]))
                status.append(f"narrowed to event: {event}")
            if self.search_query:
                found = self._shown
                status.append(
                    f"search “{clean_line(self.search_query)}”: {found} item{'' if found == 1 else 's'}"
                )
            if status:
                status.append("esc clears")
            if self.quote_mode != QUOTE_MODES[0]:
                status.append(f"quotes: {self.quote_mode} only")
        count = len(self.warnings or ())
        since = self._since.summary if self._since is not None else ""
        self.query_one(BriefHeader).show(self.loaded, self.path.name, " · ".join(status), count, since)

    # --- messages from the panes -------------------------------------------------------------

    @on(ItemHighlighted)
    def _remember_pane(self, message: ItemHighlighted) -> None:
        if message.pane.has_focus and message.pane.id in PANES:
            self.active_pane = message.pane.id

    def on_descendant_focus(self) -> None:
        if isinstance(self.focused, BriefPane) and self.focused.id:
            self.active_pane = self.focused.id

    @on(ItemSelected)
    def _narrow(self, message: ItemSelected) -> None:
        """Selecting an actor narrows statements and questions; an event narrows statements."""
        item = message.item
        if isinstance(item, Actor):
            self.narrow_event = None
            self.narrow_actor = None if self.narrow_actor == item.id else item.id
        elif isinstance(item, Event):
            self.narrow_actor = None
            self.narrow_event = None if self.narrow_event == item.id else item.id

    @on(ItemOpened)
    def _open(self, message: ItemOpened) -> None:
        if isinstance(message.item, Item):
            self.open_detail(message.item.id)

    def open_detail(self, item_id: str | None) -> None:
        """Show every field and link of one item (None: of the brief itself)."""
        from briefing.screens.detail import DetailScreen

        if self.loaded is not None and (item_id is None or item_id in self.loaded.index.by_id):
            self.app.push_screen(DetailScreen(self.loaded, item_id, self.quote_mode))

    def action_about(self) -> None:
        """The brief's own details: the whole summary, its sources, where it is."""
        self.open_detail(None)

    def jump_to(self, item_id: str) -> None:
        """Put the cursor on an item in its pane, clearing narrowing and search that hide it."""
        pane_name = self._pane_of(item_id)
        if pane_name is None:
            return
        pane = self.pane(pane_name)
        if pane.index_of(item_id) < 0:
            self.narrow_actor = self.narrow_event = None
            self.filter = Filter()
            self.action_clear_search()
        self.action_show_pane(pane_name)
        pane.move_to(item_id)

    def _pane_of(self, item_id: str) -> str | None:
        index = self.index
        if index is None:
            return None
        item = index.by_id.get(item_id)
        kinds = {Event: "timeline", Actor: "actors", Statement: "statements", Question: "questions"}
        return next((name for kind, name in kinds.items() if isinstance(item, kind)), None)

    # --- search ------------------------------------------------------------------------------

    async def action_search(self) -> None:
        """`/`: the search field, mounted the first time (not needed for the first frame). The
        keys after `/` are routed once this returns (`BriefingApp.on_event`), so the mount is
        awaited and the focus moved at once: `focus()` would move it only after those keys."""
        self.add_class("-searching")
        bars = self.query(SearchBar)
        bar = bars.first() if bars else SearchBar()
        if not bars:
            await self.mount(bar, before=self.query_one(KeyBar))
            self.watch(bar, "value", self._search_changed, init=False)
        self.set_focus(bar)

    def _search_changed(self, value: str) -> None:
        """Every change of the search field, while the field is still handling the key (a watcher,
        not its bubbling `Input.Changed`): the panes then repaint in the same frame as the field.
        Through the message, the frame with the field came first and the panes waited for the
        next tick of Textual's frame timer, 17–33 ms later (issue 7)."""
        self.search_query = value

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.pane(self.active_pane).focus()

    def action_clear_search(self) -> None:
        for bar in self.query(SearchBar):
            bar.value = ""
        self.search_query = ""
        self.remove_class("-searching")

    def action_clear(self) -> None:
        """esc: clear the search first, then the narrowing, then the filter, then go back to the
        library (if any)."""
        if self.search_query or self.has_class("-searching"):
            self.action_clear_search()
            self.set_focus(self.pane(self.active_pane))
        elif self.narrow_actor or self.narrow_event:
            self.narrow_actor = self.narrow_event = None
        elif self.filter.active:
            self.filter = Filter()
        elif self._from_library:
            self.dismiss()

    @property
    def _from_library(self) -> bool:
        stack = self.app.screen_stack
        if self not in stack or stack.index(self) == 0:
            return False  # the first screen: no import of the library screen before its first frame
        from briefing.screens.library import LibraryScreen

        return isinstance(stack[stack.index(self) - 1], LibraryScreen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`backspace` back to the library shows only when this brief was opened from one; `w`
        only when the brief has warnings; `u` and `m` only when something changed since last read."""
        if action == "warnings":
            return bool(self.warnings)
        if action in ("since", "mark_read"):
            return self._since is not None and bool(self._since.changes)
        return self._from_library if action == "library" else True

    def action_library(self) -> None:
        self.dismiss()

    def action_next_match(self, step: int) -> None:
        """n / N: the next (previous) matching item, moving on to the next pane at the end of one."""
        if not self.search_query:
            self.app.bell()
            return
        start = PANES.index(self.active_pane)
        pane = self.pane(self.active_pane)
        before = pane.cursor
        pane.action_move(step)
        if pane.cursor != before and pane.has_focus:
            return
        for offset in range(1, len(PANES) + 1):
            name = PANES[(start + step * offset) % len(PANES)]
            other = self.pane(name)
            if other.items:
                self.action_show_pane(name)
                other.action_first() if step > 0 else other.action_last()
                return

    # --- filter ------------------------------------------------------------------------------

    def action_filter(self) -> None:
        """f: the filter menu, over the filter in force; enter applies what it hands back."""
        from briefing.screens.filter_menu import FilterMenu

        if self.index is None:
            self.app.bell()
            return
        self.app.push_screen(FilterMenu(self.index, self.filter), self._filter_chosen)

    def _filter_chosen(self, chosen: Filter | None) -> None:
        if chosen is not None:
            self.filter = chosen

    def toggle_filter(self, facet: Facet, value: str) -> None:
        """Keep (or stop keeping only) the items with `value` of `facet` (the palette's commands)."""
        self.filter = self.filter.toggled(facet, value)

    def action_clear_filter(self) -> None:
        self.filter = Filter()

    # --- panes, summary, quotes ----------------------------------------------------------------

    def action_show_pane(self, name: str) -> None:
        """Focus moves at once, not at the app's next idle (`focus()`): a key that comes after
        this one in the same burst must find the pane it chose (`BriefingApp.on_event`)."""
        self.active_pane = name
        self.set_focus(self.pane(name))

    def action_cycle_pane(self, step: int) -> None:
        self.action_show_pane(PANES[(PANES.index(self.active_pane) + step) % len(PANES)])

    @on(PaneTabs.Clicked)
    def _tab_clicked(self, event: PaneTabs.Clicked) -> None:
        self.action_show_pane(event.pane)

    @on(SummaryBox.Toggled)
    def action_toggle_summary(self) -> None:
        self.summary_collapsed = not self.summary_collapsed

    def action_cycle_quote_mode(self) -> None:
        self.quote_mode = QUOTE_MODES[(QUOTE_MODES.index(self.quote_mode) + 1) % len(QUOTE_MODES)]

    def action_export(self) -> None:
        """x: the export dialog, offering the actor narrowing and the filter as selections."""
        from briefing.screens.export_dialog import ExportDialog

        if self.loaded is None:
            self.app.bell()
            return
        download = self.host.served is not None
        dialog = ExportDialog(self.loaded, self.path, self.narrow_actor, shown=self.filter, download=download)
        self.app.push_screen(dialog)

    @property
    def warnings(self) -> list[QualityWarning] | None:
        """The quality warnings of the brief shown; None until they are computed."""
        digest, warnings = self._warnings
        return warnings if self.loaded is not None and digest == self.loaded.digest else None

    def action_warnings(self) -> None:
        """w: the list of quality warnings; enter jumps to an item, e edits at a warning's line."""
        from briefing.screens.warnings import WarningsScreen

        if self.loaded is not None and self.warnings:
            self.app.push_screen(WarningsScreen(self.loaded.index, self.warnings), self._warning_chosen)

    def _warning_chosen(self, choice: Choice | None) -> None:
        if choice is None:
            return
        warning = choice.warning
        if choice.action == "edit":
            self.edit_at(warning.line, warning.column)
        elif warning.item is not None and self._pane_of(warning.item) is not None:
            self.jump_to(warning.item)
        else:  # a source, or the brief itself: its details
            self.open_detail(warning.item)

    def action_since(self) -> None:
        """u: the list of changes since last read; enter jumps to an item, m marks all as read."""
        from briefing.screens.since import SinceScreen

        if self._since is None or not self._since.changes:
            self.app.bell()
            return
        self.app.push_screen(SinceScreen(self._since, self._last_change), self._change_chosen)

    def _change_chosen(self, choice: Change | str | None) -> None:
        if choice is None:
            return
        if isinstance(choice, str):  # `m` in the list
            self.action_mark_read()
            return
        self._last_change = choice
        if choice.section == "brief":  # the brief's own fields: its details
            self.open_detail(None)
        elif self._pane_of(choice.id) is not None:
            self.jump_to(choice.id)
        else:  # a source: its details
            self.open_detail(choice.id)

    def action_mark_read(self) -> None:
        """m: the version on screen is the one read: the marks and the header's count go, and it
        is remembered (in a thread) for the next session."""
        from briefing.screens.since import Baseline, Since

        store, loaded = self.host.last_read, self.loaded
        if store is None or loaded is None or self._since is None or not self._since.changes:
            self.app.bell()
            return
        self._baseline = Baseline(loaded.brief, loaded.digest, time.time())
        self._show_since(Since(loaded.digest, self._baseline, []))
        store.put_later(self.path, loaded.brief, loaded.digest, self._baseline.read_at)

    def action_copy_quote(self) -> None:
        """y: the selected statement, with its attribution, to the clipboard (OSC 52)."""
        statement = self.query_one(StatementsPane).highlighted
        if not isinstance(statement, Statement) or self.index is None:
            self.app.bell()
            return
        from briefing.screens.detail import copy_statement

        copy_statement(self.app, self.index, statement, self.quote_mode)


def _checker(digest: str, version: weakref.ref[LoadedBrief]) -> tuple[str, list[QualityWarning] | None]:
    """The quality warnings of a version of the brief (run in a thread; `briefing.quality` loads
    here, never before the first frame), with its digest. The version is held weakly: a finished
    worker lingers in Textual's thread context, and must not keep a replaced version alive."""
    from briefing.screens.warnings import warnings_of

    loaded = version()
    return digest, (warnings_of(loaded) if loaded is not None else None)


def _since_comparer(
    store: LastRead, path: Path, version: weakref.ref[LoadedBrief], baseline: Baseline | None
) -> Since | None:
    """What changed since the version last read (run in a thread; `briefing.diff` loads here,
    never before the first frame). The version is held weakly, as `_checker` does."""
    from briefing.screens.since import compare

    return compare(store, path, version, baseline)


def _searcher(index: BriefIndex) -> tuple[BriefIndex, SearchIndex]:
    """The search index of `index` (run in a thread), with the index it belongs to."""
    from briefing.search import SearchIndex  # here: built after the first frame, which needs none

    return index, SearchIndex(index)
