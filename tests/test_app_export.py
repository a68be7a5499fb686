"""Export from the reader (`x`): the dialog writes next to the brief, never overwrites silently."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from test_cli import run
from textual.widgets import Checkbox, Input

from briefing.app import BriefingApp
from briefing.export import ExportOptions, export_brief
from briefing.filters import Filter
from briefing.loader import LoadedBrief, load
from briefing.screens.brief import BriefScreen
from briefing.screens.export_dialog import ConfirmOverwrite, ExportDialog

TALKS = Path(__file__).parent / "data" / "app" / "talks.yaml"
WIDE = (120, 40)
pytestmark = pytest.mark.anyio


def loaded(path: Path) -> LoadedBrief:
    result = load(path)
    assert result.loaded is not None
    return result.loaded


def notices(app: BriefingApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_x_exports_markdown_next_to_the_brief(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        target = brief_path.with_name("talks.md")
        assert dialog.query_one("#export-path", Input).value == str(target)
        assert not dialog.query("#export-narrowed")  # nothing narrowed: nothing to offer
        await pilot.click("#format-md")
        await pilot.click("#export")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
        written = target.read_text(encoding="utf-8")
        assert written == export_brief(loaded(brief_path), "md", ExportOptions())
        tokens = MarkdownIt("commonmark").parse(written.split("---\n", 2)[2])
        assert next(t.content for t in tokens if t.type == "inline") == "Talks on a ceasefire in Ruritania"
        quoted = [st for st in loaded(brief_path).brief.statements if st.quote]
        quotes = sum(1 for t in tokens if t.type == "blockquote_open" and t.level == 0)  # not answers
        assert quotes == len(quoted) == 3
        assert f"Exported Markdown (CommonMark + GFM) to {target}" in notices(app)


async def test_typing_in_the_opened_dialog_edits_the_proposed_path(brief_path: Path) -> None:
    """The dialog opens on the path with the cursor at its end, nothing selected: a key typed
    edits the proposal instead of overwriting it."""
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        field = app.screen.query_one("#export-path", Input)
        assert field.has_focus
        await pilot.press("backspace", "backspace", "t", "x", "t")
        assert field.value == str(brief_path.with_name("talks.txt"))


async def test_a_format_proposes_its_suffix_and_an_edited_name_is_kept(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        field = app.screen.query_one("#export-path", Input)
        await pilot.click("#format-timelinejs")
        assert field.value == str(brief_path.with_name("talks.timeline.json"))
        field.value = "shared/out.html"
        (brief_path.parent / "shared").mkdir()
        await pilot.click("#format-html")
        assert field.value == "shared/out.html"
        field.focus()
        await pilot.press("enter")  # in the path field: export
        await pilot.pause()
        out = brief_path.parent / "shared" / "out.html"  # relative to the brief's folder
        assert out.read_text(encoding="utf-8") == export_brief(loaded(brief_path), "html", ExportOptions())
        assert f"Exported HTML page to {out}" in notices(app)


async def test_an_existing_file_is_overwritten_only_after_a_yes(brief_path: Path) -> None:
    target = brief_path.with_name("talks.md")
    original = b"# my notes\r\nnot an export \xe2\x80\x94 keep me\n"
    target.write_bytes(original)
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmOverwrite)
        await pilot.press("enter")  # the focus starts on Cancel
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert target.read_bytes() == original
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmOverwrite)
        await pilot.press("n")
        await pilot.pause()
        assert target.read_bytes() == original
        assert not any("Exported" in notice for notice in notices(app))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
        assert target.read_text(encoding="utf-8") == export_brief(loaded(brief_path), "md", ExportOptions())
        assert f"Exported Markdown (CommonMark + GFM) to {target}" in notices(app)


async def test_escape_cancels_without_writing(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
    assert sorted(path.name for path in brief_path.parent.iterdir()) == ["talks.yaml"]


async def test_the_actor_narrowing_exports_only_that_actors_items(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2", "j", "space")  # narrow to the second actor card
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        actor = screen.narrow_actor
        assert actor == "oumierov"
        await pilot.press("x")
        await pilot.pause()
        box = app.screen.query_one("#export-narrowed", Checkbox)
        assert box.value and "Rustem Oumierov" in str(box.label)
        await pilot.press("enter")
        await pilot.pause()
    written = brief_path.with_name("talks.md").read_text(encoding="utf-8")
    everything = export_brief(loaded(brief_path), "md", ExportOptions())
    assert written == export_brief(loaded(brief_path), "md", ExportOptions(actors=("oumierov",)))
    assert written != everything
    walkout = "the delegation never left the room"  # Plekszy-Gladz's statement, not Oumierov's
    assert walkout in everything and walkout not in written
    assert "Nous avons bon espoir" in written


async def test_unticking_the_narrowing_exports_everything(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2", "j", "space", "x")
        await pilot.pause()
        await pilot.click("#export-narrowed")
        await pilot.click("#export")
        await pilot.pause()
    written = brief_path.with_name("talks.md").read_text(encoding="utf-8")
    assert written == export_brief(loaded(brief_path), "md", ExportOptions())


def exported_by_the_command_line(brief_path: Path, *selection: str) -> str:
    """What `briefing export BRIEF --format md SELECTION…` writes."""
    out = brief_path.with_name(f"from-the-command-line{''.join(selection)}.md")
    result = run("export", brief_path, "--format", "md", "-o", out, *selection)
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


async def test_the_filter_in_force_exports_as_export_status_does(brief_path: Path) -> None:
    """Issue 14: the reader's filter is offered (ticked) as "only what is shown"; what the dialog
    writes is what `briefing export --status …` writes."""
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        # The filter menu: reported, confirmed, denied, disputed (ticked), unverified (ticked).
        await pilot.press("f", "down", "down", "down", "space", "down", "space", "enter", "x")
        await pilot.pause()
        box = app.screen.query_one("#export-filtered", Checkbox)
        assert box.value and str(box.label) == "Only what is shown (filtered: disputed, unverified)"
        assert not app.screen.query("#export-narrowed")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
    written = brief_path.with_name("talks.md").read_text(encoding="utf-8")
    assert written == exported_by_the_command_line(
        brief_path, "--status", "disputed", "--status", "unverified"
    )
    everything = export_brief(loaded(brief_path), "md", ExportOptions())
    assert written != everything and "First round of talks in Geneva" not in written


async def test_the_filter_and_the_narrowing_combine_and_each_can_be_unticked(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    selections = {
        (True, True): ("--actor", "oumierov", "--kind", "quote"),
        (True, False): ("--actor", "oumierov"),
        (False, True): ("--kind", "quote"),
    }
    written: dict[tuple[bool, bool], str] = {}
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        screen.filter = Filter(kinds=frozenset({"quote"}))
        await pilot.press("2", "j", "space")  # narrow to Rustem Oumierov
        for narrowed, filtered in selections:
            target = brief_path.with_name(f"talks-{narrowed}-{filtered}.md")
            await pilot.press("x")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ExportDialog)
            assert "(filtered: quote)" in str(dialog.query_one("#export-filtered", Checkbox).label)
            for selector, ticked in (("#export-narrowed", narrowed), ("#export-filtered", filtered)):
                if not ticked:
                    await pilot.click(selector)
            dialog.query_one("#export-path", Input).value = str(target)
            await pilot.click("#export")
            await pilot.pause()
            assert isinstance(app.screen, BriefScreen)
            written[narrowed, filtered] = target.read_text(encoding="utf-8")
    for chosen, selection in selections.items():
        assert written[chosen] == exported_by_the_command_line(brief_path, *selection), chosen
    assert len(set(written.values())) == 3


async def test_a_filter_label_is_shown_as_text_never_as_markup(brief_path: Path) -> None:
    text = brief_path.read_text(encoding="utf-8").replace(
        "name: Geneva Gazette", 'name: "[b]Geneva[/b] \\x1b[2JGazette"'
    )
    brief_path.write_text(text, encoding="utf-8")
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        screen.filter = Filter(sources=frozenset({"gazette"}))
        await pilot.press("x")
        await pilot.pause()
        label = str(app.screen.query_one("#export-filtered", Checkbox).label)
        assert label == "Only what is shown (filtered: via [b]Geneva[/b] ␛[2JGazette)"


async def test_a_folder_or_an_unwritable_place_is_reported(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        field = app.screen.query_one("#export-path", Input)
        field.value = str(brief_path.parent)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert f"{brief_path.parent} is a folder; name a file." in notices(app)
        field.value = str(brief_path.parent / "missing" / "out.md")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert any(
            notice.startswith(f"Could not write {brief_path.parent}/missing/out.md")
            for notice in notices(app)
        )


async def test_pipes_devices_dangling_links_and_read_only_files_are_refused_before_asking(
    brief_path: Path,
) -> None:
    """The same rules as `export -o`: a notice saying why, no overwrite question, nothing written."""
    fifo = brief_path.with_name("fifo.md")
    os.mkfifo(fifo)
    device = brief_path.with_name("null.md")
    device.symlink_to("/dev/null")
    dangling = brief_path.with_name("dangling.md")
    dangling.symlink_to(brief_path.with_name("nowhere.md"))
    read_only = brief_path.with_name("kept.md")
    read_only.write_text("kept", encoding="utf-8")
    read_only.chmod(0o444)
    nowhere = brief_path.with_name("nowhere.md")
    expected = {
        fifo: f"{fifo} is a named pipe (FIFO), not a regular file",
        device: f"{device} is a character device, not a regular file",
        dangling: f"{dangling} is a symbolic link to {nowhere}, which does not exist",
        read_only: f"{read_only} is read-only; not overwriting it",
    }
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        field = app.screen.query_one("#export-path", Input)
        for path, message in expected.items():
            field.value = str(path)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ExportDialog), path
            assert any(notice.startswith(message) for notice in notices(app)), (message, notices(app))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and device.is_symlink() and dangling.is_symlink()
    assert not brief_path.with_name("nowhere.md").exists()
    assert read_only.read_text(encoding="utf-8") == "kept"
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


async def test_an_export_through_a_link_replaces_the_file_it_names(brief_path: Path) -> None:
    target = brief_path.with_name("real.md")
    target.write_text("old", encoding="utf-8")
    link = brief_path.with_name("talks.md")
    link.symlink_to(target.name)
    app = BriefingApp(brief_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("x", "enter")  # the proposed name, talks.md: it exists (a link), so a question
        await pilot.pause()
        assert isinstance(app.screen, ConfirmOverwrite)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == export_brief(loaded(brief_path), "md", ExportOptions())


async def test_a_long_filter_ends_in_an_ellipsis_inside_the_dialog(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        screen.filter = Filter(statuses=frozenset({"disputed", "unverified"}), sources=frozenset({"afp"}))
        await pilot.press("x")
        await pilot.pause()
        rows = [strip.text for strip in app.screen._compositor.render_strips()]
        (row,) = [row for row in rows if "Only what is shown" in row]
        assert "(filtered: disputed, unverified, via Agence … │" in row  # not cut at the border
