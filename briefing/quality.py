"""Whether a valid brief is sound: the rules of `briefing check`, as pure functions over it.

`validate` says whether a brief is well-formed; these rules say what an editor would query before
sharing it: what rests on no source or on one, what contradicts its own grading, what is dated
after the brief, what is left untranslated, unreferenced, duplicated or stale. Each rule yields
`Finding`s (its id, a path into the brief's data, a one-line reason); `check` runs the selected
rules, drops what the brief silences (`x-check: {ignore: [...]}` at the top, a
`# briefing: ignore[rule-id]` comment on an item's first line) and places the rest at a line and
column of the file. Nothing here knows of terminals or Textual: the CLI and the reader share it.
"""

from __future__ import annotations

import bisect
import difflib
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from briefing.corroboration import fold_name, of_event
from briefing.dates import FlexDate
from briefing.errors import BriefError
from briefing.index import BriefIndex
from briefing.loader import LoadedBrief
from briefing.model import Brief, Event
from briefing.text import clean_line
from briefing.textplaces import LINE_BREAK, Position, TextPlaces

Path = tuple[str | int, ...]
DEFAULT_STALE_DAYS = 30
"""`--stale-days`: an open question about events older than this before `as_of` is stale."""
_DAY = 86_400
_WEAK_RELIABILITY = {"E", "F"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One warning before it is placed: which rule, about which node of the data, and why."""

    rule: str
    path: Path
    message: str


@dataclass(frozen=True, slots=True)
class QualityWarning:
    """One placed warning, in the `path:line:col: warning[rule-id]: message` form of `validate`."""

    path: str
    line: int
    column: int
    rule: str
    message: str
    item: str | None
    """The id of the item the warning is about (None: the brief as a whole)."""

    def __str__(self) -> str:
        """One line: the file name and the message are `clean_line`d, as `BriefError` does."""
        return (
            f"{clean_line(self.path)}:{self.line}:{self.column}: "
            f"warning[{self.rule}]: {clean_line(self.message)}"
        )

    def as_dict(self) -> dict[str, Any]:
        """The `--format json` record (`text.json_text` escapes it)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "message": self.message,
            "item": self.item,
        }


@dataclass(frozen=True, slots=True)
class Options:
    """What a run can change: the age at which an open question is stale."""

    stale_days: int = DEFAULT_STALE_DAYS


RuleFunction = Callable[[Brief, BriefIndex, Options], Iterator[Finding]]


# ── the rules ────────────────────────────────────────────────────────────────────────────────


def _unsourced(brief: Brief, index: BriefIndex, options: Options) -> Iterator[Finding]:
    for number, event in enumerate(brief.events):
        if not event.sources:
            yield Finding("unsourced", ("events", number), f"the event {event.id!r} names no source")
    for number, statement in enumerate(brief.statements):
        if statement.source is None:
            yield Finding(
                "unsourced", ("statements", number), f"the statement {statement.id!r} names no source"
            )


def _is_confirmed(event: Event) -> bool:
    return event.status == "confirmed" or event.credibility == 1


def _single_source_confirmed(brief: Brief, index: BriefIndex, options: Options) -> Iterator[Finding]:
    for number, event in enumerate(brief.events):
        if not _is_confirmed(event):
            continue
        count = of_event(index, event).independent
        if count < 2:
            why = "marked confirmed" if event.status == "confirmed" else "graded credibility 1"
            yield Finding(
                "single-source-confirmed",
                ("events", number, "sources"),
                f"the event {event.id!r} is {why} on {count} independent source{'' if count == 1 else 's'}; "
                "confirmation needs two",
            )


def _grade_contradiction(brief: Brief, index: BriefIndex, options: Options) -> Iterator[Finding]:
    for number, event in enumerate(brief.events):
        credibility = event.credibility
        if credibility is None:
            continue
        if event.status == "confirmed" and credibility >= 4:
            reason = f"is confirmed but graded credibility {credibility} (1 or 2 fits a confirmed event)"
        elif event.status == "denied" and credibility <= 2:
            reason = f"is denied but graded credibility {credibility} (confirmed or probably true)"
        else:
            continue
        yield Finding(
            "grade-contradiction", ("events", number, "credibility"), f"the event {event.id!r} {reason}"
        )


def _unreliable_support(brief: Brief, index: BriefIndex, options: Options) -> Iterator[Finding]:
    for number, event in enumerate(brief.events):
        if event.status != "confirmed" or not event.sources:
            continue
        grades = {index.sources[source].reliability for source in event.sources}
        if grades <= _WEAK_RELIABILITY:
            yield Finding(
                "unreliable-support",
                ("events", number, "sources"),
                f"the event {event.id!r} is confirmed only by sources graded "
                f"{' or '.join(sorted(grades))} (unreliable or not judged)",
            )


def _dated_after_as_of(brief: Brief, index: BriefIndex, options: Options) -> Iterator[Finding]:
    last = brief.as_of.span[1]
    for number, event in enumerate(brief.events):
        if event.date.start.span[0] > last:
            yield Finding(
                "dated-after-as-of",
                ("events", number, "date"),
                f"the event {event.id!r} is dated {event.date.text}, "
                f"after the brief's as_of {brief.as_of.text}",
            )
        elif event.date.end is not None and event.date.end.span[0] > last:
            yield Finding(
                "ends-after-as-of",
                ("events", number, "date"),
                f"the event {event.id!r} runs until {event.date.end.text}, after the brief's as_of "
                f"{brief.as_of.text}",
            )
    for number, statement in enumerate(brief.statements):
        if statement.date is not None and statement.date.span[0] > last:
            yield Finding(
                "dated-after-as-of",
                ("statements", number, "date"),
                f"the statement {statement.id!r} is dated {statement.date.text}, after the brief's as_of "
                f"{brief.as_of.text}",
            )


def _primary_language(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


def _untranslated(brief: Brief, index: BriefIndex, options: Options) -> Iterator[Finding]:
    language = _primary_language(brief.language)
    for number, statement in enumerate(brief.statements):
        if statement.quote is None or statement.translation is not None or statement.lang is None:
            continue
        if _primary_language(statement.lang) != language:
            yield Finding(
                "untranslated",
                ("statements", number, "lang"),
                f"the statement {statement.id!r} is in {statement.lang!r}, not the brief's "
                f"{brief.language!r}, and has no translation",
            )


def _translation_same_as_quote(brief: Brief, index: BriefIndex, options: Options) -> Iterator[Finding]:
    for number, statement in enumerate(brief.statements):
        if statement.quote is None or statement.translation is None:
            continue
        if " ".join(statement.quote.split()) == " ".join(statement.translation.split()):
            yield Finding(
                "translation-same-as-quote",
                ("statements", number, "translation"),
                f"the translation of the statement {statement.id!r} is the quote itself",
            )


def _unreferenced(brief: Brief, index: BriefIndex, options: Options) -> Iterator[Finding]:
    used: set[str] = set()
    for actor in brief.actors:
        if actor.affiliation:
            used.add(actor.affiliation)
    for event in brief.events:
        used.update(event.actors)
        used.update(event.sources)
    for statement in brief.statements:
        used.update(filter(None, (statement.actor, statement.event, statement.source)))
    for question in brief.questions:
        used.update(question.actors)
        used.update(question.events)
        used.update(question.sources)
    noun = {"sources": "source", "actors": "actor", "events": "event"}
    for section in ("sources", "actors", "events"):
        for number, item in enumerate(getattr(brief, section)):
            if item.id not in used:
                yield Finding(
                    "unreferenced",
                    (section, number),
                    f"nothing in the brief refers to the {noun[section]} {item.id!r}",
                )


def _affiliation_cycle(brief: Brief, index: BriefIndex, options: Options) -> Iterator[Finding]:
    """Each ring of affiliations once, from its actor first in the brief. Every actor has at most
    one affiliation, so one walk from each actor not yet seen, stopping at the first one seen,
    finds every ring: a few look-ups an actor, however long the chains (not a walk from each)."""
    numbers = {actor.id: number for number, actor in enumerate(brief.actors)}
    seen: dict[str, int] = {}  # actor → the walk that reached it first
    rings = []
    for walk, actor in enumerate(brief.actors):
        path: list[str] = []
        current: str | None = actor.id
        while current is not None and current not in seen and current in index.actors:
            seen[current] = walk
            path.append(current)
            current = index.actors[current].affiliation
        if current is None or seen.get(current) != walk:
            continue  # the walk ended, or joined an earlier one: no new ring
        ring = path[path.index(current) :]
        first = min(ring, key=numbers.__getitem__)
        turn = ring.index(first)
        rings.append([*ring[turn:], *ring[:turn], first])
    for ring in sorted(rings, key=lambda ring: numbers[ring[0]]):
        yield Finding(
            "affiliation-cycle",
            ("actors", numbers[ring[0]], "affiliation"),
            f"the actor {ring[0]!r} is affiliated with itself: {' → '.join(ring)}",
        )


def _duplicate_quote(brief: Brief, index: BriefIndex, options: Options) -> Iterator[Finding]:
    first: dict[str, str] = {}
    for number, statement in enumerate(brief.statements):
        if statement.quote is None:
            continue
        words = " ".join(statement.quote.split()).casefold()
        earlier = first.setdefault(words, statement.id)
        if earlier != statement.id:
            yield Finding(
                "duplicate-quote",
                ("statements", number, "quote"),
                f"the statement {statement.id!r} has the same words as {earlier!r}",
            )


def _one_line(text: str) -> str:
    """A name or label as a message quotes it: a reason is one line, whatever the brief holds."""
    return " ".join(text.split())


def _duplicate_actor(brief: Brief, index: BriefIndex, options: Options) -> Iterator[Finding]:
    first: dict[str, str] = {}
    for number, actor in enumerate(brief.actors):
        names = {fold_name(name): name for name in (actor.name, *actor.aliases) if fold_name(name)}
        clashes = sorted({first[key] for key in names if key in first and first[key] != actor.id})
        if clashes:
            shared = next(names[key] for key in names if key in first and first[key] != actor.id)
            yield Finding(
                "duplicate-actor",
                ("actors", number),
                f"the actor {actor.id!r} shares the name '{_one_line(shared)}' "
                f"with {', '.join(map(repr, clashes))}",
            )
        for key in names:
            first.setdefault(key, actor.id)


def _group_variants(brief: Brief, index: BriefIndex, options: Options) -> Iterator[Finding]:
    first: dict[str, str] = {}
    for number, actor in enumerate(brief.actors):
        if not actor.group:
            continue
        spelling = first.setdefault(fold_name(actor.group), actor.group)
        if spelling != actor.group:
            yield Finding(
                "group-label-variants",
                ("actors", number, "group"),
                f"the group '{_one_line(actor.group)}' of the actor {actor.id!r} is spelt "
                f"'{_one_line(spelling)}' elsewhere",
            )


def _last_moment(index: BriefIndex, event_ids: Iterable[str]) -> FlexDate | None:
    """The latest date among the events named (an interval counts by its end)."""
    dates = [(event.date.end or event.date.start) for event in map(index.events.__getitem__, event_ids)]
    return max(dates, key=lambda date: date.span[1], default=None)


def _stale_question(brief: Brief, index: BriefIndex, options: Options) -> Iterator[Finding]:
    for number, question in enumerate(brief.questions):
        if question.status != "open":
            continue
        latest = _last_moment(index, question.events)
        if latest is None:
            continue  # a question about no event has no date to age it by
        days = (brief.as_of.span[0] - latest.span[1] - 1) // _DAY + 1  # 18 to 19 Nov: 1 day
        if days > options.stale_days:
            yield Finding(
                "stale-question",
                ("questions", number),
                f"the open question {question.id!r} is about events {days} days older than as_of "
                f"(the latest {latest.text}; stale after {options.stale_days})",
            )


def _as_of_outdated(brief: Brief, index: BriefIndex, options: Options) -> Iterator[Finding]:
    if not brief.events:
        return
    newest = max(brief.events, key=lambda event: (event.date.end or event.date.start).span[0])
    if (newest.date.end or newest.date.start).span[0] > brief.as_of.span[1]:
        yield Finding(
            "as-of-outdated",
            ("as_of",),
            f"as_of {brief.as_of.text} is older than the newest event, {newest.id!r} ({newest.date.text})",
        )


RULES: dict[str, str] = {
    "unsourced": "an event or a statement that names no source",
    "single-source-confirmed": "an event confirmed (or graded credibility 1) on fewer than two "
    "independent sources (briefing.corroboration: one outlet counts once)",
    "grade-contradiction": "an event confirmed with credibility 4–6, or denied with credibility 1–2",
    "unreliable-support": "a confirmed event whose only sources are graded E or F",
    "dated-after-as-of": "an event or a statement dated after the brief's as_of",
    "ends-after-as-of": "an event whose interval ends after the brief's as_of",
    "untranslated": "a quote in another language than the brief's, with no translation",
    "translation-same-as-quote": "a translation identical to the quote it translates",
    "unreferenced": "a source, an actor or an event that nothing refers to",
    "affiliation-cycle": "an actor affiliated with itself through a chain of affiliations",
    "duplicate-quote": "the same words quoted twice (case and spacing aside)",
    "duplicate-actor": "two actors sharing a name or an alias (case, accents, punctuation, spacing aside)",
    "group-label-variants": "group labels that differ only by case, accents, punctuation or spacing",
    "stale-question": "an open question whose latest event is more than --stale-days before as_of",
    "as-of-outdated": "a brief whose as_of is older than its newest event",
}
"""Every rule by its stable id, in the order of the README's table, with what it finds."""

_RULE_FUNCTIONS: tuple[RuleFunction, ...] = (
    _unsourced,
    _single_source_confirmed,
    _grade_contradiction,
    _unreliable_support,
    _dated_after_as_of,
    _untranslated,
    _translation_same_as_quote,
    _unreferenced,
    _affiliation_cycle,
    _duplicate_quote,
    _duplicate_actor,
    _group_variants,
    _stale_question,
    _as_of_outdated,
)


def findings(brief: Brief, options: Options = Options(), index: BriefIndex | None = None) -> list[Finding]:
    """What every rule finds in `brief`, unplaced and unfiltered, in the order of `RULES`."""
    index = index or BriefIndex(brief)
    found = [finding for function in _RULE_FUNCTIONS for finding in function(brief, index, options)]
    order = {rule: number for number, rule in enumerate(RULES)}
    return sorted(found, key=lambda finding: order[finding.rule])


# ── a run: selection, silencing, places ──────────────────────────────────────────────────────

_IGNORE_COMMENT = re.compile(r"(?:^|[ \t])#[ \t]*briefing:[ \t]*ignore\[([^\]\r\n]*)\]", re.MULTILINE)
"""`# briefing: ignore[rule-id, ...]`, a YAML comment (at a line's start or after a blank)."""
_SETTINGS_KEY = re.compile(r"""(?:x-check|"x-check"|'x-check')[ \t]*:""")


@dataclass
class Report:
    """What checking one brief gave: its warnings, and the errors of its own `x-check` settings
    or ignore comments (an unknown rule id there is a mistake that would silence nothing)."""

    warnings: list[QualityWarning]
    errors: list[BriefError]


def unknown_rule(rule: str) -> str:
    """Why `rule` is not a rule id, with the closest one."""
    close = difflib.get_close_matches(rule, list(RULES), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f"; the rules are: {', '.join(RULES)}"
    return f"unknown rule {rule!r}{hint}"


def check(
    loaded: LoadedBrief,
    text: str,
    *,
    rules: Iterable[str] = RULES,
    options: Options = Options(),
) -> Report:
    """Run `rules` over a loaded brief whose file reads `text`, dropping what the brief silences."""
    name = str(loaded.path)
    places = TextPlaces(text)
    errors: list[BriefError] = []
    silenced_everywhere = _brief_settings(name, text, places, errors)
    silenced_at = _ignore_comments(name, text, errors)
    selected = set(rules) - silenced_everywhere
    brief = loaded.brief
    warnings = []
    for finding in findings(brief, options, loaded.index):
        if finding.rule not in selected:
            continue
        line, column, item = _place(loaded, places, finding.path)
        first_line = loaded.lines.get(item, line) if item else line
        if finding.rule in silenced_at.get(first_line, ()):
            continue
        warnings.append(QualityWarning(name, line, column, finding.rule, finding.message, item))
    warnings.sort(key=lambda warning: (warning.line, warning.column))
    return Report(warnings, errors)


def _place(loaded: LoadedBrief, places: TextPlaces, path: Path) -> tuple[int, int, str | None]:
    """The line and column of the node at `path` (its key when written, else its item), and the
    id of the item it is in (None for the brief as a whole)."""
    if len(path) < 2:
        line, column = places.key(None, str(path[0])) or (1, 1)
        return line, column, None
    item = getattr(loaded.brief, str(path[0]))[path[1]].id
    start = loaded.lines.get(item)
    if start is None:
        return 1, 1, item
    line, column = (len(path) > 2 and places.key(start, str(path[2]))) or places.item(start)
    return line, column, item


def _brief_settings(name: str, text: str, places: TextPlaces, errors: list[BriefError]) -> set[str]:
    """The rule ids the brief's top-level `x-check: {ignore: [...]}` switches off. The loader
    drops `x-` keys, so the mapping is read from the text: its lines, up to the next top-level key."""
    lines = places.lines
    if "x-check" not in text:
        return set()
    start = next((number for number, line in enumerate(lines) if _SETTINGS_KEY.match(line)), None)
    if start is None:
        return set()
    from briefing.yamlread import places as node_places

    # The key itself (one pass over libyaml's events up to it), not a line of a quoted text over
    # several lines that reads like it.
    place = node_places(text, {("x-check",)}).get(("x-check",))
    key = place.key if place is not None else None
    if key is None or key[1] != 1 or not _SETTINGS_KEY.match(lines[key[0] - 1]):
        return set()
    start = key[0] - 1
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " #"):
        end += 1
    key_end = _SETTINGS_KEY.match(lines[start]).end()  # type: ignore[union-attr]
    fragment = "\n".join(["check:" + " " * (key_end - 6) + lines[start][key_end:], *lines[start + 1 : end]])
    import yaml

    from briefing.yamlread import YamlProblem, read_document

    try:
        settings = read_document(fragment).data["check"]
    except (YamlProblem, yaml.YAMLError):  # the whole file read well: this is not a mapping's lines
        settings = None
    where = (start + 1, 1)
    if not isinstance(settings, dict) or set(settings) - {"ignore"}:
        errors.append(
            BriefError(name, *where, "x-check must be a mapping with one key, ignore: a list of rule ids")
        )
        return set()
    ignored = settings.get("ignore")
    if ignored is None:  # `ignore:` with nothing after it; a 0, false, {} or '' is a mistake
        ignored = []
    if not isinstance(ignored, list) or not all(isinstance(rule, str) for rule in ignored):
        errors.append(BriefError(name, *where, "x-check: ignore must be a list of rule ids"))
        return set()
    for rule in ignored:
        if rule not in RULES:
            errors.append(BriefError(name, *where, f"x-check: {unknown_rule(rule)}"))
    return set(ignored)


def _ignore_comments(name: str, text: str, errors: list[BriefError]) -> dict[int, set[str]]:
    """Line → the rule ids a `# briefing: ignore[...]` comment on it silences."""
    silenced: dict[int, set[str]] = {}
    if "ignore[" not in text:
        return silenced
    matches = list(_IGNORE_COMMENT.finditer(text))
    if not matches:
        return silenced
    from briefing.yamlread import scalar_spans

    starts = [0, *(found.end() for found in LINE_BREAK.finditer(text))]

    def place(at: int) -> Position:
        line = bisect.bisect_right(starts, at)
        return line, at - starts[line - 1] + 1

    hashes = [place(text.index("#", match.start())) for match in matches]
    spans = scalar_spans(text, until=hashes[-1])  # the file's scalars up to the last comment
    for match, hash_at in zip(matches, hashes, strict=True):
        before = bisect.bisect_right(spans, (hash_at, (sys.maxsize, sys.maxsize))) - 1
        if before >= 0 and hash_at < spans[before][1]:
            continue  # inside a quoted or block text: the brief's words, not a comment
        line, column = place(match.start(1))
        for rule in (part.strip() for part in match.group(1).split(",")):
            if rule not in RULES:
                errors.append(BriefError(name, line, column, f"ignore comment: {unknown_rule(rule)}"))
            silenced.setdefault(line, set()).add(rule)
    return silenced
