"""describe.py words things once for every view: what `y` copies, `declined`, an event's status."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from briefing import describe
from briefing.index import BriefIndex
from briefing.loader import load
from briefing.model import Statement

SAMPLE = Path(__file__).parent / "data" / "show" / "sample.yaml"


def sample() -> BriefIndex:
    loaded = load(SAMPLE).loaded
    assert loaded is not None
    return loaded.index


def test_a_quote_is_copied_in_its_languages_marks_with_the_translation_after_them() -> None:
    index = sample()
    peskov = index.by_id["peskov-nothing-new"]
    attribution = "Dmitry Peskov, Kremlin spokesman, 19 Nov 2025, via Agence France-Presse"
    original = "«\u00a0Nous n'avons rien de nouveau que nous puissions vous communiquer à ce sujet\u00a0»"
    translation = "We have nothing new that we can tell you on this subject"
    assert describe.copy_text(index, peskov) == f"{original} (translation: {translation}) — {attribution}"
    assert describe.copy_text(index, peskov, "original") == f"{original} — {attribution}"
    assert describe.copy_text(index, peskov, "translation") == (
        f"Translation from fr: {translation} — {attribution}"
    )


def test_a_paraphrase_is_copied_without_quotation_marks() -> None:
    index = sample()
    paraphrase = index.by_id["witkoff-paraphrase"]
    copied = describe.copy_text(index, paraphrase, "original")
    assert copied.startswith(f"Paraphrase: {paraphrase.quote} — ")
    assert not any(mark in copied for mark in "“”«»")


def test_declined_reads_as_the_format_defines_it() -> None:
    index = sample()
    declined = index.by_id["umerov-declined"]
    assert describe.DECLINED == "declined to comment or did not respond"
    assert describe.copy_text(index, declined) == (
        "Declined to comment or did not respond — "
        "Rustem Umerov, Secretary of Ukraine's National Security and Defence Council"
    )


@given(
    quote=st.text(min_size=1),
    translation=st.none() | st.text(min_size=1),
    lang=st.sampled_from(["en", "fr", "fr-CH", "de", "uk", "ja", "xx"]),
    mode=st.sampled_from(["both", "original", "translation"]),
)
def test_the_quote_inside_the_marks_is_exactly_the_words(
    quote: str, translation: str | None, lang: str, mode: str
) -> None:
    """Whatever the words and mode, the marks hold exactly the quote, never its translation."""
    index = sample()
    statement = Statement(id="s", actor="peskov", quote=quote, translation=translation, lang=lang)
    copied = describe.copy_text(index, statement, mode)
    opening, closing = describe.quote_marks(lang)
    if mode == "translation" and translation:
        assert copied.startswith(f"Translation from {lang}: {translation} — ")
    else:
        assert copied.startswith(f"{opening}{quote}{closing}")
        rest = copied[len(opening + quote + closing) :]
        after = f" (translation: {translation}) — " if translation and mode == "both" else " — "
        assert rest.startswith(after)


def test_an_event_reused_elsewhere_carries_its_status_unless_confirmed() -> None:
    index = sample()
    assert describe.event_label(index.events["miami-talks"]) == "Umerov and Witkoff met in Miami (disputed)"
    assert describe.event_label(index.events["miami-talks"], with_date=True) == (
        "Umerov and Witkoff met in Miami (disputed, Nov 2025 ~)"
    )
    assert describe.event_label(index.events["geneva"]) == "Talks in Geneva"
    assert describe.item_names(index, ["axios-report", "geneva"]) == (
        "Axios reports a 28-point US–Russian plan (reported), Talks in Geneva"
    )
