"""The types of the brief format, version 1 (`docs/format.md`).

These structs are the single description of the format: the loader validates against them, and
`briefing schema` derives the JSON Schema from them. They know nothing of YAML files or terminals.
Rules that span fields or items (an answer for answered questions, references, unique ids) live
in `briefing.rules`, which works on these types.
"""

# No `from __future__ import annotations` here: the structs' annotations are objects made once at
# import, where msgspec would otherwise evaluate 56 strings each time it builds a decoder or lists
# the fields (the brief cache's decoder, before the first frame: 5 ms -> 0.5 ms, issue 14).
import functools
from typing import Annotated, Literal

import msgspec
from msgspec import Meta, Struct, field

from briefing.dates import EventDate, FlexDate

FORMAT_VERSION = 1

# msgspec checks a pattern with Python's `re.search`, where `$` also matches before a final
# newline (`afp\n` would be an id): the patterns end with `\Z`, the end of the text, which the
# JSON Schema spells `$` (`briefing.schema`).
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}\Z"
LANG_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z"
URL_PATTERN = r"^https?://[^\s\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+\Z"
"""http or https, then no space, no control character (C0, DEL, C1) and no bidi control: the
address is shown and linked, and those would reach a terminal or disguise where a link goes."""

Id = Annotated[
    str,
    Meta(
        pattern=ID_PATTERN,
        description="Lower-case letters, digits, - and _, starting with a letter or digit, "
        "at most 64 characters; unique across the whole brief.",
    ),
]
Text = Annotated[str, Meta(description="Text, shown exactly as written (never as markup).")]
Markdown = Annotated[str, Meta(description="CommonMark; raw HTML in it is never rendered.")]
LanguageTag = Annotated[str, Meta(pattern=LANG_PATTERN, description="A BCP 47 tag: fr, en-GB, pt-BR.")]
Tags = Annotated[list[Text], Meta(description="Free labels; search finds them.")]
Url = Annotated[str, Meta(pattern=URL_PATTERN, description="An http or https address.")]

SourceKind = Literal["outlet", "agency", "official", "document", "social", "other"]
ActorKind = Literal["person", "organisation", "state", "group", "media"]
EventStatus = Literal["reported", "confirmed", "denied", "disputed", "unverified"]
StatementKind = Literal["quote", "paraphrase", "declined"]
QuestionStatus = Literal["open", "answered", "moot"]
Reliability = Literal["A", "B", "C", "D", "E", "F"]
Credibility = Literal[1, 2, 3, 4, 5, 6]

EVENT_STATUSES: tuple[EventStatus, ...] = ("reported", "confirmed", "denied", "disputed", "unverified")
STATEMENT_KINDS: tuple[StatementKind, ...] = ("quote", "paraphrase", "declined")
QUESTION_STATUSES: tuple[QuestionStatus, ...] = ("open", "answered", "moot")

RELIABILITY_MEANING: dict[str, str] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY_MEANING: dict[int, str] = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}


class _Item(Struct, forbid_unknown_fields=True, frozen=True, kw_only=True, gc=False):
    """Common base: every item of a brief has an id unique across the whole brief.

    Items (and the brief) are a tree that never refers back to itself, so the cyclic garbage
    collector need not track them (`gc=False`): a brief of 10,000 statements otherwise adds
    ~60,000 objects to every full collection, one of which can land on a keystroke or a reload."""

    id: Id


class Source(_Item, frozen=True, kw_only=True):
    """Where something was reported: an outlet, an agency, an official text."""

    name: Text
    kind: Annotated[SourceKind, Meta(description="What sort of source this is.")] = "other"
    url: Url | None = None
    reliability: (
        Annotated[
            Reliability, Meta(description="Admiralty scale: A completely reliable … F cannot be judged.")
        ]
        | None
    ) = None
    notes: Markdown | None = None


class Actor(_Item, frozen=True, kw_only=True):
    """A person, state, organisation, group or medium that acts or speaks in the story."""

    name: Text
    kind: Annotated[ActorKind, Meta(description="What sort of actor this is.")] = "person"
    role: Text | None = None
    affiliation: Annotated[Id, Meta(description="The id of the actor this one acts for.")] | None = None
    group: Annotated[Text, Meta(description="A short label that groups and colours actors.")] | None = None
    aliases: Annotated[list[Text], Meta(description="Other spellings; search finds them.")] = field(
        default_factory=list
    )
    notes: Markdown | None = None
    tags: Tags = field(default_factory=list)


class Event(_Item, frozen=True, kw_only=True):
    """One dated entry of the timeline, with how far it is established."""

    date: Annotated[EventDate, Meta(description="A date, or an interval START/END.")]
    title: Annotated[Text, Meta(description="One line.")]
    place: Text | None = None
    actors: Annotated[list[Id], Meta(description="Ids of the actors involved.")] = field(default_factory=list)
    sources: Annotated[list[Id], Meta(description="Ids of the sources that report it.")] = field(
        default_factory=list
    )
    status: Annotated[EventStatus, Meta(description="How far the event is established.")] = "reported"
    credibility: (
        Annotated[Credibility, Meta(description="Admiralty scale: 1 confirmed … 6 cannot be judged.")] | None
    ) = None
    notes: Markdown | None = None
    tags: Tags = field(default_factory=list)


class Statement(_Item, frozen=True, kw_only=True):
    """What an actor said, reported saying, or declined to say."""

    actor: Annotated[Id, Meta(description="The id of the actor who said it (or declined to).")]
    kind: Annotated[StatementKind, Meta(description="quote, paraphrase or declined.")] = "quote"
    quote: (
        Annotated[Text, Meta(description="The words, in their original language; required unless declined.")]
        | None
    ) = None
    lang: (
        Annotated[LanguageTag, Meta(description="The language of the quote; default the brief's.")] | None
    ) = None
    translation: Text | None = None
    date: Annotated[FlexDate, Meta(description="When it was said.")] | None = None
    event: Annotated[Id, Meta(description="The id of the event it belongs to.")] | None = None
    source: Annotated[Id, Meta(description="The id of the source that reported it.")] | None = None
    context: Annotated[Text, Meta(description="Where and how it was said.")] | None = None
    tags: Tags = field(default_factory=list)


class Question(_Item, frozen=True, kw_only=True):
    """A question the story still leaves open (or that has been answered or become moot)."""

    question: Text
    status: Annotated[QuestionStatus, Meta(description="open, answered or moot.")] = "open"
    answer: Annotated[Markdown, Meta(description="Required when the status is answered.")] | None = None
    actors: list[Id] = field(default_factory=list)
    events: list[Id] = field(default_factory=list)
    sources: list[Id] = field(default_factory=list)
    tags: Tags = field(default_factory=list)


class Brief(Struct, forbid_unknown_fields=True, frozen=True, kw_only=True, gc=False):
    """One brief: everything known about a developing story, as of one date."""

    briefing: Annotated[Literal[1], Meta(description="Format marker and version: 1.")]
    title: Text
    as_of: Annotated[FlexDate, Meta(description="When the brief was last brought up to date.")]
    id: Annotated[Id, Meta(description="Defaults to the file name without its extension.")] | None = None
    language: LanguageTag = "en"
    summary: Markdown | None = None
    tags: Tags = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)


Item = Source | Actor | Event | Statement | Question

SECTIONS: dict[str, type[Struct]] = {
    "sources": Source,
    "actors": Actor,
    "events": Event,
    "statements": Statement,
    "questions": Question,
}
"""The top-level lists of a brief and the type of their items, in the order the format gives."""


def decode_hook(kind: type, value: object) -> object:
    """Build the format's date types from the strings the YAML reader yields."""
    if kind in (FlexDate, EventDate):
        if type(value) is int and 0 <= value <= 9999:
            value = f"{value:04d}"  # an unquoted year (`date: 2025`) reads as a number
        if not isinstance(value, str):
            raise TypeError(f"expected a date, got {type(value).__name__}")
        return _parse_date(kind, value)
    raise NotImplementedError


@functools.lru_cache(maxsize=4096)
def _parse_date(kind: type[FlexDate] | type[EventDate], text: str) -> FlexDate | EventDate:
    """Dates repeat (a brief of 10,000 statements has about 2,000 distinct ones) and never
    change once built, so each text is parsed once: half the time of decoding a cached brief."""
    return kind.parse(text)


def encode_hook(value: object) -> object:
    """Write the format's date types back as the text they were written as."""
    if isinstance(value, (FlexDate, EventDate)):
        return value.text
    raise NotImplementedError


def to_builtins(value: object) -> object:
    """The brief (or any part of it) as plain data: the shape of the YAML, dates as strings."""
    return msgspec.to_builtins(value, enc_hook=encode_hook)
