"""Quick edits from the app, written back into the brief as the user wrote it.

A full round-trip dump (load, change, dump) rewrites the whole file: ruamel.yaml keeps comments
and quotes, but it re-indents sequences to one style, joins plain scalars that span lines, moves
end-of-line comments and normalises `key:   value` and `[ a,  b ]`. So the edit is a splice
instead: ruamel.yaml composes the file into nodes with exact start and end marks, and only the
characters of the value concerned are replaced, or whole new lines inserted with the file's own
indentation. Everything else stays byte for byte.

Each edit refuses to run when the file changed since the app loaded it (its digest), is checked
by the real loader before anything is written (never an invalid file on disk), and is written
atomically with the file's permissions kept.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from briefing.files import WriteRefused, is_read_only, read_limited, write_atomic
from briefing.loader import DEFAULT_MAX_BYTES, LoadedBrief, content_digest, load_text
from briefing.model import EVENT_STATUSES, ID_PATTERN, QUESTION_STATUSES, Brief, Event, Question
from briefing.yamlread import read_document

DEFAULT_STEP = 2
"""Indentation of a block scalar's lines under their key when the file shows no example."""


class QuickEditError(Exception):
    """A quick edit that cannot be made; the file on disk is untouched."""


class ConflictError(QuickEditError):
    """The file changed on disk since the app loaded it: reload, then retry the edit."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} changed on disk since it was loaded; nothing was written. "
            "Reload it and make the edit again."
        )
        self.path = path


def set_question_status(
    path: Path, question_id: str, status: str, answer: str | None, expected_digest: str
) -> LoadedBrief:
    """Set a question's status and, unless `answer` is None, its answer ("" removes the answer).

    Returns the brief as written, so the app can show it without waiting for the watcher.
    """
    if status not in QUESTION_STATUSES:
        raise QuickEditError(f"{status!r} is not a question status ({', '.join(QUESTION_STATUSES)})")
    order = _field_order(Question)

    def change(doc: _Document) -> list[_Splice]:
        item = doc.item("questions", question_id)
        splices = doc.set_key(item, "status", status, order)
        if answer is not None and answer.strip():
            splices += doc.set_key(item, "answer", answer, order)
        elif answer is not None:
            splices += doc.remove_key(item, "answer")
        return splices

    def check(brief: Brief) -> bool:
        question = _by_id(brief.questions, question_id)
        if question is None or question.status != status:
            return False
        if answer is None:
            return True
        written = (question.answer or "").rstrip("\n")
        return written == answer.rstrip("\n") if answer.strip() else question.answer is None

    return _edit(Path(path), expected_digest, change, check)


def set_event_status(path: Path, event_id: str, status: str, expected_digest: str) -> LoadedBrief:
    """Set how far an event is established (reported, confirmed, denied, disputed, unverified)."""
    if status not in EVENT_STATUSES:
        raise QuickEditError(f"{status!r} is not an event status ({', '.join(EVENT_STATUSES)})")
    order = _field_order(Event)

    def change(doc: _Document) -> list[_Splice]:
        return doc.set_key(doc.item("events", event_id), "status", status, order)

    def check(brief: Brief) -> bool:
        event = _by_id(brief.events, event_id)
        return event is not None and event.status == status

    return _edit(Path(path), expected_digest, change, check)


def add_question(path: Path, question_id: str, text: str, expected_digest: str) -> LoadedBrief:
    """Append an open question at the end of `questions:`, creating the section if absent."""
    if not re.fullmatch(ID_PATTERN, question_id):
        raise QuickEditError(
            f"{question_id!r} is not an id: use lower-case letters, digits, - and _, at most 64 characters"
        )
    if not text.strip():
        raise QuickEditError("the question is empty")
    fields = {"id": question_id, "question": text.strip(), "status": "open"}

    def change(doc: _Document) -> list[_Splice]:
        return doc.append_item("questions", fields)

    def check(brief: Brief) -> bool:
        question = _by_id(brief.questions, question_id)
        return question is not None and question.question == fields["question"]

    return _edit(Path(path), expected_digest, change, check)


def render_scalar(value: str, *, indent: int, flow: bool = False, prefer: str | None = None) -> str:
    """`value` as YAML text that reads back as exactly this string.

    Multi-line text becomes a literal block `|` (lines indented by `indent`) except inside flow
    collections, and so does text replacing a block scalar. `prefer` keeps the quoting style the
    user wrote (`'` or `"`); otherwise ruamel.yaml chooses, checked against our own reader.
    """
    if not flow and ("\n" in value.rstrip("\n") or prefer in ("|", ">")):
        block = _literal_block(value, indent)
        if block is not None:
            return block
    if "\n" in value or not _printable(value):
        return _double_quoted(value)
    if prefer == '"':
        return _double_quoted(value)
    if prefer == "'":
        return "'" + value.replace("'", "''") + "'"
    chosen = (value if _FLOW_PLAIN.fullmatch(value) else None) if flow else _ruamel_scalar(value)
    if chosen is not None and read_document(f"k: {chosen}\n").data == {"k": value}:
        return chosen
    return _double_quoted(value)


_FLOW_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.-]*")
"""Text that may stand unquoted inside `[...]` or `{...}` (if it also reads back as text)."""


@dataclass(frozen=True)
class _Splice:
    """Replace text[start:end] with `text`; `rank` orders insertions at the same place."""

    start: int
    end: int
    text: str
    rank: int = 0


def _edit(
    path: Path,
    expected_digest: str,
    change: Callable[[_Document], list[_Splice]],
    check: Callable[[Brief], bool],
) -> LoadedBrief:
    """Read, refuse on conflict, splice, validate with the real loader, then write atomically."""
    try:
        if is_read_only(path):
            raise QuickEditError(f"{path} is read-only, so nothing was written; make it writable to edit it")
        data = read_limited(path, DEFAULT_MAX_BYTES)
    except OSError as error:
        raise QuickEditError(f"cannot read {path}: {error.strerror or error}") from None
    if content_digest(data) != expected_digest:
        raise ConflictError(path)
    doc = _Document.parse(data, path)
    new_data = doc.encode(doc.apply(change(doc)))
    result = load_text(new_data, path)
    if result.loaded is None or not result.ok:
        first = result.errors[0] if result.errors else None
        raise QuickEditError(f"the edit would leave an invalid brief, so nothing was written: {first}")
    if not check(result.loaded.brief):
        raise QuickEditError("the edit would not read back as intended, so nothing was written")
    if content_digest(read_limited(path, DEFAULT_MAX_BYTES)) != expected_digest:
        raise ConflictError(path)
    # A brief kept behind a symbolic link stays a link: the file it points to is replaced.
    try:
        write_atomic(path, new_data, overwrite=True)
    except WriteRefused as error:
        raise QuickEditError(str(error)) from None
    return result.loaded


class _Document:
    """The file's text and its ruamel.yaml node tree, with the marks that place every value."""

    def __init__(self, text: str, root: Any, bom: bytes, newline: str, path: Path) -> None:
        self.text = text
        self.root = root
        self.bom = bom
        self.newline = newline
        self.path = path
        self.step = _block_step(text, root)

    @classmethod
    def parse(cls, data: bytes, path: Path) -> _Document:
        from ruamel.yaml import YAML, YAMLError

        bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
        try:
            text = data[len(bom) :].decode("utf-8")
        except UnicodeDecodeError:
            raise QuickEditError(f"{path} is not UTF-8; quick edits need a UTF-8 file") from None
        try:
            root = YAML(typ="rt").compose(text)
        except YAMLError as error:
            raise QuickEditError(f"{path} is not valid YAML: {error}") from None
        if root is None or root.id != "mapping" or root.flow_style:
            raise QuickEditError(f"{path} is not a brief written as a block mapping")
        return cls(text, root, bom, "\r\n" if "\r\n" in text else "\n", path)

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode("utf-8")

    def apply(self, splices: list[_Splice]) -> str:
        """The text with every splice made, back to front so earlier offsets stay right."""
        text = self.text
        for splice in sorted(splices, key=lambda s: (s.start, s.rank), reverse=True):
            text = text[: splice.start] + splice.text.replace("\n", self.newline) + text[splice.end :]
        return text

    def item(self, section: str, item_id: str) -> Any:
        """The mapping node of the item with this id in a top-level list."""
        entry = _entry(self.root, section)
        if entry is not None and entry[1].id == "sequence":
            for node in entry[1].value:
                if node.id == "mapping":
                    id_entry = _entry(node, "id")
                    if id_entry is not None and id_entry[1].value == item_id:
                        return node
        raise QuickEditError(f"there is no item {item_id!r} in {section} of {self.path}")

    def set_key(self, mapping: Any, key: str, value: str, order: list[str]) -> list[_Splice]:
        """Replace the key's value in place, or add the key after its predecessors in `order`."""
        entry = _entry(mapping, key)
        if entry is not None:
            return [self._replace_value(entry, value)]
        key_column = mapping.value[0][0].start_mark.column
        if mapping.flow_style:
            close = self.text.rindex("}", 0, mapping.end_mark.index)
            rendered = render_scalar(value, indent=0, flow=True)
            return [_Splice(close, close, f", {key}: {rendered}", order.index(key))]
        before = [k for k in order[: order.index(key)] if _entry(mapping, k) is not None]
        anchor = _entry(mapping, before[-1]) if before else mapping.value[-1]
        at = self._after_line(self._content_end(anchor[1]))
        rendered = render_scalar(value, indent=key_column + self.step)
        return [self._insert_lines(at, f"{' ' * key_column}{key}: {rendered}", order.index(key))]

    def remove_key(self, mapping: Any, key: str) -> list[_Splice]:
        """Delete the key and its value, whole lines only."""
        entry = _entry(mapping, key)
        if entry is None:
            return []
        start = self.text.rfind("\n", 0, entry[0].start_mark.index) + 1
        if mapping.flow_style or self.text[start : entry[0].start_mark.index].strip():
            raise QuickEditError(f"{key!r} does not stand on its own line; remove it in your editor")
        return [_Splice(start, self._after_line(self._content_end(entry[1])), "")]

    def append_item(self, section: str, fields: dict[str, str]) -> list[_Splice]:
        """Add a block mapping at the end of a top-level list, laid out like the file's items."""
        entry = _entry(self.root, section)
        dash, offset = _item_layout(self.root)
        if entry is None:
            text = self.text
            lead = (
                "" if not text.strip() or text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
            )
            body = f"{lead}{section}:\n{self._item_text(fields, dash, offset)}\n"
            return [_Splice(len(text), len(text), body)]
        key, value = entry
        if value.id == "sequence" and value.value and not value.flow_style:
            dash = value.start_mark.column
            offset = value.value[0].start_mark.column - dash
            at = self._after_line(self._content_end(value.value[-1]))
            item = self._item_text(fields, dash, offset)
            return [self._insert_lines(at, f"\n{item}" if self._items_spaced(value) else item)]
        if value.id == "sequence" and value.value:
            close = self.text.rindex("]", 0, value.end_mark.index)
            pairs = ", ".join(f"{k}: {render_scalar(v, indent=0, flow=True)}" for k, v in fields.items())
            return [_Splice(close, close, f", {{{pairs}}}")]
        if value.id == "mapping" or (value.id == "scalar" and value.value not in ("", "~", "null")):
            raise QuickEditError(f"{section} in {self.path} is not a list")
        # An empty list (`questions: []`) or no value at all: the items go on the lines below.
        colon = self.text.index(":", key.end_mark.index)
        empty_end = self._content_end(value) if value.id == "sequence" or value.value else colon + 1
        item = self._item_text(fields, dash + key.start_mark.column, offset)
        return [_Splice(colon + 1, empty_end, ""), self._insert_lines(self._after_line(colon), item)]

    def _items_spaced(self, sequence: Any) -> bool:
        """Whether the list's last two items are set apart by a blank line (then so is a new one)."""
        if len(sequence.value) < 2:
            return False
        between = self.text[self._content_end(sequence.value[-2]) : sequence.value[-1].start_mark.index]
        return any(not line.strip() for line in between.splitlines()[1:])

    def _item_text(self, fields: dict[str, str], dash: int, offset: int) -> str:
        """A block sequence item: `-` at column `dash`, its keys `offset` columns further."""
        key_column = dash + offset
        lines = []
        for index, (key, value) in enumerate(fields.items()):
            prefix = " " * dash + "-" + " " * (offset - 1) if index == 0 else " " * key_column
            lines.append(f"{prefix}{key}: {render_scalar(value, indent=key_column + self.step)}")
        return "\n".join(lines)

    def _insert_lines(self, at: int, lines: str, rank: int = 0) -> _Splice:
        """Whole lines inserted at a line start, or after the last line when it has no newline."""
        if at > 0 and self.text[at - 1] != "\n":
            return _Splice(at, at, f"\n{lines}", rank)
        return _Splice(at, at, f"{lines}\n", rank)

    def _replace_value(self, entry: tuple[Any, Any], value: str) -> _Splice:
        """Splice the new value over the old one, keeping what follows it on its line (a comment)."""
        key, old = entry
        if old.id != "scalar":
            raise QuickEditError(f"{key.value!r} holds a list or mapping, not text; edit it in your editor")
        flow = self._in_flow(key)
        rendered = render_scalar(value, indent=key.start_mark.column + self.step, flow=flow, prefer=old.style)
        start, end = old.start_mark.index, self._content_end(old)
        if start == end:  # `key:` with no value: its marks may point past the line
            start = end = self.text.index(":", key.end_mark.index) + 1
            rendered = " " + rendered
        if flow and old.style not in ("|", ">"):
            return _Splice(start, end, rendered)
        line_end = self._line_end(end)
        rest = "" if old.style in ("|", ">") else self.text[end:line_end]
        if "\n" in rendered:
            header, _, body = rendered.partition("\n")
            return _Splice(start, line_end, f"{header}{rest}\n{body}")
        return _Splice(start, line_end, rendered + rest)

    def _in_flow(self, key: Any) -> bool:
        """Whether the key sits inside a flow mapping (`{a: 1}`), where block scalars cannot go."""
        for mapping in _mappings(self.root):
            if any(k is key for k, _ in mapping.value):
                return bool(mapping.flow_style)
        return False

    def _content_end(self, node: Any) -> int:
        """Where a node's own text ends: block collections end at their last child, not at the
        next token, and block scalars before their trailing blank lines."""
        if node.id == "scalar":
            end = node.end_mark.index
            while end > node.start_mark.index and self.text[end - 1] in " \t\r\n":
                end -= 1
            return end
        if node.flow_style or not node.value:
            return node.end_mark.index
        last = node.value[-1]
        return self._content_end(last[1] if node.id == "mapping" else last)

    def _line_end(self, index: int) -> int:
        end = self.text.find("\n", index)
        end = len(self.text) if end < 0 else end
        return end - 1 if end > 0 and self.text[end - 1] == "\r" else end

    def _after_line(self, index: int) -> int:
        """The start of the line after the one holding `index` (or the end of the text)."""
        end = self.text.find("\n", index)
        return len(self.text) if end < 0 else end + 1


def _entry(mapping: Any, key: str) -> tuple[Any, Any] | None:
    for key_node, value_node in mapping.value:
        if key_node.id == "scalar" and key_node.value == key:
            return key_node, value_node
    return None


def _mappings(node: Any) -> Iterator[Any]:
    if node.id == "mapping":
        yield node
        for key, value in node.value:
            yield from _mappings(key)
            yield from _mappings(value)
    elif node.id == "sequence":
        for item in node.value:
            yield from _mappings(item)


def _block_step(text: str, root: Any) -> int:
    """How far the file indents a block scalar's lines under their key (default 2)."""
    for mapping in _mappings(root):
        for key, value in mapping.value:
            if value.id == "scalar" and value.style in ("|", ">"):
                body = text[text.find("\n", value.start_mark.index) + 1 : value.end_mark.index]
                for line in body.splitlines():
                    if line.strip():
                        return max(1, len(line) - len(line.lstrip(" ")) - key.start_mark.column)
    return DEFAULT_STEP


def _item_layout(root: Any) -> tuple[int, int]:
    """(column of `-` under its key, columns from `-` to the item's keys) as the file's lists have them."""
    for key, value in root.value:
        if value.id == "sequence" and value.value and not value.flow_style and value.value[0].id == "mapping":
            dash = value.start_mark.column
            return dash - key.start_mark.column, value.value[0].start_mark.column - dash
    return 2, 2


def _field_order(struct: type[msgspec.Struct]) -> list[str]:
    return [field.name for field in msgspec.structs.fields(struct)]


def _by_id(items: list[Any], item_id: str) -> Any:
    return next((item for item in items if item.id == item_id), None)


def _literal_block(value: str, indent: int) -> str | None:
    """`|` and the lines of `value`, or None when a literal block cannot hold it exactly."""
    content = value.rstrip("\n")
    if not content.strip() or not _printable(content.replace("\n", "")):
        return None
    lines = content.split("\n")
    first = next((line for line in lines if line.strip()), "")
    # A first line that starts with a blank would need an indentation indicator: quote instead.
    if first.startswith((" ", "\t")) or any(line and not line.strip() for line in lines):
        return None
    pad = " " * indent
    return "|\n" + "\n".join(pad + line if line else "" for line in lines)


_NOT_PRINTABLE = re.compile(
    "[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def _printable(value: str) -> bool:
    """Whether YAML may hold every character as it is (no control characters, NEL, BOM, U+2028)."""
    return _NOT_PRINTABLE.search(value) is None


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}


def _double_quoted(value: str) -> str:
    """A double-quoted scalar on one line, escaping everything YAML would not take raw."""
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _printable(char):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def _ruamel_scalar(value: str) -> str | None:
    """How ruamel.yaml writes a one-line string (plain when it may be, else quoted)."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 1 << 20
    out = io.StringIO()
    yaml.dump({"k": value}, out)
    dumped = out.getvalue()
    if not dumped.startswith("k: ") or dumped.count("\n") != 1:
        return None
    return dumped[3:-1]
