"""New since you last read (issue 15): the reader remembers the version of each brief last read
and, on the next open (after the first frame), marks the items added (+) or changed (~) since in
the gutter, says `1 new, 1 changed, 1 removed since 19 Nov 14:30 (u)` in the header, lists the
changes with `u` (enter jumps, a removed item has nothing to jump to) and marks all as read with
`m`. Leaving the brief remembers the version on screen; a live reload is marked the same way;
`--no-state` remembers nothing."""

from __future__ import annotations

import os
import threading
import weakref
from pathlib import Path
from typing import Any

import pytest
from app_editing_support import failing, noting_the_first_frame, screen_text, wait_until
from conftest import TALKS

from briefing import arguments, cli, launch
from briefing.app import BriefingApp
from briefing.lastread import LastRead
from briefing.loader import LoadedBrief, load
from briefing.locations import state_dir
from briefing.screens import since as since_module
from briefing.screens.brief import BriefScreen
from briefing.screens.since import ChangeList, SinceScreen, when_read

pytestmark = pytest.mark.anyio
WIDE = (120, 40)
NARROW = (80, 24)
READ_AT = 1_763_562_600.0
"""When the older version was read (19 Nov 2025, 14:30 UTC)."""


def store() -> LastRead:
    """The reader's own store, in the test's `XDG_STATE_HOME` (conftest)."""
    return LastRead(state_dir() / "read")


def loaded(path: Path) -> LoadedBrief:
    result = load(path)
    assert result.loaded is not None
    return result.loaded


def older_version(brief_path: Path) -> str:
    """The test brief as it was before: the walkout was unverified (now denied), Oumierov had not
    yet said the leaked document is not theirs (now a statement), a question was still asked
    (now removed)."""
    text = brief_path.read_text(encoding="utf-8")
    text = text.replace("    status: denied", "    status: unverified")  # the walkout
    start, end = text.index("  - id: oumierov-leak"), text.index("questions:")
    text = text[:start] + text[end:]
    return text + "  - id: signed\n    question: Was a ceasefire signed?\n    status: open\n"


def remember_older(brief_path: Path, tmp_path: Path) -> None:
    """Remember the older version as the one read at `READ_AT`."""
    old = tmp_path / "older" / brief_path.name
    old.parent.mkdir()
    old.write_text(older_version(brief_path), encoding="utf-8")
    version = loaded(old)
    assert store().put(brief_path, version.brief, version.digest, READ_AT)


def header(app: BriefingApp) -> str:
    return "\n".join(screen_text(app).splitlines()[:5])


async def compared(pilot: Any, app: BriefingApp) -> BriefScreen:
    """The brief screen once its comparison with the version last read is shown."""
    screen = app.screen
    assert isinstance(screen, BriefScreen)
    await wait_until(pilot, lambda: screen._since is not None, "the comparison with the version read")
    await pilot.pause()
    return screen


def marks(screen: BriefScreen) -> dict[str, dict[Any, str]]:
    return {name: screen.pane(name).changed for name in ("timeline", "actors", "statements", "questions")}


SUMMARY = "1 new, 1 changed, 1 removed since {when} (u)"


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_items_changed_since_last_read_are_marked(
    brief_path: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    remember_older(brief_path, tmp_path)
    app = BriefingApp(brief_path)
    async with app.run_test(size=size) as pilot:
        screen = await compared(pilot, app)
        assert SUMMARY.format(when=when_read(READ_AT)) in header(app)
        assert marks(screen) == {
            "timeline": {"walkout": "~"},
            "actors": {},
            "statements": {"oumierov-leak": "+"},
            "questions": {},  # the removed question has no row
        }
        text = screen_text(app)
        # The gutter's middle column, beside the warnings' `!`: no colour needed.
        assert "│ ~ 19 Nov 2025 [✘ DENIED] Bordurian delegation" in text
        assert "│  !18 Nov 2025 – 19 Nov 2025 [✔ CONFIRMED]" in text  # warned, not changed
        await pilot.press("3", "G")
        await pilot.pause()
        assert screen.pane("statements").highlighted.id == "oumierov-leak"
        assert "│›+ [“ QUOTE] Rustem Oumierov" in screen_text(app)


async def test_the_time_read_is_said_as_a_reader_says_it() -> None:
    now = 1_763_562_600.0
    local = when_read(now, now)
    assert local.count(" ") == 2 and local.split()[1] in since_module.MONTHS  # `19 Nov 14:30`
    a_year_before = when_read(now - 366 * 86400, now)
    assert a_year_before.split()[2].isdigit() and len(a_year_before.split()) == 4  # `18 Nov 2024 14:30`


def test_a_time_no_clock_gives_is_said_as_the_last_session() -> None:
    assert when_read(1e300) == when_read(float("nan")) == "your last session"


def test_a_remembered_brief_past_comparing_is_no_memory(
    brief_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A state file holds a brief of the format's types, not one the loader checked: if comparing
    with it fails, the version shown is remembered as read and nothing is marked."""
    remember_older(brief_path, tmp_path)
    shown = loaded(brief_path)

    def broken(old: Any, new: Any) -> Any:
        raise KeyError("an id the remembered brief refers to and does not have")

    monkeypatch.setattr(since_module, "diff", broken)
    result = since_module.compare(store(), brief_path, weakref.ref(shown), None)
    assert result is not None and result.changes == [] and result.baseline.digest == shown.digest
    remembered = store().get(brief_path)
    assert remembered is not None and remembered.digest == shown.digest


async def test_the_first_open_marks_nothing_and_remembers_the_version(brief_path: Path) -> None:
    assert store().get(brief_path) is None
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await compared(pilot, app)
        assert " since " not in header(app)
        assert all(not pane for pane in marks(screen).values())
        remembered = store().get(brief_path)
        assert remembered is not None and remembered.digest == loaded(brief_path).digest
        await pilot.press("u")
        await pilot.pause()
        assert app.screen is screen  # nothing to list


async def test_the_comparison_comes_after_the_first_frame(
    brief_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember_older(brief_path, tmp_path)
    compared_when = noting_the_first_frame(monkeypatch, since_module, "compare")
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await compared(pilot, app)
        assert compared_when == [True]


async def test_u_lists_the_changes_and_enter_jumps_to_the_item(brief_path: Path, tmp_path: Path) -> None:
    remember_older(brief_path, tmp_path)
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await compared(pilot, app)
        await pilot.press("u")
        assert isinstance(app.screen, SinceScreen)
        rows = app.screen.query_one(ChangeList)
        assert [(change.kind, change.id) for change in rows.items] == [
            ("changed", "walkout"),
            ("added", "oumierov-leak"),
            ("removed", "signed"),
        ]
        text = screen_text(app)
        assert "~ event `walkout`: status unverified → denied" in text
        assert "- removed question `signed`: Was a ceasefire signed? (gone: nothing to jump to)" in text
        # A removed item: nothing to jump to, the list stays.
        await pilot.press("G", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SinceScreen)
        await pilot.press("k", "enter")
        assert app.screen is screen
        assert screen.active_pane == "statements"
        assert screen.pane("statements").highlighted.id == "oumierov-leak"
        assert screen.focused is screen.pane("statements")


async def test_enter_jumps_even_when_a_search_hides_the_item(brief_path: Path, tmp_path: Path) -> None:
    remember_older(brief_path, tmp_path)
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await compared(pilot, app)
        await pilot.press("slash", *"draft", "enter")
        await wait_until(pilot, lambda: screen.pane("timeline").index_of("walkout") < 0, "the search")
        await pilot.press("u", "enter")  # the first change: the walkout
        assert screen.pane("timeline").highlighted.id == "walkout"
        assert screen.search_query == ""


async def test_m_marks_all_as_read_and_it_is_remembered(brief_path: Path, tmp_path: Path) -> None:
    remember_older(brief_path, tmp_path)
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await compared(pilot, app)
        assert " since " in header(app)
        await pilot.press("m")
        await pilot.pause()
        assert " since " not in header(app)
        assert all(not pane for pane in marks(screen).values())
        assert "│   19 Nov 2025 [✘ DENIED]" in screen_text(app)
        app.last_read.wait()  # type: ignore[union-attr]
        remembered = store().get(brief_path)
        assert remembered is not None and remembered.digest == loaded(brief_path).digest
        assert remembered.read_at > READ_AT
    again = BriefingApp(brief_path)
    async with again.run_test(size=WIDE) as pilot:
        screen = await compared(pilot, again)
        assert " since " not in header(again) and all(not pane for pane in marks(screen).values())


async def test_m_in_the_list_marks_all_as_read(brief_path: Path, tmp_path: Path) -> None:
    remember_older(brief_path, tmp_path)
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await compared(pilot, app)
        await pilot.press("u", "m")
        await pilot.pause()
        assert app.screen is screen and screen._since is not None and screen._since.changes == []


async def test_leaving_remembers_the_version_on_screen(brief_path: Path, tmp_path: Path) -> None:
    remember_older(brief_path, tmp_path)
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await compared(pilot, app)
        await pilot.press("q")
    app.last_read.wait()  # type: ignore[union-attr]
    remembered = store().get(brief_path)
    assert remembered is not None and remembered.digest == loaded(brief_path).digest
    assert remembered.read_at > READ_AT


async def test_a_live_reload_is_marked_against_the_version_read(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=NARROW) as pilot:
        screen = await compared(pilot, app)  # first open: nothing marked
        text = brief_path.read_text(encoding="utf-8")
        changed = text.replace("    title: Second round planned", "    title: Second round in Geneva")
        brief_path.write_text(changed, encoding="utf-8")
        await wait_until(pilot, lambda: "1 changed since" in header(app), "the reload's change in the header")
        assert screen.pane("timeline").changed == {"second-round": "~"}
        await pilot.pause()
        assert "│ ~!25 Nov 2025 [? UNVERIFIED] Second round in Geneva" in screen_text(app)  # and warned
        # Marked as read, then changed again: only the newest change is marked.
        await pilot.press("m")
        brief_path.write_text(changed.replace("    status: denied", "    status: disputed"), encoding="utf-8")
        await wait_until(pilot, lambda: "1 changed since" in header(app), "the second reload in the header")
        assert screen.pane("timeline").changed == {"walkout": "~"}


async def test_a_damaged_memory_is_no_memory(brief_path: Path) -> None:
    file = store().file_for(brief_path)
    file.parent.mkdir(parents=True)
    file.write_bytes(b"\x78\x9c" + os.urandom(4096))  # looks like zlib, is not
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await compared(pilot, app)
        assert " since " not in header(app) and all(not pane for pane in marks(screen).values())
        assert app.is_running
    remembered = store().get(brief_path)  # replaced by the version read
    assert remembered is not None and remembered.digest == loaded(brief_path).digest


async def test_a_failing_comparison_costs_its_marks_not_the_session(
    brief_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember_older(brief_path, tmp_path)
    calls = failing(monkeypatch, since_module, "compare")
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await wait_until(pilot, lambda: bool(calls), "the comparison")
        await pilot.pause()
        await pilot.press("j")
        assert app.is_running and " since " not in header(app)


async def test_no_state_remembers_nothing(brief_path: Path, tmp_path: Path) -> None:
    app = BriefingApp(brief_path, remember=False)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        await wait_until(pilot, lambda: screen.warnings is not None, "the work after the first frame")
        brief_path.write_text(older_version(brief_path), encoding="utf-8")  # a live reload
        await wait_until(pilot, lambda: "signed" in screen.loaded.index.by_id, "the reload")  # type: ignore[union-attr]
        await pilot.press("m", "q")
    assert app.last_read is None
    assert not state_dir().exists()  # not even the folder


def test_the_command_line_passes_no_state_to_the_reader(
    brief_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[dict[str, Any]] = []
    monkeypatch.setattr(launch, "start_reader", lambda path, **options: started.append(options) or 0)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert cli.main(["--no-state", str(brief_path)]) == 0
    assert cli.main([str(brief_path)]) == 0
    assert [options["remember"] for options in started] == [False, True]
    assert (
        "--no-state" in arguments.build_parser()._subparsers._group_actions[0].choices["open"].format_help()
    )  # type: ignore[union-attr]


async def test_a_served_reader_remembers_nothing(brief_path: Path) -> None:
    from briefing.served import Served

    assert BriefingApp(brief_path, served=Served(editable=False)).last_read is None


async def test_going_back_to_the_library_remembers_the_version_on_screen(tmp_path: Path) -> None:
    from briefing.screens.library import LibraryScreen

    library = tmp_path / "library"
    library.mkdir()
    brief_path = library / "talks.yaml"
    brief_path.write_bytes(TALKS.read_bytes())
    (library / "other.yaml").write_bytes(TALKS.read_bytes())
    remember_older(brief_path, tmp_path)
    app = BriefingApp(library)
    async with app.run_test(size=WIDE) as pilot:
        shelf = app.screen
        assert isinstance(shelf, LibraryScreen)
        for visit in range(2):
            shelf.post_message(LibraryScreen.Open(brief_path))
            await wait_until(pilot, lambda: isinstance(app.screen, BriefScreen), "the brief opened")
            screen = await compared(pilot, app)
            if visit == 0:
                assert screen.pane("timeline").changed == {"walkout": "~"}
                await pilot.press("backspace")
                assert app.screen is shelf
                app.last_read.wait()  # type: ignore[union-attr]
                remembered = store().get(brief_path)
                assert remembered is not None and remembered.digest == loaded(brief_path).digest
            else:  # read when left: nothing new since
                assert all(not pane for pane in marks(screen).values()) and " since " not in header(app)


async def test_the_key_bar_offers_u_and_m_when_something_changed(brief_path: Path, tmp_path: Path) -> None:
    remember_older(brief_path, tmp_path)
    app = BriefingApp(brief_path)
    async with app.run_test(size=(180, 40)) as pilot:
        await compared(pilot, app)
        keys = screen_text(app).splitlines()[-1]
        assert "u Changes" in keys and "m Mark read" in keys
        await pilot.press("m")
        await pilot.pause()
        keys = screen_text(app).splitlines()[-1]
        assert "u Changes" not in keys and "m Mark read" not in keys


async def test_the_palette_offers_the_changes_and_mark_all_read(brief_path: Path, tmp_path: Path) -> None:
    remember_older(brief_path, tmp_path)
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await compared(pilot, app)
        commands = {command.title: command for command in app.get_system_commands(screen)}
        assert {"Changes", "Mark read"} <= set(commands)
        assert "(u)" in commands["Changes"].help and "(m)" in commands["Mark read"].help
        commands["Changes"].callback()
        await pilot.pause()
        assert isinstance(app.screen, SinceScreen)


async def test_the_library_says_which_briefs_changed_since_they_were_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.screens.library import LibraryList, LibraryScreen

    library = tmp_path / "library"
    library.mkdir()
    for name in ("changed", "read", "never"):
        text = TALKS.read_text(encoding="utf-8").replace("Talks on", f"{name.title()} talks on", 1)
        (library / f"{name}.yaml").write_text(text, encoding="utf-8")
    remember_older(library / "changed.yaml", tmp_path)
    current = loaded(library / "read.yaml")
    store().put(library / "read.yaml", current.brief, current.digest, READ_AT)
    stamped_when = noting_the_first_frame(monkeypatch, LastRead, "stamp")
    app = BriefingApp(library)
    async with app.run_test(size=WIDE) as pilot:
        shelf = app.screen
        assert isinstance(shelf, LibraryScreen)
        rows = shelf.query_one(LibraryList)
        await wait_until(pilot, lambda: bool(rows.changed_since_read), "the versions read compared")
        assert rows.changed_since_read == {library / "changed.yaml"}
        assert stamped_when and all(stamped_when)  # after the first frame
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert any("Changed talks on" in line and LibraryList.CHANGED in line for line in lines)
        assert not any(("Read talks" in line or "Never talks" in line) and "~" in line for line in lines)
        # Read now: back in the library, the brief is no longer said to have changed.
        shelf.post_message(LibraryScreen.Open(library / "changed.yaml"))
        await wait_until(pilot, lambda: isinstance(app.screen, BriefScreen), "the brief opened")
        await compared(pilot, app)
        await pilot.press("backspace")
        await wait_until(pilot, lambda: not rows.changed_since_read, "the mark gone")
        assert LibraryList.CHANGED not in screen_text(app)


def test_head_records_keep_the_digest_and_older_records_are_read_again(tmp_path: Path) -> None:
    import msgspec

    from briefing.library import HeadStore

    library, cache = tmp_path / "library", tmp_path / "cache"
    library.mkdir()
    path = library / "a.yaml"
    path.write_bytes(TALKS.read_bytes())
    store = HeadStore(library, cache)
    [cold] = store.entries([path])
    store.save([store.read(cold)])
    [warm] = HeadStore(library, cache).entries([path])
    assert warm.head is not None and warm.head.digest == loaded(path).digest
    # A record written before digests were kept: read once more, not shown as never read.
    records = msgspec.msgpack.decode(store.file.read_bytes())
    for record in records.values():
        del record["head"]["digest"]
    store.file.write_bytes(msgspec.msgpack.encode(records))
    [older] = HeadStore(library, cache).entries([path])
    assert older.head is None


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_the_marks_move_nothing_on_screen(
    brief_path: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The header's count shares its one status line with the warnings: the panes sit where they
    sit with nothing remembered (`--no-state`)."""
    remember_older(brief_path, tmp_path)
    layouts = []
    for remember in (True, False):
        app = BriefingApp(brief_path, remember=remember)
        async with app.run_test(size=size) as pilot:
            screen = app.screen
            assert isinstance(screen, BriefScreen)
            await wait_until(pilot, lambda: screen.warnings is not None, "the warnings")  # noqa: B023
            if remember:
                await compared(pilot, app)
                assert " since " in header(app)
            await pilot.pause()
            layouts.append([screen.pane(name).region for name in ("timeline", "statements")])
            assert all(region.height > 0 for region in layouts[-1][: 1 if size == NARROW else 2])
    assert layouts[0] == layouts[1]


async def test_the_state_is_written_off_the_reader_s_thread(
    brief_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember_older(brief_path, tmp_path)
    on_main: list[bool] = []
    put = LastRead.put

    def noting(self: LastRead, *args: Any, **kwargs: Any) -> bool:
        on_main.append(threading.current_thread() is threading.main_thread())
        return put(self, *args, **kwargs)

    monkeypatch.setattr(LastRead, "put", noting)
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await compared(pilot, app)
        await pilot.press("m")
        await pilot.pause()
    app.last_read.wait()  # type: ignore[union-attr]
    store().file_for(brief_path).unlink()  # and a first open, which remembers at once
    first = BriefingApp(brief_path)
    async with first.run_test(size=WIDE) as pilot:
        await compared(pilot, first)
    first.last_read.wait()  # type: ignore[union-attr]
    assert len(on_main) >= 4 and not any(on_main)  # m, leaving, first open, leaving


async def test_u_opens_on_the_change_after_the_one_last_jumped_to(brief_path: Path, tmp_path: Path) -> None:
    """Going through the changes is `u`, `enter`, `u`, `enter`: each time the next one."""
    remember_older(brief_path, tmp_path)
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await compared(pilot, app)
        await pilot.press("u", "enter")
        assert screen.pane("timeline").highlighted.id == "walkout"
        await pilot.press("u")
        assert app.screen.query_one(ChangeList).highlighted.id == "oumierov-leak"
        await pilot.press("enter")
        assert screen.pane("statements").highlighted.id == "oumierov-leak"
        await pilot.press("u")
        assert app.screen.query_one(ChangeList).highlighted.id == "signed"  # the last: removed


def test_the_brief_s_own_fields_count_as_one_change(brief_path: Path, tmp_path: Path) -> None:
    shown = loaded(brief_path)
    text = brief_path.read_text(encoding="utf-8")
    older = tmp_path / "older.yaml"
    older.write_text(text.replace("as_of: 2025-11-21", "as_of: 2025-11-20").replace("Talks", "Talk"), "utf-8")
    baseline = since_module.Baseline(loaded(older).brief, "older", READ_AT)
    since = since_module.Since(shown.digest, baseline, since_module.diff(baseline.brief, shown.brief))
    assert [change.section for change in since.changes] == ["brief", "brief"]  # title, as of
    assert since.summary == f"1 changed since {when_read(READ_AT)}"
    assert all(not since.marks(section) for section in ("events", "actors", "statements", "questions"))
