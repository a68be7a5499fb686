"""Errors are values: one small type shared by the loader, the CLI, the TUI and the tests."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class BriefError:
    """One problem in one file, at a 1-based line and column, said so a person understands it."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        """The `path:line:col: error: message` form that editors' quickfix lists read."""
        return f"{self.path}:{self.line}:{self.column}: error: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """A plain mapping for `--format json`."""
        return asdict(self)


class BriefInvalid(Exception):
    """Raised by convenience entry points when a brief does not load; carries every error."""

    def __init__(self, errors: list[BriefError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors
