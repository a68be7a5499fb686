"""The README's "Following a story" example, run: the bundled brief committed to git, a made-up
later version committed two days on, and every `console` block of the section run in that
repository and compared with what the README shows (issue 15: a worked example on the bundled
brief, its second version made here, not in briefs/)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from briefing.diff import diff
from briefing.loader import load_text
from briefing.screens.since import Baseline, Since

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BUNDLED = (ROOT / "briefs" / "ukraine-peace-plan-2025-11-19.yaml").read_text(encoding="utf-8")
KEEPER = {"GIT_AUTHOR_NAME": "Ana Keeper", "GIT_AUTHOR_EMAIL": "ana@example.org"}
KEEPER |= {"GIT_COMMITTER_NAME": "Ana Keeper", "GIT_COMMITTER_EMAIL": "ana@example.org"}


def later_version(text: str) -> str:
    """Two days on: the Miami meeting confirmed, a question's id renamed, a question added."""
    edits = [
        ("as_of: 2025-11-19", "as_of: 2025-11-21"),
        ("    sources: [axios]\n    status: unverified\n    notes: |\n      Known only from", None),
        ("  - id: turkey-talks\n", "  - id: turkey-talks-resume\n"),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new if new is not None else old.replace("unverified", "confirmed"))
    return text.rstrip("\n") + (
        "\n\n  - id: plan-presented-to-kyiv\n"
        "    question: Will the plan be presented to Kyiv, and by whom?\n"
        "    actors: [ukraine, united-states]\n"
        "    events: [plan-drafting]\n"
    )


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.index("\n## In a browser", start)
    return README[start:end]


def console_blocks(text: str) -> list[tuple[str, str]]:
    """Each ```console block as (command after `$ `, the output shown under it)."""
    blocks = re.findall(r"^```console\n\$ ([^\n]*)\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)
    assert blocks, "no console blocks in the section"
    return blocks


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    repo = tmp_path_factory.mktemp("story")
    env = {
        **os.environ,
        **KEEPER,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "PYTHONPATH": str(ROOT),
        "XDG_CACHE_HOME": str(repo.parent / "cache"),
    }

    def commit(text: str, message: str, when: str) -> None:
        (repo / "ukraine.yaml").write_text(text, encoding="utf-8")
        dated = {**env, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        for args in (["add", "ukraine.yaml"], ["commit", "-q", "-m", message]):
            subprocess.run(["git", "-C", str(repo), *args], check=True, env=dated, capture_output=True)

    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=env)
    commit(BUNDLED, "Brief as of the report of 19 November", "2025-11-19T14:30:00+00:00")
    commit(
        later_version(BUNDLED),
        "Miami meeting confirmed; ask whether Kyiv gets the plan",
        "2025-11-21T09:15:00+00:00",
    )
    return repo, env


@pytest.mark.parametrize("command, shown", console_blocks(section("Following a story")))
def test_each_command_prints_what_the_readme_shows(
    story: tuple[Path, dict[str, str]], command: str, shown: str
) -> None:
    repo, env = story
    argv = shlex.split(command)
    assert argv[0] == "briefing"
    result = subprocess.run(
        [sys.executable, "-m", "briefing", *argv[1:]],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stderr == ""
    assert result.returncode in (0, 1)  # diff: 1 means "changed"
    # Commit hashes depend on the bundled brief's bytes, which are edited as the story is kept.
    hashes = re.compile(r"^[0-9a-f]{8}(?=  \d{4}-)", flags=re.MULTILINE)
    assert hashes.sub("<hash>", result.stdout) == hashes.sub("<hash>", shown)


def test_the_reader_header_says_what_the_readme_says() -> None:
    """The reader's count of what changed since the first version was read, as the README quotes it."""
    quoted = re.search(r"the header says `(.*?) \(u\)`", section("Following a story"))
    assert quoted is not None
    old, new = (
        load_text(BUNDLED, "ukraine.yaml").loaded,
        load_text(later_version(BUNDLED), "ukraine.yaml").loaded,
    )
    assert old is not None and new is not None
    read_at = datetime(2025, 11, 19, 14, 30).timestamp()  # local time, as the reader shows it
    since = Since(new.digest, Baseline(old.brief, old.digest, read_at), diff(old.brief, new.brief))
    assert since.summary == quoted.group(1)
    assert since.marks("events") == {"miami-meeting": "~"}
    assert since.marks("questions") == {"turkey-talks-resume": "~", "plan-presented-to-kyiv": "+"}


def test_the_git_driver_lines_are_the_ones_docs_diff_gives() -> None:
    """The README's three lines of git setup are the ones the driver's own documentation gives
    (test_diff_command runs that setup in a repository)."""
    setup = re.search(r"^```sh\n(.*?)^```$", section("Following a story"), flags=re.MULTILINE | re.DOTALL)
    assert setup is not None
    docs = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    for line in setup.group(1).splitlines():
        assert line in docs, line
