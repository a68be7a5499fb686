"""A brief with errors costs about what the same brief costs valid (issue 12).

Speed itself is measured in `benchmarks/` (rows "validate … / valid"); these tests count the work
that made errors slow, so that they fail if it comes back: msgspec's field lookup per item, a
second full read that recorded the place of every node, and a did-you-mean that compared each
broken reference with every id.
"""

from __future__ import annotations

import copy
import difflib
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import checks, suggest, yamlread
from briefing.loader import load_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import brief_text, references_text, with_typo


def test_the_field_walk_looks_up_each_type_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """msgspec evaluates a struct's annotations on every `fields()` call (3 ms each)."""
    if hasattr(checks, "_fields"):
        checks._fields.cache_clear()
    calls = 0
    original = msgspec.structs.fields

    def counted(kind: Any) -> Any:
        nonlocal calls
        calls += 1
        return original(kind)

    monkeypatch.setattr(msgspec.structs, "fields", counted)
    errors = load_text(with_typo(brief_text(1_000))).errors
    assert [error.message.split(" (")[0] for error in errors] == ["unknown key `sourc` in this statement"]
    assert calls <= 6  # the brief and its five kinds of item


def test_placing_one_error_does_not_read_the_whole_file_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Placing an error resolves only the keys on the way to it, not every scalar of the file."""
    calls = 0
    original = yamlread._resolve_plain

    def counted(value: str) -> Any:
        nonlocal calls
        calls += 1
        return original(value)

    monkeypatch.setattr(yamlread, "_resolve_plain", counted)
    valid = brief_text(1_000)
    assert load_text(valid).ok
    read_once, calls = calls, 0
    (error,) = load_text(with_typo(valid)).errors
    assert calls - read_once < 100  # whichever reader read it first, placing is extra
    line = with_typo(valid).splitlines()[error.line - 1]
    assert line[error.column - 1 :].startswith("sourc:")


def test_did_you_mean_work_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """300 broken references among 1,000 actors: difflib sees a shortlist, for a capped number."""
    compared = 0
    original = difflib.SequenceMatcher.ratio

    def counted(self: difflib.SequenceMatcher[str]) -> float:
        nonlocal compared
        compared += 1
        return original(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counted)
    errors = load_text(references_text(300, 1_000, broken=True), max_errors=1_000).errors
    assert len(errors) == 300
    assert compared <= 2 * suggest.MAX_HINTS * suggest.SHORTLIST  # difflib asks twice for a match
    hinted = [error for error in errors if "did you mean" in error.message]
    assert len(hinted) == suggest.MAX_HINTS
    assert "`actr-00000` is not the id of any actor in this brief (did you mean `actor-00000`?)" in (
        errors[0].message
    )


def test_a_word_met_again_keeps_its_hint_after_the_budget() -> None:
    hints = suggest.Suggester(budget=1)
    names = ["witkoff", "peskov", "yermak"]
    assert hints.closest("witkof", "actor", lambda: names) == "witkoff"
    assert hints.closest("peskow", "actor", lambda: names) is None  # budget spent
    assert hints.closest("witkof", "actor", lambda: names) == "witkoff"  # remembered


IDS = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=20)


@settings(max_examples=200, deadline=None)
@given(st.lists(IDS, min_size=1, max_size=300, unique=True), IDS)
def test_a_hint_is_always_close_enough(names: list[str], word: str) -> None:
    answer = suggest.Suggester().closest(word, "actor", lambda: names)
    if answer is not None:
        assert answer in names
        assert difflib.SequenceMatcher(None, word, answer).ratio() >= suggest.CUTOFF


@settings(max_examples=200, deadline=None)
@given(st.lists(IDS.filter(lambda name: len(name) >= 5), min_size=1, max_size=300, unique=True), st.data())
def test_a_one_letter_typo_finds_a_best_match(names: list[str], data: st.DataObject) -> None:
    """Dropping one letter of an id: the hint is as close as the closest id (what difflib over
    every id would give, give or take a tie)."""
    meant = data.draw(st.sampled_from(names))
    cut = data.draw(st.integers(0, len(meant) - 1))
    word = meant[:cut] + meant[cut + 1 :]
    if word in names:
        return
    answer = suggest.Suggester().closest(word, "actor", lambda: names)
    assert answer is not None

    def ratio(name: str) -> float:
        return difflib.SequenceMatcher(None, word, name).ratio()

    assert ratio(answer) == max(ratio(name) for name in names)


# ── places: one pass that finds only the wanted nodes ─────────────────────────────────────────

KEYS = st.text("abcdefghij", min_size=1, max_size=6).map(lambda key: f"k{key}")
SCALARS = st.one_of(st.integers(-1000, 1000), st.text("abcdefgh xyz", min_size=1, max_size=8).map(str.strip))
TREES = st.recursive(
    SCALARS.filter(lambda value: value != ""),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4), st.dictionaries(KEYS, inner, min_size=1, max_size=4)
    ),
    max_leaves=20,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _at(text: str, position: tuple[int, int]) -> str:
    line, column = position
    return text.splitlines()[line - 1][column - 1 :]


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(KEYS, TREES, min_size=1, max_size=5), st.booleans())
def test_places_finds_every_node_alone_or_together(data: dict[str, Any], flow: bool) -> None:
    text = yaml.safe_dump(
        {"x-skip": copy.deepcopy(data), **data}, default_flow_style=flow, sort_keys=False, width=1000
    )
    assert yamlread.read_document(text).data == data
    paths = _paths(data)
    together = yamlread.places(text, paths)
    assert set(together) == set(paths)
    for path in paths:
        alone = yamlread.places(text, [path])
        assert alone == {path: together[path]}
        place = together[path]
        if path and isinstance(path[-1], str):
            assert place.key is not None and _at(text, place.key).startswith(path[-1])
        node: Any = data
        for step in path:
            node = node[step]
        if not isinstance(node, (dict, list)):
            assert _at(text, place.value).lstrip("'").startswith(str(node).split(" ")[0])
