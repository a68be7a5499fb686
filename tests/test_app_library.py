"""The library as a user meets it: it refreshes, orders, shelves, skips non-briefs and searches."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from app_editing_support import screen_text, wait_until
from conftest import TALKS
from hypothesis import given
from hypothesis import strategies as st

from briefing.app import BriefingApp
from briefing.library import Entry, HeadStore, brief_paths, natural_key, ordered, read_head
from briefing.screens.brief import BriefScreen
from briefing.screens.library import Hit, LibraryList, LibraryScreen, Shelf

pytestmark = pytest.mark.anyio

WIDE = (120, 40)
BROKEN = "briefing: 1\ntitle: x\n"


def brief(title: str, as_of: str) -> str:
    """The test brief under another title and date."""
    text = TALKS.read_text(encoding="utf-8")
    return text.replace("Talks on a ceasefire in Ruritania", title, 1).replace("2025-11-21", as_of, 1)


def names(app: BriefingApp) -> list[str]:
    return [
        item.name if isinstance(item, Shelf) else item.path.name
        for item in app.screen.query_one(LibraryList).items
    ]


async def read(pilot, app: BriefingApp) -> LibraryScreen:  # type: ignore[no-untyped-def]
    """The library once every file has been read."""
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    await wait_until(
        pilot, lambda: not screen._scanning and all(e.head for e in screen.entries), "the library read"
    )
    await pilot.pause()
    return screen


async def test_a_fixed_brief_loses_its_error_and_a_new_file_appears(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(brief("Alpha", "2025-11-01"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(BROKEN, encoding="utf-8")
    app = BriefingApp(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await read(pilot, app)
        assert "✗ INVALID" in screen_text(app) and "1 invalid" in screen_text(app)
        (tmp_path / "b.yaml").write_text(brief("Bravo fixed", "2025-11-02"), encoding="utf-8")
        await wait_until(pilot, lambda: "Bravo fixed" in screen_text(app), "the fixed brief shown")
        assert "✗ INVALID" not in screen_text(app) and "invalid" not in screen_text(app)
        (tmp_path / "c.yml").write_text(brief("Charlie new", "2025-11-03"), encoding="utf-8")
        await wait_until(pilot, lambda: "Charlie new" in screen_text(app), "the new brief shown")
        assert "3 briefs" in screen_text(app)
        (tmp_path / "a.yaml").unlink()
        await wait_until(pilot, lambda: "Alpha" not in screen_text(app), "the removed brief gone")
        assert names(app) == ["c.yml", "b.yaml"] and screen.entries


async def test_files_that_are_not_briefs_are_skipped_and_counted(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(brief("Alpha", "2025-11-01"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(brief("Bravo", "2025-11-02"), encoding="utf-8")
    (tmp_path / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    app = BriefingApp(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await read(pilot, app)
        text = screen_text(app)
        assert "docker-compose" not in text and "INVALID" not in text
        assert "2 briefs, 1 skipped (not briefs: no `briefing:` key)" in text


async def test_every_error_of_an_invalid_brief_is_shown(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(brief("Alpha", "2025-11-01"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text("briefing: 1\ntitle: x\nas_of: never\nactors: 3\n", encoding="utf-8")
    errors = read_head(tmp_path / "b.yaml").errors
    assert len(errors) >= 2
    app = BriefingApp(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await read(pilot, app)
        text = screen_text(app)
        assert f"({len(errors)} errors)" in text
        for error in errors:
            assert f"{error.line}:{error.column}: {error.message}"[:60] in text


async def test_order_is_newest_first_and_o_switches_to_natural_name_order(tmp_path: Path) -> None:
    for number, as_of in ((1, "2025-11-03"), (2, "2025-11-01"), (10, "2025-11-02")):
        (tmp_path / f"brief-{number}.yaml").write_text(brief(f"Brief {number}", as_of), encoding="utf-8")
    (tmp_path / "brief-3.yaml").write_text(BROKEN, encoding="utf-8")
    app = BriefingApp(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await read(pilot, app)
        assert names(app) == ["brief-1.yaml", "brief-10.yaml", "brief-2.yaml", "brief-3.yaml"]
        assert "newest first" in screen_text(app)
        await pilot.press("o")
        assert names(app) == ["brief-1.yaml", "brief-2.yaml", "brief-3.yaml", "brief-10.yaml"]
        assert "by name" in screen_text(app)
        await pilot.press("o")
        assert names(app)[0:2] == ["brief-1.yaml", "brief-10.yaml"]


async def test_subfolders_are_shelves(tmp_path: Path) -> None:
    (tmp_path / "top.yaml").write_text(brief("Top", "2025-11-01"), encoding="utf-8")
    for shelf in ("ukraine", "gaza"):
        (tmp_path / shelf).mkdir()
        (tmp_path / shelf / f"{shelf}.yaml").write_text(brief(shelf.title(), "2025-11-02"), encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "hidden.yaml").write_text(brief("Hidden", "2025-11-02"), encoding="utf-8")
    app = BriefingApp(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await read(pilot, app)
        assert names(app) == ["top.yaml", "gaza", "gaza.yaml", "ukraine", "ukraine.yaml"]
        assert "▸ gaza  (1)" in screen_text(app) and "Hidden" not in screen_text(app)
        await pilot.press("j")  # a shelf heading is skipped by the cursor
        assert app.screen.query_one(LibraryList).highlighted.path.name == "gaza.yaml"
        (tmp_path / "gaza" / "later.yaml").write_text(brief("Later", "2025-11-05"), encoding="utf-8")
        await wait_until(pilot, lambda: "▸ gaza  (2)" in screen_text(app), "a new file on its shelf")


async def test_search_across_the_library_opens_the_brief_at_the_item(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(brief("Alpha", "2025-11-01"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(brief("Bravo", "2025-11-02"), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(BROKEN, encoding="utf-8")
    app = BriefingApp(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await read(pilot, app)
        await pilot.press("slash", *"NOTRE", "enter")  # folded: « n'est pas le nôtre »
        await wait_until(pilot, lambda: screen.hits is not None, "the search done")
        hits = screen.hits or []
        assert {hit.path.name for hit in hits} == {"a.yaml", "b.yaml"}
        assert all(isinstance(hit, Hit) and "Ce document" in hit.label for hit in hits)
        assert "2 matches" in screen_text(app)
        await pilot.press("j", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BriefScreen), "the brief opened")
        opened = app.screen
        assert isinstance(opened, BriefScreen)
        await wait_until(pilot, lambda: opened.selected_item_id == hits[1].item_id, "the cursor on the hit")
        assert opened.path.name == hits[1].path.name and opened.active_pane == "statements"
        await pilot.press("backspace")
        assert app.screen is screen and "2 matches" in screen_text(app)
        await pilot.press("escape")
        assert screen.hits is None and "3 briefs" in screen_text(app)


def entry(name: str, shelf: str = "") -> Entry:
    return Entry(Path(name), shelf, None)


@given(st.lists(st.text(min_size=1, max_size=12), unique=True, max_size=12))
def test_natural_name_order_agrees_with_numbers(stems: list[str]) -> None:
    """Names that differ only by a number sort by that number; the order is total and stable."""
    numbered = [f"brief-{len(stem)}{stem}" for stem in stems]
    once = [e.name for e in ordered(map(entry, numbered), "name")]
    assert [e.name for e in ordered(map(entry, reversed(once)), "name")] == once
    assert sorted(range(20), key=lambda n: natural_key(f"b-{n}.yaml")) == list(range(20))


def test_head_records_are_reused_only_while_the_file_is_unchanged(tmp_path: Path) -> None:
    library, cache = tmp_path / "library", tmp_path / "cache"
    library.mkdir()
    path = library / "a.yaml"
    path.write_text(brief("Alpha", "2025-11-01"), encoding="utf-8")
    store = HeadStore(library, cache)
    [cold] = store.entries([path])
    assert cold.head is None
    store.save([store.read(cold)])
    [warm] = HeadStore(library, cache).entries([path])
    assert warm.head is not None and warm.head.title == "Alpha" and "6 actors" in warm.head.counts
    path.write_text(brief("Alpha two", "2025-11-01"), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    [stale] = HeadStore(library, cache).entries([path])
    assert stale.head is None
    HeadStore(library, cache).file.write_bytes(b"\xff damaged")
    [damaged] = HeadStore(library, cache).entries([path])
    assert damaged.head is None


def test_a_pipe_or_a_missing_file_is_an_error_never_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    [error] = read_head(fifo).errors
    assert "not a plain file" in error.message
    assert "no such file" in read_head(tmp_path / "gone.yaml").errors[0].message
    flow = tmp_path / "flow.yaml"
    flow.write_text("{briefing: 1, title: x}\n", encoding="utf-8")
    assert read_head(flow).brief and read_head(flow).errors


def test_brief_paths_lists_the_tree_but_not_hidden_folders_or_links_to_folders(tmp_path: Path) -> None:
    for name in ("a.yaml", "B.YML", "notes.txt", "x/c.yaml", "x/y/d.yml", ".git/e.yaml", "x/.cache/f.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("briefing: 1\n", encoding="utf-8")
    (tmp_path / "x" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "link.yaml").symlink_to(tmp_path / "a.yaml")
    (tmp_path / "folder.yaml").mkdir()
    found = {str(path.relative_to(tmp_path)) for path in brief_paths(tmp_path)}
    assert found == {"a.yaml", "B.YML", "link.yaml", "x/c.yaml", "x/y/d.yml"}
    entries = HeadStore(tmp_path, tmp_path / "cache").entries(brief_paths(tmp_path))
    assert [entry.shelf for entry in entries] == ["", "", "", "x", "x/y"]


async def test_a_search_says_what_it_is_doing_until_its_hits_come(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.yaml").write_text(brief("Alpha", "2025-11-01"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(brief("Bravo", "2025-11-02"), encoding="utf-8")
    release = threading.Event()
    index = LibraryScreen._index

    def held(screen: LibraryScreen, path: Path):  # type: ignore[no-untyped-def]
        release.wait()
        return index(screen, path)

    monkeypatch.setattr(LibraryScreen, "_index", held)
    app = BriefingApp(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await read(pilot, app)
        await pilot.press("slash", *"[b]peace", "enter")
        await pilot.pause()
        try:
            assert "Searching 2 briefs for “[b]peace” …" in screen_text(app)
        finally:
            release.set()  # the search thread must end, or the app never exits
        await wait_until(pilot, lambda: screen.hits is not None, "the search done")
        assert "Search: [b]peace · 0 matches" in screen_text(app)
