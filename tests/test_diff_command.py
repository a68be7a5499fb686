"""`briefing diff` as a user runs it: files and PATH@REV in a temporary git repository, the
three formats, exit codes 0/1/2, invalid sides reported with positions, hostile text cleaned."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import cli, yamlread

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "briefs" / "ukraine-peace-plan-2025-11-19.yaml"
ORIGINAL = BUNDLED.read_text(encoding="utf-8")
UPDATED = ORIGINAL.replace("as_of: 2025-11-19", "as_of: 2025-11-21").replace(
    "    status: unverified", "    status: confirmed"
)
"""The bundled brief two days on: the Miami meeting confirmed."""
STORY = ["as of 19 Nov 2025 → 21 Nov 2025", "event `miami-meeting`: status unverified → confirmed"]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=GIT_ENV)


GIT_ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose one commit holds the bundled brief as `b.yaml` (local config only)."""
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "config", "user.email", "test@example.org")
    (tmp_path / "b.yaml").write_text(ORIGINAL, encoding="utf-8")
    commit(tmp_path, "first")
    return tmp_path


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def briefing(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "diff", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**GIT_ENV, "PYTHONPATH": str(ROOT), **env},
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_working_file_against_head(repo: Path) -> None:
    assert briefing(repo, "b.yaml").returncode == 0
    (repo / "b.yaml").write_text(UPDATED, encoding="utf-8")
    result = briefing(repo, "b.yaml")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "From b.yaml@HEAD (as of 19 Nov 2025) to b.yaml (as of 21 Nov 2025)",
        *(f"~ {text}" for text in STORY),
        "2 changes: 2 changed",
    ]


def test_revisions_git_accepts(repo: Path) -> None:
    git(repo, "tag", "v1")
    (repo / "b.yaml").write_text(UPDATED, encoding="utf-8")
    commit(repo, "second")
    for old in ("b.yaml@HEAD~1", "b.yaml@v1", "b.yaml@{1}", "b.yaml@HEAD@{1}"):
        result = briefing(repo, old, "b.yaml@HEAD", "--format", "json")
        assert result.returncode == 1, (old, result.stderr)
        assert [change["text"] for change in json.loads(result.stdout)["changes"]] == STORY
    # From another folder, through a relative path with a folder in it.
    (repo / "sub").mkdir()
    result = briefing(repo / "sub", "../b.yaml@HEAD~1", "../b.yaml")
    assert result.returncode == 1 and STORY[1] in result.stdout


def test_both_sides_come_from_the_brief_cache_once_read(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file and a git revision read once are not parsed again (the issue's "both sides from the
    cache where possible"): the second run parses nothing and says the same."""
    (repo / "later.yaml").write_text(UPDATED, encoding="utf-8")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    assert cli.main(["diff", "b.yaml@HEAD", "later.yaml"]) == 1
    first = capsys.readouterr().out
    monkeypatch.setattr(yamlread, "read_document", lambda text: pytest.fail("parsed again"))
    assert cli.main(["diff", "b.yaml@HEAD", "later.yaml"]) == 1
    assert capsys.readouterr().out == first
    assert STORY[1] in first


def test_one_revision_alone_is_compared_with_the_working_file(repo: Path) -> None:
    (repo / "b.yaml").write_text(UPDATED, encoding="utf-8")
    commit(repo, "second")
    (repo / "b.yaml").write_text(ORIGINAL, encoding="utf-8")
    assert briefing(repo, "b.yaml@HEAD~1").returncode == 0
    result = briefing(repo, "b.yaml@HEAD")
    assert result.returncode == 1
    assert result.stdout.startswith("From b.yaml@HEAD (as of 21 Nov 2025) to b.yaml (as of 19 Nov 2025)")


def test_json_and_md(repo: Path) -> None:
    (repo / "new.yaml").write_text(UPDATED, encoding="utf-8")
    data = json.loads(briefing(repo, "b.yaml", "new.yaml", "--format", "json").stdout)
    assert data["diff_format"] == 1 and data["equal"] is False
    assert data["old"] == {
        "path": "b.yaml",
        "title": "US–Russian peace plan for Ukraine",
        "as_of": "2025-11-19",
    }
    assert data["changes"][1]["fields"] == [
        {"field": "status", "old": "unverified", "new": "confirmed", "text": "status unverified → confirmed"}
    ]
    same = json.loads(briefing(repo, "b.yaml", "b.yaml@HEAD", "--format", "json").stdout)
    assert same["equal"] is True and same["changes"] == []
    md = briefing(repo, "b.yaml", "new.yaml", "--format", "md")
    assert md.returncode == 1
    assert md.stdout.startswith("## Changes since 19 Nov 2025\n")
    assert "- **changed**: event \\`miami-meeting\\`: status unverified → confirmed" in md.stdout


def test_an_invalid_side_is_reported_with_positions(repo: Path) -> None:
    broken = ORIGINAL.replace("    status: unverified", "    status: maybe")
    (repo / "b.yaml").write_text(broken, encoding="utf-8")
    commit(repo, "broken")
    (repo / "b.yaml").write_text(UPDATED, encoding="utf-8")
    result = briefing(repo, "b.yaml")
    assert result.returncode == 2
    line = broken.splitlines().index("    status: maybe") + 1
    assert result.stderr.startswith(f"b.yaml@HEAD:{line}:13: error:")
    assert "briefing diff: b.yaml@HEAD is not a valid brief; nothing compared" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("b.yaml@nope",), "briefing diff: 'nope' is not a revision git knows here"),
        (("b.yaml@--output=x", "b.yaml"), "is not a revision git knows here"),
        (("other.yaml@HEAD", "b.yaml"), "other.yaml does not exist at HEAD"),
        (("missing.yaml", "b.yaml"), "missing.yaml: no such file"),
        (("b.yaml@", "b.yaml"), "say which revision"),
        (("", "b.yaml"), "a file name is empty"),
        (("a" * 5000, "b.yaml"), "File name too long"),
        (("a" * 5000 + "@HEAD", "b.yaml"), "does not exist at HEAD"),
        (("--textconv", "a" * 5000), "File name too long"),
    ],
)
def test_trouble_is_exit_2(repo: Path, args: tuple[str, ...], message: str) -> None:
    result = briefing(repo, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (repo / "x").exists()


def test_outside_a_repository(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text(ORIGINAL, encoding="utf-8")
    result = briefing(tmp_path, "b.yaml", GIT_CEILING_DIRECTORIES=str(tmp_path.parent))
    assert result.returncode == 2
    assert "is not in a git repository" in result.stderr


def test_a_file_named_with_an_at_sign_is_that_file(repo: Path) -> None:
    (repo / "b.yaml@HEAD").write_text(UPDATED, encoding="utf-8")
    result = briefing(repo, "b.yaml", "b.yaml@HEAD")
    assert result.returncode == 1 and STORY[0] in result.stdout


def test_hostile_text_is_cleaned_even_in_colour(repo: Path) -> None:
    hostile = UPDATED.replace(
        "title: US–Russian peace plan for Ukraine", 'title: "Plan \\e]0;pwned\\a\\e[2J \\u202e"'
    )
    (repo / "new.yaml").write_text(hostile, encoding="utf-8")
    for env in ({"FORCE_COLOR": "1"}, {"NO_COLOR": "1"}):
        result = briefing(repo, "b.yaml", "new.yaml", "--width", "300", **env)
        assert result.returncode == 1
        assert (
            "\x1b]0;" not in result.stdout
            and "\x1b[2J" not in result.stdout
            and "\u202e" not in result.stdout
        )
        assert ("\x1b[" in result.stdout) == ("FORCE_COLOR" in env)
    for fmt in ("md", "json"):
        result = briefing(repo, "b.yaml", "new.yaml", "--format", fmt)
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout


XFUNCNAME = "^((source|actor|event|statement|question) `.*)$"


def textconv_repo(repo: Path) -> None:
    """The driver as docs/diff.md tells a user to set it up (here with this interpreter)."""
    (repo / ".gitattributes").write_text("*.yaml diff=briefing\n", encoding="utf-8")
    git(
        repo, "config", "diff.briefing.textconv", f"{shlex.quote(sys.executable)} -m briefing diff --textconv"
    )
    git(repo, "config", "diff.briefing.xfuncname", XFUNCNAME)


def git_output(repo: Path, *args: str) -> str:
    env = {**GIT_ENV, "PYTHONPATH": str(ROOT), "GIT_PAGER": "cat"}
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, env=env, check=True)
    return done.stdout.decode("utf-8")


def test_git_diff_and_log_show_changes_in_the_story_words(repo: Path) -> None:
    textconv_repo(repo)
    commit(repo, "driver")
    (repo / "b.yaml").write_text(UPDATED, encoding="utf-8")
    shown = git_output(repo, "diff")
    changed = [line for line in shown.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [
        "-as_of: 2025-11-19",
        "+as_of: 2025-11-21",
        "-  status: unverified",
        "+  status: confirmed",
    ]
    assert "@@ event `miami-meeting`: Witkoff discusses the plan" in shown
    commit(repo, "confirmed")
    assert "+  status: confirmed" in git_output(repo, "log", "-p", "-1")


def test_git_diff_shows_nothing_for_a_reorder(repo: Path) -> None:
    textconv_repo(repo)
    commit(repo, "driver")
    lines = ORIGINAL.split("\n")
    start = lines.index("  - id: miami-meeting")
    middle = lines.index("  - id: axios-report")
    end = next(number for number, line in enumerate(lines) if line.startswith("  - id: peskov-briefing"))
    moved = lines[:start] + lines[middle:end] + lines[start:middle] + lines[end:]
    (repo / "b.yaml").write_text("\n".join(moved), encoding="utf-8")
    assert git_output(repo, "diff", "--stat") != ""  # the bytes did change...
    assert git_output(repo, "diff") == ""  # ...the story did not


def test_textconv_of_an_invalid_brief_shows_its_errors_and_lines(repo: Path) -> None:
    (repo / "bad.yaml").write_text("briefing: 1\ntitle: [x\n\x1b[2J\n", encoding="utf-8")
    result = briefing(repo, "--textconv", "bad.yaml")
    assert result.returncode == 0
    assert result.stdout.startswith("! not a valid brief: ")
    assert "title: [x" in result.stdout and "\x1b" not in result.stdout
    assert briefing(repo, "--textconv", "bad.yaml", "b.yaml").returncode == 2


def test_git_diff_of_a_brief_whose_name_starts_with_a_dash(repo: Path) -> None:
    """git runs the driver with the file's path last, as it is: `-b.yaml` in the working tree had
    been read as an option (a usage error, and `git diff` failed: unable to read files to diff)."""
    textconv_repo(repo)
    (repo / "-b.yaml").write_text(ORIGINAL, encoding="utf-8")
    commit(repo, "driver and a dashing brief")
    (repo / "-b.yaml").write_text(UPDATED, encoding="utf-8")
    shown = git_output(repo, "diff", "--", "-b.yaml")
    assert "-  status: unverified\n+  status: confirmed" in shown
    # By hand, a name like an option is still one unless it is a file.
    assert briefing(repo, "--textconv", "-q").returncode == 2
