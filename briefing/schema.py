"""The JSON Schema (draft 2020-12) of the brief format, derived from the model.

Editors that use yaml-language-server validate and complete briefs against it. It is derived, not
written by hand, so it cannot drift from what the loader accepts; the copy shipped in the package
(`briefing/data/brief.schema.json`) is checked against it by a test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec

from briefing.dates import DATE_PATTERN, EXPECTED, SINGLE_DATE_PATTERN, EventDate, FlexDate
from briefing.model import Brief

SCHEMA_ID = "https://briefing.invalid/schema/brief-1.json"
SCHEMA_FILE = Path(__file__).parent / "data" / "brief.schema.json"

# Fields whose type alone carries no description get one here.
_DESCRIPTIONS = {
    "name": "The name, as it is usually written.",
    "notes": "Anything else worth knowing, in Markdown.",
    "place": "Where it happened.",
    "translation": "The words translated into the reader's language.",
    "question": "The question, in one sentence.",
    "actors": "Ids of the actors concerned.",
    "events": "Ids of the events concerned.",
    "sources": "Ids of the sources concerned.",
    "tags": "Free labels; search finds them.",
    "title": "The title, one line.",
    "summary": "A few paragraphs of Markdown.",
    "language": "The main language of the source material (BCP 47); default en.",
}


# The brief's own lists hold items, not ids.
_SECTION_DESCRIPTIONS = {
    "sources": "Where things were reported: outlets, agencies, official texts.",
    "actors": "Who acts or speaks: people, states, organisations, groups, media.",
    "events": "The timeline: what happened, when, and how far it is established.",
    "statements": "What actors said, reported saying, or declined to say.",
    "questions": "What is still open, answered or moot.",
}

# Rules between fields that JSON Schema can state (the loader's `check_rules` says the same).
_CONDITIONS = {
    "Statement": {
        "if": {"required": ["kind"], "properties": {"kind": {"const": "declined"}}},
        "else": {"required": ["quote"], "properties": {"quote": {"type": "string"}}},
    },
    "Question": {
        "if": {"required": ["status"], "properties": {"status": {"const": "answered"}}},
        "then": {"required": ["answer"], "properties": {"answer": {"type": "string", "minLength": 1}}},
    },
}

_YEAR = {"type": "integer", "minimum": 0, "maximum": 9999, "description": "A year written unquoted."}


def _hook(kind: type) -> dict[str, Any]:
    if kind is FlexDate:
        return {
            "anyOf": [{"type": "string", "pattern": SINGLE_DATE_PATTERN}, _YEAR],
            "description": f"A date: {EXPECTED}.",
        }
    if kind is EventDate:
        return {
            "anyOf": [{"type": "string", "pattern": DATE_PATTERN}, _YEAR],
            "description": f"A date ({EXPECTED}) or an interval START/END such as 2025-11-18/2025-11-20.",
        }
    raise NotImplementedError


def _ecmascript(node: Any) -> None:
    """Patterns as JSON Schema reads them (ECMAScript), in place: the model ends its patterns
    with Python's `\\Z`, the end of the text, which ECMAScript spells `$`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str) and value.endswith("\\Z"):
                node[key] = value.removesuffix("\\Z") + "$"
            else:
                _ecmascript(value)
    elif isinstance(node, list):
        for value in node:
            _ecmascript(value)


def build_schema() -> dict[str, Any]:
    """The schema as a mapping: every object closed except for the user's own `x-` keys."""
    schema: dict[str, Any] = msgspec.json.schema(Brief, schema_hook=_hook)
    _ecmascript(schema)
    for name, definition in schema["$defs"].items():
        definition["patternProperties"] = {"^x-": {"description": "Your own field: kept and ignored."}}
        definition.update(_CONDITIONS.get(name, {}))
        own = _SECTION_DESCRIPTIONS if name == "Brief" else {}
        for field, spec in definition["properties"].items():
            _complete(field, spec, own)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Brief (briefing format 1)",
        "description": "A brief: what is known about a developing story. See docs/format.md.",
        **schema,
    }


def _complete(field: str, spec: dict[str, Any], own: dict[str, str]) -> None:
    """Describe one property, as editors read it: a list key left empty is null in YAML and an
    empty list to the loader, and a `null` default would be inserted by editors on completion."""
    if spec.get("type") == "array":
        spec["type"] = ["array", "null"]
    if "default" in spec and spec["default"] is None:
        del spec["default"]
    inner = [option.get("description") for option in spec.get("anyOf", ()) if "description" in option]
    fallback = inner[0] if inner else _DESCRIPTIONS.get(field, f"The {field}.")
    spec["description"] = own.get(field) or spec.get("description", fallback)


def modeline() -> str:
    """The first line that makes yaml-language-server check a brief against the installed schema
    (what `briefing new` writes, and `briefing schema --modeline` prints for existing briefs)."""
    return f"# yaml-language-server: $schema={SCHEMA_FILE.resolve()}"


def schema_text() -> str:
    """The schema as it is printed and shipped: stable key order, two-space indent."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
