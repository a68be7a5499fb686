"""The HTML export: one self-contained page, and nothing in any brief can make it run code."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML

from briefing.export import ExportOptions, render
from briefing.export.html import SafeMarkdownIt, markdown_to_html
from briefing.filters import Filter
from briefing.loader import LoadedBrief, load, load_text

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "briefs").glob("*.yaml"))
HOSTILE = ROOT / "tests" / "data" / "export" / "hostile.yaml"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}

ATTACK = Filter(tags=frozenset({"attack"}))


class Page(HTMLParser):
    """Every start tag with its attributes, and the text, of one page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.title = ""
        self._in_title = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        self.text.append(data)


def loaded(path: Path) -> LoadedBrief:
    result = load(path)
    assert result.ok and result.loaded is not None, result.errors
    return result.loaded


def assert_cannot_run_code(page_html: str) -> Page:
    lowered = page_html.lower()
    assert "<script" not in lowered
    assert "<iframe" not in lowered and "<object" not in lowered and "<embed" not in lowered
    unquoted = re.sub(r'"[^"]*"', '""', lowered)  # attribute values are data, not attributes
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", unquoted)
    page = Page(page_html)
    for tag, attrs in page.tags:
        assert tag not in {"script", "iframe", "object", "embed", "img", "svg", "form", "base"}, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name in URL_ATTRIBUTES:
                assert (value or "").startswith(("https://", "http://", "mailto:", "#")), (tag, name, value)
            assert "javascript:" not in (value or "").lower(), (tag, name, value)
    return page


@pytest.mark.parametrize("path", [*BUNDLED, HOSTILE], ids=lambda path: path.stem)
def test_page_is_self_contained_and_safe(path: Path) -> None:
    page_html = render(loaded(path), "html")
    page = assert_cannot_run_code(page_html)
    assert page_html.startswith("<!DOCTYPE html>\n<html lang=")
    assert (
        "<style>" in page_html and "prefers-color-scheme: dark" in page_html and "@media print" in page_html
    )
    assert "<link" not in page_html
    tags = [tag for tag, _ in page.tags]
    assert tags.count("h1") == 1 and tags.count("blockquote") >= 1
    assert "Content-Security-Policy" in page_html


def test_hostile_text_is_shown_as_the_characters_it_is() -> None:
    source = loaded(HOSTILE)
    page = Page(render(source, "html"))
    text = "".join(page.text)
    assert page.title == source.brief.title
    assert "<script>alert('title')</script>" in text
    assert "*not emphasis* _nor this_ **nor** [x](y) <b>bold?</b> | a | b | `code` ~strike~ #hash" in text
    assert "<img src=x onerror=alert('translation')> © [^plain]" not in text
    assert "<img src=x onerror=alert('translation')> &copy; [^plain]" in text
    assert '<script>alert("summary")</script>' in text
    assert "javascript:alert(document.cookie) onerror=alert(1) <a onclick=alert(1)>x</a>" in text


def test_hostile_markdown_images_become_links_and_bad_links_text() -> None:
    page = Page(render(loaded(HOSTILE), "html"))
    hrefs = [dict(attrs).get("href") for tag, attrs in page.tags if tag == "a"]
    assert "https://tracker.example/p.png" in hrefs
    assert "https://example.org/ok" in hrefs
    assert not [tag for tag, _ in page.tags if tag == "img"]


@pytest.mark.parametrize(
    "markdown",
    [
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](jav&#x61;script:alert(1))",
        "[a](java\\script:alert(1))",
        "[a]( javascript:alert(1))",
        "[a](vbscript:x) [b](data:text/html,<script>x</script>) [c](file:///etc/passwd)",
        "<javascript:alert(1)>",
        "![x](javascript:alert(1))",
        "[ref]\n\n[ref]: javascript:alert(1)",
        '<img src=x onerror="alert(1)"> <svg onload=alert(1)> <a href="javascript:x">y</a>',
        "<script>alert(1)</script>\n\n<style>body{}</style>",
        '[a](https://x.example/" onmouseover="alert(1))',
        '[a](https://x.example "title\\" onmouseover=\\"alert(1)")',
    ],
)
def test_no_markdown_can_make_code_run(markdown: str) -> None:
    """The renderer used for the page (and for TimelineJS text) on attacks written straight in
    Markdown, as a summary or note could hold them."""
    assert_cannot_run_code(markdown_to_html(markdown))


def test_summary_with_every_attack_in_a_brief() -> None:
    attacks = "\n\n".join(
        [
            "[a](javascript:alert(1)) <javascript:alert(2)> ![i](javascript:alert(3))",
            '<img src=x onerror="alert(4)"> <svg/onload=alert(5)>',
            "<script>alert(6)</script>",
            "[r]\n\n[r]: javascript:alert(7)",
        ]
    )
    brief = "briefing: 1\ntitle: '</title><script>alert(0)</script>'\nas_of: 2025-11-19\nsummary: |\n"
    brief += "".join(f"  {line}\n" for line in attacks.split("\n"))
    result = load_text(brief, "attack.yaml")
    assert result.ok and result.loaded is not None, result.errors
    page_html = render(result.loaded, "html")
    page = assert_cannot_run_code(page_html)
    assert page.title == "</title><script>alert(0)</script>"


def test_filters_apply_to_the_page() -> None:
    page_html = render(loaded(HOSTILE), "html", ExportOptions(filter=ATTACK))
    assert "Only the items" in page_html
    assert "trailing backslash" not in page_html


@pytest.mark.parametrize(
    "unsafe",
    ['<a href="javascript:x">y</a>', '<p onclick="x">y</p>', "<script>x</script>", '<a href="data:x">y</a>'],
)
def test_the_safety_check_itself_catches_code(unsafe: str) -> None:
    with pytest.raises(AssertionError):
        assert_cannot_run_code(unsafe)


def test_a_url_s_percent_encoded_controls_do_not_become_raw_in_the_link_text() -> None:
    """markdown-it decodes an autolink's text: `%1B]0;t%07` was a raw OSC in the page (a `cat` of
    it retitled the terminal). The link keeps its encoded address; its text shows placeholders."""
    url = "https://x.example/%1B]0;pwned%07%C2%9B%E2%80%AE%7F"
    brief = (
        "briefing: 1\ntitle: T\nas_of: 2025-11-19\n"
        f"sources: [{{id: s, name: S, url: '{url}'}}]\n"
        "events: [{id: e, date: 2025-11-19, title: E, sources: [s], notes: '<https://y.example/%1B[2J>'}]\n"
    )
    result = load_text(brief)
    assert result.loaded is not None, result.errors
    page = render(result.loaded, "html")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", page)
    assert 'href="https://x.example/%1B%5D0;pwned%07%C2%9B%E2%80%AE%7F"' in page
    assert "https://x.example/␛]0;pwned␇&lt;U+009B&gt;&lt;U+202E&gt;␡</a>" in page
    assert "https://y.example/␛[2J</a>" in page


RTL_START = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")
WORDS = ["يوسف", "שלום", "متحدث", "(", ")", ",", ";", "&", "&amp;", "<b>", "é", "18", "a", "*", "\u00a0", " "]


@given(st.lists(st.sampled_from(WORDS), max_size=12).map("".join))
def test_right_to_left_words_are_isolated_and_nothing_else_changes(text: str) -> None:
    """Without its `<bdi>` tags the page is what markdown-it alone makes of the text; each isolate
    holds whole right-to-left words and never ASCII punctuation, so a comma between two names
    stays in the English line."""
    plain = SafeMarkdownIt()
    plain.add_render_rule("text", RendererHTML.text)
    rendered = markdown_to_html(text)
    assert rendered.replace("<bdi>", "").replace("</bdi>", "") == plain.render(text)
    for isolate in re.findall(r"<bdi>(.*?)</bdi>", rendered):
        assert RTL_START.match(isolate), isolate
        assert not re.search(r"[!-/:-@\[-`{-~]", isolate), isolate


def test_an_attribution_isolates_each_name_and_a_quote_keeps_its_own_direction(tmp_path: Path) -> None:
    path = tmp_path / "rtl.yaml"
    path.write_text(
        "briefing: 1\ntitle: T\nas_of: 2025-11-19\nlanguage: en\n"
        "sources: [{id: wire, name: رويترز}]\n"
        "actors: [{id: rtl, name: يوسف, role: متحدث}]\n"
        "statements: [{id: s1, actor: rtl, lang: ar, quote: لا جديد 28, date: 2025-11-18, source: wire}]\n",
        encoding="utf-8",
    )
    page = render(loaded(path), "html")
    assert "<p>— <bdi>يوسف</bdi>, <bdi>متحدث</bdi>, 18 Nov 2025, via <bdi>رويترز</bdi><sup" in page
    assert '<p lang="ar" dir="auto">لا جديد 28</p>' in page
