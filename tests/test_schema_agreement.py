"""The JSON Schema and `briefing validate` agree: a table of briefs, each with both verdicts.

Editors validate a brief against `briefing schema` while the program validates it with the
loader; a brief one calls valid and the other not is either marked red while it loads, or looks
fine in the editor and fails in the program. Each variant says what each of the two must answer.
Where JSON Schema cannot express a rule (references between items, unique ids, 29 February, the
order of an interval's ends, 1.0 being a number but not an integer to the loader), the variant is
listed as "schema accepts, program refuses" with the reason.

The schema side reads the YAML as yaml-language-server does (YAML 1.2 core schema: `yes` and
`12:30` are text, dates are strings), with a PyYAML loader written here for the purpose, so that
the program's own reader (`briefing.yamlread`) is not what checks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from briefing.loader import load_text
from briefing.schema import build_schema


class Core12Loader(yaml.SafeLoader):
    """PyYAML with the YAML 1.2 core schema's plain scalars in place of YAML 1.1's."""


Core12Loader.yaml_implicit_resolvers = {}
_RESOLVERS = {
    "tag:yaml.org,2002:null": (r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    "tag:yaml.org,2002:bool": (r"true|True|TRUE|false|False|FALSE", "tTfF"),
    "tag:yaml.org,2002:int": (r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    "tag:yaml.org,2002:float": (
        r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)",
        "-+0123456789.",
    ),
}
"""Each tag: its pattern, and the first characters it can start with (empty: the empty scalar)."""
for _tag, (_pattern, _first) in _RESOLVERS.items():
    Core12Loader.add_implicit_resolver(_tag, re.compile(rf"^(?:{_pattern})$"), list(_first))


def _core_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    assert isinstance(text, str)
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)


def _core_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    return loader.construct_scalar(node) in ("true", "True", "TRUE")


Core12Loader.add_constructor("tag:yaml.org,2002:int", _core_int)
Core12Loader.add_constructor("tag:yaml.org,2002:bool", _core_bool)


def as_editor_reads(text: str) -> Any:
    return yaml.load(text, Loader=Core12Loader)  # a SafeLoader with YAML 1.2 scalars


HEAD = "briefing: 1\nid: agreement\ntitle: Agreement\nas_of: 2025-11-19\n"
PEOPLE = "actors:\n  - {id: peskov, name: Dmitry Peskov}\n"
EVENT = "events:\n  - {id: briefing-day, date: 2025-11-19, title: A briefing}\n"


@dataclass(frozen=True)
class Variant:
    name: str
    text: str
    program: bool
    schema: bool
    why: str = ""
    """Why the two differ: what JSON Schema cannot say."""


def both(name: str, body: str, *, valid: bool, head: str = HEAD) -> Variant:
    return Variant(name, head + body, valid, valid)


def beyond_schema(name: str, body: str, why: str, *, head: str = HEAD) -> Variant:
    """Valid to the schema, refused by the program, for a reason JSON Schema cannot express."""
    return Variant(name, head + body, program=False, schema=True, why=why)


def with_date(name: str, date: str, *, valid: bool) -> Variant:
    return both(name, "", valid=valid, head=HEAD.replace("as_of: 2025-11-19", f"as_of: {date}"))


def with_event_date(name: str, date: str, *, valid: bool) -> Variant:
    return both(name, EVENT.replace("date: 2025-11-19", f"date: {date}"), valid=valid)


STATEMENT = PEOPLE + "statements:\n  - id: said\n    actor: peskov\n"
QUESTION = "questions:\n  - id: why\n    question: Why?\n"

VARIANTS = [
    # Valid briefs, including every list left empty (null in YAML, an empty list to the loader).
    both("minimal", "", valid=True),
    both("empty-tags", "tags:\n", valid=True),
    both("events-only-a-comment", "events:\n  # none yet\n", valid=True),
    both("every-section-empty", "sources:\nactors:\nevents:\nstatements:\nquestions:\n", valid=True),
    both(
        "item-lists-empty",
        "actors:\n  - id: peskov\n    name: Dmitry Peskov\n    aliases:\n    tags:\n"
        "events:\n  - id: day\n    date: 2025\n    title: A day\n    actors:\n    sources:\n"
        "questions:\n  - id: why\n    question: Why?\n    actors:\n    events:\n    sources:\n",
        valid=True,
    ),
    both("empty-optional-text", "summary:\n", valid=True),
    both("yes-and-time-are-text", "summary: yes\ntags: [12:30, no, on]\n", valid=True),
    both("x-keys", "x-editor: jane\n" + PEOPLE.replace("}", ", x-born: 1957}"), valid=True),
    both("declined-without-quote", STATEMENT + "    kind: declined\n", valid=True),
    both("quote-with-words", STATEMENT + "    quote: Rien de nouveau\n", valid=True),
    both("quote-empty-words", STATEMENT + '    quote: ""\n', valid=True),
    both("paraphrase-with-words", STATEMENT + "    kind: paraphrase\n    quote: rien\n", valid=True),
    both("open-question-no-answer", QUESTION, valid=True),
    both("moot-question-no-answer", QUESTION + "    status: moot\n", valid=True),
    both("answered-with-answer", QUESTION + "    status: answered\n    answer: Because.\n", valid=True),
    with_date("year-unquoted", "2025", valid=True),
    with_date("year-month-approximate", "2025-11~", valid=True),
    with_date("year-uncertain", "2025?", valid=True),
    with_date("time-offset", "2025-11-19T14:30:05+02:00", valid=True),
    with_date("leap-day", "2024-02-29", valid=True),
    with_date("quoted-with-spaces", '" 2025-11-19 "', valid=True),
    with_event_date("interval", "2025-11-18/2025-11-20", valid=True),
    with_event_date("interval-spaced", "2025-11-18 / 2025-11-20", valid=True),
    # Refused by both.
    both("quote-missing", STATEMENT, valid=False),
    both("quote-null", STATEMENT + "    quote:\n", valid=False),
    both("paraphrase-missing-words", STATEMENT + "    kind: paraphrase\n", valid=False),
    both("answered-without-answer", QUESTION + "    status: answered\n", valid=False),
    both("answered-empty-answer", QUESTION + '    status: answered\n    answer: ""\n', valid=False),
    with_date("month-13", "2025-13", valid=False),
    with_date("month-00", "2025-00-01", valid=False),
    with_date("day-32", "2025-11-32", valid=False),
    with_date("april-31", "2025-04-31", valid=False),
    with_date("february-30", "2024-02-30", valid=False),
    with_date("hour-25", "2025-11-19T25:00", valid=False),
    with_date("minute-60", "2025-11-19T10:60", valid=False),
    with_date("second-60", "2025-11-19T10:00:60", valid=False),
    with_date("offset-24", "2025-11-19T10:00+24:00", valid=False),
    with_date("arabic-digits", "٢٠٢٥-١١-١٩", valid=False),
    with_date("trailing-junk", "2025-11-19x", valid=False),
    with_date("year-too-big", "10000", valid=False),
    with_date("no-break-space", '"\u00a02025-11-19"', valid=False),
    with_date("single-date-interval", "2025-11-18/2025-11-20", valid=False),
    both("title-a-number", "", valid=False, head=HEAD.replace("title: Agreement", "title: 2025")),
    both("unknown-key", "titel: x\n", valid=False),
    both("tags-not-a-list", "tags: a\n", valid=False),
    both("null-tag", "tags: [a, ~]\n", valid=False),
    both("null-section-item", "events:\n  -\n", valid=False),
    both("format-2", "", valid=False, head=HEAD.replace("briefing: 1", "briefing: 2")),
    # What JSON Schema cannot say.
    beyond_schema("duplicate-id", PEOPLE + EVENT.replace("briefing-day", "peskov"), "ids are unique"),
    beyond_schema(
        "unknown-reference",
        STATEMENT.replace("actor: peskov", "actor: putin") + "    kind: declined\n",
        "references name items",
    ),
    beyond_schema(
        "reference-of-wrong-kind",
        PEOPLE + EVENT + "statements:\n  - {id: s, actor: briefing-day, kind: declined}\n",
        "a reference names an item of the right section",
    ),
    beyond_schema(
        "february-29-common-year",
        "",
        "a regular expression does not count leap years",
        head=HEAD.replace("as_of: 2025-11-19", "as_of: 2025-02-29"),
    ),
    beyond_schema(
        "interval-backwards",
        EVENT.replace("date: 2025-11-19", "date: 2025-11-20/2025-11-18"),
        "a regular expression does not compare dates",
    ),
    beyond_schema(
        "format-1.0",
        "",
        "JSON Schema's 1.0 equals 1; the loader wants the integer",
        head=HEAD.replace("briefing: 1", "briefing: 1.0"),
    ),
]


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = build_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_the_table_never_has_the_schema_refuse_a_valid_brief() -> None:
    """A disagreement is only ever the schema saying less, and says why."""
    names = [variant.name for variant in VARIANTS]
    assert len(names) == len(set(names)) >= 40
    assert all(variant.why for variant in VARIANTS if variant.program != variant.schema)
    assert not [variant.name for variant in VARIANTS if variant.program and not variant.schema]


@pytest.mark.parametrize("variant", VARIANTS, ids=[variant.name for variant in VARIANTS])
def test_program_verdict(variant: Variant) -> None:
    result = load_text(variant.text, "agreement.yaml")
    assert result.ok is variant.program, [error.message for error in result.errors]


@pytest.mark.parametrize("variant", VARIANTS, ids=[variant.name for variant in VARIANTS])
def test_schema_verdict(variant: Variant, validator: Draft202012Validator) -> None:
    errors = [error.message for error in validator.iter_errors(as_editor_reads(variant.text))]
    assert (not errors) is variant.schema, errors
