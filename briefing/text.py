"""One sanitiser for every text that leaves a brief, a file name, the config or a theme.

Rich and Textual strip only a few control characters; ESC, OSC and C1 sequences, and bidi
overrides, would reach the terminal. Such text therefore enters the display only through
`clean()`, which replaces them with visible placeholders, and only ever as `Text`/`Content`
objects (never as markup strings). The other exits use the same character class: the command
line's streams (`cleaned_streams`), JSON (`json_text`, which escapes instead of replacing) and
Markdown parsed for display (`clean_tokens`).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from markdown_it.token import Token

# C0 controls except tab and newline, DEL, C1 controls, the bidi embedding/override/isolate
# characters that can reorder what a terminal shows, and lone surrogates (the undecodable bytes of
# a file name, which Python would write back as the raw bytes).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")


def _placeholder(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def clean(text: str) -> str:
    """`text` with every control character and bidi control shown as a visible placeholder."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_placeholder, text)


def clean_line(text: str) -> str:
    """`clean()` for one-line places (titles, names): newlines and tabs become spaces."""
    return clean(text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


# A run of bytes the system could not decode (`LC_ALL=C`): Python keeps them as lone surrogates.
_UNDECODED = re.compile("[\udc80-\udcff]+")


def _as_utf8(match: re.Match[str]) -> str:
    """Undecoded bytes that are UTF-8 (`brève` under `LC_ALL=C`) as the text they are; others stay."""
    try:
        return match.group().encode("utf-8", "surrogateescape").decode("utf-8")
    except UnicodeDecodeError:
        return match.group()


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """`data` as JSON that a `cat` cannot turn into terminal commands: every character `clean()`
    would replace is a `\\uXXXX` escape (`json` escapes C0 itself; DEL, C1, bidi controls and
    lone surrogates it leaves raw), so a JSON reader gets exactly the data back. Other characters
    stay UTF-8; a file name's undecoded bytes are its text when they are UTF-8, whatever the locale."""
    import json  # here: the reader imports this module before its first frame, and needs no JSON

    text = _UNDECODED.sub(_as_utf8, json.dumps(data, ensure_ascii=False, indent=indent))
    # Outside strings JSON is ASCII punctuation, digits and letters: every match is in a string.
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def clean_tokens(tokens: list[Token]) -> None:
    """Clean, in place, every text and attribute markdown-it produced: it decodes character
    references (`&#x1B;`) and percent-encoded link text (`<https://x/%1B>`) after the source
    was cleaned."""
    for token in tokens:
        token.content = clean(token.content)
        token.attrs = {name: clean(str(value)) for name, value in token.attrs.items()}
        if token.children:
            clean_tokens(token.children)


class CleanWriter:
    """A text stream that passes everything written through `clean()`; the rest of the stream's
    interface (flush, isatty, fileno, encoding...) is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(clean(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def cleaned_streams() -> Iterator[None]:
    """While inside, every message printed to standard output or error is cleaned: the command
    line's one boundary, so that no message (a file name, a key, a value quoted in an error) can
    forget it. Output meant to carry escape sequences (Rich's colours) asks for `raw_stdout()`."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CleanWriter(sys.stdout), CleanWriter(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def raw_stdout() -> TextIO:
    """Standard output without the cleaning of `cleaned_streams`, for Rich, which writes its own
    styling escapes around text that is already clean."""
    stream = sys.stdout
    return stream.stream if isinstance(stream, CleanWriter) else stream


# Every character with a non-zero canonical combining class (`unicodedata.combining`) in Unicode
# 14.0.0, as ranges (`a-b`) and single characters; generated once, checked against unicodedata by
# a test.
_COMBINING_RANGES = (
    "\u0300-\u034e\u0350-\u036f\u0483-\u0487\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7-\u06e8\u06ea-\u06ed\u0711"
    "\u0730-\u074a\u07eb-\u07f3\u07fd\u0816-\u0819\u081b-\u0823\u0825-\u0827\u0829-\u082d"
    "\u0859-\u085b\u0898-\u089f\u08ca-\u08e1\u08e3-\u08ff\u093c\u094d\u0951-\u0954\u09bc\u09cd\u09fe"
    "\u0a3c\u0a4d\u0abc\u0acd\u0b3c\u0b4d\u0bcd\u0c3c\u0c4d\u0c55-\u0c56\u0cbc\u0ccd\u0d3b-\u0d3c"
    "\u0d4d\u0dca\u0e38-\u0e3a\u0e48-\u0e4b\u0eb8-\u0eba\u0ec8-\u0ecb\u0f18-\u0f19\u0f35\u0f37\u0f39"
    "\u0f71-\u0f72\u0f74\u0f7a-\u0f7d\u0f80\u0f82-\u0f84\u0f86-\u0f87\u0fc6\u1037\u1039-\u103a\u108d"
    "\u135d-\u135f\u1714-\u1715\u1734\u17d2\u17dd\u18a9\u1939-\u193b\u1a17-\u1a18\u1a60\u1a75-\u1a7c"
    "\u1a7f\u1ab0-\u1abd\u1abf-\u1ace\u1b34\u1b44\u1b6b-\u1b73\u1baa-\u1bab\u1be6\u1bf2-\u1bf3\u1c37"
    "\u1cd0-\u1cd2\u1cd4-\u1ce0\u1ce2-\u1ce8\u1ced\u1cf4\u1cf8-\u1cf9\u1dc0-\u1dff\u20d0-\u20dc\u20e1"
    "\u20e5-\u20f0\u2cef-\u2cf1\u2d7f\u2de0-\u2dff\u302a-\u302f\u3099-\u309a\ua66f\ua674-\ua67d"
    "\ua69e-\ua69f\ua6f0-\ua6f1\ua806\ua82c\ua8c4\ua8e0-\ua8f1\ua92b-\ua92d\ua953\ua9b3\ua9c0\uaab0"
    "\uaab2-\uaab4\uaab7-\uaab8\uaabe-\uaabf\uaac1\uaaf6\uabed\ufb1e\ufe20-\ufe2f\U000101fd\U000102e0"
    "\U00010376-\U0001037a\U00010a0d\U00010a0f\U00010a38-\U00010a3a\U00010a3f\U00010ae5-\U00010ae6"
    "\U00010d24-\U00010d27\U00010eab-\U00010eac\U00010f46-\U00010f50\U00010f82-\U00010f85\U00011046"
    "\U00011070\U0001107f\U000110b9-\U000110ba\U00011100-\U00011102\U00011133-\U00011134\U00011173"
    "\U000111c0\U000111ca\U00011235-\U00011236\U000112e9-\U000112ea\U0001133b-\U0001133c\U0001134d"
    "\U00011366-\U0001136c\U00011370-\U00011374\U00011442\U00011446\U0001145e\U000114c2-\U000114c3"
    "\U000115bf-\U000115c0\U0001163f\U000116b6-\U000116b7\U0001172b\U00011839-\U0001183a"
    "\U0001193d-\U0001193e\U00011943\U000119e0\U00011a34\U00011a47\U00011a99\U00011c3f\U00011d42"
    "\U00011d44-\U00011d45\U00011d97\U00016af0-\U00016af4\U00016b30-\U00016b36\U00016ff0-\U00016ff1"
    "\U0001bc9e\U0001d165-\U0001d169\U0001d16d-\U0001d172\U0001d17b-\U0001d182\U0001d185-\U0001d18b"
    "\U0001d1aa-\U0001d1ad\U0001d242-\U0001d244\U0001e000-\U0001e006\U0001e008-\U0001e018"
    "\U0001e01b-\U0001e021\U0001e023-\U0001e024\U0001e026-\U0001e02a\U0001e130-\U0001e136\U0001e2ae"
    "\U0001e2ec-\U0001e2ef\U0001e8d0-\U0001e8d6\U0001e944-\U0001e94a"
)
_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")


def _codes(ranges: str) -> Iterator[int]:
    """The code points of `_COMBINING_RANGES`: single characters and `a-b` ranges."""
    at = 0
    while at < len(ranges):
        if at + 2 < len(ranges) and ranges[at + 1] == "-":
            yield from range(ord(ranges[at]), ord(ranges[at + 2]) + 1)
            at += 3
        else:
            yield ord(ranges[at])
            at += 1


MARK_TABLE: dict[int, None] = dict.fromkeys(_codes(_COMBINING_RANGES))
"""Combining marks (accents, diacritics), what folding removes after decomposing, as a
`str.translate` table that deletes them: one pass in C, faster than a regex of the same class on
text in other scripts (the search index folds every text of a brief)."""


def fold(text: str) -> str:
    """Case- and accent-insensitive form for search: `Aaltová` → `aaltova`, `Oumierov` → `oumierov`.

    Search folds every text of a brief once when it opens, so this runs in C where it can: plain
    ASCII only needs lower-casing, and marks are deleted in one pass.
    """
    if text.isascii():
        return text.lower()
    folded = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    # Accented Latin text is plain ASCII once its common marks are gone; only other scripts
    # need the full (slower) class.
    return folded if folded.isascii() else folded.translate(MARK_TABLE)
