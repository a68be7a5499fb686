"""SVG snapshots of the reader's screens; review changed snapshots by eye (`--snapshot-update`)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_editing_support import wait_until
from test_app_since import remember_older
from textual.pilot import Pilot
from textual.widgets import Input

from briefing.app import BriefingApp

DATA = Path(__file__).parent / "data" / "app"
TALKS = DATA / "talks.yaml"


async def steady(pilot: Pilot) -> None:
    """No blinking cursor, nothing left to settle (the quality warnings counted and the version
    last read compared, in their threads)."""
    from briefing.screens.brief import BriefScreen

    screen = pilot.app.screen
    if isinstance(screen, BriefScreen) and screen.loaded is not None:
        await wait_until(pilot, lambda: screen.warnings is not None, "the warnings")
        await wait_until(pilot, lambda: screen._since is not None, "the comparison with the version read")
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_brief_screen_wide(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(BriefingApp(TALKS), terminal_size=(120, 40), run_before=steady)


def test_brief_screen_narrow(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(BriefingApp(TALKS), terminal_size=(80, 24), run_before=steady)


def test_brief_screen_narrowed_and_searching(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def narrow_then_search(pilot: Pilot) -> None:
        await pilot.press("2", "j", "space", "slash", *"geneva")
        await steady(pilot)

    assert snap_compare(BriefingApp(TALKS), terminal_size=(120, 40), run_before=narrow_then_search)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_filter_menu(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        BriefingApp(TALKS), terminal_size=size, press=["f", "down", "space"], run_before=steady
    )


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_brief_screen_filtered(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    keys = ["f", *["down"] * 3, "space", "down", "space", *["down"] * 6, "space", "enter"]
    assert snap_compare(BriefingApp(TALKS), terminal_size=size, press=keys, run_before=steady)


def test_statements_tab_narrow_translation_only(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(BriefingApp(TALKS), terminal_size=(80, 24), press=["3", "t", "t"], run_before=steady)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_warnings_list(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(BriefingApp(TALKS), terminal_size=size, press=["w"], run_before=steady)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC: the header says when the brief was last read."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_brief_screen_new_since_last_read(  # type: ignore[no-untyped-def]
    snap_compare, size: tuple[int, int], brief_path: Path, tmp_path: Path, utc: None
) -> None:
    """`~` on the walkout (changed), `+` on Oumierov's new statement, beside the warnings' `!`;
    the header says `1 new, 1 changed, 1 removed since 19 Nov 2025 14:30 (u)` on its one line."""
    remember_older(brief_path, tmp_path)
    assert snap_compare(BriefingApp(brief_path), terminal_size=size, press=["3", "G"], run_before=steady)


def test_changes_list(snap_compare, brief_path: Path, tmp_path: Path, utc: None) -> None:  # type: ignore[no-untyped-def]
    remember_older(brief_path, tmp_path)
    assert snap_compare(BriefingApp(brief_path), terminal_size=(120, 40), press=["u"], run_before=steady)


def test_help_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        BriefingApp(TALKS), terminal_size=(120, 40), press=["question_mark"], run_before=steady
    )


def test_detail_screen(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """On a copy outside git: in the checkout, the item's history from git would show too."""
    copy = tmp_path / TALKS.name
    copy.write_bytes(TALKS.read_bytes())
    assert snap_compare(
        BriefingApp(copy), terminal_size=(120, 40), press=["2", "j", "enter"], run_before=steady
    )


def test_library_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Every file read: a shelf, an invalid brief with all its errors, a skipped non-brief."""

    async def read(pilot: Pilot) -> None:
        screen = pilot.app.screen
        await wait_until(pilot, lambda: all(entry.head for entry in screen.entries), "the library read")  # type: ignore[attr-defined]
        await steady(pilot)

    assert snap_compare(BriefingApp(DATA / "library"), terminal_size=(120, 40), run_before=read)
