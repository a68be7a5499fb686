"""Files named by a user or an attacker: what is read and what is written.

Reading (a brief, a theme, the config): only a regular file, after links, and never more than the
limit, checked before a byte is read; a pipe must not hang, /dev/zero must not pour forever, a
1.5 GB file must not be loaded to find out it is too large.

Writing (`export -o`, the export dialog, quick edits, the config): through a symbolic link to the
regular file it names; never over a pipe, a device, a socket or a folder; never through a dangling
link; never over a read-only file, even as root. The refusal comes before anything is written, so
these tests can safely aim at a character device: /dev/null must still be one afterwards.
"""

from __future__ import annotations

import os
import resource
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_themes import REPO, bundled_text, hermetic_env, run_cli, user_theme

from briefing.files import (
    NotRegularFile,
    RefusedOverwrite,
    TooLarge,
    WriteRefused,
    is_read_only,
    read_limited,
    write_atomic,
)
from briefing.loader import load
from briefing.settings import config_path, load_settings, save_theme_choice
from briefing.themes import load_catalogue
from briefing.watch import file_digest

BUNDLED = REPO / "briefs" / "ukraine-peace-plan-2025-11-19.yaml"
SPARSE_SIZE = 1_500_000_000
GUARD_SECONDS = 60
"""Only a guard against a hang (a pipe read would block for ever), not a speed requirement."""


def sparse(path: Path, size: int = SPARSE_SIZE) -> Path:
    """A file that says it holds `size` bytes and costs no disk (and must never be read whole)."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def assert_dev_null_intact() -> None:
    status = os.lstat("/dev/null")
    assert stat.S_ISCHR(status.st_mode), "/dev/null is no longer a character device"


def run_guarded(function: object, *args: object) -> object:
    """`function(*args)` in a thread, its result or exception; fails (instead of hanging the
    suite) if it blocks."""
    outcome: list[object] = []

    def call() -> None:
        try:
            outcome.append(function(*args))  # type: ignore[operator]
        except OSError as error:  # handed to the test's thread
            outcome.append(error)

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(GUARD_SECONDS)
    assert not thread.is_alive(), f"{function} blocked"
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


# --- reading --------------------------------------------------------------------------------------


def test_read_limited_reads_a_regular_file_and_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"x" * 10)
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    assert read_limited(target, 10) == read_limited(link, 10) == read_limited(link, None) == b"x" * 10
    with pytest.raises(TooLarge) as refused:
        read_limited(link, 9)
    assert (refused.value.size, refused.value.limit) == (10, 9)
    # The start of a larger file, when only its start is wanted (a state file's header).
    assert read_limited(link, 4, start=True) == b"x" * 4
    assert read_limited(link, 40, start=True) == b"x" * 10


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (os.mkfifo, "a named pipe (FIFO)"),
        (lambda p: p.symlink_to("/dev/zero"), "a character device"),
        (lambda p: p.mkdir(), "a folder"),
    ],
)
def test_read_limited_refuses_what_is_not_a_regular_file(tmp_path: Path, make: object, kind: str) -> None:
    path = tmp_path / "thing.yaml"
    make(path)  # type: ignore[operator]
    with pytest.raises(NotRegularFile, match=r"is " + kind.replace("(", r"\(").replace(")", r"\)")):
        run_guarded(read_limited, path, 1000)
    with pytest.raises(NotRegularFile):  # nor when only its start is wanted
        run_guarded(lambda: read_limited(path, 1000, start=True))


def test_read_limited_refuses_a_socket(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(NotRegularFile, match="a socket"):
            read_limited(path, 1000)


def test_a_huge_sparse_file_is_refused_from_its_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """1.5 GB would be read whole (MemoryError) before the limit was checked; it is never read."""
    path = sparse(tmp_path / "huge.yaml")
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(TooLarge) as refused:
        read_limited(path, 1_000_000)
    assert refused.value.size == SPARSE_SIZE
    assert reads == []


def test_the_loader_refuses_devices_pipes_and_huge_files(tmp_path: Path) -> None:
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    (error,) = run_guarded(lambda: load(zero).errors)  # type: ignore[misc]
    assert "a character device, not a plain file" in error.message
    (error,) = run_guarded(lambda: load(pipe).errors)  # type: ignore[misc]
    assert "a named pipe (FIFO), not a plain file" in error.message
    (error,) = load(sparse(tmp_path / "huge.yaml")).errors
    assert "1,500,000,000 bytes, more than the limit of 20,000,000 bytes" in error.message


def test_the_watcher_never_reads_a_pipe_swapped_in_for_the_brief(tmp_path: Path) -> None:
    """A brief replaced by a FIFO counts as changed (the reload shows why) and does not hang."""
    path = tmp_path / "brief.yaml"
    os.mkfifo(path)
    digest = run_guarded(file_digest, path)
    assert isinstance(digest, str) and "NotRegularFile" in digest
    path.unlink()
    assert file_digest(path) is None


def config_env(tmp_path: Path) -> dict[str, str]:
    env = hermetic_env(tmp_path)
    config_path(env).parent.mkdir(parents=True, exist_ok=True)
    return env


MEMORY_LIMIT = 1 << 30
"""Address space for `briefing themes` (it needs less than 600 MB): reading a 1.5 GB file or
/dev/zero whole fails inside it instead of taking the machine's memory."""


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def themes_command(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`briefing themes` in a subprocess: a config that is a pipe used to hang it for ever, one
    linked to /dev/zero or 1.5 GB long used to be read whole (MemoryError)."""
    command = [sys.executable, "-m", "briefing", "themes"]
    guards = {"timeout": GUARD_SECONDS, "preexec_fn": limit_memory}
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=REPO, **guards)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    return result


def test_a_config_that_is_a_pipe_is_reported_not_waited_for(tmp_path: Path) -> None:
    env = config_env(tmp_path)
    os.mkfifo(config_path(env))
    result = themes_command(env)
    assert result.returncode == 0, result.stderr
    assert f"  config: {config_path(env)}:1:1: error: this is a named pipe (FIFO), not a plain file" in (
        result.stdout
    )
    assert any(line.startswith("* briefing-dark ") for line in result.stdout.splitlines())
    assert save_theme_choice("monochrome", env) is not None  # not read, not replaced
    assert stat.S_ISFIFO(os.lstat(config_path(env)).st_mode)


def test_a_config_linked_to_dev_zero_is_reported_not_read(tmp_path: Path) -> None:
    env = config_env(tmp_path)
    config_path(env).symlink_to("/dev/zero")
    (error,) = load_settings(env).errors
    assert (error.line, error.column) == (1, 1)
    assert "this is a character device, not a plain file" in error.message
    result = themes_command(env)
    assert result.returncode == 0 and "a character device" in result.stdout
    error = save_theme_choice("monochrome", env)
    assert error is not None and "character device" in error.message
    assert config_path(env).is_symlink() and os.readlink(config_path(env)) == "/dev/zero"
    assert_dev_null_intact()


def test_a_huge_config_and_a_huge_theme_are_refused_from_their_size(tmp_path: Path) -> None:
    env = config_env(tmp_path)
    sparse(config_path(env))
    theme = sparse(user_theme(env, "huge", ""))
    (error,) = load_settings(env).errors
    assert "1,500,000,000 bytes, more than the limit of 1,000,000 bytes" in error.message
    catalogue = load_catalogue(env)
    (theme_error,) = catalogue.errors
    assert theme_error.path == str(theme)
    assert "1,500,000,000 bytes, more than the limit of 1,000,000 bytes" in theme_error.message
    result = themes_command(env)
    assert result.returncode == 1
    assert f"    BROKEN: {theme}:1:1: error: the file is 1,500,000,000 bytes" in result.stdout
    assert f"  config: {config_path(env)}:1:1: error: the file is 1,500,000,000 bytes" in result.stdout


def test_saving_the_theme_writes_through_a_linked_config(tmp_path: Path) -> None:
    """A config kept elsewhere (dotfiles) and linked into place stays linked; a read-only one
    (a store managed by another tool) is left alone, with the reason."""
    env = config_env(tmp_path)
    real = tmp_path / "dotfiles" / "briefing.yaml"
    real.parent.mkdir()
    real.write_text("# mine\ntheme: briefing-light\n", encoding="utf-8")
    config_path(env).symlink_to(real)
    assert save_theme_choice("monochrome", env) is None
    assert config_path(env).is_symlink()
    assert real.read_text(encoding="utf-8") == "# mine\ntheme: monochrome\n"
    real.chmod(0o444)
    error = save_theme_choice("high-contrast", env)
    assert error is not None and "is read-only; not overwriting it" in error.message
    assert real.read_text(encoding="utf-8") == "# mine\ntheme: monochrome\n"


def test_a_user_theme_behind_a_link_is_read(tmp_path: Path) -> None:
    env = config_env(tmp_path)
    folder = user_theme(env, "mine", bundled_text("monochrome").replace("monochrome", "mine")).parent
    (folder / "linked.yaml").symlink_to(folder / "mine.yaml")
    catalogue = load_catalogue(env)
    assert "mine" in catalogue.themes
    assert any(error.path.endswith("linked.yaml") for error in catalogue.errors)  # its name differs


# --- writing --------------------------------------------------------------------------------------


def test_a_write_goes_through_a_link_and_the_link_stays(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target.name)
    write_atomic(link, "new", overwrite=True)
    assert link.is_symlink() and os.readlink(link) == target.name
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    with pytest.raises(RefusedOverwrite, match=f"{link} already exists"):
        write_atomic(link, "newer")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "real.md"]


def test_a_write_through_a_link_to_another_folder_lands_there(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    target = tmp_path / "elsewhere" / "real.md"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomic(link, "new", overwrite=True)
    assert target.read_text(encoding="utf-8") == "new" and link.is_symlink()


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_dangling_link_is_refused(tmp_path: Path, overwrite: bool) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "missing" / "nowhere.md")
    with pytest.raises(WriteRefused, match=r"is a symbolic link to .*nowhere\.md, which does not exist"):
        write_atomic(link, "x", overwrite=overwrite)
    assert link.is_symlink() and not (tmp_path / "missing").exists()


def special_files(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    device = tmp_path / "null.md"
    device.symlink_to("/dev/null")
    folder = tmp_path / "folder.md"
    folder.mkdir()
    return {"a named pipe (FIFO)": fifo, "a character device": device, "a folder": folder}


@pytest.mark.parametrize("overwrite", [False, True])
def test_special_files_are_refused_before_anything_is_written(tmp_path: Path, overwrite: bool) -> None:
    for kind, path in special_files(tmp_path).items():
        before = os.lstat(path)
        with pytest.raises(
            WriteRefused, match=f"is {kind.replace('(', '.').replace(')', '.')}, not a regular"
        ):
            write_atomic(path, "x", overwrite=overwrite)
        after = os.lstat(path)
        assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode), kind
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert_dev_null_intact()


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_a_read_only_file_is_never_replaced_even_with_overwrite(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "kept.md"
    path.write_text("kept", encoding="utf-8")
    path.chmod(mode)
    assert is_read_only(path)
    with pytest.raises(WriteRefused, match="is read-only; not overwriting it"):
        write_atomic(path, "x", overwrite=True)
    assert path.read_text(encoding="utf-8") == "kept"
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_write_refusals_are_os_errors_so_every_caller_reports_them() -> None:
    assert issubclass(WriteRefused, OSError) and issubclass(RefusedOverwrite, WriteRefused)
    assert issubclass(NotRegularFile, OSError) and issubclass(TooLarge, OSError)


# --- export -o ------------------------------------------------------------------------------------


def export(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_cli(dict(os.environ), "export", str(BUNDLED), *map(str, args))


def test_export_writes_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = export("-o", link, "--force")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("---\n")
    refused = export("-o", link)
    assert refused.returncode == 1 and "already exists" in refused.stderr


@pytest.mark.parametrize("force", [(), ("--force",)])
def test_export_refuses_special_files_with_exit_1(tmp_path: Path, force: tuple[str, ...]) -> None:
    for kind, path in special_files(tmp_path).items():
        result = export("-o", path, *force)
        assert result.returncode == 1, (kind, result.stderr)
        assert "Traceback" not in result.stderr
        assert f"briefing export: {path} is {kind}, not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / "fifo.md").st_mode)
    assert (tmp_path / "null.md").is_symlink()
    assert_dev_null_intact()


def test_export_refuses_a_dangling_link_and_a_read_only_file(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "nowhere.md")
    result = export("-o", link, "--force")
    assert result.returncode == 1
    assert f"{link} is a symbolic link to {tmp_path / 'nowhere.md'}, which does not exist" in result.stderr
    assert link.is_symlink() and not (tmp_path / "nowhere.md").exists()
    kept = tmp_path / "kept.md"
    kept.write_text("kept", encoding="utf-8")
    kept.chmod(0o444)
    result = export("-o", kept, "--force")
    assert result.returncode == 1 and f"{kept} is read-only; not overwriting it" in result.stderr
    assert kept.read_text(encoding="utf-8") == "kept"


def test_export_to_an_empty_file_name_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "export", str(BUNDLED), "-o", "", "--force"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "argument -o/--output: the file name is empty" in result.stderr
    assert list(tmp_path.iterdir()) == []
