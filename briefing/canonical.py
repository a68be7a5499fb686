"""A brief as canonical, line-oriented text: what `git diff` compares through a textconv driver.

One item a paragraph, items in id order within each section (the order of a list means nothing,
so moving an item changes no line), one field a line, lists sorted. `git diff` and `git log -p`
then show a change as the lines of the fields that changed, under the item they belong to.
Every line is cleaned: git prints it to a terminal.
"""

from __future__ import annotations

from typing import Any

from briefing.dates import EventDate, FlexDate
from briefing.diff import BRIEF_FIELDS, NOUNS
from briefing.index import BriefIndex
from briefing.model import SECTIONS, Brief, Item, Statement
from briefing.text import clean_line

HEADING_FIELDS = frozenset({"id", "title", "name", "question"})
"""Said in an item's heading line, so not again beneath it."""


def canonical_text(brief: Brief) -> str:
    """The whole brief, one field a line, in an order that depends on nothing but its content."""
    index = BriefIndex(brief)
    lines = [f"brief: {clean_line(brief.title)}"]
    for name in BRIEF_FIELDS[1:]:
        lines += _field(name, getattr(brief, name), "")
    for section in SECTIONS:
        for item in sorted(getattr(brief, section), key=lambda item: item.id):
            lines += ["", _heading(index, section, item)]
            for name in item.__struct_fields__:
                if name not in HEADING_FIELDS:
                    lines += _field(name, getattr(item, name), "  ")
    return "\n".join(lines) + "\n"


def _heading(index: BriefIndex, section: str, item: Item) -> str:
    """`event `miami-meeting`: Witkoff and Umerov meet in Miami`; a statement names its speaker."""
    if isinstance(item, Statement):
        actor = index.actors.get(item.actor)
        return clean_line(f"statement `{item.id}` by {actor.name if actor else item.actor}")
    label = getattr(item, "title", None) or getattr(item, "name", None) or getattr(item, "question", "")
    return clean_line(f"{NOUNS[section]} `{item.id}`: {label}")


def _field(name: str, value: Any, indent: str) -> list[str]:
    if value is None or value == []:
        return []
    if isinstance(value, list):
        return [clean_line(f"{indent}{name}: {', '.join(sorted(map(str, value)))}")]
    if isinstance(value, (FlexDate, EventDate)):
        return [f"{indent}{name}: {clean_line(value.text)}"]
    text = str(value)
    if "\n" not in text.strip():
        return [clean_line(f"{indent}{name}: {text.strip()}")]
    return [
        f"{indent}{name}:",
        *(clean_line(f"{indent}  {line}").rstrip() for line in text.strip().split("\n")),
    ]
