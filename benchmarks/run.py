"""Every benchmark of issue 7 in one command, each figure beside its floor measured in the same run.

The machine is shared and noisy, so nothing here is an absolute time: each figure is the median
of several runs divided by the median of its floor, and the runs of floor and subject are
interleaved (round-robin, with the order rotated each round) so that a burst of load elsewhere
hits both. A figure whose part of the program does not exist yet prints "n/a (reason)".

Usage: `.venv/bin/python benchmarks/run.py [--quick] [--reps N] [--json FILE] [--only NAME ...]`
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from generate import brief_text, generate, references_text, with_story_moved, with_typo, write  # noqa: E402
from tmux import Frame, Tmux  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
BARE_LOAD = "import yaml,sys; yaml.load(open(sys.argv[1],'rb'), Loader=yaml.CSafeLoader)"
FLOOR_TITLE = "Floor of the briefing benchmarks"
INFO = float("inf")
"""The limit of rows that explain a figure rather than having a goal."""
T = TypeVar("T")
GROUPS = ("ttff", "library", "commands", "errors", "reload", "inprocess", "history")


@dataclass
class Row:
    """One line of the table: a figure, its samples, its floor's samples and its goal."""

    figure: str
    goal: str
    unit: str
    limit: float
    samples: list[float] = field(default_factory=list)
    floor: str | None = None
    floor_samples: list[float] = field(default_factory=list)
    na: str | None = None
    note: str = ""

    @property
    def value(self) -> float | None:
        """The ratio of medians, or the median itself for absolute goals."""
        if self.na or not self.samples:
            return None
        if self.floor is None:
            return statistics.median(self.samples)
        if not self.floor_samples:
            return None
        return statistics.median(self.samples) / statistics.median(self.floor_samples)

    @property
    def met(self) -> bool | None:
        value = self.value
        return None if value is None else value <= self.limit


@dataclass
class Context:
    """What every benchmark needs: repetitions, scratch space and the briefs."""

    reps: int
    scratch: Path
    small: Path
    large: Path
    bundled: Path | None
    env: dict[str, str]
    log: Callable[[str], None]

    def fresh_dir(self, name: str) -> Path:
        path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.scratch))
        return path


# ── helpers ──────────────────────────────────────────────────────────────────────────────────


def module_exists(name: str) -> bool:
    """Whether a part of the program has been written yet (without importing it)."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def app_missing() -> str | None:
    """Why the TUI cannot be measured yet, or None when it can."""
    for name in ("briefing.launch", "briefing.app"):
        if not module_exists(name):
            return f"app not ready: no {name}"
    return None


def rounds(reps: int, subjects: list[T]) -> list[T]:
    """Interleaved order of runs: every subject once per round, the order rotated each round."""
    order: list[T] = []
    for round_number in range(reps):
        shift = round_number % len(subjects)
        order.extend(subjects[shift:] + subjects[:shift])
    return order


LAUNCHER = """
import json, os, sys, time
errors, *argv = sys.argv[1:]
fd = os.open(errors, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
           (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0), (os.POSIX_SPAWN_DUP2, fd, 2)]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
print(json.dumps([seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]))
"""
"""Runs one measured process and reports its wall time, peak RSS and exit status.

Linux carries a process's peak RSS across `exec` (and a spawned child starts from its parent's),
so the child must come from a small process, not from this one, which holds a parsed 10k brief."""


def spawn(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Run a whole process; return wall seconds, peak RSS in MB, exit status and its stderr."""
    with tempfile.NamedTemporaryFile(prefix="stderr-") as errors:
        report = subprocess.run(
            [PYTHON, "-S", "-c", LAUNCHER, errors.name, *argv],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        text = Path(errors.name).read_text("utf-8", "replace")
    if report.returncode != 0:
        return 0.0, 0.0, report.returncode, report.stderr
    seconds, peak_kb, code = json.loads(report.stdout)
    return seconds, peak_kb / 1024, code, text


def with_new_bytes(source: Path, folder: Path, note: str) -> Path:
    """A copy of `source` whose bytes no cache has seen: a unique comment at the end."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    target.write_bytes(source.read_bytes() + f"# benchmark run {note} {time.time_ns()}\n".encode())
    return target


def screen_markers(path: Path) -> tuple[str, list[str]]:
    """The title to look for and texts of items a first screen is likely to show.

    The first and last few actors, events, statements and questions in file order (a pane may
    list newest first), each cut to 14 characters so that a narrow column still shows it.
    """
    data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    markers: list[str] = []
    for section, key in (
        ("actors", "name"),
        ("events", "title"),
        ("statements", "quote"),
        ("questions", "question"),
    ):
        items = data.get(section) or []
        for item in items[:40] + items[-40:]:
            text = " ".join(str(item.get(key) or "").split())
            if len(text) >= 6:
                markers.append(text[:14])
    return " ".join(str(data["title"]).split())[:30], markers


def title_and_items(path: Path) -> Callable[[str], bool]:
    """A screen test: the brief's title and at least one of its items are visible."""
    title, markers = screen_markers(path)

    def ready(screen: str) -> bool:
        if title not in screen:
            return False
        rest = screen.replace(title, "", 1)
        return any(marker in rest for marker in markers)

    return ready


# ── 1. time to first frame ───────────────────────────────────────────────────────────────────


def bench_ttff(ctx: Context, tmux: Tmux) -> list[Row]:
    """Floor, bundled brief, 10k new bytes, 10k reopened, 100 statements: interleaved in tmux."""
    goals = [
        Row("TTFF bundled brief / floor", "≤ 1.3", "s", 1.3, floor="floor app"),
        Row("TTFF 10k new bytes / floor", "≤ 3.0", "s", 3.0, floor="floor app"),
        Row("TTFF 10k reopened / floor", "≤ 1.5", "s", 1.5, floor="floor app"),
        Row("TTFF 10k new / 100 new", "≤ 2.0", "s", 2.0, floor="100 new"),
        Row("TTFF bundled, first run ever / floor", "(info)", "s", INFO, floor="floor app"),
        Row("TTFF 10k reopened, read before / --no-state", "≤ 1.05", "s", 1.05, floor="--no-state"),
    ]
    missing = app_missing()
    if missing:
        for row in goals:
            row.na = missing
        return goals
    config = ctx.fresh_dir("config")
    base_env = {**ctx.env, "XDG_CONFIG_HOME": str(config), "XDG_DATA_HOME": str(config)}
    floor_ready = lambda screen: FLOOR_TITLE in screen  # noqa: E731
    large_ready, small_ready = title_and_items(ctx.large), title_and_items(ctx.small)
    # The program's own cache (themes, briefs) as a user has it after a first run, warmed by one
    # untimed run; "new" briefs get bytes never seen, so the brief itself is never a cache hit.
    # The first run ever (empty cache folder) is an info row.
    reopen_dir = ctx.fresh_dir("reopen")
    reopened = with_new_bytes(ctx.large, reopen_dir, "reopen")
    warm_env = {**base_env, "XDG_CACHE_HOME": str(reopen_dir / "cache")}
    briefing = [PYTHON, "-m", "briefing"]

    def new_bytes(path: Path, *, first_run: bool = False) -> tuple[list[str], dict[str, str]]:
        folder = ctx.fresh_dir("new")
        copy = with_new_bytes(path, folder, folder.name)
        env = {**base_env, "XDG_CACHE_HOME": str(folder / "cache")} if first_run else warm_env
        return [*briefing, str(copy)], env

    since_env, restore_since = read_before(ctx, reopened, warm_env)
    subjects: dict[str, Callable[[], tuple[list[str], dict[str, str], Callable[[str], bool]]]] = {
        "floor": lambda: ([PYTHON, str(HERE / "floor_app.py"), FLOOR_TITLE], base_env, floor_ready),
        "10k new": lambda: (*new_bytes(ctx.large), large_ready),
        "10k reopened": lambda: ([*briefing, str(reopened)], warm_env, large_ready),
        "100 new": lambda: (*new_bytes(ctx.small), small_ready),
        "10k since": lambda: (restored([*briefing, str(reopened)], restore_since), since_env, large_ready),
        "10k no state": lambda: ([*briefing, "--no-state", str(reopened)], since_env, large_ready),
    }
    if ctx.bundled is not None:
        bundled = ctx.bundled
        bundled_ready = title_and_items(bundled)
        subjects["bundled"] = lambda: (*new_bytes(bundled), bundled_ready)
        subjects["bundled first"] = lambda: (*new_bytes(bundled, first_run=True), bundled_ready)
    else:
        goals[0].na = goals[-1].na = "no bundled brief in briefs/"

    warm = tmux.first_frame([*briefing, str(reopened)], large_ready, env=warm_env, cwd=ROOT, linger=5.0)
    if warm.seconds is None:
        reason = f"app failed on the 10k brief: {warm.failure}; screen: {_gist(warm.screen)}"
        for row in goals:
            row.na = reason
        return goals
    samples: dict[str, list[float]] = {name: [] for name in subjects}
    failures: dict[str, Frame] = {}
    for name in rounds(ctx.reps, list(subjects)):
        if name in failures:
            continue
        argv, env, ready = subjects[name]()
        frame = tmux.first_frame(argv, ready, env=env, cwd=ROOT)
        if frame.seconds is None:
            failures[name] = frame
            ctx.log(f"  ttff {name}: FAILED {frame.failure}: {_gist(frame.screen)}")
            continue
        samples[name].append(frame.seconds)
        ctx.log(f"  ttff {name}: {frame.seconds * 1000:.0f} ms")
    for row, (subject, floor) in zip(
        goals,
        (
            ("bundled", "floor"),
            ("10k new", "floor"),
            ("10k reopened", "floor"),
            ("10k new", "100 new"),
            ("bundled first", "floor"),
            ("10k since", "10k no state"),
        ),
        strict=True,
    ):
        if row.na:
            continue
        broken = failures.get(subject) or failures.get(floor)
        if broken:
            row.na = f"{broken.failure}: {_gist(broken.screen)}"
            continue
        row.samples, row.floor_samples = samples[subject], samples[floor]
        row.floor = {"floor": "floor app", "100 new": "100 statements, new bytes"}.get(floor, floor)
    return goals


def restored(argv: list[str], restore: Callable[[], None]) -> list[str]:
    """`argv`, once `restore` has put the state the run starts from back in place."""
    restore()
    return argv


REMEMBER = """
import sys
import time
from pathlib import Path
from briefing.lastread import LastRead
from briefing.loader import load
brief, older, folder = map(Path, sys.argv[1:4])
version = load(older).loaded
assert version is not None, "the older version is not a valid brief"
store = LastRead(folder)
assert store.put(brief, version.brief, version.digest, read_at=time.time() - 86400), "not written"
print(store.file_for(brief))
"""
"""Remembers an older version of a brief as the one last read, as a session the day before left it."""


def read_before(ctx: Context, brief: Path, env: dict[str, str]) -> tuple[dict[str, str], Callable[[], None]]:
    """An environment whose state folder remembers `brief` as read one change ago (an event's
    title reworded), and how to put that memory back before each run (a run that quits
    remembers the version it showed)."""
    folder = ctx.fresh_dir("since")
    text = brief.read_text(encoding="utf-8")
    title = text.index("\n    title: ", text.index("\nevents:")) + len("\n    title: ")
    title += text[title] == '"'  # inside the quotes
    older = folder / "older" / brief.name
    older.parent.mkdir()
    older.write_text(text[:title] + "Earlier wording of " + text[title:], encoding="utf-8")
    since_env = {**env, "XDG_STATE_HOME": str(folder / "state")}
    report = subprocess.run(
        [PYTHON, "-c", REMEMBER, str(brief), str(older), str(folder / "state" / "briefing" / "read")],
        env=since_env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    state = Path(report.stdout.strip())
    remembered = state.read_bytes()

    def restore() -> None:
        state.write_bytes(remembered)

    return since_env, restore


LIBRARY_BRIEFS = 1_000
LIBRARY_STATEMENTS = 40
"""About 22 KB a brief: the 300 briefs of 7 MB that issue 14 measured, scaled to 1,000."""
WARM_HEADS = """
import sys
from pathlib import Path
from briefing.library import HeadStore, brief_paths
folder, cache = Path(sys.argv[1]), Path(sys.argv[2])
store = HeadStore(folder, cache)
store.save([store.read(entry) for entry in store.entries(brief_paths(folder))])
"""
"""Reads every brief of a library into its head records, as a first visit to it leaves them."""


def library_folder(ctx: Context) -> Path:
    """1,000 distinct briefs (own seed, title and as-of date each) in one folder."""
    folder = ctx.fresh_dir("library") / "briefs"
    folder.mkdir()
    heading = f"title: Synthetic story at scale — {LIBRARY_STATEMENTS} statements"
    for number in range(LIBRARY_BRIEFS):
        as_of = f"as_of: 2025-{1 + number % 12:02d}-{1 + number % 28:02d}"
        text = brief_text(LIBRARY_STATEMENTS, number).replace(heading, f"title: Library brief {number}", 1)
        (folder / f"brief-{number}.yaml").write_text(text.replace("as_of: 2025-12-31", as_of, 1), "utf-8")
    return folder


def bench_library(ctx: Context, tmux: Tmux) -> list[Row]:
    """The library of 1,000 briefs to its first frame, head records cached (warm) or not (cold)."""
    goals = [
        Row("TTFF library 1,000 briefs, warm / floor", "≤ 1.5", "s", 1.5, floor="floor app"),
        Row("TTFF library 1,000 briefs, cold / floor", "≤ 3.0", "s", 3.0, floor="floor app"),
    ]
    missing = app_missing() or (None if module_exists("briefing.library") else "no briefing.library")
    if missing:
        for row in goals:
            row.na = missing
        return goals
    folder = library_folder(ctx)
    total = sum(path.stat().st_size for path in folder.iterdir()) / 1e6
    for row in goals:
        row.note = f"{LIBRARY_BRIEFS} briefs, {total:.0f} MB"
    config, cache = ctx.fresh_dir("config"), ctx.fresh_dir("cache")
    env = {
        **ctx.env,
        "XDG_CONFIG_HOME": str(config),
        "XDG_DATA_HOME": str(config),
        "XDG_CACHE_HOME": str(cache),
    }
    heads = cache / "briefing" / "library"
    briefing = [PYTHON, "-m", "briefing", str(folder)]
    # A first visit (themes and other caches as a user has them), then every head record read.
    tmux.first_frame(briefing, lambda screen: "Briefs in" in screen, env=env, cwd=ROOT, linger=2.0)
    subprocess.run([PYTHON, "-c", WARM_HEADS, str(folder), str(heads)], env=env, check=True)
    warm_heads = heads.with_name("library-warm")
    shutil.rmtree(warm_heads, ignore_errors=True)
    shutil.copytree(heads, warm_heads)
    listed = f"{LIBRARY_BRIEFS} briefs"

    def warm() -> tuple[list[str], Callable[[str], bool]]:
        shutil.rmtree(heads, ignore_errors=True)
        shutil.copytree(warm_heads, heads)
        return briefing, lambda screen: listed in screen and "Library brief" in screen

    def cold() -> tuple[list[str], Callable[[str], bool]]:
        shutil.rmtree(heads, ignore_errors=True)  # the file names drawn, every brief read after
        return (
            briefing,
            lambda screen: listed in screen and ("reading…" in screen or "Library brief" in screen),
        )

    subjects: dict[str, Callable[[], tuple[list[str], Callable[[str], bool]]]] = {
        "floor": lambda: (
            [PYTHON, str(HERE / "floor_app.py"), FLOOR_TITLE],
            lambda screen: FLOOR_TITLE in screen,
        ),
        "warm": warm,
        "cold": cold,
    }
    samples: dict[str, list[float]] = {name: [] for name in subjects}
    for name in rounds(ctx.reps, list(subjects)):
        argv, ready = subjects[name]()
        frame = tmux.first_frame(argv, ready, env=env, cwd=ROOT)
        if frame.seconds is None:
            for row in goals:
                row.na = f"library {name}: {frame.failure}: {_gist(frame.screen)}"
            return goals
        samples[name].append(frame.seconds)
        ctx.log(f"  library {name}: {frame.seconds * 1000:.0f} ms")
    for row, subject in zip(goals, ("warm", "cold"), strict=True):
        row.samples, row.floor_samples = samples[subject], samples["floor"]
    return goals


def _gist(screen: str) -> str:
    """The non-blank lines of a screen, squeezed to one short line for the table."""
    lines = [" ".join(line.split()) for line in screen.splitlines() if line.strip()]
    return " | ".join(lines)[:160] or "(blank)"


# ── 2–4. headless commands, whole process ────────────────────────────────────────────────────


def bench_commands(ctx: Context) -> list[Row]:
    """validate, export, check and diff of the 10k brief against a bare PyYAML C load, and peak memory."""
    validate = Row("validate 10k / bare C load", "≤ 0.5", "s", 0.5, floor="bare CSafeLoader load")
    export = Row("export md 10k / bare C load", "≤ 0.6", "s", 0.6, floor="bare CSafeLoader load")
    memory = Row("peak RSS validate 10k / bare", "≤ 1.5", "MB", 1.5, floor="bare CSafeLoader load")
    warm = Row("validate 10k warm cache / bare", "(info)", "s", INFO, floor="bare CSafeLoader load")
    check = Row("check 10k / bare C load", "≤ 0.6", "s", 0.6, floor="bare CSafeLoader load")
    check_warm = Row("check 10k warm cache / bare", "(info)", "s", INFO, floor="bare CSafeLoader load")
    diff = Row("diff two 10k versions / bare C load", "≤ 1.0", "s", 1.0, floor="bare CSafeLoader load")
    diff_cold = Row("diff two 10k versions, cold / bare", "(info)", "s", INFO, floor="bare CSafeLoader load")
    later = write(ctx.scratch / "synthetic-10000-later.yaml", with_story_moved(ctx.large.read_text()))
    cache_dir = ctx.fresh_dir("warm-cache")

    def cold_env() -> dict[str, str]:
        return {**ctx.env, "XDG_CACHE_HOME": str(ctx.fresh_dir("cache"))}

    subjects: dict[str, Callable[[], tuple[list[str], dict[str, str]]]] = {
        "bare": lambda: ([PYTHON, "-c", BARE_LOAD, str(ctx.large)], ctx.env),
        "validate": lambda: ([PYTHON, "-m", "briefing", "validate", str(ctx.large)], cold_env()),
        "validate warm": lambda: (
            [PYTHON, "-m", "briefing", "validate", str(ctx.large)],
            {**ctx.env, "XDG_CACHE_HOME": str(cache_dir)},
        ),
    }
    if module_exists("briefing.check_command"):
        # `check` reads and writes the reader's brief cache: cold, it parses as validate does (and
        # stores the parse); warm, the parse the reader or an earlier check left is reused.
        subjects["check"] = lambda: ([PYTHON, "-m", "briefing", "check", str(ctx.large)], cold_env())
        subjects["check warm"] = lambda: (
            [PYTHON, "-m", "briefing", "check", str(ctx.large)],
            {**ctx.env, "XDG_CACHE_HOME": str(cache_dir)},
        )
    else:
        check.na = check_warm.na = "check not ready: no briefing.check_command"
    if module_exists("briefing.export.command"):
        subjects["export"] = lambda: ([PYTHON, "-m", "briefing", "export", str(ctx.large)], cold_env())
    else:
        export.na = "export not ready: no briefing.export.command"
    if module_exists("briefing.diff_command"):
        # Both sides from the cache where possible (the issue's goal): a reader or an earlier run
        # has parsed them; cold, both are parsed and validated.
        diff_argv = [PYTHON, "-m", "briefing", "diff", str(ctx.large), str(later)]
        subjects["diff"] = lambda: (diff_argv, {**ctx.env, "XDG_CACHE_HOME": str(cache_dir)})
        subjects["diff cold"] = lambda: (diff_argv, cold_env())
    else:
        diff.na = diff_cold.na = "diff not ready: no briefing.diff_command"
    for warming in ("validate warm", "check warm", "diff"):
        if warming in subjects:
            spawn(*subjects[warming]())
    # `diff` exits 1 when the versions differ, as these do.
    expected = {"diff": 1, "diff cold": 1}
    times: dict[str, list[float]] = {name: [] for name in subjects}
    peaks: dict[str, list[float]] = {name: [] for name in subjects}
    failed: dict[str, str] = {}
    for name in rounds(ctx.reps, list(subjects)):
        if name in failed:
            continue
        seconds, peak, code, errors = spawn(*subjects[name]())
        if code != expected.get(name, 0):
            failed[name] = f"exit {code}: {' '.join(errors.split())[:160]}"
            ctx.log(f"  {name}: FAILED {failed[name]}")
            continue
        times[name].append(seconds)
        peaks[name].append(peak)
        ctx.log(f"  {name}: {seconds * 1000:.0f} ms, {peak:.0f} MB")
    for row, subject, table in (
        (validate, "validate", times),
        (export, "export", times),
        (memory, "validate", peaks),
        (warm, "validate warm", times),
        (check, "check", times),
        (check_warm, "check warm", times),
        (diff, "diff", times),
        (diff_cold, "diff cold", times),
    ):
        if row.na:
            continue
        if subject in failed or "bare" in failed:
            row.na = failed.get(subject) or f"bare load failed: {failed['bare']}"
            continue
        row.samples, row.floor_samples = table[subject], table["bare"]
    return [validate, export, memory, warm, check, check_warm, diff, diff_cold]


# ── 5. validation with errors ────────────────────────────────────────────────────────────────


def bench_errors(ctx: Context) -> list[Row]:
    """`briefing validate` of briefs with errors against the same briefs valid: one typo in the
    10k brief (its error must be placed in a 4.5 MB file), and 2,000 and 10,000 statements whose
    every actor is misspelt, each asking for a did-you-mean among 5,000 actors."""
    typo = write(ctx.scratch / "synthetic-10000-typo.yaml", with_typo(ctx.large.read_text()))
    pairs: dict[str, tuple[Path, Path]] = {"typo": (typo, ctx.large)}
    rows = {"typo": Row("validate 10k with one typo / valid", "≤ 2.0", "s", 2.0, floor="10k brief, valid")}
    for count in (2_000, 10_000):
        name = f"refs {count}"
        pairs[name] = (
            write(ctx.scratch / f"references-{count}-broken.yaml", references_text(count, broken=True)),
            write(ctx.scratch / f"references-{count}-valid.yaml", references_text(count)),
        )
        figure = f"validate {count:,} broken refs (did-you-mean) / valid"
        rows[name] = Row(figure, "≤ 2.0", "s", 2.0, floor="the same references, valid")
    subjects = [(name, side) for name in pairs for side in (0, 1)]
    times: dict[tuple[str, int], list[float]] = {subject: [] for subject in subjects}
    failed: dict[str, str] = {}
    for name, side in rounds(ctx.reps, subjects):
        if name in failed:
            continue
        env = {**ctx.env, "XDG_CACHE_HOME": str(ctx.fresh_dir("cache"))}
        seconds, _, code, errors = spawn([PYTHON, "-m", "briefing", "validate", str(pairs[name][side])], env)
        if code != (1 if side == 0 else 0):
            failed[name] = f"exit {code} for {pairs[name][side].name}: {' '.join(errors.split())[:160]}"
            ctx.log(f"  {name}: FAILED {failed[name]}")
            continue
        times[name, side].append(seconds)
        ctx.log(f"  {name} {'errors' if side == 0 else 'valid'}: {seconds * 1000:.0f} ms")
    for name, row in rows.items():
        if name in failed:
            row.na = failed[name]
        else:
            row.samples, row.floor_samples = times[name, 0], times[name, 1]
    return list(rows.values())


# ── 5b. history ──────────────────────────────────────────────────────────────────────────────

HISTORY_COMMITS = 100


def history_repository(ctx: Context) -> Path | None:
    """A git repository whose one brief, the bundled one, was committed 100 times, each commit
    changing its story (the title, and an event's status every other commit)."""
    if ctx.bundled is None:
        return None
    repo = ctx.fresh_dir("history")
    env = {**ctx.env, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)

    git("init", "-q")
    git("config", "user.name", "Benchmark")
    git("config", "user.email", "bench@example.org")
    original = ctx.bundled.read_text(encoding="utf-8")
    for number in range(HISTORY_COMMITS):
        text = original.replace("\ntitle: ", f"\ntitle: ({number}) ", 1)
        if number % 2:
            text = text.replace("    status: unverified", "    status: confirmed", 1)
        (repo / "b.yaml").write_text(text, encoding="utf-8")
        git("add", "b.yaml")
        git("commit", "-q", "-m", f"update {number}")
    return repo


def bench_history(ctx: Context) -> list[Row]:
    """`briefing log` of 100 commits of the bundled brief, whole process, cache folder fresh."""
    row = Row(f"log {HISTORY_COMMITS} commits of the bundled brief", "< 2.0 s", "s", 2.0)
    repo = history_repository(ctx)
    if repo is None:
        row.na = "no bundled brief"
        return [row]
    for attempt in range(ctx.reps):
        env = {**ctx.env, "XDG_CACHE_HOME": str(ctx.fresh_dir("cache"))}
        seconds, _, code, errors = spawn([PYTHON, "-m", "briefing", "log", str(repo / "b.yaml")], env)
        if code != 0:
            row.na = f"exit {code}: {' '.join(errors.split())[:160]}"
            return [row]
        row.samples.append(seconds)
        ctx.log(f"  log {attempt}: {seconds * 1000:.0f} ms")
    return [row]


# ── 6. live reload ───────────────────────────────────────────────────────────────────────────


def floor_frame(ctx: Context, tmux: Tmux) -> float | None:
    """One time to first frame of the floor app (seconds), or None if it failed."""
    argv = [PYTHON, str(HERE / "floor_app.py"), FLOOR_TITLE]
    return tmux.first_frame(argv, lambda screen: FLOOR_TITLE in screen, env=ctx.env, cwd=ROOT).seconds


def bench_reload(ctx: Context, tmux: Tmux) -> list[Row]:
    """Open the 10k brief, change its title on disk, time until the new title is on screen;
    each repetition is followed by a run of the floor app, so both see the same machine."""
    row = Row("reload 10k: save → screen / floor", "≤ 2.0", "s", 2.0, floor="floor app")
    missing = app_missing()
    if missing:
        row.na = missing
        return [row]
    folder = ctx.fresh_dir("reload")
    brief = with_new_bytes(ctx.large, folder, "reload")
    env = {**ctx.env, "XDG_CACHE_HOME": str(folder / "cache"), "XDG_CONFIG_HOME": str(folder)}
    ready = title_and_items(brief)
    original = brief.read_bytes()
    title_line = next(line for line in original.splitlines() if line.startswith(b"title:"))
    edits = 0

    def edit_and_wait(session: str, capture: Callable[[], str]) -> float | None:
        nonlocal edits
        edits += 1
        marker = f"Edited title {edits:03d}"
        time.sleep(1.0)  # let the program settle and its watcher start, as a person would
        temporary = brief.with_suffix(".tmp")
        temporary.write_bytes(original.replace(title_line, f"title: {marker}".encode(), 1))
        saved = time.time()
        os.replace(temporary, brief)
        deadline = saved + 20
        while time.time() < deadline:
            if marker in capture():
                return time.time() - saved
            time.sleep(0.005)
        return None

    argv = [PYTHON, "-m", "briefing", str(brief)]
    for attempt in range(ctx.reps):
        brief.write_bytes(original)
        frame = tmux.first_frame(argv, ready, env=env, cwd=ROOT, after=edit_and_wait)
        if frame.seconds is None:
            row.na = (
                "live reload not ready: the edited title never reached the screen"
                if frame.failure is None
                else f"{frame.failure}: {_gist(frame.screen)}"
            )
            return [row]
        row.samples.append(frame.seconds)
        if (floor := floor_frame(ctx, tmux)) is not None:
            row.floor_samples.append(floor)
        ctx.log(f"  reload {attempt}: {frame.seconds * 1000:.0f} ms")
    row.note = "floor: floor app runs interleaved with the reloads"
    return [row]


# ── 5, 7. in-process (Pilot) ─────────────────────────────────────────────────────────────────


def _inprocess_round(ctx: Context, *, large_first: bool) -> dict[str, Any]:
    """One run of `inprocess.py` (one repetition of every in-process figure) in a fresh process."""
    cache = ctx.fresh_dir("cache")
    with tempfile.NamedTemporaryFile(prefix="inprocess-", suffix=".json") as output:
        command = [PYTHON, str(HERE / "inprocess.py"), "--small", str(ctx.small), "--large", str(ctx.large)]
        done = subprocess.run(
            [*command, "--reps", "1", "--json", output.name, *(["--large-first"] if large_first else [])],
            env={
                **ctx.env,
                "XDG_CONFIG_HOME": str(ctx.fresh_dir("config")),
                "XDG_CACHE_HOME": str(cache),
            },
            capture_output=True,
            text=True,
            check=False,
        )
        text = Path(output.name).read_text()
    try:
        return dict(json.loads(text))
    except ValueError:
        reason = f"inprocess.py exit {done.returncode}: {' '.join(done.stderr.split())[-200:]}"
        return {key: {"na": reason} for key in ("search_small", "search_large", "page_down_large")}


def bench_inprocess(ctx: Context) -> list[Row]:
    """Search keystrokes and page-downs, measured inside the app by `benchmarks/inprocess.py`."""
    rows = [
        Row("search keystroke 10k / 100", "≤ 2.0", "ms", 2.0, floor="100 statements"),
        Row("search keystroke at 100", "< 16 ms", "ms", 16.0),
        Row("page-down in 10k pane, per page", "< 16 ms", "ms", 16.0),
        Row("search key CPU work 10k / 100", "(info)", "ms", INFO, floor="100 statements"),
        Row("search key CPU work at 100", "(info)", "ms", INFO),
        Row("page-down CPU work, per page", "(info)", "ms", INFO),
    ]
    missing = app_missing()
    if missing:
        for row in rows:
            row.na = missing
        return rows
    found: dict[str, dict[str, list[float]]] = {}
    for round_number in range(ctx.reps):
        result = _inprocess_round(ctx, large_first=round_number % 2 == 1)
        ctx.log(f"  in-process round {round_number}: " + ", ".join(sorted(result)))
        for key, entry in result.items():
            if "na" in entry:
                found[key] = entry
            elif "na" not in found.setdefault(key, {"samples": [], "cpu": []}):
                found[key]["samples"] += entry["samples"]
                found[key]["cpu"] += entry["cpu"]
                found[key]["what"] = entry["what"]
    for row, key, floor_key, series in (
        (rows[0], "search_large", "search_small", "samples"),
        (rows[1], "search_small", None, "samples"),
        (rows[2], "page_down_large", None, "samples"),
        (rows[3], "search_large", "search_small", "cpu"),
        (rows[4], "search_small", None, "cpu"),
        (rows[5], "page_down_large", None, "cpu"),
    ):
        entry = found.get(key, {"na": f"inprocess.py gave no {key}"})
        floor = found.get(floor_key, {}) if floor_key else {}
        if "na" in entry or "na" in floor:
            row.na = entry.get("na") or floor["na"]
            continue
        row.samples = [value * 1000 for value in entry[series]]
        row.note = entry.get("what", "")
        if floor_key:
            row.floor_samples = [value * 1000 for value in floor[series]]
    return rows


# ── the table ────────────────────────────────────────────────────────────────────────────────


def _number(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.0f} ms"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:.0f} {unit}"


def table(rows: list[Row]) -> str:
    """The figures as a fixed-width table: subject and floor side by side."""
    header = ("figure", "median", "min–max", "floor median", "floor min–max", "ratio", "goal", "met?")
    lines = [header]
    for row in rows:
        if row.na:
            lines.append((row.figure, f"n/a ({row.na})", "", "", "", "", row.goal, "n/a"))
            continue
        median = statistics.median(row.samples)
        spread = f"{_number(min(row.samples), row.unit)}–{_number(max(row.samples), row.unit)}"
        if row.floor:
            floor_median = _number(statistics.median(row.floor_samples), row.unit)
            floor_spread = (
                f"{_number(min(row.floor_samples), row.unit)}–{_number(max(row.floor_samples), row.unit)}"
            )
            ratio = f"{row.value:.2f}"
        else:
            floor_median = floor_spread = "—"
            ratio = "—"
        met = "info" if row.goal == "(info)" else "yes" if row.met else "NO"
        lines.append(
            (row.figure, _number(median, row.unit), spread, floor_median, floor_spread, ratio, row.goal, met)
        )
    widths = [
        max(len(line[column]) for line in lines if not line[1].startswith("n/a")) for column in range(8)
    ]
    widths[0] = max(len(line[0]) for line in lines)
    out = []
    for line in lines:
        if line[1].startswith("n/a"):
            out.append(f"{line[0]:<{widths[0]}}  {line[1]}  goal {line[6]}")
            continue
        out.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
        if line is header:
            out.append("  ".join("─" * width for width in widths))
    return "\n".join(out)


def comparison(rows: list[Row], before_file: Path) -> str:
    """Each figure's value in an earlier `--json` file beside today's: what a change moved."""
    before = json.loads(before_file.read_text())
    old = {row["figure"]: row.get("value") for row in before.get("rows", [])}
    lines = [f"compared with {before_file} ({before.get('when', 'unknown time')}):"]
    width = max(len(row.figure) for row in rows)
    for row in rows:
        then, now = old.get(row.figure), row.value
        shown = [_ratio_text(value, row) for value in (then, now)]
        lines.append(f"  {row.figure:<{width}}  {shown[0]:>9} → {shown[1]}")
    return "\n".join(lines)


def _ratio_text(value: float | None, row: Row) -> str:
    if value is None:
        return "n/a"
    return f"{value:.2f}" if row.floor else _number(value, row.unit)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repetitions instead of 7")
    parser.add_argument(
        "--reps", type=int, help="repetitions of every measurement (at least 5 for a real run)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save the results here")
    parser.add_argument("--only", nargs="+", choices=GROUPS, help="run only these groups of figures")
    parser.add_argument("--quiet", action="store_true", help="print only the table")
    parser.add_argument("--compare", type=Path, metavar="FILE", help="show figures of an earlier --json")
    args = parser.parse_args()
    reps = args.reps or (3 if args.quick else 7)
    groups = set(args.only or GROUPS)

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    log("generating briefs …")
    small, large = generate(100), generate(10_000)
    bundled = min((ROOT / "briefs").glob("*.yaml"), default=None)
    scratch = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "BRIEFING_"))}
    # What the reader remembers of the briefs read goes to the scratch folder, never the user's.
    env["XDG_STATE_HOME"] = str(scratch / "state")
    env.update(TERM="xterm-256color", COLORTERM="truecolor")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # As installed: bytecode compiled (pip does it on install), never compiled by a timed run.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "briefing")], env=env, check=False)
    ctx = Context(reps, scratch, small, large, bundled, env, log)
    rows: list[Row] = []
    started = time.monotonic()
    tmux = Tmux() if groups & {"ttff", "library", "reload"} else None
    try:
        if "ttff" in groups and tmux is not None:
            log("time to first frame (tmux) …")
            rows += bench_ttff(ctx, tmux)
        if "library" in groups and tmux is not None:
            log("library of 1,000 briefs (tmux) …")
            rows += bench_library(ctx, tmux)
        if "commands" in groups:
            log("headless commands …")
            rows += bench_commands(ctx)
        if "errors" in groups:
            log("validation with errors …")
            rows += bench_errors(ctx)
        if "inprocess" in groups:
            log("in-process search and scrolling …")
            rows += bench_inprocess(ctx)
        if "history" in groups:
            log("history (briefing log) …")
            rows += bench_history(ctx)
        if "reload" in groups and tmux is not None:
            log("live reload …")
            rows += bench_reload(ctx, tmux)
    finally:
        if tmux is not None:
            tmux.close()
        shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"briefing benchmarks: {reps} repetitions, interleaved; {os.cpu_count()} CPUs; "
        f"{time.monotonic() - started:.0f} s; 10k brief {large.stat().st_size / 1e6:.1f} MB; "
        f"bundled: {bundled.name if bundled else 'none'}"
    )
    print(table(rows))
    if args.compare:
        print(comparison(rows, args.compare))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "reps": reps,
                    "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "cpus": os.cpu_count(),
                    "rows": [
                        {
                            **asdict(row),
                            "limit": None if row.limit == INFO else row.limit,
                            "value": row.value,
                            "met": None if row.limit == INFO else row.met,
                        }
                        for row in rows
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
