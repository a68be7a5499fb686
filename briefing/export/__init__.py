"""Exports of a brief for people and tools outside the reader: Markdown, HTML, JSON, TimelineJS.

The public entry point is `render()` (alias `export_brief()`), which the CLI and the app both call;
`FORMATS` lists what exists, with the file suffix to propose. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefing.export.selection import ExportOptions, UnknownActor, select
from briefing.index import BriefIndex
from briefing.loader import LoadedBrief
from briefing.model import Brief

__all__ = [
    "FORMATS",
    "ExportFormat",
    "ExportOptions",
    "NothingToExport",
    "UnknownActor",
    "export_brief",
    "render",
]


class NothingToExport(ValueError):
    """The brief (or the selection) has nothing the format can hold, such as a timeline without
    events: an error to report (exit 1), not an empty file its reader refuses."""


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its command-line name, a label for menus, and the file suffix to propose."""

    name: str
    label: str
    suffix: str


FORMATS: dict[str, ExportFormat] = {
    "md": ExportFormat("md", "Markdown (CommonMark + GFM)", ".md"),
    "html": ExportFormat("html", "HTML page", ".html"),
    "json": ExportFormat("json", "JSON data", ".json"),
    "timelinejs": ExportFormat("timelinejs", "TimelineJS timeline", ".timeline.json"),
}
"""Every format `render()` knows, in the order a menu should offer them."""


def render(source: LoadedBrief | Brief, fmt: str = "md", options: ExportOptions | None = None) -> str:
    """The brief exported as `fmt`, as text: the same brief and options always give the same text.

    Raises `UnknownActor` when `options.actors` names an actor the brief does not have, and
    `ValueError` for a format not in `FORMATS`.
    """
    options = options or ExportOptions()
    brief = source.brief if isinstance(source, LoadedBrief) else source
    index = BriefIndex(select(brief, options))
    return _renderer(fmt)(index, options)


export_brief = render
"""The name the app uses: `export_brief(loaded, fmt, options) -> str`."""


def _renderer(fmt: str) -> Callable[[BriefIndex, ExportOptions], str]:
    """The function for one format; modules load only when their format is asked for."""
    if fmt == "md":
        from briefing.export.markdown import render_markdown

        return render_markdown
    if fmt == "html":
        from briefing.export.html import render_html

        return render_html
    if fmt == "json":
        from briefing.export.data import render_json

        return render_json
    if fmt == "timelinejs":
        from briefing.export.data import render_timelinejs

        return render_timelinejs
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
