"""File → validated brief, or every error with its line and column.

The path of a valid file is kept lean: bytes are decoded, become plain data from libyaml's events
in `briefing.yamlread`, msgspec converts the data to the model in one call, and the cross-item
rules run over it. Only when something is wrong is the file read a second time, to find the
exact line and column of the nodes the problems are about (and of those alone).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from briefing.cache import BriefCache
from briefing.errors import BriefError
from briefing.files import NotRegularFile, TooLarge, read_limited
from briefing.head import HeadCounts, HeadIndex
from briefing.index import BriefIndex
from briefing.model import SECTIONS, Brief, decode_hook

if TYPE_CHECKING:
    from briefing.checks import Problem
    from briefing.yamlread import Document, Position

DEFAULT_MAX_BYTES = 20_000_000
DEFAULT_MAX_ERRORS = 100


try:  # CPython's own BLAKE2, without `hashlib`, which loads OpenSSL first (≈3 ms at start-up)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without it
    from hashlib import blake2b


def content_digest(data: bytes) -> str:
    """The hash that says whether a file's bytes changed (cache key, write-back guard)."""
    return blake2b(data, digest_size=16).hexdigest()


class LoadedBrief(msgspec.Struct, frozen=True, dict=True, weakref=True):
    """A valid brief, where it came from, and where each item stands in the file."""

    path: Path
    brief: Brief
    digest: str
    lines: dict[str, int] = msgspec.field(default_factory=dict)
    """Item id → the 1-based line where the item starts (for opening an editor there)."""
    head: HeadCounts | None = None
    """Set when `brief` is only the head of the brief (`briefing.head`): the whole brief's counts."""

    @cached_property
    def index(self) -> BriefIndex:
        """Lookups shared by every reader of the brief."""
        return BriefIndex(self.brief) if self.head is None else HeadIndex(self.brief, self.head)


class LoadResult(msgspec.Struct, frozen=True):
    """What loading a file gave: a brief, or the errors that kept it from being one."""

    path: Path
    loaded: LoadedBrief | None
    errors: list[BriefError]

    @property
    def ok(self) -> bool:
        return self.loaded is not None and not self.errors


def load(
    path: Path | str,
    *,
    max_bytes: int | None = None,
    max_errors: int = DEFAULT_MAX_ERRORS,
    cache: BriefCache | None = None,
    head: bool = False,
) -> LoadResult:
    """Read and validate the brief at `path`; with a `cache`, unchanged bytes skip parsing, and
    with `head` a large brief cached with its head is only its head (`LoadedBrief.head`)."""
    data = read_bytes(Path(path), max_bytes)
    if isinstance(data, LoadResult):
        return data
    return load_bytes(data, str(path), max_errors=max_errors, cache=cache, head=head)


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes | LoadResult:
    """The bytes of the file at `path`, or the failed result that says why they cannot be read
    (for callers that need the bytes too: `check` reads the comments of the brief it loads)."""
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    try:
        return read_limited(path, limit)
    except FileNotFoundError:
        return _failed(path, (1, 1), "no such file")
    except NotRegularFile as error:
        # A pipe or a device could block for ever or never end: a brief is a plain file.
        return _failed(path, (1, 1), f"this is {error.kind}, not a plain file; a brief is a file")
    except TooLarge as error:
        return _failed(
            path,
            (1, 1),
            f"the file is {error.size:,} bytes, more than the limit of {limit:,} bytes; "
            "raise it with --max-size if this brief is really that large",
        )
    except OSError as error:
        return _failed(path, (1, 1), f"cannot read the file: {error.strerror or error}")


def load_text(
    text: str | bytes, path: Path | str = "<text>", *, max_errors: int = DEFAULT_MAX_ERRORS
) -> LoadResult:
    """Validate a brief held in memory (tests, quick edits before they are written)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return load_bytes(data, str(path), max_errors=max_errors)


def load_bytes(
    data: bytes,
    path: str,
    *,
    max_errors: int = DEFAULT_MAX_ERRORS,
    cache: BriefCache | None = None,
    head: bool = False,
) -> LoadResult:
    """Validate the bytes of a brief file named `path` (`head`: see `load`)."""
    file = Path(path)
    digest = content_digest(data)
    if head and cache is not None and (first := cache.get_head(digest)) is not None:
        return LoadResult(file, _loaded(file, digest, first.brief, first.lines, first.counts), [])
    if cache is not None and (hit := cache.get(digest)) is not None:
        return LoadResult(file, _loaded(file, digest, *hit), [])
    try:
        text = decode(data)
    except _DecodeProblem as problem:
        return _failed(file, problem.position, problem.message)
    document = _read_reference(file, text)
    if isinstance(document, LoadResult):
        return document
    plain, item_lines = document.data, document.item_lines

    brief, problems = _validate(plain)
    if problems:
        shown = problems[:max_errors]
        errors = [
            BriefError(str(file), line, column, problem.message)
            for problem, (line, column) in zip(shown, locate(text, shown), strict=True)
        ]
        errors.sort(key=lambda error: (error.line, error.column))
        if len(problems) > max_errors:
            errors.append(
                BriefError(
                    str(file),
                    errors[-1].line,
                    errors[-1].column,
                    f"… and {len(problems) - max_errors} more errors",
                )
            )
        return LoadResult(file, None, errors)
    assert brief is not None
    lines = _item_lines(plain, item_lines)
    if cache is not None:
        cache.put(digest, brief, lines)
    return LoadResult(file, _loaded(file, digest, brief, lines), [])


def load_whole(head: LoadedBrief, cache: BriefCache) -> LoadResult:
    """The whole brief of which `head` is the head: from the cache, else the file read again."""
    hit = cache.get(head.digest)
    if hit is not None:
        return LoadResult(head.path, _loaded(head.path, head.digest, *hit), [])
    return load(head.path, cache=cache)


def _read_reference(file: Path, text: str) -> Document | LoadResult:
    """The reference reader's data, or the failed result that names where the YAML went wrong."""
    # PyYAML is imported only when a file has to be parsed by it: a cached brief never needs it.
    import yaml

    from briefing.yamlread import YamlProblem, read_document, syntax_position

    try:
        return read_document(text)
    except YamlProblem as problem:
        return _failed(file, problem.position, problem.message)
    except yaml.YAMLError as error:
        message, position = syntax_position(error, text)
        if "\x00" in text:
            message += " (the file holds NUL bytes: is it UTF-16 without a byte-order mark? Save it as UTF-8)"
        return _failed(file, position, message)
    except RecursionError:
        return _failed(file, (1, 1), "the file is nested too deeply to be a brief")


def _loaded(
    file: Path, digest: str, brief: Brief, lines: dict[str, int], head: HeadCounts | None = None
) -> LoadedBrief:
    """The brief's id defaults to its file name, so it is filled in per path, not cached."""
    if brief.id is None:
        brief = msgspec.structs.replace(brief, id=_id_from_name(file))
    return LoadedBrief(file, brief, digest, lines, head)


def _validate(data: Any) -> tuple[Brief | None, list[Problem]]:
    """The fast path converts in one call; if that fails, the field walk finds every problem."""
    # Imported when a file is validated: a brief from the cache (and the reader's start-up
    # with one) never needs the checks.
    from briefing.checks import Problem, check_rules, check_structure, fill_empty_lists

    rules = check_rules(data)
    try:
        brief = msgspec.convert(data, Brief, dec_hook=decode_hook)
    except (msgspec.ValidationError, TypeError, ValueError):
        brief = None
    if brief is None and fill_empty_lists(data):
        # `events:` followed only by comments reads as null: an empty list, as the format means.
        try:
            brief = msgspec.convert(data, Brief, dec_hook=decode_hook)
        except (msgspec.ValidationError, TypeError, ValueError):
            brief = None
    if brief is None:
        structure = check_structure(data)
        problems = structure + rules if structure else rules
        if not problems:  # msgspec saw something our walk did not: still never a silent pass
            problems = [Problem((), "the brief does not match the format")]
        return None, problems
    return brief, rules


def _item_lines(data: Any, item_lines: dict[int, int]) -> dict[str, int]:
    lines: dict[str, int] = {}
    for section in SECTIONS:
        for item in data.get(section) or ():
            item_id = item.get("id")
            line = item_lines.get(id(item))
            if line is not None:
                lines[item_id] = line
    return lines


_ID_UNSAFE = re.compile(r"[^a-z0-9_-]+")


def _id_from_name(path: Path) -> str:
    """The brief's id when it has none: the file name, made into an id."""
    slug = _ID_UNSAFE.sub("-", path.stem.lower()).strip("-_")[:64]
    return slug or "brief"


def locate(text: str, problems: Sequence[Problem]) -> list[Position]:
    """The line and column of the node each problem is about, found in one pass over `text`."""
    from briefing.yamlread import places

    found = places(text, {problem.path for problem in problems})
    positions = []
    for problem in problems:
        place = found.get(problem.path)
        if place is None:
            positions.append((1, 1))
        elif problem.target == "key" and place.key is not None:
            positions.append(place.key)
        else:
            positions.append(place.value)
    return positions


def _failed(path: Path, position: Position, message: str) -> LoadResult:
    return LoadResult(path, None, [BriefError(str(path), position[0], position[1], message)])


class _DecodeProblem(Exception):
    def __init__(self, message: str, position: Position) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM) or UTF-16 with a BOM; anything else is refused with its place."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise _DecodeProblem("the file is UTF-32; save it as UTF-8", (1, 1))
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _DecodeProblem(
                f"the file starts like UTF-16 but is not valid UTF-16 at byte {error.start}", (1, 1)
            ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        raise _DecodeProblem(
            f"the byte 0x{data[error.start]:02X} at offset {error.start} is not UTF-8; "
            "a brief must be saved as UTF-8 (or UTF-16 with a byte-order mark)",
            (line, column),
        ) from None
