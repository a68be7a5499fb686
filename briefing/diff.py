"""What changed between two versions of a brief, matched by id, in the words of the story.

Pure: two validated briefs in, a list of `Change` out. Generic YAML diffs see an edited or moved
list entry as a deletion plus an addition; every item of a brief has an id, so here the match is
exact. The order of items in a list carries no meaning (the timeline is sorted by date), nor does
the order of a list of ids or tags, so neither is a change. An item whose id changed and nothing
else is a rename, and references to it that follow the rename are not changes either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import msgspec

from briefing.dates import EventDate, FlexDate
from briefing.describe import attribution
from briefing.index import BriefIndex
from briefing.model import SECTIONS, Actor, Brief, Event, Item, Question, Source, Statement, to_builtins

DIFF_FORMAT_VERSION = 1
"""The version of `briefing diff --format json`; raised only when a key changes meaning."""

NOUNS = {
    "sources": "source",
    "actors": "actor",
    "events": "event",
    "statements": "statement",
    "questions": "question",
}
SYMBOLS = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}
"""Each kind of change reads without colour: the symbol carries it, a colour may repeat it."""
BRIEF_FIELDS = ("title", "as_of", "language", "summary", "tags")
"""The brief's own fields compared; not its `id`, which defaults to the file name: two copies of
one brief under other names (git's temporary files for a textconv) tell the same story."""
SET_FIELDS = frozenset({"tags", "aliases", "actors", "sources", "events"})
"""List fields whose order means nothing: adding, removing, not reordering, is a change."""
LONG_FIELDS = frozenset(
    {"summary", "notes", "answer", "quote", "translation", "context", "role", "title", "name", "question"}
)
"""Text too long to quote whole in a one-line sentence: said to have changed, values kept apart."""
REFERENCE_FIELDS = frozenset({"actor", "affiliation", "actors", "event", "events", "source", "sources"})


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one item, before and after (plain data; None when absent)."""

    field: str
    old: Any
    new: Any
    text: str
    """The change as a phrase: `status unverified → confirmed`, `role changed`, `tags + ceasefire`."""


@dataclass(frozen=True, slots=True)
class Change:
    """One item (or the brief itself) added, removed, renamed or changed."""

    kind: str
    """`added`, `removed`, `renamed` or `changed`."""
    section: str
    """`brief`, or the section the item is in: `sources`, `actors`, `events`, `statements`, `questions`."""
    id: str
    """The item's id (its new id for a rename)."""
    text: str
    """The change as a sentence in the words of the story."""
    old_id: str | None = None
    fields: tuple[FieldChange, ...] = ()


def diff(old: Brief, new: Brief) -> list[Change]:
    """Every change from `old` to `new`: the brief's own fields first, then each section in the
    format's order; within a section, items in the new file's order, then those removed."""
    old_index, new_index = BriefIndex(old), BriefIndex(new)
    changes = _brief_changes(old, new)
    pairs = [(section, getattr(old, section), getattr(new, section)) for section in SECTIONS]
    renames: dict[str, str] = {}
    matched: dict[str, tuple[dict[str, str], list[Item], list[Item]]] = {}
    for section, old_items, new_items in pairs:
        old_ids = {item.id for item in old_items}
        new_ids = {item.id for item in new_items}
        gone = [item for item in old_items if item.id not in new_ids]
        came = [item for item in new_items if item.id not in old_ids]
        section_renames = _renames(gone, came)
        renames.update(section_renames)
        matched[section] = (section_renames, gone, came)
    for section, old_items, new_items in pairs:
        section_renames, gone, came = matched[section]
        renamed_from = {new_id: old_id for old_id, new_id in section_renames.items()}
        before = {item.id: item for item in old_items}
        noun = NOUNS[section]
        for item in new_items:
            previous = before.get(item.id)
            if previous is not None:
                if previous != item and (fields := _field_changes(previous, item, renames)):
                    changes.append(
                        Change("changed", section, item.id, _changed_text(noun, item, fields), None, fields)
                    )
            elif (old_id := renamed_from.get(item.id)) is not None:
                changes.append(
                    Change("renamed", section, item.id, f"{noun} `{old_id}` renamed to `{item.id}`", old_id)
                )
            else:
                changes.append(Change("added", section, item.id, _added_text(new_index, item)))
        for item in gone:
            if item.id not in section_renames:
                changes.append(Change("removed", section, item.id, _removed_text(old_index, item)))
    return changes


def _brief_changes(old: Brief, new: Brief) -> list[Change]:
    fields = tuple(
        _field_change(name, getattr(old, name), getattr(new, name))
        for name in BRIEF_FIELDS
        if not _same(name, getattr(old, name), getattr(new, name), {})
    )
    return [
        Change("changed", "brief", new.id or old.id or "", field.text, None, (field,)) for field in fields
    ]


def _renames(gone: list[Item], came: list[Item]) -> dict[str, str]:
    """Old id → new id for items removed and added with identical content but for the id; when
    several are identical, they pair in file order."""
    if not gone or not came:
        return {}
    waiting: dict[bytes, list[str]] = {}
    for item in came:
        waiting.setdefault(_content_key(item), []).append(item.id)
    renames = {}
    for item in gone:
        candidates = waiting.get(_content_key(item))
        if candidates:
            renames[item.id] = candidates.pop(0)
    return renames


def _content_key(item: Item) -> bytes:
    return msgspec.json.encode(
        msgspec.structs.replace(item, id="x"), enc_hook=_text_of, order="deterministic"
    )


def _text_of(value: object) -> object:
    if isinstance(value, (FlexDate, EventDate)):
        return value.text
    raise NotImplementedError


def _field_changes(old: Item, new: Item, renames: Mapping[str, str]) -> tuple[FieldChange, ...]:
    """The fields that differ, once references to renamed items are followed."""
    return tuple(
        _field_change(name, getattr(old, name), getattr(new, name))
        for name in new.__struct_fields__
        if name != "id" and not _same(name, getattr(old, name), getattr(new, name), renames)
    )


def _same(name: str, old: Any, new: Any, renames: Mapping[str, str]) -> bool:
    if old == new:
        return True
    if name in REFERENCE_FIELDS and renames:
        old = [renames.get(value, value) for value in old] if isinstance(old, list) else renames.get(old, old)
        if old == new:
            return True
    if name in SET_FIELDS and isinstance(old, list) and isinstance(new, list):
        return sorted(old) == sorted(new)
    return False


def _field_change(name: str, old: Any, new: Any) -> FieldChange:
    old_plain, new_plain = to_builtins(old), to_builtins(new)
    return FieldChange(name, old_plain, new_plain, _field_text(name, old, new))


def _field_text(name: str, old: Any, new: Any) -> str:
    label = name.replace("_", " ")
    if isinstance(old, list) or isinstance(new, list):
        before, after = set(old or ()), set(new or ())
        added = [value for value in new or () if value not in before]
        removed = [value for value in old or () if value not in after]
        parts = [f"+ {', '.join(added)}"] if added else []
        parts += [f"− {', '.join(removed)}"] if removed else []
        return f"{label} {'; '.join(parts)}"
    if old is None:
        return f"{label} added" if name in LONG_FIELDS else f"{label} {_shown(new)} added"
    if new is None:
        return f"{label} removed"
    if name in LONG_FIELDS:
        return f"{label} changed"
    return f"{label} {_shown(old)} → {_shown(new)}"


def _shown(value: Any) -> str:
    if isinstance(value, (FlexDate, EventDate)):
        return value.display()
    return str(value)


def _changed_text(noun: str, item: Item, fields: tuple[FieldChange, ...]) -> str:
    """`event `miami-meeting`: status unverified → confirmed`; a question answered says so."""
    if isinstance(item, Question) and item.status == "answered" and any(f.field == "status" for f in fields):
        rest = "; ".join(field.text for field in fields if field.field not in ("status", "answer"))
        answered = f"question `{item.id}` answered: {_one_line(item.answer or '')}"
        return f"{answered}; {rest}" if rest else answered
    return f"{noun} `{item.id}`: " + "; ".join(field.text for field in fields)


def _added_text(index: BriefIndex, item: Item) -> str:
    return f"new {_description(index, item)}"


def _removed_text(index: BriefIndex, item: Item) -> str:
    return f"removed {_description(index, item)}"


def _description(index: BriefIndex, item: Item) -> str:
    """An item as the story names it: `statement `x` by Dmitry Peskov (quote, fr)`."""
    if isinstance(item, Statement):
        language = item.lang or index.brief.language
        return f"statement `{item.id}` by {attribution(index, item)} ({item.kind}, {language})"
    if isinstance(item, Event):
        return f"event `{item.id}` ({item.date.display()}): {_one_line(item.title)}"
    if isinstance(item, Question):
        return f"question `{item.id}`: {_one_line(item.question)}"
    if isinstance(item, (Actor, Source)):
        noun = "actor" if isinstance(item, Actor) else "source"
        return f"{noun} `{item.id}`: {_one_line(item.name)}"
    raise TypeError(type(item).__name__)  # pragma: no cover - SECTIONS lists every item type


def _one_line(text: str, limit: int = 120) -> str:
    joined = " ".join(text.split())
    return joined if len(joined) <= limit else joined[: limit - 1] + "…"


def as_data(changes: Iterable[Change], old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """The `--format json` document (docs/diff.md): stable keys, plain data, one change a row."""
    rows = [change_row(change) for change in changes]
    return {
        "diff_format": DIFF_FORMAT_VERSION,
        "old": dict(old),
        "new": dict(new),
        "equal": not rows,
        "changes": rows,
    }


def change_row(change: Change) -> dict[str, Any]:
    """One change as plain data, a row of `changes` in the JSON of `briefing diff` and `briefing log`."""
    row: dict[str, Any] = {"kind": change.kind, "section": change.section, "id": change.id}
    if change.old_id is not None:
        row["old_id"] = change.old_id
    row["text"] = change.text
    row["fields"] = [{"field": f.field, "old": f.old, "new": f.new, "text": f.text} for f in change.fields]
    return row


def counts(changes: Iterable[Change]) -> str:
    """`2 added, 1 removed, 3 changed`: the kinds present, in a fixed order."""
    kinds = [change.kind for change in changes]
    tally = {kind: kinds.count(kind) for kind in SYMBOLS}
    return ", ".join(f"{number} {kind}" for kind, number in tally.items() if number)
