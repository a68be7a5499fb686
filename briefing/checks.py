"""Every check of the brief format, as problems with a path into the data.

The msgspec model decides types, enums, defaults and required keys; `check_structure` walks the
data field by field against it so that *every* problem is found (msgspec alone stops at the
first), with messages a person understands. `check_rules` adds what spans items: unique ids,
references, answers for answered questions, words for quotes. Paths are turned into lines and
columns by the loader.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import msgspec

from briefing.dates import EXPECTED as DATE_EXPECTED
from briefing.dates import EventDate, FlexDate
from briefing.describe import a_or_an
from briefing.model import FORMAT_VERSION, ID_PATTERN, LANG_PATTERN, SECTIONS, URL_PATTERN, Brief, decode_hook
from briefing.suggest import Suggester

Path = tuple[str | int, ...]
Target = Literal["value", "key", "mapping"]

_ITEM_NAMES = {
    Brief: "brief",
    **{kind: name[:-1] for name, kind in SECTIONS.items()},
}
_PATTERN_EXPECTED = {
    ID_PATTERN: "an id (lower-case letters, digits, - and _, starting with a letter or digit, "
    "at most 64 characters)",
    LANG_PATTERN: "a language tag such as fr, en or pt-BR",
    URL_PATTERN: "an http or https address, without spaces or control characters "
    "(other schemes are not allowed)",
}

# What each reference key must name, by the type of item that holds it.
REFERENCES: dict[str, dict[str, str]] = {
    "actors": {"affiliation": "actors"},
    "events": {"actors": "actors", "sources": "sources"},
    "statements": {"actor": "actors", "event": "events", "source": "sources"},
    "questions": {"actors": "actors", "events": "events", "sources": "sources"},
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule: where (a path into the data, and which part of the node) and what."""

    path: Path
    message: str
    target: Target = "value"


def _unwrap(kind: Any) -> tuple[Any, tuple[Any, ...]]:
    """Strip `Annotated` and `| None`, returning the bare type and its metadata."""
    metas: tuple[Any, ...] = ()
    while True:
        origin = typing.get_origin(kind)
        if origin is Annotated:
            kind, *extra = typing.get_args(kind)
            metas += tuple(extra)
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
            kind = options[0]
        else:
            return kind, metas


def expected(kind: Any) -> str:
    """How a person would say what a value of this type must be."""
    bare, metas = _unwrap(kind)
    for meta in metas:
        pattern = getattr(meta, "pattern", None)
        if pattern in _PATTERN_EXPECTED:
            return _PATTERN_EXPECTED[pattern]
    origin = typing.get_origin(bare)
    if origin is Literal:
        values = typing.get_args(bare)
        if all(isinstance(value, int) for value in values):
            return f"a whole number from {min(values)} to {max(values)}"
        return "one of " + ", ".join(f"`{value}`" for value in values)
    if origin is list:
        (inner,) = typing.get_args(bare)
        inner_bare, inner_metas = _unwrap(inner)
        if any(getattr(meta, "pattern", None) == ID_PATTERN for meta in inner_metas):
            return "a list of ids, such as [witkoff, peskov]"
        if isinstance(inner_bare, type) and issubclass(inner_bare, msgspec.Struct):
            return f"a list of {_ITEM_NAMES[inner_bare]}s, each item starting with `- `"
        return "a list of text, such as [ukraine, russia]"
    if bare in (FlexDate, EventDate):
        return DATE_EXPECTED
    if bare is str:
        return "text"
    return getattr(bare, "__name__", str(bare))


def describe(value: Any) -> str:
    """A short description of what was found, for messages."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the yes/no value `{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _value_problem(key: str, kind: Any, value: Any, error: msgspec.ValidationError) -> str:
    bare, _ = _unwrap(kind)
    if bare in (FlexDate, EventDate) and isinstance(value, str):
        # The date parser's own message says exactly what is wrong with the date.
        return f"`{key}`: {str(error).rsplit(' - at ', 1)[0]}"
    message = f"`{key}` must be {expected(kind)}, not {describe(value)}"
    if bare is str and isinstance(value, (int, float, bool)):
        message += " (put it in quotes to make it text)"
    return message


def _list_fields(kind: type[msgspec.Struct]) -> tuple[str, ...]:
    return tuple(
        info.encode_name
        for info in msgspec.structs.fields(kind)
        if typing.get_origin(_unwrap(info.type)[0]) is list
    )


_LIST_FIELDS = {kind: _list_fields(kind) for kind in (Brief, *SECTIONS.values())}


def fill_empty_lists(data: Any) -> bool:
    """Turn list keys left empty (`tags:` with nothing after it) into empty lists; say if any were."""
    if not isinstance(data, dict):
        return False
    changed = False
    for name in _LIST_FIELDS[Brief]:
        if name in data and data[name] is None:
            data[name] = []
            changed = True
    for section, kind in SECTIONS.items():
        names = _LIST_FIELDS[kind]
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for item in items:
            if isinstance(item, dict):
                for name in names:
                    if name in item and item[name] is None:
                        item[name] = []
                        changed = True
    return changed


def check_structure(data: Any) -> list[Problem]:
    """Every problem of shape: unknown and missing keys, wrong types, bad values."""
    if not isinstance(data, dict):
        found = "nothing" if data is None else describe(data)
        return [
            Problem(
                (),
                "a brief is a mapping of keys such as briefing, title and as_of, "
                f"but this file holds {found}",
            )
        ]
    marker = data.get("briefing")
    if "briefing" not in data:
        return [
            Problem(
                (),
                "this is not a brief: the `briefing: 1` line that marks one is missing",
                "mapping",
            )
        ]
    if marker != FORMAT_VERSION:
        return [
            Problem(
                ("briefing",),
                f"`briefing` must be {FORMAT_VERSION}, the version of the format this program reads, "
                f"not {describe(marker)}",
            )
        ]
    problems: list[Problem] = []
    _check_struct(data, Brief, (), problems, hints=Suggester())
    return problems


@functools.cache
def _fields(kind: type[msgspec.Struct]) -> dict[str, msgspec.structs.FieldInfo]:
    """A struct's fields by key, looked up once per type: msgspec evaluates the annotations
    again on every call, which cost 3 ms per item (40 s for a brief of 10,000 statements)."""
    return {info.encode_name: info for info in msgspec.structs.fields(kind)}


def _check_struct(
    data: dict[Any, Any], kind: type[msgspec.Struct], path: Path, problems: list[Problem], *, hints: Suggester
) -> None:
    fields = _fields(kind)
    name = _ITEM_NAMES[kind]
    for key, value in data.items():
        info = fields.get(key)
        if info is None:
            problems.append(Problem((*path, key), _unknown_key(key, name, list(fields), hints), "key"))
            continue
        _check_value(key, value, info.type, (*path, key), problems, hints=hints)
    for key, info in fields.items():
        required = info.default is msgspec.NODEFAULT and info.default_factory is msgspec.NODEFAULT
        if required and key not in data:
            problems.append(Problem(path, f"this {name} has no `{key}`, which is required", "mapping"))


def _check_value(
    key: str, value: Any, kind: Any, path: Path, problems: list[Problem], *, hints: Suggester
) -> None:
    bare, _ = _unwrap(kind)
    if typing.get_origin(bare) is list:
        (inner,) = typing.get_args(bare)
        inner_bare, _ = _unwrap(inner)
        if isinstance(inner_bare, type) and issubclass(inner_bare, msgspec.Struct):
            if not isinstance(value, list):
                problems.append(Problem(path, f"`{key}` must be {expected(kind)}, not {describe(value)}"))
                return
            item_name = _ITEM_NAMES[inner_bare]
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    if not _converts(item, inner_bare):  # only a broken item is walked key by key
                        _check_struct(item, inner_bare, (*path, index), problems, hints=hints)
                else:
                    problems.append(
                        Problem(
                            (*path, index),
                            f"each item of `{key}` must be a mapping describing one {item_name} "
                            f"(keys such as id and {_first_required(inner_bare)}), not {describe(item)}",
                        )
                    )
            return
        if isinstance(value, list):
            for index, item in enumerate(value):
                try:
                    msgspec.convert(item, inner, dec_hook=decode_hook)
                except msgspec.ValidationError:
                    problems.append(
                        Problem(
                            (*path, index),
                            f"each item of `{key}` must be {expected(inner)}, not {describe(item)}",
                        )
                    )
            return
    try:
        msgspec.convert(value, kind, dec_hook=decode_hook)
    except msgspec.ValidationError as error:
        problems.append(Problem(path, _value_problem(key, kind, value, error)))


def _converts(item: dict[Any, Any], kind: type[msgspec.Struct]) -> bool:
    """Whether an item is valid as it stands: one call, where the walk would check every key."""
    try:
        msgspec.convert(item, kind, dec_hook=decode_hook)
    except (msgspec.ValidationError, TypeError, ValueError):
        return False
    return True


def _first_required(kind: type[msgspec.Struct]) -> str:
    for info in msgspec.structs.fields(kind):
        if (
            info.name != "id"
            and info.default is msgspec.NODEFAULT
            and info.default_factory is msgspec.NODEFAULT
        ):
            return info.name
    return "name"


def _unknown_key(key: Any, item_name: str, known: list[str], hints: Suggester) -> str:
    if not isinstance(key, str):
        return f"keys must be text, not {describe(key)}"
    close = hints.closest(key, f"keys of {item_name}", lambda: known)
    hint = f" (did you mean `{close}`?)" if close else f"; {a_or_an(item_name)} has: {', '.join(known)}"
    return f"unknown key `{key}` in this {item_name}{hint}. Your own fields may start with `x-`"


def _items(data: dict[Any, Any], section: str) -> Iterator[tuple[int, dict[Any, Any]]]:
    value = data.get(section)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def check_rules(data: Any) -> list[Problem]:
    """The rules that span items: unique ids, references, answers and quotes present.

    Written for the valid brief, which is the usual one: per item a dictionary lookup or two,
    and a path or message built only for a problem (10,000 statements: ≈25 ms, was ≈100)."""
    if not isinstance(data, dict) or data.get("briefing") != FORMAT_VERSION:
        return []
    problems: list[Problem] = []
    hints = Suggester()
    kinds: dict[str, str] = {}
    """Every id, and the kind of item that holds it."""
    top_id = data.get("id")
    if isinstance(top_id, str):
        kinds[top_id] = "brief"
    for section in SECTIONS:
        kind = section[:-1]
        for index, item in _items(data, section):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in kinds:
                owner = kinds[item_id]
                problems.append(
                    Problem(
                        (section, index, "id"),
                        f"the id `{item_id}` is already used by {_article(owner)} {owner}; "
                        "ids are unique across the whole brief",
                    )
                )
            else:
                kinds[item_id] = kind
    for section, references in REFERENCES.items():
        keys = [(key, target[:-1]) for key, target in references.items()]
        for index, item in _items(data, section):
            for key, wanted in keys:
                value = item.get(key)
                if value is None:
                    continue
                if isinstance(value, list):
                    for position, reference in enumerate(value):
                        if isinstance(reference, str) and kinds.get(reference) != wanted:
                            message = _reference_problem(key, reference, wanted, kinds, hints)
                            problems.append(Problem((section, index, key, position), message))
                elif isinstance(value, str) and kinds.get(value) != wanted:
                    problems.append(
                        Problem((section, index, key), _reference_problem(key, value, wanted, kinds, hints))
                    )
    for index, item in _items(data, "statements"):
        if item.get("quote") is None and item.get("kind", "quote") != "declined":
            kind = item.get("kind", "quote")
            problems.append(
                Problem(
                    ("statements", index),
                    f"this {kind if isinstance(kind, str) else 'quote'} has no `quote`: "
                    "give the words in their "
                    "original language, or set `kind: declined` if the actor declined to comment",
                    "mapping",
                )
            )
    for index, item in _items(data, "questions"):
        if item.get("status") == "answered" and not item.get("answer"):
            problems.append(Problem(("questions", index, "status"), "an answered question needs an `answer`"))
    return problems


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _reference_problem(key: str, reference: str, wanted: str, kinds: dict[str, str], hints: Suggester) -> str:
    """Why `reference` (under `key`) does not name an item of the `wanted` kind."""
    owner = kinds.get(reference)
    if owner is not None:
        return (
            f"`{reference}` is {_article(owner)} {owner}, but `{key}` must name {_article(wanted)} {wanted}"
        )
    close = hints.closest(reference, wanted, lambda: (name for name, kind in kinds.items() if kind == wanted))
    hint = f" (did you mean `{close}`?)" if close else ""
    return f"`{reference}` is not the id of any {wanted} in this brief{hint}"
