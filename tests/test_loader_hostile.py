"""Hostile and odd files: each is refused with a clear message and a position, or loads as plain
data. Never a crash, a hang, or YAML 1.1's surprises."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from briefing.errors import BriefError
from briefing.loader import load, load_text

HEAD = "briefing: 1\ntitle: T\nas_of: 2025-11-19\n"


def only_error(data: str | bytes) -> BriefError:
    result = load_text(data)
    assert result.loaded is None
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def assert_error(data: str | bytes, line: int, column: int, *says: str) -> None:
    error = only_error(data)
    assert (error.line, error.column) == (line, column), str(error)
    for part in says:
        assert part in error.message, f"{part!r} not in {error.message!r}"


# --- Anchors and aliases -------------------------------------------------------------------------

BILLION_LAUGHS = HEAD + "\n".join(
    [
        'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"x-{level}: &{level} [{','.join([f'*{previous}'] * 9)}]"
            for previous, level in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)


def test_billion_laughs_fails_fast_on_the_first_anchor() -> None:
    assert_error(BILLION_LAUGHS, 4, 6, "anchors (&a) are not allowed")


def test_alias_is_refused() -> None:
    assert_error(
        HEAD + "summary: *nothing\n", 4, 10, "aliases (*nothing) are not allowed", "write the value out"
    )


def test_anchor_on_a_mapping_is_refused() -> None:
    assert_error(HEAD + "actors:\n  - &w\n    id: w\n    name: W\n", 5, 5, "anchors (&w) are not allowed")


def test_merge_key_is_an_unknown_key() -> None:
    assert_error(HEAD + "<<: {x: 1}\n", 4, 1, "unknown key `<<`")


# --- Deep nesting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("[" * 10_000, 1, 1001),
        ("{a: " * 10_000, 1, 4001),
        ("".join(" " * depth + "a:\n" for depth in range(3000)), 1000, 1001),
        (HEAD + "tags:\n" + "".join(" " * depth + "-\n" for depth in range(2000)), 1004, 1000),
    ],
    ids=["flow-lists", "flow-mappings", "block-mappings", "block-lists"],
)
def test_deep_nesting_is_a_clear_error(text: str, line: int, column: int) -> None:
    assert_error(text, line, column, "exceeded maximum nesting depth")


def test_nesting_below_the_limit_loads_in_an_x_key() -> None:
    assert load_text(HEAD + "x-deep: " + "[" * 900 + "]" * 900 + "\n").ok


def test_nesting_below_the_limit_in_a_field_is_a_type_error() -> None:
    assert_error(HEAD + "tags: " + "[" * 900 + "]" * 900 + "\n", 4, 8, "each item of `tags` must be text")


# --- Duplicate keys ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "key"),
    [
        (HEAD + "title: U\n", 4, 1, "title"),
        (HEAD + "actors:\n  - id: a\n    name: A\n    name: B\n", 7, 5, "name"),
        (HEAD + "x-mine: 1\nx-mine: 2\n", 5, 1, "x-mine"),
        (HEAD + "actors:\n  - id: a\n    x-k: 1\n    name: A\n    x-k: 2\n", 8, 5, "x-k"),
        (HEAD + "x-mine:\n  k: 1\n  k: 2\n", 6, 3, "k"),
        (HEAD + "tags: [a]\nsummary: s\ntags: [b]\n", 6, 1, "tags"),
        (HEAD + "x-flow: {a: 1, a: 2}\n", 4, 16, "a"),
    ],
    ids=["top-level", "in-item", "x-key", "x-key-in-item", "inside-x-value", "after-others", "flow"],
)
def test_duplicate_key(text: str, line: int, column: int, key: str) -> None:
    assert_error(text, line, column, f"the key `{key}` appears twice in this mapping")


# --- No YAML 1.1 surprises -----------------------------------------------------------------------


def test_yaml11_booleans_stay_text() -> None:
    text = HEAD.replace("title: T", "title: yes") + "tags: [no, yes, on, off, y, n, Yes, NO, On]\n"
    result = load_text(text)
    assert result.loaded is not None
    assert result.loaded.brief.title == "yes"
    assert result.loaded.brief.tags == ["no", "yes", "on", "off", "y", "n", "Yes", "NO", "On"]


@pytest.mark.parametrize("value", ["no", "off", "12:30", "1:2:3", "0b101", "1_000", "+.5e", "0o9", "0xZZ"])
def test_yaml11_scalars_stay_text(value: str) -> None:
    result = load_text(HEAD.replace("title: T", f"title: {value}"))
    assert result.loaded is not None, result.errors
    assert result.loaded.brief.title == value


@pytest.mark.parametrize(
    ("value", "found"),
    [("true", "yes/no value `true`"), ("12", "number 12"), ("1.5", "number 1.5"), ("0x1F", "number 31")],
)
def test_yaml12_core_values_are_not_text(value: str, found: str) -> None:
    assert_error(
        HEAD.replace("title: T", f"title: {value}"), 2, 8, "`title` must be text", found, "in quotes"
    )


def test_null_title_is_empty() -> None:
    assert_error(HEAD.replace("title: T", "title: ~"), 2, 8, "`title` must be text, not empty")


def test_unquoted_date_stays_the_written_text() -> None:
    result = load_text(HEAD.replace("as_of: 2025-11-19", "as_of: 2025-11-19T14:30:00+01:00"))
    assert result.loaded is not None
    assert result.loaded.brief.as_of.text == "2025-11-19T14:30:00+01:00"


def test_huge_number_stays_text_instead_of_crashing() -> None:
    """Python refuses to convert numbers of over 4,300 digits; the reader keeps them as text."""
    for value in ("9" * 5000, "-" + "9" * 4301, "0x" + "f" * 5000):
        result = load_text(HEAD.replace("title: T", f"title: {value}"))
        assert result.loaded is not None, result.errors
        assert result.loaded.brief.title == value


def test_huge_number_under_an_int_tag_is_an_error() -> None:
    assert_error(HEAD + "x-n: !!int " + "9" * 5000 + "\n", 4, 6, "is not a valid value for the tag")


# --- Tags ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!python/object/apply:os.system ['ls']", "tag:yaml.org,2002:python/object/apply:os.system"),
        ("!!python/name:os.system", "tag:yaml.org,2002:python/name:os.system"),
        ("!!python/object:object {}", "tag:yaml.org,2002:python/object:object"),
        ("!foo bar", "!foo"),
        ("!!set {a, b}", "tag:yaml.org,2002:set"),
        ("!!binary aGVsbG8=", "tag:yaml.org,2002:binary"),
        ("!!timestamp 2025-11-19", "tag:yaml.org,2002:timestamp"),
    ],
    ids=["python-apply", "python-name", "python-object", "custom", "set", "binary", "timestamp"],
)
def test_object_tags_are_refused_with_position(value: str, tag: str) -> None:
    assert_error(HEAD + f"summary: {value}\n", 4, 10, f"the tag {tag}", "plain data")


def test_object_tag_in_a_list_item() -> None:
    text = HEAD + "tags:\n  - ok\n  - !!python/object/apply:os.system ['ls']\n"
    assert_error(text, 6, 5, "python/object/apply", "not allowed")


def test_plain_standard_tags_are_accepted() -> None:
    result = load_text(HEAD.replace("title: T", "title: !!str 2025") + "tags: [!!str yes]\n")
    assert result.loaded is not None
    assert result.loaded.brief.title == "2025"


# --- Encodings and line endings ------------------------------------------------------------------


def test_invalid_utf8_names_the_byte() -> None:
    data = HEAD.encode() + b"summary: caf\xe9 au lait\n"
    assert_error(data, 4, 13, "the byte 0xE9 at offset 51 is not UTF-8", "UTF-8")


def test_invalid_utf8_after_multibyte_characters_counts_characters() -> None:
    data = HEAD.encode() + "summary: ééé".encode() + b"\xff\n"
    assert_error(data, 4, 13, "the byte 0xFF")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF8, "utf-8")],
    ids=["utf-16-le", "utf-16-be", "utf-8-bom"],
)
def test_byte_order_marks_load(bom: bytes, codec: str) -> None:
    data = bom + (HEAD + "summary: Пески́ «déjà» 😀\n").encode(codec)
    result = load_text(data)
    assert result.errors == []
    assert result.loaded is not None
    assert result.loaded.brief.summary == "Пески́ «déjà» 😀"


def test_utf8_bom_keeps_positions() -> None:
    assert_error(codecs.BOM_UTF8 + (HEAD + "foo: 1\n").encode(), 4, 1, "unknown key `foo`")


def test_utf16_keeps_positions() -> None:
    assert_error(codecs.BOM_UTF16_LE + (HEAD + "  \nfoo: 1\n").encode("utf-16-le"), 5, 1, "unknown key `foo`")


def test_utf32_is_refused() -> None:
    assert_error(codecs.BOM_UTF32_LE + HEAD.encode("utf-32-le"), 1, 1, "UTF-32", "UTF-8")


def test_utf16_without_bom_is_explained() -> None:
    error = only_error(HEAD.encode("utf-16-le"))
    assert "NUL" in error.message
    assert "UTF-16" in error.message


def test_crlf_loads() -> None:
    result = load_text((HEAD + "summary: |\n  one\n  two\n").replace("\n", "\r\n"))
    assert result.loaded is not None
    assert result.loaded.brief.summary == "one\ntwo\n"


def test_crlf_positions() -> None:
    text = (HEAD + "sources:\n  - id: s\n    name: S\n    kind: blog\n").replace("\n", "\r\n")
    assert_error(text, 7, 11, "`kind` must be one of")


def test_nul_byte_is_refused_with_position() -> None:
    assert_error(HEAD + "summary: a\x00b\n", 4, 11, "U+0000", "NUL")


def test_control_character_is_refused_with_position() -> None:
    assert_error(HEAD + "summary: a\x07b\n", 4, 11, "U+0007")


def test_binary_garbage_is_refused() -> None:
    assert_error(bytes(range(256)), 2, 118, "the byte 0x80 at offset 128 is not UTF-8")


# --- Size ----------------------------------------------------------------------------------------


def test_five_megabyte_string_loads() -> None:
    big = "a" * 5_000_000
    result = load_text(HEAD + f"summary: {big}\n")
    assert result.loaded is not None
    assert result.loaded.brief.summary == big


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(HEAD + "summary: " + "a" * 100 + "\n", encoding="utf-8")
    (error,) = load(path, max_bytes=50).errors
    assert (error.line, error.column) == (1, 1)
    assert "more than the limit of 50 bytes" in error.message
    assert load(path, max_bytes=10_000).ok


# --- Not a brief at all --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("", "holds nothing"),
        ("# just\n# comments\n", "holds nothing"),
        ("---\n...\n", "holds nothing"),
        ("- briefing: 1\n- title: T\n", "holds a list"),
        ("hello\n", "holds the text 'hello'"),
        ("42\n", "holds the number 42"),
    ],
    ids=["empty", "comments", "empty-document", "list", "text", "number"],
)
def test_not_a_mapping(text: str, found: str) -> None:
    assert_error(text, 1, 1, "a brief is a mapping of keys such as briefing, title and as_of", found)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("briefing: 1\ntitle:\n\tfoo: bar\n", 3, 1),
        ("briefing: 1\n\ttitle: x\n", 2, 1),
        (HEAD + "sources:\n\t- id: a\n", 5, 1),
    ],
    ids=["tab-value", "tab-key", "tab-list"],
)
def test_tab_indentation_is_explained(text: str, line: int, column: int) -> None:
    error = only_error(text)
    assert (error.line, error.column) == (line, column)
    assert "tab" in error.message
    assert "YAML syntax error" in error.message


def test_tab_inside_a_value_is_fine() -> None:
    result = load_text("briefing: 1\ntitle:\tT\nas_of: 2025\n")
    assert result.loaded is not None
    assert result.loaded.brief.title == "T"


def test_multiple_documents_are_refused() -> None:
    assert_error(HEAD + "---\n" + HEAD, 4, 1, "a brief is one YAML document", "second document")


def test_explicit_single_document_loads() -> None:
    assert load_text("---\n" + HEAD + "...\n").ok


def test_syntax_error_has_position() -> None:
    assert_error(HEAD + "summary: [unclosed\n", 5, 1, "YAML syntax error")


def test_complex_key_is_refused() -> None:
    assert_error(HEAD + "? [a, b]\n: c\n", 4, 3, "a key must be a single word or text")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    (error,) = load(path).errors
    assert (error.path, error.line, error.column, error.message) == (str(path), 1, 1, "no such file")


def test_folder_passed_as_file(tmp_path: Path) -> None:
    (error,) = load(tmp_path).errors
    assert (error.line, error.column) == (1, 1)
    assert "folder" in error.message


def test_named_pipe_is_refused_without_reading(tmp_path: Path) -> None:
    """Reading a pipe nobody writes to would block for ever: it is refused from its metadata."""
    pipe = tmp_path / "brief.yaml"
    os.mkfifo(pipe)
    (error,) = load(pipe).errors
    assert (error.line, error.column) == (1, 1)
    assert "not a plain file" in error.message


def test_syntax_error_at_the_end_of_a_file_without_a_final_line_break() -> None:
    """libyaml places it on a line after the last; it is kept on the last line, at its end."""
    assert_error("briefing: 1\nsummary: [a", 2, 12, "YAML syntax error")
    assert_error("briefing: 1\n&a ", 2, 4, "YAML syntax error")


def test_old_mac_line_endings_keep_positions() -> None:
    assert_error("briefing: 1\rtitle: T\ras_of: 2025\rsources: 3\r", 4, 10, "`sources` must be a list")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [(HEAD + ".nan: 1\n", 4, 1), (HEAD + "x-a: {.NaN: 1}\n", 4, 7), (HEAD + ".nan: 1\n.nan: 2\n", 4, 1)],
    ids=["top-level", "inside-x-value", "twice"],
)
def test_nan_key_is_refused(text: str, line: int, column: int) -> None:
    """NaN is unequal to itself, so no error could be placed on it: it is refused as a key."""
    assert_error(text, line, column, "a key must be a single word or text, not .nan")


def test_keys_equal_in_python_are_duplicates() -> None:
    assert_error(HEAD + "1: a\ntrue: b\n", 5, 1, "appears twice")


def test_cache_returns_the_same_brief_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reopened unchanged file comes from the cache: same brief, same item lines, no parse."""
    from briefing import loader
    from briefing.cache import BriefCache

    brief = tmp_path / "brief.yaml"
    brief.write_text(
        "briefing: 1\ntitle: T\nas_of: 2025\nactors:\n  - id: a\n    name: A\n", encoding="utf-8"
    )
    cache = BriefCache(tmp_path / "cache")
    first = load(brief, cache=cache)

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr("briefing.yamlread.read_document", no_parse)
    second = loader.load(brief, cache=cache)
    assert second.ok and first.loaded and second.loaded
    assert second.loaded.brief == first.loaded.brief
    assert second.loaded.lines == {"a": 5}
    brief.write_text("briefing: 1\ntitle: Changed\nas_of: 2025\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="parsed although cached"):
        loader.load(brief, cache=cache)  # new bytes are parsed again


def test_damaged_cache_entry_is_a_miss(tmp_path: Path) -> None:
    from briefing.cache import BriefCache

    brief = tmp_path / "brief.yaml"
    brief.write_text("briefing: 1\ntitle: T\nas_of: 2025\n", encoding="utf-8")
    cache = BriefCache(tmp_path / "cache")
    load(brief, cache=cache)
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(b"\x00garbage")
    result = load(brief, cache=cache)
    assert result.ok and result.loaded and result.loaded.brief.title == "T"
