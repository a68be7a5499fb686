"""One sanitiser for every text that leaves a brief for a terminal.

Rich and Textual strip only a few control characters; ESC, OSC and C1 sequences, and bidi
overrides, would reach the terminal. Brief text therefore enters the display only through
`clean()`, which replaces them with visible placeholders, and only ever as `Text`/`Content`
objects (never as markup strings).
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, C1 controls, and the bidi embedding/override/isolate
# characters that can reorder what a terminal shows.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


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
    return clean(text).replace("\r\n", " ").replace("\n", " ").replace("\t", " ")


def fold(text: str) -> str:
    """Case- and accent-insensitive form for search: `Aaltová` → `aaltova`, `Oumierov` → `oumierov`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
