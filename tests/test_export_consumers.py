"""The exports as the programs that read them see them: pandoc, cmark-gfm, Hugo, and the HTML page
in headless Chromium (issue 13). Each program is a Debian package `make test` installs; in a plain
pytest run without it the test skips, naming it (tests/programs.py).

What each checks: Hugo dates the page from `date` whatever the precision of `as_of` (it took
`2025-11` for year 1), and `as_of` keeps the brief's own text; pandoc makes one footnote per
source (it made one per citation); the lines of a quote stay lines; an answered question keeps
the task list tight; the brief's tags are in the body; the page is in the prose's language and
each quote in its own, right-to-left words laid out right to left; a brief without events is an
error for TimelineJS, not a timeline it refuses.
"""

from __future__ import annotations

import asyncio
import html
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser import Chromium
from programs import program

from briefing.export import ExportOptions, NothingToExport, render
from briefing.loader import LoadedBrief, load

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "briefs" / "ukraine-peace-plan-2025-11-19.yaml"
QUOTE_LINES = ["Première ligne du discours,", "deuxième ligne,", "troisième ligne."]
RTL_QUOTE = "نحن لا نعلّق على ذلك"
RTL_NAME = "يوسف"


def brief(tmp_path: Path, **overrides: Any) -> LoadedBrief:
    """A small valid brief with everything the checks need, `overrides` on top."""
    data: dict[str, Any] = {
        "briefing": 1,
        "title": "Talks",
        "as_of": "2025-11-19",
        "language": "fr",
        "tags": ["ceasefire-talks", "ruritania"],
        "sources": [
            {"id": "afp", "name": "AFP", "kind": "agency"},
            {"id": "wire", "name": "Wire", "kind": "agency"},
            {"id": "uncited", "name": "Uncited", "kind": "outlet"},
        ],
        "actors": [
            {"id": "min", "name": "A Minister", "role": "minister"},
            {"id": "rtl", "name": RTL_NAME, "role": "spokesman"},
        ],
        "events": [
            {"id": f"e{n}", "date": f"2025-11-{n:02d}", "title": f"Event {n}", "sources": ["afp", "wire"]}
            for n in range(1, 6)
        ],
        "statements": [
            {
                "id": "long",
                "actor": "min",
                "quote": "\n".join(QUOTE_LINES),
                "translation": "First line,\nsecond line.",
                "source": "afp",
            },
            {"id": "arabic", "actor": "rtl", "lang": "ar", "quote": RTL_QUOTE, "source": "wire"},
        ],
        "questions": [
            {"id": "q1", "question": "First open?", "sources": ["afp"]},
            {
                "id": "q2",
                "question": "Answered one?",
                "status": "answered",
                "answer": "Yes, on **Monday**.\n\nA second paragraph.",
            },
            {"id": "q3", "question": "Second open?"},
        ],
    }
    data.update(overrides)
    path = tmp_path / "brief.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = load(path)
    assert result.loaded is not None and result.ok, result.errors
    return result.loaded


def run(command: list[str], text: str, cwd: Path | None = None) -> str:
    return subprocess.run(command, input=text, capture_output=True, text=True, check=True, cwd=cwd).stdout


def pandoc_json(markdown: str) -> dict[str, Any]:
    return json.loads(run([program("pandoc"), "-f", "gfm+yaml_metadata_block", "-t", "json"], markdown))


def nodes(tree: Any, kind: str) -> Iterator[Any]:
    """Every node of pandoc's JSON tree of this type (`Note`, `LineBreak`, `BulletList`, …)."""
    if isinstance(tree, dict):
        if tree.get("t") == kind:
            yield tree
        for value in tree.values():
            yield from nodes(value, kind)
    elif isinstance(tree, list):
        for value in tree:
            yield from nodes(value, kind)


def cmark_gfm(markdown: str) -> str:
    extensions = [arg for ext in ("footnotes", "tasklist", "strikethrough") for arg in ("-e", ext)]
    return run([program("cmark-gfm"), *extensions], markdown)


# --- Hugo: the page's date ---------------------------------------------------------------------

HUGO_CONFIG = 'baseURL = "http://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
HUGO_LAYOUT = '{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}|{{ .Params.as_of }}|{{ .Title }}\n'


@pytest.mark.parametrize(
    ("as_of", "date"),
    [
        ("2025-11-19", "2025-11-19T00:00:00Z"),
        ("2025-11", "2025-11-01T00:00:00Z"),
        ("2025", "2025-01-01T00:00:00Z"),
        ("2025-11-19?", "2025-11-19T00:00:00Z"),
        ("2025-11~", "2025-11-01T00:00:00Z"),
        ("2025-11-19T14:30Z", "2025-11-19T14:30:00Z"),
        ("2025-11-19T14:30:15+02:00~", "2025-11-19T14:30:15+02:00"),
    ],
)
def test_hugo_dates_the_page_from_any_as_of(tmp_path: Path, as_of: str, date: str) -> None:
    hugo = program("hugo")
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(HUGO_LAYOUT, encoding="utf-8")
    (site / "layouts" / "index.html").write_text("", encoding="utf-8")
    markdown = render(brief(tmp_path, as_of=as_of), "md", ExportOptions())
    (site / "content" / "brief.md").write_text(markdown, encoding="utf-8")
    subprocess.run([hugo, "--quiet", "--source", str(site)], check=True, capture_output=True, text=True)
    page = html.unescape((site / "public" / "brief" / "index.html").read_text(encoding="utf-8").strip())
    assert page == f"{date}|{as_of}|Talks"


def test_pandoc_reads_the_same_date_and_keeps_as_of(tmp_path: Path) -> None:
    meta = pandoc_json(render(brief(tmp_path, as_of="2025-11~"), "md", ExportOptions()))["meta"]
    assert meta["date"]["c"][0]["c"] == "2025-11-01"
    assert "".join(part.get("c", " ") for part in meta["as_of"]["c"]) == "2025-11~"
    assert meta["lang"]["c"][0]["c"] == "en"


# --- footnotes, line breaks, task list, tags ----------------------------------------------------


def test_pandoc_makes_one_footnote_per_source(tmp_path: Path) -> None:
    for loaded in (brief(tmp_path), load(BUNDLED).loaded):
        assert loaded is not None
        tree = pandoc_json(render(loaded, "md", ExportOptions()))
        notes = [json.dumps(note, sort_keys=True) for note in nodes(tree["blocks"], "Note")]
        assert len(notes) == len(loaded.brief.sources), "one note per source, cited or not"
        assert len(set(notes)) == len(notes), "no two notes alike"
    html = cmark_gfm(render(brief(tmp_path), "md", ExportOptions(front_matter=False)))
    assert html.count('class="footnote-item"') == 3 or html.count('<li id="fn-') == 3


def test_the_lines_of_a_quote_stay_lines_in_every_renderer(tmp_path: Path) -> None:
    loaded = brief(tmp_path)
    markdown = render(loaded, "md", ExportOptions(front_matter=False))
    tree = pandoc_json(markdown)
    quote = next(
        block
        for block in nodes(tree["blocks"], "BlockQuote")
        if "Première" in json.dumps(block, ensure_ascii=False)
    )
    assert len(list(nodes(quote, "LineBreak"))) == len(QUOTE_LINES) - 1 + 1  # and the translation's one
    assert "Première ligne du discours,<br />\ndeuxième ligne,<br />\ntroisième ligne." in cmark_gfm(markdown)
    page = render(loaded, "html", ExportOptions())
    assert "Première ligne du discours,<br />\ndeuxième ligne,<br />\ntroisième ligne." in page


def test_an_answered_question_keeps_the_task_list_tight(tmp_path: Path) -> None:
    markdown = render(brief(tmp_path), "md", ExportOptions(front_matter=False))
    html = cmark_gfm(markdown)
    questions = html[html.index("Open questions") :]
    items = questions[: questions.index("</ul>")]
    assert "<li><input" in items and "<li><p>" not in items  # tight: no paragraph around any item
    assert "Yes, on <strong>Monday</strong>." in items and "A second paragraph." in items
    tree = pandoc_json(markdown)
    task_list = next(lst for lst in nodes(tree["blocks"], "BulletList") if '"Answered"' in json.dumps(lst))
    assert all(item[0]["t"] == "Plain" for item in task_list["c"]), "tight: Plain, not Para"
    page = render(brief(tmp_path), "html", ExportOptions())
    assert "<p>First open?" not in page and "<p>Answered one?" not in page


def test_the_briefs_tags_are_in_the_body(tmp_path: Path) -> None:
    loaded = brief(tmp_path)
    body = render(loaded, "md", ExportOptions(front_matter=False))
    assert "ceasefire-talks" in cmark_gfm(body) and "ruritania" in cmark_gfm(body)
    assert "ceasefire-talks, ruritania" in render(loaded, "html", ExportOptions())


# --- TimelineJS without events -----------------------------------------------------------------

EXPORT = [sys.executable, "-m", "briefing", "export"]


def test_a_brief_without_events_is_an_error_for_timelinejs(tmp_path: Path) -> None:
    loaded = brief(tmp_path, events=[])
    with pytest.raises(NothingToExport, match="at least one event"):
        render(loaded, "timelinejs", ExportOptions())
    result = subprocess.run(
        [*EXPORT, str(loaded.path), "--format", "timelinejs"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert "TimelineJS needs at least one event" in result.stderr and "Traceback" not in result.stderr
    narrowed = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "export",
            str(brief(tmp_path).path),
            "--format=timelinejs",
            "--actor=rtl",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert narrowed.returncode == 1, "no event concerns that actor: the same error"


# --- the HTML page in Chromium ----------------------------------------------------------------

LAYOUT = """
JSON.stringify({
  page: document.documentElement.lang,
  quotes: [...document.querySelectorAll("blockquote > p[lang]")].map(p => [
    p.lang, p.matches(":dir(rtl)"), p.textContent]),
  attribution: [...document.querySelectorAll("p")].filter(p => p.textContent.includes(RTL_NAME)).map(p => [
    p.matches(":dir(rtl)"), getComputedStyle(p).direction, p.closest("[lang]").lang]),
  translation: [...document.querySelectorAll("blockquote > p")].filter(
    p => p.textContent.startsWith("First line")).map(p => p.closest("[lang]").lang),
})
""".replace("RTL_NAME", json.dumps(RTL_NAME))


def in_chromium(tmp_path: Path, page_html: str, script: str) -> Any:
    """What `script` (an expression giving JSON) says of the page, loaded in headless Chromium."""
    chromium = program("chromium")
    page = tmp_path / "brief.html"
    page.write_text(page_html, encoding="utf-8")

    async def read() -> Any:
        async with Chromium(chromium, tmp_path) as browser:
            tab = await browser.open(page.as_uri(), await browser.new_browser())
            for _ in range(300):
                if await tab.evaluate("document.readyState") == "complete":
                    break
                await asyncio.sleep(0.1)
            return json.loads(await tab.evaluate(script))

    return asyncio.run(read())


def test_the_page_is_english_and_each_quote_in_its_own_language(tmp_path: Path) -> None:
    seen = in_chromium(tmp_path, render(brief(tmp_path), "html", ExportOptions()), LAYOUT)
    assert seen["page"] == "en"
    assert seen["quotes"] == [
        ["fr", False, "\n".join(QUOTE_LINES)],
        ["ar", True, RTL_QUOTE],
    ]
    assert seen["attribution"] and all(row == [False, "ltr", "en"] for row in seen["attribution"])
    assert seen["translation"] == ["en"]


ORDER = """
JSON.stringify((() => {
  const line = [...document.querySelectorAll("p")].find(p => p.textContent.startsWith("— "));
  const left = word => {
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(word);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + word.length);
        return range.getBoundingClientRect().left;
      }
    }
    return null;
  };
  return WORDS.map(left);
})())
"""


def test_right_to_left_names_keep_their_place_in_an_english_line(tmp_path: Path) -> None:
    """`— يوسف, متحدث, 18 Nov 2025, via Wire`: name, role and date stay left to right in the
    English line; without isolation the name, comma, role and day join one right-to-left run."""
    role = "متحدث"
    loaded_brief = brief(
        tmp_path,
        actors=[{"id": "rtl", "name": RTL_NAME, "role": role}],
        statements=[
            {"id": "arabic", "actor": "rtl", "lang": "ar", "quote": RTL_QUOTE, "date": "2025-11-18"},
        ],
        questions=[],
    )
    words = json.dumps([RTL_NAME, role, "18 Nov"])
    name, role_at, day = in_chromium(
        tmp_path, render(loaded_brief, "html", ExportOptions()), ORDER.replace("WORDS", words)
    )
    assert name < role_at < day
