"""The details screen shows an item's history when the brief is in git: read in a worker after
the screen is shown (never blocking it), and nothing at all when the brief is not in git."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import threading
from pathlib import Path

import pytest
from app_editing_support import failing, wait_until
from test_diff_command import commit, git

from briefing.app import BriefingApp
from briefing.screens import detail
from briefing.screens.detail import DetailList, DetailScreen

TALKS = Path(__file__).parent / "data" / "app" / "talks.yaml"
pytestmark = pytest.mark.anyio
CONFIRMED = TALKS.read_text(encoding="utf-8").replace("    status: unverified", "    status: confirmed")
"""The second round of talks (`second-round`) confirmed."""


@pytest.fixture
def kept(tmp_path: Path) -> Path:
    """The reader's test brief in a git repository: committed, then the second round confirmed."""
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Ann Keeper")
    git(tmp_path, "config", "user.email", "ann@example.org")
    path = tmp_path / "talks.yaml"
    path.write_text(TALKS.read_text(encoding="utf-8"), encoding="utf-8")
    commit(tmp_path, "First version")
    path.write_text(CONFIRMED, encoding="utf-8")
    commit(tmp_path, "Second round confirmed")
    return path


def history_values(screen: DetailScreen) -> list[str]:
    return [row.value for row in screen.query_one(DetailList).items if row.id.startswith("history:")]


async def open_details(app: BriefingApp, pilot, item_id: str) -> DetailScreen:  # type: ignore[no-untyped-def]
    await pilot.press("1")
    assert app.screen.pane("timeline").move_to(item_id)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, DetailScreen) and app.screen.item_id == item_id
    return app.screen


async def test_an_items_history_under_its_fields(kept: Path) -> None:
    app = BriefingApp(kept)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_details(app, pilot, "second-round")
        await wait_until(pilot, lambda: history_values(screen), "the history")
        values = history_values(screen)
        assert values[0].endswith("  Ann Keeper  Second round confirmed")
        assert values[1] == "  ~ event `second-round`: status unverified → confirmed"
        assert values[2].endswith("  Ann Keeper  First version")
        assert values[3].startswith("  + new event `second-round`")
        rows = screen.query_one(DetailList).items
        assert [row.label for row in rows if row.id.startswith("history:")][:2] == ["History", ""]
        assert all(row.target is None for row in rows if row.id.startswith("history:"))  # not stops
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "status unverified → confirmed" in text


async def test_an_item_unchanged_since_the_first_version(kept: Path) -> None:
    app = BriefingApp(kept)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_details(app, pilot, "walkout")
        await wait_until(pilot, lambda: history_values(screen), "the history")
        assert len(history_values(screen)) == 2
        assert history_values(screen)[0].endswith("First version")


async def test_nothing_when_the_brief_is_not_in_git(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_details(app, pilot, "second-round")
        await wait_until(pilot, lambda: screen.history_read, "git's answer")
        await pilot.pause()
        assert history_values(screen) == []
        assert not app._notifications  # no error said either


async def test_the_screen_is_shown_before_git_answers(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """History that takes long (a slow disk, a long history) never delays the details."""
    release = threading.Event()
    real = detail.brief_history

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(detail, "brief_history", slow)
    app = BriefingApp(kept)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_details(app, pilot, "second-round")
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Event: " in text and "In the file" in text
        assert history_values(screen) == []
        release.set()
        await wait_until(pilot, lambda: history_values(screen), "the history")
        assert history_values(screen)[1] == "  ~ event `second-round`: status unverified → confirmed"


async def test_a_reload_reads_the_history_again(kept: Path) -> None:
    app = BriefingApp(kept)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_details(app, pilot, "second-round")
        await wait_until(pilot, lambda: history_values(screen), "the history")
        denied = CONFIRMED.replace("title: Second round planned", "title: Second round put off")
        kept.write_text(denied, encoding="utf-8")
        commit(kept.parent, "Put off")
        # A commit does not touch the file: the reload after the next save reads it (this one may
        # have come between the save and the commit).
        kept.write_text(denied + "# saved again\n", encoding="utf-8")
        await wait_until(pilot, lambda: history_values(screen)[0].endswith("Put off"), "the new commit")


async def test_leaving_the_details_stops_a_git_that_never_answers(
    kept: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A git that hangs (a lock, a network filesystem) is stopped when its details close, as when
    the reader quits: neither waits for it (quitting had waited up to a minute a git call)."""
    bin_dir, started = tmp_path / "bin", tmp_path / "started"
    bin_dir.mkdir()
    (bin_dir / "git").write_text(f"#!/bin/sh\necho $$ >> {shlex.quote(str(started))}\nexec sleep 600\n")
    (bin_dir / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    pids: list[int] = []
    try:
        app = BriefingApp(kept)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_details(app, pilot, "second-round")
            await wait_until(pilot, started.exists, "git started")
            pids = [int(pid) for pid in started.read_text().split()]
            await pilot.press("escape")
            assert not isinstance(app.screen, DetailScreen)
            await wait_until(pilot, lambda: not any(map(running, pids)), "git stopped")
            assert screen.history == []
            assert started.read_text().split() == [str(pid) for pid in pids]  # no other git started
    finally:
        for pid in pids:  # so that a failure does not leave it behind
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_commit_text_is_shown_as_the_characters_it_is(kept: Path) -> None:
    """A subject and an author holding markup and terminal controls: the details show the brackets
    and the placeholders, never styles or the controls themselves."""
    kept.write_text(CONFIRMED.replace("title: Second round planned", "title: Second round put off"), "utf-8")
    git(kept.parent, "add", "-A")
    subject = "[bold]Put[/] off [@click=app.quit]x[/] \x1b]52;c;cHduZWQ=\x07 \u202eevil \x1b[2J"
    git(kept.parent, "-c", "user.name=[red]Mal[/]lory\x1b[31m", "commit", "-q", "-m", subject)
    app = BriefingApp(kept)
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await open_details(app, pilot, "second-round")
        await wait_until(pilot, lambda: len(history_values(screen)) > 4, "the history")
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert not {"\x1b", "\x07", "\u202e"} & set(text)
        shown = "[bold]Put[/] off [@click=app.quit]x[/] ␛]52;c;cHduZWQ=␇ <U+202E>evil ␛[2J"
        assert f"  [red]Mal[/]lory␛[31m  {shown}" in text


async def test_a_failing_history_costs_its_rows_not_the_session(
    kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Something in the history that raises (git's output cut short, a version no rule foresaw):
    the details stay, without history, and the reader goes on."""
    calls = failing(monkeypatch, detail, "item_history")
    app = BriefingApp(kept)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_details(app, pilot, "second-round")
        await wait_until(pilot, lambda: bool(calls), "the history")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("j")
        assert app.is_running and not isinstance(app.screen, DetailScreen)
        assert screen.history == []
