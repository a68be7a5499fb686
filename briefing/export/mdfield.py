"""A brief's markdown field made safe to carry into the Markdown export, by construction.

The field is parsed with markdown-it-py (CommonMark + the GFM features the HTML export renders,
raw HTML recognised so that it can be written as text) and written back from the token stream by the small
renderer below, which can only write what it knows:

- text is escaped (`mdtext.escape_span`) so every renderer shows exactly those characters;
- raw HTML (inline or block, comments, CDATA, processing instructions) is written as that text;
- a link is kept only when its address, once markdown-it has decoded entities and escapes and
  normalised it, is http, https or mailto (`describe.is_safe_link`); otherwise its text alone is
  written. Reference definitions are resolved into inline links, so none survives to be read
  again, and link titles are dropped;
- an image is kept only when its address is http or https; otherwise its description is written
  as text. A kept image's description is written as plain text;
- code spans get a run of backticks longer than any inside; code blocks become fenced blocks whose
  info string is reduced to a plain language word (pandoc would read `{=html}` as raw HTML);
- headings of levels 1 to 3 become level 4 (`####`), below the export's own title, sections and
  events, so a field cannot fake a section;
- footnote syntax is not recognised in a field (the export's footnotes are its sources): it is
  written as text.

The result is a fixed point: parsing it again and writing it back gives the same lines. Where the
renderer's first output is not yet one (delimiter runs that merge once a dropped link's text sits
next to them), it is written again from its own parse; a field that still moved would be written
as text (`as_text`), the way text fields are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.gfm import gfm_plugin

from briefing import describe
from briefing.export.mdtext import escape_lines, escape_span
from briefing.text import clean, clean_line

LOWEST_HEADING = 4
"""A heading inside a field is at least this level: below the export's title (1), sections (2)
and events (3). (Shifting every level down would not be a fixed point.)"""

_ROUNDS = 3
"""How many times a field is rewritten from its own parse before it is given up as text."""


class FieldParser(MarkdownIt):
    """The HTML export's CommonMark + GFM, with raw HTML recognised (to be written as text), no
    footnotes, and every address let through to the renderer, which decides what to keep."""

    def __init__(self) -> None:
        super().__init__("commonmark", {"html": True})
        self.use(gfm_plugin)
        self.disable(["footnote_def", "footnote_ref", "footnote_tail"])

    def validateLink(self, url: str) -> bool:
        return True


@cache
def field_parser() -> FieldParser:
    """One shared parser: building the rule chains is the slow part."""
    return FieldParser()


def markdown_lines(source: str) -> list[str]:
    """A markdown field as lines of safe Markdown that stay inside their place in the document."""
    # The line break a YAML block scalar ends with is not part of the field (it would only
    # lengthen a code fence left open at the end).
    text = clean(source).removesuffix("\n")
    lines = rewrite(text)
    if "\n".join(lines) == text:
        # Written back unchanged (most fields): parsing it again is the same parse, so it is
        # already a fixed point; the second parse would only double the export's Markdown time.
        return lines
    for _ in range(_ROUNDS):
        again = rewrite("\n".join(lines))
        if again == lines:
            return lines
        lines = again
    return as_text(source)


def rewrite(source: str) -> list[str]:
    """One pass: `source` parsed and written back."""
    tokens = field_parser().parse(source)
    return _Writer().blocks(tokens, 0, len(tokens))


def as_text(source: str) -> list[str]:
    """The last resort: the field's source shown as text, its Markdown with it."""
    lines: list[str] = []
    for line in escape_lines(source.replace("\t", " ")):
        if line or (lines and lines[-1]):
            lines.append(line)
    return lines[:-1] if lines and not lines[-1] else lines


def _is_image_source(url: str) -> bool:
    return describe.is_safe_link(url) and not url.lower().startswith("mailto:")


_INFO = re.compile(r"[A-Za-z0-9_+.#-]+")
_DESTINATION = str.maketrans({char: "\\" + char for char in "()\\&<>"})
_BACKTICKS = re.compile(r"`+")
_ALIGN = {"text-align:left": ":--", "text-align:right": "--:", "text-align:center": ":-:"}


class _Writer:
    """Writes a token stream back as Markdown lines."""

    # --- blocks --------------------------------------------------------------------------------

    def blocks(self, tokens: Sequence[Token], start: int, end: int, tight: bool = False) -> list[str]:
        """The blocks in `tokens[start:end]`, separated by a blank line (none in a tight list)."""
        lines: list[str] = []
        for block in self._each_block(tokens, start, end):
            if not block:
                continue
            if lines and not tight:
                lines.append("")
            lines.extend(block)
        return lines

    def _each_block(self, tokens: Sequence[Token], start: int, end: int) -> Iterator[list[str]]:
        for at in _children(tokens, start, end):
            yield self._block(tokens, at, _closing(tokens, at))

    def _block(self, tokens: Sequence[Token], at: int, close: int) -> list[str]:
        token = tokens[at]
        kind = token.type
        if kind == "paragraph_open":
            lines = self.inline(tokens[at + 1])
            return lines if lines != [""] else []
        if kind == "heading_open":
            level = max(int(token.tag[1]), LOWEST_HEADING)
            text = self.inline(tokens[at + 1], one_line=True)[0]
            return ["#" * level + (" " + text if text else "")]
        if kind in ("fence", "code_block"):
            return _fence(token)
        if kind == "html_block":
            return _text_lines(token.content)
        if kind == "hr":
            return ["***"]
        if kind == "blockquote_open":
            return _prefixed(self.blocks(tokens, at + 1, close), ">")
        if kind == "alert_open":
            body = self.blocks(tokens, _closing(tokens, at + 1) + 1, close)
            return _prefixed([f"[!{token.meta['kind']}]", *body], ">")
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self._list(tokens, at, close)
        if kind == "table_open":
            return self._table(tokens, at, close)
        raise AssertionError(f"unexpected block token {kind!r}")

    def _list(self, tokens: Sequence[Token], at: int, close: int) -> list[str]:
        ordered = tokens[at].type == "ordered_list_open"
        number = int(tokens[at].attrGet("start") or 1)
        items = [(item, _closing(tokens, item)) for item in _children(tokens, at + 1, close)]
        tight = all(
            tokens[i].hidden for first, last in items for i in _children(tokens, first + 1, last)
            if tokens[i].type == "paragraph_open"
        )  # fmt: skip
        lines: list[str] = []
        for first, last in items:
            item = tokens[first]
            marker = f"{number}{item.markup}" if ordered else item.markup
            number += 1
            body = self.blocks(tokens, first + 1, last, tight)
            if "checked" in item.meta and body and body[0]:
                body[0] = ("[x] " if item.meta["checked"] else "[ ] ") + body[0]
            if lines and not tight:
                lines.append("")
            pad = " " * (len(marker) + 1)
            lines.append(f"{marker} {body[0]}" if body and body[0] else marker)
            lines.extend(pad + line if line else "" for line in body[1:])
        return lines

    def _table(self, tokens: Sequence[Token], at: int, close: int) -> list[str]:
        rows: list[list[str]] = []
        aligns: list[str] = []
        for index in range(at, close):
            token = tokens[index]
            if token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                rows[-1].append(self.inline(tokens[index + 1], one_line=True)[0])
                if token.type == "th_open":
                    aligns.append(_ALIGN.get(str(token.attrGet("style") or ""), "---"))
        lines = [_row(row) for row in rows]
        return [lines[0], _row(aligns), *lines[1:]]

    # --- inline --------------------------------------------------------------------------------

    def inline(self, token: Token, one_line: bool = False) -> list[str]:
        """An inline token's children as lines of escaped Markdown; `one_line` (a heading, a table
        cell) writes line breaks as spaces and protects `|` in code spans."""
        children = _flatten(token.children or [], one_line)
        out: list[str] = []
        at = 0
        while at < len(children):
            child = children[at]
            kind = child.type
            if kind == "text":
                before = children[at - 1].type if at else "softbreak"
                after = children[at + 1].type if at + 1 < len(children) else "softbreak"
                out.append(_text(child.content, before, after))
            elif kind in _MARKUP:
                out.append(_MARKUP[kind])
            elif kind == "code_inline":
                out.append(_code_span(child.content, one_line))
            elif kind == "link_open":
                href = str(child.attrGet("href"))
                close = next(i for i in range(at, len(children)) if children[i].type == "link_close")
                if child.markup == "autolink" and _as_text(children[at + 1 : close]) == (
                    field_parser().normalizeLinkText(href)
                ):
                    out.append(f"<{href}>")
                    at = close
                else:
                    out.append("[")
                    children[close] = Token("link_close", "a", -1, info=href)
            elif kind == "link_close":
                out.append(f"]({child.info.translate(_DESTINATION)})")
            elif kind == "image":
                alt = _text(_as_text(child.children or []), "softbreak", "softbreak")
                out.append(f"![{alt}]({str(child.attrGet('src')).translate(_DESTINATION)})")
            else:
                raise AssertionError(f"unexpected inline token {kind!r}")
            at += 1
        return "".join(out).split("\n")


_MARKUP = {
    "softbreak": "\n",
    "hardbreak": "\\\n",
    "em_open": "*",
    "em_close": "*",
    "strong_open": "**",
    "strong_close": "**",
    "s_open": "~~",
    "s_close": "~~",
}


def _flatten(children: Sequence[Token], one_line: bool) -> list[Token]:
    """Inline tokens with everything that is not kept turned into text, adjacent texts joined:
    raw HTML, unsafe links (their text stays), unsafe images (their description), and line breaks
    when `one_line`. What would be left empty goes: emphasis around nothing, a line break at
    either end or next to another (a blank line would end the paragraph)."""
    flat: list[Token] = []
    keep_link = False
    for child in children:
        kind = child.type
        if kind in ("html_inline", "text"):
            _append_text(flat, child.content)
        elif kind in _LINE_BREAKS:
            _append_break(flat, child, one_line)
        elif kind == "image" and not _is_image_source(str(child.attrGet("src"))):
            _append_text(flat, _as_text(child.children or []))
        elif kind == "link_open":
            keep_link = describe.is_safe_link(str(child.attrGet("href")))
            if keep_link:
                flat.append(child)
        elif kind == "link_close":
            if keep_link:
                flat.append(child)
        elif kind in _CLOSING and flat and flat[-1].type == _CLOSING[kind]:
            flat.pop()
        else:
            flat.append(child)
    while flat and flat[-1].type in _LINE_BREAKS:
        flat.pop()
    return flat


_CLOSING = {"em_close": "em_open", "strong_close": "strong_open", "s_close": "s_open"}


def _append_break(flat: list[Token], token: Token, one_line: bool) -> None:
    if one_line:
        _append_text(flat, " ")
    elif flat and flat[-1].type in _LINE_BREAKS:
        if token.type == "hardbreak":
            flat[-1] = token
    elif flat:
        flat.append(token)


def _append_text(flat: list[Token], content: str) -> None:
    if not content:
        return
    if flat and flat[-1].type == "text":
        flat[-1] = Token("text", "", 0, content=flat[-1].content + content)
    else:
        flat.append(Token("text", "", 0, content=content))


def _as_text(children: Sequence[Token]) -> str:
    """What inline tokens show as plain text (an image's description, a link's words)."""
    parts = []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_as_text(child.children or []))
        else:
            parts.append(child.content)
    return "".join(parts)


_LINE_BREAKS = ("softbreak", "hardbreak")
_OPENERS = (*_LINE_BREAKS, "em_open", "strong_open", "s_open")
_CLOSERS = (*_LINE_BREAKS, "em_close", "strong_close", "s_close")


def _text(content: str, before: str, after: str) -> str:
    """Escaped text; whitespace where a line or a delimiter run begins or ends is written as a
    character reference (a renderer would drop it, or the run would stop being one)."""
    text = clean_line(content)
    return escape_span(
        text,
        line_start=before in _LINE_BREAKS,
        lead_edge=before in _OPENERS,
        trail_edge=after in _CLOSERS,
    )


def _text_lines(content: str) -> list[str]:
    """Raw text (an HTML block) as escaped paragraph lines; blank lines still separate paragraphs."""
    lines = [clean_line(line).strip(" ") for line in content.split("\n")]
    written = [escape_span(line, line_start=True, lead_edge=True, trail_edge=True) for line in lines]
    while written and not written[-1]:
        written.pop()
    return written


def _code_span(content: str, table: bool) -> str:
    """A code span whose fence is longer than any backtick run inside; padded with a space each
    side where the parser would otherwise read the content's edges differently."""
    runs = [len(run) for run in _BACKTICKS.findall(content)]
    fence = "`" * (max(runs, default=0) + 1)
    spaced = content.startswith(" ") and content.endswith(" ") and content.strip(" ")
    pad = " " if spaced or content.startswith("`") or content.endswith("`") else ""
    if table:
        content = content.replace("|", "\\|")
    return f"{fence}{pad}{content}{pad}{fence}"


def _fence(token: Token) -> list[str]:
    """A code block as a fenced block, closed by a fence longer than any backtick run inside."""
    content = token.content[:-1] if token.content.endswith("\n") else token.content
    runs = [len(run) for run in _BACKTICKS.findall(content)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    info = _INFO.match(token.info.strip()) if token.type == "fence" else None
    body = content.split("\n") if token.content else []
    return [fence + (info.group() if info else ""), *body, fence]


def _prefixed(lines: list[str], marker: str) -> list[str]:
    return [f"{marker} {line}" if line else marker for line in lines]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _closing(tokens: Sequence[Token], at: int) -> int:
    """The index of the token closing the one opened at `at` (`at` itself for a leaf)."""
    if tokens[at].nesting != 1:
        return at
    depth = 0
    for index in range(at, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    raise AssertionError("unbalanced token stream")


def _children(tokens: Sequence[Token], start: int, end: int) -> Iterator[int]:
    """The indices of the direct children of a container spanning `tokens[start:end]`."""
    at = start
    while at < end:
        yield at
        at = _closing(tokens, at) + 1
