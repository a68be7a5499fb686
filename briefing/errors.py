"""Errors are values: one small type shared by the loader, the CLI, the TUI and the tests."""

from __future__ import annotations

from typing import Any

import msgspec

from briefing.text import clean_line


class BriefError(msgspec.Struct, frozen=True):
    """One problem in one file, at a 1-based line and column, said so a person understands it."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        """The `path:line:col: error: message` form that editors' quickfix lists read, on one
        line: the path and the message (which quotes keys and values) are `clean_line`d, so a
        hostile file name or key can neither drive the terminal nor forge another error line."""
        return f"{clean_line(self.path)}:{self.line}:{self.column}: error: {clean_line(self.message)}"

    def as_dict(self) -> dict[str, Any]:
        """A plain mapping for `--format json`: the data as it is (`text.json_text` escapes it)."""
        return msgspec.structs.asdict(self)


class BriefInvalid(Exception):
    """Raised by convenience entry points when a brief does not load; carries every error."""

    def __init__(self, errors: list[BriefError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors
