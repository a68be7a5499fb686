"""Corroboration: independent sources (one outlet counts once), the best and worst reliability
(F cannot be judged, so it never ranks beside A–E), and the Admiralty combined grade."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefing.corroboration import (
    JUDGED,
    corroborate,
    fold_name,
    independent_count,
    of_event,
    of_item,
    of_statement,
    outlet_host,
)
from briefing.index import BriefIndex
from briefing.loader import load_text
from briefing.model import Source

SETTINGS = settings(deadline=None, max_examples=300)


def source(source_id: str, name: str, url: str | None = None, **fields: object) -> Source:
    return Source(id=source_id, name=name, url=url, **fields)


def test_one_outlet_under_two_spellings_counts_once() -> None:
    sources = [
        source("a", "Agence France-Presse"),
        source("b", "agence  france presse!"),
        source("c", "Axios"),
    ]
    assert independent_count(sources) == 2


def test_accents_and_case_fold() -> None:
    assert fold_name("Le Monde ") == fold_name("le  mönde") == "le monde"
    assert fold_name("Élysée") == fold_name("ELYSEE")


def test_same_host_is_one_outlet() -> None:
    sources = [
        source("a", "AFP", "https://www.afp.com/en/news/1"),
        source("b", "Agence France-Presse", "http://AFP.com./fr/2"),
    ]
    assert independent_count(sources) == 1


def test_a_host_in_unicode_and_in_punycode_is_one_outlet() -> None:
    """IDNA: `bücher.example` is `xn--bcher-kva.example` (and an ideographic full stop a dot)."""
    sources = [
        source("a", "Bücher", "https://bücher.example/1"),
        source("b", "Buecher", "https://xn--bcher-kva.example/2"),
        source("c", "Books", "https://www.BÜCHER\u3002example/3"),
    ]
    assert independent_count(sources) == 1


def test_different_hosts_and_names_are_independent() -> None:
    sources = [
        source("a", "AFP", "https://www.afp.com/1"),
        source("b", "Reuters", "https://www.reuters.com/2"),
    ]
    assert independent_count(sources) == 2


def test_accounts_on_a_shared_host_are_distinct_outlets() -> None:
    sources = [
        source("a", "Kremlin", "https://x.com/KremlinRussia_E/status/1"),
        source("b", "Zelensky", "https://twitter.com/ZelenskyyUa/status/2"),
        source("c", "Zelensky's office", "https://x.com/ZelenskyyUa/status/3"),
        source("d", "Kremlin account", "https://x.com/kremlinrussia_e/status/4"),
        source("e", "Archived report", "https://web.archive.org/web/2025/https://example.org/a"),
        source("f", "Another archive", "https://web.archive.org/web/2024/https://example.net/b"),
    ]
    # x.com/kremlinrussia_e (a, d), x.com/zelenskyyua (c), twitter.com/zelenskyyua (b); the two
    # archive links share the account segment `web`: one outlet, as documented.
    assert independent_count(sources) == 4
    assert outlet_host(sources[0]) == "x.com/kremlinrussia_e"


def test_a_social_source_is_its_account_on_any_host() -> None:
    one = source("a", "Mayor", "https://mastodon.social/@mayor", kind="social")
    other = source("b", "Governor", "https://mastodon.social/@governor", kind="social")
    assert independent_count([one, other]) == 2
    outlet = source("c", "Outlet page", "https://example.org/a")
    same_site = source("d", "Outlet page again", "https://example.org/b")
    assert independent_count([outlet, same_site]) == 1


def test_same_outlet_is_transitive() -> None:
    by_name = source("a", "AFP")
    both = source("b", "afp", "https://afp.com/")
    by_host = source("c", "Agence France-Presse", "https://www.afp.com/fr")
    assert independent_count([by_name, by_host]) == 2
    assert independent_count([by_name, by_host, both]) == 1


def test_a_source_listed_twice_counts_once() -> None:
    afp = source("afp", "AFP", reliability="B")
    result = corroborate([afp, afp])
    assert result.independent == 1
    assert result.sources == (afp,)


@pytest.mark.parametrize(
    "url", ["http://[::1", "http://host:99999999/", "https://@/", "http://./", "http://www./", "http://m./x"]
)
def test_an_odd_url_never_raises(url: str) -> None:
    odd = source("a", "Odd", url)
    assert independent_count([odd, source("b", "Other", url)]) in (1, 2)


URL_PARTS = st.sampled_from(
    [
        "http://",
        "https://",
        "[",
        "]",
        "::1",
        "@",
        ":",
        "%",
        "%2e",
        "%00",
        "xn--",
        "xn--zz",
        ".",
        "..",
        "/",
        "?",
        "#",
        "www.",
        "m.",
        "x.com/",
        "99999999",
        "-1",
        "\uff03",  # NFKC makes it '#': urlsplit refuses such a netloc
        "\u2100",  # ℀, NFKC 'a/c'
        "\u3002",  # an ideographic full stop, a dot to IDNA
        "\u0130",
        "ß",
        "é",
        "\U0001f600",
        "a" * 300,
    ]
)
HOSTILE_URLS = st.lists(st.one_of(URL_PARTS, st.text(max_size=3)), max_size=10).map("".join)


@SETTINGS
@given(HOSTILE_URLS, st.sampled_from(["other", "social", "outlet"]))
def test_any_url_never_raises(url: str, kind: str) -> None:
    """IDNA, brackets, ports out of range, userinfo, percent-encoding, length: no URL raises, in
    any of the places that read one (a source's URL is checked by the loader only for its form)."""
    odd = source("a", "Odd", url, kind=kind)
    host = outlet_host(odd)
    assert host is None or host  # a host, or none: never an empty one
    assert independent_count([odd, source("b", url, url), source("c", "C", "https://" + url)]) in (1, 2, 3)
    assert corroborate([odd], 3).independent == 1


def test_a_name_of_punctuation_only_is_no_name() -> None:
    assert independent_count([source("a", "—"), source("b", "???")]) == 2


@pytest.mark.parametrize(
    ("letters", "best", "worst"),
    [
        ("BD", "B", "D"),
        ("EA", "A", "E"),
        ("BF", "B", "B"),  # F cannot be judged: it is not worse than B
        ("FE", "E", "E"),  # nor worse than E
        ("FF", "F", "F"),  # only when nothing else is graded
        ("", None, None),
    ],
)
def test_reliability_order(letters: str, best: str | None, worst: str | None) -> None:
    sources = [source(f"s{i}", f"Source {i}", reliability=letter) for i, letter in enumerate(letters)]
    sources.append(source("ungraded", "Ungraded"))
    result = corroborate(sources)
    assert (result.best, result.worst) == (best, worst)


@pytest.mark.parametrize(
    ("letters", "credibility", "grade"),
    [("BC", 2, "B2"), ("C", None, "C"), ("", 3, ""), ("F", 6, "F6"), ("FA", 1, "A1")],
)
def test_combined_grade(letters: str, credibility: int | None, grade: str) -> None:
    sources = [source(f"s{i}", f"Source {i}", reliability=letter) for i, letter in enumerate(letters)]
    assert corroborate(sources, credibility).grade == grade


BRIEF = """\
briefing: 1
title: T
as_of: 2025-11-20
sources:
  - {id: afp, name: AFP, url: "https://www.afp.com/", reliability: B}
  - {id: afp-fr, name: Agence France-Presse, url: "https://afp.com/fr", reliability: C}
  - {id: axios, name: Axios, reliability: D}
  - {id: blog, name: A blog, reliability: F}
actors:
  - {id: peskov, name: Dmitry Peskov}
events:
  - {id: briefing, date: 2025-11-19, title: Briefing, sources: [afp, afp-fr, axios], credibility: 2}
  - {id: rumour, date: 2025-11-18, title: A rumour, sources: [blog]}
  - {id: bare, date: 2025-11-17, title: Nobody reports this}
statements:
  - {id: said, actor: peskov, quote: Nothing new, event: briefing, source: axios}
  - {id: alone, actor: peskov, quote: Nothing, event: briefing}
"""


@pytest.fixture
def index() -> BriefIndex:
    result = load_text(BRIEF, "t.yaml")
    assert result.loaded is not None, result.errors
    return result.loaded.index


def test_an_event_counts_its_sources(index: BriefIndex) -> None:
    result = of_event(index, index.events["briefing"])
    assert (result.independent, result.best, result.worst, result.grade) == (2, "B", "D", "B2")
    assert [s.id for s in result.sources] == ["afp", "afp-fr", "axios"]
    bare = of_event(index, index.events["bare"])
    assert (bare.independent, bare.grade, bare.sources) == (0, "", ())


def test_a_statement_counts_only_where_it_was_reported(index: BriefIndex) -> None:
    said = index.by_id["said"]
    assert of_item(index, said) == of_statement(index, said)  # type: ignore[arg-type]
    result = of_statement(index, said)  # type: ignore[arg-type]
    assert (result.independent, result.grade) == (1, "D")  # a letter alone: statements have no credibility
    alone = of_statement(index, index.by_id["alone"])  # type: ignore[arg-type]
    assert (alone.independent, alone.grade) == (0, "")  # its event's three sources are not its own


def test_other_items_have_no_corroboration(index: BriefIndex) -> None:
    assert of_item(index, index.actors["peskov"]) is None
    assert of_item(index, index.sources["afp"]) is None


# Properties. Few names and hosts, so that generated sources often share an outlet.
names = st.sampled_from(
    ["AFP", "afp", "Agence France-Presse", "Axios", "AXIOS ", "Reuters", "Le Monde", "le mönde", "—"]
)
urls = st.one_of(
    st.none(),
    st.builds(
        "{}://{}{}/{}".format,
        st.sampled_from(["http", "https"]),
        st.sampled_from(["", "www.", "m."]),
        st.sampled_from(["afp.com", "AFP.com.", "axios.com", "x.com", "t.me", "example.org"]),
        st.sampled_from(["", "a", "B/c", "kremlin/1"]),
    ),
)
ids = st.sampled_from([f"s{i}" for i in range(8)])
sources_strategy = st.builds(
    Source,
    id=ids,
    name=names,
    url=urls,
    kind=st.sampled_from(["outlet", "agency", "social", "other"]),
    reliability=st.sampled_from([None, *"ABCDEF"]),
)
source_lists = st.lists(sources_strategy, max_size=7, unique_by=lambda s: s.id).flatmap(
    lambda unique: st.lists(st.sampled_from(unique), max_size=9) if unique else st.just([])
)
"""Sources of one brief (an id names one source), some listed more than once, as `sources:` may."""


def same_outlet(one: Source, other: Source) -> bool:
    """The documented rule for one pair, written plainly."""
    names_match = fold_name(one.name) != "" and fold_name(one.name) == fold_name(other.name)
    hosts_match = outlet_host(one) is not None and outlet_host(one) == outlet_host(other)
    return names_match or hosts_match


def components(sources: list[Source]) -> int:
    """Outlets counted another way: repeated merging of groups until no pair links two."""
    unique = list({s.id: s for s in sources}.values())
    groups = [[s] for s in unique]
    merged = True
    while merged:
        merged = False
        for a, b in itertools.combinations(range(len(groups)), 2):
            if any(same_outlet(x, y) for x in groups[a] for y in groups[b]):
                groups[a] += groups.pop(b)
                merged = True
                break
    return len(groups)


@SETTINGS
@given(source_lists)
def test_count_matches_the_pairwise_rule(sources: list[Source]) -> None:
    assert independent_count(sources) == components(sources)


@SETTINGS
@given(source_lists, st.sampled_from([None, 1, 2, 3, 4, 5, 6]))
def test_bounds_and_grade(sources: list[Source], credibility: int | None) -> None:
    result = corroborate(sources, credibility)
    assert result.independent <= len(result.sources) <= len(sources)
    assert (result.independent == 0) == (not sources)
    letters = {s.reliability for s in result.sources if s.reliability}
    if result.best is None:
        assert not letters and result.grade == ""
    else:
        assert result.best in letters and result.worst in letters
        assert result.grade == f"{result.best}{credibility or ''}"
        if letters - {"F"}:
            assert "F" not in (result.best, result.worst)
            assert JUDGED.index(result.best) <= JUDGED.index(result.worst)


@SETTINGS
@given(source_lists, st.randoms(use_true_random=False))
def test_order_does_not_matter(sources: list[Source], random: object) -> None:
    unique = list({s.id: s for s in sources}.values())
    shuffled = list(unique)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    one, other = corroborate(unique, 2), corroborate(shuffled, 2)
    assert (one.independent, one.best, one.worst, one.grade) == (
        other.independent,
        other.best,
        other.worst,
        other.grade,
    )


@SETTINGS
@given(source_lists, sources_strategy)
def test_adding_a_source_adds_at_most_one(sources: list[Source], extra: Source) -> None:
    extra = Source(id="new", name=extra.name, url=extra.url, kind=extra.kind, reliability=extra.reliability)
    assert independent_count([*sources, extra]) <= independent_count(sources) + 1


@SETTINGS
@given(source_lists.filter(bool), st.data())
def test_adding_a_source_from_the_same_outlet_never_raises_the_count(
    sources: list[Source], data: st.DataObject
) -> None:
    model = data.draw(st.sampled_from(sources))
    keep = data.draw(st.sampled_from(["name", "url"]))
    extra = Source(
        id="new",
        name=model.name if keep == "name" else data.draw(names),
        url=model.url if keep == "url" else data.draw(urls),
        kind=model.kind,
        reliability=data.draw(st.sampled_from([None, *"ABCDEF"])),
    )
    assume(same_outlet(model, extra))  # a name of punctuation only, no URL: nothing to match
    assert independent_count([*sources, extra]) <= independent_count(sources)
