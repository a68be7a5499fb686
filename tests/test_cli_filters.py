"""`show` and `export` take the reader's filters (`--status`, `--kind`, …), run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_cli import run

from briefing.export import ExportOptions, render
from briefing.filters import FACET_TITLES, Filter, options
from briefing.loader import load, load_text

TALKS = Path(__file__).parent / "data" / "app" / "talks.yaml"


def test_show_keeps_only_the_events_and_statements_asked_for() -> None:
    result = run(
        "show", TALKS, "--width", "100", "--status", "disputed", "--status", "unverified", "--kind", "quote"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Only the items filtered to disputed, unverified, quote.")
    assert "DISPUTED" in out and "UNVERIFIED" in out
    assert "CONFIRMED" not in out and "DENIED" not in out  # not pulled in by a statement made at it
    assert "Ce document n'est pas le nôtre" in out and "Nous avons bon espoir" in out
    assert "He said the delegation never left" not in out


def test_export_json_of_a_filter_is_a_valid_brief(tmp_path: Path) -> None:
    out = tmp_path / "only.json"
    result = run("export", TALKS, "--format", "json", "-o", out, "--source", "gazette", "--question", "open")
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {event["id"] for event in data["events"]} == {"leak", "walkout"}
    assert {statement["id"] for statement in data["statements"]} == {"plekszy-no-walkout", "oumierov-leak"}
    assert [question["id"] for question in data["questions"]] == []  # the open one cites no source
    assert run("validate", out).returncode == 0


def test_usage_errors_name_the_option() -> None:
    unknown = run("export", TALKS, "--source", "nobody")
    assert unknown.returncode == 2 and "--source: no source with id 'nobody'" in unknown.stderr
    assert "afp, gazette" in unknown.stderr
    shown = run("show", TALKS, "--source", "nobody")
    assert shown.returncode == 2 and "--source" in shown.stderr and shown.stdout == ""
    bad = run("show", TALKS, "--credibility", "7")
    assert bad.returncode == 2 and "invalid choice: '7'" in bad.stderr


FACET_OPTIONS = {
    "statuses": "--status",
    "credibility": "--credibility",
    "kinds": "--kind",
    "questions": "--question",
    "sources": "--source",
    "reliability": "--reliability",
    "tags": "--tag",
}


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_filter_exports_a_brief_that_validates_and_keeps_what_it_matches(data: st.DataObject) -> None:
    loaded = load(TALKS).loaded
    assert loaded is not None
    index = loaded.index
    chosen = Filter()
    for facet, value, _count in data.draw(st.lists(st.sampled_from(list(options(index))), max_size=4)):
        chosen = chosen.toggled(facet, value)
    text = render(loaded, "json", ExportOptions(filter=chosen))
    reloaded = load_text(text, Path("filtered.json"))
    assert reloaded.loaded is not None and not reloaded.errors, reloaded.errors
    kept = reloaded.loaded.brief
    # Every event, statement and question the filter matches is kept, and no other event.
    for section in ("events", "statements", "questions"):
        wanted = {item.id for item in getattr(index.brief, section) if chosen.matches(item, index)}
        assert {item.id for item in getattr(kept, section)} >= wanted
    assert {event.id for event in kept.events} == {
        e.id for e in index.brief.events if chosen.matches(e, index)
    }


def test_every_facet_has_its_option() -> None:
    assert set(FACET_OPTIONS) == set(FACET_TITLES)
    help_text = run("export", "--help").stdout + run("show", "--help").stdout
    assert all(help_text.count(option) >= 2 for option in FACET_OPTIONS.values())
