"""The fast YAML reader beside the reference reader: it answers None or exactly the same thing.

`briefing.fastyaml` reads through rapidyaml and JSON and must either step aside (None) or give
the data and item lines that `briefing.yamlread` gives, compared type by type (`1`, `1.0`, `True`
and `"1"` all differ), on every brief we ship or test with, on every file of the YAML test suite,
on hand-picked cases for each of its guards, and on generated mappings of odd scalars. And it
must really answer for ordinary briefs, or it would be a slow path in disguise.
"""

from __future__ import annotations

import codecs
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
import yaml_fuzz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import fastyaml, loader
from briefing.yamlread import YamlProblem, read_document

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "tests" / "data" / "yaml-test-suite"
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import brief_text  # noqa: E402

BRIEFS = sorted((ROOT / "briefs").glob("*.yaml"))
TEST_BRIEFS = sorted(path for path in (ROOT / "tests").rglob("*.yaml") if SUITE not in path.parents)
SUITE_FILES = sorted(SUITE.glob("*.yaml"))


def same(fast: Any, reference: Any) -> bool:
    """Equal values of equal types, keys in the same order (NaN equals NaN)."""
    if type(fast) is not type(reference):
        return False
    if type(fast) is dict:
        return list(fast) == list(reference) and all(same(fast[key], reference[key]) for key in fast)
    if type(fast) is list:
        return len(fast) == len(reference) and all(map(same, fast, reference))
    if type(fast) is float and math.isnan(fast):
        return math.isnan(reference)
    return bool(fast == reference)


def entry_lines(data: Any, item_lines: dict[int, int]) -> dict[str, list[int | None]]:
    """The line of each mapping in each top-level list, by list and position."""
    return {
        key: [item_lines.get(id(item)) for item in value if type(item) is dict]
        for key, value in data.items()
        if type(value) is list
    }


def fast_read(text: str) -> tuple[Any, dict[int, int]] | None:
    return fastyaml.read(text, text.encode("utf-8"))


def check(text: str) -> bool:
    """Assert that the fast reader steps aside or agrees; say whether it answered."""
    fast = fast_read(text)
    if fast is None:
        return False
    try:
        document = read_document(text)
    except (YamlProblem, yaml.YAMLError, RecursionError) as error:
        pytest.fail(f"the fast reader answered where the reference reader refuses: {error}")
    assert same(fast[0], document.data), (fast[0], document.data)
    assert entry_lines(fast[0], fast[1]) == entry_lines(document.data, document.item_lines)
    return True


def decoded(path: Path) -> str | None:
    try:
        return loader.decode(path.read_bytes())
    except loader._DecodeProblem:
        return None


def test_the_files_are_there() -> None:
    assert BRIEFS
    assert len(TEST_BRIEFS) >= 5
    assert len(SUITE_FILES) > 400


@pytest.mark.parametrize("path", BRIEFS + TEST_BRIEFS, ids=lambda path: path.name)
def test_bundled_and_test_briefs(path: Path) -> None:
    text = decoded(path)
    assert text is not None
    check(text)


@pytest.mark.parametrize("path", SUITE_FILES, ids=lambda path: path.name)
def test_yaml_test_suite(path: Path) -> None:
    text = decoded(path)
    if text is not None:
        check(text)


@pytest.mark.parametrize("statements", [100, 1_000])
def test_synthetic_briefs_take_the_fast_path(statements: int) -> None:
    assert check(brief_text(statements))


@pytest.mark.parametrize("path", BRIEFS, ids=lambda path: path.name)
def test_bundled_brief_takes_the_fast_path(path: Path) -> None:
    text = decoded(path)
    assert text is not None
    assert check(text)


BASE = "briefing: 1\ntitle: T\n"

STEPS_ASIDE = {
    "tilde null": "a: ~\n",
    "capitalised null": "a: Null\n",
    "capitalised bool": "a: True\n",
    "leading zero": "a: 012\n",
    "octal": "a: 0o17\n",
    "hex": "a: 0x1A\n",
    "plus sign": "a: +1\n",
    "minus leading zero": "a: -012\n",
    "infinity": "a: .inf\n",
    "infinity as a key": "inf: .inf\n",
    "minus infinity": "a: -.inf\n",
    "nan": "a: .nan\n",
    "number as a key": "1: a\n",
    "quoted number as a key": '"1": a\n',
    "null as a key": "null: a\n",
    "empty key": ": a\n",
    "very long number": f"a: {'9' * 1001}\n",
    "anchor and alias": "a: &x 1\nb: *x\n",
    "anchor alone": "a: &x 1\n",
    "empty anchor": "a:\n  - & x\n",
    "tag": "a: !!str 1\n",
    "local tag": "a: !foo 1\n",
    "non-specific tag": "a: ! 12\n",
    "tag on a key": "!!str 1: a\n",
    "YAML directive": "%YAML 1.2\n---\na: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "duplicate keys": "a: 1\na: 2\n",
    "duplicate x- keys": "x-a: 1\nx-a: 2\n",
    "flow mapping over lines with a comment": "a: {b: c # d\n  }\n",
    "flow mapping over lines": "a: {b: 1,\n  c: 2}\n",
    "flow mapping with a bare colon": "a: {b:, c: 1}\n",
    "flow mapping closed by a bare colon": "a: {b:}\n",
    "flow mapping in a flow sequence": "a: [{b: 1}]\n",
    "single pair in a flow sequence": "a: [b: c]\n",
    "tab": "a:\n\t- 1\n",
    "no final line break": "a: 1",
    "lone carriage return": "a: 1\rb: 2\n",
    "line separator": "a: x\u2028y\n",
    "next line": "a: x\x85y\n",
    "at sign": "a: @x\n",
    "backquote": "a: `x\n",
    "closing bracket": "a: ]x\n",
    "closing brace": "a: }x\n",
    "colon in a flow sequence": "a: [:x]\n",
    "question mark in a flow sequence": "a: [?x]\n",
    "percent in a flow sequence": "a: [%x]\n",
    "lone asterisk": "a: *\n",
    "NUL escape": 'a: "x\\0y"\n',
    "escaped surrogate": 'a: "x\\ud800y"\n',
    "escaped long surrogate": 'a: "x\\U0000DFFFy"\n',
    "explicit indentation": "a: |2\n   \n",
    "explicit indentation and chomping": "a: >-1\n  x\n",
    "many distinct quoted numbers": "".join(f'n{number}: "{number}"\n' for number in range(100)),
    "syntax error": "a: [1, 2\n",
    "list at the root": "- 1\n- 2\n",
    "scalar at the root": "just text\n",
    "empty": "",
    "comments only": "# nothing\n",
}


@pytest.mark.parametrize("tail", STEPS_ASIDE.values(), ids=STEPS_ASIDE.keys())
def test_guards_step_aside(tail: str) -> None:
    text = tail if tail.startswith(("%", "-", "just", "#")) or not tail else BASE + tail
    assert fast_read(text) is None


ANSWERS = {
    "block scalars, every chomping": (
        "a: |\n  x\n\n  y\n\n\nb: |-\n  x\n\nc: |+\n  x\n\n\nd: >\n  x\n  y\n\n  z\n"
        "e: >-\n  x\n  y\nf: >+\n  x\n\ng: |\n    indented\n      more\nh: last\n"
    ),
    "quoted keys": '"a": 1\n\'b c\': 2\n"x: y": 3\n',
    "empty values": "a:\nb: ''\nc: \"\"\nd: []\ne:\n  -\n  - x\n",
    "comments": "# head\na: 1 # after\n# between\nb:\n  # inside\n  - x # item\n",
    "flow mappings on one line": (
        "a: {b: 1, 'c}': \"d}\", e: [f, g], h: {i: j}, k: 'it''s', l: \"q\\\"}\"}\n"
        'items:\n  - {id: a, name: "A, B"}\n  - {id: b, x-c: 1}  # note\n  - {}\n'
    ),
    "flow sequences": "tags: [a, 'b', \"c d\", 2025, 1.5, true, null]\nnested: [[a], []]\n",
    "quoted numbers and words": 'year: "2025"\nnone: "null"\nyes: "true"\nsmall: \'1.5\'\n',
    "plain numbers and words": (
        "a: 12\nb: -3\nc: 1.5\nd: 1e5\ne: true\nf: false\ng: null\nh: -0\ni: 1.\nj: .5\n"
    ),
    "yaml 1.1 words stay text": "a: yes\nb: no\nc: on\nd: off\ne: 12:30\nf: 2025-11-19\ng: 1_000\n",
    "x- keys are dropped": "x-a: 1\nitems:\n  - id: a\n    x-b: 2\n",
    "document end": "a: 1\n...\n",
    "a few quoted numbers": "".join(f'n{number}: "{number}"\n' for number in range(20)),
    "escapes": "a: \"tab\\there \\\"quoted\\\" back\\\\slash \\u00e9 \\U0001F600\"\nb: 'it''s'\n",
    "multi-line plain and quoted": 'a: one\n  two\n\n  three\nb: "x\n  y"\n',
    "crlf": "a: 1\r\nb:\r\n  - x\r\n",
    "unicode": "headline: US–Russian — «plan» ✓ 😀\n",
    "ampersand and bang in text": "a: R & D, wow! Tom &Jerry\nb: 'x &y z!'\n",
    "asterisks in Markdown": "a: |\n  - **bold** and *it*\n  * item\n",
    # where the items of top-level lists start (each case also checks the item lines)
    "entries on their own line": "items:\n  -\n    id: a\n  - # note\n\n    id: b\n  - id: c\n",
    "indentless": "items:\n- id: a\n- id: b\nafter: 1\n",
    "comment and blank lines between": "items:\n\n  # c\n  - id: a\n\n  # d\n  - id: b\nz: 1\n",
    "nested lists": "items:\n  - id: a\n    tags:\n      - x\n  - id: b\n    sub:\n    - y\n",
    "block scalar holding entries": "items:\n  - id: a\n    note: |\n      - not an item\n  - id: b\n",
    "several lists": "a:\n  - id: 1\nb: text\nc:\n  - id: 2\n  - id: 3\n",
    "a list of scalars": "tags:\n  - a\n  - b\nitems:\n  - id: a\n",
}


@pytest.mark.parametrize("tail", ANSWERS.values(), ids=ANSWERS.keys())
def test_ordinary_yaml_takes_the_fast_path(tail: str) -> None:
    assert check(BASE + tail)


def test_one_explicit_document_takes_the_fast_path() -> None:
    assert check("---\n" + BASE)
    assert check("--- # the brief\n" + BASE + "...\n")


def test_a_list_the_scan_cannot_follow_steps_aside() -> None:
    assert fast_read(BASE + "items: [{id: a}]\n") is None  # flow items: no lines to count
    assert fast_read(BASE + "'items':\n  - id: a\n") is None  # a quoted root key is not found


# fmt: off
ODD_WORDS = [
    "~", "null", "Null", "NULL", "true", "True", "FALSE", "yes", "no", "on", "0", "-0", "+0", "00",
    "012", "-012", "+12", "1_000", "0o17", "0o", "0x1A", "0x", "0b1", "1.", ".5", "-.5", "+.5", "1e5",
    "1E+5", "1e", ".inf", "-.Inf", "+.INF", "inf", ".nan", "NaN", "Infinity", "12:30", "2025-11-19",
    "2025", "@x", "`x", "%x", "*x", "&x", "!x", "]x", "}x", ":x", "?x", "-x", "#x", "'x'", '"x"', "é",
    "\\", "", " ", "x y", "x #y",
]
# fmt: on

ODD_SCALARS = st.one_of(
    st.sampled_from(ODD_WORDS),
    st.text(alphabet="0123456789.+-eEoxabINnfT_~:@*!&%?[]{},#'\" \\uUdDLP", max_size=6),
)


def _quoted(value: str, style: str) -> str:
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "escapes":  # backslashes left as they are: YAML escapes, valid or not
        return '"' + value.replace('"', "") + '"'
    return value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(ODD_SCALARS, ODD_SCALARS, st.sampled_from(["plain", "single", "double", "escapes"])),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["block", "list", "flow", "flow mapping"]),
)
def test_odd_scalars_step_aside_or_agree(pairs: list[tuple[str, str, str]], shape: str) -> None:
    lines = []
    for key, value, style in pairs:
        if shape == "block":
            lines.append(f"{_quoted(key, style)}: {_quoted(value, style)}")
        elif shape == "list":
            lines.append(f"- {_quoted(value, style)}")
        elif shape == "flow":
            lines.append(f"- [{_quoted(key, style)}, {_quoted(value, style)}]")
        else:
            lines.append(f"- {{{_quoted(key, style)}: {_quoted(value, style)}, k: v}}")
    body = "\n".join(("  " + line) for line in lines)
    check(f"{BASE}x:\n{body}\n")


def test_a_failed_parse_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    """rapidyaml prints its errors to C's stderr, which is the terminal the reading room draws on."""
    assert fast_read("a: [1, 2\n") is None
    assert fast_read("? [a]\n: b\n") is None
    captured = capfd.readouterr()
    assert captured.err == ""
    assert captured.out == ""


def test_c_stderr_is_given_back() -> None:
    swap = fastyaml._c_stderr()
    assert swap is not None  # glibc here; the fast reader steps aside where it cannot silence
    pointer, devnull = swap
    before = pointer.value
    assert fast_read("a: [1, 2\n") is None
    assert fast_read(BASE) is not None
    assert pointer.value == before != devnull


def test_where_stderr_cannot_be_silenced_the_reference_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastyaml, "_c_stderr", lambda: None)
    assert fast_read(BASE) is None


def test_without_rapidyaml_the_reference_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    text = BASE + "as_of: 2025\n"
    assert fast_read(text) is not None
    monkeypatch.setitem(sys.modules, "ryml", None)
    assert fast_read(text) is None
    assert loader.load_text(text).ok


@pytest.mark.parametrize(
    "path",
    [
        *BRIEFS,
        ROOT / "tests" / "data" / "app" / "talks.yaml",
        ROOT / "tests" / "data" / "show" / "sample.yaml",
    ],
    ids=lambda path: path.name,
)
def test_loader_gives_the_same_result_by_both_paths(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "FAST_PATH_BYTES", 0)
    answers: list[Any] = []
    read = fastyaml.read
    monkeypatch.setattr(
        fastyaml, "read", lambda text, source: answers.append(read(text, source)) or answers[-1]
    )
    fast = loader.load(path)
    assert answers and answers[0] is not None  # the loader took the fast path
    monkeypatch.setattr(fastyaml, "read", lambda text, source: None)
    reference = loader.load(path)
    assert fast.ok
    assert fast == reference


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bom", codecs.BOM_UTF8 + b"briefing: 1\ntitle: T\nas_of: 2025\n"),
        ("utf-16", "briefing: 1\ntitle: Tête\nas_of: 2025\n".encode("utf-16")),
        ("invalid", b"briefing: 1\ntitle: [T\nas_of: 2025\n"),
        ("invalid brief", b"briefing: 1\ntitle: 12\nas_of: nope\nactors:\n  - id: a\n"),
    ],
)
def test_loader_bytes_by_both_paths(name: str, data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "FAST_PATH_BYTES", 0)
    fast = loader.load_bytes(data, name)
    monkeypatch.setattr(fastyaml, "read", lambda text, source: None)
    assert fast == loader.load_bytes(data, name)


def test_utf16_and_bom_reach_the_fast_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bytes] = []
    read = fastyaml.read

    def spy(text: str, source: bytes) -> Any:
        seen.append(source)
        return read(text, source)

    monkeypatch.setattr(fastyaml, "read", spy)
    monkeypatch.setattr(loader, "FAST_PATH_BYTES", 0)
    text = "briefing: 1\ntitle: Tête\nas_of: 2025\n"
    assert loader.load_bytes(text.encode("utf-16"), "a").ok
    assert loader.load_bytes(codecs.BOM_UTF8 + text.encode(), "b").ok
    assert seen == [text.encode(), text.encode()]
    assert fast_read(text) is not None


def test_small_files_are_read_by_libyaml_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Below FAST_PATH_BYTES importing rapidyaml would cost more than it saves."""
    asked: list[int] = []
    monkeypatch.setattr(fastyaml, "read", lambda text, source: asked.append(len(source)))
    small = b"briefing: 1\ntitle: T\nas_of: 2025\n"
    large = small + b"summary: " + b"x" * loader.FAST_PATH_BYTES + b"\n"
    assert loader.load_bytes(small, "small").ok
    assert asked == []
    assert loader.load_bytes(large, "large").ok
    assert asked == [len(large)]


LINE_PIECES = [
    "text",
    "two words",
    "",
    " ",
    "   ",
    "  deeper",
    "# hash",
    "- dash",
    "x: y",
    "trailing  ",
    "'q'",
]


@st.composite
def multi_line_values(draw: st.DrawFn) -> str:
    """A block scalar (any chomping and indentation indicator), or a plain or quoted scalar
    over several lines, at indentation 2, with blank and whitespace-only lines."""
    pieces = draw(st.lists(st.sampled_from(LINE_PIECES), min_size=1, max_size=5))
    kind = draw(st.sampled_from(["|", ">", "plain", "single", "double"]))
    if kind in "|>":
        header = kind + draw(st.sampled_from(["", "2"])) + draw(st.sampled_from(["", "-", "+"]))
        return header + "".join(f"\n  {piece}" if piece.strip() else f"\n{piece}" for piece in pieces)
    words = [piece.replace("#", "").replace(":", "").replace("'", "") for piece in pieces]
    first, *rest = words
    if kind == "plain":
        first = first.strip() or "w"
        rest = [word.strip() for word in rest]
    body = first + "".join(f"\n  {word}" if word.strip() else f"\n{word}" for word in rest)
    if kind == "single":
        return f"'{body}'"
    if kind == "double":
        return f'"{body}"'
    return body


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(multi_line_values(), min_size=1, max_size=4),
    st.sampled_from(["", "\n", "\n# end\n", "\n\n  \n"]),
)
def test_multi_line_scalars_step_aside_or_agree(values: list[str], ending: str) -> None:
    text = BASE + "".join(f"k{number}: {value}\n" for number, value in enumerate(values)) + ending
    check(text.replace("\n\n\n", "\n\n") if text.endswith("\n") else text + "\n")


SCALARS = st.sampled_from(
    ["a", "b c", "12", "1.5", "true", "~", "'q'", '"d"', "x-y", "-z", "é ✓", "a #c", "", "{a: b, c: 1}", "{}"]
)
KEYS = st.sampled_from(["id", "name", "x-extra", "tags", "k", "'quoted key'", "n1"])


@st.composite
def block_node(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    """The lines of a block mapping or sequence at `indent` (scalars, nested collections,
    comments and blank lines), as people write them."""
    pad = " " * indent
    lines: list[str] = []
    if draw(st.booleans()):
        for key in draw(st.lists(KEYS, min_size=1, max_size=3, unique=True)):
            if depth < 2 and draw(st.booleans()):
                lines.append(f"{pad}{key}:")
                lines += draw(block_node(indent + draw(st.sampled_from([0, 2])), depth + 1))
            else:
                lines.append(f"{pad}{key}: {draw(SCALARS)}".rstrip())
    else:
        for _ in range(draw(st.integers(1, 3))):
            if depth < 2 and draw(st.booleans()):
                nested = draw(block_node(indent + 2, depth + 1))
                if draw(st.booleans()):
                    lines += [f"{pad}-" + draw(st.sampled_from(["", " # c"])), *nested]
                else:
                    lines += [f"{pad}- {nested[0].lstrip()}", *nested[1:]]
            else:
                lines.append(f"{pad}- {draw(SCALARS)}".rstrip())
    if draw(st.booleans()):
        lines.insert(draw(st.integers(1, len(lines))), draw(st.sampled_from(["", f"{pad}# note", "#"])))
    return lines


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(["items", "more", "x-skip", "tags"]), block_node(2, 0)), max_size=4)
)
def test_nested_blocks_step_aside_or_agree(sections: list[tuple[str, list[str]]]) -> None:
    """Nested block collections with comments and blank lines, top-level lists of mappings among
    them: the data and the line of each item agree (or the fast reader steps aside)."""
    body = "".join(f"{key}:\n" + "".join(line + "\n" for line in lines) for key, lines in sections)
    check(BASE + body)


# ── Issue 12: what the fast path changed or accepted, and the differential fuzzer ─────────────

ESCAPED_BREAK = 'summary: "Nous verrons. \\\n\n  Nous verrons."\n'
"""An escaped line break, then a blank line: YAML keeps one line break (libyaml: "… \\nNous")."""

REFUSED = {
    "x- key over 1,024 characters": "x-" + "k" * 1030 + ": 1\n",
    "key over 1,024 characters": "k" * 1030 + ": 1\n",
    "form feed": "summary: page one\x0cpage two\n",
    "form feed quoted": 'summary: "page one\x0cpage two"\n',
    "DEL": "summary: a\x7fb\n",
    "C1 control": "summary: a\x80b\n",
    "C1 control quoted": "summary: 'a\x9fb'\n",
    "U+FFFE": "summary: a\ufffeb\n",
}


def test_an_escaped_line_break_before_a_blank_line_keeps_its_line_break() -> None:
    text = BASE + ESCAPED_BREAK
    assert read_document(text).data["summary"] == "Nous verrons. \nNous verrons."
    check(text)


@pytest.mark.parametrize("tail", REFUSED.values(), ids=REFUSED.keys())
def test_what_libyaml_refuses_the_fast_reader_does_not_read(tail: str) -> None:
    with pytest.raises(yaml.YAMLError):
        read_document(BASE + tail)
    assert fast_read(BASE + tail) is None


def test_a_line_over_1024_characters_steps_aside() -> None:
    """Only a line that long can hold a key that long: the reference reader decides."""
    assert fast_read(BASE + "summary: " + "word " * 300 + "\n") is None
    assert check(BASE + "summary: >\n" + "  word word word\n" * 300)


def padded_file(tmp_path: Path, tail: str) -> Path:
    """A brief past the loader's threshold: comment lines, then `tail`."""
    path = tmp_path / "large.yaml"
    text = yaml_fuzz.padded(BASE + "as_of: 2025-11-21\n" + tail)
    path.write_bytes(text.encode("utf-8"))
    assert path.stat().st_size > loader.FAST_PATH_BYTES
    return path


def test_past_the_threshold_a_quote_reads_as_below_it(tmp_path: Path) -> None:
    """The reported case, through `load` at its real size: the fast path must not change it."""
    result = loader.load(padded_file(tmp_path, ESCAPED_BREAK))
    assert result.ok and result.loaded is not None
    assert result.loaded.brief.summary == "Nous verrons. \nNous verrons."


@pytest.mark.parametrize("tail", REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize("typo", ["", "as_of: nope\n"], ids=["valid", "with a typo"])
def test_past_the_threshold_the_verdict_is_the_reference_readers(
    tmp_path: Path, tail: str, typo: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 128 KB and more the file is refused as below it, with the syntax error's position,
    whether or not the data would also have failed validation (then `load_bytes` used to call
    libyaml again, unguarded, and crash)."""
    path = padded_file(tmp_path, typo.replace("as_of", "language") + tail)
    fast = loader.load(path)
    monkeypatch.setattr(fastyaml, "read", lambda text, source: None)
    reference = loader.load(path)
    assert fast == reference
    assert not fast.ok and len(fast.errors) == 1
    assert fast.errors[0].line > 1000  # after the padding, where the bad line is


def test_errors_are_placed_by_the_guarded_reference_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the fast reader ever answer for a file libyaml refuses, and the data fail
    validation, the refusal is the verdict, with its position: never an exception."""
    text = BASE + "as_of: nope\n" + REFUSED["form feed"]
    monkeypatch.setattr(loader, "FAST_PATH_BYTES", 0)
    monkeypatch.setattr(fastyaml, "read", lambda text, source: ({"briefing": 1, "as_of": "nope"}, {}))
    result = loader.load_text(text)
    assert [(error.line, error.column) for error in result.errors] == [(4, 18)]
    assert "U+000C is not allowed" in result.errors[0].message


def test_validate_refuses_a_large_file_with_a_position_not_an_internal_error(tmp_path: Path) -> None:
    path = padded_file(tmp_path, "language: 12\n" + REFUSED["x- key over 1,024 characters"])
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "validate", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    where = rf"{re.escape(str(path))}:\d{{4}}:\d+: error: YAML syntax error: "
    assert re.match(where, result.stdout), result.stdout


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(yaml_fuzz.documents)
def test_differential_fuzzer(text: str) -> None:
    """Generated documents of every style, read by the loader with and without the fast path
    (its threshold lowered to 0): the same data, item lines and verdict. A longer run:
    `benchmarks/fuzz_fastyaml.py`."""
    assert yaml_fuzz.divergence(text, threshold=0) is None


@given(st.lists(st.sampled_from([0, 1, 7, 1023, 1024, 1025, 3000]), min_size=1, max_size=6), st.booleans())
def test_long_lines_are_found_window_by_window(lengths: list[int], final_break: bool) -> None:
    text = "\n".join("x" * length for length in lengths) + ("\n" if final_break else "")
    assert fastyaml._has_long_line(text) == (max(lengths) > fastyaml._MAX_LINE)
