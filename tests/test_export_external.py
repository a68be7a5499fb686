"""The Markdown export read by two renderers that are not ours: cmark-gfm (GitHub's) and pandoc.

Both are Debian packages (`apt-get install pandoc cmark-gfm`; `.ci/run` must install them). Each
renders the bundled briefs and the hostile brief to HTML; the HTML must hold every quote's exact
words, one footnote per source (pandoc numbers each citation as its own note, each holding its
source), one checkbox per question, and no HTML that came from the brief — cmark-gfm runs with
`--unsafe`, so any raw HTML that slipped through escaping would show up.
"""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from programs import program
from test_export_markdown import loaded, paragraphs

from briefing import describe
from briefing.export import ExportOptions, render

ROOT = Path(__file__).resolve().parent.parent
BRIEFS = [*sorted((ROOT / "briefs").glob("*.yaml")), ROOT / "tests" / "data" / "export" / "hostile.yaml"]
OUR_TAGS = {
    "html", "head", "body", "meta", "title", "style", "header", "h1", "h2", "h3", "p", "em", "strong", "ul",
    "ol", "li", "blockquote", "a", "sup", "section", "hr", "input", "del", "s", "code", "pre", "label", "br",
    "img", "span", "div", "nav", "aside",
}  # fmt: skip
"""Tags the export's own Markdown (and the markdown fields' Markdown) can produce."""


def cmark_gfm(markdown: str) -> str:
    extensions = [
        arg for ext in ("footnotes", "table", "strikethrough", "autolink", "tasklist") for arg in ("-e", ext)
    ]
    command = [program("cmark-gfm"), "--unsafe", *extensions]
    return subprocess.run(command, input=markdown, capture_output=True, text=True, check=True).stdout


def pandoc(markdown: str, dialect: str = "gfm+yaml_metadata_block") -> str:
    command = [program("pandoc"), "-f", dialect, "-t", "html5", "--wrap=preserve", "-s"]
    return subprocess.run(command, input=markdown, capture_output=True, text=True, check=True).stdout


def pandoc_markdown(markdown: str) -> str:
    """pandoc's own Markdown, "smart" punctuation on: the words of quotes must still come out exact."""
    return pandoc(markdown, "markdown")


class Rendered(HTMLParser):
    """What a test needs from a rendered page: blockquote paragraphs, checkboxes, footnotes, tags."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.quotes: list[list[str]] = []
        self.checkboxes: list[bool] = []
        self.tags: set[str] = set()
        self.footnote_targets: list[str] = []
        self.ids: set[str] = set()
        self.title = ""
        self._depth = 0
        self._items = 0
        self._paragraph: list[str] | None = None
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.add(tag)
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag == "li":
            self._items += 1
        elif tag == "blockquote":
            self._depth += 1
            if self._depth == 1 and not self._items:  # a question's answer is one inside its item
                self.quotes.append([])
        elif tag == "p" and self._depth and not self._items:
            self._paragraph = []
        elif tag == "input" and attributes.get("type") == "checkbox":
            self.checkboxes.append("checked" in attributes)
        elif (
            tag == "a" and "footnote-ref" in (attributes.get("class") or "")
        ) or "data-footnote-ref" in attributes:
            self.footnote_targets.append(str(attributes.get("href", ""))[1:])
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._items -= 1
        elif tag == "blockquote":
            self._depth -= 1
        elif tag == "p" and self._paragraph is not None:
            self.quotes[-1].append("".join(self._paragraph))
            self._paragraph = None
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._paragraph is not None:
            self._paragraph.append(data)
        if self._in_title:
            self.title += data


RENDERERS = {"cmark-gfm": cmark_gfm, "pandoc": pandoc, "pandoc-markdown": pandoc_markdown}


@pytest.mark.parametrize("renderer", list(RENDERERS))
@pytest.mark.parametrize("path", BRIEFS, ids=lambda path: path.stem)
def test_external_renderer_shows_the_export_faithfully(path: Path, renderer: str) -> None:
    source = loaded(path)
    # cmark-gfm has no front matter (GitHub hides it itself). pandoc reads YAML metadata values as
    # Markdown: the title in its title block must still be the brief's, markup characters and all.
    front_matter = renderer.startswith("pandoc")
    page = Rendered(RENDERERS[renderer](render(source, "md", ExportOptions(front_matter=front_matter))))
    statements = [s for s in describe.statements_in_order(source.index) if s.quote]
    assert len(page.quotes) == len(statements)
    for quote, statement in zip(page.quotes, statements, strict=True):
        words = paragraphs(statement.quote or "")
        start = 0 if statement.kind == "quote" else 1
        assert quote[start : start + len(words)] == words
        if statement.translation:
            assert quote[start + len(words) + 1 :] == paragraphs(statement.translation)
    brief = source.brief
    assert page.checkboxes == [q.status != "open" for q in source.index.questions_in_order]
    assert page.footnote_targets and all(target in page.ids for target in page.footnote_targets)
    if renderer == "cmark-gfm":
        assert {target.removeprefix("fn-") for target in page.footnote_targets} == {
            s.id for s in brief.sources
        }
    else:
        assert page.title == brief.title.strip()
    assert page.tags <= OUR_TAGS, page.tags - OUR_TAGS
