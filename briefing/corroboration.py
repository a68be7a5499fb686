"""How well an event or a statement is sourced: independent sources, best and worst reliability,
and the Admiralty combined grade (`B2`).

The rules (also in `docs/format.md`, "Corroboration"):

- **What supports what.** An event is supported by its `sources`; a statement by its own `source`
  only, where it was reported. A statement tied to an event does not borrow the event's sources:
  that the event was reported elsewhere says nothing about who reported the words.
- **Independent sources.** A source listed twice counts once. Two sources are the same outlet,
  and count once together, when their names are the same once case, accents, punctuation and
  spacing are folded (`Agence France-Presse` = `agence france presse`), or when their URLs are on
  the same host (`www.` and `m.` dropped, case and a final dot ignored, a Unicode name and its
  punycode one). On hosts where anyone publishes (social networks, video sites, archives,
  document stores: `SHARED_HOSTS`) and for sources of kind `social`, the host alone is not an
  outlet: the account, the URL's first path segment, goes with it (`x.com/kremlin` and
  `x.com/zelenskyy` are two). "Same outlet" is transitive: a source that shares its name with one
  and its host with another joins all three.
- **Reliability order.** A (completely reliable) is best, E (unreliable) worst. F means the
  reliability *cannot be judged*: it is not a grade below E, so it never counts as best or worst
  beside a judged letter; only when every graded source is F are best and worst F. Ungraded
  sources count as sources, not as letters.
- **Combined grade.** The best reliability letter, then the event's credibility number (`B2`); the
  letter alone when there is no credibility (statements have none); nothing when no source is
  graded.

Pure functions over the model: the reader, `show`, the exporters and `briefing check` share them.
"""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

import msgspec

from briefing.index import BriefIndex
from briefing.model import Event, Source, Statement

JUDGED = "ABCDE"
"""The reliability letters that rank, best first; F (cannot be judged) does not."""

SHARED_HOSTS = frozenset(
    {
        "x.com",
        "twitter.com",
        "t.me",
        "telegram.me",
        "facebook.com",
        "instagram.com",
        "threads.net",
        "bsky.app",
        "tiktok.com",
        "youtube.com",
        "youtu.be",
        "vk.com",
        "reddit.com",
        "linkedin.com",
        "medium.com",
        "substack.com",
        "github.com",
        "docs.google.com",
        "drive.google.com",
        "web.archive.org",
        "archive.org",
        "archive.ph",
        "archive.today",
        "archive.is",
    }
)
"""Hosts that publish for many people: there the account, not the host, is the outlet."""

_NOT_WORD = re.compile(r"[\W_]+")


class Corroboration(msgspec.Struct, frozen=True):
    """What supports one event or statement."""

    sources: tuple[Source, ...]
    """Its sources, each once, in the order given."""
    independent: int
    """How many distinct outlets those sources are."""
    best: str | None
    """The best reliability letter among them (`JUDGED` order; F only if nothing else is graded)."""
    worst: str | None
    """The worst, by the same order."""
    grade: str
    """The Admiralty combined grade: `B2`, `B`, or '' when no source is graded."""


def fold_name(name: str) -> str:
    """A source name with case, accents, punctuation and spacing folded away."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", bare.casefold()).strip()


def outlet_host(source: Source) -> str | None:
    """The host that identifies the source's outlet, with the account on shared hosts; None
    when its URL has no usable host (or it has no URL)."""
    if not source.url:
        return None
    try:
        parts = urlsplit(source.url)
        host = parts.hostname
    except ValueError:  # a malformed port or IPv6 literal: no host to compare
        return None
    host = host or ""
    # One name however written (`bücher.example` is `xn--bcher-kva.example`); a name IDNA cannot
    # write (an empty or overlong label) is compared as written.
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    host = host.rstrip(".")
    for prefix in ("www.", "m."):
        if host.startswith(prefix) and len(host) > len(prefix):
            host = host[len(prefix) :]
    if not host:
        return None
    if source.kind == "social" or host in SHARED_HOSTS:
        account = parts.path.strip("/").split("/", maxsplit=1)[0].casefold()
        return f"{host}/{account}"
    return host


@functools.lru_cache(maxsize=4096)
def _outlet_keys(source: Source) -> tuple[str, ...]:
    """Everything by which two sources are the same outlet (a source's fields never change)."""
    keys = []
    name = fold_name(source.name)
    if name:
        keys.append(f"name:{name}")
    host = outlet_host(source)
    if host:
        keys.append(f"host:{host}")
    return tuple(keys)


def independent_count(sources: Iterable[Source]) -> int:
    """How many distinct outlets `sources` are (the module docstring gives the rule)."""
    unique = list({source.id: source for source in sources}.values())
    if len(unique) < 2:  # a statement's one source: nothing to join (and most items are these)
        return len(unique)
    parent = list(range(len(unique)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, source in enumerate(unique):
        for key in _outlet_keys(source):
            if key in owner:
                parent[root(i)] = root(owner[key])
            else:
                owner[key] = i
    return sum(1 for i in range(len(unique)) if root(i) == i)


def reliability_range(sources: Iterable[Source]) -> tuple[str | None, str | None]:
    """The best and worst reliability letters among `sources` (None, None when none is graded)."""
    letters = {source.reliability for source in sources if source.reliability}
    judged = sorted(letters & set(JUDGED))
    if judged:
        return judged[0], judged[-1]
    return ("F", "F") if "F" in letters else (None, None)


def corroborate(sources: Iterable[Source], credibility: int | None = None) -> Corroboration:
    """The corroboration of something supported by `sources`, with its credibility if any."""
    unique = tuple({source.id: source for source in sources}.values())
    best, worst = reliability_range(unique)
    grade = f"{best}{credibility or ''}" if best else ""
    return Corroboration(unique, independent_count(unique), best, worst, grade)


def of_event(index: BriefIndex, event: Event) -> Corroboration:
    """An event's corroboration: its sources and its credibility."""
    sources = (index.sources[source_id] for source_id in event.sources if source_id in index.sources)
    return corroborate(sources, event.credibility)


def of_statement(index: BriefIndex, statement: Statement) -> Corroboration:
    """A statement's corroboration: its own source only (never its event's)."""
    source = index.sources.get(statement.source) if statement.source else None
    return corroborate([source] if source else [])


def of_item(index: BriefIndex, item: object) -> Corroboration | None:
    """The corroboration of an event or a statement; None for anything else (an actor, the brief)."""
    if isinstance(item, Event):
        return of_event(index, item)
    if isinstance(item, Statement):
        return of_statement(index, item)
    return None
