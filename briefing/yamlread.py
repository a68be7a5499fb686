"""YAML as plain data, with the format's rules, built straight from libyaml's event stream.

PyYAML's own constructors resolve YAML 1.1 (`no` is false, `12:30` is 750, dates become
`datetime`) and follow aliases. We read events instead and build dicts, lists and scalars with
YAML 1.2 core-schema resolution, refusing anchors, aliases, object tags and duplicate keys on the
spot, each with the line and column of the node. Positions are not recorded while building:
only a file with errors needs them, and `places` then finds just the nodes the errors are
about, in one pass that builds nothing, so that placing one error in a large file costs no more
than reading it once.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

try:  # libyaml's C parser when present: the same events, several times faster.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Position = tuple[int, int]
"""A 1-based (line, column)."""

_PLAIN_TAGS = {
    None,
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_COLLECTION_TAGS = {
    MappingStartEvent: ("tag:yaml.org,2002:map", "a mapping"),
    SequenceStartEvent: ("tag:yaml.org,2002:seq", "a list"),
}
"""The one plain tag each kind of collection may carry (besides `!`), and what to call it."""
_MAX_NUMBER_LENGTH = 1000
"""Longer plain scalars stay text: Python refuses to turn numbers of over 4,300 digits to text
and back (and doing so costs quadratic time), and nobody writes such a number by hand."""
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {
    ".inf": float("inf"),
    ".Inf": float("inf"),
    ".INF": float("inf"),
    "+.inf": float("inf"),
    "+.Inf": float("inf"),
    "+.INF": float("inf"),
    "-.inf": float("-inf"),
    "-.Inf": float("-inf"),
    "-.INF": float("-inf"),
}


class YamlProblem(Exception):
    """The YAML cannot become brief data; `position` says where."""

    def __init__(self, message: str, position: Position) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass
class Document:
    """Plain data read from a brief file, with the line of every item of a top-level list."""

    data: Any
    item_lines: dict[int, int]
    """id() of each mapping inside a top-level list → its 1-based line."""


DataPath = tuple[Any, ...]
"""Keys and list indexes from the top of the data down to one node."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where one node stands in the file: its key (None for a list item or the top) and its value."""

    key: Position | None
    value: Position


def _resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema: null, booleans, integers and floats; everything else is text.

    `yes`, `no`, `on`, `off`, `12:30` and dates stay text (date fields parse their text).
    """
    if value in _NULLS:
        return None
    first = value[0]
    if first in "tTfF":
        return _BOOLS.get(value, value)
    if first in "0123456789+-." and len(value) <= _MAX_NUMBER_LENGTH and value.isascii():
        # `int()` also reads other scripts' digits (`0o٣` is 3); YAML's numbers are ASCII.
        if _INT.fullmatch(value):
            return int(value)
        if value.startswith("0o") and len(value) > 2:
            try:
                return int(value[2:], 8)
            except ValueError:
                return value
        if value.startswith("0x") and len(value) > 2:
            try:
                return int(value[2:], 16)
            except ValueError:
                return value
        if _FLOAT.fullmatch(value):
            return float(value)
        if value in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[value]
        if value in (".nan", ".NaN", ".NAN"):
            return float("nan")
    return value


def _position(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


def _scalar(event: ScalarEvent) -> Any:
    """The value of a scalar, resolved by the core schema or by its tag."""
    if event.anchor is not None or event.tag not in _PLAIN_TAGS:
        _check_node(event)
    tag = event.tag
    if tag is None:
        return _resolve_plain(event.value) if event.implicit[0] else event.value
    if tag in {"!", "tag:yaml.org,2002:str"}:
        return event.value
    return _apply_tag(tag, event.value, _position(event.start_mark))


def _check_node(event: Any) -> None:
    """Anchors and object-building tags are refused wherever they stand."""
    if event.anchor is not None:
        raise YamlProblem(
            f"anchors (&{event.anchor}) are not allowed in a brief; write the value out in full",
            _position(event.start_mark),
        )
    tag = event.tag
    if tag not in _PLAIN_TAGS:
        raise YamlProblem(
            f"the tag {tag} is not allowed: a brief is plain data (text, numbers, lists, mappings)",
            _position(event.start_mark),
        )
    fitting = _COLLECTION_TAGS.get(type(event))
    if fitting is not None and tag not in {None, "!", fitting[0]}:
        raise YamlProblem(
            f"the tag {_shown_tag(tag)} does not fit {fitting[1]}; only {_shown_tag(fitting[0])} does",
            _position(event.start_mark),
        )


def _shown_tag(tag: str) -> str:
    """A standard tag as it is written in a file: `!!map`, not `tag:yaml.org,2002:map`."""
    return tag.replace("tag:yaml.org,2002:", "!!", 1)


def read_document(text: str) -> Document:
    """Build the data of the single YAML document in `text`.

    Raises `YamlProblem` for anything the format refuses and `yaml.YAMLError` for syntax errors.
    The garbage collector is paused meanwhile: building a large tree of new containers otherwise
    spends about half its time in needless collections.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(text)
    finally:
        if was_enabled:
            gc.enable()


def _build(text: str) -> Document:
    loader = _Loader(text)
    item_lines: dict[int, int] = {}
    # Each frame: [container, pending key or _NO_KEY, `x-` keys seen or None]
    stack: list[list[Any]] = []
    root: Any = None
    have_root = False
    documents = 0
    try:
        while True:
            event = loader.get_event()
            if event is None:
                break
            kind = type(event)
            if kind is ScalarEvent:
                value: Any = _scalar(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                _check_node(event)
                container: Any = {} if kind is MappingStartEvent else []
                if len(stack) == 2 and kind is MappingStartEvent:
                    item_lines[id(container)] = event.start_mark.line + 1
                _add(stack, container, event)
                stack.append([container, _NO_KEY, None])
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                if not stack:
                    root, have_root = frame[0], True
                continue
            elif kind is AliasEvent:
                raise YamlProblem(
                    f"aliases (*{event.anchor}) are not allowed in a brief; write the value out in full",
                    _position(event.start_mark),
                )
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        "a brief is one YAML document, but a second document starts here",
                        _position(event.start_mark),
                    )
                continue
            else:
                continue
            if not stack:
                root, have_root = value, True
                continue
            _add(stack, value, event)
    finally:
        loader.dispose()
    return Document(root if have_root else None, item_lines)


def scalar_spans(text: str, until: Position | None = None) -> list[tuple[Position, Position]]:
    """Where each scalar of `text` (a file `read_document` has read) starts and ends, as 1-based
    (line, column) pairs, in the order of the file: what is inside one is text, not a comment.
    With `until`, the pass ends at the first scalar that starts after that place."""
    loader = _Loader(text)
    spans = []
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, ScalarEvent):
                start, end = event.start_mark, event.end_mark
                spans.append(((start.line + 1, start.column + 1), (end.line + 1, end.column + 1)))
                if until is not None and spans[-1][0] > until:
                    break
    finally:
        loader.dispose()
    return spans


def places(text: str, paths: Iterable[DataPath]) -> dict[DataPath, Place]:
    """Where the nodes at `paths` stand in `text`, a file `read_document` has read without error.

    One pass over libyaml's events that builds no data: only the containers on the way to a
    wanted node are followed, key by key; every other subtree is skipped by counting its depth,
    and the pass ends as soon as the last wanted node is found. A path that names no node is
    left out of the answer."""
    wanted = set(paths)
    on_the_way = {path[:length] for path in wanted for length in range(len(path) + 1)}
    found: dict[DataPath, Place] = {}
    loader = _Loader(text)
    # Each frame: [its path, next list index or None for a mapping, pending key, the key's place]
    stack: list[list[Any]] = []
    skipping = 0
    try:
        while len(found) < len(wanted) and (event := loader.get_event()) is not None:
            kind = type(event)
            starts = kind is MappingStartEvent or kind is SequenceStartEvent
            if skipping:
                skipping += 1 if starts else -1 if kind is MappingEndEvent or kind is SequenceEndEvent else 0
                continue
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                continue
            if not (starts or kind is ScalarEvent):
                continue
            key_place: Position | None = None
            if not stack:
                if not starts:
                    break  # a file that is one value is wrong as a whole: its place is its start
                path: DataPath = ()
            elif stack[-1][1] is not None:
                frame = stack[-1]
                path, frame[1] = (*frame[0], frame[1]), frame[1] + 1
            elif stack[-1][2] is _NO_KEY:
                stack[-1][2:] = [_scalar(event), _position(event.start_mark)]
                continue
            else:
                frame = stack[-1]
                path, key_place = (*frame[0], frame[2]), frame[3]
                frame[2] = _NO_KEY
            if path in wanted:
                found[path] = Place(key_place, _position(event.start_mark))
            if starts:
                if path in on_the_way:
                    stack.append([path, 0 if kind is SequenceStartEvent else None, _NO_KEY, None])
                else:
                    skipping = 1
    finally:
        loader.dispose()
    return found


class _NoKey:
    """Marks a mapping frame that is waiting for a key, not a value."""


_NO_KEY = _NoKey()


def _add(stack: list[list[Any]], value: Any, event: Any) -> None:
    """Put `value` into the innermost open container: as a list item, a key, or a key's value."""
    if not stack:
        return
    frame = stack[-1]
    container = frame[0]
    if type(container) is list:
        container.append(value)
        return
    key = frame[1]
    if key is _NO_KEY:
        if type(value) is dict or type(value) is list:
            raise YamlProblem(
                "a key must be a single word or text, not a list or a mapping", _position(event.start_mark)
            )
        if value != value:  # noqa: PLR0124 - NaN: a key no lookup can find again, not even by position
            raise YamlProblem("a key must be a single word or text, not .nan", _position(event.start_mark))
        if value in container or (
            type(value) is str and value.startswith("x-") and _seen_extra(frame, value)
        ):
            raise YamlProblem(
                f"the key {_show_key(value)} appears twice in this mapping", _position(event.start_mark)
            )
        frame[1] = value
        return
    frame[1] = _NO_KEY
    if type(key) is str and key.startswith("x-"):
        return  # the user's own fields: accepted and ignored
    container[key] = value


def _seen_extra(frame: list[Any], key: str) -> bool:
    """`x-` keys are not stored, so their duplicates are tracked apart."""
    if frame[2] is None:
        frame[2] = set()
    seen: set[str] = frame[2]
    if key in seen:
        return True
    seen.add(key)
    return False


def _show_key(key: Any) -> str:
    return f"`{key}`" if isinstance(key, str) else repr(key)


def _apply_tag(tag: str, raw: str, position: Position) -> Any:
    """The few standard tags a plain-data file may use (`!!str 2025`, `!!int "3"`)."""
    if tag == "tag:yaml.org,2002:null":
        return None
    resolved = _resolve_plain(raw)
    expected = {
        "tag:yaml.org,2002:int": int,
        "tag:yaml.org,2002:float": float,
        "tag:yaml.org,2002:bool": bool,
    }.get(tag)
    if expected is None:
        raise YamlProblem(f"the tag {_shown_tag(tag)} does not fit a single value", position)
    if expected is float and type(resolved) is int:
        return float(resolved)
    if type(resolved) is not expected:
        raise YamlProblem(f"{raw!r} is not a valid value for the tag {_shown_tag(tag)}", position)
    return resolved


def _tab_before(text: str, line: int, column: int) -> bool:
    """libyaml's messages do not name the tab that broke the indentation; look at the line."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return False
    return "\t" in text[start : start + column + 1]


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _within(text: str, line: int, column: int) -> Position:
    """libyaml puts the end of a stream that lacks a final line break on a line after the last
    one; editors cannot jump there, so such a position becomes the end of the last line."""
    if line <= text.count("\n") + 1:
        return line, column
    lines, last_start = 1, 0
    for found in _LINE_BREAK.finditer(text):
        lines, last_start = lines + 1, found.end()
    if line <= lines:
        return line, column
    return lines, len(text) - last_start + 1


def syntax_position(error: yaml.YAMLError, text: str) -> tuple[str, Position]:
    """A readable message and position for one of PyYAML's own errors."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        parts = [part for part in (error.context, error.problem) if part]
        message = "; ".join(parts) if parts else "invalid YAML"
        if "\\t" in message or _tab_before(text, mark.line, mark.column):
            message += " (YAML does not allow tabs for indentation; use spaces)"
        return f"YAML syntax error: {message}", _within(text, mark.line + 1, mark.column + 1)
    if isinstance(error, yaml.reader.ReaderError):
        index = error.position
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        return (
            f"the character U+{error.character:04X} is not allowed in a YAML file",
            (line, column),
        )
    return f"YAML error: {error}", (1, 1)
