"""`briefing export` end to end: stdout, -o with and without --force, errors and exit codes, and
that the headless command never imports Textual."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.export import FORMATS, render
from briefing.loader import load

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "briefs").glob("*.yaml"))
HOSTILE = ROOT / "tests" / "data" / "export" / "hostile.yaml"


def expected(path: Path, fmt: str) -> str:
    result = load(path)
    assert result.loaded is not None
    return render(result.loaded, fmt)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_stdout_by_default(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(HOSTILE), "--format", fmt]) == 0
    out, err = capsys.readouterr()
    assert out == expected(HOSTILE, fmt)
    assert err == ""


def test_default_format_is_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(BUNDLED[0])]) == 0
    assert capsys.readouterr().out == expected(BUNDLED[0], "md")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_writes_a_new_file(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / f"brief{FORMATS[fmt].suffix}"
    assert main(["export", str(BUNDLED[0]), "--format", fmt, "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == expected(BUNDLED[0], fmt)
    out, err = capsys.readouterr()
    assert out == "" and str(target) in err
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "brief.md"
    target.write_text("precious notes\n", encoding="utf-8")
    os.chmod(target, 0o640)
    assert main(["export", str(BUNDLED[0]), "-o", str(target)]) == 1
    assert target.read_text(encoding="utf-8") == "precious notes\n"
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_force_replaces_atomically_keeping_permissions(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o640)
    inode = target.stat().st_ino
    assert main(["export", str(BUNDLED[0]), "-o", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8") == expected(BUNDLED[0], "md")
    assert target.stat().st_mode & 0o777 == 0o640
    assert target.stat().st_ino != inode, "replaced by rename, not rewritten in place"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_unwritable_target_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing-folder" / "brief.md"
    assert main(["export", str(HOSTILE), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err


def test_invalid_brief_prints_located_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("briefing: 1\ntitle: T\nas_of: 2025-02-30\n", encoding="utf-8")
    target = tmp_path / "out.md"
    assert main(["export", str(bad), "-o", str(target)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{bad}:3:") and ": error: " in err
    assert not target.exists()


def test_missing_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "nope.yaml")]) == 1
    assert "nope.yaml:1:1: error:" in capsys.readouterr().err


def test_unknown_actor_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(HOSTILE), "--actor", "mallory", "--actor", "nobody"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "no actor with id 'nobody'" in err and "mallory" in err


def test_filters_and_no_front_matter(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "export",
        str(HOSTILE),
        "--actor",
        "bob",
        "--tag",
        "attack",
        "--tag",
        "other",
        "--no-front-matter",
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("# ")
    assert "*Only the items concerning Bob & Co \\&lt;3 and tagged “attack” and “other”.*" in out


def test_export_never_imports_textual(tmp_path: Path) -> None:
    argv = ["export", str(BUNDLED[0]), "--format", "html", "-o", str(tmp_path / "x.html")]
    script = (
        "import sys\n"
        "from briefing.cli import main\n"
        f"code = main({argv!r})\n"
        "assert code == 0, code\n"
        "import briefing.export.data, briefing.export.command\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
