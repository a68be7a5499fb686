"""The sanitiser and the search folding that every display of brief text goes through."""

from __future__ import annotations

import io
import json
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.text import MARK_TABLE, CleanWriter, clean, clean_line, fold, json_text


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
        ("raw\udc9bbyte", "raw<U+DC9B>byte"),  # a file name's undecodable byte (surrogateescape)
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


UNSAFE = frozenset(
    [chr(c) for c in range(0x20) if chr(c) not in "\t\n"]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def any_text() -> st.SearchStrategy[str]:
    """Text that includes lone surrogates (file names) and every unsafe character often."""
    return st.text(st.one_of(st.characters(), st.sampled_from([*sorted(UNSAFE), "\udc9b", "\ud800"])))


json_data = st.recursive(
    st.none() | st.booleans() | st.integers() | any_text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text(), inner, max_size=4),
    max_leaves=12,
)


@given(json_data)
def test_json_text_keeps_the_data_and_escapes_every_control(data: object) -> None:
    """`--format json` wrote raw U+009B, U+202E and DEL, which a `cat` sends to the terminal."""
    text = json_text(data)
    assert json.loads(text) == data
    assert not [char for char in text if char in UNSAFE or 0xD800 <= ord(char) <= 0xDFFF]


def test_json_text_escapes_as_json_does() -> None:
    assert json_text({"k\x9b": "\x1b]0;t\x07\u202e\x7f"}, indent=None) == (
        '{"k\\u009b": "\\u001b]0;t\\u0007\\u202e\\u007f"}'
    )


@given(any_text())
def test_a_clean_writer_writes_only_clean_text(text: str) -> None:
    stream = io.StringIO()
    written = CleanWriter(stream).write(text)
    assert written == len(text)
    assert stream.getvalue() == clean(text)
    assert not [char for char in stream.getvalue() if char in UNSAFE or 0xD800 <= ord(char) <= 0xDFFF]


def test_json_text_writes_a_file_name_s_undecoded_utf8_bytes_as_their_text() -> None:
    """Under `LC_ALL=C` Python gives `brève.yaml` as `br\\udcc3\\udca8ve.yaml`; bytes that are not
    UTF-8 (a lone 0x9B) stay escaped, for a JSON reader to get them back."""
    assert json.loads(json_text("br\udcc3\udca8ve.yaml")) == "brève.yaml"
    assert json_text("raw\udc9b\udcc3", indent=None) == '"raw\\udc9b\\udcc3"'
