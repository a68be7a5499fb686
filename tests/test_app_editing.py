"""`e` opens the user's editor at the selected item and reloads after it; quick edits write back
into the file touching only the lines concerned, and never lose an edit made on disk meanwhile.

The editor is a fake one (tests/data/edit/fake_editor.py) under a real editor's name on PATH: it
records its arguments and appends to the file. Headless, the app cannot hand over a terminal, so
the editor runs without the suspend (tests/test_smoke_editor_tmux.py runs real vim suspended).
"""

from __future__ import annotations

import difflib
import shutil
import stat
from pathlib import Path

import pytest
from app_editing_support import (
    DATA,
    WIDE,
    FakeEditors,
    copy_brief,
    line_of,
    screen_text,
    select,
    terminal_driver,
    wait_until,
)
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, RadioButton, TextArea

from briefing.app import BriefingApp
from briefing.loader import content_digest
from briefing.screens.brief import BriefScreen
from briefing.screens.detail import DetailScreen
from briefing.screens.edit_dialogs import (
    AddQuestionDialog,
    EventStatusDialog,
    QuestionDialog,
    propose_id,
)

pytestmark = pytest.mark.anyio

ADDED_QUESTION = (
    "  - id: added-in-editor\n    question: Asked in the editor?\n    status: open\n    actors: [aaltova]\n"
)


@pytest.fixture
def talks(tmp_path: Path) -> Path:
    return copy_brief("app/talks.yaml", tmp_path)


@pytest.fixture
def commented(tmp_path: Path) -> Path:
    return copy_brief("edit/commented.yaml", tmp_path)


def brief_screen(app: BriefingApp) -> BriefScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, BriefScreen)
    return screen


def notices(app: BriefingApp) -> str:
    return "\n".join(notice.message for notice in app._notifications)


def saved(app: BriefingApp) -> bool:
    return "Saved to" in notices(app)


def changed_lines(before: str, after: str) -> list[tuple[str, list[str], list[str]]]:
    """Each change between two versions of a file: (kind, old lines, new lines)."""
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


async def test_e_opens_the_editor_at_each_kind_of_item(talks: Path, editors: FakeEditors) -> None:
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = brief_screen(app)
        cases = [("timeline", "walkout"), ("actors", "plekszy")]
        cases += [("statements", "aaltova-declined"), ("questions", "second-round-date")]
        for pane, item_id in cases:
            await select(pilot, pane, item_id)
            await pilot.press("e")
            assert editors.calls[-1] == {
                "program": "vim",
                "args": [f"+{line_of(talks, item_id)}", "--", str(talks)],
            }
            await wait_until(
                pilot, lambda: screen.loaded.digest == content_digest(talks.read_bytes()), "the reload"
            )
            assert screen.selected_item_id == item_id
        # Sources have no pane: their detail view (reached from `i`, the brief's own) takes `e` too.
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        rows = app.screen.query_one("#detail")
        assert rows.move_to("out:Source:gazette")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.item_id == "gazette"
        await pilot.press("e")
        assert editors.calls[-1]["args"] == [f"+{line_of(talks, 'gazette')}", "--", str(talks)]
        assert len(editors.calls) == 5
        assert all(line_of(talks, item_id) > 1 for _, item_id in cases)


@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        ("vim", lambda file, line: ["+" + str(line), "--", file]),
        ("hx", lambda file, line: [f"{file}:{line}"]),
        ("code", lambda file, line: ["--goto", f"{file}:{line}", "--wait"]),
        ("code --wait", lambda file, line: ["--wait", "--goto", f"{file}:{line}"]),
    ],
)
async def test_each_editor_family_gets_the_line_its_own_way(
    talks: Path, editors: FakeEditors, editor: str, expected
) -> None:  # type: ignore[no-untyped-def]
    editors.use(editor)
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        await select(pilot, "statements", "oumierov-leak")
        await pilot.press("e")
        (call,) = editors.calls
        assert call == {
            "program": editor.split(maxsplit=1)[0],
            "args": expected(str(talks), line_of(talks, "oumierov-leak")),
        }


async def test_the_edit_made_in_the_editor_shows_and_the_selection_stays(
    talks: Path, editors: FakeEditors
) -> None:
    editors.use("vim", append=ADDED_QUESTION)
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = brief_screen(app)
        await select(pilot, "actors", "aaltova")
        await pilot.press("space", "e")
        await wait_until(pilot, lambda: "Asked in the editor?" in screen_text(app), "the editor's question")
        assert screen.selected_item_id == "aaltova" and screen.narrow_actor == "aaltova"
        assert screen.loaded is not None and "added-in-editor" in screen.loaded.index.by_id
        assert app.screen is screen and screen.focused is screen.pane("actors")


async def test_editing_from_the_detail_view_refreshes_it(talks: Path, editors: FakeEditors) -> None:
    editors.use("vim", append="    tags: [edited]\n")  # lands in the last question, walkout-real
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = brief_screen(app)
        await select(pilot, "questions", "walkout-real")
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, DetailScreen) and "Tags" not in screen_text(app)
        await pilot.press("e")
        assert editors.calls[-1]["args"] == [f"+{line_of(talks, 'walkout-real')}", "--", str(talks)]
        await wait_until(pilot, lambda: "edited" in screen_text(app), "the new tag in the detail view")
        assert app.screen is detail and detail.loaded is screen.loaded


async def test_a_missing_editor_is_a_notice_not_a_crash(talks: Path, editors: FakeEditors) -> None:
    editors.use("no-such-editor-anywhere")
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        (notice,) = app._notifications
        assert "'no-such-editor-anywhere' from $EDITOR was not found" in notice.message
        assert not notice.markup and isinstance(app.screen, BriefScreen)
        await pilot.press("q")
    assert app.return_code == 0


async def test_a_file_named_like_an_option_reaches_the_editor_as_that_file(
    tmp_path: Path, editors: FakeEditors, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11: `briefing .` in a folder holding `-c!touch PWNED.yaml`, then `e`: vi took the
    name for its `-c` option and ran the command. The editor gets the absolute path, after `--`."""
    folder = tmp_path / "briefs"
    folder.mkdir()
    hostile = folder / "-c!touch PWNED.yaml"
    shutil.copy(DATA / "app" / "talks.yaml", hostile)
    monkeypatch.chdir(folder)
    app = BriefingApp(Path("."))
    async with app.run_test(size=WIDE) as pilot:
        screen = brief_screen(app)
        await select(pilot, "questions", "second-round-date")
        await pilot.press("e")
        line = line_of(hostile, "second-round-date")
        assert editors.calls == [{"program": "vim", "args": [f"+{line}", "--", str(hostile)]}]
        await wait_until(
            pilot, lambda: screen.loaded.digest == content_digest(hostile.read_bytes()), "the reload"
        )
    assert [path.name for path in folder.iterdir()] == [hostile.name]


async def test_a_missing_editor_never_takes_the_terminal_from_the_reader(
    talks: Path, editors: FakeEditors, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12: `EDITOR=nano` without nano suspended the app first and left a blank terminal.
    The editor is found before the terminal is handed over: a notice, and the reader as it was."""
    monkeypatch.setenv("PATH", str(editors.bin))  # no nano here, whatever the machine has
    editors.use("nano")
    handovers: list[str] = []
    app = BriefingApp(talks)
    app.driver_class = terminal_driver(True, handovers)
    async with app.run_test(size=WIDE, headless=False) as pilot:
        screen = brief_screen(app)
        await select(pilot, "questions", "second-round-date")
        await pilot.press("e")
        await pilot.pause()
        assert handovers == []  # the terminal never left the reader
        assert "'nano' from $EDITOR was not found" in notices(app)
        assert app.screen is screen and screen.selected_item_id == "second-round-date"
        editors.use("vim")
        await pilot.press("e")
        assert handovers == ["suspend", "resume"] and len(editors.calls) == 1
        await pilot.press("q")
    assert app.return_code == 0


async def test_an_editor_that_fails_to_start_gives_the_terminal_back(
    talks: Path, editors: FakeEditors
) -> None:
    """An editor on PATH that cannot be run (its interpreter is gone): the error came while the
    terminal was handed over, and Textual never took it back. Now it does, then the notice."""
    broken = editors.bin / "broken-editor"
    broken.write_text("#!/nonexistent/interpreter\n")
    broken.chmod(0o755)
    editors.use("broken-editor")
    handovers: list[str] = []
    app = BriefingApp(talks)
    app.driver_class = terminal_driver(True, handovers)
    async with app.run_test(size=WIDE, headless=False) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert handovers == ["suspend", "resume"]
        assert "could not run the editor" in notices(app) and isinstance(app.screen, BriefScreen)
        await pilot.press("q")
    assert app.return_code == 0


async def test_a_driver_that_cannot_suspend_gets_a_notice_not_a_crash(
    talks: Path, editors: FakeEditors
) -> None:
    """Issue 12: under Textual's web driver `App.suspend()` raises `SuspendNotSupported`, which
    ended the session. Now a notice; the reader goes on taking keys."""
    handovers: list[str] = []
    app = BriefingApp(talks)
    app.driver_class = terminal_driver(False, handovers)
    async with app.run_test(size=WIDE, headless=False) as pilot:
        screen = brief_screen(app)
        await pilot.press("e")
        await pilot.pause()
        assert "cannot be handed over to an editor" in notices(app)
        assert editors.calls == [] and handovers == [] and app.screen is screen
        await select(pilot, "actors", "plekszy")
        assert screen.selected_item_id == "plekszy"
        await pilot.press("q")
    assert app.return_code == 0


# --- quick edits ----------------------------------------------------------------------------------


async def test_answering_a_question_changes_only_its_lines(commented: Path, editors: FakeEditors) -> None:
    before = commented.read_text(encoding="utf-8")
    app = BriefingApp(commented)
    async with app.run_test(size=WIDE) as pilot:
        screen = brief_screen(app)
        await select(pilot, "questions", "ukraine-consulted")
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, QuestionDialog)
        assert "How far was Ukraine involved?" in screen_text(app)
        await pilot.click("#answered")
        await pilot.click("#answer")
        await pilot.press("ctrl+s")  # answered without an answer: refused in place
        await pilot.pause()
        assert app.screen is dialog and "An answered question needs an answer." in screen_text(app)
        await pilot.press(*"Not at all, says Kyiv.")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen and saved(app), "the save")
        question = screen.loaded.index.by_id["ukraine-consulted"]  # type: ignore[union-attr]
        assert question.status == "answered" and question.answer == "Not at all, says Kyiv."
        assert "Not at all, says Kyiv." in screen_text(app)
        assert screen.selected_item_id == "ukraine-consulted"
    assert changed_lines(before, commented.read_text(encoding="utf-8")) == [
        ("replace", ["    status: open"], ["    status: answered", "    answer: Not at all, says Kyiv."])
    ]


async def test_changing_an_event_status_keeps_its_quotes_and_comment(
    commented: Path, editors: FakeEditors
) -> None:
    before = commented.read_text(encoding="utf-8")
    app = BriefingApp(commented)
    async with app.run_test(size=WIDE) as pilot:
        screen = brief_screen(app)
        await select(pilot, "timeline", "axios-report")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, EventStatusDialog)
        assert app.screen.query_one(OptionList).highlighted == 0  # reported, as now
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: saved(app), "the save")
        assert screen.loaded.index.events["axios-report"].status == "confirmed"  # type: ignore[union-attr]
    assert changed_lines(before, commented.read_text(encoding="utf-8")) == [
        (
            "replace",
            ['    status: "reported"   # until someone confirms'],
            ['    status: "confirmed"   # until someone confirms'],
        )
    ]


async def test_adding_a_question_proposes_a_unique_id(commented: Path, editors: FakeEditors) -> None:
    before = commented.read_text(encoding="utf-8")
    app = BriefingApp(commented)
    async with app.run_test(size=WIDE) as pilot:
        screen = brief_screen(app)
        await pilot.press("plus")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddQuestionDialog)
        await pilot.press(*"Who drafted the plan?")
        assert dialog.query_one("#question-id", Input).value == "who-drafted-the-plan"
        await pilot.press("enter")
        await wait_until(pilot, lambda: saved(app), "the save")
        question = screen.loaded.index.by_id["who-drafted-the-plan"]  # type: ignore[union-attr]
        assert question.question == "Who drafted the plan?" and question.status == "open"
        assert "Who drafted the plan?" in screen_text(app)
    assert changed_lines(before, commented.read_text(encoding="utf-8")) == [
        (
            "insert",
            [],
            ["", "  - id: who-drafted-the-plan", "    question: Who drafted the plan?", "    status: open"],
        )
    ]


def test_proposed_ids_are_slugs_unique_in_the_brief() -> None:
    assert propose_id("Qui a rédigé le « plan » ?", set()) == "qui-a-redige-le-plan"
    assert propose_id("Who drafted it?", {"who-drafted-it", "who-drafted-it-2"}) == "who-drafted-it-3"
    assert propose_id("???", set()) == "question"
    assert len(propose_id("word " * 40, set())) <= 48


async def type_moot_answer(pilot: Pilot[None]) -> None:
    """In the dialog of question eu-role: moot, answered "Europe was left out." (not saved yet)."""
    await select(pilot, "questions", "eu-role")
    await pilot.press("a")
    await pilot.pause()
    await pilot.click("#moot")
    await pilot.click("#answer")
    await pilot.press(*"Europe was left out.")


def assert_moot_answer_kept(app: BriefingApp) -> None:
    """The dialog is open again with what `type_moot_answer` typed, after a refused write."""
    dialog = app.screen
    assert isinstance(dialog, QuestionDialog)
    assert dialog.query_one(TextArea).text == "Europe was left out."
    assert dialog.query_one("#moot", RadioButton).value


async def test_a_write_over_a_changed_file_is_refused_and_neither_edit_is_lost(
    commented: Path, editors: FakeEditors
) -> None:
    app = BriefingApp(commented)
    async with app.run_test(size=WIDE) as pilot:
        screen = brief_screen(app)
        # Hold the watcher, so the file changes under the app as it would between two events.
        screen._stop_watching.set()
        await wait_until(
            pilot, lambda: not any(w.group == "watch" for w in app.workers), "the watcher ending"
        )
        await type_moot_answer(pilot)
        other = commented.read_text(encoding="utf-8").replace(
            "What role for Europe?", "What role for the EU?"
        )
        commented.write_text(other, encoding="utf-8")
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: "changed on disk" in notices(app) and isinstance(app.screen, QuestionDialog),
            "the refusal",
        )
        assert commented.read_text(encoding="utf-8") == other  # nothing written over the other edit
        assert_moot_answer_kept(app)
        assert "What role for the EU?" in screen_text(app)  # the brief was reloaded behind the dialog
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen and saved(app), "the second save")
    text = commented.read_text(encoding="utf-8")
    assert "What role for the EU?" in text and "answer: Europe was left out." in text
    assert "status: moot" in text


async def test_a_read_only_brief_is_not_quick_edited_and_says_why(
    commented: Path, editors: FakeEditors
) -> None:
    """`a`, `c` and `+` on a 0444 file: a notice naming it, no dialog, not a byte written (root too)."""
    commented.chmod(0o444)
    before = commented.read_bytes()
    app = BriefingApp(commented)
    async with app.run_test(size=WIDE) as pilot:
        screen = brief_screen(app)
        await select(pilot, "timeline", "axios-report")
        for key in ("c", "plus"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen
        await select(pilot, "questions", "eu-role")
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is screen
        assert "commented.yaml is read-only: quick edits cannot change it" in notices(app)
        assert not saved(app)
    assert commented.read_bytes() == before
    assert stat.S_IMODE(commented.stat().st_mode) == 0o444


async def test_a_brief_made_read_only_while_the_dialog_is_open_keeps_the_edit(
    commented: Path, editors: FakeEditors
) -> None:
    """Refused at the write: the notice says why, the dialog comes back with what was typed."""
    app = BriefingApp(commented)
    async with app.run_test(size=WIDE) as pilot:
        await type_moot_answer(pilot)
        commented.chmod(0o444)
        before = commented.read_bytes()
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: "is read-only" in notices(app) and isinstance(app.screen, QuestionDialog),
            "the refusal",
        )
        assert str(commented) in notices(app) and not saved(app)
        assert_moot_answer_kept(app)
    assert commented.read_bytes() == before


# --- keys in one burst with `/` (issue 12: `/quote` opened the editor, then quit) -----------------


def burst(app: BriefingApp, typed: str) -> None:
    """Every key of `typed` queued at once, before the app handles the first: how a slow SSH or
    mosh link delivers them (`pilot.press` lets the app go idle between keys)."""
    assert app._driver is not None
    for character in typed:
        key = character if character.isalnum() else _character_to_key(character)
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)


@pytest.mark.parametrize("typed", ["quote", "plan", "qetyxsiac+1234nN?"])
async def test_every_key_after_slash_goes_to_the_search_field_whatever_the_timing(
    talks: Path, editors: FakeEditors, typed: str
) -> None:
    app = BriefingApp(talks)
    async with app.run_test(size=WIDE) as pilot:
        screen = brief_screen(app)
        burst(app, "2/" + typed)
        await wait_until(pilot, lambda: screen.search_query == typed, f"“{typed}” in the search field")
        assert app.is_running and app.screen is screen and editors.calls == []
        assert screen.focused is screen.query_one("#search") and screen.active_pane == "actors"
        # Again once the field exists (hidden after esc): the same holds.
        await pilot.press("escape")
        burst(app, "/" + typed[::-1])
        await wait_until(pilot, lambda: screen.search_query == typed[::-1], "the second search")
        assert app.is_running and app.screen is screen and editors.calls == []
        await pilot.press("enter", "q")
    assert app.return_code == 0
