"""`briefing schema`: a valid draft 2020-12 JSON Schema that accepts the briefs the loader accepts,
rejects broken ones, allows the user's `x-` keys, and matches the copy shipped in the package.

Briefs are read as plain data the way an editor reads them (YAML 1.2, dates as strings), with
`briefing.yamlread.read_document`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from briefing.loader import load_text
from briefing.schema import SCHEMA_FILE
from briefing.yamlread import read_document

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = sorted((ROOT / "briefs").glob("*.yaml"))

BRIEF = """\
briefing: 1
id: schema-test
title: Schema test
as_of: 2025-11-19
language: fr
summary: A **summary**.
tags: [a, b]
sources:
  - id: axios
    name: Axios
    kind: outlet
    url: https://www.axios.com/
    reliability: B
actors:
  - id: us
    name: United States
    kind: state
    group: US
  - id: witkoff
    name: Steve Witkoff
    role: envoy
    affiliation: us
    aliases: [Steeve Witkoff]
events:
  - id: report
    date: 2025-11-18/2025-11-20
    title: A report
    actors: [witkoff]
    sources: [axios]
    status: confirmed
    credibility: 2
statements:
  - id: said
    actor: witkoff
    kind: quote
    quote: Bonjour
    lang: fr
    translation: Hello
    date: 2025-11~
    event: report
    source: axios
  - id: silent
    actor: us
    kind: declined
questions:
  - id: why
    question: Why?
    status: answered
    answer: Because.
    actors: [witkoff]
    events: [report]
    sources: [axios]
"""


@pytest.fixture(scope="module")
def printed() -> str:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "schema"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0
    assert result.stderr == ""
    return result.stdout


@pytest.fixture(scope="module")
def validator(printed: str) -> Draft202012Validator:
    schema = json.loads(printed)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def data_of(text: str) -> Any:
    return read_document(text).data


def test_schema_is_draft_2020_12(printed: str) -> None:
    schema = json.loads(printed)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_shipped_copy_equals_the_printed_schema(printed: str) -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == printed


def test_every_field_has_a_description(printed: str) -> None:
    schema = json.loads(printed)
    for name, definition in schema["$defs"].items():
        assert definition.get("description"), name
        for field, spec in definition["properties"].items():
            assert spec.get("description"), f"{name}.{field}"


def test_no_null_defaults_for_editors_to_insert(printed: str) -> None:
    """yaml-language-server completes a key with its default: `role: null` is noise to delete."""
    schema = json.loads(printed)
    for name, definition in schema["$defs"].items():
        for field, spec in definition["properties"].items():
            assert spec.get("default", "absent") is not None, f"{name}.{field}"


def test_the_brief_lists_are_described_as_items_not_ids(printed: str) -> None:
    brief = json.loads(printed)["$defs"]["Brief"]["properties"]
    for section in ("sources", "actors", "events", "statements", "questions"):
        assert not brief[section]["description"].startswith("Ids"), section
    question = json.loads(printed)["$defs"]["Question"]["properties"]
    assert question["actors"]["description"] == "Ids of the actors concerned."


@pytest.mark.parametrize("path", BUNDLED, ids=[path.name for path in BUNDLED])
def test_bundled_brief_is_valid(validator: Draft202012Validator, path: Path) -> None:
    errors = list(validator.iter_errors(data_of(path.read_text(encoding="utf-8"))))
    assert errors == []


def test_complete_brief_is_valid(validator: Draft202012Validator) -> None:
    assert list(validator.iter_errors(data_of(BRIEF))) == []


def test_complete_brief_also_loads() -> None:
    """The schema's reference brief is one the loader accepts: the two agree on what is valid."""
    assert load_text(BRIEF).ok


def test_x_keys_are_allowed(validator: Draft202012Validator) -> None:
    """The reader drops `x-` keys, so they are put back into the plain data by hand here."""
    data = data_of(BRIEF)
    data["x-editor"] = {"name": "jane", "nested": [1, 2]}
    data["sources"][0]["x-paywall"] = True
    data["actors"][1]["x-born"] = "1957"
    data["events"][0]["x-checked"] = None
    data["statements"][0]["x-audio"] = "https://example.com/a.mp3"
    data["questions"][0]["x-priority"] = 1
    assert list(validator.iter_errors(data)) == []
    data["sources"][0]["y-paywall"] = True
    assert list(validator.iter_errors(data))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: Schema test", "titel: Schema test"),
        ("    kind: outlet", "    knd: outlet"),
        ("    quote: Bonjour", "    qoute: Bonjour"),
        ("title: Schema test", "title: Schema test\nX-editor: jane"),
        ("    kind: outlet", "    kind: blog"),
        ("    kind: state", "    kind: country"),
        ("    status: confirmed", "    status: rumour"),
        ("    kind: quote", "    kind: tweet"),
        ("    status: answered", "    status: closed"),
        ("    reliability: B", "    reliability: G"),
        ("    credibility: 2", "    credibility: 7"),
        ("title: Schema test\n", ""),
        ("as_of: 2025-11-19\n", ""),
        ("briefing: 1\n", ""),
        ("briefing: 1", "briefing: 2"),
        ("    name: Axios\n", ""),
        ("    title: A report\n", ""),
        ("    actor: witkoff\n    kind: quote", "    kind: quote"),
        ("    question: Why?\n", ""),
        ("  - id: axios", "  - id: Axios"),
        ("  - id: axios", f"  - id: {'a' * 65}"),
        ("  - id: axios", "  - id: ax.ios"),
        ("    actors: [witkoff]\n    sources", "    actors: [Witkoff]\n    sources"),
        ("    url: https://www.axios.com/", "    url: ftp://axios.com/"),
        ("    url: https://www.axios.com/", "    url: 'javascript:alert(1)'"),
        ("language: fr", "language: french"),
        ("as_of: 2025-11-19", "as_of: 19/11/2025"),
        ("    date: 2025-11-18/2025-11-20", "    date: last week"),
        ("    date: 2025-11~", "    date: 2025-11-18/2025-11-20"),
        ("tags: [a, b]", "tags: a"),
        ("title: Schema test", "title: [a]"),
    ],
    ids=[
        "unknown-top-key",
        "unknown-source-key",
        "unknown-statement-key",
        "capital-x-key",
        "source-kind",
        "actor-kind",
        "event-status",
        "statement-kind",
        "question-status",
        "reliability",
        "credibility",
        "missing-title",
        "missing-as_of",
        "missing-marker",
        "wrong-marker",
        "missing-source-name",
        "missing-event-title",
        "missing-statement-actor",
        "missing-question",
        "id-upper-case",
        "id-too-long",
        "id-bad-character",
        "reference-not-an-id",
        "url-ftp",
        "url-javascript",
        "language",
        "date-format",
        "event-date-format",
        "statement-date-interval",
        "tags-not-list",
        "title-not-text",
    ],
)
def test_broken_brief_is_rejected(validator: Draft202012Validator, old: str, new: str) -> None:
    assert BRIEF.count(old) == 1
    data = data_of(BRIEF.replace(old, new))
    assert list(validator.iter_errors(data)), "the schema accepted a broken brief"
