"""`briefing.diff`: two versions of a brief matched by id, the changes said in the story's words."""

from __future__ import annotations

import random
from pathlib import Path

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.canonical import canonical_text
from briefing.dates import EventDate, FlexDate
from briefing.diff import as_data, diff
from briefing.loader import load
from briefing.model import Brief, Event, Question, Statement
from briefing.text import json_text

BUNDLED = Path(__file__).parent.parent / "briefs" / "ukraine-peace-plan-2025-11-19.yaml"
GOLDEN = Path(__file__).parent / "golden" / "diff-bundled.json"
BASE = load(BUNDLED).loaded.brief  # type: ignore[union-attr]


def replace(brief: Brief, **changes: object) -> Brief:
    return msgspec.structs.replace(brief, **changes)


def with_item(section: str, item_id: str, **changes: object) -> Brief:
    items = [msgspec.structs.replace(i, **changes) if i.id == item_id else i for i in getattr(BASE, section)]
    return replace(BASE, **{section: items})


def texts(old: Brief, new: Brief) -> list[str]:
    return [change.text for change in diff(old, new)]


def second_version() -> Brief:
    """The bundled brief two days on: the Miami meeting confirmed, a new statement by Peskov, a
    question answered, an actor's role changed, an event renamed, one removed, one added."""
    brief = with_item("events", "miami-meeting", status="confirmed")
    events = [e for e in brief.events if e.id != "zelensky-turkey"]
    events.append(
        Event(id="plan-published", date=EventDate.parse("2025-11-21"), title="The plan is published")
    )
    events = [
        msgspec.structs.replace(e, id="kyiv-silence") if e.id == "kyiv-no-reaction" else e for e in events
    ]
    questions = [
        msgspec.structs.replace(q, status="answered", answer="The Kremlin confirmed it on 21 Nov.")
        if q.id == "russia-confirms"
        else msgspec.structs.replace(
            q, events=["kyiv-silence" if e == "kyiv-no-reaction" else e for e in q.events]
        )
        for q in brief.questions
    ]
    statements = [
        *brief.statements,
        Statement(
            id="peskov-confirms", actor="peskov", quote="Nous confirmons", date=FlexDate.parse("2025-11-21")
        ),
    ]
    actors = [
        msgspec.structs.replace(a, role="Chief negotiator") if a.id == "umerov" else a for a in brief.actors
    ]
    return replace(
        brief,
        as_of=FlexDate.parse("2025-11-21"),
        events=events,
        questions=questions,
        statements=statements,
        actors=actors,
    )


def test_a_brief_equals_itself() -> None:
    assert diff(BASE, BASE) == []


def test_reordered_items_and_tags_are_not_changes() -> None:
    shuffled = replace(
        BASE,
        events=BASE.events[::-1],
        actors=BASE.actors[::-1],
        tags=BASE.tags[::-1],
        questions=[msgspec.structs.replace(q, actors=q.actors[::-1]) for q in BASE.questions],
    )
    assert diff(BASE, shuffled) == []


def test_a_field_change_is_said_in_the_story_words() -> None:
    assert texts(BASE, with_item("events", "miami-meeting", status="confirmed")) == [
        "event `miami-meeting`: status unverified → confirmed"
    ]


def test_a_long_text_field_is_said_to_have_changed() -> None:
    [change] = diff(BASE, with_item("actors", "umerov", role="Chief negotiator"))
    assert change.text == "actor `umerov`: role changed"
    assert change.fields[0].new == "Chief negotiator"
    assert change.fields[0].old != "Chief negotiator"


def test_as_of_change() -> None:
    [change] = diff(BASE, replace(BASE, as_of=FlexDate.parse("2025-11-21")))
    assert (change.section, change.text) == ("brief", "as of 19 Nov 2025 → 21 Nov 2025")
    assert (change.fields[0].old, change.fields[0].new) == ("2025-11-19", "2025-11-21")


def test_added_and_removed_items() -> None:
    statement = Statement(id="peskov-new", actor="peskov", quote="Nous confirmons")
    added = replace(BASE, statements=[*BASE.statements, statement])
    [change] = diff(BASE, added)
    assert change.kind == "added"
    assert change.text.startswith("new statement `peskov-new` by Dmitry Peskov")
    assert change.text.endswith("(quote, fr)")
    [change] = diff(added, BASE)
    assert (change.kind, change.id) == ("removed", "peskov-new")
    assert change.text.startswith("removed statement `peskov-new` by Dmitry Peskov")


def test_a_question_answered() -> None:
    answered = with_item("questions", "russia-confirms", status="answered", answer="Yes, on 21 Nov.")
    assert texts(BASE, answered) == ["question `russia-confirms` answered: Yes, on 21 Nov."]


def test_a_rename_with_identical_content_is_one_rename_and_references_follow() -> None:
    renamed = second_version()
    changes = {change.id: change for change in diff(BASE, renamed)}
    rename = changes["kyiv-silence"]
    assert (rename.kind, rename.old_id) == ("renamed", "kyiv-no-reaction")
    assert "kyiv-no-reaction" not in changes
    # `ukraine-position` refers to the renamed event: following the rename is no change.
    assert "ukraine-position" not in changes


def test_an_edited_and_renamed_item_is_a_removal_and_an_addition() -> None:
    events = [
        msgspec.structs.replace(e, id="other", title="Other") if e.id == "zelensky-turkey" else e
        for e in BASE.events
    ]
    kinds = sorted((c.kind, c.id) for c in diff(BASE, replace(BASE, events=events)))
    assert kinds == [("added", "other"), ("removed", "zelensky-turkey")]


def test_identical_items_renamed_pair_in_file_order() -> None:
    twin = [Question(id=f"q{n}", question="Same?") for n in range(3)]
    old = replace(BASE, questions=twin)
    new = replace(BASE, questions=[msgspec.structs.replace(q, id=f"r{n}") for n, q in enumerate(twin)])
    assert [(c.old_id, c.id) for c in diff(old, new)] == [("q0", "r0"), ("q1", "r1"), ("q2", "r2")]


def test_json_is_stable() -> None:
    """The golden file is the documented `--format json` (docs/diff.md): a change to it is a
    change of a published format."""
    data = as_data(diff(BASE, second_version()), {"path": "old.yaml"}, {"path": "new.yaml"})
    assert json_text(data) + "\n" == GOLDEN.read_text(encoding="utf-8")


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_any_shuffle_of_any_section_is_no_change(rng: random.Random) -> None:
    sections = {}
    for section in ("sources", "actors", "events", "statements", "questions"):
        items = list(getattr(BASE, section))
        rng.shuffle(items)
        sections[section] = items
    assert diff(BASE, replace(BASE, **sections)) == []


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_dropping_items_is_exactly_those_removals(data: st.DataObject) -> None:
    """Differential: the removals reported are the ids dropped, no more, no fewer; the other way
    round they are additions."""
    dropped = set(data.draw(st.sets(st.sampled_from([q.id for q in BASE.questions]))))
    smaller = replace(BASE, questions=[q for q in BASE.questions if q.id not in dropped])
    assert {(c.kind, c.id) for c in diff(BASE, smaller)} == {("removed", i) for i in dropped}
    assert {(c.kind, c.id) for c in diff(smaller, BASE)} == {("added", i) for i in dropped}


def test_the_brief_id_from_the_file_name_is_not_a_change() -> None:
    """Two copies of one brief under other names (git's temporary files) tell the same story."""
    assert diff(BASE, replace(BASE, id="another-name")) == []


@settings(max_examples=20, deadline=None)
@given(st.randoms(use_true_random=False))
def test_canonical_text_ignores_order(rng: random.Random) -> None:
    sections = {}
    for section in ("sources", "actors", "events", "statements", "questions"):
        items = [
            msgspec.structs.replace(i, tags=i.tags[::-1]) if hasattr(i, "tags") else i
            for i in getattr(BASE, section)
        ]
        rng.shuffle(items)
        sections[section] = items
    assert canonical_text(replace(BASE, **sections)) == canonical_text(BASE)


def test_canonical_text_is_clean() -> None:
    hostile = with_item("events", "miami-meeting", title="a\x1b]0;x\x07\u202eb", notes="one\n\x1b[2Jtwo")
    text = canonical_text(hostile)
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "event `miami-meeting`: a" in text
