"""Property-based tests: generated briefs load and keep their values; one broken field gives an
error placed inside the document; arbitrary text and bytes give errors, never an exception."""

from __future__ import annotations

import calendar
import copy
import re
from collections.abc import Callable
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.loader import LoadResult, load_text
from briefing.model import Id, LanguageTag, Url, to_builtins
from briefing.text import clean

LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""The line breaks YAML (and so every error position) counts."""
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ids = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,15}", fullmatch=True)
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
tags = st.lists(texts, max_size=3)
languages = st.from_regex(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,2}", fullmatch=True)


@st.composite
def dates(draw: st.DrawFn) -> str:
    """Any date of the format: year, month or day precision, a time, a zone, a qualifier."""
    year = draw(st.integers(1000, 2999))
    text = f"{year:04d}"
    precision = draw(st.sampled_from(["year", "month", "day", "time"]))
    if precision != "year":
        month = draw(st.integers(1, 12))
        text += f"-{month:02d}"
        if precision != "month":
            day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
            text += f"-{day:02d}"
            if precision == "time":
                text += f"T{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
                if draw(st.booleans()):
                    text += f":{draw(st.integers(0, 59)):02d}"
                text += draw(st.sampled_from(["", "Z", "+02:00", "-05:30"]))
    return text + draw(st.sampled_from(["", "", "~", "?"]))


@st.composite
def event_dates(draw: st.DrawFn) -> str:
    start = draw(dates())
    if not draw(st.booleans()):
        return start
    year = int(start[:4]) + draw(st.integers(1, 5))  # a later year: END is never before START
    return f"{start}/{year:04d}{draw(st.sampled_from(['', '-12', '-06-30']))}"


def _optional(draw: st.DrawFn, item: dict[str, Any], key: str, strategy: st.SearchStrategy[Any]) -> None:
    if draw(st.booleans()):
        item[key] = draw(strategy)


@st.composite
def briefs(draw: st.DrawFn) -> dict[str, Any]:
    """A valid brief as plain data, every reference naming an item of the right kind."""
    counts = [draw(st.integers(0, 3)) for _ in range(5)]
    all_ids = draw(st.lists(ids, min_size=sum(counts) + 1, max_size=sum(counts) + 1, unique=True))
    brief_id, *rest = all_ids
    groups = []
    for count in counts:
        groups.append(rest[:count])
        rest = rest[count:]
    source_ids, actor_ids, event_ids, statement_ids, question_ids = groups
    data: dict[str, Any] = {"briefing": 1, "title": draw(texts), "as_of": draw(dates())}
    _optional(draw, data, "id", st.just(brief_id))
    _optional(draw, data, "language", languages)
    _optional(draw, data, "summary", texts)
    _optional(draw, data, "tags", tags)
    some = st.lists  # subsets of ids, as reference lists
    sources = []
    for source_id in source_ids:
        source: dict[str, Any] = {"id": source_id, "name": draw(texts)}
        _optional(
            draw, source, "kind", st.sampled_from(["outlet", "agency", "official", "document", "social"])
        )
        _optional(
            draw,
            source,
            "url",
            st.from_regex(r"https?://[a-z]{1,10}\.[a-z]{2,3}/[a-z0-9]{0,8}", fullmatch=True),
        )
        _optional(draw, source, "reliability", st.sampled_from("ABCDEF"))
        _optional(draw, source, "notes", texts)
        sources.append(source)
    actors = []
    for actor_id in actor_ids:
        actor: dict[str, Any] = {"id": actor_id, "name": draw(texts)}
        _optional(draw, actor, "kind", st.sampled_from(["person", "organisation", "state", "group", "media"]))
        _optional(draw, actor, "role", texts)
        _optional(draw, actor, "affiliation", st.sampled_from(actor_ids))
        _optional(draw, actor, "group", texts)
        _optional(draw, actor, "aliases", tags)
        _optional(draw, actor, "tags", tags)
        actors.append(actor)
    events = []
    for event_id in event_ids:
        event: dict[str, Any] = {"id": event_id, "date": draw(event_dates()), "title": draw(texts)}
        _optional(draw, event, "place", texts)
        _optional(
            draw, event, "actors", some(st.sampled_from(actor_ids), unique=True) if actor_ids else st.just([])
        )
        _optional(
            draw,
            event,
            "sources",
            some(st.sampled_from(source_ids), unique=True) if source_ids else st.just([]),
        )
        _optional(
            draw,
            event,
            "status",
            st.sampled_from(["reported", "confirmed", "denied", "disputed", "unverified"]),
        )
        _optional(draw, event, "credibility", st.integers(1, 6))
        events.append(event)
    statements = []
    for statement_id in statement_ids if actor_ids else []:
        kind = draw(st.sampled_from(["quote", "paraphrase", "declined"]))
        statement: dict[str, Any] = {
            "id": statement_id,
            "actor": draw(st.sampled_from(actor_ids)),
            "kind": kind,
        }
        if kind != "declined" or draw(st.booleans()):
            statement["quote"] = draw(texts)
        _optional(draw, statement, "lang", languages)
        _optional(draw, statement, "translation", texts)
        _optional(draw, statement, "date", dates())
        if event_ids:
            _optional(draw, statement, "event", st.sampled_from(event_ids))
        if source_ids:
            _optional(draw, statement, "source", st.sampled_from(source_ids))
        statements.append(statement)
    questions = []
    for question_id in question_ids:
        status = draw(st.sampled_from(["open", "answered", "moot"]))
        question: dict[str, Any] = {"id": question_id, "question": draw(texts), "status": status}
        if status == "answered":
            question["answer"] = draw(texts.filter(bool))
        if event_ids:
            _optional(draw, question, "events", some(st.sampled_from(event_ids), unique=True))
        questions.append(question)
    for key, items in (("sources", sources), ("actors", actors), ("events", events)):
        if items or draw(st.booleans()):
            data[key] = items
    for key, items in (("statements", statements), ("questions", questions)):
        if items or draw(st.booleans()):
            data[key] = items
    return data


def quoted(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


DATE_KEYS = {"as_of", "date"}


def scalar(value: Any, *, plain: bool = False) -> str:
    if isinstance(value, int):
        return str(value)
    return value if plain else quoted(value)


def to_yaml(data: dict[str, Any], *, plain_dates: bool) -> str:
    """Block-style YAML: sections as lists of mappings, short lists in flow style."""
    lines = []

    def value_text(key: str, value: Any) -> str:
        if isinstance(value, list):
            return "[" + ", ".join(scalar(item) for item in value) + "]"
        return scalar(value, plain=plain_dates and key in DATE_KEYS)  # dates may be unquoted

    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{key}:")
            for item in value:
                for number, (item_key, item_value) in enumerate(item.items()):
                    lead = "  - " if number == 0 else "    "
                    lines.append(f"{lead}{item_key}: {value_text(item_key, item_value)}")
        else:
            lines.append(f"{key}: {value_text(key, value)}")
    return "\n".join(lines) + "\n"


def assert_well_formed(result: LoadResult, text: str | None = None) -> None:
    """A brief, or errors that each name a line and column (inside the text when it is known)."""
    assert result.ok != bool(result.errors)
    last_line = None if text is None else len(LINE_BREAK.findall(text)) + 1
    for error in result.errors:
        assert error.line >= 1
        assert error.column >= 1
        assert error.message.strip()
        if last_line is not None:
            assert error.line <= last_line, (str(error), text)


@SETTINGS
@given(data=briefs(), plain_dates=st.booleans())
def test_generated_briefs_load_and_keep_their_values(data: dict[str, Any], plain_dates: bool) -> None:
    text = to_yaml(data, plain_dates=plain_dates)
    result = load_text(text)
    assert result.errors == [], text
    assert result.loaded is not None
    loaded = to_builtins(result.loaded.brief)
    assert isinstance(loaded, dict)
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for item, kept in zip(value, loaded[key], strict=True):
                assert {name: kept[name] for name in item} == item
        else:
            assert loaded[key] == value, key
    assert loaded["id"] == data.get("id", "text")


def _items(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        item
        for key in ("sources", "actors", "events", "statements", "questions")
        for item in data.get(key, [])
    ]


REQUIRED = {
    "sources": "name",
    "actors": "name",
    "events": "title",
    "statements": "actor",
    "questions": "question",
}


def _break(data: dict[str, Any], how: int, pick: int) -> dict[str, Any]:
    """Break exactly one rule of a valid brief: top-level rules always apply, item rules when
    the brief has items (falling back to a top-level rule otherwise)."""
    broken = copy.deepcopy(data)
    items = _items(broken)
    item = items[pick % len(items)] if items else None
    section = next((key for key in REQUIRED if item is not None and item in broken.get(key, [])), None)
    if item is None or how < 4:
        if how % 4 == 0:
            del broken["title"]
        elif how % 4 == 1:
            broken["as_of"] = "2026-02-30"
        elif how % 4 == 2:
            broken["titel"] = "typo"
        else:
            broken["language"] = "english"
        return broken
    if how == 4:
        item["id"] = "Upper-" + item["id"]
    elif how == 5:
        item["zzz"] = "unknown"
    elif how == 6:
        assert section is not None
        item.pop(REQUIRED[section], None)
    elif how == 7:
        other = items[(pick + 1) % len(items)]
        if other is item:
            item["kind" if section != "questions" else "status"] = "not-an-enum-value"
        else:
            item["id"] = other["id"]
    elif how == 8:
        key = {"statements": "actor", "events": "actors", "questions": "actors", "actors": "affiliation"}
        wrong = "x" * 30
        if section in key:
            item[key[section]] = [wrong] if key[section] == "actors" else wrong
        else:
            item["reliability"] = "G"
    else:
        item["kind" if section != "questions" else "status"] = "not-an-enum-value"
    return broken


@SETTINGS
@given(data=briefs(), how=st.integers(0, 9), pick=st.integers(0, 100), plain_dates=st.booleans())
def test_one_broken_rule_gives_a_placed_error(
    data: dict[str, Any], how: int, pick: int, plain_dates: bool
) -> None:
    text = to_yaml(_break(data, how, pick), plain_dates=plain_dates)
    result = load_text(text)
    assert result.loaded is None, text
    assert result.errors
    assert_well_formed(result, text)


@SETTINGS
@given(text=st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    assert_well_formed(load_text(text), text)


@SETTINGS
@given(data=st.binary())
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    assert_well_formed(load_text(data))


yaml_pieces = st.sampled_from(
    [
        "briefing: 1\n",
        "title: T\n",
        "as_of: 2025\n",
        "actors:\n",
        "  - id: a\n",
        "    name: A\n",
        "- ",
        "  ",
        "\t",
        ": ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "!!str ",
        "!x ",
        "? ",
        "---\n",
        "...\n",
        "|\n",
        ">-\n",
        '"',
        "'",
        "#",
        "\n",
        "\r\n",
        "x-",
        "id",
        "yes",
        "12:30",
        "2025-02-30",
        "~",
        "%YAML 1.2\n",
        "\ufeff",
        ".nan",
        "1: ",
        "true: ",
        "null: ",
        "x-a: ",
    ]
)


@SETTINGS
@given(pieces=st.lists(yaml_pieces, max_size=40))
def test_yaml_shaped_noise_never_raises(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert_well_formed(load_text(text), text)


# --- Patterns, differentially: the model's msgspec patterns against definitions without regexes.

_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _is_id(text: str) -> bool:
    return 1 <= len(text) <= 64 and text[0] in _ID_CHARS and all(c in _ID_CHARS or c in "-_" for c in text)


def _is_language_tag(text: str) -> bool:
    first, *rest = text.split("-")
    return (
        2 <= len(first) <= 3
        and set(first) <= _ASCII_LETTERS
        and all(1 <= len(part) <= 8 and set(part) <= _ASCII_LETTERS | set("0123456789") for part in rest)
    )


def _is_url(text: str) -> bool:
    scheme = next((s for s in ("http://", "https://") if text.startswith(s)), None)
    rest = text[len(scheme) :] if scheme else ""
    return bool(rest) and not any(char.isspace() or clean(char) != char for char in rest)


def _near(pattern: str) -> st.SearchStrategy[str]:
    """Values that match `pattern`, alone or with a character added at either end."""
    around = st.sampled_from(["", "\n", "\r\n", " ", "\t", "\x1b", "\x9b", "\u202e", "A", "é"])
    return st.builds(lambda a, v, b: a + v + b, around, st.from_regex(pattern, fullmatch=True), around)


@pytest.mark.parametrize(
    ("kind", "definition", "pattern"),
    [
        (Id, _is_id, r"[a-z0-9][a-z0-9_-]{0,63}"),
        (LanguageTag, _is_language_tag, r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}"),
        (Url, _is_url, r"https?://[!-~\u00a0-\u024f\u202a-\u202e]{1,20}"),
    ],
)
@SETTINGS
@given(data=st.data())
def test_a_patterned_value_is_valid_exactly_when_its_definition_says(
    kind: object, definition: Callable[[str], bool], pattern: str, data: st.DataObject
) -> None:
    """`afp\\n` was an id: msgspec tests patterns with `re.search`, where `$` also matches
    before a final newline."""
    text = data.draw(st.one_of(_near(pattern), st.text(max_size=70)))
    try:
        msgspec.convert(text, kind)
        accepted = True
    except msgspec.ValidationError:
        accepted = False
    assert accepted == definition(text), text
