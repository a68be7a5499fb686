"""Putting brief text into Markdown so that every renderer shows exactly the characters written.

*Text* fields are escaped: CommonMark lets a backslash make any ASCII punctuation literal, so the
characters that can start markup anywhere in a line are escaped wherever they are, and those that
only matter at the start of a line (`>`, `-`, `+`, `=`, `1.`) are escaped there. `$`, `^`, `{` and
`~` are escaped for GitHub math, pandoc superscripts and attributes, and GFM strikethrough; `@`,
the `:` of `://` and the `.` of `www.` are escaped so that GFM's extended autolinks (which read
the source, backslashes included) never start inside a text field.
*Markdown* fields are parsed and written back by `mdfield`, which escapes their text with
`escape_span`.
"""

from __future__ import annotations

import re

from briefing.text import clean, clean_line

_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_URL_COLON = re.compile(r"(?<=[A-Za-z]):(?=//)")
_WWW_DOT = re.compile(r"(?<![A-Za-z0-9])([Ww]{3})\.")
_LINE_START = re.compile(r"^(?:([>+=:-])|(\d{1,9})([.)]))")
_BLANKS = " \t"
_LEAD_SPACE = re.compile(r"^\s+")
_TRAIL_SPACE = re.compile(r"\s+$")
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


ESCAPED = "\\`*_[]<#|~$^{@"
"""The characters that can start markup anywhere in a line: each gets a backslash."""
_ESCAPES = re.compile("[" + re.escape(ESCAPED) + "]")
"""One regex pass, only where one is present: `str.translate` to two-character strings costs
about ten times a regex search on plain prose, and text escaping dominated large exports."""
_STARTERS = frozenset(">+=:-0123456789")


def backslashed(text: str) -> str:
    """`text` with a backslash before each character that can start markup anywhere in a line."""
    return _ESCAPES.sub(r"\\\g<0>", text) if _ESCAPES.search(text) else text


def _escape_line(line: str, verbatim: bool = False) -> str:
    return escape_span(line, line_start=True, lead_edge=True, trail_edge=True, verbatim=verbatim)


def escape_span(
    text: str,
    *,
    line_start: bool = False,
    lead_edge: bool = False,
    trail_edge: bool = False,
    verbatim: bool = False,
) -> str:
    """A piece of one line as escaped Markdown. `line_start`: it begins a line, where `>`, `-`,
    `+`, `=`, `:` and `1.` would start a block. `lead_edge`/`trail_edge`: it begins or ends a line
    or sits inside a delimiter run, where whitespace would be dropped, so it is written as
    character references."""
    # Each rarer substitution runs only when its trigger is present: a brief's lines are mostly
    # plain prose, and six regex passes per line dominated exporting large briefs.
    escaped = backslashed(text)
    if "&" in escaped:
        escaped = _ENTITY.sub(r"\\&", escaped)
    if verbatim and ("'" in escaped or '"' in escaped or "--" in escaped or "..." in escaped):
        escaped = _SMART.sub(lambda match: "".join("\\" + char for char in match.group()), escaped)
    if "://" in escaped:
        escaped = _URL_COLON.sub(r"\\:", escaped)
    if "." in escaped:
        escaped = _WWW_DOT.sub(r"\1\\.", escaped)
    if lead_edge and escaped and escaped[0].isspace():
        escaped = _LEAD_SPACE.sub(_references, escaped)
    if trail_edge and escaped and escaped[-1].isspace():
        escaped = _TRAIL_SPACE.sub(_references, escaped)
    if line_start and escaped and escaped[0] in _STARTERS:
        escaped = _LINE_START.sub(_escape_start, escaped, count=1)
    return escaped


def _references(match: re.Match[str]) -> str:
    return "".join(f"&#x{ord(char):X};" for char in match.group())


def _escape_start(match: re.Match[str]) -> str:
    if match[1]:
        return "\\" + match[1]
    return f"{match[2]}\\{match[3]}"


def indent(lines: list[str], width: int) -> list[str]:
    """Lines indented to sit inside a list item (blank lines stay empty)."""
    pad = " " * width
    return [pad + line if line else "" for line in lines]


_URL_SAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")


def autolink(url: str) -> str:
    """A URL as a CommonMark autolink; characters an autolink cannot hold are percent-encoded."""
    encoded = _URL_SAFE.sub(lambda m: "".join(f"%{byte:02X}" for byte in m.group().encode("utf-8")), url)
    return f"<{encoded}>"


_YAML_BREAKS = re.compile("[\x85\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def yaml_markdown(text: str) -> str:
    """A quoted YAML scalar holding `text` escaped as Markdown, written so that the line reads the
    same to a YAML reader that parses values as Markdown (pandoc) and to a Markdown viewer that
    knows no front matter and shows it as text: single quotes (which keep backslashes as they
    are) once the value has a backslash or a double quote, double quotes otherwise. Characters
    YAML would read as line breaks or not accept are written as character references."""
    escaped = escape_inline(text)
    if _YAML_BREAKS.search(escaped):
        escaped = _YAML_BREAKS.sub(lambda match: f"&#x{ord(match.group()):X};", escaped)
    if "\\" in escaped or '"' in escaped:
        return "'" + escaped.replace("'", "''") + "'"
    return '"' + escaped + '"'
