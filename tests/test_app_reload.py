"""Live reload: the file changes on disk and the open brief follows, keeping the reader's place;
an invalid file shows its errors beside the last valid brief until it is fixed."""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path

import pytest
from app_editing_support import WIDE, FakeEditors, copy_brief, errors_shown, screen_text, select, wait_until

from briefing import watch
from briefing.app import BriefingApp
from briefing.cache import BriefCache
from briefing.loader import LoadResult, content_digest
from briefing.screens import editing
from briefing.screens.brief import BriefScreen

pytestmark = pytest.mark.anyio

BROKEN_LINE = 1 + (Path(__file__).parent / "data" / "app" / "talks.yaml").read_text(
    encoding="utf-8"
).splitlines().index("    date: 2025-11-25")
"""The line of talks.yaml that the invalid version breaks (with a date that does not exist)."""


@pytest.fixture
def talks(tmp_path: Path) -> Path:
    return copy_brief("app/talks.yaml", tmp_path)


def rewrite(path: Path, old: str, new: str) -> str:
    """Replace text in the file as another program would; returns the file's former text."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text


async def test_changes_on_disk_appear_and_the_place_is_kept(talks: Path) -> None:
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        await select(pilot, "actors", "plekszy")
        await pilot.press("space", "3", "slash", *"plekszy", "enter")
        await pilot.pause()
        assert screen.narrow_actor == "plekszy" and screen.search_query == "plekszy"
        first = screen.loaded
        rewrite(talks, "Bordurian foreign minister", "Foreign minister of Borduria")
        await pilot.press("2")
        await wait_until(pilot, lambda: "Foreign minister of Borduria" in screen_text(app), "the new role")
        assert screen.loaded is not first
        assert screen.selected_item_id == "plekszy" and screen.narrow_actor == "plekszy"
        assert screen.search_query == "plekszy" and "search “plekszy”" in screen_text(app)
        assert not errors_shown(screen)


async def test_the_first_errors_build_the_error_panel_under_the_header(talks: Path) -> None:
    """A brief that opens valid has no error panel (issue 14: first frame); the first invalid
    version builds it between the header and the summary."""
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen) and screen.error_panel is None
        rewrite(talks, "date: 2025-11-25", "date: 2025-11-31")
        await wait_until(pilot, lambda: errors_shown(screen), "the error panel")
        assert [child.id for child in screen.children][:3] == ["header", "errors", "summary"]
        assert "1 error in the brief" in screen_text(app)


async def test_an_invalid_file_keeps_the_last_brief_beside_its_errors_until_fixed(talks: Path) -> None:
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        await select(pilot, "questions", "second-round-date")
        good = rewrite(talks, "date: 2025-11-25", "date: 2025-11-31")
        await wait_until(pilot, lambda: errors_shown(screen), "the error panel")
        panel = screen.error_panel
        await pilot.pause()
        assert [(error.line, error.column) for error in screen.errors] == [(BROKEN_LINE, 11)]
        text = screen_text(app)
        assert (
            "1 error in the brief" in text and f"{BROKEN_LINE}:11 `date`: '2025-11-31' does not exist" in text
        )
        assert "When will the second round take place?" in text  # the last valid version stays
        assert screen.loaded is not None and screen.selected_item_id == "second-round-date"
        talks.write_text(
            good.replace("When will the second round take place?", "When is the second round?"),
            encoding="utf-8",
        )
        await wait_until(pilot, lambda: not panel.has_class("-shown"), "the panel closing")
        assert screen.errors == [] and "When is the second round?" in screen_text(app)
        assert screen.focused is screen.pane("questions")


@pytest.mark.parametrize("restore", ["in place", "by rename"])
async def test_the_panel_closes_when_the_file_gets_back_its_last_valid_bytes(
    talks: Path, restore: str
) -> None:
    """Issue 12: vim's break, `:w`, `u`, `:w` (or `git checkout`, `cp good.yaml`) put back the
    exact bytes on screen, which the watcher took for no change: the panel stayed."""
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        good = rewrite(talks, "date: 2025-11-25", "date: 2025-11-31")
        await wait_until(pilot, lambda: errors_shown(screen), "the error panel")
        panel = screen.error_panel
        if restore == "in place":
            talks.write_text(good, encoding="utf-8")
        else:
            (talks.parent / "good.yaml").write_text(good, encoding="utf-8")
            (talks.parent / "good.yaml").replace(talks)
        await wait_until(pilot, lambda: not panel.has_class("-shown"), "the panel closing")
        assert screen.errors == [] and screen.loaded is not None
        assert screen.loaded.digest == content_digest(good.encode("utf-8"))


@pytest.mark.parametrize("pause", [0.0, 0.02, 0.1, 0.4])
async def test_whatever_the_pace_of_saves_the_screen_ends_on_the_file_on_disk(
    talks: Path, pause: float
) -> None:
    """Broken and restored at every pace (within one burst of events, while the broken version
    is being read, after it is shown): the reader ends valid, without the panel."""
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        await pilot.pause(0.3)  # the watcher is running
        for _ in range(3):
            good = rewrite(talks, "date: 2025-11-25", "date: 2025-11-31")
            await pilot.pause(pause)
            talks.write_text(good, encoding="utf-8")
            await pilot.pause(pause)
        on_disk = content_digest(talks.read_bytes())
        await wait_until(
            pilot,
            lambda: not screen.errors and screen.loaded is not None and screen.loaded.digest == on_disk,
            "the valid file on screen",
        )
        await wait_until(pilot, lambda: not errors_shown(screen), "the panel closed")


async def test_a_brief_opened_through_a_symlink_follows_saves_to_its_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12: through a link the reload waited for the watcher's periodic re-check (4 s);
    with that re-check out of the way, the save must come through the OS's events."""
    monkeypatch.setattr(watch, "RECHECK_MS", 600_000)
    (tmp_path / "repo").mkdir()
    target = copy_brief("app/talks.yaml", tmp_path / "repo")
    link = tmp_path / "talks.yaml"
    link.symlink_to(target)
    app = BriefingApp(link)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause(0.3)  # the watcher is running
        rewrite(target, "Bordurian foreign minister", "Foreign minister of Borduria")
        await wait_until(pilot, lambda: "Foreign minister of Borduria" in screen_text(app), "the new role")


async def test_enter_on_an_error_opens_the_editor_at_its_line_and_column(
    talks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editors = FakeEditors(tmp_path, monkeypatch)
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        rewrite(talks, "date: 2025-11-25", "date: 2025-11-31")
        # The errors take the focus (the way on is fixing them), once the panel is shown.
        await wait_until(
            pilot,
            lambda: bool(screen.errors) and screen.focused is screen.error_panel is not None,
            "the errors",
        )
        await pilot.press("enter")
        assert editors.calls[-1]["args"] == [f"+call cursor({BROKEN_LINE}, 11)", "--", str(talks)]
        await pilot.press("e")
        assert editors.calls[-1]["args"] == [f"+call cursor({BROKEN_LINE}, 11)", "--", str(talks)]
        assert len(editors.calls) == 2


async def test_a_brief_invalid_from_the_start_becomes_readable_when_fixed(tmp_path: Path) -> None:
    path = tmp_path / "late.yaml"
    path.write_text("briefing: 1\ntitle: Late\nas_of: 2025-02-30\n", encoding="utf-8")
    app = BriefingApp(path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen) and screen.loaded is None
        assert screen.focused is screen.error_panel is not None and "3:8 `as_of`" in screen_text(app)
        path.write_text("briefing: 1\ntitle: Late but valid\nas_of: 2025-02-28\n", encoding="utf-8")
        await wait_until(pilot, lambda: screen.loaded is not None, "the fixed brief")
        assert "Late but valid" in screen_text(app)
        assert not errors_shown(screen)


async def test_a_deleted_file_is_a_notice_and_the_last_version_stays(talks: Path) -> None:
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        talks.unlink()

        def noticed() -> bool:
            return any("was deleted or moved" in notice.message for notice in app._notifications)

        await wait_until(pilot, noticed, "the notice")
        assert screen.loaded is not None and "Talks on a ceasefire in Ruritania" in screen_text(app)
        assert not screen.errors
        await pilot.press("q")
    assert app.return_code == 0


async def test_leaving_the_brief_stops_its_watcher(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    copy_brief("app/talks.yaml", folder)
    (folder / "other.yaml").write_text("briefing: 1\ntitle: Other\nas_of: 2025-01-01\n", encoding="utf-8")
    app = BriefingApp(folder)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BriefScreen), "the brief")
        screen = app.screen
        await wait_until(pilot, lambda: any(w.group == "watch" for w in screen.workers), "the watcher")
        await pilot.press("backspace")
        await wait_until(
            pilot, lambda: not any(w.group == "watch" for w in app.workers), "the watcher ending"
        )


async def test_quick_edits_wait_until_the_file_is_valid_again(talks: Path) -> None:
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        await pilot.press("4")
        rewrite(talks, "date: 2025-11-25", "date: 2025-11-31")
        broken = talks.read_text(encoding="utf-8")
        await wait_until(pilot, lambda: bool(screen.errors), "the errors")
        await pilot.press("4", "a", "plus")
        await pilot.pause()
        assert app.screen is screen and talks.read_text(encoding="utf-8") == broken
        assert any("Fix the errors in the file first" in notice.message for notice in app._notifications)


async def test_a_fix_before_the_error_panel_takes_focus_leaves_focus_on_the_pane(talks: Path) -> None:
    """An invalid version and its fix arriving within one frame: the focus the panel was about to
    take must not land on the panel once it has closed again."""
    from briefing.loader import load, load_text

    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        await select(pilot, "questions", "second-round-date")
        broken = load_text(talks.read_text(encoding="utf-8").replace("date: 2025-11-25", "date: 2025-11-31"))
        assert broken.errors
        screen.show_result(broken)
        screen.show_result(load(talks))  # fixed before the next frame
        await pilot.pause()
        await pilot.pause()
        assert screen.errors == [] and not errors_shown(screen)
        assert screen.focused is screen.pane("questions")


TITLE = "Talks on a ceasefire in Ruritania"


async def test_a_burst_of_saves_is_read_one_version_at_a_time_and_ends_on_the_last(
    talks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saves made while a version is being read are read once it is shown, in one read: never
    two reads at once (they would slow each other down), and never a version already replaced."""
    first_read_may_end = threading.Event()
    lock = threading.Lock()
    reading = most = 0
    titles: list[str] = []

    def read_brief(path: Path, cache: BriefCache) -> LoadResult:
        nonlocal reading, most
        with lock:
            reading += 1
            most = max(most, reading)
        result = editing_read_brief(path, cache)
        assert result.loaded is not None
        titles.append(result.loaded.brief.title)
        if len(titles) == 1:
            first_read_may_end.wait(30)  # the rest of the burst is saved meanwhile
        with lock:
            reading -= 1
        return result

    editing_read_brief = editing.read_brief
    monkeypatch.setattr(editing, "read_brief", read_brief)
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        rewrite(talks, TITLE, "Version 1")
        screen.reload()
        await wait_until(pilot, lambda: titles == ["Version 1"], "the first read")
        rewrite(talks, "Version 1", "Version 2")
        screen.reload()
        rewrite(talks, "Version 2", "Version 3")
        screen.reload()
        first_read_may_end.set()
        await wait_until(pilot, lambda: "Version 3" in screen_text(app), "the last version")
        assert screen.loaded is not None and screen.loaded.brief.title == "Version 3"
    assert most == 1
    assert titles[0] == "Version 1" and titles[1] == "Version 3" and "Version 2" not in titles


async def test_a_reloaded_version_is_cached_and_a_version_saved_back_is_read_from_the_cache(
    talks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache entry of a reloaded version is written once it is shown; undoing an edit in the
    editor (the earlier bytes saved back) then reloads from the cache without parsing."""
    hits: list[bool] = []
    cache_get = BriefCache.get

    def get(cache: BriefCache, digest: str) -> object:
        found = cache_get(cache, digest)
        hits.append(found is not None)
        return found

    monkeypatch.setattr(BriefCache, "get", get)
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        original = rewrite(talks, TITLE, "An edited title")
        await wait_until(pilot, lambda: "An edited title" in screen_text(app), "the edit")
        on_disk = BriefCache(app.brief_cache.folder)
        digests = [content_digest(text.encode("utf-8")) for text in (original, talks.read_text("utf-8"))]
        await wait_until(pilot, lambda: all(on_disk.get(d) is not None for d in digests), "the entries")
        hits.clear()
        talks.write_text(original, encoding="utf-8")
        await wait_until(pilot, lambda: TITLE in screen_text(app), "the title saved back")
        assert hits and hits[0]


async def test_garbage_collection_waits_until_a_reloaded_version_is_shown(
    talks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full collection after reading a large brief would delay the new version on screen: the
    collector is off while a version is read and shown, and on again after, valid or not."""
    collecting: list[bool] = []
    original_read = editing.read_brief

    def read_brief(path: Path, cache: BriefCache) -> LoadResult:
        collecting.append(gc.isenabled())
        return original_read(path, cache)

    monkeypatch.setattr(editing, "read_brief", read_brief)
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        assert gc.isenabled()
        good = rewrite(talks, TITLE, "Collected later")
        await wait_until(pilot, lambda: "Collected later" in screen_text(app), "the new title")
        await wait_until(pilot, gc.isenabled, "the collector on again")
        talks.write_text(good.replace("date: 2025-11-25", "date: 2025-11-31"), encoding="utf-8")
        await wait_until(pilot, lambda: bool(screen.errors), "the errors")
        await wait_until(pilot, gc.isenabled, "the collector on again")
    assert collecting and not any(collecting)


async def test_the_version_a_reload_replaces_is_freed_in_a_thread(talks: Path) -> None:
    """Freeing a large brief takes milliseconds: the replaced version goes in a thread once the
    new one is shown, not on the UI thread while the panes take the new one (and it does go)."""
    freed: list[str] = []
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        rewrite(talks, TITLE, "First edit")
        await wait_until(pilot, lambda: "First edit" in screen_text(app), "the first edit")
        assert screen.loaded is not None
        weakref.finalize(screen.loaded, lambda: freed.append(threading.current_thread().name))
        rewrite(talks, "First edit", "Second edit")
        await wait_until(pilot, lambda: "Second edit" in screen_text(app), "the second edit")
        await wait_until(pilot, lambda: bool(freed), "the first edit freed")
    assert freed != [threading.main_thread().name]


LARGE_AND_REFUSED = "".join(["# padding line " * 5 + "\n"] * 2000) + "x-" + "k" * 1030 + ": 1\n"
"""Over 128 KB (where the loader used to take rapidyaml's path) with a key libyaml refuses and
rapidyaml accepted."""


async def test_a_large_file_libyaml_refuses_is_an_error_beside_the_last_version(talks: Path) -> None:
    """Issue 12: with a validation error too, this reload used to end in a traceback."""
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        good = talks.read_text(encoding="utf-8")
        bad = good.replace("date: 2025-11-25", "date: 2025-11-31") + LARGE_AND_REFUSED
        assert len(bad.encode()) > 128 * 1024
        talks.write_text(bad, encoding="utf-8")
        await wait_until(pilot, lambda: errors_shown(screen), "the error panel")
        panel = screen.error_panel
        await pilot.pause()
        last_line = bad.count("\n")
        assert [error.line for error in screen.errors] == [last_line]
        text = screen_text(app)
        assert "1 error in the brief" in text and f"{last_line}:" in text and "YAML syntax error" in text
        assert "Talks on a ceasefire in Ruritania" in text  # the last valid version stays
        talks.write_text(good.replace("Talks on a ceasefire", "Talks on a truce"), encoding="utf-8")
        await wait_until(pilot, lambda: not panel.has_class("-shown"), "the panel closing")
        assert "Talks on a truce in Ruritania" in screen_text(app)


async def test_a_large_file_libyaml_refuses_opens_on_its_error(tmp_path: Path) -> None:
    path = copy_brief("app/talks.yaml", tmp_path)
    text = path.read_text(encoding="utf-8").replace("date: 2025-11-25", "date: 2025-11-31")
    path.write_text(text + LARGE_AND_REFUSED, encoding="utf-8")
    app = BriefingApp(path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen) and screen.loaded is None
        await pilot.pause()
        assert len(screen.errors) == 1 and "YAML syntax error" in screen.errors[0].message
        assert screen.focused is screen.error_panel is not None
