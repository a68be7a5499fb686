"""The reader's quality warnings (issue 16): computed after the first frame in a thread, counted in
the header, marked on items with `!` (no colour needed), listed by `w`; `enter` jumps to the item,
`e` opens the editor at the warning's line; a reload computes them again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_editing_support import FakeEditors, failing, noting_the_first_frame, screen_text, wait_until

from briefing.app import BriefingApp
from briefing.loader import load
from briefing.quality import check
from briefing.screens import warnings as warnings_module
from briefing.screens.brief import BriefScreen
from briefing.screens.warnings import WarningList, WarningsScreen

pytestmark = pytest.mark.anyio
WIDE = (120, 40)
NARROW = (80, 24)


def expected(path: Path) -> list[Any]:
    """What `briefing check` says of the file: the reader must say the same."""
    result = load(path)
    assert result.loaded is not None
    return check(result.loaded, path.read_text(encoding="utf-8")).warnings


def header(app: BriefingApp) -> str:
    return "\n".join(screen_text(app).splitlines()[:5])


async def counted(pilot: Any, app: BriefingApp) -> BriefScreen:
    screen = app.screen
    assert isinstance(screen, BriefScreen)
    await wait_until(pilot, lambda: "warning" in header(app), "the warnings in the header")
    return screen


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_header_counts_and_items_are_marked(brief_path: Path, size: tuple[int, int]) -> None:
    warnings = expected(brief_path)
    assert any(w.item == "second-round" and w.rule == "unsourced" for w in warnings)
    app = BriefingApp(brief_path)
    async with app.run_test(size=size) as pilot:
        await counted(pilot, app)
        assert f"{len(warnings)} warnings (w)" in header(app)
        await pilot.pause()
        text = screen_text(app)
        # The gutter's last column: `!` before an item with warnings, none before one without.
        assert not any(w.item == "walkout" for w in warnings)
        assert "│  !18 Nov 2025 – 19 Nov 2025 [✔ CONFIRMED]" in text  # confirmed on one source
        assert "│   19 Nov 2025 [✘ DENIED]" in text
        marked = app.screen.pane("timeline").warned  # type: ignore[attr-defined]
        assert marked == {w.item for w in warnings if w.item}


async def test_the_check_runs_only_after_the_first_frame(
    brief_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked_when = noting_the_first_frame(monkeypatch, warnings_module, "warnings_of")
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await counted(pilot, app)
        assert checked_when == [True]


async def test_w_lists_the_warnings_and_enter_jumps_to_the_item(brief_path: Path) -> None:
    warnings = expected(brief_path)
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await counted(pilot, app)
        await pilot.press("w")
        assert isinstance(app.screen, WarningsScreen)
        rows = app.screen.query_one(WarningList)
        assert list(rows.items) == warnings
        text = screen_text(app)
        assert f"{len(warnings)} warnings" in text and "unsourced · event: Second round planned" in text
        target = next(w for w in warnings if w.item == "aaltova-declined")
        assert rows.move_to(rows.item_key(target))
        await pilot.press("enter")
        assert app.screen is screen
        assert screen.active_pane == "statements"
        assert screen.pane("statements").highlighted.id == "aaltova-declined"
        assert screen.focused is screen.pane("statements")


async def test_enter_jumps_even_when_a_search_hides_the_item(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await counted(pilot, app)
        await pilot.press("slash", *"geneva", "enter")
        await pilot.pause()
        assert screen.pane("statements").index_of("aaltova-declined") < 0
        await pilot.press("w")
        rows = app.screen.query_one(WarningList)
        target = next(w for w in rows.items if w.item == "aaltova-declined")
        rows.move_to(rows.item_key(target))
        await pilot.press("enter")
        assert screen.pane("statements").highlighted.id == "aaltova-declined"


async def test_e_opens_the_editor_at_the_warning_s_line(brief_path: Path, editors: FakeEditors) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await counted(pilot, app)
        await pilot.press("w")
        rows = app.screen.query_one(WarningList)
        warning = rows.highlighted
        await pilot.press("e")
        await wait_until(pilot, lambda: bool(editors.calls), "the editor")
        assert editors.calls[-1]["args"] == [
            f"+call cursor({warning.line}, {warning.column})",
            "--",
            str(brief_path),
        ]
        assert isinstance(app.screen, BriefScreen)


async def test_esc_closes_the_list(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await counted(pilot, app)
        await pilot.press("w")
        assert isinstance(app.screen, WarningsScreen)
        await pilot.press("escape")
        assert app.screen is screen


CLEAN = """\
briefing: 1
title: Nothing to query
as_of: 2025-11-20
"""


async def test_a_brief_without_warnings_says_nothing_in_the_header(tmp_path: Path) -> None:
    path = tmp_path / "clean.yaml"
    path.write_text(CLEAN, encoding="utf-8")
    assert expected(path) == []
    app = BriefingApp(path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        await wait_until(pilot, lambda: screen.warnings is not None, "the check")
        await pilot.pause()
        assert "warning" not in screen_text(app).lower()  # nor `w` in the key bar
        await pilot.press("w")
        await pilot.pause()
        assert app.screen is screen  # nothing to list


async def test_a_reload_checks_again(brief_path: Path) -> None:
    before = len(expected(brief_path))
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await counted(pilot, app)
        text = brief_path.read_text(encoding="utf-8")
        fixed = text.replace(
            "    actors: [oumierov, plekszy]\n    status: unverified",
            "    actors: [oumierov, plekszy]\n    sources: [afp]\n    status: unverified",
        )
        assert fixed != text
        brief_path.write_text(fixed, encoding="utf-8")
        after = len(expected(brief_path))
        assert after < before
        label = f"{after} warning{'' if after == 1 else 's'}"
        await wait_until(pilot, lambda: label in header(app), f"'{label}' after the reload")
        screen = app.screen
        assert isinstance(screen, BriefScreen) and screen.warnings is not None
        assert not any(w.item == "second-round" and w.rule == "unsourced" for w in screen.warnings)


async def test_the_key_bar_offers_w_when_there_is_room(brief_path: Path) -> None:
    """`w` is the first key to give way (the header names it at any width: `7 warnings (w)`)."""
    app = BriefingApp(brief_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await counted(pilot, app)
        await pilot.pause()
        assert "w Warnings" in screen_text(app).splitlines()[-1]


async def test_a_failing_check_costs_its_warnings_not_the_session(
    brief_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = failing(monkeypatch, warnings_module, "warnings_of")
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await wait_until(pilot, lambda: bool(calls), "the check")
        await pilot.pause()
        await pilot.press("j")
        assert app.is_running and isinstance(app.screen, BriefScreen)
        assert app.screen.warnings is None and "warning" not in header(app)


async def test_brief_text_in_a_warning_is_shown_as_the_characters_it_is(brief_path: Path) -> None:
    """A name and a group label holding markup and terminal controls: the list shows the brackets
    and the placeholders, never styles, actions or the controls themselves."""
    hostile = brief_path.read_text(encoding="utf-8").replace(
        "    name: Borduria\n    kind: state\n    group: Borduria",
        '    name: "[@click=app.quit]Bor[/]duria \\e[31m"\n    kind: state\n'
        '    group: "[/]RURITANIA[/] \\e\\a\\u202e"',
    )
    brief_path.write_text(hostile, encoding="utf-8")
    warnings = expected(brief_path)
    assert any(w.rule == "group-label-variants" for w in warnings)
    app = BriefingApp(brief_path)
    async with app.run_test(size=(200, 40)) as pilot:
        await counted(pilot, app)
        await pilot.press("w")
        assert isinstance(app.screen, WarningsScreen)
        rows = app.screen.query_one(WarningList)
        target = next(w for w in warnings if w.rule == "group-label-variants")
        assert rows.move_to(rows.item_key(target))
        await pilot.pause()
        text = screen_text(app)
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "the group '[/]RURITANIA[/] ␛␇<U+202E>' of the actor 'borduria'" in text
        assert "actor: [@click=app.quit]Bor[/]duria ␛[31m" in text
