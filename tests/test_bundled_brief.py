"""The bundled brief against the French report it was built from.

The brief is meant to say nothing the text does not: its quotes must be the text's own
characters, its paraphrases excerpts of it, every actor the story turns on must be there, and
the file must load cleanly. The source text is kept beside the brief it documents, in `briefs/`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.loader import LoadedBrief, load
from briefing.model import Brief

ROOT = Path(__file__).resolve().parent.parent
BRIEF_PATH = ROOT / "briefs" / "ukraine-peace-plan-2025-11-19.yaml"
SOURCE_PATH = ROOT / "briefs" / "ukraine-peace-plan-2025-11-19.source.txt"
MODELINE = "yaml-language-server"
"""The bundled brief carries no schema line: it ships in the wheel and is copied as a model, and
any path it named would be wrong somewhere (`briefing schema --modeline` gives the right one)."""


@pytest.fixture(scope="module")
def loaded() -> LoadedBrief:
    result = load(BRIEF_PATH)
    assert result.errors == []
    assert result.loaded is not None
    return result.loaded


@pytest.fixture(scope="module")
def brief(loaded: LoadedBrief) -> Brief:
    return loaded.brief


@pytest.fixture(scope="module")
def source_text() -> str:
    return SOURCE_PATH.read_text(encoding="utf-8")


def test_brief_loads_with_its_file_name_as_id(loaded: LoadedBrief) -> None:
    assert loaded.brief.id == "ukraine-peace-plan-2025-11-19"
    assert loaded.brief.language == "fr"
    assert str(loaded.brief.as_of) == "2025-11-19"


def test_brief_names_no_schema_path_but_says_how_to_get_one() -> None:
    text = BRIEF_PATH.read_text(encoding="utf-8")
    assert MODELINE not in text
    assert "`briefing schema --modeline`" in text.splitlines()[0]


def test_every_quote_is_verbatim_from_the_source_and_translated(brief: Brief, source_text: str) -> None:
    quotes = [statement for statement in brief.statements if statement.kind == "quote"]
    assert {statement.id for statement in quotes} == {
        "axios-plan-scope",
        "axios-witkoff-dmitriev",
        "peskov-nothing-new",
        "yermak-constant-communication",
    }
    for statement in quotes:
        assert statement.quote, statement.id
        # The text quotes with straight double quotes: the quoted words sit right inside them.
        assert f'"{statement.quote}"' in source_text, statement.id
        assert statement.translation, statement.id
        assert statement.translation != statement.quote, statement.id


def test_paraphrases_are_excerpts_of_the_source(brief: Brief, source_text: str) -> None:
    paraphrases = [statement for statement in brief.statements if statement.kind == "paraphrase"]
    assert len(paraphrases) == 5
    for statement in paraphrases:
        assert statement.quote is not None
        assert statement.quote in source_text, statement.id
        assert statement.translation, statement.id


def test_refusals_and_silences_are_declined(brief: Brief) -> None:
    declined = {statement.actor for statement in brief.statements if statement.kind == "declined"}
    assert declined == {"kremlin", "ukrainian-presidency", "witkoff"}


def test_peskov_quote_is_the_kremlin_answer_at_the_afp_briefing(brief: Brief) -> None:
    statement = next(item for item in brief.statements if item.id == "peskov-nothing-new")
    assert statement.actor == "peskov"
    assert statement.source == "afp"
    assert statement.event == "peskov-briefing"
    assert statement.quote == "Nous n'avons rien de nouveau que nous puissions vous communiquer à ce sujet"
    # The text gives only the report's date: the answer's day is uncertain, not exact.
    assert str(statement.date) == "2025-11-19?"


def test_the_reporters_description_is_no_statement(brief: Brief) -> None:
    """The words "systématiquement décrié par le pays de Volodymyr Zelensky et ses alliés européens" are the
    reporter's summary, not words spoken by Ukraine or the Europeans."""
    assert not any("décrié" in (statement.quote or "") for statement in brief.statements)
    assert {statement.actor for statement in brief.statements}.isdisjoint({"ukraine", "european-allies"})


def test_claims_are_hedged_and_credited_as_the_text_credits_them(brief: Brief) -> None:
    assert brief.summary is not None
    summary = " ".join(brief.summary.split())
    assert "According to Axios, the US special envoy to the Middle East, **Steve Witkoff**, leads" in summary
    gaza = next(item for item in brief.statements if item.id == "axios-gaza-model")
    assert gaza.context is not None
    assert "because Witkoff leads both" not in gaza.context
    assert '"les équipes de Donald Trump"' in gaza.context


def test_no_day_is_exact_that_the_text_does_not_give(brief: Brief) -> None:
    """The text is dated 19 November 2025 and dates nothing else to the day."""
    dated = [*(event.date.start for event in brief.events), *(s.date for s in brief.statements if s.date)]
    assert all(date.day is None or date.uncertain or date.approximate for date in dated)


def test_key_actors_are_present_with_the_text_spellings_as_aliases(
    loaded: LoadedBrief, source_text: str
) -> None:
    actors = loaded.index.actors
    expected = {
        "trump": ("Donald Trump", set()),
        "putin": ("Vladimir Putin", {"Vladimir Poutine"}),
        "witkoff": ("Steve Witkoff", {"Steeve Witkoff"}),
        "dmitriev": ("Kirill Dmitriev", set()),
        "umerov": ("Rustem Umerov", {"Roustem Oumierov"}),
        "zelensky": ("Volodymyr Zelensky", {"Zelenskyy"}),
        "yermak": ("Andriy Yermak", {"Andriï Iermak", "Andrii Yermak"}),
        "peskov": ("Dmitry Peskov", {"Dmitri Peskov"}),
    }
    for actor_id, (name, aliases) in expected.items():
        assert actors[actor_id].name == name
        assert aliases <= set(actors[actor_id].aliases), actor_id
    # Both spellings of Witkoff's first name occur in the text, so both must find him.
    assert "Steeve Witkoff" in source_text
    assert "Steve Witkoff" in source_text
    assert {"united-states", "russia", "ukraine", "kremlin", "france", "israel", "hamas", "unsc"} <= set(
        actors
    )
    assert actors["axios-media"].kind == "media"
    assert actors["ukrainian-official"].affiliation == "ukraine"
    assert {"UNSC"} <= set(actors["unsc"].aliases) and {"NSDC"} <= set(actors["nsdc"].aliases)
    people = [actor for actor in actors.values() if actor.kind == "person"]
    assert [actor.id for actor in people if not actor.role] == []


ENGLISH_SPELLINGS = {"Zelenskyy", "Andrii Yermak", "UNSC", "NSDC"}
"""The usual English spellings, kept as aliases so that a search in English finds the actor."""


def test_every_alias_is_spelt_as_in_the_source(brief: Brief, source_text: str) -> None:
    for actor in brief.actors:
        for alias in actor.aliases:
            assert alias in source_text or alias in ENGLISH_SPELLINGS, (actor.id, alias)


def test_french_fragments_quoted_in_notes_and_contexts_are_verbatim(brief: Brief, source_text: str) -> None:
    """Notes and contexts quote the text in "..."; those quoted words must be the text's own."""
    fields: list[str | None] = [brief.summary]
    for section in (brief.sources, brief.actors, brief.events):
        fields.extend(item.notes for item in section)
    fields.extend(statement.context for statement in brief.statements)
    fragments = [
        fragment
        for value in fields
        if value
        for fragment in re.findall(r'"([^"]+)"', re.sub(r"\s*\n\s*", " ", value))
    ]
    assert len(fragments) > 20
    for fragment in fragments:
        assert fragment in source_text, fragment


def test_timeline_dates_follow_the_text(loaded: LoadedBrief) -> None:
    events = loaded.index.events
    assert str(events["axios-report"].date) == "2025-11-19?"
    assert str(events["peskov-briefing"].date) == "2025-11-19?"
    # Dates the text gives only vaguely are marked approximate.
    for vague in (
        "relations-cool",
        "miami-meeting",
        "gaza-plan-un-approval",
        "plan-drafting",
        "zelensky-turkey",
    ):
        assert events[vague].date.start.approximate, vague
    assert events["miami-meeting"].place == "Miami"
    assert events["miami-meeting"].status == "unverified"
    timeline = [event.id for event in loaded.index.timeline]
    assert (
        timeline.index("relations-cool") < timeline.index("axios-report") < timeline.index("zelensky-turkey")
    )


def test_sources_and_open_questions(brief: Brief) -> None:
    sources = {source.id: source for source in brief.sources}
    assert sources["axios"].kind == "outlet"
    assert sources["afp"].kind == "agency"
    assert sources["report"].kind == "outlet"
    # The text gives nothing to grade the sources by.
    assert all(source.reliability is None for source in brief.sources)
    assert len(brief.questions) >= 10
    questions = {question.id for question in brief.questions}
    assert {"washington-confirms", "yermak-communication-about-plan"} <= questions
    assert all(question.status == "open" for question in brief.questions)


def test_the_brief_checks_clean_under_strict() -> None:
    """Every warning of `briefing check` was looked at: fixed where the text supports it, else
    silenced with an ignore comment that says why (issue 16)."""
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "check", "--strict", str(BRIEF_PATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "1 brief checked: 0 warnings\n", "")


def test_every_ignore_in_the_brief_says_why() -> None:
    """An ignore comment stands under (or beside) a comment line that names the rule it silences."""
    lines = BRIEF_PATH.read_text("utf-8").splitlines()
    ignores = [(number, line) for number, line in enumerate(lines) if "briefing: ignore[" in line]
    assert ignores
    for number, line in ignores:
        rule = line.split("ignore[", 1)[1].split("]", 1)[0]
        assert f"`briefing check`: {rule}" in lines[number - 3] + lines[number - 2] + lines[number - 1]
