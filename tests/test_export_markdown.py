"""The Markdown export, read back with markdown-it-py (CommonMark + GFM tables, task lists and
footnotes): its structure, the exact words of every quote, its footnotes, its escaping, the
golden file of each bundled brief, `--actor`/`--tag` selections and determinism."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.gfm import gfm_plugin

from briefing import describe
from briefing.export import ExportOptions, UnknownActor, mdtext, render
from briefing.export.mdfield import markdown_lines
from briefing.export.mdtext import escape_inline, escape_lines
from briefing.filters import Filter
from briefing.index import BriefIndex
from briefing.loader import LoadedBrief, load, load_text
from briefing.model import Brief
from briefing.text import clean, clean_line

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "briefs").glob("*.yaml"))
HOSTILE = ROOT / "tests" / "data" / "export" / "hostile.yaml"
GOLDEN = ROOT / "tests" / "golden"
ALL = [*BUNDLED, HOSTILE]
SECTIONS = ["Timeline", "Actors", "Statements", "Open questions", "Sources"]

ATTACK = Filter(tags=frozenset({"attack"}))


def loaded(path: Path) -> LoadedBrief:
    result = load(path)
    assert result.ok, result.errors
    assert result.loaded is not None
    return result.loaded


def gfm() -> MarkdownIt:
    """A reader that is not the exporter's: raw HTML *on*, so any markup that leaks shows as a token."""
    return MarkdownIt("commonmark", {"html": True}).use(gfm_plugin).use(front_matter_plugin)


def inline_text(token: Token) -> str:
    """The text an inline token shows; any markup inside it (emphasis, link, HTML) fails the test."""
    parts = []
    for child in token.children or []:
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):  # a quote's lines are hard breaks
            parts.append("\n")
        else:
            raise AssertionError(f"markup {child.type!r} in {token.content!r}")
    return "".join(parts)


def blockquotes(tokens: list[Token]) -> list[list[str]]:
    """The paragraphs' texts of each top-level blockquote."""
    quotes: list[list[str]] = []
    inside = False  # a blockquote at the top level (an answer is one inside a list item)
    for number, token in enumerate(tokens):
        if token.type in ("blockquote_open", "blockquote_close") and token.level == 0:
            inside = token.type == "blockquote_open"
            if inside:
                quotes.append([])
        elif inside and token.type == "inline" and tokens[number - 1].type == "paragraph_open":
            quotes[-1].append(token)  # type: ignore[arg-type]
    return [[_safe_text(token) for token in quote] for quote in quotes]  # type: ignore[arg-type]


def _safe_text(token: Token) -> str:
    """Paragraph text, allowing only the emphasis the exporter itself puts on its kind notes."""
    if token.children and token.children[0].type == "em_open":
        return token.content
    return inline_text(token)


def paragraphs(text: str) -> list[str]:
    """How a multi-line text field reads once rendered: blank lines split paragraphs, lines keep
    their breaks, indentation and trailing blanks go."""
    groups: list[list[str]] = [[]]
    for line in clean(text).split("\n"):
        stripped = line.strip(" \t")
        if stripped:
            groups[-1].append(stripped)
        elif groups[-1]:
            groups.append([])
    return ["\n".join(group) for group in groups if group]


@pytest.fixture(params=ALL, ids=lambda path: path.stem)
def brief_path(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_there_is_a_bundled_brief() -> None:
    assert BUNDLED, "briefs/*.yaml is empty"


def test_front_matter_holds_the_metadata(brief_path: Path) -> None:
    brief = loaded(brief_path).brief
    markdown = render(loaded(brief_path), "md")
    tokens = gfm().parse(markdown)
    assert tokens[0].type == "front_matter"
    meta = yaml.safe_load(tokens[0].content)
    assert set(meta) == {"title", "date", "as_of", "lang", "language", "tags", "brief_id", "generator"}
    assert shown(meta["title"]) == brief.title.strip()
    assert str(meta["date"]) == brief.as_of.timestamp()  # a whole date Hugo and pandoc read
    assert meta["as_of"] == brief.as_of.text  # as written, vagueness and all
    assert meta["lang"] == "en"  # the prose's language
    assert meta["language"] == brief.language  # the quotes'
    assert [shown(tag) for tag in meta["tags"]] == brief.tags
    assert meta["brief_id"] == brief.id == brief_path.stem
    assert meta["generator"].startswith("briefing ")
    if brief_path in BUNDLED:  # plain values reach Jekyll and Hugo unchanged
        assert (meta["title"], meta["tags"]) == (brief.title, brief.tags)


def shown(value: str) -> str:
    """A metadata value as pandoc shows it: read as Markdown, it must be plain text."""
    tokens = gfm().parse(value)
    return inline_text(tokens[1]) if tokens else ""


def test_no_front_matter_option_drops_it(brief_path: Path) -> None:
    markdown = render(loaded(brief_path), "md", ExportOptions(front_matter=False))
    assert markdown.startswith("# ")
    assert gfm().parse(markdown)[0].type == "heading_open"


def test_headings_are_the_title_then_the_sections(brief_path: Path) -> None:
    brief = loaded(brief_path).brief
    tokens = gfm().parse(render(loaded(brief_path), "md"))
    headings = [
        (token.tag, inline_text(tokens[n + 1]))
        for n, token in enumerate(tokens)
        if token.type == "heading_open"
    ]
    assert headings[0] == ("h1", brief.title.strip())
    assert [text for tag, text in headings if tag == "h1"] == [brief.title.strip()]
    assert [text for tag, text in headings if tag == "h2"] == SECTIONS


def test_timeline_headings_in_date_order_with_titles(brief_path: Path) -> None:
    index = loaded(brief_path).index
    tokens = gfm().parse(render(loaded(brief_path), "md"))
    h3 = [
        inline_text(tokens[n + 1])
        for n, token in enumerate(tokens)
        if token.tag == "h3" and token.nesting == 1
    ]
    expected = [f"{event.date.display()} — {event.title}" for event in index.timeline]
    assert h3[: len(expected)] == expected


def test_one_blockquote_per_quote_holding_the_exact_words(brief_path: Path) -> None:
    index = loaded(brief_path).index
    quotes = blockquotes(gfm().parse(render(loaded(brief_path), "md")))
    with_words = [s for s in describe.statements_in_order(index) if s.quote]
    assert len(quotes) == len(with_words)
    for rendered, statement in zip(quotes, with_words, strict=True):
        words = paragraphs(statement.quote or "")
        start = 1 if statement.kind != "quote" else 0
        assert rendered[start : start + len(words)] == words
        if statement.translation:
            assert rendered[start + len(words)] == "Translation:"
            assert rendered[start + len(words) + 1 :] == paragraphs(statement.translation)


def test_attribution_follows_each_quote(brief_path: Path) -> None:
    index = loaded(brief_path).index
    tokens = gfm().parse(render(loaded(brief_path), "md"))
    after = [
        tokens[n + 2].content
        for n, token in enumerate(tokens)
        if token.type == "blockquote_close" and token.level == 0
    ]
    with_words = [s for s in describe.statements_in_order(index) if s.quote]
    for line, statement in zip(after, with_words, strict=True):
        attribution = f"— {escape_inline(describe.attribution(index, statement))}"
        # the source's footnote where it is first cited only (one pandoc note per source)
        footnote = f"[^{statement.source}]" if statement.source else ""
        assert line in {attribution, attribution + footnote}


def test_paraphrase_and_declined_are_marked() -> None:
    markdown = render(loaded(HOSTILE), "md")
    assert "> *Paraphrase: reported speech, not the exact words.*" in markdown
    assert "*Declined to comment or did not respond.* — Bob & Co \\&lt;3, via Plain Wire" in markdown


def test_an_event_named_elsewhere_carries_its_status_unless_confirmed() -> None:
    markdown = render(loaded(ROOT / "tests" / "data" / "show" / "sample.yaml"), "md")
    assert "Event: Umerov and Witkoff met in Miami (disputed, Nov 2025 \\~)." in markdown
    assert "Event: Axios reports a 28-point US–Russian plan (reported, 19 Nov 2025)." in markdown
    assert "Events: Talks in Geneva." in markdown


def test_every_footnote_is_defined_once_and_every_reference_resolves(brief_path: Path) -> None:
    brief = loaded(brief_path).brief
    markdown = render(loaded(brief_path), "md")
    env: dict[str, object] = {}
    tokens = gfm().parse(markdown, env)
    defined = re.findall(r"^\[\^([^\]]+)\]: ", markdown, flags=re.MULTILINE)
    assert defined == [source.id for source in brief.sources]
    references = re.findall(r"(?<!\\)\[\^([^\]]+)\](?!:)", markdown)
    assert sorted(references) == sorted(defined), "each source once: pandoc makes a note per reference"
    refs = env["footnotes"]["refs"]  # type: ignore[index]
    assert set(refs) == {f":{label}" for label in defined}
    rendered_refs = {
        child.meta["label"]
        for t in tokens
        if t.children
        for child in t.children
        if child.type == "footnote_ref"
    }
    assert rendered_refs == set(defined)


def test_unconfirmed_events_carry_their_attribution(brief_path: Path) -> None:
    index = loaded(brief_path).index
    markdown = render(loaded(brief_path), "md")
    for event in index.timeline:
        if event.status != "confirmed" and event.sources:
            names = [f"{escape_inline(index.sources[i].name)}[^{i}]" for i in event.sources]
            assert f"by {names[0]}" in markdown


def test_questions_are_a_task_list(brief_path: Path) -> None:
    brief = loaded(brief_path).brief
    tokens = gfm().parse(render(loaded(brief_path), "md"))
    items = [
        token
        for token in tokens
        if token.type == "list_item_open" and token.attrGet("class") == "task-list-item"
    ]
    assert len(items) == len(brief.questions)
    checked = sum(1 for item in items if item.meta["checked"])
    assert checked == sum(1 for q in brief.questions if q.status != "open")


def test_hostile_task_list_strikes_moot_and_carries_the_answer() -> None:
    html = gfm().render(render(loaded(HOSTILE), "md"))
    assert "<s>~~Already~~ moot | or not</s> <em>(moot)</em>" in html
    assert "<strong>Answer:</strong>" in html
    assert "&lt;b onmouseover=alert(1)&gt;bold&lt;/b&gt;" in html


def test_hostile_brief_leaks_no_html_and_no_link() -> None:
    """Read with raw HTML allowed: still no HTML token, and no link but the footnotes' addresses
    and the summary's https link and image (markdown fields keep their Markdown)."""
    markdown = render(loaded(HOSTILE), "md")
    tokens = gfm().parse(markdown)
    flat = [t for token in tokens for t in [token, *(token.children or [])]]
    assert not [t for t in flat if t.type in ("html_block", "html_inline")]
    assert [t.attrGet("src") for t in flat if t.type == "image"] == ["https://tracker.example/p.png"]
    hrefs = [t.attrGet("href") for t in flat if t.type == "link_open"]
    assert sorted(hrefs) == [
        "https://example.org/a%22onmouseover=%22alert(1)%3Cscript%3E",
        "https://example.org/ok",
        "https://example.org/plain?x=1&y=2",
    ]


def test_hostile_summary_open_comment_is_text_and_the_sections_follow() -> None:
    """The summary's unclosed `<!--` would swallow the rest of the field, fence included, as raw
    HTML: it is all shown as text, and the export's sections still follow."""
    tokens = gfm().parse(render(loaded(HOSTILE), "md"))
    assert not [t for t in tokens if t.type == "fence"]
    shown = ["".join(c.content or "\n" for c in t.children or []) for t in tokens if t.type == "inline"]
    assert "<!-- a comment that never closes" in shown
    assert "```\nan unclosed fence that would swallow the rest" in shown
    assert sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h2") == len(SECTIONS)


def test_an_unclosed_fence_in_a_field_is_closed() -> None:
    assert markdown_lines("text\n\n````py {=html}\n<b>\n```") == ["text", "", "````py", "<b>", "```", "````"]


# --- Escaping ---------------------------------------------------------------------------------

NASTY = [
    "*a* _b_ **c** __d__",
    "# heading",
    "[x](y) ![i](z) [^fn] [ref]",
    "<b>bold</b> <script>alert(1)</script> <!-- c -->",
    "a | b | c",
    "> quoted",
    "- item",
    "+ item",
    "1. item",
    "2) item",
    "===",
    "---",
    "`code` ``more``",
    "~~strike~~ ~one~",
    "&amp; &copy; &#65; &#x41;",
    "trailing backslash \\",
    "$x$ ^sup^ {#id .class} @cite",
    "https://example.org/a_b*c and www.example.org/x_y and me@example.org",
    ": definition",
    "\\*already escaped\\*",
    'l\'Ukraine "quoted" -- dash --- and ... dots',
]


@pytest.mark.parametrize("text", NASTY)
def test_escaped_text_renders_as_written(text: str) -> None:
    tokens = gfm().parse(escape_inline(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert inline_text(tokens[1]) == text


@given(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x17F), max_size=60))
@settings(max_examples=400, deadline=None)
def test_any_one_line_text_renders_as_written(text: str) -> None:
    expected = clean_line(text).strip(" \t")
    tokens = gfm().parse(escape_inline(text))
    if not expected:
        assert tokens == []
        return
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert inline_text(tokens[1]) == expected


@given(st.lists(st.sampled_from([*NASTY, "", "plain words"]), min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
def test_multi_line_text_in_a_blockquote_renders_as_written(lines: list[str]) -> None:
    text = "\n".join(lines)
    for verbatim in (False, True):
        quoted = "\n".join(f"> {line}" if line else ">" for line in escape_lines(text, verbatim=verbatim))
        assert (blockquotes(gfm().parse(quoted)) or [[]])[0] == paragraphs(text)


@given(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x17F), max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_verbatim_line_renders_as_written(text: str) -> None:
    expected = clean_line(text).strip(" \t")
    tokens = gfm().parse(escape_lines(text.replace("\n", " "), verbatim=True)[0])
    assert (inline_text(tokens[1]) if tokens else "") == expected


def test_markdown_fields_stay_markdown_but_raw_html_and_bad_links_do_not() -> None:
    """A link to anything but http, https or mailto keeps only its text; a footnote definition is
    read as a reference definition, which shows nothing."""
    lines = markdown_lines("**bold** <b>x</b> [ok](https://a.example) [no](javascript:x) `<b>`\n\n[^x]: note")
    html = gfm().render("\n".join(lines))
    assert html == (
        '<p><strong>bold</strong> &lt;b&gt;x&lt;/b&gt; <a href="https://a.example">ok</a> no '
        "<code>&lt;b&gt;</code></p>\n"
    )


# --- Golden files, determinism, selections ----------------------------------------------------


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_golden_markdown(path: Path) -> None:
    """The bundled brief's export, reviewed by eye once; BRIEFING_UPDATE_GOLDEN=1 rewrites it."""
    golden = GOLDEN / f"{path.stem}.md"
    markdown = render(loaded(path), "md")
    if os.environ.get("BRIEFING_UPDATE_GOLDEN") == "1":
        golden.write_text(markdown, encoding="utf-8", newline="\n")
    assert golden.exists(), f"{golden} is missing: run with BRIEFING_UPDATE_GOLDEN=1 and review it"
    assert markdown.encode("utf-8") == golden.read_bytes()


def test_same_brief_same_bytes_across_processes(brief_path: Path) -> None:
    script = (
        "import sys; from briefing.loader import load; from briefing.export import render; "
        "sys.stdout.buffer.write(render(load(sys.argv[1]).loaded, 'md').encode())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script, str(brief_path)],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
    assert outputs == {render(loaded(brief_path), "md").encode()}


def test_actor_selection_keeps_only_items_concerning_the_actor() -> None:
    """Statements and questions concern the actor; an event is there because it does, or because
    a kept statement or question refers to it; the selection is still a valid brief."""
    source = loaded(BUNDLED[0])
    actor = max(source.brief.actors, key=lambda a: len(source.index.statements_by_actor.get(a.id, []))).id
    options = ExportOptions(actors=(actor,))
    selected = _reloaded(render(source, "json", options))
    assert selected.statements and all(s.actor == actor for s in selected.statements)
    assert all(actor in q.actors for q in selected.questions)
    referred = {s.event for s in selected.statements} | {e for q in selected.questions for e in q.events}
    assert any(actor in event.actors for event in selected.events)
    assert all(actor in event.actors or event.id in referred for event in selected.events)
    assert len(selected.events) < len(source.brief.events)
    markdown = render(source, "md", options)
    name = escape_inline(BriefIndex(selected).actors[actor].name)
    assert f"*Only the items concerning {name}.*" in markdown
    assert len(blockquotes(gfm().parse(markdown))) == sum(1 for s in selected.statements if s.quote)


def test_tag_selection_and_both_together() -> None:
    source = loaded(HOSTILE)
    tagged = _reloaded(render(source, "json", ExportOptions(filter=ATTACK)))
    assert [e.id for e in tagged.events] == ["ev-hostile"]
    assert [s.id for s in tagged.statements] == ["st-markup"]
    assert [q.id for q in tagged.questions] == ["q-open"]
    assert {s.id for s in tagged.sources} == {"evil-source", "plain"}
    both = _reloaded(render(source, "json", ExportOptions(actors=("bob",), filter=ATTACK)))
    assert both.events == [] and both.statements == [] and both.questions == []
    assert [a.id for a in both.actors] == ["mallory", "bob"]
    markdown = render(source, "md", ExportOptions(actors=("bob",), filter=ATTACK))
    assert "*Only the items concerning Bob & Co \\&lt;3 and tagged “attack”.*" in markdown
    assert "## Timeline" not in markdown and "## Statements" not in markdown


def test_unknown_actor_is_refused() -> None:
    with pytest.raises(UnknownActor, match="no actor with id 'nobody'"):
        render(loaded(HOSTILE), "md", ExportOptions(actors=("nobody",)))


def test_a_brief_struct_renders_like_its_loaded_brief() -> None:
    source = loaded(HOSTILE)
    assert render(source.brief, "md") == render(source, "md")


def _reloaded(json_text: str) -> Brief:
    """JSON is YAML: a selection exported as JSON must load back as a valid brief."""
    result = load_text(json_text, "selection.json")
    assert result.ok, [str(error) for error in result.errors]
    assert result.loaded is not None
    return result.loaded.brief


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(mdtext.ESCAPED + "ab é.:/w1 "), max_size=40) | st.text(max_size=40))
def test_escaping_gives_each_markup_character_one_backslash(text: str) -> None:
    """Differential: the regex pass writes what a per-character table (`str.translate`) writes."""
    table = str.maketrans({char: "\\" + char for char in mdtext.ESCAPED})
    assert mdtext.backslashed(text) == text.translate(table)
