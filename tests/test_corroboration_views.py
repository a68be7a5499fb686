"""Corroboration where people read it: the reader's rows, details, `show` and every export, all
in the one wording of `describe.corroboration_label` (`2 sources · B2`)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_corroboration import BRIEF

from briefing import describe
from briefing.app import BriefingApp
from briefing.corroboration import corroborate
from briefing.export import render
from briefing.loader import LoadedBrief, load
from briefing.model import Source
from briefing.screens.detail import detail_rows


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    path = tmp_path / "corroboration.yaml"
    path.write_text(BRIEF, encoding="utf-8")
    return path


def loaded(path: Path) -> LoadedBrief:
    result = load(path)
    assert result.loaded is not None, result.errors
    return result.loaded


@pytest.mark.parametrize(
    ("names", "letters", "credibility", "label"),
    [
        ([], "", None, "no source"),
        (["AFP"], "", 3, "1 source"),
        (["AFP"], "B", None, "1 source · B"),
        (["AFP", "Axios"], "BD", 2, "2 sources · B2"),
        (["AFP", "afp", "Axios"], "CBD", 2, "3 sources, 2 independent · B2"),
    ],
)
def test_one_wording(names: list[str], letters: str, credibility: int | None, label: str) -> None:
    sources = [
        Source(id=f"s{i}", name=name, reliability=letters[i] if letters else None)
        for i, name in enumerate(names)
    ]
    assert describe.corroboration_label(corroborate(sources, credibility)) == label


def test_reliability_span() -> None:
    one = corroborate([Source(id="a", name="A", reliability="B")])
    two = corroborate([Source(id="a", name="A", reliability="B"), Source(id="d", name="D", reliability="D")])
    assert describe.reliability_span(one) == "B usually reliable"
    assert describe.reliability_span(two) == "best B usually reliable, worst D not usually reliable"
    assert describe.reliability_span(corroborate([])) == ""


def test_details_show_corroboration_and_each_source_s_reliability(brief: Path) -> None:
    rows = {row.id: row.value for row in detail_rows(loaded(brief), "briefing")}
    assert rows["field:Corroboration"] == "3 sources, 2 independent · B2"
    assert rows["field:Reliability"] == "best B usually reliable, worst D not usually reliable"
    assert rows["out:Sources:afp"] == "source: AFP (B usually reliable)"
    assert rows["out:Sources:axios"] == "source: Axios (D not usually reliable)"
    statement = {row.id: row.value for row in detail_rows(loaded(brief), "alone")}
    assert statement["field:Corroboration"] == "no source"  # the event's sources are not its own
    assert "field:Reliability" not in statement
    actor = {row.id for row in detail_rows(loaded(brief), "peskov")}
    assert "field:Corroboration" not in actor


def test_show_prints_corroboration(brief: Path) -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "briefing", "show", str(brief), "--width", "120"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "corroboration: 3 sources, 2 independent · B2" in shown
    assert "corroboration: 1 source · F" in shown
    assert "corroboration: no source" in shown
    assert "corroboration: 1 source · D" in shown  # the statement reported by Axios


def test_markdown_and_html_carry_the_label(brief: Path) -> None:
    markdown = render(loaded(brief), "md")
    assert "Corroboration: 3 sources, 2 independent · B2." in markdown
    assert "Corroboration: no source." in markdown
    page = render(loaded(brief), "html")
    assert "Corroboration: 3 sources, 2 independent · B2." in page


def test_json_carries_structured_corroboration(brief: Path) -> None:
    data = json.loads(render(loaded(brief), "json"))
    events = {event["id"]: event["x-corroboration"] for event in data["events"]}
    assert events["briefing"] == {"sources": 3, "independent": 2, "best": "B", "worst": "D", "grade": "B2"}
    assert events["rumour"] == {"sources": 1, "independent": 1, "best": "F", "worst": "F", "grade": "F"}
    assert events["bare"] == {"sources": 0, "independent": 0, "best": None, "worst": None, "grade": None}
    statements = {statement["id"]: statement["x-corroboration"] for statement in data["statements"]}
    assert statements["said"]["grade"] == "D"
    assert statements["alone"]["sources"] == 0


def test_timelinejs_slides_carry_the_label(brief: Path) -> None:
    data = json.loads(render(loaded(brief), "timelinejs"))
    texts = {event["unique_id"]: event["text"]["text"] for event in data["events"]}
    assert "Corroboration: 3 sources, 2 independent · B2" in texts["briefing"]


@pytest.mark.anyio
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_reader_rows_show_corroboration(brief_path: Path, size: tuple[int, int]) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        text = "\n".join(lines)
        assert "1 source · B1" in text  # the first round: AFP (B), credibility 1
        # The statements pane (a tab at 80×24): the tail after an attribution, never split.
        await pilot.press("3")
        await pilot.pause()
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Aino Aaltová, Mediator · no source" in text
        assert re.search(r"1 source · B(?!\d)", text)  # Oumierov's quote, via AFP (B): no credibility
