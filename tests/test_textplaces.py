"""`briefing.textplaces` against `yamlread.places`, the loader's own placing of errors: for every
item of a brief, and every key of it, both must give the same line and column."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import briefs, to_yaml

from briefing.loader import load_text
from briefing.model import SECTIONS
from briefing.textplaces import TextPlaces
from briefing.yamlread import places, read_document

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import brief_text  # noqa: E402


def assert_same_places(text: str) -> int:
    """Compare the two on every item and key of `text`; return how many places were compared."""
    data: dict[str, Any] = read_document(text).data
    loaded = load_text(text).loaded
    assert loaded is not None
    paths = [(key,) for key in data]
    for section in SECTIONS:
        for number, item in enumerate(data.get(section) or ()):
            paths.append((section, number))
            paths.extend((section, number, key) for key in item)
    oracle = places(text, paths)
    ours = TextPlaces(text)
    for path in paths:
        if len(path) == 1:
            assert ours.key(None, path[0]) == oracle[path].key, path
            continue
        line = loaded.lines[data[path[0]][path[1]]["id"]]
        if len(path) == 2:
            assert ours.item(line) == oracle[path].value, path
        else:
            flow = ours.lines[line - 1][ours.item(line)[1] - 1] == "{"  # keys of a flow item: not found
            assert ours.key(line, path[2]) == (None if flow else oracle[path].key), path
    return len(paths)


def test_the_bundled_brief() -> None:
    text = (ROOT / "briefs" / "ukraine-peace-plan-2025-11-19.yaml").read_text("utf-8")
    assert assert_same_places(text) > 400


def test_a_synthetic_brief() -> None:
    """Comments, `x-` keys, block scalars, flow lists, every field: 1,000 statements."""
    assert assert_same_places(brief_text(1_000)) > 10_000


def test_keys_of_a_flow_item_are_not_found_and_the_item_is() -> None:
    text = "briefing: 1\ntitle: T\nas_of: 2025\nactors:\n  - {id: a, name: A}\n  -\n    id: b\n    name: B\n"
    ours = TextPlaces(text)
    assert ours.key(5, "name") is None
    assert ours.item(5) == (5, 5)
    assert ours.key(7, "name") == (8, 5)
    assert assert_same_places(text) == 10


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=briefs(), plain_dates=st.booleans())
def test_generated_briefs(data: dict[str, Any], plain_dates: bool) -> None:
    assert_same_places(to_yaml(data, plain_dates=plain_dates))
