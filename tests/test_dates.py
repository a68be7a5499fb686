"""FlexDate and EventDate: parsing every form of the format, display, sort order, leap years."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.dates import DATE_PATTERN, SINGLE_DATE_PATTERN, EventDate, FlexDate


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("2025", (2025, None, None, None, False, False)),
        ("2025-11", (2025, 11, None, None, False, False)),
        ("2025-11-19", (2025, 11, 19, None, False, False)),
        ("2025-11-19T14:30", (2025, 11, 19, "14:30", False, False)),
        ("2025-11-19T14:30:05", (2025, 11, 19, "14:30:05", False, False)),
        ("2025-11-19T14:30Z", (2025, 11, 19, "14:30Z", False, False)),
        ("2025-11-19T14:30+02:00", (2025, 11, 19, "14:30+02:00", False, False)),
        ("2025-11-19T14:30:05-05:30", (2025, 11, 19, "14:30:05-05:30", False, False)),
        ("2025-11~", (2025, 11, None, None, True, False)),
        ("2025?", (2025, None, None, None, False, True)),
        ("2025-11-19T08:00Z~", (2025, 11, 19, "08:00Z", True, False)),
    ],
)
def test_parse(text: str, fields: tuple[object, ...]) -> None:
    """fields: year, month, day, time, approximate, uncertain."""
    date = FlexDate.parse(text)
    assert (date.year, date.month, date.day, date.time, date.approximate, date.uncertain) == fields
    assert date.text == text
    assert str(date) == text


def test_parse_strips_surrounding_space() -> None:
    assert FlexDate.parse(" 2025-11 ").text == "2025-11"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2026-02-30", "does not exist: Feb 2026 has 28 days"),
        ("2025-04-31", "Apr 2025 has 30 days"),
        ("2025-13", "has no month 13"),
        ("2025-00", "has no month 00"),
        ("2025-11-00", "does not exist"),
        ("2025-11-19T24:00", "impossible time of day"),
        ("2025-11-19T23:60", "impossible time of day"),
        ("2025-11-19T23:59:60", "impossible time of day"),
        ("2025-11-19T10:00+24:00", "impossible time-zone offset"),
        ("2025-11-19T10:00+02:60", "impossible time-zone offset"),
        ("2025-11-19 10:00", "is not a date such as"),
        ("2025-1-9", "is not a date such as"),
        ("25", "is not a date such as"),
        ("2025-11-19T10", "is not a date such as"),
        ("2025~?", "is not a date such as"),
        ("", "is not a date such as"),
        ("2025/2026", "is not a date such as"),
    ],
)
def test_parse_refuses(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=re.escape(says)):
        FlexDate.parse(text)


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("2024-02-29", True),
        ("2000-02-29", True),
        ("2025-02-29", False),
        ("1900-02-29", False),
        ("2100-02-29", False),
        ("2400-02-29", True),
    ],
)
def test_leap_years(text: str, valid: bool) -> None:
    if valid:
        assert FlexDate.parse(text).day == 29
    else:
        with pytest.raises(ValueError, match="does not exist"):
            FlexDate.parse(text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2025", "2025"),
        ("2025-11", "Nov 2025"),
        ("2025-11~", "Nov 2025 ~"),
        ("2025-11-19", "19 Nov 2025"),
        ("2025-01-05?", "5 Jan 2025 ?"),
        ("2025-11-19T14:30Z", "19 Nov 2025 14:30 UTC"),
        ("2025-11-19T14:30+01:00", "19 Nov 2025 14:30+01:00"),
        ("2025~", "2025 ~"),
    ],
)
def test_display(text: str, shown: str) -> None:
    assert FlexDate.parse(text).display() == shown


def test_qualifier() -> None:
    assert FlexDate.parse("2025~").qualifier == "~"
    assert FlexDate.parse("2025?").qualifier == "?"
    assert FlexDate.parse("2025").qualifier == ""


def test_sort_keys_put_partial_dates_first_in_their_period() -> None:
    texts = ["2025-11-19T09:00", "2025-11-19", "2025-12", "2025-11", "2025", "2024-12-31", "2025-11-18"]
    ordered = sorted(texts, key=lambda text: FlexDate.parse(text).sort_key)
    assert ordered == [
        "2024-12-31",
        "2025",
        "2025-11",
        "2025-11-18",
        "2025-11-19",
        "2025-11-19T09:00",
        "2025-12",
    ]


def test_qualifiers_do_not_change_the_sort_key() -> None:
    assert FlexDate.parse("2025-11~").sort_key == FlexDate.parse("2025-11").sort_key
    assert FlexDate.parse("2025-11-19?").sort_key == FlexDate.parse("2025-11-19").sort_key


def test_equality_and_hash_follow_the_written_text() -> None:
    assert FlexDate.parse("2025-11") == FlexDate.parse("2025-11")
    assert FlexDate.parse("2025-11") != FlexDate.parse("2025-11~")
    assert len({FlexDate.parse("2025"), FlexDate.parse("2025")}) == 1
    assert FlexDate.parse("2025") != EventDate.parse("2025")
    assert repr(FlexDate.parse("2025")) == "FlexDate('2025')"


def test_event_date_single() -> None:
    date = EventDate.parse("2025-11-19")
    assert date.start == FlexDate.parse("2025-11-19")
    assert date.end is None
    assert date.text == "2025-11-19"
    assert date.display() == "19 Nov 2025"
    assert date.sort_key == date.start.sort_key


def test_event_date_interval() -> None:
    date = EventDate.parse("2025-11-18/2025-11-20")
    assert date.start.day == 18
    assert date.end is not None
    assert date.end.day == 20
    assert date.text == "2025-11-18/2025-11-20"
    assert date.display() == "18 Nov 2025 – 20 Nov 2025"
    assert date.sort_key == FlexDate.parse("2025-11-18").sort_key


def test_event_date_interval_of_partial_and_approximate_dates() -> None:
    assert EventDate.parse("2025-11~/2026").display() == "Nov 2025 ~ – 2026"


def test_event_date_same_day_interval() -> None:
    assert EventDate.parse("2025-11-19/2025-11-19").end is not None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2025-11-20/2025-11-18", "ends (2025-11-18) before it starts (2025-11-20)"),
        ("2025-12/2025-11-30", "before it starts"),
        ("2025-11-18/2025-02-30", "does not exist"),
        ("2025-11-18/", "is not a date such as"),
        ("/2025-11-18", "is not a date such as"),
        ("2025/2026/2027", "is not a date such as"),
    ],
)
def test_event_date_refuses(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=re.escape(says)):
        EventDate.parse(text)


def test_intervals_sort_by_start() -> None:
    texts = ["2025-11-20", "2025-11-18/2025-11-30", "2025-11-19"]
    ordered = sorted(texts, key=lambda text: EventDate.parse(text).sort_key)
    assert ordered == ["2025-11-18/2025-11-30", "2025-11-19", "2025-11-20"]


@pytest.mark.parametrize(
    "text", ["2025", "2025-11~", "2025-11-19T14:30:05+02:00", "2025-11-18/2025-11-20", "2025-11?/2026~"]
)
def test_schema_pattern_accepts_what_the_parser_accepts(text: str) -> None:
    assert re.fullmatch(DATE_PATTERN, text)
    EventDate.parse(text)


def _gap(error: ValueError) -> bool:
    """The two things the schema's pattern cannot know: leap years, and an interval's order."""
    return bool(re.search(r"Feb \d+ has 28 days|before it starts", str(error)))


@given(st.from_regex(DATE_PATTERN, fullmatch=True))
def test_what_the_schema_pattern_accepts_the_parser_accepts(text: str) -> None:
    try:
        EventDate.parse(text)
    except ValueError as error:
        assert _gap(error), text


@st.composite
def near_dates(draw: st.DrawFn) -> str:
    """Date-shaped texts with any two digits in each field, so ranges are tried at their edges."""
    two = st.integers(0, 99).map("{:02d}".format)
    fields = [draw(st.integers(0, 9999).map("{:04d}".format))]
    fields += draw(st.lists(two, max_size=5))
    text = "-".join(fields[:3])
    if len(fields) > 3:
        text += "T" + ":".join(fields[3:])
        zone = draw(st.sampled_from(["", "Z", "x", "+", "-"]))
        text += zone + (f"{draw(two)}:{draw(two)}" if zone in ("+", "-") else "")
    blank = draw(st.sampled_from(["", " ", "\t", "\u00a0"]))
    return blank + text + draw(st.sampled_from(["", "~", "?", "~?"]))


@given(near_dates())
def test_the_schema_pattern_and_the_parser_agree_on_single_dates(text: str) -> None:
    try:
        FlexDate.parse(text)
    except ValueError as error:
        assert _gap(error) or re.fullmatch(SINGLE_DATE_PATTERN, text) is None, text
    else:
        assert re.fullmatch(SINGLE_DATE_PATTERN, text), text


def test_the_decode_hook_parses_each_date_text_once_and_still_refuses_bad_ones() -> None:
    """A cached brief of 10,000 statements holds ~2,000 distinct dates: each is parsed once and
    shared (the date types never change once built)."""
    from briefing.model import decode_hook

    first = decode_hook(FlexDate, "2025-11-19~")
    assert decode_hook(FlexDate, "2025-11-19~") is first
    assert decode_hook(EventDate, "2025-11-19~") is not first  # per type
    for _ in range(2):
        with pytest.raises(ValueError, match="no month 13"):
            decode_hook(FlexDate, "2025-13-01")


def test_days_in_month_is_the_calendar_modules() -> None:
    """`days_in_month` replaced `calendar.monthrange` (not imported before the first frame): the
    same count for every month of every year a brief can write (0000-9999)."""
    import calendar

    from briefing.dates import days_in_month

    assert all(
        days_in_month(year, month) == calendar.monthrange(year, month)[1]
        for year in range(10_000)
        for month in range(1, 13)
    )
