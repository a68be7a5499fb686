"""What a brief screen does with its file: the user's editor at an item, live reload, quick edits.

`EditingScreen` is the base of the brief screen. It owns the loop "read → `e` → edit → save →
see it": the editor runs with the app suspended, a watcher reloads the brief whenever its bytes
change on disk (in a thread, so a large brief never blocks the keys), and quick edits write back
through `briefing.quickedit`, which refuses when the file changed since it was loaded. A refused
edit is kept: the brief reloads and the dialog reopens with what the user typed.

A reload reads one version at a time: changes saved while a version is being read are read once
it is shown, so a burst of saves ends on the last one without parallel reads slowing each other.
The thread also builds the index the panes need; the garbage collector, the cache entry and
freeing the replaced version wait until the new version is on screen (issue 7: save to screen).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable, Iterator, Mapping
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from textual import on, work
from textual.app import App, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.screen import Screen

from briefing.cache import BriefCache
from briefing.errors import BriefError
from briefing.files import is_read_only
from briefing.index import BriefIndex
from briefing.loader import LoadedBrief, LoadResult, load
from briefing.model import Event, Question
from briefing.text import clean_line
from briefing.widgets.chrome import ErrorPanel
from briefing.widgets.itemlist import ItemOpened

if TYPE_CHECKING:
    from briefing.lastread import LastRead
    from briefing.screens.edit_dialogs import NewQuestion, QuestionEdit
    from briefing.served import Served
    from briefing.widgets.panes import BriefPane

# Imported on use, not at start (issue 7: time to first frame): the quick-edit writer (PyYAML),
# the dialogs, the editor launcher and the file watcher (in its worker) are never needed before
# the first frame.

EDIT_BINDINGS: list[BindingType] = [
    Binding("e", "edit", "Edit", tooltip="Your editor, at this item or error", id="brief.edit"),
    Binding(
        "a",
        "answer",
        "Answer",
        show=False,
        tooltip="Question: status and answer",
        id="brief.answer",
    ),
    Binding(
        "c",
        "change_status",
        "Status",
        show=False,
        tooltip="Event or question: status",
        id="brief.status",
    ),
    Binding(
        "plus",
        "add_question",
        "Add question",
        show=False,
        tooltip="Add an open question",
        id="brief.add-question",
    ),
]


@contextlib.contextmanager
def suspended(app: App[object]) -> Iterator[None]:
    """Give the terminal to another program; a headless app (tests) has no terminal to give.

    Textual takes the terminal back only when the block ends without an exception: one raised
    inside (an editor that cannot be run) is held until the reader has its terminal again."""
    if app.is_headless:
        yield
        return
    failure: Exception | None = None
    with app.suspend():
        try:
            yield
        except Exception as error:  # noqa: BLE001 (re-raised below, once the terminal is back)
            failure = error
    if failure is not None:
        raise failure


class BriefHost(Protocol):
    """What the screen needs from the app (`BriefingApp`): its environment, its brief cache,
    whether it is served to a browser and where it remembers what was read."""

    env: Mapping[str, str]
    brief_cache: BriefCache
    served: Served | None
    last_read: LastRead | None

    @property
    def read_only(self) -> bool: ...

    def after_first_frame(self, callback: Callable[[], object]) -> None: ...


def run_editor(
    app: App[object], env: Mapping[str, str], path: Path, line: int, column: int | None = None
) -> bool:
    """Open `path` at `line` (and `column`) in the user's editor and wait; False (and a notice)
    when no editor could be run. The editor is `$VISUAL`, `$EDITOR`, then the settings' `editor`.

    The editor is found before the terminal is handed over, so a missing one is a notice over
    the reader as it was; a driver that cannot hand the terminal over (Textual's web driver)
    is a notice too, never the end of the session."""
    from briefing.editor import EditorError, editor_command, run_editor_command
    from briefing.settings import load_settings

    try:
        argv = editor_command(path, line, column, env=env, setting=load_settings(env).settings.editor)
        with suspended(app):
            run_editor_command(argv, env)
    except EditorError as error:
        app.notify(str(error), title="Cannot open an editor", severity="error", markup=False)
        return False
    except SuspendNotSupported:
        app.notify(
            f"This terminal cannot be handed over to an editor. Edit {clean_line(path.name)} "
            "outside briefing: the reader follows every save.",
            title="Cannot open an editor",
            severity="error",
            markup=False,
        )
        return False
    return True


@contextlib.contextmanager
def collection_deferred() -> Iterator[None]:
    """No cyclic garbage collection inside: the objects of a newly read brief make the collector
    walk them (15–30 ms at 10,000 statements, ≈110 ms before the start-up objects were frozen),
    which would otherwise land between the save and the new version on screen. It runs after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_brief(path: Path, cache: BriefCache) -> LoadResult:
    """Load `path` (run in a thread) with every lookup of its index built, so that showing it
    on the UI thread only hands lists to the panes."""
    result = load(path, cache=cache)
    if result.loaded is not None:
        index = result.loaded.index
        for name, attribute in vars(BriefIndex).items():
            if isinstance(attribute, cached_property):
                getattr(index, name)
    return result


class EditingScreen(Screen[None]):
    """A screen showing the brief at `path`: subclasses provide `loaded`, `errors` and the panes,
    and list `EDIT_BINDINGS` among their own bindings (so that help shows them with theirs)."""

    path: Path
    loaded: LoadedBrief | None
    errors: list[BriefError]

    if TYPE_CHECKING:

        @property
        def selected_item_id(self) -> str | None: ...

        @property
        def focused_pane(self) -> BriefPane: ...

    @property
    def host(self) -> BriefHost:
        return cast(BriefHost, self.app)

    def on_mount(self) -> None:
        # Runs after the subclass's on_mount (Textual calls each class's handler, subclass first).
        self._stop_watching = asyncio.Event()
        self._reload_requests: list[Callable[[], None] | None] = []
        self._reading = False
        if self.loaded is None:
            # No digest of the bytes shown to compare with later: watch from now on (the
            # screen shows only errors, there is no large first frame to protect).
            self._watch()
        else:
            # Changes made before the watch starts are caught by the loaded digest.
            self.host.after_first_frame(self._start_watching)
        if self.loaded is None and self.errors and (panel := self.error_panel) is not None:
            panel.focus()  # nothing else to read: the errors are the way on

    def on_unmount(self) -> None:
        self._stop_watching.set()

    # --- live reload -----------------------------------------------------------------------------

    def _start_watching(self) -> None:
        if not self._stop_watching.is_set():
            self._watch()

    @work(group="watch", exclusive=True)
    async def _watch(self) -> None:
        """Reload whenever the file's bytes change; a deleted file leaves the last version shown."""
        from briefing.watch import watch_file

        digest = self.loaded.digest if self.loaded else None
        stop = self._stop_watching
        watching = watch_file(self.path, digest=digest, shown=self._shown_digest, stop_event=stop)
        try:
            async for new in watching:
                if new is None:
                    self.notify(
                        f"{self.path.name} was deleted or moved; showing the last version read.",
                        title="File gone",
                        severity="warning",
                        markup=False,
                    )
                else:
                    self.reload()
        except OSError as error:  # the folder itself went away, or cannot be watched
            self.notify(
                f"Live reload stopped: {error}. Reopen the brief to follow it again.",
                title="Not watching",
                severity="warning",
                markup=False,
            )

    def _shown_digest(self) -> str:
        """The hash of the version on screen, for the watcher to compare the file with; "" when
        none can be named (errors shown, a read under way), so that any change is read. A file
        back to its last valid bytes (undo and save, `git checkout`) is read again and closes
        the error panel; the bytes a quick edit wrote and showed are not read twice."""
        if self._reading or self.errors or self.loaded is None:
            return ""
        return self.loaded.digest

    def reload(self, then: Callable[[], None] | None = None) -> None:
        """Read the file again in a thread and show it; `then` runs once a version read after
        this call is shown. While a read runs, the next one waits for it (one thread at a time)."""
        self._reload_requests.append(then)
        if not self._reading:
            self._reading = True
            self._reload()

    @work(group="reload")
    async def _reload(self) -> None:
        try:
            while self._reload_requests:
                requests, self._reload_requests = self._reload_requests, []
                # Held back: storing a 10,000-statement brief need not come before showing it.
                cache = BriefCache(self.host.brief_cache.folder, deferred=True)
                with collection_deferred():
                    result = await asyncio.to_thread(read_brief, self.path, cache)
                    if self._torn_down:
                        return
                    # The version replaced is freed in a thread after the frame (≈8 ms at
                    # 10,000 statements), not while the panes take the new one.
                    replaced = [self.loaded]
                    self.show_result(result)
                    for then in requests:
                        if then is not None:
                            then()
                    shown = asyncio.Event()
                    self.call_after_refresh(shown.set)
                    await shown.wait()
                await asyncio.to_thread(replaced.clear)
                if not self._reload_requests:  # only the version that stays is worth caching
                    await asyncio.to_thread(cache.flush)
        finally:
            self._reading = False

    @property
    def _torn_down(self) -> bool:
        """The app quit while a thread was reading or writing: the screen's widgets are gone
        before the screen's own workers are cancelled."""
        return not self.is_attached or not self.children

    @property
    def error_panel(self) -> ErrorPanel | None:
        """The panel of the brief's errors; None until errors are first shown. A brief that opens
        valid never builds it: mounted and styled while hidden, it cost the first frame about
        1.5 ms (issue 14)."""
        return next(iter(self.query(ErrorPanel)), None)

    def show_result(self, result: LoadResult) -> None:
        """A valid brief replaces the one shown (selection kept by id) and closes the error panel;
        an invalid one leaves the last valid brief on screen beside its errors."""
        if result.loaded is not None and result.ok:
            self.show_loaded(result.loaded)
            return
        errors = result.errors
        self.errors = errors
        panel = self.error_panel
        if panel is not None and errors and (self.loaded is None or self.focused is self.focused_pane):
            # Once shown (a hidden widget takes no focus), and only if the file was not fixed
            # meanwhile: focus must not move to a panel that has closed again. At once when it
            # runs (`focus()` would move it later still, after a fix shown meanwhile).
            self.call_after_refresh(lambda: self.errors and self.set_focus(panel))

    def show_loaded(self, loaded: LoadedBrief) -> None:
        """Show a new version of the brief here and in the detail screens open over it."""
        had_errors = bool(self.errors)
        panel = self.error_panel
        refocus = panel is not None and self.focused is panel
        self.loaded = loaded
        self.errors = []
        if had_errors and refocus:
            self.set_focus(self.focused_pane)
        stack = self.app.screen_stack
        above = stack[stack.index(self) + 1 :] if self in stack else []
        if above:  # imported only when a screen is open over this one
            from briefing.screens.detail import DetailScreen

            for screen in above:
                if isinstance(screen, DetailScreen) and screen.loaded.path == loaded.path:
                    screen.show(loaded)

    # --- the user's editor ---------------------------------------------------------------------

    def action_edit(self) -> None:
        """`e`: the editor at the error under the cursor of the error panel, else at the selected item."""
        panel = self.error_panel
        error = panel.highlighted if panel is not None and self.focused is panel else None
        if isinstance(error, BriefError):
            self.edit_at(error.line, error.column)
        else:
            self.edit_item(self.selected_item_id)

    @on(ItemOpened, "#errors")
    def _open_error(self, message: ItemOpened) -> None:
        """`enter` (or a double click) on an error opens the editor at its line and column."""
        error = message.item
        if isinstance(error, BriefError):
            self.edit_at(error.line, error.column)

    def edit_item(self, item_id: str | None) -> None:
        """The editor at the line where the item starts (the first error, or line 1, without one)."""
        line = self.loaded.lines.get(item_id) if self.loaded and item_id else None
        if line is None and self.errors:
            self.edit_at(self.errors[0].line, self.errors[0].column)
        else:
            self.edit_at(line or 1)

    def edit_at(self, line: int, column: int | None = None) -> None:
        """Suspend, edit, then reload: selection stays on the same item where it still exists.
        In a browser there is no terminal to give an editor (suspending would end the session)."""
        if self.host.served is not None:
            editable = self.host.served.editable
            also = "use the quick edits a, c and +." if editable else "this brief is read-only."
            self.notify(f"No editor in the browser: {also}", title="Served", markup=False)
            return
        if run_editor(self.app, self.host.env, self.path, line, column):
            self.reload()

    # --- quick edits ---------------------------------------------------------------------------

    def _selected(self, kind: type[Question] | type[Event]) -> Question | Event | None:
        item = self.loaded.index.by_id.get(self.selected_item_id or "") if self.loaded else None
        return item if isinstance(item, kind) else None

    def _writable(self) -> bool:
        """Quick edits splice into the file on disk: not while it is invalid or read-only, nor when
        served without --allow-edit (say so, before anything is typed; the write itself refuses
        too, should the file change meanwhile)."""
        if self.host.read_only:
            self.notify("Read-only: this brief is served without --allow-edit.", title="Served", markup=False)
            return False
        if self.errors or self.loaded is None:
            self.notify("Fix the errors in the file first (e opens the editor there).", markup=False)
            return False
        with contextlib.suppress(OSError):  # a file gone is reported by the edit itself
            if is_read_only(self.path):
                self.notify(
                    f"{clean_line(self.path.name)} is read-only: quick edits cannot change it. "
                    "Make it writable to edit it here.",
                    title="Read-only",
                    severity="warning",
                    markup=False,
                )
                return False
        return True

    def action_answer(self) -> None:
        """`a`: status and answer of the selected question."""
        from briefing.screens.edit_dialogs import QuestionEdit

        if not self._writable():
            return
        question = self._selected(Question)
        if not isinstance(question, Question):
            self.notify("Select a question first (pane 4).", markup=False)
            return
        self._ask_question_edit(QuestionEdit(question.id, question.status, question.answer or ""))

    def action_change_status(self) -> None:
        """`c`: the status of the selected event, or of the selected question."""
        if not self._writable():
            return
        event = self._selected(Event)
        if isinstance(event, Event):
            self._ask_event_status(event.id, event.status)
        elif self._selected(Question) is not None:
            self.action_answer()
        else:
            self.notify("Select an event or a question first.", markup=False)

    def action_add_question(self) -> None:
        """`+`: a new open question, with an id proposed from its words."""
        from briefing.screens.edit_dialogs import NewQuestion

        if self._writable():
            self._ask_new_question(NewQuestion("", ""))

    def _ask_question_edit(self, edit: QuestionEdit) -> None:
        from briefing import quickedit
        from briefing.screens.edit_dialogs import QuestionDialog

        question = self.loaded.index.by_id.get(edit.question_id) if self.loaded else None
        if not isinstance(question, Question):
            self.notify("That question is no longer in the brief.", markup=False)
            return

        def write(result: QuestionEdit | None) -> None:
            if result is not None:
                self._write(
                    partial(
                        quickedit.set_question_status,
                        self.path,
                        result.question_id,
                        result.status,
                        result.answer,
                    ),
                    lambda: self._ask_question_edit(result),
                )

        self.app.push_screen(QuestionDialog(question, edit), write)

    def _ask_event_status(self, event_id: str, status: str) -> None:
        from briefing import quickedit
        from briefing.screens.edit_dialogs import EventStatusDialog

        event = self.loaded.index.by_id.get(event_id) if self.loaded else None
        if not isinstance(event, Event):
            self.notify("That event is no longer in the brief.", markup=False)
            return

        def write(result: str | None) -> None:
            if result is not None:
                self._write(
                    partial(quickedit.set_event_status, self.path, event_id, result),
                    lambda: self._ask_event_status(event_id, result),
                )

        self.app.push_screen(EventStatusDialog(event, status), write)

    def _ask_new_question(self, draft: NewQuestion) -> None:
        from briefing import quickedit
        from briefing.screens.edit_dialogs import AddQuestionDialog

        if self.loaded is None:
            return

        def write(result: NewQuestion | None) -> None:
            if result is not None:
                self._write(
                    partial(quickedit.add_question, self.path, result.question_id, result.text),
                    lambda: self._ask_new_question(result),
                )

        self.app.push_screen(AddQuestionDialog(set(self.loaded.index.by_id), draft), write)

    @work(group="quick-edit", exclusive=True)
    async def _write(self, edit: Callable[[str], LoadedBrief], retry: Callable[[], None]) -> None:
        """Run a quick edit against the digest shown; on a conflict reload and offer it again."""
        from briefing import quickedit

        if self.loaded is None:
            return
        try:
            loaded = await asyncio.to_thread(edit, self.loaded.digest)
        except quickedit.ConflictError:
            self.notify(
                f"{self.path.name} changed on disk since it was shown, so nothing was written. "
                "It has been reloaded; your edit is still in the dialog: save it again.",
                title="File changed",
                severity="warning",
                markup=False,
            )
            self.reload(then=retry)
            return
        except (quickedit.QuickEditError, OSError) as error:
            self.notify(str(error), title="Not written", severity="error", markup=False)
            retry()  # the dialog again, with what was typed: nothing the user wrote is lost
            return
        if not self._torn_down:
            self.show_loaded(loaded)
            self.notify(f"Saved to {self.path.name}.", markup=False)
