"""The quality rules of `briefing check` (`briefing.quality`): for each rule a brief that triggers
it and one that does not; where warnings are placed; what a brief silences; and generated valid
briefs, which `check` must never crash on."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import briefs, to_yaml

from briefing.loader import LoadedBrief, load_text
from briefing.quality import RULES, Options, QualityWarning, check, findings
from briefing.textplaces import LINE_BREAK


def brief(**sections: Any) -> dict[str, Any]:
    return {"briefing": 1, "title": "T", "as_of": "2025-11-19", "language": "en", **sections}


def loaded(text: str) -> LoadedBrief:
    result = load_text(text, "b.yaml")
    assert result.loaded is not None, result.errors
    return result.loaded


def found(data: dict[str, Any] | str, rule: str, **options: Any) -> list[QualityWarning]:
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    report = check(loaded(text), text, rules=[rule], options=Options(**options))
    assert report.errors == []
    return report.warnings


SRC = [
    {"id": "axios", "name": "Axios", "url": "https://www.axios.com/x"},
    {"id": "afp", "name": "AFP", "reliability": "B"},
    {"id": "axios-2", "name": "axios ", "kind": "outlet"},
    {"id": "axios-site", "name": "Axios Pro", "url": "https://axios.com/y"},
    {"id": "rumour", "name": "Rumour", "reliability": "E"},
    {"id": "unknown", "name": "Unknown", "reliability": "F"},
]
SOCIAL = [
    {"id": "kremlin-x", "name": "Kremlin on X", "url": "https://x.com/kremlin"},
    {"id": "zelensky-x", "name": "Zelensky on X", "url": "https://x.com/zelenskyy"},
]
ACTORS = [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]


def event(**fields: Any) -> dict[str, Any]:
    return {"id": "e", "date": "2025-11-18", "title": "E", **fields}


def statement(**fields: Any) -> dict[str, Any]:
    return {"id": "s", "actor": "a", "quote": "words", **fields}


# (rule, a brief that triggers it, the id of the item warned about, a brief that does not)
CASES: list[tuple[str, dict[str, Any], str | None, dict[str, Any]]] = [
    ("unsourced", brief(events=[event()]), "e", brief(sources=SRC, events=[event(sources=["afp"])])),
    (
        "unsourced",
        brief(actors=ACTORS, statements=[statement()]),
        "s",
        brief(sources=SRC, actors=ACTORS, statements=[statement(source="afp")]),
    ),
    (
        "single-source-confirmed",
        brief(sources=SRC, events=[event(sources=["axios"], status="confirmed")]),
        "e",
        brief(sources=SRC, events=[event(sources=["axios", "afp"], status="confirmed")]),
    ),
    (  # one outlet under two names: not independent
        "single-source-confirmed",
        brief(sources=SRC, events=[event(sources=["axios", "axios-2"], status="confirmed")]),
        "e",
        brief(sources=SRC, events=[event(sources=["axios", "afp"], credibility=1)]),
    ),
    (  # one web site under two names
        "single-source-confirmed",
        brief(sources=SRC, events=[event(sources=["axios", "axios-site"], credibility=1)]),
        "e",
        brief(sources=SRC, events=[event(sources=["axios"], credibility=2)]),
    ),
    (  # briefing.corroboration decides: two accounts on one social network are two outlets
        "single-source-confirmed",
        brief(sources=SRC, events=[event(sources=["axios", "axios-2", "axios-site"], status="confirmed")]),
        "e",
        brief(sources=SOCIAL, events=[event(sources=["kremlin-x", "zelensky-x"], status="confirmed")]),
    ),
    (
        "grade-contradiction",
        brief(sources=SRC, events=[event(sources=["afp"], status="confirmed", credibility=4)]),
        "e",
        brief(sources=SRC, events=[event(sources=["afp"], status="confirmed", credibility=2)]),
    ),
    (
        "grade-contradiction",
        brief(events=[event(status="denied", credibility=2)]),
        "e",
        brief(events=[event(status="denied", credibility=5)]),
    ),
    (
        "unreliable-support",
        brief(sources=SRC, events=[event(sources=["rumour", "unknown"], status="confirmed")]),
        "e",
        brief(sources=SRC, events=[event(sources=["rumour", "afp"], status="confirmed")]),
    ),
    (
        "dated-after-as-of",
        brief(events=[event(date="2025-11-20")]),
        "e",
        brief(events=[event(date="2025-11")]),
    ),
    (
        "dated-after-as-of",
        brief(actors=ACTORS, statements=[statement(date="2025-11-19T23:30-02:00")]),
        "s",
        brief(actors=ACTORS, statements=[statement(date="2025-11-19T23:30Z")]),
    ),
    (
        "ends-after-as-of",
        brief(events=[event(date="2025-11-18/2025-11-25")]),
        "e",
        brief(events=[event(date="2025-11-18/2025-11-19")]),
    ),
    (
        "untranslated",
        brief(actors=ACTORS, statements=[statement(lang="ru")]),
        "s",
        brief(
            actors=ACTORS, statements=[statement(lang="en-GB"), statement(id="t", lang="ru", translation="x")]
        ),
    ),
    (
        "translation-same-as-quote",
        brief(actors=ACTORS, statements=[statement(lang="fr", quote="Paris  est", translation="Paris est ")]),
        "s",
        brief(actors=ACTORS, statements=[statement(lang="fr", quote="Paris est", translation="Paris is")]),
    ),
    (
        "unreferenced",
        brief(actors=ACTORS[:1]),
        "a",
        brief(actors=ACTORS[:1], events=[event(actors=["a"])], statements=[statement(event="e")]),
    ),
    (
        "unreferenced",
        brief(sources=SRC[:1], events=[event(sources=["axios"])]),
        "e",
        brief(actors=ACTORS[:1], events=[event(actors=["a"])], statements=[statement(event="e")]),
    ),
    (
        "affiliation-cycle",
        brief(
            actors=[
                {"id": "a", "name": "A", "affiliation": "b"},
                {"id": "b", "name": "B", "affiliation": "a"},
            ]
        ),
        "a",
        brief(actors=[{"id": "a", "name": "A", "affiliation": "b"}, {"id": "b", "name": "B"}]),
    ),
    (
        "duplicate-quote",
        brief(actors=ACTORS, statements=[statement(), statement(id="t", actor="b", quote=" Words")]),
        "t",
        brief(actors=ACTORS, statements=[statement(), statement(id="t", quote="other words")]),
    ),
    (
        "duplicate-actor",
        brief(actors=[{"id": "a", "name": "Zelensky"}, {"id": "b", "name": "V.", "aliases": ["Zélensky"]}]),
        "b",
        brief(actors=[{"id": "a", "name": "Zelensky"}, {"id": "b", "name": "Zelenska"}]),
    ),
    (
        "group-label-variants",
        brief(
            actors=[
                {"id": "a", "name": "A", "group": "Germany"},
                {"id": "b", "name": "B", "group": "germany"},
            ]
        ),
        "b",
        brief(
            actors=[
                {"id": "a", "name": "A", "group": "Germany"},
                {"id": "b", "name": "B", "group": "Germany"},
            ]
        ),
    ),
    (
        "stale-question",
        brief(events=[event(date="2025-09-01")], questions=[{"id": "q", "question": "Q?", "events": ["e"]}]),
        "q",
        brief(
            events=[event(date="2025-09-01/2025-11-01")],
            questions=[{"id": "q", "question": "Q?", "events": ["e"]}],
        ),
    ),
    (
        "as-of-outdated",
        brief(events=[event(), event(id="f", date="2025-12")]),
        None,
        brief(events=[event(), event(id="f", date="2025-11")]),
    ),
]


@pytest.mark.parametrize(("rule", "triggers", "item", "clean"), CASES, ids=[case[0] for case in CASES])
def test_each_rule_triggers_and_stays_quiet(
    rule: str, triggers: dict[str, Any], item: str | None, clean: dict[str, Any]
) -> None:
    warnings = found(triggers, rule)
    assert [(warning.rule, warning.item) for warning in warnings] == [(rule, item)]
    assert warnings[0].message and "\n" not in warnings[0].message
    assert found(clean, rule) == []


def test_every_rule_has_a_case() -> None:
    assert {case[0] for case in CASES} == set(RULES)


def test_a_cycle_is_reported_once_and_self_affiliation_is_a_cycle() -> None:
    ring = [
        {"id": "c", "name": "C", "affiliation": "a"},
        {"id": "a", "name": "A", "affiliation": "b"},
        {"id": "b", "name": "B", "affiliation": "c"},
        {"id": "d", "name": "D", "affiliation": "a"},  # leads into the ring, is not in it
        {"id": "e", "name": "E", "affiliation": "e"},
    ]
    warnings = found(brief(actors=ring), "affiliation-cycle")
    assert [(warning.item, warning.message) for warning in warnings] == [
        ("c", "the actor 'c' is affiliated with itself: c → a → b → c"),
        ("e", "the actor 'e' is affiliated with itself: e → e"),
    ]


def test_stale_days_and_question_status() -> None:
    data = brief(
        events=[event(date="2025-10-19")], questions=[{"id": "q", "question": "Q?", "events": ["e"]}]
    )
    (warning,) = found(data, "stale-question")  # 31 days, more than 30
    assert "31 days older than as_of" in warning.message
    assert found(data, "stale-question", stale_days=31) == []
    data["questions"][0]["status"] = "moot"
    assert found(data, "stale-question") == []
    del data["questions"][0]["events"]
    data["questions"][0]["status"] = "open"
    assert found(data, "stale-question") == []  # no event: no age


TEXT = """\
briefing: 1
title: T
as_of: 2025-11-19
sources:
  - id: afp
    name: AFP
events:
  - id: quiet
    date: 2025-11-18
    title: Fine
    sources: [afp]
  -   id: graded
      date: 2025-11-18
      title: Graded
      sources:
        - afp
      status: confirmed
      credibility: 5
  - {id: flow, date: 2025-11-18, title: Flow, status: denied, credibility: 1, sources: [afp]}
  - id: bare
    date: 2025-11-18
    title: Bare
questions:
  - id: q
    question: Which?
    events: [quiet, graded, flow, bare]
"""


def test_a_warning_is_placed_at_its_field_or_its_item() -> None:
    warnings = check(loaded(TEXT), TEXT).warnings
    assert [(w.line, w.column, w.rule, w.item) for w in warnings] == [
        (15, 7, "single-source-confirmed", "graded"),  # at `sources`
        (18, 7, "grade-contradiction", "graded"),  # at `credibility`
        (19, 5, "single-source-confirmed", "flow"),  # flow style: at the item (credibility 1)
        (19, 5, "grade-contradiction", "flow"),
        (20, 5, "unsourced", "bare"),  # at the item
    ]
    assert str(warnings[0]).startswith("b.yaml:15:7: warning[single-source-confirmed]: the event 'graded'")


def test_as_of_outdated_is_placed_at_as_of() -> None:
    text = TEXT.replace("2025-11-18\n    title: Bare", "2025-11-20\n    title: Bare")
    (warning,) = check(loaded(text), text, rules=["as-of-outdated"]).warnings
    assert (warning.line, warning.column, warning.item) == (3, 1, None)
    assert "'bare' (2025-11-20)" in warning.message


def test_x_check_silences_rules_for_the_whole_brief() -> None:
    for settings_text in (
        "x-check: {ignore: [unsourced]}\n",
        "x-check:\n  # why\n  ignore:\n    - unsourced\n",
    ):
        text = TEXT.replace("title: T\n", "title: T\n" + settings_text)
        report = check(loaded(text), text)
        assert report.errors == []
        assert {warning.rule for warning in report.warnings} == {
            "single-source-confirmed",
            "grade-contradiction",
        }


@pytest.mark.parametrize(
    ("settings_text", "message"),
    [
        ("x-check: {ignore: [unsorced]}\n", "x-check: unknown rule 'unsorced' (did you mean 'unsourced'?)"),
        ("x-check: {ignored: [unsourced]}\n", "x-check must be a mapping with one key"),
        ("x-check: {ignore: unsourced}\n", "x-check: ignore must be a list of rule ids"),
        ("x-check: [unsourced]\n", "x-check must be a mapping with one key"),
        # Values that would silence nothing are said to be wrong, whatever their type.
        ("x-check: {ignore: 0}\n", "x-check: ignore must be a list of rule ids"),
        ("x-check: {ignore: false}\n", "x-check: ignore must be a list of rule ids"),
        ("x-check: {ignore: {}}\n", "x-check: ignore must be a list of rule ids"),
        ("x-check: {ignore: ''}\n", "x-check: ignore must be a list of rule ids"),
        ("x-check: {ignore: [1, unsourced]}\n", "x-check: ignore must be a list of rule ids"),
        ("x-check: {ignore: [[unsourced]]}\n", "x-check: ignore must be a list of rule ids"),
    ],
)
def test_x_check_mistakes_are_errors(settings_text: str, message: str) -> None:
    text = TEXT.replace("title: T\n", "title: T\n" + settings_text)
    (error,) = check(loaded(text), text).errors
    assert (error.line, error.column) == (3, 1)
    assert error.message.startswith(message)


@pytest.mark.parametrize(
    "title",
    [
        '"T\nx-check: {ignore: [unsourced]}"',
        '"T\nx-check: {ignore: [unsourced]}\n"',
        "'T\nx-check: [1]'",
    ],
)
def test_x_check_inside_a_text_is_not_the_setting(title: str) -> None:
    """A quoted title over several lines may have a line that reads like the key: it is the
    title's words, which neither silence a rule nor are a mistake in the settings."""
    text = TEXT.replace("title: T\n", f"title: {title}\n")
    report = check(loaded(text), text)
    assert "x-check" in loaded(text).brief.title
    assert report.errors == []
    assert [w.rule for w in report.warnings].count("unsourced") == 1


def test_an_ignore_comment_silences_its_item_only() -> None:
    text = TEXT.replace(
        "  -   id: graded\n",
        "  -   id: graded  # briefing: ignore[grade-contradiction, single-source-confirmed]\n",
    )
    text = text.replace("  - id: bare\n", "  - id: bare\n    # briefing: ignore[unsourced]\n")
    text = text.replace("sources: [afp]}\n", "sources: [afp]}  #briefing: ignore[single-source-confirmed]\n")
    report = check(loaded(text), text)
    assert report.errors == []
    # The comment on `bare`'s second line is not on its first: it silences nothing.
    assert [(w.rule, w.item) for w in report.warnings] == [
        ("grade-contradiction", "flow"),
        ("unsourced", "bare"),
    ]


def test_an_ignore_comment_with_an_unknown_rule_is_an_error() -> None:
    text = TEXT.replace("  - id: bare\n", "  - id: bare  # briefing: ignore[unsourcd]\n")
    (error,) = check(loaded(text), text).errors
    assert (error.line, error.column) == (20, 34)  # at the rule id
    assert error.message == "ignore comment: unknown rule 'unsourcd' (did you mean 'unsourced'?)"


FLOW_WARNINGS = ["single-source-confirmed", "grade-contradiction"]


@pytest.mark.parametrize(
    "title",
    [
        "'x# briefing: ignore[grade-contradiction]'",
        # After a blank, inside quotes (with text in other scripts before it): text of the brief,
        # which neither silences a warning on the item's first line nor is an error.
        "'x # briefing: ignore[grade-contradiction]'",
        '"Ünïcødé 日本 # briefing: ignore[single-source-confirmed, grade-contradiction]"',
        '"a quote of a style guide: # briefing: ignore[everything]"',
    ],
)
def test_an_ignore_inside_a_quoted_text_is_not_a_comment(title: str) -> None:
    text = TEXT.replace("title: Flow", f"title: {title}")
    report = check(loaded(text), text)
    assert report.errors == []
    assert [w.rule for w in report.warnings if w.item == "flow"] == FLOW_WARNINGS


def test_an_ignore_inside_a_block_text_is_not_a_comment() -> None:
    text = TEXT.replace("title: Bare", "title: |\n      Bare\n      # briefing: ignore[nothing]")
    assert check(loaded(text), text).errors == []


def test_an_ignore_comment_after_a_text_that_holds_one() -> None:
    """A real comment after a quoted text that holds the same words is a comment."""
    first = "  - title: 'x # briefing: ignore[nothing]'  # briefing: ignore[unsourced]\n"
    bare = "  - id: bare\n    date: 2025-11-18\n    title: Bare\n"
    text = TEXT.replace(bare, first + "    id: bare\n    date: 2025-11-18\n")
    report = check(loaded(text), text)
    assert report.errors == []
    assert [w.rule for w in report.warnings if w.item == "bare"] == []
    text = text.replace("ignore[unsourced]", "ignore[unsourced, unsourcd]")
    (error,) = check(loaded(text), text).errors
    row = text.splitlines()[error.line - 1]
    assert row[error.column - 1 :] == "unsourced, unsourcd]"
    assert error.message.startswith("ignore comment: unknown rule 'unsourcd'")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=briefs(), plain_dates=st.booleans(), stale_days=st.integers(0, 400))
def test_a_generated_valid_brief_never_crashes_check(
    data: dict[str, Any], plain_dates: bool, stale_days: int
) -> None:
    """Every warning names a rule, a line inside the file, at or after its item's first line."""
    text = to_yaml(data, plain_dates=plain_dates)
    brief = loaded(text)
    report = check(brief, text, options=Options(stale_days=stale_days))
    assert report.errors == []
    last_line = len(LINE_BREAK.findall(text)) + 1
    for warning in report.warnings:
        assert warning.rule in RULES
        assert "\n" not in warning.message and "\r" not in warning.message  # a one-line reason
        assert 1 <= warning.line <= last_line and warning.column >= 1
        if warning.item is not None:
            assert warning.line >= brief.lines[warning.item]
    assert len(report.warnings) == len(findings(brief.brief, Options(stale_days=stale_days)))


def test_a_name_on_two_lines_gives_a_one_line_reason() -> None:
    actors = [
        {"id": "a", "name": "Jean\nDupont", "group": "Le\nGroupe"},
        {"id": "b", "name": "jean dupont", "group": "le groupe"},
    ]
    warnings = found(brief(actors=actors), "duplicate-actor") + found(
        brief(actors=actors), "group-label-variants"
    )
    assert [warning.message for warning in warnings] == [
        "the actor 'b' shares the name 'jean dupont' with 'a'",
        "the group 'le groupe' of the actor 'b' is spelt 'Le Groupe' elsewhere",
    ]


class _CountingActors(dict):  # type: ignore[type-arg]
    """`index.actors`, counting every look-up the rule makes."""

    looks = 0

    def __getitem__(self, key: str) -> Any:
        _CountingActors.looks += 1
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        _CountingActors.looks += 1
        return super().__contains__(key)


def _affiliation_cycles_looks(actors: list[dict[str, Any]]) -> tuple[list[Any], int]:
    from briefing.index import BriefIndex
    from briefing.quality import _affiliation_cycle

    brief_ = loaded(yaml.safe_dump(brief(actors=actors), sort_keys=False)).brief
    index = BriefIndex(brief_)
    index.actors = _CountingActors(index.actors)
    _CountingActors.looks = 0
    found_ = list(_affiliation_cycle(brief_, index, Options()))
    return found_, _CountingActors.looks


@pytest.mark.parametrize("ring", [False, True])
def test_affiliation_cycle_looks_at_each_actor_a_few_times(ring: bool) -> None:
    """A chain of 400 affiliations (a0 → a1 → … → a399, and back to a0 when a ring): a few look-ups
    an actor, not a walk of the chain from every actor (cubic: 10,000 actors would take hours)."""
    count = 400
    actors = [
        {
            "id": f"a{n}",
            "name": f"A{n}",
            **({"affiliation": f"a{(n + 1) % count}"} if ring or n + 1 < count else {}),
        }
        for n in range(count)
    ]
    cycles, looks = _affiliation_cycles_looks(actors)
    assert len(cycles) == (1 if ring else 0)
    assert looks <= 4 * count


def _cycles_by_walking(actors: list[dict[str, Any]]) -> list[str]:
    """The rule as first written, walking the chain from every actor: the reference."""
    numbers = {actor["id"]: n for n, actor in enumerate(actors)}
    by_id = {actor["id"]: actor for actor in actors}
    reported: set[str] = set()
    rings = []
    for actor in actors:
        chain = [actor["id"]]
        current = actor.get("affiliation")
        while current is not None and current not in chain and current in by_id:
            chain.append(current)
            current = by_id[current].get("affiliation")
        if current != actor["id"] or reported & set(chain):
            continue
        reported.update(chain)
        first = min(chain, key=numbers.__getitem__)
        turn = chain.index(first)
        rings.append(" → ".join([*chain[turn:], *chain[:turn], first]))
    return rings


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 11)), min_size=1, max_size=12))
def test_affiliation_cycles_agree_with_walking_every_chain(affiliations: list[int | None]) -> None:
    """Differential, on every shape of affiliations (rings, chains into rings, self-affiliation,
    none): the same cycles, in the same order, as the walk from every actor."""
    count = len(affiliations)
    actors = [
        {"id": f"a{n}", "name": f"A{n}", **({"affiliation": f"a{to % count}"} if to is not None else {})}
        for n, to in enumerate(affiliations)
    ]
    cycles, _ = _affiliation_cycles_looks(actors)
    assert [finding.message.split(": ", 1)[1] for finding in cycles] == _cycles_by_walking(actors)
