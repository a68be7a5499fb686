"""The sanitiser and the search folding that every display of brief text goes through."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.text import MARK_TABLE, clean, clean_line, fold


def reference_fold(text: str) -> str:
    """The definition `fold` must keep: decompose, case-fold, drop every combining mark."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Aaltová", "aaltova"),
        ("Oumierov", "oumierov"),
        ("ZELENSKY", "zelensky"),
        ("Straße", "strasse"),
        ("", ""),
    ],
)
def test_fold_is_case_and_accent_insensitive(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text())
def test_fold_agrees_with_its_definition(text: str) -> None:
    assert fold(text) == reference_fold(text)


def test_marks_are_exactly_the_combining_characters() -> None:
    """The stored ranges were generated from Unicode 14 (Python 3.11); on a newer Unicode they must
    still cover only combining characters, and on 14 they must be exactly them."""
    mismatched = [
        code
        for code in range(sys.maxunicode + 1)
        if (code in MARK_TABLE) != bool(unicodedata.combining(chr(code)))
    ]
    if unicodedata.unidata_version == "14.0.0":
        assert mismatched == []
    else:
        assert all(unicodedata.combining(chr(code)) for code in mismatched if code in MARK_TABLE)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred", "␛[31mred"),
        ("\x1b]52;c;aGk=\x07", "␛]52;c;aGk=␇"),
        ("a\x9bb", "a<U+009B>b"),
        ("\u202eevil", "<U+202E>evil"),
        ("del\x7f", "del␡"),
        ("[bold]x[/]", "[bold]x[/]"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
    ],
)
def test_clean_shows_controls_as_visible_placeholders(raw: str, shown: str) -> None:
    assert clean(raw) == shown


def test_clean_line_folds_line_breaks() -> None:
    assert clean_line("one\ntwo\r\nthree\tfour") == "one two three four"


@given(st.text())
def test_clean_never_lets_a_control_character_through(text: str) -> None:
    cleaned = clean(text)
    assert not any(
        (ord(char) < 0x20 and char not in "\t\n")
        or 0x7F <= ord(char) <= 0x9F
        or char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        for char in cleaned
    )
