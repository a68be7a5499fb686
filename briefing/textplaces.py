"""Where an item of a valid brief, or one of its keys, stands in the file, read from the text.

`yamlread.places` walks libyaml's events up to the last node it is asked about: placing one
error costs at most one read of the file, but placing warnings spread over a 10,000-statement
brief costs a quarter of a whole parse. The loader already keeps the line of every item (also in
the cache); from there a key of a block-style item is found by looking at the lines below it, at
the item's indentation, until the next line that is less indented. `tests/test_textplaces.py`
checks the answers against `yamlread.places`.
"""

from __future__ import annotations

import re
from functools import lru_cache

Position = tuple[int, int]
"""A 1-based (line, column), as the loader gives them."""

LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What libyaml counts as the end of a line (YAML 1.1): its line numbers count these."""
_ITEM_START = re.compile(r"[ ]*(?:-[ \t]+)*")
"""Up to the first key of an item's first line: its indentation and the list's dashes."""


@lru_cache(maxsize=64)
def _key_pattern(key: str) -> re.Pattern[str]:
    name = re.escape(key)
    return re.compile(rf"(?:{name}|\"{name}\"|'{name}')[ \t]*:(?:[ \t]|$)")


class TextPlaces:
    """Lines and columns of items and their keys in one brief's text."""

    def __init__(self, text: str) -> None:
        rare_breaks = "\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text
        self.lines = LINE_BREAK.split(text) if rare_breaks else text.split("\n")

    def item(self, line: int) -> Position:
        """The place of the item whose mapping starts on `line`: its first key."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return line, _ITEM_START.match(text).end() + 1  # type: ignore[union-attr]

    def key(self, line: int | None, key: str) -> Position | None:
        """The place of `key` in the item that starts on `line` (None: the top-level mapping),
        or None when it is not written in block style there."""
        pattern = _key_pattern(key)
        if line is None:
            first, indent = 0, 0
        else:
            first, indent = line - 1, self.item(line)[1] - 1
            if first < len(self.lines) and pattern.match(self.lines[first], indent):
                return line, indent + 1
            first += 1
        for number in range(first, len(self.lines)):
            text = self.lines[number]
            depth = len(text) - len(text.lstrip(" "))
            if depth == len(text) or text[depth] == "#":
                continue  # blank, or a comment
            if depth < indent:
                return None
            if depth == indent and pattern.match(text, depth):
                return number + 1, depth + 1
        return None
