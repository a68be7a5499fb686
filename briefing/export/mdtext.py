"""Putting brief text into Markdown so that every renderer shows exactly the characters written.

*Text* fields are escaped: CommonMark lets a backslash make any ASCII punctuation literal, so the
characters that can start markup anywhere in a line are escaped wherever they are, and those that
only matter at the start of a line (`>`, `-`, `+`, `=`, `1.`) are escaped there. `$`, `^`, `{` and
`~` are escaped for GitHub math, pandoc superscripts and attributes, and GFM strikethrough; `@`,
the `:` of `://` and the `.` of `www.` are escaped so that GFM's extended autolinks (which read
the source, backslashes included) never start inside a text field.
*Markdown* fields are carried as Markdown, but raw HTML in them is made literal (the format says
it is never rendered as HTML), so are links to anything but http, https and mailto, and footnote
definitions (footnotes are the export's sources); a code fence left open is closed, so a field
cannot swallow the rest of the document.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt

from briefing.text import clean, clean_line

_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_URL_COLON = re.compile(r"(?<=[A-Za-z]):(?=//)")
_WWW_DOT = re.compile(r"(?<![A-Za-z0-9])([Ww]{3})\.")
_LINE_START = re.compile(r"^(?:([>+=:-])|(\d{1,9})([.)]))")
_BLANKS = " \t"
_EDGE_SPACE = re.compile(r"^\s+|\s+$")
"""Other Unicode spaces at either end (no-break, ideographic): some renderers trim them, so they
are written as character references, which every renderer keeps."""


def escape_lines(text: str, *, verbatim: bool = False) -> list[str]:
    """A multi-line text field as escaped Markdown lines (a blank line still separates paragraphs).

    Indentation and trailing blanks are dropped: in Markdown they would turn a line into code or
    a hard break, and they carry nothing in a quote. `verbatim` (a statement's words) also
    escapes straight quotes, `--` and `...`, which "smart" readers (pandoc's default Markdown)
    would turn into curly quotes, dashes and ellipses.
    """
    return [_escape_line(line.strip(_BLANKS), verbatim) for line in clean(text).split("\n")]


_SMART = re.compile(r"['\"]|-{2,}|\.{3,}")


def escape_inline(text: str) -> str:
    """A one-line text field (title, name, role) as escaped Markdown on one line."""
    return _escape_line(clean_line(text).strip(_BLANKS))


_ESCAPES = str.maketrans({char: "\\" + char for char in "\\`*_[]<#|~$^{@"})
"""The characters that can start markup anywhere in a line, escaped in one `str.translate` pass."""
_STARTERS = frozenset(">+=:-0123456789")


def _escape_line(line: str, verbatim: bool = False) -> str:
    # Each rarer substitution runs only when its trigger is present: a brief's lines are mostly
    # plain prose, and six regex passes per line dominated exporting large briefs.
    escaped = line.translate(_ESCAPES)
    if "&" in escaped:
        escaped = _ENTITY.sub(r"\\&", escaped)
    if verbatim and ("'" in escaped or '"' in escaped or "--" in escaped or "..." in escaped):
        escaped = _SMART.sub(lambda match: "".join("\\" + char for char in match.group()), escaped)
    if "://" in escaped:
        escaped = _URL_COLON.sub(r"\\:", escaped)
    if "." in escaped:
        escaped = _WWW_DOT.sub(r"\1\\.", escaped)
    if escaped and (escaped[0].isspace() or escaped[-1].isspace()):
        escaped = _EDGE_SPACE.sub(lambda m: "".join(f"&#x{ord(c):X};" for c in m.group()), escaped)
    if escaped and escaped[0] in _STARTERS:
        escaped = _LINE_START.sub(_escape_start, escaped, count=1)
    return escaped


def _escape_start(match: re.Match[str]) -> str:
    if match[1]:
        return "\\" + match[1]
    return f"{match[2]}\\{match[3]}"


def markdown_lines(source: str) -> list[str]:
    """A markdown field as lines of Markdown that stay inside their place in the document."""
    lines = [line.rstrip() if not line.strip() else line for line in clean(source).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    tokens = _parser().parse("\n".join(lines))
    in_code: set[int] = set()
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map:
            in_code.update(range(token.map[0], token.map[1]))
        if (
            token.type == "fence"
            and token.level == 0
            and token.map
            and not _closes(token.markup, lines, token.map)
        ):
            lines.append(token.markup)
    return [line if number in in_code else _literal_html(line) for number, line in enumerate(lines)]


@cache
def _parser() -> MarkdownIt:
    """CommonMark as renderers will see the field once its raw HTML is made literal: used only
    to find where code is, never to render."""
    return MarkdownIt("commonmark", {"html": False})


def _closes(markup: str, lines: list[str], span: list[int]) -> bool:
    """Whether the fence opened at `span[0]` has its closing line within `span`."""
    start, end = span
    if end - start < 2:
        return False
    last = lines[end - 1].strip()
    return len(last) >= len(markup) and set(last) == {markup[0]}


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_SAFE_AUTOLINK = re.compile(
    r"<(?:(?:https?|mailto):[^\s<>]*|[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+)>", re.IGNORECASE
)
_SAFE_TARGET = r"\s*<?\s*(?:https?://|mailto:)"
_UNSAFE_INLINE_LINK = re.compile(rf"\]\((?!{_SAFE_TARGET})", re.IGNORECASE)
_DEFINITION = re.compile(rf"^( {{0,3}})\[(?=\^|[^\]]*\]:(?!{_SAFE_TARGET}))", re.IGNORECASE)


def _literal_html(line: str) -> str:
    """`line` made safe to carry: every `<` that could open raw HTML is escaped, and so is every
    link whose address is not http, https or mailto (it shows as the text it is) and every
    footnote definition (the export's footnotes are its sources, each defined once). Code spans
    are left as they are."""
    line = _DEFINITION.sub(r"\1\\[", line)
    pieces: list[str] = []
    position = 0
    for match in _CODE_SPAN.finditer(line):
        pieces.append(_neutralise(line[position : match.start()]))
        pieces.append(match.group())
        position = match.end()
    pieces.append(_neutralise(line[position:]))
    return "".join(pieces)


def _neutralise(text: str) -> str:
    text = _UNSAFE_INLINE_LINK.sub(r"]\\(", text)
    pieces: list[str] = []
    position = 0
    for match in _SAFE_AUTOLINK.finditer(text):
        pieces.append(_TAG_OPEN.sub(r"\\<", text[position : match.start()]))
        pieces.append(match.group())
        position = match.end()
    pieces.append(_TAG_OPEN.sub(r"\\<", text[position:]))
    return "".join(pieces)


def indent(lines: list[str], width: int) -> list[str]:
    """Lines indented to sit inside a list item (blank lines stay empty)."""
    pad = " " * width
    return [pad + line if line else "" for line in lines]


_URL_SAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")


def autolink(url: str) -> str:
    """A URL as a CommonMark autolink; characters an autolink cannot hold are percent-encoded."""
    encoded = _URL_SAFE.sub(lambda m: "".join(f"%{byte:02X}" for byte in m.group().encode("utf-8")), url)
    return f"<{encoded}>"


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text` (every YAML reader agrees on it)."""
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable() and char not in "\u2028\u2029\x85\ufeff":
            out.append(char)
        elif ord(char) > 0xFFFF:
            out.append(f"\\U{ord(char):08x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    out.append('"')
    return "".join(out)
