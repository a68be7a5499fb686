"""`briefing log PATH [ITEM-ID]` in a temporary git repository (local user config only): the
commits newest first with what each changed, one item's history through a rename of its id, an
invalid version said on its line, the file's renames followed, JSON, exit codes, hostile commit
text, and agreement with `briefing diff` on every commit."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from test_diff_command import GIT_ENV, ORIGINAL, ROOT, STORY, UPDATED, commit, git, repo

from briefing import history
from briefing.diff import diff
from briefing.diff_command import read_side
from briefing.gitrev import GitError, git_bytes
from briefing.history import UnknownItem, brief_history, item_history, newest_item_history
from briefing.log_command import as_data, print_history
from briefing.text import _UNSAFE, json_text

__all__ = ["repo"]  # the fixture, shared with test_diff_command

RENAMED = UPDATED.replace("miami-meeting", "miami-talks")
"""The Miami meeting's id renamed, every reference following it."""


def briefing_log(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "log", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**GIT_ENV, "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def hashes(repo: Path) -> list[str]:
    done = subprocess.run(
        ["git", "-C", str(repo), "log", "--format=%H"],
        capture_output=True,
        text=True,
        check=True,
        env=GIT_ENV,
    )
    return done.stdout.split()


def story(repo: Path, *messages_and_texts: tuple[str, str]) -> None:
    for message, text in messages_and_texts:
        (repo / "b.yaml").write_text(text, encoding="utf-8")
        commit(repo, message)


def test_commits_newest_first_with_what_each_changed(repo: Path) -> None:
    story(repo, ("Miami confirmed", UPDATED))
    result = briefing_log(repo, "b.yaml")
    assert result.returncode == 0
    second, first = hashes(repo)
    lines = result.stdout.splitlines()
    assert lines[0] == "History of b.yaml: 2 commits"
    assert lines[1].startswith(f"{second[:8]}  20") and lines[1].endswith("  Test  Miami confirmed")
    assert lines[2:4] == [
        "    ~ as of 19 Nov 2025 → 21 Nov 2025",
        "    ~ event `miami-meeting`: status unverified → confirmed",
    ]
    assert lines[4].startswith(f"{first[:8]}  ") and lines[4].endswith("  first")
    assert lines[5].startswith("    + first version: ") and lines[5].endswith(" items")


def test_a_change_too_long_for_the_width_wraps_set_in(repo: Path) -> None:
    """A wrapped change keeps its indent under the commit line, and no row ends in spaces."""
    story(repo, ("Miami confirmed", UPDATED))
    lines = briefing_log(repo, "b.yaml", "miami-meeting", "--width", "50").stdout.splitlines()
    first = next(at for at, text in enumerate(lines) if text.startswith("    + new event `miami-meeting`"))
    assert lines[first + 1].startswith("    ") and lines[first + 1][4] != " "
    assert all(text == text.rstrip() for text in lines)


def test_one_item_followed_through_a_rename_of_its_id(repo: Path) -> None:
    story(repo, ("Miami confirmed", UPDATED), ("as of only", UPDATED.replace("2025-11-21", "2025-11-22")))
    story(repo, ("rename the meeting", RENAMED.replace("2025-11-21", "2025-11-22")))
    result = briefing_log(repo, "b.yaml", "miami-talks")
    assert result.returncode == 0, result.stderr
    changes = [line.strip() for line in result.stdout.splitlines() if line.startswith("    ")]
    assert changes == [
        "> event `miami-meeting` renamed to `miami-talks`",
        "~ event `miami-meeting`: status unverified → confirmed",
        "+ new event `miami-meeting` (Nov 2025 ~): Witkoff discusses the plan with Rustem Umerov at a "
        "meeting in Miami",
    ]
    assert result.stdout.splitlines()[0] == "History of `miami-talks` in b.yaml: 3 commits"


def test_an_invalid_version_is_said_on_its_line_and_the_log_goes_on(repo: Path) -> None:
    story(repo, ("broken", ORIGINAL + "oops: [\n"), ("mended", UPDATED))
    result = briefing_log(repo, "b.yaml")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[1].endswith("  mended")
    assert lines[2:4] == [  # compared with the last valid version, before the broken one
        "    ~ as of 19 Nov 2025 → 21 Nov 2025",
        "    ~ event `miami-meeting`: status unverified → confirmed",
    ]
    assert lines[4].endswith("  broken")
    assert lines[5].startswith("    ! not a valid brief here: ")
    assert "YAML syntax error" in lines[5]
    data = json.loads(briefing_log(repo, "b.yaml", "--format", "json").stdout)
    broken = data["commits"][1]
    assert broken["valid"] is False and broken["changes"] == []
    assert broken["errors"][0]["path"].startswith("b.yaml@")


def test_valid_again_with_the_same_story(repo: Path) -> None:
    story(repo, ("broken", ORIGINAL + "oops: [\n"), ("mended", ORIGINAL))
    lines = briefing_log(repo, "b.yaml").stdout.splitlines()
    assert lines[2] == "    = valid again: the same story as the last valid version"


def test_a_reorder_is_the_same_story(repo: Path) -> None:
    story(repo, ("comment", ORIGINAL + "# a note\n"))
    assert briefing_log(repo, "b.yaml").stdout.splitlines()[2] == (
        "    = the same story (only the file's layout changed)"
    )


def test_renames_of_the_file_are_followed(repo: Path) -> None:
    git(repo, "mv", "b.yaml", "c.yaml")
    commit(repo, "move")
    (repo / "c.yaml").write_text(UPDATED, encoding="utf-8")
    commit(repo, "Miami confirmed")
    lines = briefing_log(repo, "c.yaml").stdout.splitlines()
    assert lines[0] == "History of c.yaml: 3 commits"
    assert lines[5] == "    > the file renamed from b.yaml to c.yaml"
    assert lines[7].startswith("    + first version")


def test_a_removed_and_restored_file(repo: Path) -> None:
    git(repo, "rm", "-q", "b.yaml")
    commit(repo, "gone")
    story(repo, ("back", UPDATED))
    lines = briefing_log(repo, "b.yaml").stdout.splitlines()
    assert lines[0] == "History of b.yaml: 3 commits"
    assert lines[2].startswith("    + first version: ")
    assert lines[3:5] == [lines[3], "    - the file was removed"]


def test_max_count_and_json(repo: Path) -> None:
    story(repo, ("Miami confirmed", UPDATED))
    data = json.loads(briefing_log(repo, "b.yaml", "--format", "json", "-n", "1").stdout)
    assert list(data) == ["log_format", "path", "item", "commits"]
    assert data["log_format"] == 1 and data["item"] is None and data["path"] == "b.yaml"
    (row,) = data["commits"]
    assert list(row) == [
        "commit",
        "date",
        "author",
        "subject",
        "path",
        "valid",
        "first",
        "removed",
        "renamed_from",
        "errors",
        "changes",
    ]
    assert (
        row["commit"] == hashes(repo)[0] and row["author"] == "Test" and row["subject"] == "Miami confirmed"
    )
    assert row["path"] == "b.yaml" and row["renamed_from"] is None and row["valid"] is True
    assert [change["text"] for change in row["changes"]] == [
        "as of 19 Nov 2025 → 21 Nov 2025",
        "event `miami-meeting`: status unverified → confirmed",
    ]
    assert row["changes"][1]["fields"] == [
        {"field": "status", "old": "unverified", "new": "confirmed", "text": "status unverified → confirmed"}
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nowhere.yaml",), "briefing log: nowhere.yaml has no history in git: it was never committed "),
        (("new.yaml",), "briefing log: new.yaml has no history in git: it was never committed\n"),
        (
            ("b.yaml", "no-such-item"),
            "briefing log: no version of b.yaml has an item with the id `no-such-item`",
        ),
        ((".",), "briefing log: .: is a folder; give one brief file"),
        (("b.yaml", "-n", "0"), "'0' is not a positive number"),
    ],
)
def test_trouble_is_exit_2(repo: Path, args: tuple[str, ...], message: str) -> None:
    (repo / "new.yaml").write_text(ORIGINAL, encoding="utf-8")  # never committed
    result = briefing_log(repo, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_outside_a_repository(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text(ORIGINAL, encoding="utf-8")
    result = briefing_log(tmp_path, "b.yaml")
    assert result.returncode == 2
    assert result.stderr == "briefing log: . is not in a git repository\n"


def test_hostile_commit_text_is_cleaned_and_cannot_forge_a_commit(repo: Path) -> None:
    """A subject holding the log's own record separator and a fake hash, and an author with
    terminal controls: one commit, shown as text."""
    forged = "evil\x1e" + "a" * 40 + "\x002025-01-01T00:00:00+00:00"
    (repo / "b.yaml").write_text(UPDATED, encoding="utf-8")
    git(repo, "add", "-A")
    subject = forged.replace("\x00", "")
    git(repo, "-c", "user.name=\x1b]0;pwned\x07Mallory\x1b[31m", "commit", "-q", "-m", subject)
    result = briefing_log(repo, "b.yaml")
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\x1e" not in result.stdout
    assert result.stdout.splitlines()[0] == "History of b.yaml: 2 commits"
    data = json.loads(briefing_log(repo, "b.yaml", "--format", "json").stdout)
    assert [row["subject"] for row in data["commits"]] == [subject, "first"]
    assert len(data["commits"][0]["changes"]) == 2


def test_every_commit_agrees_with_briefing_diff(repo: Path) -> None:
    """Differential: each commit's changes are what `briefing diff PATH@PARENT PATH@COMMIT` says."""
    story(
        repo,
        ("Miami confirmed", UPDATED),
        ("renamed", RENAMED),
        ("a statement renamed", RENAMED.replace("id: axios-plan-scope", "id: axios-scope", 1)),
        ("reverted", ORIGINAL),
    )
    steps = brief_history(repo / "b.yaml")
    assert len(steps) == 5
    for step in steps[:-1]:
        old = read_side(f"{repo / 'b.yaml'}@{step.commit.hash}~1").result.loaded
        new = read_side(f"{repo / 'b.yaml'}@{step.commit.hash}").result.loaded
        assert old is not None and new is not None
        assert list(step.changes) == diff(old.brief, new.brief)
    assert steps[-1].first


def test_a_version_over_the_size_limit_is_not_read(repo: Path) -> None:
    story(repo, ("big", UPDATED + "#" * 5000 + "\n"))
    steps = brief_history(repo / "b.yaml", max_bytes=len(UPDATED.encode()) + 100)
    assert "more than the limit" in steps[0].errors[0].message
    assert steps[1].first and not steps[1].errors


def test_max_count_reads_only_the_newest_commits_and_compares_the_oldest_with_its_parent(repo: Path) -> None:
    story(repo, ("Miami confirmed", UPDATED), ("renamed", RENAMED))
    limited = brief_history(repo / "b.yaml", limit=2)
    assert [step.commit.subject for step in limited] == ["renamed", "Miami confirmed"]
    assert limited == brief_history(repo / "b.yaml")[:2]
    assert not limited[-1].first
    lines = briefing_log(repo, "b.yaml", "-n", "1").stdout.splitlines()
    assert lines[0] == "History of b.yaml: 1 commit" and lines[1].endswith("  renamed")
    assert lines[2] == "    > event `miami-meeting` renamed to `miami-talks`"


def test_a_file_name_is_not_a_pattern(repo: Path) -> None:
    """`[b].yaml` is that file, not a glob that also matches `b.yaml`: a commit that changed only
    `b.yaml` is not in its history, and `b*.yaml`, never committed, has none."""
    other = (ROOT / "tests" / "data" / "app" / "talks.yaml").read_text(encoding="utf-8")
    (repo / "[b].yaml").write_text(other, encoding="utf-8")
    commit(repo, "bracket")
    story(repo, ("b only", UPDATED))
    assert [step.commit.subject for step in brief_history(repo / "[b].yaml")] == ["bracket"]
    result = briefing_log(repo, "[b].yaml", "--format", "json")
    assert [row["subject"] for row in json.loads(result.stdout)["commits"]] == ["bracket"]
    result = briefing_log(repo, "b*.yaml")
    assert result.returncode == 2 and "b*.yaml has no history in git" in result.stderr


def test_a_long_history_is_read_in_bounded_memory(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Versions are read from git a few at a time and only the last one parsed is kept: reading 48
    commits takes about the memory of reading 6 (it had grown with every version, all held)."""
    for number in range(47):
        story(
            repo, (f"step {number}", ORIGINAL.replace("as_of: 2025-11-19", f"# {number}\nas_of: 2025-11-19"))
        )
    monkeypatch.setattr(history, "READ_BYTES", 3 * len(ORIGINAL.encode()))

    def peak(limit: int | None) -> int:
        tracemalloc.start()
        try:
            assert len(brief_history(repo / "b.yaml", limit=limit)) == (limit or 48)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    few = peak(5)  # first: what the first reading sets up once (imports, caches) is not counted after
    assert peak(None) < 1.5 * few


def test_a_commit_with_an_author_git_cannot_read_is_not_hidden(repo: Path) -> None:
    """A commit object written by hand (git fsck flags it; a clone does not check it) whose author
    line holds a NUL: git prints its date placeholder as is. The commit had vanished from the log,
    its change shown under the next commit, whose author had not made it."""
    (repo / "b.yaml").write_text(UPDATED, encoding="utf-8")
    git(repo, "add", "-A")
    tree = git_text(repo, "write-tree")
    parent = git_text(repo, "rev-parse", "HEAD")
    body = f"tree {tree}\nparent {parent}\nauthor Ev\x00e <e@x> 1700000000 +0000\n"
    body += "committer C <c@x> 1700000000 +0000\n\nMiami confirmed\n"
    crafted = (
        subprocess.run(
            ["git", "-C", str(repo), "hash-object", "-t", "commit", "--literally", "-w", "--stdin"],
            input=body.encode(),
            capture_output=True,
            check=True,
            env=GIT_ENV,
        )
        .stdout.decode()
        .strip()
    )
    git(repo, "update-ref", "HEAD", crafted)
    story(repo, ("renamed", RENAMED))
    steps = brief_history(repo / "b.yaml")
    assert [step.commit.subject for step in steps] == ["renamed", "Miami confirmed", "first"]
    assert not any("unverified → confirmed" in change.text for change in steps[0].changes)
    assert steps[1].commit.hash == crafted
    assert [change.text for change in steps[1].changes] == STORY
    assert steps[1].commit.date == ""  # git could not read it: no date rather than its placeholder


def git_text(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=GIT_ENV
    )
    return done.stdout.strip()


@pytest.mark.parametrize(
    "args",
    [("log", "b.yaml"), ("log", "b.yaml", "said"), ("diff", "b.yaml"), ("diff", "b.yaml@HEAD~1", "b.yaml")],
)
def test_without_git_a_message_and_exit_2(repo: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    """No git on PATH: a sentence saying so, never a traceback."""
    empty = tmp_path / "no-programs"
    empty.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        cwd=repo,
        env={**GIT_ENV, "PYTHONPATH": str(ROOT), "PATH": str(empty)},
        check=False,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"briefing {args[0]}: the git program is not installed; it is needed to read a brief's history\n"
    )


def test_a_history_read_again_parses_no_version_until_a_commit(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader reads an item's history at each details screen and each reload: while the
    file's commits are the same, no version is parsed again (each is as large as the brief)."""
    story(repo, ("Miami confirmed", UPDATED))
    parsed = counting_parses(monkeypatch)
    first = brief_history(repo / "b.yaml", limit=30)
    assert len(parsed) == 2
    assert brief_history(repo / "b.yaml", limit=30) == first
    assert len(parsed) == 2
    story(repo, ("renamed", RENAMED))
    assert len(brief_history(repo / "b.yaml", limit=30)) == 3
    assert len(parsed) > 2


def test_a_stopped_history_parses_no_further_version(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Details closed (or the reader quitting) while versions are parsed: the next one is not,
    so nothing waits for a long history of a large brief (a version of 10,000 statements: 0.5 s)."""
    story(repo, ("Miami confirmed", UPDATED), ("renamed", RENAMED))
    stop = threading.Event()
    parsed = counting_parses(monkeypatch, then=stop.set)  # closed while the first version is read
    with pytest.raises(GitError):
        brief_history(repo / "b.yaml", stop=stop)
    assert len(parsed) == 1
    monkeypatch.undo()
    assert len(brief_history(repo / "b.yaml")) == 3  # a stopped read is not kept as the history


COMMIT_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\n\r<>"), min_size=1, max_size=40
).map(lambda text: f"A{text}Z")
"""Between letters: git drops what it calls crud (controls, blanks, `.,:;'"\\`) at an author's ends
and refuses a name of nothing else; `<` and `>` it refuses anywhere."""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    subject=st.one_of(COMMIT_TEXT, st.just("[bold]x[/] \x1b]8;;http://x\x07y\x1b]8;;\x07 \u202e")),
    author=COMMIT_TEXT,
)
def test_any_commit_text_is_printed_clean_and_kept_exact_in_json(
    repo: Path, subject: str, author: str
) -> None:
    """Whatever a subject or an author holds (controls, OSC 8 and 52, bidi, markup, any script):
    the text view, in colour, holds no character `clean()` replaces; JSON gives the subject back."""
    (repo / "b.yaml").write_text(ORIGINAL + f"# {len(hashes(repo))}\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "-c", f"user.name={author}", "commit", "-q", "--cleanup=verbatim", "-m", subject)
    steps = brief_history(repo / "b.yaml", limit=1)
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=80)
    print_history(console, repo / "b.yaml", None, steps)
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert _UNSAFE.search(shown.replace("\x1b[", "")) is None  # only Rich's own colour codes
    assert "\x1b]" not in shown
    data = json.loads(json_text(as_data(repo / "b.yaml", None, steps)))
    assert data["commits"][0]["subject"] == subject


def test_n_commits_of_one_item_read_only_the_newest_versions(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`log PATH ITEM -n 1` when the item changed in the newest commit: a few versions parsed, not
    the whole history (each version is as large as the brief; a long history took minutes)."""
    for number in range(10):
        story(
            repo, (f"step {number}", ORIGINAL.replace("as_of: 2025-11-19", f"# {number}\nas_of: 2025-11-19"))
        )
    story(repo, ("Miami confirmed", UPDATED))
    parsed = counting_parses(monkeypatch)
    monkeypatch.setattr(history, "ITEM_WINDOW", 2)
    result = briefing_log_in_process(repo, "b.yaml", "miami-meeting", "-n", "1")
    assert "status unverified → confirmed" in result
    assert len(parsed) <= 4  # of 12 versions


def briefing_log_in_process(repo: Path, *args: str) -> str:
    from briefing.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.chdir(repo):
        assert main(["log", *args, "--width", "200"]) == 0
    return out.getvalue()


def test_n_commits_of_one_item_agree_with_the_whole_history(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Differential: through invalid versions, a removal, renames of ids and of nothing, every
    item and every -n give what the whole history gives, whatever the first window."""
    story(repo, ("Miami confirmed", UPDATED), ("broken", UPDATED + "oops: [\n"), ("renamed", RENAMED))
    git(repo, "rm", "-q", "b.yaml")
    git(repo, "commit", "-q", "-m", "removed")
    story(
        repo,
        ("back", ORIGINAL),
        ("statement renamed", ORIGINAL.replace("id: axios-plan-scope", "id: axios-scope", 1)),
        ("broken again", "briefing: [\n"),
        ("layout", ORIGINAL.replace("id: axios-plan-scope", "id: axios-scope", 1) + "# more\n"),
    )
    whole = brief_history(repo / "b.yaml")
    for item in ("miami-meeting", "miami-talks", "axios-scope", "axios-plan-scope", "no-such-item"):
        try:
            expected = item_history(whole, item)
        except UnknownItem:
            expected = None
        for window in (1, 2, 3, 32):
            monkeypatch.setattr(history, "ITEM_WINDOW", window)
            for count in range(1, len(whole) + 2):
                if expected is None:
                    with pytest.raises(UnknownItem):
                        newest_item_history(repo / "b.yaml", item, count)
                else:
                    assert newest_item_history(repo / "b.yaml", item, count) == expected[:count], (
                        item,
                        window,
                    )


def counting_parses(monkeypatch: pytest.MonkeyPatch, then: Any = None) -> list[str]:
    """The labels of the versions `briefing.history` parses from now on (calling `then` first)."""
    parsed: list[str] = []
    real = history._parse

    def counting(content: bytes | str, label: str, name: str) -> Any:
        parsed.append(label)
        if then is not None:
            then()
        return real(content, label, name)

    monkeypatch.setattr(history, "_parse", counting)
    return parsed


def test_git_is_given_all_its_input_while_a_stop_is_watched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More input than a pipe holds (64 kB) to a git slow to start reading it, while a stop event
    is watched: all of it is written (the wait retried after each look at the event had stopped
    writing it, and git waited for the rest until the minute's timeout)."""
    (tmp_path / "git").write_text("#!/bin/sh\nsleep 0.3\nexec cat\n")  # answers what it reads
    (tmp_path / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    request = b"".join(b"%040d\n" % number for number in range(5_000))  # 205 kB
    assert (
        git_bytes(tmp_path, "cat-file", "--batch-check", stdin=request, failure="x", stop=threading.Event())
        == request
    )
