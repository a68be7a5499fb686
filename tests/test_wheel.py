"""`pip install .` (not editable) gives a `briefing` that opens its bundled brief from anywhere.

The wheel is built from a copy of the checkout with the build tools of this environment (no
network), installed without dependencies into a fresh virtual environment that borrows this
environment's installed packages through a `.pth` file, and run piped from a folder of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from briefing.launch import brief_files
from briefing.loader import load

ROOT = Path(__file__).resolve().parent.parent
NOT_BUILT = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "tests"
)
OFFLINE = {"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_CONFIG_FILE": os.devnull}


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**os.environ, **OFFLINE},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source") / "briefing"
    shutil.copytree(ROOT, source, symlinks=True, ignore=NOT_BUILT)
    dist = tmp_path_factory.mktemp("dist")
    pip_wheel = ("-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, source)
    run(sys.executable, *pip_wheel)
    (built,) = dist.glob("briefing-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_carries_the_bundled_briefs_and_themes(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for folder, packaged in (("briefs", "briefing/data/briefs"), ("themes", "briefing/data/themes")):
            for path in sorted((ROOT / folder).iterdir()):
                assert f"{packaged}/{path.name}" in names, path.name
                assert archive.read(f"{packaged}/{path.name}") == path.read_bytes(), path.name
        assert "briefing/data/brief.schema.json" in names


@pytest.mark.slow
def test_installed_briefing_with_no_path_prints_the_bundled_brief(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run(python, "-c", "import briefing; print(briefing.__file__)", cwd=elsewhere).stdout
    assert Path(where.strip()).is_relative_to(site)
    result = run(venv / "bin" / "briefing", cwd=elsewhere)
    (brief,) = brief_files(ROOT / "briefs")
    title = load(brief).loaded.brief.title  # type: ignore[union-attr]
    assert title in result.stdout
    assert result.stderr == ""
