"""The reader application: wires the library, brief, detail and help screens together.

The screens do the work; the app opens briefs, owns the screen stack, the themes (only the
catalogue's: bundled and user theme files, so a saved name always resolves) and the user's keymap.
Screens that only a key opens (help, details, the theme picker) are imported when it is pressed.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from briefing.cache import BriefCache
from briefing.lastread import LastRead
from briefing.loader import LoadedBrief, LoadResult, load, load_whole
from briefing.locations import cache_dir, state_dir
from briefing.screens.brief import BriefScreen
from briefing.settings import StartUp, start_up
from briefing.text import clean, clean_line
from briefing.themes import DEFAULT_SYMBOLS, load_catalogue
from briefing.widgets.itemlist import ItemList
from briefing.widgets.panes import NARROW_BINDING

if TYPE_CHECKING:
    from briefing.prefetch import Prefetch
    from briefing.screens.library import LibraryScreen
    from briefing.served import Served


class BriefingApp(App[int]):
    """Open a brief file, or a folder of briefs, in the reading room."""

    TITLE = "briefing"
    # The stylesheets of every screen that can be the first one are the app's: a screen's own
    # CSS_PATH makes Textual parse every stylesheet again when the screen is installed (issue 7).
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "screens/brief.tcss", "screens/library.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding(
            "ctrl+t",
            "change_theme",
            "Theme",
            show=False,
            tooltip="Pick a theme (preview, save)",
            id="app.theme",
        ),
    ]

    def __init__(
        self,
        target: Path,
        *,
        theme: str | None = None,
        env: Mapping[str, str] | None = None,
        served: Served | None = None,
        remember: bool = True,
        prefetch: Prefetch | None = None,
    ) -> None:
        """`theme` is `--theme`; `env` (default: the process environment) is where settings,
        themes and `NO_COLOR` are read from, so tests stay hermetic; `served` when the terminal
        is a browser (`briefing serve`); `remember` False (`--no-state`) when nothing may be
        remembered of what was read (a served reader never remembers: its readers are others);
        `prefetch`: a process reading `target` meanwhile (`briefing.prefetch`)."""
        self.env: Mapping[str, str] = os.environ if env is None else env
        self.served = served
        self.prefetch = prefetch
        # Before App.__init__: it asks get_theme_variable_defaults() for the catalogue's defaults.
        self.startup: StartUp = start_up(theme, self.env)
        self._themed = False
        super().__init__()
        self.target = target
        # Written after the first frame (`on_ready`), then as briefs are loaded.
        self.brief_cache = BriefCache(cache_dir(self.env) / "briefs", deferred=True)
        self.last_read = LastRead(state_dir(self.env) / "read") if remember and served is None else None
        """The version of each brief last read ("new since you last read"), or None: nothing
        remembered."""
        self.catalogue = self.startup.catalogue
        self._reported = set(self.startup.problems)
        builtin = set(self.available_themes) - set(self.catalogue.themes)
        for textual_theme in self.catalogue.textual_themes():
            self.register_theme(textual_theme)
        self.theme = self.startup.theme.name
        for name in builtin:  # only our themes in the picker, so a saved name always resolves
            self.unregister_theme(name)
        self.set_keymap(self.startup.keymap)
        # Setting the theme asks for a refresh of the CSS, which would parse every stylesheet a
        # second time and style every widget again just after the first screen is styled; the
        # stylesheet is given the theme's variables now, before it reads any CSS (issue 14).
        self._themed = True
        self.stylesheet.set_variables(self.get_css_variables())
        self._css_current = True
        self._started = False
        self._held: list[events.Key] | None = None
        """Keys pressed while only the head of the brief is shown (None: none is)."""
        self._after_start: list[Callable[[], object]] = []

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, from any screen, passes here: its text (which may name a file, a
        config key or a theme) is cleaned of control sequences before it is shown."""
        super().notify(
            clean(message), title=clean_line(title), severity=severity, timeout=timeout, markup=markup
        )

    def validate_title(self, title: object) -> str:
        """The app's title, like every text that may reach the terminal, is cleaned."""
        return clean_line(str(title))

    def validate_sub_title(self, sub_title: object) -> str:
        return clean_line(str(sub_title))

    def get_css_variables(self) -> dict[str, str]:
        """None while `App.__init__` runs: it would work out the variables of Textual's default
        theme (about 1 ms), only for `__init__` to set ours before any CSS is read."""
        return super().get_css_variables() if self._themed else {}

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return self.startup.catalogue.default_variables()

    @property
    def theme_symbols(self) -> dict[str, str]:
        """The current theme's symbol for each status, question state and statement kind."""
        theme = self.catalogue.themes.get(self.theme)
        return theme.symbols if theme else DEFAULT_SYMBOLS

    def on_mount(self) -> None:
        for problem in self.startup.problems:  # once per start, never again
            self.notify(problem, title="Settings", severity="warning", timeout=15, markup=False)
        if self.served is not None and self.served.editable:
            self.notify(
                "Editing is on: anyone who can reach this server can change the brief (a, c, +).",
                title="Served with --allow-edit",
                severity="warning",
                timeout=15,
                markup=False,
            )
        elif self.served is not None:
            self.notify(
                "Read-only: editing and quick edits are off; x exports as a download.",
                title="Served",
                timeout=10,
                markup=False,
            )

    @property
    def read_only(self) -> bool:
        """Served without --allow-edit: nothing may change the brief or the settings."""
        return self.served is not None and not self.served.editable

    async def on_event(self, event: events.Event) -> None:
        """A key for one of the reader's lists acts as it arrives, in the order keys arrive.

        Textual routes each key to the focused widget as it takes it from the queue, but runs
        the key's binding only once the key has bubbled back up: the keys of one burst (a slow
        SSH or mosh link) were all routed to the list before the first acted. After `/` they
        still went to the list, not to the search field, as commands: `/quote` opened the editor
        and quit (issue 12). A list handles no key itself, so its bindings can run here."""
        if self._held is not None and isinstance(event, events.InputEvent) and not event.is_forwarded:
            if isinstance(event, events.Key):
                self._held.append(event)
            return
        if isinstance(event, events.Key) and not event.is_forwarded and isinstance(self.focused, ItemList):
            self.app_focus = True
            if await self._check_bindings(event.key, priority=True) or await self._check_bindings(event.key):
                return
        await super().on_event(event)

    def refresh_css(self, animate: bool = True) -> None:
        """The refresh asked for by the theme set in `__init__` is skipped: the stylesheet was
        first parsed with that theme's variables (any later refresh, a theme picked, happens)."""
        if self._css_current and not self._started:
            self._css_current = False
            return
        self._css_current = False
        super().refresh_css(animate)

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the first frame is on the terminal (work that must not delay it).

        Before the app is ready, callbacks wait for `on_ready` (Textual writes the first frame
        by then); after it, for the next refresh."""
        if self._started:
            self.call_after_refresh(callback)
        else:
            self._after_start.append(callback)

    def on_ready(self) -> None:
        """The first frame is on the terminal: start the work held back for it (issue 7)."""
        self._started = True
        if not gc.isenabled():  # paused by `briefing.launch` for the start-up
            self.call_after_refresh(_resume_garbage_collection)
        self._after_start.append(self._write_cache)
        for callback in self._after_start:
            self.call_after_refresh(callback)
        self._after_start.clear()

    def _write_cache(self) -> None:
        """The briefs opened at start go to the cache, in a thread; later ones as they load."""
        self.brief_cache.deferred = False
        self.run_worker(self.brief_cache.flush, thread=True, group="brief-cache")

    def get_default_screen(self) -> Screen[object]:
        """The base screen of the app: the brief, or the library of a folder of briefs.

        It is the app's default screen, not pushed from `on_mount` over a blank one: a screen
        pushed during start-up is first drawn while Textual still holds its start-up batch, so
        that frame is dropped, and the next one repaints only what changed since (the header
        came a frame late, issue 7)."""
        if self.target.is_dir():
            from briefing.library import HeadStore, brief_paths  # a folder's: not a file's first frame

            paths = brief_paths(self.target)
            if len(paths) != 1:
                from briefing.screens.library import LibraryScreen

                store = HeadStore(self.target, cache_dir(self.env) / "library")
                return LibraryScreen(self.target, store, paths)
            return self.brief_screen(self.load_brief(paths[0]))
        result = self.load_brief(self.target, head=True)
        head = result.loaded
        if head is not None and head.head is not None:
            # Only the head of a large brief, drawn first: the whole brief is decoded after the
            # first frame and replaces it; keys wait for it (`on_event`), the mouse is ignored.
            self._held = []
            self.after_first_frame(partial(self._read_whole, head))
        return self.brief_screen(result)

    def load_brief(self, path: Path, *, head: bool = False) -> LoadResult:
        """Load through the content-hash cache: reopening an unchanged brief skips parsing, and
        with `head` a large one is only its head (`briefing.head`) until `_read_whole`."""
        if self.prefetch is not None:  # the first brief, read by another process meanwhile
            prefetch, self.prefetch = self.prefetch, None
            return prefetch.load(path, self.brief_cache, head=head)
        return load(path, cache=self.brief_cache, head=head)

    def _read_whole(self, head: LoadedBrief) -> None:
        self.run_worker(
            partial(load_whole, head, self.brief_cache), group="whole", thread=True, exit_on_error=False
        )

    @on(Worker.StateChanged)
    async def _whole_read(self, event: Worker.StateChanged) -> None:
        """The whole brief replaces its head (unless a reload replaced it first); then the keys
        pressed meanwhile act, in their order, before any pressed since."""
        if event.worker.group != "whole" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        if self._held is None:
            return
        result = event.worker.result if event.state == WorkerState.SUCCESS else None
        screen = self.screen_stack[0] if self.screen_stack else None
        if isinstance(screen, BriefScreen) and screen.loaded is not None and screen.loaded.head is not None:
            whole = result if isinstance(result, LoadResult) else load(screen.path, cache=self.brief_cache)
            screen.errors = whole.errors
            screen.loaded = whole.loaded
        held, self._held = self._held, None
        for key in held:
            await self.on_event(events.Key(key.key, key.character))

    @staticmethod
    def brief_screen(result: LoadResult) -> BriefScreen:
        """The screen of one brief; an invalid brief shows its errors over an empty brief."""
        return BriefScreen(result.loaded, result.errors, path=result.path)

    def on_library_screen_open(self, message: LibraryScreen.Open) -> None:
        """Open a brief from the library; a search hit opens it at the item found."""
        screen = self.brief_screen(self.load_brief(message.path))
        self.push_screen(screen)
        if message.item_id is not None:
            item_id = message.item_id
            self.call_after_refresh(lambda: screen.jump_to(item_id))

    def action_change_theme(self) -> None:
        """ctrl+t and the palette's "Theme" command: our picker, with preview and "save as default"."""
        from briefing.screens.theme_picker import ThemePicker

        if not isinstance(self.screen, ThemePicker):
            self.reload_themes()
            self.push_screen(ThemePicker(self.catalogue, self.env))

    def reload_themes(self) -> None:
        """Read the theme folders again, so that a file dropped in while reading can be picked at
        once; a file that is newly broken is reported once, like at start."""
        catalogue = load_catalogue(self.env)
        for textual_theme in catalogue.textual_themes():
            self.register_theme(textual_theme)
        for name in set(self.catalogue.themes) - set(catalogue.themes) - {self.theme}:
            self.unregister_theme(name)  # deleted or broken since
        self.catalogue = catalogue
        for problem in (str(error) for error in catalogue.errors):
            if problem not in self._reported:
                self._reported.add(problem)
                self.notify(problem, title="Themes", severity="warning", timeout=15, markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette's commands: theme and quit, our help rather than Textual's key panel, then
        the screen's own (`PALETTE`: export, fold the summary, ...), worded by their bindings."""
        yield from (c for c in super().get_system_commands(screen) if c.title in ("Theme", "Quit"))
        yield SystemCommand("Help", "Every key of the reader (?)", self.action_help)
        bindings = {b.action: b for b in screen.BINDINGS if isinstance(b, Binding)}
        for action in getattr(screen, "PALETTE", ()):
            binding = bindings[action]
            title = binding.tooltip or binding.description
            yield SystemCommand(
                binding.description, f"{title} ({binding.key})", getattr(screen, f"action_{action}")
            )

    def action_help(self) -> None:
        """Every key of the reader, from the bindings themselves."""
        from briefing.screens.detail import DetailList, DetailScreen
        from briefing.screens.filter_menu import FilterMenu
        from briefing.screens.help import HelpScreen
        from briefing.screens.library import LibraryList, LibraryScreen

        if isinstance(self.screen, HelpScreen):
            return
        palette = [
            Binding(self.COMMAND_PALETTE_BINDING, "command_palette", "Jump to an actor, event or question")
        ]
        self.push_screen(
            HelpScreen(
                {
                    "Anywhere": [*self.BINDINGS, *palette],
                    "Brief": [*BriefScreen.BINDINGS, NARROW_BINDING],
                    "Lists": ItemList.BINDINGS,
                    "Details": [*DetailList.BINDINGS, *DetailScreen.BINDINGS],
                    "Filter menu": FilterMenu.BINDINGS,
                    "Library": [*LibraryList.BINDINGS, *LibraryScreen.BINDINGS],
                }
            )
        )


def _resume_garbage_collection() -> None:
    """Turn the collector back on, with what start-up built (the app, the brief) set aside as
    permanent: later collections, which can land on a keystroke, then skip all of it."""
    gc.freeze()
    gc.enable()
