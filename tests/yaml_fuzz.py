"""Odd YAML documents for the property tests of the loader (issue 12: one verdict at every size).

Hypothesis writes small YAML documents, generic and brief-shaped: scalars of every style
(plain, single- and double-quoted, literal, folded) holding escapes, escaped line breaks and
blank lines, control characters, NEL, LS, PS, byte-order marks, tabs and long keys; comments,
block and flow collections mixed and over several lines, document markers and directives; line
breaks as LF or CRLF. Until issue 12 these fed a differential fuzzer of rapidyaml's fast path
against libyaml; the path is gone, and they now hold the loader to one verdict at every size.
"""

from __future__ import annotations

from hypothesis import strategies as st

PADDING_LINE = "# " + "padding " * 9 + "\n"


def padded(text: str, size: int) -> str:
    """The same document behind comment lines, at least `size` characters long (after a
    leading byte-order mark, which only the first character may be)."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return bom + PADDING_LINE * -(-size // len(PADDING_LINE)) + text.removeprefix(bom)


# ── The documents ─────────────────────────────────────────────────────────────────────────────

WORDS = ["a", "b c", "Nous verrons.", "é ✓", "😀", "x-y", "12", "1.5", "~", "null", "true", "-z"]
HOSTILE = [
    *("\\", "\\\\", "\\\n", "\\\r\n", "\\ ", "\\n", "\\t", "\\\t", "\\x41", "\\xe9", "\\x7f", "\\u00e9"),
    *("\\U0001F600", "\\N", "\\_", "\\L", "\\P", "\\0", "\\e", "\\/", '\\"', "\\ud800", "\\q"),
    *("\x0c", "\x7f", "\x85", "\x9f", "\x80", "\xa0", "\u2028", "\u2029", "\ufeff", "\ufffe", "\x00"),
    *("\x1b", "\t", " \t", "\r", "\r\n", "\u3000", "\u200b"),
    *(": ", ":", "- ", "-", "#", " #", " # c", "'", "''", '"', "[", "]", "{", "}", ",", "?", "? "),
    *("|", ">", "|-", ">+", "|2", "&x ", "*x", "!", "!!str ", "! ", "%", "@", "`", "---", "..."),
    *("012", "0x1", "0o7", ".inf", "-.5", "1e3", "+1", "1_000", "12:30", "k" * 1030),
]
BREAKS = ["\n", "\n", "\n  ", "\n\n", "\n    ", "\n \n", "\n\n\n  ", "\n#c\n"]
TEXT = st.lists(st.sampled_from([*WORDS, " ", *BREAKS, *HOSTILE]), max_size=8).map("".join)
ORDINARY = st.lists(st.sampled_from([*WORDS, " ", " ", "\n  ", "\n\n  "]), min_size=1, max_size=5).map(
    "".join
)


@st.composite
def scalars(draw: st.DrawFn, indent: str) -> str:
    """One scalar in any style; its lines after the first at `indent` plus two spaces."""
    body = draw(TEXT if draw(st.integers(0, 3)) == 0 else ORDINARY)
    body = body.replace("\n", "\n" + indent + "  ") if draw(st.integers(0, 4)) else body
    style = draw(st.sampled_from(["plain", "single", "double", "literal", "folded", "raw"]))
    if style == "plain":
        return body.strip() or "v"
    if style == "single":
        return "'" + body.replace("'", "''") + "'"
    if style == "double":
        return '"' + body.replace('"', '\\"') + '"'
    if style in ("literal", "folded"):
        header = "|" if style == "literal" else ">"
        header += draw(st.sampled_from(["", "", "", "-", "+", "2", "-1"]))
        header += draw(st.sampled_from(["", " # c"]))
        lines = body.replace("\n" + indent + "  ", "\n").split("\n")
        return header + "".join("\n" + (indent + "  " + line if line.strip() else line) for line in lines)
    return body


KEYS = ["id", "name", "k", "x-k", "'q k'", '"d k"', "'q\nk'", '"d\nk"', "? k\n", "1", "~"]
KEYS += ["x-" + "k" * 1030, "k" * 1030]


@st.composite
def nodes(draw: st.DrawFn, indent: str, depth: int) -> str:
    """A value after `key:` or `-`: a scalar, or a block or flow collection."""
    kinds = ["scalar", "scalar", "mapping", "list", "flow list", "flow mapping"]
    kind = draw(st.sampled_from(kinds if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return " " + draw(scalars(indent))
    if kind.startswith("flow"):
        items = draw(st.lists(scalars(indent), max_size=3))
        if kind == "flow mapping":
            items = [f"{item}: {draw(scalars(indent))}" for item in items]
        separator = draw(st.sampled_from([", ", ",", " ,", ",\n" + indent + "  ", ", # c\n" + indent + "  "]))
        opening, closing = ("[", "]") if kind == "flow list" else ("{", "}")
        return " " + opening + separator.join(items) + closing
    inner = indent + draw(st.sampled_from(["  ", "  ", " ", "    ", ""]))
    lines = []
    for number in range(draw(st.integers(1, 3))):
        if kind == "mapping":
            key = draw(st.sampled_from([*KEYS, f"k{number}"]))
            key = key.replace("\n", "\n" + inner)
            lines.append(f"\n{inner}{key}:" + draw(nodes(inner, depth + 1)))
        else:
            lines.append(f"\n{inner}-" + draw(nodes(inner + "  ", depth + 1)))
        if draw(st.integers(0, 4)) == 0:
            lines.append(draw(st.sampled_from(["\n", "\n# c", f"\n{inner}# c", "\n  \n"])))
    return "".join(lines)


HEADS = ["", "", "---\n", "--- # c\n", "%YAML 1.1\n---\n", "%TAG !e! tag:e,2000:\n---\n", "# c\n", "\ufeff"]
ENDS = ["\n", "\n", "\n...\n", "\n# end\n", "", "\n\n", "\n---\nb: 1\n", "\n...\n---\n"]


@st.composite
def generic_documents(draw: st.DrawFn) -> str:
    """A mapping of odd YAML: keys of every kind, values nested three deep."""
    text = draw(st.sampled_from(HEADS)) + "briefing: 1\ntitle: T"
    for number in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from([f"k{number}", f"x-k{number}", f"'k{number}'", "items", "statements"]))
        text += f"\n{key}:" + draw(nodes("", 0))
    return text + draw(st.sampled_from(ENDS))


BRIEF = """briefing: 1
title: {title}
as_of: 2025-11-21
summary: {summary}
tags: [a, {tag}]
actors:
  - id: a
    name: {name}
    notes: {notes}
  - id: b
    name: B
statements:
  - id: s1
    actor: a
    date: 2025-11-19
    kind: quote
    quote: {quote}
    translation: {translation}
  -
    id: s2
    actor: b
    date: 2025-11-20
    kind: paraphrase
    text: {text}
{extra}"""


@st.composite
def brief_documents(draw: st.DrawFn) -> str:
    """A small brief whose free-text fields hold scalars of every style: mostly valid briefs,
    some with validation errors, some that the reference reader refuses."""
    fields = {
        name: draw(scalars("    " if name in {"notes", "quote", "translation", "text", "name"} else ""))
        for name in ("title", "summary", "name", "notes", "quote", "translation", "text")
    }
    fields["tag"] = draw(st.sampled_from(["b", "'b'", '"b"', "b c", "12", "b\n  , c"]))
    extra = draw(st.sampled_from(["", "x-note: 1\n", "x-" + "k" * 1030 + ": 1\n", "unknown: 1\n"]))
    text = BRIEF.format(extra=extra, **fields)
    line_break = draw(st.sampled_from(["\n", "\n", "\n", "\r\n"]))
    return text.replace("\n", line_break)


documents = st.one_of(brief_documents(), generic_documents())
"""Every document the fuzzer tries."""
