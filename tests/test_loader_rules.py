"""Every rule of the brief format, each broken once in a small brief.

Each case edits one spot of a valid brief (`BASE`) and asserts the loader's message (its key
parts) and the exact line and column of the error: the value for a bad value, the key for an
unknown or duplicate key, the item's mapping for a missing key. Line numbers are kept stable by
replacing removed lines with comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.errors import BriefError
from briefing.loader import load, load_text
from briefing.model import Brief

BASE = """\
briefing: 1
title: Test brief
as_of: 2025-11-19
sources:
  - id: axios
    name: Axios
    kind: outlet
    url: https://www.axios.com/
    reliability: B
actors:
  - id: witkoff
    name: Steve Witkoff
    affiliation: united-states
  - id: united-states
    name: United States
    kind: state
events:
  - id: axios-report
    date: 2025-11-19
    title: Axios reports a plan
    actors: [witkoff]
    sources: [axios]
    credibility: 2
statements:
  - id: witkoff-says
    actor: witkoff
    quote: Hello
    lang: en
    date: 2025-11-19
    event: axios-report
    source: axios
questions:
  - id: consulted
    question: Was Ukraine consulted?
    actors: [witkoff]
    events: [axios-report]
    sources: [axios]
"""


@dataclass(frozen=True)
class Case:
    """Replace `old` by `new` in BASE; expect an error at `at` saying `says`.

    `at` is a piece of `new`, or else the first place it occurs in the edited brief (for a
    missing key, the start of the item's mapping)."""

    old: str
    new: str
    at: str
    says: tuple[str, ...]

    def text(self) -> str:
        assert BASE.count(self.old) == 1, f"{self.old!r} must occur once in BASE"
        return BASE.replace(self.old, self.new)

    def position(self) -> tuple[int, int]:
        text = self.text()
        start = BASE.index(self.old) + self.new.index(self.at) if self.at in self.new else text.index(self.at)
        line = text.count("\n", 0, start) + 1
        return line, start - (text.rfind("\n", 0, start) + 1) + 1


def errors_of(text: str | bytes) -> list[BriefError]:
    result = load_text(text)
    assert result.loaded is None, "the broken brief loaded"
    assert result.errors, "no error reported"
    return result.errors


def assert_case(case: Case) -> None:
    errors = errors_of(case.text())
    line, column = case.position()
    found = [error for error in errors if (error.line, error.column) == (line, column)]
    assert found, f"no error at {line}:{column}; got {[str(error) for error in errors]}"
    message = " | ".join(error.message for error in found)
    for part in case.says:
        assert part in message, f"{part!r} not in {message!r}"


def test_base_brief_is_valid() -> None:
    result = load_text(BASE)
    assert result.errors == []
    assert result.ok


# --- Required keys, by section -------------------------------------------------------------------

REQUIRED = {
    "brief-title": Case("title: Test brief\n", "# no title\n", "briefing", ("brief has no `title`",)),
    "brief-as_of": Case("as_of: 2025-11-19\n", "# no date\n", "briefing", ("no `as_of`",)),
    "source-id": Case(
        "  - id: axios\n    name: Axios", "  - # x\n    name: Axios", "name", ("source has no `id`",)
    ),
    "source-name": Case("    name: Axios\n", "    # x\n", "id: axios", ("source has no `name`",)),
    "actor-id": Case(
        "  - id: witkoff\n    name: Steve", "  - # x\n    name: Steve", "name", ("actor has no `id`",)
    ),
    "actor-name": Case("    name: Steve Witkoff\n", "    # x\n", "id: witkoff", ("actor has no `name`",)),
    "event-id": Case("  - id: axios-report\n", "  - # x\n", "date: 2025", ("event has no `id`",)),
    "event-date": Case(
        "    date: 2025-11-19\n    title", "    # x\n    title", "id: axios-report", ("event has no `date`",)
    ),
    "event-title": Case(
        "    title: Axios reports a plan\n", "    # x\n", "id: axios-report", ("event has no `title`",)
    ),
    "statement-id": Case("  - id: witkoff-says\n", "  - # x\n", "actor: witkoff", ("statement has no `id`",)),
    "statement-actor": Case(
        "    actor: witkoff\n", "    # x\n", "id: witkoff-says", ("statement has no `actor`",)
    ),
    "question-id": Case("  - id: consulted\n", "  - # x\n", "question:", ("question has no `id`",)),
    "question-question": Case(
        "    question: Was Ukraine consulted?\n",
        "    # x\n",
        "id: consulted",
        ("question has no `question`",),
    ),
}


@pytest.mark.parametrize("case", REQUIRED.values(), ids=REQUIRED.keys())
def test_required_key_missing(case: Case) -> None:
    assert_case(case)


# --- Types ---------------------------------------------------------------------------------------

TYPES = {
    "title-list": Case("title: Test brief", "title: [a, b]", "[a", ("`title` must be text, not a list",)),
    "title-number": Case("title: Test brief", "title: 2025", "2025", ("`title` must be text", "in quotes")),
    "title-bool": Case("title: Test brief", "title: true", "true", ("yes/no value `true`",)),
    "tags-not-list": Case(
        "as_of: 2025-11-19\n", "as_of: 2025-11-19\ntags: ukraine\n", "ukraine", ("`tags`",)
    ),
    "tags-item-mapping": Case(
        "as_of: 2025-11-19\n", "as_of: 2025-11-19\ntags: [ok, {a: b}]\n", "{a", ("each item of `tags`",)
    ),
    "sources-not-list": Case(
        "sources:\n  - id: axios\n    name: Axios\n    kind: outlet\n    url: https://www.axios.com/\n"
        "    reliability: B\n",
        "sources: 3\n",
        "3",
        ("`sources` must be a list of sources",),
    ),
    "source-item-scalar": Case(
        "questions:\n",
        "questions:\n  - just text\n",
        "just text",
        ("each item of `questions` must be a mapping",),
    ),
    "name-mapping": Case(
        "    name: Axios", "    name: {first: A}", "{first", ("`name` must be text, not a mapping",)
    ),
    "aliases-not-list": Case(
        "    affiliation: united-states\n",
        "    affiliation: united-states\n    aliases: 3\n",
        "3",
        ("`aliases`",),
    ),
    "actors-ref-not-list": Case(
        "    actors: [witkoff]\n    sources", "    actors: 3\n    sources", "3", ("`actors`",)
    ),
    "summary-number": Case(
        "as_of: 2025-11-19\n", "as_of: 2025-11-19\nsummary: 12\n", "12", ("`summary` must be text",)
    ),
    "date-number": Case("as_of: 2025-11-19", "as_of: 20251119", "2025", ("`as_of`", "2025-11-19")),
    "item-key-not-text": Case(
        "    name: Axios\n", "    name: Axios\n    3: x\n", "3: x", ("keys must be text",)
    ),
}


@pytest.mark.parametrize("case", TYPES.values(), ids=TYPES.keys())
def test_wrong_type(case: Case) -> None:
    assert_case(case)


# --- Enums ---------------------------------------------------------------------------------------

ENUMS = {
    "source-kind": Case(
        "    kind: outlet", "    kind: blog", "blog", ("`kind` must be one of `outlet`", "`other`")
    ),
    "actor-kind": Case(
        "    kind: state", "    kind: country", "country", ("`person`", "`organisation`", "`media`")
    ),
    "event-status": Case(
        "    credibility: 2\n",
        "    credibility: 2\n    status: rumour\n",
        "rumour",
        ("`reported`", "`unverified`"),
    ),
    "statement-kind": Case(
        "    quote: Hello\n",
        "    quote: Hello\n    kind: tweet\n",
        "tweet",
        ("`quote`", "`paraphrase`", "`declined`"),
    ),
    "question-status": Case(
        "    question: Was Ukraine consulted?\n",
        "    question: Was Ukraine consulted?\n    status: closed\n",
        "closed",
        ("`open`", "`answered`", "`moot`"),
    ),
    "reliability-G": Case("    reliability: B", "    reliability: G", "G", ("`A`", "`F`")),
    "reliability-lower": Case("    reliability: B\n", "    reliability: b\n", "b\n", ("`reliability`",)),
    "reliability-number": Case("    reliability: B", "    reliability: 1", "1", ("`reliability`",)),
    "credibility-7": Case("    credibility: 2", "    credibility: 7", "7", ("a whole number from 1 to 6",)),
    "credibility-0": Case("    credibility: 2", "    credibility: 0", "0", ("from 1 to 6",)),
    "credibility-text": Case("    credibility: 2", "    credibility: high", "high", ("from 1 to 6",)),
    "credibility-quoted": Case("    credibility: 2", '    credibility: "2"', '"2"', ("from 1 to 6",)),
}


@pytest.mark.parametrize("case", ENUMS.values(), ids=ENUMS.keys())
def test_bad_enum_value(case: Case) -> None:
    assert_case(case)


@pytest.mark.parametrize("letter", "ABCDEF")
def test_every_reliability_loads(letter: str) -> None:
    assert load_text(BASE.replace("reliability: B", f"reliability: {letter}")).ok


@pytest.mark.parametrize("number", range(1, 7))
def test_every_credibility_loads(number: int) -> None:
    result = load_text(BASE.replace("credibility: 2", f"credibility: {number}"))
    assert result.loaded is not None
    assert result.loaded.brief.events[0].credibility == number


@pytest.mark.parametrize(
    ("key", "values", "where"),
    [
        ("kind", ("outlet", "agency", "official", "document", "social", "other"), "    kind: outlet"),
        ("kind", ("person", "organisation", "state", "group", "media"), "    kind: state"),
    ],
    ids=["source-kinds", "actor-kinds"],
)
def test_every_kind_loads(key: str, values: tuple[str, ...], where: str) -> None:
    for value in values:
        assert load_text(BASE.replace(where, f"    {key}: {value}")).ok, value


@pytest.mark.parametrize("status", ["reported", "confirmed", "denied", "disputed", "unverified"])
def test_every_event_status_loads(status: str) -> None:
    result = load_text(BASE.replace("    credibility: 2\n", f"    credibility: 2\n    status: {status}\n"))
    assert result.loaded is not None
    assert result.loaded.brief.events[0].status == status


@pytest.mark.parametrize("status", ["open", "moot"])
def test_unanswered_question_statuses_load(status: str) -> None:
    result = load_text(BASE.replace("    question: Was", f"    status: {status}\n    question: Was"))
    assert result.loaded is not None
    assert result.loaded.brief.questions[0].status == status


# --- Ids -----------------------------------------------------------------------------------------

ID_EXPECTED = "an id (lower-case letters, digits, - and _"
IDS = {
    "upper-case": Case("  - id: axios\n", "  - id: Axios\n", "Axios", (ID_EXPECTED,)),
    "too-long": Case("  - id: axios\n", f"  - id: {'a' * 65}\n", "aaa", (ID_EXPECTED, "at most 64")),
    "space": Case("  - id: axios\n", "  - id: ax ios\n", "ax ios", (ID_EXPECTED,)),
    "dot": Case("  - id: axios\n", "  - id: axios.com\n", "axios.com", (ID_EXPECTED,)),
    "accent": Case("  - id: axios\n", "  - id: axiós\n", "axiós", (ID_EXPECTED,)),
    "leading-dash": Case("  - id: axios\n", "  - id: -axios\n", "-axios", (ID_EXPECTED,)),
    "number": Case("  - id: axios\n", "  - id: 12\n", "12", (ID_EXPECTED, "the number 12")),
    "brief-id": Case("briefing: 1\n", "briefing: 1\nid: My_Brief\n", "My_Brief", (ID_EXPECTED,)),
    "reference-upper": Case("    actor: witkoff", "    actor: Witkoff", "Witkoff", (ID_EXPECTED,)),
    "reference-list-item": Case(
        "    actors: [witkoff]\n    sources", "    actors: [Witkoff]\n    sources", "Witkoff", (ID_EXPECTED,)
    ),
    "duplicate-across-kinds": Case(
        "  - id: witkoff\n", "  - id: axios\n", "axios", ("`axios` is already used by a source", "unique")
    ),
    "duplicate-same-kind": Case(
        "  - id: united-states\n", "  - id: witkoff\n", "witkoff", ("`witkoff` is already used by an actor",)
    ),
    "duplicate-question-event": Case(
        "  - id: consulted\n", "  - id: axios-report\n", "axios-report", ("already used by an event",)
    ),
}


@pytest.mark.parametrize("case", IDS.values(), ids=IDS.keys())
def test_bad_id(case: Case) -> None:
    assert_case(case)


def test_brief_id_is_unique_against_items() -> None:
    """The brief's own id counts: an item may not reuse it (the item's id is the one flagged)."""
    text = BASE.replace("briefing: 1\n", "briefing: 1\nid: consulted\n")
    errors = errors_of(text)
    assert [(e.line, e.column) for e in errors] == [(34, 9)]
    assert "`consulted` is already used by a brief" in errors[0].message


def test_id_of_64_characters_is_accepted() -> None:
    long_id = "a" * 64
    text = BASE.replace("witkoff-says", "says").replace("witkoff", long_id)
    assert load_text(text).errors == []


# --- References ----------------------------------------------------------------------------------

REFERENCES = {
    "actor-missing": Case(
        "    actor: witkoff",
        "    actor: witkof",
        "witkof",
        ("`witkof` is not the id of any actor", "did you mean `witkoff`"),
    ),
    "actor-wrong-kind": Case(
        "    actor: witkoff",
        "    actor: axios",
        "axios",
        ("`axios` is a source, but `actor` must name an actor",),
    ),
    "affiliation-missing": Case(
        "    affiliation: united-states",
        "    affiliation: russia",
        "russia",
        ("`russia` is not the id of any actor",),
    ),
    "affiliation-wrong-kind": Case(
        "    affiliation: united-states",
        "    affiliation: axios-report",
        "axios-report",
        ("is an event, but `affiliation` must name an actor",),
    ),
    "event-actors-missing": Case(
        "    actors: [witkoff]\n    sources",
        "    actors: [witkoff, peskov]\n    sources",
        "peskov",
        ("`peskov` is not the id of any actor",),
    ),
    "event-actors-wrong-kind": Case(
        "    actors: [witkoff]\n    sources",
        "    actors: [axios]\n    sources",
        "axios]",
        ("`axios` is a source, but `actors` must name an actor",),
    ),
    "event-sources-missing": Case(
        "    sources: [axios]\n    credibility",
        "    sources: [afp]\n    credibility",
        "afp",
        ("`afp` is not the id of any source",),
    ),
    "event-sources-wrong-kind": Case(
        "    sources: [axios]\n    credibility",
        "    sources: [witkoff]\n    credibility",
        "witkoff",
        ("is an actor, but `sources` must name a source",),
    ),
    "statement-event-missing": Case(
        "    event: axios-report",
        "    event: axios-reprot",
        "axios-reprot",
        ("not the id of any event", "did you mean `axios-report`"),
    ),
    "statement-event-wrong-kind": Case(
        "    event: axios-report",
        "    event: consulted",
        "consulted",
        ("is a question, but `event` must name an event",),
    ),
    "statement-source-missing": Case(
        "    source: axios", "    source: afp", "afp", ("`afp` is not the id of any source",)
    ),
    "statement-source-wrong-kind": Case(
        "    source: axios",
        "    source: witkoff-says",
        "witkoff-says",
        ("is a statement, but `source` must name a source",),
    ),
    "question-actors-missing": Case(
        "    actors: [witkoff]\n    events",
        "    actors: [nobody]\n    events",
        "nobody",
        ("not the id of any actor",),
    ),
    "question-actors-wrong-kind": Case(
        "    actors: [witkoff]\n    events",
        "    actors: [united-states, consulted]\n    events",
        "consulted",
        ("is a question, but `actors` must name an actor",),
    ),
    "question-events-missing": Case(
        "    events: [axios-report]\n", "    events: [summit]\n", "summit", ("not the id of any event",)
    ),
    "question-events-wrong-kind": Case(
        "    events: [axios-report]\n",
        "    events: [axios]\n",
        "axios]",
        ("is a source, but `events` must name an event",),
    ),
    "question-sources-missing": Case(
        "    events: [axios-report]\n    sources: [axios]\n",
        "    events: [axios-report]\n    sources: [afp]\n",
        "afp",
        ("not the id of any source",),
    ),
    "question-sources-wrong-kind": Case(
        "    events: [axios-report]\n    sources: [axios]\n",
        "    events: [axios-report]\n    sources: [witkoff]\n",
        "witkoff",
        ("is an actor, but `sources` must name a source",),
    ),
}


@pytest.mark.parametrize("case", REFERENCES.values(), ids=REFERENCES.keys())
def test_bad_reference(case: Case) -> None:
    assert_case(case)


# --- URLs and language tags ----------------------------------------------------------------------

FORMATS = {
    "url-ftp": Case(
        "    url: https://www.axios.com/", "    url: ftp://axios.com/x", "ftp", ("an http or https address",)
    ),
    "url-javascript": Case(
        "    url: https://www.axios.com/", "    url: 'javascript:alert(1)'", "'javascript", ("http or https",)
    ),
    "url-no-scheme": Case(
        "    url: https://www.axios.com/", "    url: www.axios.com", "www", ("http or https",)
    ),
    "url-space": Case(
        "    url: https://www.axios.com/", "    url: https://axios.com/a b", "https", ("http or https",)
    ),
    "language-word": Case(
        "as_of: 2025-11-19\n", "as_of: 2025-11-19\nlanguage: french\n", "french", ("a language tag",)
    ),
    "language-underscore": Case(
        "as_of: 2025-11-19\n", "as_of: 2025-11-19\nlanguage: pt_BR\n", "pt_BR", ("a language tag",)
    ),
    "lang-number": Case("    lang: en", "    lang: 12", "12", ("`lang` must be a language tag",)),
    "lang-empty-part": Case("    lang: en", "    lang: en-", "en-", ("a language tag",)),
}


@pytest.mark.parametrize("case", FORMATS.values(), ids=FORMATS.keys())
def test_bad_url_or_language(case: Case) -> None:
    assert_case(case)


@pytest.mark.parametrize("url", ["http://example.com", "https://example.com/a?b=c#d"])
def test_http_and_https_urls_load(url: str) -> None:
    assert load_text(BASE.replace("https://www.axios.com/", url)).ok


@pytest.mark.parametrize("tag", ["fr", "en-GB", "pt-BR", "zh-Hant-TW", "gsw"])
def test_language_tags_load(tag: str) -> None:
    result = load_text(BASE.replace("as_of: 2025-11-19\n", f"as_of: 2025-11-19\nlanguage: {tag}\n"))
    assert result.loaded is not None
    assert result.loaded.brief.language == tag


# --- Dates ---------------------------------------------------------------------------------------

VALID_DATES = [
    "2025",
    "2025-11",
    "2025-11-19",
    "2025-11-19T14:30",
    "2025-11-19T14:30:15",
    "2025-11-19T14:30Z",
    "2025-11-19T14:30:15+02:00",
    "2025-11-19T14:30-05:00",
    "2025-11~",
    "2025-11-19?",
    "2025~",
    "2024-02-29",
]


@pytest.mark.parametrize("quote", ["", '"', "'"], ids=["unquoted", "double", "single"])
@pytest.mark.parametrize("date", VALID_DATES)
def test_every_date_form_loads(date: str, quote: str) -> None:
    written = f"{quote}{date}{quote}"
    text = BASE.replace("as_of: 2025-11-19", f"as_of: {written}").replace(
        "    date: 2025-11-19\n    event", f"    date: {written}\n    event"
    )
    text = text.replace("    date: 2025-11-19\n    title", f"    date: {written}\n    title")
    result = load_text(text)
    assert result.errors == []
    assert result.loaded is not None
    brief = result.loaded.brief
    assert brief.as_of.text == date
    assert brief.events[0].date.text == date
    assert brief.statements[0].date is not None
    assert brief.statements[0].date.text == date


@pytest.mark.parametrize(
    "interval", ["2025-11-18/2025-11-20", "2025-11/2025-12", "2025-11-19/2025-11-19", "2025~/2026"]
)
def test_event_intervals_load(interval: str) -> None:
    result = load_text(BASE.replace("    date: 2025-11-19\n    title", f"    date: {interval}\n    title"))
    assert result.loaded is not None
    date = result.loaded.brief.events[0].date
    assert date.text == interval
    assert date.end is not None


BAD_DATES = {
    "feb-30": ("2026-02-30", ("does not exist", "Feb 2026 has 28 days")),
    "feb-29-not-leap": ("2025-02-29", ("does not exist",)),
    "month-13": ("2025-13", ("has no month 13",)),
    "month-00": ("2025-00-10", ("has no month 00",)),
    "hour-25": ("2025-11-19T25:00", ("impossible time of day",)),
    "minute-60": ("2025-11-19T10:60", ("impossible time of day",)),
    "bad-offset": ("2025-11-19T10:00+25:00", ("impossible time-zone offset",)),
    "words": ("last tuesday", ("is not a date such as 2025-11-19",)),
    "slashes": ("19/11/2025", ("not a date such as",)),
    "two-digit-year": ("25-11-19", ("not a date such as",)),
}


@pytest.mark.parametrize("quote", ["", '"'], ids=["unquoted", "quoted"])
@pytest.mark.parametrize(("date", "says"), BAD_DATES.values(), ids=BAD_DATES.keys())
def test_bad_date(date: str, says: tuple[str, ...], quote: str) -> None:
    written = f"{quote}{date}{quote}"
    assert_case(Case("as_of: 2025-11-19", f"as_of: {written}", written, ("`as_of`", *says)))
    assert_case(
        Case("    date: 2025-11-19\n    event", f"    date: {written}\n    event", written, ("`date`", *says))
    )


@pytest.mark.parametrize("quote", ["", '"'], ids=["unquoted", "quoted"])
@pytest.mark.parametrize(
    ("interval", "says"),
    [
        ("2025-11-20/2025-11-18", ("ends (2025-11-18) before it starts (2025-11-20)",)),
        ("2025-11/2025-10-31", ("ends", "before it starts")),
        ("2025-11-18/2025-02-30", ("does not exist",)),
        ("2025-11-18/", ("not a date such as",)),
    ],
    ids=["end-before-start", "partial-before", "bad-end", "no-end"],
)
def test_bad_interval(interval: str, says: tuple[str, ...], quote: str) -> None:
    written = f"{quote}{interval}{quote}"
    assert_case(
        Case("    date: 2025-11-19\n    title", f"    date: {written}\n    title", written, ("`date`", *says))
    )


def test_interval_is_not_a_plain_date() -> None:
    """`as_of` and a statement's `date` are single dates, not intervals."""
    assert_case(Case("as_of: 2025-11-19", "as_of: 2025-11-18/2025-11-19", "2025-11-18/", ("`as_of`",)))


# --- Statements and questions --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["quote", "paraphrase"])
def test_quote_required_unless_declined(kind: str) -> None:
    assert_case(
        Case(
            "    quote: Hello\n",
            f"    kind: {kind}\n",
            "id: witkoff-says",
            (f"this {kind} has no `quote`", "kind: declined"),
        )
    )


def test_quote_required_by_default() -> None:
    assert_case(
        Case("    quote: Hello\n", "    # no words\n", "id: witkoff-says", ("this quote has no `quote`",))
    )


def test_declined_needs_no_quote() -> None:
    result = load_text(BASE.replace("    quote: Hello\n", "    kind: declined\n"))
    assert result.loaded is not None
    statement = result.loaded.brief.statements[0]
    assert statement.kind == "declined"
    assert statement.quote is None


def test_answer_required_when_answered() -> None:
    assert_case(
        Case(
            "    question: Was Ukraine consulted?\n",
            "    question: Was Ukraine consulted?\n    status: answered\n",
            "answered",
            ("an answered question needs an `answer`",),
        )
    )


def test_answered_question_with_answer_loads() -> None:
    text = BASE.replace(
        "    question: Was Ukraine consulted?\n",
        "    question: Was Ukraine consulted?\n    status: answered\n    answer: No, it was not.\n",
    )
    result = load_text(text)
    assert result.loaded is not None
    assert result.loaded.brief.questions[0].answer == "No, it was not."


# --- Unknown keys and the user's own `x-` keys ---------------------------------------------------

UNKNOWN = {
    "brief-typo": Case(
        "title: Test brief",
        "titel: Test brief\ntitle: T",
        "titel",
        ("unknown key `titel` in this brief", "did you mean `title`"),
    ),
    "source-typo": Case(
        "    kind: outlet",
        "    knd: outlet",
        "knd",
        ("unknown key `knd` in this source", "did you mean `kind`"),
    ),
    "actor-typo": Case(
        "    affiliation: united-states",
        "    affiliation: united-states\n    alias: [W]",
        "alias",
        ("did you mean `aliases`",),
    ),
    "event-typo": Case(
        "    credibility: 2",
        "    credibilty: 2",
        "credibilty",
        ("unknown key `credibilty` in this event", "did you mean `credibility`"),
    ),
    "statement-typo": Case(
        "    quote: Hello",
        "    quote: Hello\n    qoute: Hi",
        "qoute",
        ("unknown key `qoute` in this statement", "did you mean `quote`"),
    ),
    "question-typo": Case(
        "    question: Was Ukraine consulted?",
        "    question: Was Ukraine consulted?\n    stat: open",
        "stat",
        ("did you mean `status`",),
    ),
    "no-close-match": Case(
        "    kind: outlet",
        "    kind: outlet\n    zzzz: 1",
        "zzzz",
        ("unknown key `zzzz` in this source", "a source has: id, name, kind, url", "x-"),
    ),
}


@pytest.mark.parametrize("case", UNKNOWN.values(), ids=UNKNOWN.keys())
def test_unknown_key(case: Case) -> None:
    assert_case(case)


def test_x_keys_are_accepted_and_ignored() -> None:
    text = (
        BASE.replace(
            "title: Test brief", "title: Test brief\nx-editor: jane\nx-review: {done: [1, 2], by: {a: b}}"
        )
        .replace("    kind: outlet", "    kind: outlet\n    x-paywall: yes")
        .replace("    kind: state", "    kind: state\n    x-iso:\n      - US\n      - USA")
        .replace("    credibility: 2", "    credibility: 2\n    x-checked: 2025-11-20")
        .replace("    quote: Hello", "    quote: Hello\n    x-note: check audio")
        .replace("    question: Was", "    x-priority: 1\n    question: Was")
    )
    result = load_text(text)
    assert result.errors == []
    assert result.loaded is not None
    brief = result.loaded.brief
    plain = load_text(BASE).loaded
    assert plain is not None
    assert brief == plain.brief


def test_x_key_inside_an_x_value_is_not_checked() -> None:
    """Whatever an `x-` key holds is the user's: even unknown-looking keys inside it."""
    result = load_text(BASE + "x-notes:\n  titel: whatever\n  briefing: 2\n")
    assert result.ok


def test_x_prefix_is_case_sensitive() -> None:
    assert_case(
        Case(
            "title: Test brief", "title: Test brief\nX-editor: jane", "X-editor", ("unknown key `X-editor`",)
        )
    )


# --- The format marker ---------------------------------------------------------------------------


def test_marker_missing() -> None:
    errors = errors_of("# a brief?\ntitle: T\nas_of: 2025-11-19\n")
    assert [(e.line, e.column) for e in errors] == [(2, 1)]
    assert "this is not a brief: the `briefing: 1` line that marks one is missing" in errors[0].message


@pytest.mark.parametrize(
    ("marker", "found"),
    [("2", "the number 2"), ("'1'", "the text '1'"), ("0", "the number 0"), ("one", "the text 'one'")],
)
def test_marker_wrong_version(marker: str, found: str) -> None:
    assert_case(
        Case(
            "briefing: 1",
            f"briefing: {marker}",
            marker,
            ("`briefing` must be 1", "version of the format", found),
        )
    )


@pytest.mark.parametrize("marker", ["true", "1.0"])
def test_marker_that_equals_one_in_python_is_still_wrong(marker: str) -> None:
    """`true == 1` and `1.0 == 1` in Python, but neither is the marker `1`."""
    assert_case(Case("briefing: 1", f"briefing: {marker}", marker, ("`briefing`",)))


# --- Defaults ------------------------------------------------------------------------------------

MINIMAL = """\
briefing: 1
title: Minimal
as_of: 2025-11
sources:
  - id: s
    name: S
actors:
  - id: a
    name: A
events:
  - id: e
    date: 2025-11-19
    title: E
statements:
  - id: st
    actor: a
    quote: Q
questions:
  - id: q
    question: Q?
"""


def test_defaults(tmp_path: Path) -> None:
    path = tmp_path / "My Brief (draft).yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    result = load(path)
    assert result.errors == []
    assert result.loaded is not None
    brief = result.loaded.brief
    assert brief.id == "my-brief-draft"
    assert brief.language == "en"
    assert brief.summary is None
    assert brief.tags == []
    assert brief.sources[0].kind == "other"
    assert brief.sources[0].reliability is None
    assert brief.sources[0].url is None
    assert brief.actors[0].kind == "person"
    assert brief.actors[0].aliases == []
    assert brief.events[0].status == "reported"
    assert brief.events[0].credibility is None
    assert brief.events[0].actors == []
    assert brief.statements[0].kind == "quote"
    assert brief.statements[0].lang is None
    assert result.loaded.index.statement_language(brief.statements[0]) == "en"
    assert brief.questions[0].status == "open"
    assert brief.questions[0].events == []


def test_sections_default_to_empty() -> None:
    result = load_text("briefing: 1\ntitle: T\nas_of: 2025\n", "empty.yml")
    assert result.loaded is not None
    brief = result.loaded.brief
    assert (brief.sources, brief.actors, brief.events, brief.statements, brief.questions) == (
        [],
        [],
        [],
        [],
        [],
    )
    assert brief.id == "empty"


def test_empty_section_is_empty() -> None:
    """`actors:` with nothing after it is an empty section, as the editor leaves it mid-typing."""
    result = load_text("briefing: 1\ntitle: T\nas_of: 2025\nactors: []\nevents: []\n")
    assert result.ok


def test_list_keys_left_empty_are_empty_lists() -> None:
    """A new brief's sections often hold only commented examples: `events:` then reads as null."""
    text = (
        "briefing: 1\ntitle: T\nas_of: 2025\ntags:\nevents:\n  # none yet\n"
        "actors:\n  - id: a\n    name: A\n    aliases:\n    tags:\n"
    )
    result = load_text(text)
    assert result.ok, result.errors
    assert result.loaded is not None
    assert result.loaded.brief.events == [] and result.loaded.brief.tags == []
    assert result.loaded.brief.actors[0].aliases == []


def test_bare_year_is_a_date_in_every_date_field() -> None:
    """YAML reads an unquoted `2025` as a number; in a date field it is that year."""
    text = (
        "briefing: 1\ntitle: T\nas_of: 2025\nactors: [{id: a, name: A}]\n"
        "events: [{id: e, date: 2024, title: E}]\nstatements: [{id: s, actor: a, quote: q, date: 2023}]\n"
    )
    result = load_text(text)
    assert result.ok, result.errors
    assert result.loaded is not None
    brief = result.loaded.brief
    assert (brief.as_of.text, brief.events[0].date.text, brief.statements[0].date.text) == (
        "2025",
        "2024",
        "2023",
    )
    assert brief.as_of.display() == "2025"


def test_explicit_id_wins_over_file_name(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text("briefing: 1\nid: chosen\ntitle: T\nas_of: 2025\n", encoding="utf-8")
    result = load(path)
    assert result.loaded is not None
    assert result.loaded.brief.id == "chosen"


def test_statement_lang_defaults_to_brief_language() -> None:
    text = MINIMAL.replace("as_of: 2025-11\n", "as_of: 2025-11\nlanguage: fr\n")
    result = load_text(text)
    assert result.loaded is not None
    assert result.loaded.index.statement_language(result.loaded.brief.statements[0]) == "fr"


# --- Timeline order ------------------------------------------------------------------------------


def _timeline(dates: list[str]) -> list[str]:
    events = "".join(f"  - id: e{n}\n    date: {date}\n    title: E{n}\n" for n, date in enumerate(dates))
    result = load_text(f"briefing: 1\ntitle: T\nas_of: 2025\nevents:\n{events}")
    assert result.loaded is not None, result.errors
    return [event.id for event in result.loaded.index.timeline]


def test_timeline_same_date_keeps_file_order() -> None:
    assert _timeline(["2025-11-19", "2025-11-18", "2025-11-19", "2025-11-19"]) == ["e1", "e0", "e2", "e3"]


def test_timeline_partial_date_sorts_before_its_period() -> None:
    assert _timeline(["2025-11-01", "2025-11", "2025-10-31", "2025", "2025-11-01T00:00"]) == [
        "e3",
        "e2",
        "e1",
        "e0",
        "e4",
    ]


def test_timeline_intervals_sort_by_start() -> None:
    assert _timeline(["2025-11-20", "2025-11-18/2025-11-30", "2025-11-19", "2025-11-17/2025-11-19"]) == [
        "e3",
        "e1",
        "e2",
        "e0",
    ]


def test_timeline_approximate_dates_sort_with_their_date() -> None:
    assert _timeline(["2025-11-20", "2025-11~", "2025-11-19?"]) == ["e1", "e2", "e0"]


# --- Every error, in order, with item lines ------------------------------------------------------


def test_every_error_is_reported_in_file_order() -> None:
    text = (
        BASE.replace("    kind: outlet", "    kind: blog")
        .replace("    credibility: 2", "    credibility: 9")
        .replace("    actor: witkoff", "    actor: nobody")
        .replace("title: Test brief", "titel: Test brief")
    )
    errors = errors_of(text)
    assert [(e.line, e.column) for e in errors] == [(1, 1), (2, 1), (7, 11), (23, 18), (26, 12)]
    assert "no `title`" in errors[0].message
    assert "unknown key `titel`" in errors[1].message


def test_errors_are_capped() -> None:
    tags = "".join(f"  - [{n}]\n" for n in range(30))
    result = load_text(f"briefing: 1\ntitle: T\nas_of: 2025\ntags:\n{tags}", max_errors=10)
    assert len(result.errors) == 11
    assert "… and 20 more errors" in result.errors[-1].message


def test_error_text_names_path_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(BASE.replace("    kind: outlet", "    kind: blog"), encoding="utf-8")
    (error,) = load(path).errors
    assert str(error).startswith(f"{path}:7:11: error: `kind` must be one of")


def test_item_lines() -> None:
    result = load_text(BASE)
    assert result.loaded is not None
    assert result.loaded.lines == {
        "axios": 5,
        "witkoff": 11,
        "united-states": 14,
        "axios-report": 18,
        "witkoff-says": 25,
        "consulted": 33,
    }


def test_loaded_brief_is_the_model() -> None:
    result = load_text(BASE)
    assert result.loaded is not None
    assert isinstance(result.loaded.brief, Brief)
    assert result.loaded.index.by_id["witkoff"].name == "Steve Witkoff"
    assert len(result.loaded.digest) == 32


# --- Patterns match the whole value ------------------------------------------------------------
# Python's `$` also matches before a final newline: `id: "afp\n"` was an id. Every patterned field
# of the format, given its value followed by a newline, is refused at the value.

TRAILING_NEWLINE = {
    "brief-id": Case("as_of: 2025-11-19\n", 'as_of: 2025-11-19\nid: "talks\\n"\n', '"talks', ("an id",)),
    "source-id": Case("  - id: axios\n", '  - id: "axios\\n"\n', '"axios', ("an id",)),
    "affiliation": Case(
        "    affiliation: united-states", '    affiliation: "united-states\\n"', '"united', ("an id",)
    ),
    "event-actors": Case(
        "    actors: [witkoff]\n    sources", '    actors: ["witkoff\\n"]\n    sources', '"wit', ("an id",)
    ),
    "statement-actor": Case("    actor: witkoff\n", '    actor: "witkoff\\n"\n', '"witkoff', ("an id",)),
    "language": Case(
        "as_of: 2025-11-19\n", 'as_of: 2025-11-19\nlanguage: "fr\\n"\n', '"fr', ("language tag",)
    ),
    "lang": Case("    lang: en", '    lang: "en\\n"', '"en', ("language tag",)),
    "url": Case(
        "    url: https://www.axios.com/", '    url: "https://www.axios.com/\\n"', '"https', ("address",)
    ),
    "as_of": Case("as_of: 2025-11-19\n", 'as_of: "2025-11-19\\n"\n', '"2025', ("not a date",)),
    "event-date": Case(
        "    date: 2025-11-19\n    title", '    date: "2025-11-19\\n"\n    title', '"2025', ("not a date",)
    ),
    "event-interval": Case(
        "    date: 2025-11-19\n    title",
        '    date: "2025-11-18/2025-11-19\\n"\n    title',
        '"2025',
        ("not a date",),
    ),
    "statement-date": Case(
        "    date: 2025-11-19\n    event", '    date: "2025-11-19\\n"\n    event', '"2025', ("not a date",)
    ),
}


@pytest.mark.parametrize("case", TRAILING_NEWLINE.values(), ids=TRAILING_NEWLINE.keys())
def test_a_trailing_newline_makes_a_patterned_value_invalid(case: Case) -> None:
    assert_case(case)


@pytest.mark.parametrize(
    "char",
    ["\x00", "\x07", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9b", "\x9f", "\u202e", "\u2066", "\u200f"],
)
def test_a_url_holding_a_control_character_is_invalid(char: str) -> None:
    """A control in a url reached the terminal and the HTML export's link text (`\\e]0;title\\a`)."""
    escaped = f"\\u{ord(char):04x}"
    assert_case(
        Case(
            "    url: https://www.axios.com/",
            f'    url: "https://www.axios.com/{escaped}]0;x"',
            '"https',
            ("`url` must be an http or https address, without spaces or control characters",),
        )
    )
