"""`briefing check` on hostile briefs, generated (hypothesis): whatever the names, labels, quotes,
`x-check` values, ignore comments and file names hold, the check never raises, every warning and
error has a place (line and column from 1), the SARIF document is valid SARIF 2.1.0 (the official
schema), and no output carries a character `clean()` would replace."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.check_command import sarif
from briefing.loader import load_bytes
from briefing.quality import RULES, check
from briefing.text import _UNSAFE, json_text

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))
FORMATS = jsonschema.FormatChecker()
"""jsonschema checks `uri` and `uri-reference` only with an optional package (not installed here):
without these two, an artifact's `uri` holding a space or a raw `%` would pass."""
_URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")


@FORMATS.checks("uri-reference")
def _uri_reference(value: object) -> bool:
    """RFC 3986's characters, `%` only before two hex digits."""
    return not isinstance(value, str) or _URI_REFERENCE.fullmatch(value) is not None


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    """A URI reference with a scheme."""
    return not isinstance(value, str) or bool(
        re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", value) and _uri_reference(value)
    )


VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=FORMATS)
"""The official SARIF 2.1.0 schema, with its URI formats checked."""

HOSTILE = st.sampled_from(
    [
        "\x1b[31m",
        "\x1b]8;;http://x\x07",
        "\x1b]52;c;cHduZWQ=\x07",
        "\u202e",
        "\x00",
        "\x9b",
        "[bold]",
        "[/]",
        "[@click=app.quit]",
        "\n",
        "\r\n",
        "'",
        '"',
        "\\",
        "#",
        "# briefing: ignore[unsourced]",
        "]",
        ",",
        ":",
        "%",
        "é",
        "\ud800",
        "\U0001f600",
        "A",
        "x" * 300,
    ]
)
PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=4)
TEXT = st.lists(st.one_of(HOSTILE, PRINTABLE, st.text(max_size=2)), min_size=1, max_size=6).map("".join)
RULE_ID = st.one_of(st.sampled_from(list(RULES)), TEXT)
IGNORED = st.one_of(
    st.lists(st.one_of(RULE_ID, st.integers(), st.none(), st.booleans(), st.floats()), max_size=5),
    st.integers(),
    st.none(),
    TEXT,
    st.dictionaries(TEXT, TEXT, max_size=2),
)
FILE_NAME = st.tuples(
    st.sampled_from([b"", b"/tmp/", b"briefs/", b"//x/"]),
    st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\x00" not in b),
).map(b"".join)


def scalar(text: str) -> str:
    """`text` as a YAML double-quoted scalar: JSON's escapes for C0 controls are YAML's; every
    other character is written as itself (a control the loader refuses, a lone surrogate that is no
    UTF-8: each an error with its place)."""
    return json.dumps(text, ensure_ascii=False)


def hostile_brief(*, name: str, group: str, quote: str, source: str, ignored: Any, comment: str) -> str:
    return f"""\
briefing: 1
title: {scalar(name)}
as_of: 2025-11-19
language: fr
x-check: {{ignore: {json.dumps(ignored)}}}
sources:
  - id: afp  # briefing: ignore[{comment}]
    name: {scalar(source)}
    url: https://example.org/a
  - id: afp2
    name: {scalar(source.upper())}
    url: https://example.org/b
actors:
  - id: a
    name: {scalar(name)}
    group: {scalar(group)}
    affiliation: b
  - id: b
    name: {scalar(name.casefold())}
    group: {scalar(group.upper())}
    affiliation: a
statements:
  - id: said
    actor: a
    quote: {scalar(quote)}
    lang: ru
    source: afp
  - id: said-again
    actor: b
    quote: {scalar(quote)}
    lang: ru
events:
  - id: e
    date: 2025-12-18
    title: {scalar(name)}
    status: confirmed
    actors: [a]
    sources: [afp]
questions:
  - id: q
    question: {scalar(quote)}
    events: [e]
"""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fields=st.fixed_dictionaries(
        {
            "name": TEXT,
            "group": TEXT,
            "quote": TEXT,
            "source": TEXT,
            "ignored": IGNORED,
            "comment": TEXT.map(lambda text: text.replace("\n", " ")),
        }
    ),
    file_name=FILE_NAME,
)
def test_any_brief_gives_placed_warnings_and_valid_sarif(fields: dict[str, Any], file_name: bytes) -> None:
    path = os.fsdecode(file_name)
    text = hostile_brief(**fields)
    result = load_bytes(text.encode("utf-8", "surrogatepass"), path)
    warnings, errors = [], list(result.errors)
    if result.loaded is not None:
        report = check(result.loaded, text)
        warnings, errors = report.warnings, [*errors, *report.errors]
    for found in [*warnings, *errors]:
        assert found.line >= 1 and found.column >= 1, found
    document = json_text(sarif(warnings, errors))
    assert _UNSAFE.search(document) is None
    VALIDATOR.validate(json.loads(document))
