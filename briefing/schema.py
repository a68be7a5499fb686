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

from briefing.dates import DATE_PATTERN, EXPECTED, EventDate, FlexDate
from briefing.model import Brief

SCHEMA_ID = "https://briefing.invalid/schema/brief-1.json"
SCHEMA_FILE = Path(__file__).parent / "data" / "brief.schema.json"

_SINGLE_DATE = DATE_PATTERN.split("(/", 1)[0] + "$"

# Fields whose type alone carries no description get one here.
_DESCRIPTIONS = {
    "name": "The name, as it is usually written.",
    "notes": "Anything else worth knowing, in Markdown.",
    "place": "Where it happened.",
    "translation": "The words translated into the reader's language.",
    "question": "The question, in one sentence.",
    "actors": "Ids of the actors concerned.",
    "events": "Ids of the events concerned.",
    "sources": "The sources of the brief, or ids of the sources concerned.",
    "statements": "What actors said, reported saying, or declined to say.",
    "questions": "What is still open.",
    "tags": "Free labels; search finds them.",
    "title": "The title, one line.",
    "summary": "A few paragraphs of Markdown.",
    "language": "The main language of the source material (BCP 47); default en.",
}


_YEAR = {"type": "integer", "minimum": 0, "maximum": 9999, "description": "A year written unquoted."}


def _hook(kind: type) -> dict[str, Any]:
    if kind is FlexDate:
        return {
            "anyOf": [{"type": "string", "pattern": _SINGLE_DATE}, _YEAR],
            "description": f"A date: {EXPECTED}.",
        }
    if kind is EventDate:
        return {
            "anyOf": [{"type": "string", "pattern": DATE_PATTERN}, _YEAR],
            "description": f"A date ({EXPECTED}) or an interval START/END such as 2025-11-18/2025-11-20.",
        }
    raise NotImplementedError


def build_schema() -> dict[str, Any]:
    """The schema as a mapping: every object closed except for the user's own `x-` keys."""
    schema: dict[str, Any] = msgspec.json.schema(Brief, schema_hook=_hook)
    for definition in schema["$defs"].values():
        definition["patternProperties"] = {"^x-": {"description": "Your own field: kept and ignored."}}
        for name, spec in definition["properties"].items():
            inner = [option.get("description") for option in spec.get("anyOf", ()) if "description" in option]
            spec.setdefault("description", inner[0] if inner else _DESCRIPTIONS.get(name, f"The {name}."))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Brief (briefing format 1)",
        "description": "A brief: what is known about a developing story. See docs/format.md.",
        **schema,
    }


def schema_text() -> str:
    """The schema as it is printed and shipped: stable key order, two-space indent."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
