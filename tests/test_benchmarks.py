"""The benchmark generator writes briefs the loader accepts, with the counts it promises."""

from __future__ import annotations

import sys
from pathlib import Path

from briefing.loader import load, load_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import Counts, brief_text, generate


def test_generated_brief_loads_with_the_requested_counts(tmp_path: Path) -> None:
    path = generate(100, tmp_path)
    result = load(path)
    assert result.errors == []
    assert result.loaded is not None
    brief = result.loaded.brief
    counts = Counts.for_statements(100)
    assert len(brief.statements) == counts.statements == 100
    assert len(brief.actors) == counts.actors
    assert len(brief.events) == counts.events
    assert len(brief.questions) == counts.questions
    assert len(brief.sources) == counts.sources


def test_generated_brief_covers_the_format(tmp_path: Path) -> None:
    """Every status and kind, intervals, vague dates and translations appear (the point of the
    generator is to look like a real brief, not to be easy to parse)."""
    brief = load(generate(1_000, tmp_path)).loaded
    assert brief is not None
    statements, events = brief.brief.statements, brief.brief.events
    assert {s.kind for s in statements} == {"quote", "paraphrase", "declined"}
    assert {e.status for e in events} == {"reported", "confirmed", "denied", "disputed", "unverified"}
    assert {q.status for q in brief.brief.questions} == {"open", "answered", "moot"}
    assert any(e.date.end is not None for e in events)
    dates = [s.date for s in statements if s.date]
    assert any(d.approximate for d in dates) and any(d.uncertain for d in dates)
    assert any(d.month is None for d in dates) and any(d.time for d in dates)
    assert {s.lang for s in statements if s.translation} >= {"fr", "uk", "ar"}


def test_same_seed_same_bytes() -> None:
    assert brief_text(100) == brief_text(100)
    assert brief_text(100, seed=1) != brief_text(100)


def test_error_briefs_have_exactly_the_promised_errors() -> None:
    """The "validate … / valid" rows compare a brief with errors with the same brief valid."""
    from generate import references_text, with_typo

    (typo,) = load_text(with_typo(brief_text(100))).errors
    assert typo.message.startswith("unknown key `sourc` in this statement")
    assert load_text(references_text(50, 80)).ok
    broken = load_text(references_text(50, 80, broken=True)).errors
    assert len(broken) == 50
    assert all("is not the id of any actor" in error.message for error in broken)
