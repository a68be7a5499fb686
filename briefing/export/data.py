"""Data exports for other tools: the brief as JSON, and its timeline as TimelineJS JSON.

TimelineJS (Knight Lab, https://timeline.knightlab.com/docs/json-format.html) renders its
fields as HTML (`headline`, `text`, `group`, the display dates), so every text from the brief is
HTML-escaped there and markdown notes go through the same safe renderer as the HTML export.
"""

from __future__ import annotations

import html

from briefing.corroboration import Corroboration, of_event, of_statement
from briefing.dates import FlexDate
from briefing.export import NothingToExport
from briefing.export.html import markdown_to_html
from briefing.export.markdown import event_facts, join_and, status_phrase
from briefing.export.selection import ExportOptions
from briefing.index import BriefIndex
from briefing.model import Event, to_builtins
from briefing.text import clean, clean_line, json_text


def render_json(index: BriefIndex, options: ExportOptions) -> str:
    """The brief as data, in the shape of its YAML (dates as written), keys in the format's order;
    each event and statement also carries `x-corroboration` (`corroboration_data`): an `x-` key, so
    the document still loads as the same brief."""
    data = to_builtins(index.brief)
    assert isinstance(data, dict)
    for key, items, of in (
        ("events", index.brief.events, of_event),
        ("statements", index.brief.statements, of_statement),
    ):
        for plain, item in zip(data[key], items, strict=True):
            plain["x-corroboration"] = corroboration_data(of(index, item))  # type: ignore[operator]
    return _dump(data)


def corroboration_data(corroboration: Corroboration) -> dict[str, object]:
    """`{"sources": 3, "independent": 2, "best": "B", "worst": "D", "grade": "B2"}`: the sources
    listed (each once), how many outlets they are, the best and worst reliability letters and the
    Admiralty grade (`briefing.corroboration`); null where no source is graded."""
    return {
        "sources": len(corroboration.sources),
        "independent": corroboration.independent,
        "best": corroboration.best,
        "worst": corroboration.worst,
        "grade": corroboration.grade or None,
    }


def render_timelinejs(index: BriefIndex, options: ExportOptions) -> str:
    """The timeline as a TimelineJS document: a title slide and one slide per event, in date order."""
    brief = index.brief
    if not index.timeline:
        # TimelineJS shows only its error ("no events") for a document without any.
        raise NothingToExport("TimelineJS needs at least one event, and there is none to export")
    title_text = f"<p>As of {_escape(brief.as_of.display())}</p>"
    if brief.summary:
        title_text += markdown_to_html(clean(brief.summary))
    document = {
        "title": {"text": {"headline": _escape(brief.title), "text": title_text}},
        "events": [_slide(index, event) for event in index.timeline],
    }
    return _dump(document)


def _slide(index: BriefIndex, event: Event) -> dict[str, object]:
    slide: dict[str, object] = {"start_date": timeline_date(event.date.start)}
    if event.date.end:
        slide["end_date"] = timeline_date(event.date.end)
    slide["display_date"] = _escape(event.date.display())
    slide["text"] = {"headline": _escape(event.title), "text": _slide_text(index, event)}
    group = next((index.actors[i].group for i in event.actors if index.actors[i].group), None)
    if group:
        slide["group"] = _escape(group)
    slide["unique_id"] = event.id
    slide["autolink"] = False
    return slide


def timeline_date(date: FlexDate) -> dict[str, object]:
    """A TimelineJS date object: numbers for year, month, day, hour, minute (as precise as the
    brief is) and `display_date` so vague dates show as written (`Nov 2025 ~`)."""
    result: dict[str, object] = {"year": date.year}
    if date.month is not None:
        result["month"] = date.month
    if date.day is not None:
        result["day"] = date.day
    if date.time:
        result["hour"] = int(date.time[0:2])
        result["minute"] = int(date.time[3:5])
        if len(date.time) > 5 and date.time[5] == ":":
            result["second"] = int(date.time[6:8])
    result["display_date"] = _escape(date.display())
    return result


def _slide_text(index: BriefIndex, event: Event) -> str:
    """Status with attribution, place, actors, credibility, tags, then the notes."""
    word, rest = status_phrase(event.status, join_and(index.sources[i].name for i in event.sources))
    lines = [word + rest, *(f"{label}: {value}" for label, value in event_facts(index, event))]
    text = "".join(f"<p>{_escape(line)}</p>" for line in lines)
    if event.notes:
        text += markdown_to_html(clean(event.notes))
    return text


def _escape(text: str) -> str:
    """One line of brief text, safe inside HTML."""
    return html.escape(clean_line(text), quote=True)


def _dump(data: object) -> str:
    """JSON with every control character escaped: the data intact, nothing a terminal acts on."""
    return json_text(data) + "\n"
