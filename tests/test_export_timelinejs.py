"""The TimelineJS export read by TimelineJS itself: Knight Lab's library (from npm, installed by
`make test` into .cache/timelinejs) builds the timeline in headless Chromium. Every slide must be
built, with no error message and no script error; and a document without events, which TimelineJS
refuses, is never exported (`NothingToExport`, exit 1: tests/test_export_consumers.py).
"""

from __future__ import annotations

import asyncio
import html
import json
from pathlib import Path
from typing import Any

from browser import Chromium
from programs import installed, program

from briefing.export import ExportOptions, render
from briefing.loader import load

ROOT = Path(__file__).resolve().parent.parent
BRIEFS = [*sorted((ROOT / "briefs").glob("*.yaml")), ROOT / "tests" / "data" / "export" / "hostile.yaml"]
DIST = ROOT / ".cache" / "timelinejs" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="{css}"><script src="{js}"></script></head>
<body><div id="timeline-embed" style="width: 1000px; height: 600px"></div>
<script>
window.problems = [];
window.addEventListener("error", (event) => window.problems.push(String(event.message)));
try {{ new TL.Timeline("timeline-embed", {data}); }} catch (error) {{ window.problems.push(String(error)); }}
</script></body></html>
"""

RESULT = """JSON.stringify({
  problems: window.problems,
  slides: document.querySelectorAll(".tl-slide").length,
  markers: document.querySelectorAll(".tl-timemarker").length,
  message: (document.querySelector(".tl-message-full") || {}).textContent || "",
  headline: (document.querySelector(".tl-slide-titleslide .tl-headline") || {}).textContent || "",
})"""


def timelinejs_reads(documents: dict[str, str], folder: Path) -> dict[str, dict[str, Any]]:
    """What TimelineJS built from each document (name → JSON text), read from the page."""
    chromium = program("chromium")
    script = installed(DIST / "js" / "timeline.js", "TimelineJS", "npm install @knight-lab/timelinejs")
    pages = {}
    for name, data in documents.items():
        page = folder / f"{name}.html"
        # `</` cannot end the script early: JSON may escape `/`, and this keeps the data inert.
        inert = data.replace("</", "<\\/")
        page.write_text(
            PAGE.format(css=(DIST / "css" / "timeline.css").as_uri(), js=script.as_uri(), data=inert),
            encoding="utf-8",
        )
        pages[name] = page

    async def read() -> dict[str, dict[str, Any]]:
        seen = {}
        async with Chromium(chromium, folder) as browser:
            for name, page in pages.items():
                tab = await browser.open(page.as_uri(), await browser.new_browser())
                for _ in range(300):  # until TimelineJS has built something, or said why not
                    result = json.loads(await tab.evaluate(RESULT) or "{}")
                    done = result.get("markers") or result.get("problems")
                    if done or "error" in result.get("message", "").lower():
                        break
                    await asyncio.sleep(0.1)
                seen[name] = result
        return seen

    return asyncio.run(read())


def test_timelinejs_builds_every_event_of_each_export(tmp_path: Path) -> None:
    documents = {}
    expected = {}
    for path in BRIEFS:
        loaded = load(path).loaded
        assert loaded is not None
        documents[path.stem] = render(loaded, "timelinejs", ExportOptions())
        expected[path.stem] = (len(loaded.brief.events), json.loads(documents[path.stem])["title"])
    seen = timelinejs_reads(documents, tmp_path)
    for name, (events, title) in expected.items():
        result = seen[name]
        assert result["problems"] == [] and "error" not in result["message"].lower(), (name, result)
        assert result["markers"] == events, name
        assert result["slides"] == events + 1, name  # and the title slide
        # The headline is text on the page: `<b>` in a title shows as those characters.
        assert result["headline"].strip() == html.unescape(title["text"]["headline"]), name


def test_timelinejs_refuses_a_document_without_events(tmp_path: Path) -> None:
    """Why the exporter refuses: what it wrote before, TimelineJS shows only as an error."""
    empty = json.dumps({"title": {"text": {"headline": "Empty"}}, "events": []})
    result = timelinejs_reads({"empty": empty}, tmp_path)["empty"]
    assert "no events" in result["message"] and result["markers"] == 0
