"""Did-you-mean hints for unknown keys and broken references, with bounded work per file.

difflib compares a word with every candidate in turn: a broken reference among 5,000 ids is
5,000 comparisons, so 2,000 broken references took 83 s and 10,000 never finished. Here the
candidates of a group are indexed once by their trigrams; a word is compared (by difflib, so the
hints read as before) only with the few candidates that share most of its rarer trigrams; and a
file gets at most `MAX_HINTS` hints worked out afresh (a word met again costs nothing): later
problems are reported without one, and only the first 100 problems are shown by default anyway.
"""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Callable, Iterable

MAX_HINTS = 100
"""Hints worked out afresh per file; problems after that are reported without one."""
SHORTLIST = 8
"""Candidates difflib compares with each word: those that share most of its trigrams."""
MAX_POSTINGS = 500
"""Index entries read per word, rarest trigrams first: a trigram every id has tells nothing."""
CUTOFF = 0.6
"""difflib's similarity (0 to 1) below which no hint is given."""


def _trigrams(word: str) -> set[str]:
    """The word's trigrams, with its start and end marked so that short words have some too."""
    padded = f"\x02{word}\x03"
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


class _Index:
    """The names of one group, by trigram."""

    def __init__(self, names: Iterable[str]) -> None:
        self.postings: dict[str, list[str]] = {}
        for name in dict.fromkeys(names):
            for gram in _trigrams(name):
                self.postings.setdefault(gram, []).append(name)

    def shortlist(self, word: str) -> list[str]:
        """The few names that share most of the word's trigrams, reading the rarest ones first."""
        lists = sorted((posting for gram in _trigrams(word) if (posting := self.postings.get(gram))), key=len)
        shared: dict[str, int] = {}
        read = 0
        for posting in lists:
            if read and read + len(posting) > MAX_POSTINGS:
                break
            for name in posting[:MAX_POSTINGS]:
                shared[name] = shared.get(name, 0) + 1
            read += len(posting)
        return heapq.nlargest(SHORTLIST, shared, key=shared.__getitem__)


class Suggester:
    """Did-you-mean for one file: an index per group of names, built when first needed."""

    def __init__(self, budget: int = MAX_HINTS) -> None:
        self.left = budget
        self.indexes: dict[str, _Index] = {}
        self.answers: dict[tuple[str, str], str | None] = {}

    def closest(self, word: str, group: str, names: Callable[[], Iterable[str]]) -> str | None:
        """The name of `group` (whose names `names()` gives) that `word` was probably meant to
        be, or None: none is close enough, or this file has used up its hints."""
        if (group, word) in self.answers:
            return self.answers[group, word]
        if self.left <= 0:
            return None
        self.left -= 1
        if group not in self.indexes:
            self.indexes[group] = _Index(names())
        close = difflib.get_close_matches(word, self.indexes[group].shortlist(word), n=1, cutoff=CUTOFF)
        answer = close[0] if close else None
        self.answers[group, word] = answer
        return answer
