"""The HTML export: one self-contained page rendered from the Markdown export.

Safety does not depend on the brief: markdown-it runs with raw HTML disabled (a `<script>` in any
field is shown as text), every link and image address must be http, https or mailto, images become
plain links (the page loads nothing from elsewhere), every text is cleaned of control characters,
and the page carries no script at all.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from importlib import resources

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.gfm import gfm_plugin

from briefing import describe
from briefing.export.markdown import (
    GENERATOR,
    KIND_NOTES,
    PROSE_LANGUAGE,
    TRANSLATION_LABEL,
    render_markdown,
)
from briefing.export.selection import ExportOptions
from briefing.index import BriefIndex
from briefing.text import clean_line, clean_tokens


class SafeMarkdownIt(MarkdownIt):
    """CommonMark + GFM (tables, strikethrough, task lists, footnotes, autolinks), no raw HTML,
    and only http, https and mailto addresses kept as links."""

    def __init__(self) -> None:
        super().__init__("commonmark", {"html": False})
        self.use(gfm_plugin)
        self.add_render_rule("image", _image_as_link)
        self.add_render_rule("footnote_caption", _footnote_number)
        self.add_render_rule("text", _text_with_isolated_rtl)
        self.add_render_rule("paragraph_open", _paragraph_open)

    def validateLink(self, url: str) -> bool:
        return describe.is_safe_link(url)

    def parse(self, src: str, env: EnvType | None = None) -> list[Token]:
        """Tokens with every text cleaned: the parser decodes character references and the
        percent-encoding of an autolink's text (`<https://x/%1B]0;t%07>`) into raw controls."""
        tokens = super().parse(src, env)
        clean_tokens(tokens)
        return tokens


def _image_as_link(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """An image is shown as a link to it (or as its text when its address was refused)."""
    token = tokens[idx]
    text = html.escape(self.renderInlineAsText(token.children or [], options, env))
    src = str(token.attrGet("src") or "")
    return f'<a href="{html.escape(src)}">{text or html.escape(src)}</a>' if src else text


def _footnote_number(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """`[2]` for every citation of the second source (not markdown-it's `[2:7]` for the 7th)."""
    return f"[{tokens[idx].meta['id'] + 1}]"


RIGHT_TO_LEFT = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff"
"""Hebrew, Arabic, Syriac, Thaana, N'Ko and the other right-to-left scripts, with their forms."""
_WORD_TAIL = r"[^\s!-/:-@\[-`{-~]*"
RIGHT_TO_LEFT_RUN = re.compile(rf"[{RIGHT_TO_LEFT}]{_WORD_TAIL}(?:[ \u00a0]+[{RIGHT_TO_LEFT}]{_WORD_TAIL})*")
"""Words that start right to left, with the spaces between them; never ASCII punctuation, so a
comma or parenthesis between two names stays in the sentence around them (and `&`, `;` keep
character references whole)."""


def _text_with_isolated_rtl(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Right-to-left words in `<bdi>`: in an English line such as `— يوسف, متحدث, 18 Nov`, the
    bidirectional algorithm would otherwise join name, comma, role and date into one right-to-left
    run, showing the role before the name and the day before both."""
    text = escapeHtml(tokens[idx].content)
    return text if env.get(OWN_DIRECTION) else RIGHT_TO_LEFT_RUN.sub(r"<bdi>\g<0></bdi>", text)


OWN_DIRECTION = "paragraph has its own direction"
"""Set in the render environment while a paragraph with a `dir` of its own (a quote's words) is
rendered: its words are laid out by that direction, not isolated one run at a time."""


def _paragraph_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    env[OWN_DIRECTION] = tokens[idx].attrGet("dir") is not None
    return self.renderToken(tokens, idx, options, env)


@cache
def safe_parser() -> SafeMarkdownIt:
    """One shared parser: building the rule chains is the slow part."""
    return SafeMarkdownIt()


def markdown_to_html(markdown: str) -> str:
    """Markdown from a brief as safe HTML (also used for TimelineJS text)."""
    return safe_parser().render(markdown)


def render_html(index: BriefIndex, options: ExportOptions) -> str:
    """The page: the Markdown export (without front matter) rendered, with inline CSS.

    The page is in the language of the prose (`PROSE_LANGUAGE`); the words of each quote carry
    their own `lang`, and `dir="auto"`, so right-to-left words are laid out right to left
    without turning the English around them."""
    markdown = render_markdown(index, replace(options, front_matter=False))
    parser = safe_parser()
    env: EnvType = {}
    tokens = parser.parse(markdown, env)
    languages = [index.statement_language(s) for s in describe.statements_in_order(index) if s.quote]
    _mark_quote_languages(tokens, languages)
    body = parser.renderer.render(tokens, parser.options, env)
    brief = index.brief
    return PAGE.format(
        lang=html.escape(PROSE_LANGUAGE, quote=True),
        title=html.escape(clean_line(brief.title)),
        generator=html.escape(GENERATOR, quote=True),
        css=_stylesheet(),
        body=body,
    )


def _mark_quote_languages(tokens: list[Token], languages: list[str]) -> None:
    """`lang` and `dir="auto"` on the paragraphs of quoted words: those of each blockquote of the
    Statements section (one per statement with words, in order), up to its translation."""
    remaining = iter(languages)
    in_statements = in_quote = False
    language = ""
    for position, token in enumerate(tokens):
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        if token.type == "heading_open" and token.tag == "h2":
            in_statements = following is not None and following.content == "Statements"
        elif in_statements and token.level == 0 and token.type == "blockquote_open":
            in_quote, language = True, next(remaining, "")
        elif token.level == 0 and token.type == "blockquote_close":
            in_quote = False
        elif in_quote and token.type == "paragraph_open" and following is not None:
            if following.content == TRANSLATION_LABEL:
                in_quote = False
            elif following.content not in KIND_NOTES.values() and language:
                token.attrSet("lang", language)
                token.attrSet("dir", "auto")


@cache
def _stylesheet() -> str:
    return resources.files(__package__).joinpath("page.css").read_text(encoding="utf-8")


PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{generator}">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>
{css}</style>
</head>
<body>
<main>
{body}</main>
</body>
</html>
"""
