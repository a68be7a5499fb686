"""`briefing new PATH`: start a brief from a template that is valid and teaches the format.

Every section is shown as a commented example, so the new file loads as it is and the writer
uncomments what they need. The first line is the yaml-language-server modeline, so editors that
use it (VS Code's YAML extension, Neovim, Helix) validate and complete the brief at once.

The modeline names the schema shipped inside the installed package by its absolute path.
yaml-language-server also takes a path relative to the brief, or an http address, but a relative
path breaks as soon as the brief moves, and the project publishes no address; the absolute path
works wherever the brief is kept on this machine. A brief shared with others can point at a copy
of `briefing schema`'s output kept next to it instead.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from pathlib import Path

from briefing.files import RefusedOverwrite, write_atomic
from briefing.loader import load_text
from briefing.quickedit import render_scalar
from briefing.schema import modeline

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

SUFFIXES = (".yaml", ".yml")

TEMPLATE = """\
{modeline}
# A brief: what is known about a developing story. Uncomment the examples you need and
# write your own; `briefing validate` names the line of any mistake.
briefing: 1
title: {title}
as_of: {today}   # when the brief was last brought up to date: 2025-11-19, 2025-11, 2025-11~
language: en   # the language of the source material (fr, pt-BR, ...)
# summary: |
#   A few paragraphs of **Markdown**.
# tags: [politics]

# sources:   # where things were reported
#   - id: afp
#     name: Agence France-Presse
#     kind: agency   # outlet, agency, official, document, social, other
#     url: https://www.afp.com
#     reliability: B   # A completely reliable ... E unreliable, F cannot be judged

# actors:   # who acts or speaks
#   - id: peskov
#     name: Dmitry Peskov
#     kind: person   # person, organisation, state, group, media
#     role: Kremlin spokesman
#     group: Russia   # groups and colours actors
#     aliases: [Peskoff]

# events:   # the timeline
#   - id: first-report
#     date: {today}   # or an interval: 2025-11-18/2025-11-20
#     title: What happened, in one line
#     actors: [peskov]
#     sources: [afp]
#     status: reported   # reported, confirmed, denied, disputed, unverified
#     credibility: 2   # 1 confirmed ... 5 improbable, 6 cannot be judged

# statements:   # what was said
#   - id: peskov-nothing-new
#     actor: peskov
#     kind: quote   # quote, paraphrase, declined (then no quote)
#     quote: "Nous n'avons rien de nouveau"
#     lang: fr
#     translation: "We have nothing new"
#     date: {today}
#     event: first-report
#     source: afp

# questions:   # what is still open
#   - id: who-knew
#     question: Who knew beforehand?
#     status: open   # open, answered (then give an answer), moot
#     answer: |
#       Markdown, when there is one.
"""


def run(args: argparse.Namespace) -> int:
    """Write the new brief at `args.path`, never over an existing file, then open it."""
    path = Path(args.path)
    if path.suffix.lower() not in SUFFIXES:
        print(f"briefing new: {path}: a brief's file name ends in .yaml or .yml", file=sys.stderr)
        return EXIT_USAGE
    if not path.parent.is_dir():
        print(f"briefing new: {path.parent}: no such folder", file=sys.stderr)
        return EXIT_INVALID
    text = brief_template(path, args.title)
    checked = load_text(text, path)
    if not checked.ok:  # only a title the format cannot hold gets here
        print(f"briefing new: {checked.errors[0]}", file=sys.stderr)
        return EXIT_INVALID
    try:
        write_atomic(path, text)
    except RefusedOverwrite:
        print(f"briefing new: {path} already exists; not overwriting it", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        print(f"briefing new: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID
    print(f"Wrote {path}")
    if args.no_open:
        return EXIT_OK
    from briefing.launch import run as launch

    return launch(argparse.Namespace(path=path, theme=getattr(args, "theme", None)))


def brief_template(path: Path, title: str | None = None, today: datetime.date | None = None) -> str:
    """The text of a new brief for `path`, every section as an example. Its id is the file name."""
    title = " ".join((title or _title_from_name(path)).split()) or "Untitled brief"
    return TEMPLATE.format(
        modeline=modeline(),
        title=render_scalar(title, indent=2),
        today=(today or datetime.date.today()).isoformat(),
    )


def _title_from_name(path: Path) -> str:
    """`ukraine-peace_plan.yaml` → "Ukraine peace plan"."""
    words = re.sub(r"[-_.]+", " ", path.stem).strip()
    return words[:1].upper() + words[1:]
