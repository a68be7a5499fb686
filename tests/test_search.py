"""Search: every word in any order, "quoted phrases" as written, badge words and source names."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.loader import load, load_text
from briefing.search import SearchIndex, find_spans, terms

TALKS = Path(__file__).parent / "data" / "app" / "talks.yaml"

LETTERS = "aeiounrstlgvAÉéçÇ"
WORDS = st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=6), min_size=3, max_size=7).map(
    # A three-digit number ends every word: no word is then a suffix or prefix of another at a
    # blank, so two words sit side by side in the text only where the list puts them.
    lambda words: [f"{word}{number:03d}" for number, word in enumerate(words)]
)


def one_statement(quote: str) -> SearchIndex:
    """The search index of a brief with one statement saying `quote`."""
    text = (
        "briefing: 1\ntitle: T\nas_of: 2025-01-01\nactors:\n  - {id: a, name: Ann}\n"
        f"statements:\n  - {{id: s, actor: a, kind: paraphrase, quote: {json.dumps(quote)}}}\n"
    )
    result = load_text(text, Path("search.yaml"))
    assert result.loaded is not None, result.errors
    return SearchIndex(result.loaded.index)


@settings(max_examples=80, deadline=None)
@given(WORDS, st.data())
def test_any_permutation_of_an_items_words_finds_it(words: list[str], data: st.DataObject) -> None:
    index = one_statement("  ".join(words))  # double blanks: a phrase still matches across them
    chosen = data.draw(st.lists(st.sampled_from(words), min_size=1, unique=True))
    order = data.draw(st.permutations(chosen))
    assert index.matching(" ".join(order)) == {"s"}
    assert index.matching(" ".join(word.upper() for word in order)) == {"s"}


@settings(max_examples=80, deadline=None)
@given(WORDS, st.data())
def test_a_quoted_phrase_matches_only_adjacent_words_in_order(words: list[str], data: st.DataObject) -> None:
    index = one_statement(" ".join(words))
    start = data.draw(st.integers(0, len(words) - 2))
    end = data.draw(st.integers(start + 2, len(words)))
    assert "s" in (index.matching(f'"{" ".join(words[start:end])}"') or set())
    # The same words, not side by side or not in order: no phrase, though every word is there.
    apart = [words[start], words[end - 1]] if end - start > 2 else [words[start + 1], words[start]]
    assert "s" not in (index.matching(f'"{" ".join(apart)}"') or set())
    assert "s" in (index.matching(" ".join(apart)) or set())


def test_words_in_any_order_and_badge_words_and_source_names_are_found() -> None:
    loaded = load(TALKS).loaded
    assert loaded is not None
    index = SearchIndex(loaded.index)
    assert index.matching("mois espoir accord") == {"oumierov-hope"}
    assert index.matching('"espoir accord"') == set()
    assert index.matching('"bon espoir"') == {"oumierov-hope"}
    assert index.matching("unverified") == {"second-round"}
    assert index.matching("paraphrase gazette") == {"plekszy-no-walkout"}
    assert index.matching("doubtful") == {"leak"}  # credibility 4, in words
    assert index.matching("moot") == {"walkout-real"}
    assert index.matching("usually reliable") == {"afp"}


def test_terms_and_highlights() -> None:
    assert terms('Peace  "plan de  paix" GAZA "open') == ("peace", "plan de paix", "gaza", "open")
    assert terms("“Garanties de sécurité”") == ("garanties de securite",)
    assert terms(' " " ') == ()
    text = "Les garanties de  sécurité, la Sécurité"
    assert [text[a:b] for a, b in find_spans(text, "securite garanties")] == [
        "garanties",
        "sécurité",
        "Sécurité",
    ]
    assert [text[a:b] for a, b in find_spans(text, '"de securite"')] == ["de  sécurité"]
