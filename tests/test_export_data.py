"""JSON and TimelineJS exports: the brief as data, and its timeline in Knight Lab's format."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.export import render
from briefing.loader import LoadedBrief, load, load_text
from briefing.model import to_builtins

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "briefs").glob("*.yaml"))
HOSTILE = ROOT / "tests" / "data" / "export" / "hostile.yaml"
ALL = [*BUNDLED, HOSTILE]

# TimelineJS JSON format (https://timeline.knightlab.com/docs/json-format.html): the keys each
# object may have and the type of each value.
DATE_KEYS = {
    "year": int,
    "month": int,
    "day": int,
    "hour": int,
    "minute": int,
    "second": int,
    "display_date": str,
}
SLIDE_KEYS = {
    "start_date": dict,
    "end_date": dict,
    "text": dict,
    "group": str,
    "display_date": str,
    "unique_id": str,
    "autolink": bool,
}
TEXT_KEYS = {"headline": str, "text": str}


def loaded(path: Path) -> LoadedBrief:
    result = load(path)
    assert result.ok and result.loaded is not None, result.errors
    return result.loaded


@pytest.mark.parametrize("path", ALL, ids=lambda path: path.stem)
def test_json_is_the_brief_as_data_and_loads_back(path: Path) -> None:
    source = loaded(path)
    text = render(source, "json")
    assert text.endswith("}\n")
    data = json.loads(text)
    for item in [*data["events"], *data["statements"]]:
        assert set(item.pop("x-corroboration")) == {"sources", "independent", "best", "worst", "grade"}
    assert data == to_builtins(source.brief)
    assert list(data)[:3] == ["briefing", "title", "as_of"]
    assert data["as_of"] == source.brief.as_of.text
    again = load_text(text, path.with_suffix(".json").name)
    assert again.ok and again.loaded is not None, again.errors
    assert again.loaded.brief == source.brief


def test_json_keeps_non_ascii_as_characters() -> None:
    text = render(loaded(BUNDLED[0]), "json")
    assert "US–Russian" in text and "\\u2013" not in text


def _check(value: dict[str, object], keys: dict[str, type]) -> None:
    assert set(value) <= set(keys), set(value) - set(keys)
    for key, item in value.items():
        assert type(item) is keys[key], (key, item)


@pytest.mark.parametrize("path", ALL, ids=lambda path: path.stem)
def test_timelinejs_has_the_format_s_fields_and_types(path: Path) -> None:
    source = loaded(path)
    document = json.loads(render(source, "timelinejs"))
    assert set(document) == {"title", "events"}
    assert set(document["title"]) == {"text"}
    _check(document["title"]["text"], TEXT_KEYS)
    timeline = source.index.timeline
    assert len(document["events"]) == len(timeline)
    for slide, event in zip(document["events"], timeline, strict=True):
        _check(slide, SLIDE_KEYS)
        assert {"start_date", "text"} <= set(slide)
        _check(slide["start_date"], DATE_KEYS)
        assert slide["start_date"]["year"] == event.date.start.year
        assert slide["start_date"].get("month") == event.date.start.month
        assert slide["start_date"].get("day") == event.date.start.day
        assert 1 <= slide["start_date"].get("month", 1) <= 12
        if event.date.end:
            _check(slide["end_date"], DATE_KEYS)
            assert slide["end_date"]["day"] == event.date.end.day
        else:
            assert "end_date" not in slide
        _check(slide["text"], TEXT_KEYS)
        assert html.unescape(slide["text"]["headline"]) == event.title
        assert slide["unique_id"] == event.id
        assert slide["display_date"] == event.date.display()


def test_timelinejs_escapes_html_and_attributes_unconfirmed_events() -> None:
    document = json.loads(render(loaded(HOSTILE), "timelinejs"))
    assert document["title"]["text"]["headline"].startswith("*Bold* _claim_ # [x](y) &lt;b&gt;tag&lt;/b&gt;")
    disputed = next(slide for slide in document["events"] if slide["unique_id"] == "ev-hostile")
    assert (
        disputed["text"]["headline"]
        == "# Not a heading &lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;"
    )
    assert disputed["text"]["text"].startswith(
        "<p>Disputed; reported by &lt;script&gt;alert(&#x27;source&#x27;)&lt;/script&gt;"
    )
    assert disputed["group"] == "&lt;b&gt;Group&lt;/b&gt;"
    assert disputed["start_date"] == {"year": 2025, "month": 11, "day": 18, "display_date": "18 Nov 2025"}
    assert disputed["end_date"] == {"year": 2025, "month": 11, "day": 20, "display_date": "20 Nov 2025"}
    everything = json.dumps(document)
    assert not [tag for tag in ("<script", "<img", "<svg", "<iframe", "<b ") if tag in everything]
    assert "&lt;svg onload=alert(1)&gt;" in disputed["text"]["text"]


class Shown(HTMLParser):
    """The text a browser shows for a TimelineJS field (it renders them as HTML), and its tags."""

    def __init__(self, field: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.tags: list[str] = []
        self.feed(field)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def slides_of(brief: str) -> list[dict[str, object]]:
    """The TimelineJS slides of a brief given as YAML text."""
    result = load_text(brief, "t.yaml")
    assert result.ok and result.loaded is not None, result.errors
    return json.loads(render(result.loaded, "timelinejs"))["events"]


def test_timelinejs_group_shows_as_the_text_written() -> None:
    slides = slides_of(
        "briefing: 1\ntitle: T\nas_of: 2025-11-19\n"
        "actors:\n  - {id: eu, name: EU, group: '<EU> & NATO'}\n"
        "events:\n  - {id: a, date: 2025-11-19, title: A, actors: [eu]}\n"
    )
    shown = Shown(str(slides[0]["group"]))
    assert (shown.text, shown.tags) == ("<EU> & NATO", [])


def test_timelinejs_times_and_vague_dates() -> None:
    slides = slides_of(
        "briefing: 1\ntitle: T\nas_of: 2025-11-19\nevents:\n"
        "  - {id: a, date: 2025-11-19T14:30:05Z, title: A}\n"
        "  - {id: b, date: 2025-11~, title: B}\n"
    )
    assert slides[0]["start_date"] == {"year": 2025, "month": 11, "display_date": "Nov 2025 ~"}
    assert slides[1]["start_date"] == {
        "year": 2025,
        "month": 11,
        "day": 19,
        "hour": 14,
        "minute": 30,
        "second": 5,
        "display_date": "19 Nov 2025 14:30:05 UTC",
    }
