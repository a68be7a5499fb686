"""A standard tag must fit its node: `!!map` a mapping, `!!seq` a list, the scalar tags a single
value (issue 12). At every size: past 128 KB (where a fast reader once took over) the verdict is
the same."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.loader import load_text

HEAD = "briefing: 1\ntitle: T\nas_of: 2025-11-19\n"
LARGE = 128 * 1024
SCALAR_TAGS = ["!!str", "!!int", "!!float", "!!bool", "!!null"]
NODES = {
    "flow list": ("[a, b]", "a list", "!!seq"),
    "flow mapping": ("{a: b}", "a mapping", "!!map"),
    "block list": ("\n  - a\n  - b", "a list", "!!seq"),
    "block mapping": ("\n  a: b", "a mapping", "!!map"),
}


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("tags: !!map [a, b]", "the tag !!map does not fit a list; only !!seq does"),
        ("tags: !!null [a]", "the tag !!null does not fit a list; only !!seq does"),
        ("tags: !!int [a]", "the tag !!int does not fit a list; only !!seq does"),
        ("tags: !!str [a]", "the tag !!str does not fit a list; only !!seq does"),
        ("x-y: !!seq {a: 1}", "the tag !!seq does not fit a mapping; only !!map does"),
        ("x-y: !!int {a: 1}", "the tag !!int does not fit a mapping; only !!map does"),
        ("x-y: !!map text", "the tag !!map does not fit a single value"),
    ],
)
def test_a_tag_that_does_not_fit_its_node_is_an_error(line: str, says: str) -> None:
    (error,) = load_text(HEAD + line + "\n").errors
    assert (error.line, error.column) == (4, line.index("!!") + 1)
    assert error.message == says


@pytest.mark.parametrize("line", ["tags: !!seq [a, b]", "tags: ! [a]", "x-y: !!map {a: 1}", "x-y: ! {a: 1}"])
def test_a_tag_that_fits_is_accepted(line: str) -> None:
    assert load_text(HEAD + line + "\n").ok


def _padded(text: str) -> str:
    """The same brief made larger than 128 KB, by a long comment."""
    return text + "# " + "padding " * (LARGE // 8) + "\n"


@settings(deadline=None, max_examples=60)
@given(st.sampled_from(["!!map", "!!seq", "!", *SCALAR_TAGS]), st.sampled_from(sorted(NODES)), st.booleans())
def test_every_tag_on_every_collection(tag: str, node: str, large: bool) -> None:
    written, called, fits = NODES[node]
    text = f"{HEAD}x-y: {tag} {written}\n"
    result = load_text(_padded(text) if large else text)
    if tag in ("!", fits):
        assert result.ok, result.errors
    else:
        (error,) = result.errors
        assert error.message == f"the tag {tag} does not fit {called}; only {fits} does"
        assert (error.line, error.column) == (4, 6)
