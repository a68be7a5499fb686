"""The floor of time to first frame: the least a Textual app can do, one `Static` with a title.

`benchmarks/run.py` starts it in tmux exactly as it starts `briefing`, so the ratio against it is
what our own code costs on top of Python and Textual.

Usage: `.venv/bin/python benchmarks/floor_app.py TITLE`
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static


class FloorApp(App[None]):
    """One static line of text: nothing to load, nothing to lay out."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.brief_title = title

    def compose(self) -> ComposeResult:
        yield Static(Content(self.brief_title))


if __name__ == "__main__":
    FloorApp(sys.argv[1] if len(sys.argv) > 1 else "Floor").run()
