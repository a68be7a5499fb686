"""The suite needs nothing beside the checkout (tests/checkout.py): the watch works, and no test
module or benchmark builds a path that climbs out of the repository."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import checkout
import pytest

CLIMBS = re.compile(r"\.parent\.parent\.parent|parents\[[2-9]\]|parents\[1\]\.parent|\b(ROOT|REPO)\.parent\b")
"""Ways a module in tests/ or benchmarks/ names a folder above the checkout."""


def test_a_read_beside_the_checkout_is_noted() -> None:
    if not checkout.watchable():
        pytest.skip(f"the checkout's folder {checkout.BESIDE} is one every test may read: nothing to watch")
    beside = checkout.BESIDE / f"shared-{uuid.uuid4().hex}" / "corpus.yaml"
    with pytest.raises(FileNotFoundError):
        beside.read_text(encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        os.listdir(beside.parent)
    assert checkout.take() == [str(beside), str(beside.parent)]


def test_reads_in_the_checkout_the_temporary_folder_and_python_are_not(tmp_path: Path) -> None:
    (checkout.ROOT / "README.md").read_text(encoding="utf-8")
    sorted((checkout.ROOT / "tests" / "data").iterdir())
    (tmp_path / "note.txt").write_text("x", encoding="utf-8")
    Path(os.__file__).read_bytes()
    assert checkout.take() == []


def test_no_test_module_or_benchmark_climbs_out_of_the_checkout() -> None:
    modules = [*checkout.ROOT.glob("tests/*.py"), *checkout.ROOT.glob("benchmarks/*.py")]
    assert len(modules) > 40
    watchers = {Path(__file__).resolve(), Path(checkout.__file__).resolve()}
    climbing = [
        f"{path.name}:{number}: {line.strip()}"
        for path in modules
        if path.resolve() not in watchers
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if CLIMBS.search(line)
    ]
    assert climbing == []
