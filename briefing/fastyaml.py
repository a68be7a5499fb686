"""An optimistic fast reader: rapidyaml's tree, written out as JSON, read by Python's C decoder.

The reference reader (`briefing.yamlread`, libyaml's event stream) needs about 0.35 s for a
brief of 10,000 statements; rapidyaml parses it and writes it as JSON, and `json.loads` reads
that, in well under half the time. But rapidyaml's JSON drops anchors and tags, types scalars its
own way (`~`, `012`, `.inf` come out as text), and rapidyaml accepts YAML 1.2 that libyaml
refuses (tabs, some flow collections, `@x`, escaped surrogates). So `read` answers only when it
can show that its answer equals the reference reader's, and returns None ("not sure") for
anything else; the loader then takes the reference path, which also places every error. Errors
and positions therefore always come from the reference reader; `tests/test_fastyaml.py` holds
the two readers side by side.

Each guard is cheap and errs towards None:
- the text: no final line break; any character outside the printable set both take alike (a
  tab, form feed, DEL, C1; NEL, LS, PS; a byte-order mark inside); a lone CR; a line over 1,024
  characters; an escaped line break; an escaped surrogate; `&`, `!` or `%` where a
  node could start (an anchor, a tag, a directive); a flow mapping over several lines or with a
  comment; a block scalar with an explicit indentation (`|2`);
- rapidyaml: any error; several documents; a root that is not a mapping;
- the JSON: a string the core schema could read as null, a boolean or a number (`"~"`, `"012"`)
  unless rapidyaml writes that scalar plain as a number (then it was quoted); a key of that kind;
  a string starting with a character no plain scalar may start with in libyaml (`*`, which is
  how rapidyaml writes an alias, `@`, `]`, ...); a colon before a flow indicator; a mapping
  inside a flow sequence;
- `json.loads`: refusal (raw control characters, rapidyaml's raw `+1`), NaN and Infinity,
  numbers longer than the reference turns into numbers, duplicate keys (`x-` keys are dropped as
  the reference drops them);
- the item lines: each top-level block list is found in the text and its items counted.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import re
import sys
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ctypes

_OUTSIDE = re.compile(
    "[^\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
"""Any character but a line break and the printable ones that both readers take alike: control
characters (form feed, DEL, C1), which libyaml refuses and rapidyaml copies; tabs (libyaml
refuses them in places rapidyaml accepts); NEL, LS and PS, line breaks libyaml counts and YAML
1.2 does not; a byte-order mark inside the text; U+FFFE and U+FFFF."""

_ESCAPED_BREAK = re.compile(r"\\\r?\n")
"""A backslash at the end of a line: in a double-quoted scalar an escaped line break, which
rapidyaml folds differently from libyaml when blank lines follow (it drops their line break)."""

_MAX_LINE = 1024
"""libyaml refuses a key of more than 1,024 characters (rapidyaml does not); a key stands on one
line, so no key is that long where no line is."""

_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")
"""`"\\ud800"`: libyaml refuses an escaped surrogate, rapidyaml writes it out as bytes."""

_INDENTATION_INDICATOR = re.compile(r"[|>][-+]?[1-9]")
"""A block scalar with an explicit indentation: rapidyaml and libyaml read its whitespace-only
lines differently (`|2` over a line of three spaces: "" against " \\n")."""

_NODE_START = frozenset(" \n\r-?:,[]{}")
"""What may stand before an anchor, a tag, a flow mapping or a directive (after any spaces)."""

_SCALAR = re.compile(
    r'"(?=[-+.0-9~nNtTfF"*@`%?])(?<!\\")(?:('
    r"|~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|0[ox][^\"]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r')"(\s*:)?|[*@`%?])'
)
"""A JSON string that the core schema could type if it was a plain scalar (group 1; group 2 when
it is a key), or one starting with a character that no plain scalar may start with in libyaml
but may in rapidyaml. A `"` never follows a closing quote in JSON and none of these hold a
quote, so each match is a whole string (or, after `\\"`, part of one: a harmless "not sure")."""

_FLOW_LOOKALIKE = re.compile(r'"(?:(?<=[\[,]\{")|[\]}:](?<=[\[{, \n]"[\]}:]))')
"""A mapping inside a flow sequence (`[{"`: a single pair, `[a:]`, which libyaml may refuse),
or a string starting with `]`, `}` or `:` (a plain `]x` or a flow `[:x]` in rapidyaml, an error
in libyaml). These characters follow every closing quote, so an opening
quote is told by what stands before it; a string ending in a space or `[{,` before `]` is a
harmless "not sure"."""

_FLOW_COLON = re.compile(r":[,?\[\]{}]")
"""A colon before a flow indicator inside a plain scalar: libyaml refuses it in a flow
collection, rapidyaml reads it as text (`[a:?]`). JSON writes no such pair of its own."""

_MAX_NUMBER_LENGTH = 1000
"""As in `briefing.yamlread`: longer plain scalars stay text there."""

_CONTENT = re.compile(r"^( *)([^\s#])", re.MULTILINE)
_ROOT_LINE = re.compile(r"\n(?:[^\s#\-]|-\S)")
"""A line at the root of the document: a key (or `---`), not an entry, comment or blank line."""


class _NotSure(Exception):
    """Raised inside the `json.loads` hooks: the reference reader must decide."""


def read(text: str, source: bytes) -> tuple[dict[str, Any], dict[int, int]] | None:
    """The data of `text` (whose UTF-8 bytes are `source`) and the 1-based line of every mapping
    in a top-level list (by `id()`), as `briefing.yamlread.read_document` gives them; or None."""
    if not _text_is_plain(text):
        return None
    emitted = _emit_json(source)
    if emitted is None or _ambiguous(emitted):
        return None
    hook = _mapping_without_extras if '"x-' in emitted else _mapping
    was_enabled = gc.isenabled()
    gc.disable()  # as in the reference reader: a large tree of new containers, no cycles
    try:
        data = json.loads(
            emitted, object_pairs_hook=hook, parse_int=_int, parse_float=_float, parse_constant=_refuse
        )
        lines = _item_lines(text, data) if type(data) is dict else None
    except (_NotSure, ValueError, RecursionError):
        return None
    finally:
        if was_enabled:
            gc.enable()
    return None if lines is None else (data, lines)


def _text_is_plain(text: str) -> bool:
    """Whether the text holds none of what the fast reader cannot vouch for (single characters
    are found with `str.find`, which is many times faster than a regular expression here)."""
    if not text.endswith("\n") or _OUTSIDE.search(text):
        return False
    if _has_long_line(text):
        return False
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return False
    if "\\" in text and (_SURROGATE_ESCAPE.search(text) or _ESCAPED_BREAK.search(text)):
        return False
    for char in "&!{%":
        at = text.find(char)
        while at >= 0:
            before = at - 1
            while before >= 0 and text[before] == " ":
                before -= 1
            if (before < 0 or text[before] in _NODE_START) and not (
                char == "{" and _one_line_flow_mapping(text, at)
            ):
                return False
            at = text.find(char, at + 1)
    for char in "|>":
        at = text.find(char)
        while at >= 0:
            if _INDENTATION_INDICATOR.match(text, at):
                return False
            at = text.find(char, at + 1)
    return True


def _has_long_line(text: str) -> bool:
    """Whether a line is longer than `_MAX_LINE`, looking at one window of that size per step
    (not at each of a large brief's hundred thousand lines): `start` always begins a line, and
    the last line break in the window ends the lines that start inside it."""
    start = 0
    while len(text) - start > _MAX_LINE:
        last = text.rfind("\n", start, start + _MAX_LINE + 1)
        if last < 0:
            return True
        start = last + 1
    return False


def _one_line_flow_mapping(text: str, start: int) -> bool:
    """Whether the `{` at `start` opens a flow mapping that closes on the same line, with no
    comment and no colon right before `,`, `}` or `]` (`{a:, b}`): rapidyaml reads comments
    inside a flow mapping that spans lines as part of its scalars, and libyaml refuses the
    colons. Quotes are skipped over; anything this scan cannot follow is a "no"."""
    end = text.index("\n", start)
    depth = 0
    at = start
    while at < end:
        char = text[at]
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return char == "}"
        elif char == "#" or (char == ":" and text[at + 1] in ",}]"):
            return False
        elif char in "'\"" and text[at - 1] in " ,[{:":
            at = _closing_quote(text, at, end)
            if at < 0:
                return False
        at += 1
    return False


def _closing_quote(text: str, start: int, end: int) -> int:
    """Where the quoted scalar opened at `start` closes before `end`, or -1."""
    quote = text[start]
    at = start + 1
    while (at := text.find(quote, at, end)) >= 0:
        if quote == "'":
            if text[at + 1 : at + 2] != "'":
                return at
            at += 2
        else:
            backslashes = len(text[start + 1 : at]) - len(text[start + 1 : at].rstrip("\\"))
            if backslashes % 2 == 0:
                return at
            at += 1
    return -1


def _emit_json(source: bytes, *, root_map: bool = True) -> str | None:
    """rapidyaml's JSON for a single document (whose root is a mapping), or None."""
    try:
        import ryml
    except ImportError:
        return None
    with _quiet_stderr() as quiet:
        if not quiet:
            return None
        try:
            tree = ryml.parse_in_arena(source)
            root = tree.root_id()
            if tree.is_stream(root):
                if tree.num_children(root) != 1:
                    return None
                root = tree.first_child(root)
            if root_map and not tree.is_map(root):
                return None
            emitted = ryml.emit_json_malloc(tree, root)
        except Exception:  # noqa: BLE001 - any failure of the fast reader means "not sure"
            return None
    return emitted if isinstance(emitted, str) else None


def _ambiguous(emitted: str) -> bool:
    """Whether a string of the JSON may stand for something else in the reference reader.

    rapidyaml writes a plain `2025` as the number 2025, so the string "2025" was quoted in the
    file and is text for both readers; but it writes a plain `012` as the string "012", which the
    reference reader reads as 12. A key is a string in JSON whatever it was in YAML."""
    if _FLOW_LOOKALIKE.search(emitted) or _FLOW_COLON.search(emitted):
        return True
    seen: set[str] = set()
    for match in _SCALAR.finditer(emitted):
        value, key = match.groups()
        if value is None or key is not None:
            return True
        if value not in seen:
            seen.add(value)
            if len(seen) > _MAX_ASKED or _plain_written_as_string(value):
                return True
    return False


_MAX_ASKED = 64
"""Distinct quoted look-alikes (`"2025"`) worth asking rapidyaml about; a file with more of them
(each question is a small parse) is left to the reference reader."""


@functools.lru_cache(maxsize=1024)
def _plain_written_as_string(value: str) -> bool:
    """Ask rapidyaml how it writes `value` as a plain scalar: as a JSON string, or raw."""
    emitted = _emit_json(f"- {value}\n".encode(), root_map=False)
    return emitted is None or '"' in emitted


def _mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _NotSure
    return mapping


def _mapping_without_extras(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`x-` keys are the user's own fields: the reference reader accepts and drops them."""
    mapping = _mapping(pairs)
    for key in [key for key in mapping if key[:2] == "x-"]:
        del mapping[key]
    return mapping


def _int(text: str) -> int:
    if len(text) > _MAX_NUMBER_LENGTH:
        raise _NotSure
    return int(text)


def _float(text: str) -> float:
    if len(text) > _MAX_NUMBER_LENGTH:
        raise _NotSure
    return float(text)


def _refuse(text: str) -> Any:
    raise _NotSure


def _item_lines(text: str, data: dict[str, Any]) -> dict[int, int] | None:
    """Where each mapping of a top-level list starts, as libyaml marks it: the line of its `-`,
    or of the first line with content after it when the `-` line has none.

    Each list is found as a root key at the start of a line and its items as the lines that
    hold a `-` at the list's indentation up to the next root key; their count must equal the
    data's, so a list the scan cannot follow gives None rather than wrong lines."""
    wanted = {key for key, value in data.items() if type(value) is list and dict in map(type, value)}
    if not wanted:
        return {}
    starts = [0] if _ROOT_LINE.match("\n" + text[:2]) else []
    starts += [match.start() + 1 for match in _ROOT_LINE.finditer(text)]
    roots = [(start, text[start : text.index("\n", start)]) for start in starts]
    item_lines: dict[int, int] = {}
    counted, line = 0, 1  # the line number at offset `counted`
    for number, (start, root) in enumerate(roots):
        key = root.split(":", 1)[0]
        if key not in wanted:
            continue
        wanted.discard(key)
        end = roots[number + 1][0] if number + 1 < len(roots) else len(text)
        body = text.index("\n", start) + 1
        line += text.count("\n", counted, body)
        counted = body
        found = _entry_lines(text, body, end, line)
        items = data[key]
        if found is None or len(found) != len(items):
            return None
        for item, line_number in zip(items, found, strict=True):
            if type(item) is dict:
                item_lines[id(item)] = line_number
    return None if wanted else item_lines


def _entry_lines(text: str, start: int, end: int, line: int) -> list[int] | None:
    """The line of each entry of the block list in `text[start:end]`; `start` begins `line`."""
    first = _CONTENT.search(text, start, end)
    if first is None:
        return None
    # An entry: a line break, the list's indentation, a dash and a blank; group 1 when nothing
    # but a comment or the line's end follows it (its content starts on a later line).
    entry = re.compile("\n" + " " * len(first.group(1)) + r"-(?:[ \t]*(#|\r?\n)|[ \t])")
    if not entry.match(text, first.start() - 1):
        return None
    found: list[int] = []
    at = start
    for match in entry.finditer(text, start - 1, end):
        line += text.count("\n", at, match.start() + 1)
        at = match.start() + 1
        if match.group(1) is None:
            found.append(line)
        else:
            content = _CONTENT.search(text, match.end(), end)
            if content is None:
                return None
            found.append(line + text.count("\n", at, content.start()))
    return found


_QUIET_LOCK = threading.Lock()


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[bool]:
    """rapidyaml prints every parse error to C's `stderr` before raising it; in the reading room
    that stream is the terminal Textual draws on. Point C's `stderr` (not file descriptor 2,
    which Python and Textual write through) at the null device meanwhile. Yields False where
    that is not possible (Windows, musl), and the fast reader then steps aside."""
    swap = _c_stderr()
    if swap is None:
        yield False
        return
    pointer, devnull = swap
    with _QUIET_LOCK:
        saved = pointer.value
        pointer.value = devnull
        try:
            yield True
        finally:
            pointer.value = saved


@functools.cache
def _c_stderr() -> tuple[ctypes.c_void_p, int] | None:
    """C's `stderr` variable, and a stream open on the null device to put in it (glibc, macOS)."""
    import ctypes

    if sys.platform == "darwin":
        symbol = "__stderrp"
    elif sys.platform.startswith("linux") and _glibc():
        symbol = "stderr"  # musl's is a constant
    else:
        return None
    try:
        libc = ctypes.CDLL(None)
        pointer = ctypes.c_void_p.in_dll(libc, symbol)
        fopen = libc.fopen
    except (OSError, ValueError, AttributeError):
        return None
    fopen.restype = ctypes.c_void_p
    fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    handle = fopen(os.devnull.encode(), b"w")
    return (pointer, handle) if handle else None


def _glibc() -> bool:
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (ValueError, OSError):
        return False
