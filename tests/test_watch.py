"""The watcher reports real changes to the brief, however they are saved, and nothing else."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from briefing import watch
from briefing.loader import content_digest
from briefing.watch import file_digest, watch_file

GIVE_UP = 30.0
"""Seconds before a test stops waiting for a report that never came (a failure, not a limit)."""
SETTLE = 1.0
"""Seconds to let a non-change go by: longer than the watcher's debounce."""


def digest(text: str) -> str:
    return content_digest(text.encode("utf-8"))


Scenario = Callable[[Path, "asyncio.Queue[str | None]"], Awaitable[None]]


def run_watching(
    path: Path,
    scenario: Scenario,
    *,
    loaded: str | None = None,
    shown: Callable[[], str] | None = None,
) -> list[str | None]:
    """Watch `path` while `scenario` changes it; returns every report, in order."""

    async def main() -> list[str | None]:
        stop = asyncio.Event()
        reports: asyncio.Queue[str | None] = asyncio.Queue()
        seen: list[str | None] = []

        async def watch() -> None:
            async for report in watch_file(path, digest=loaded, shown=shown, stop_event=stop):
                seen.append(report)
                await reports.put(report)

        task = asyncio.create_task(watch())
        await scenario(path, reports)
        stop.set()
        await asyncio.wait_for(task, GIVE_UP)
        return seen

    return asyncio.run(main())


async def next_report(reports: asyncio.Queue[str | None]) -> str | None:
    return await asyncio.wait_for(reports.get(), GIVE_UP)


async def until_watching(path: Path, reports: asyncio.Queue[str | None]) -> None:
    """Make one real change and wait for its report: from then on the watcher is listening."""
    await asyncio.sleep(0.2)
    path.write_text("title: ready\n", encoding="utf-8")
    assert await next_report(reports) == digest("title: ready\n")


def test_a_rewrite_in_place_is_reported(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text("title: one\n", encoding="utf-8")

    async def scenario(path: Path, reports: asyncio.Queue[str | None]) -> None:
        await until_watching(path, reports)
        path.write_text("title: two\n", encoding="utf-8")
        assert await next_report(reports) == digest("title: two\n")

    assert run_watching(brief, scenario) == [digest("title: ready\n"), digest("title: two\n")]


def test_an_atomic_rename_save_is_reported_and_watching_goes_on(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text("title: one\n", encoding="utf-8")

    def save_by_rename(path: Path, text: str) -> None:
        temporary = path.with_name(f".{path.name}.swp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)

    async def scenario(path: Path, reports: asyncio.Queue[str | None]) -> None:
        await until_watching(path, reports)
        save_by_rename(path, "title: renamed\n")
        assert await next_report(reports) == digest("title: renamed\n")
        save_by_rename(path, "title: renamed again\n")
        assert await next_report(reports) == digest("title: renamed again\n")

    assert run_watching(brief, scenario)[-2:] == [
        digest("title: renamed\n"),
        digest("title: renamed again\n"),
    ]


def test_identical_rewrites_touches_and_other_files_are_not_changes(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text("title: one\n", encoding="utf-8")

    async def scenario(path: Path, reports: asyncio.Queue[str | None]) -> None:
        await until_watching(path, reports)
        path.write_text("title: ready\n", encoding="utf-8")  # the same bytes again
        os.utime(path)
        temporary = path.with_name("copy.tmp")
        temporary.write_text("title: ready\n", encoding="utf-8")
        os.replace(temporary, path)  # an identical rename-save
        (tmp_path / "other.yaml").write_text("title: other\n", encoding="utf-8")
        await asyncio.sleep(SETTLE)
        assert reports.empty()
        path.write_text("title: last\n", encoding="utf-8")
        assert await next_report(reports) == digest("title: last\n")

    assert run_watching(brief, scenario) == [digest("title: ready\n"), digest("title: last\n")]


def test_a_change_made_before_watching_started_is_reported_at_once(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text("title: loaded\n", encoding="utf-8")
    loaded = file_digest(brief)
    brief.write_text("title: changed meanwhile\n", encoding="utf-8")

    async def scenario(path: Path, reports: asyncio.Queue[str | None]) -> None:
        assert await next_report(reports) == digest("title: changed meanwhile\n")

    assert run_watching(brief, scenario, loaded=loaded) == [digest("title: changed meanwhile\n")]


def test_deletion_is_reported_as_none_and_recreation_as_a_change(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text("title: one\n", encoding="utf-8")

    async def scenario(path: Path, reports: asyncio.Queue[str | None]) -> None:
        await until_watching(path, reports)
        path.unlink()
        assert await next_report(reports) is None
        path.write_text("title: back\n", encoding="utf-8")
        assert await next_report(reports) == digest("title: back\n")

    assert run_watching(brief, scenario)[1:] == [None, digest("title: back\n")]


def test_a_file_written_in_place_in_pieces_is_reported_once_whole(tmp_path: Path) -> None:
    """An editor writing in place (same inode) may pause between writes: the watcher waits until
    the file stops changing, so it never reports (and the app never reads) half a file."""
    brief = tmp_path / "brief.yaml"
    brief.write_text("title: one\n", encoding="utf-8")
    whole = "".join(f"# line {number}\n" for number in range(200)) + "title: whole\n"

    async def scenario(path: Path, reports: asyncio.Queue[str | None]) -> None:
        await until_watching(path, reports)
        with path.open("w", encoding="utf-8") as handle:  # truncates: the same file, rewritten
            for start in range(0, len(whole), len(whole) // 8):
                handle.write(whole[start : start + len(whole) // 8])
                handle.flush()
                await asyncio.sleep(0.015)
        assert await next_report(reports) == digest(whole)
        await asyncio.sleep(SETTLE)
        assert reports.empty()

    assert run_watching(brief, scenario) == [digest("title: ready\n"), digest(whole)]


def test_a_brief_opened_through_a_symlink_follows_saves_to_its_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12: a save lands in the target's folder, which was not watched: only the periodic
    re-check (seconds later) saw it. Here that re-check never comes; the OS events must do."""
    monkeypatch.setattr(watch, "RECHECK_MS", 600_000)
    (tmp_path / "repo").mkdir()
    (tmp_path / "desk").mkdir()
    target = tmp_path / "repo" / "plan.yaml"
    other = tmp_path / "repo" / "other.yaml"
    target.write_text("title: one\n", encoding="utf-8")
    other.write_text("title: other\n", encoding="utf-8")
    link = tmp_path / "desk" / "brief.yaml"
    link.symlink_to(Path("..") / "repo" / "plan.yaml")

    async def scenario(path: Path, reports: asyncio.Queue[str | None]) -> None:
        await asyncio.sleep(0.2)
        target.write_text("title: in place\n", encoding="utf-8")
        assert await next_report(reports) == digest("title: in place\n")
        saved = target.with_name(".plan.yaml.swp")
        saved.write_text("title: by rename\n", encoding="utf-8")
        os.replace(saved, target)
        assert await next_report(reports) == digest("title: by rename\n")
        # The link pointed elsewhere: its new target is followed from then on.
        repointed = link.with_name("brief.yaml.new")
        repointed.symlink_to(other)
        os.replace(repointed, link)
        assert await next_report(reports) == digest("title: other\n")
        other.write_text("title: other, edited\n", encoding="utf-8")
        assert await next_report(reports) == digest("title: other, edited\n")

    assert run_watching(link, scenario) == [
        digest("title: in place\n"),
        digest("title: by rename\n"),
        digest("title: other\n"),
        digest("title: other, edited\n"),
    ]


def test_a_loop_of_links_is_watched_without_an_error(tmp_path: Path) -> None:
    """A link to itself cannot be read; watching it must not raise (the reader would crash)."""
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop.name)

    async def scenario(path: Path, reports: asyncio.Queue[str | None]) -> None:
        await asyncio.sleep(SETTLE)
        assert reports.empty()

    assert run_watching(loop, scenario) == []


def test_with_shown_the_file_is_compared_with_what_the_reader_shows(tmp_path: Path) -> None:
    """The reader reads at its own pace and may show a version the watcher never reported (a
    broken one, restored meanwhile): the file is compared with what it shows, not with the last
    report, so bytes it already reported are reported again while the reader shows something else."""
    brief = tmp_path / "brief.yaml"
    brief.write_text("title: good\n", encoding="utf-8")
    shows = {"digest": digest("title: good\n")}

    async def scenario(path: Path, reports: asyncio.Queue[str | None]) -> None:
        await until_watching(path, reports)
        shows["digest"] = digest("title: ready\n")
        path.write_text("title: ready\n", encoding="utf-8")  # what the reader shows: no report
        await asyncio.sleep(SETTLE)
        assert reports.empty()
        shows["digest"] = ""  # the reader shows errors (it read a broken version)
        path.write_text("title: ready\n", encoding="utf-8")  # the same bytes as last reported
        assert await next_report(reports) == digest("title: ready\n")

    reports = run_watching(brief, scenario, shown=lambda: shows["digest"])
    assert reports == [digest("title: ready\n"), digest("title: ready\n")]
