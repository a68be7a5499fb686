"""Dates are ASCII, intervals and timelines compare instants in UTC, and a partial date sorts
at the start of its period (issue 12, "Dates and time")."""

from __future__ import annotations

import datetime
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import dates
from briefing.dates import EventDate, FlexDate
from briefing.loader import load_text

NON_ASCII_DIGITS = [
    char for char in map(chr, range(sys.maxunicode + 1)) if unicodedata.category(char) == "Nd" and char > "9"
]
"""Every decimal digit outside ASCII (Arabic-Indic, full-width, Devanagari, …): Python's `\\d`
and `int()` take them all."""

BRIEF = "briefing: 1\ntitle: T\nas_of: 2025-12-01\nevents:\n"


def _events(*dates: str) -> str:
    return BRIEF + "".join(
        f'  - id: e{n}\n    date: "{date}"\n    title: E{n}\n' for n, date in enumerate(dates)
    )


@pytest.mark.parametrize(
    "text", ["٢٠٢٥-١١-١٩", "２０２５-１１-１９", "२०२५", "2025-11-1٩", "2025-11-19T14:3０Z"]
)
def test_dates_in_other_digits_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date such as"):
        FlexDate.parse(text)
    (error,) = load_text(_events(text)).errors
    assert (error.line, error.column) == (6, 11)
    assert "is not a date such as 2025-11-19" in error.message


@pytest.mark.parametrize("written", ["0o٣", "0x٣", "0o３", "0x１F"])
def test_numbers_in_other_digits_are_not_numbers_so_not_years(written: str) -> None:
    """YAML's octal and hexadecimal integers are ASCII; Python's `int()` would read `0o٣` as 3,
    and a bare number in a date field is a year."""
    (error,) = load_text(BRIEF.replace("as_of: 2025-12-01", f"as_of: {written}")).errors
    assert (error.line, error.column) == (3, 8)
    assert "is not a date such as" in error.message


@settings(deadline=None)
@given(
    st.sampled_from(["2025", "2025-11", "2025-11-19", "2025-11-19T14:30:05+02:00", "2025-11-18/2025-11-20"]),
    st.data(),
)
def test_any_non_ascii_digit_anywhere_is_refused(text: str, data: st.DataObject) -> None:
    places = [index for index, char in enumerate(text) if char.isdigit()]
    where = data.draw(st.sets(st.sampled_from(places), min_size=1))
    digits = data.draw(st.lists(st.sampled_from(NON_ASCII_DIGITS), min_size=len(where), max_size=len(where)))
    written = list(text)
    for index, digit in zip(sorted(where), digits, strict=True):
        written[index] = digit
    with pytest.raises(ValueError):
        EventDate.parse("".join(written))


# ── time-zone offsets ────────────────────────────────────────────────────────────────────────


def test_an_interval_that_ends_before_it_starts_in_utc_is_refused() -> None:
    """06:00 UTC to 10:00+05:00 (05:00 UTC) ends an hour before it starts."""
    with pytest.raises(ValueError, match=r"ends .* before it starts"):
        EventDate.parse("2025-11-19T06:00Z/2025-11-19T10:00+05:00")
    (error,) = load_text(_events("2025-11-19T06:00Z/2025-11-19T10:00+05:00")).errors
    assert (error.line, error.column) == (6, 11)


def test_an_interval_that_is_right_in_utc_is_accepted() -> None:
    """10:00+05:00 (05:00 UTC) to 06:00 UTC lasts an hour."""
    date = EventDate.parse("2025-11-19T10:00+05:00/2025-11-19T06:00Z")
    assert date.end is not None
    assert load_text(_events("2025-11-19T10:00+05:00/2025-11-19T06:00Z")).ok


def test_the_timeline_sorts_instants_in_utc() -> None:
    """02:40+01:00 is 01:40 UTC: before 02:00 UTC, whatever the file order."""
    result = load_text(_events("2025-11-19T02:00Z", "2025-11-19T02:40+01:00", "2025-11-19T01:50-00:30"))
    assert result.loaded is not None
    assert [event.id for event in result.loaded.index.timeline] == ["e1", "e0", "e2"]


def test_statements_sort_in_utc_too() -> None:
    statements = "".join(
        f'  - id: s{n}\n    actor: a\n    date: "{date}"\n    quote: Q{n}\n'
        for n, date in enumerate(["2025-11-19T02:00Z", "2025-11-19T02:40+01:00"])
    )
    result = load_text(
        BRIEF.replace("events:\n", "actors:\n  - id: a\n    name: A\nstatements:\n") + statements
    )
    assert result.loaded is not None, result.errors
    assert [statement.id for statement in result.loaded.index.statements_by_date] == ["s1", "s0"]


# ── the sort key is a total order consistent with UTC instants ───────────────────────────────

ZONES = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda minutes: datetime.timedelta(minutes=minutes))
MOMENTS = st.datetimes(datetime.datetime(1, 1, 2), datetime.datetime(9999, 12, 30), timezones=st.just(None))


def _written(moment: datetime.datetime, zone: datetime.timedelta | None) -> str:
    text = moment.strftime("%Y-%m-%dT%H:%M:%S").rjust(19, "0")
    if zone is None:
        return text
    if not zone:
        return text + "Z"
    sign, minutes = ("+" if zone > datetime.timedelta(0) else "-"), abs(int(zone.total_seconds())) // 60
    return f"{text}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


@settings(max_examples=500, deadline=None)
@given(MOMENTS, ZONES, MOMENTS, ZONES)
def test_instants_with_offsets_sort_as_their_utc_times(
    first: datetime.datetime,
    first_zone: datetime.timedelta,
    second: datetime.datetime,
    second_zone: datetime.timedelta,
) -> None:
    a = FlexDate.parse(_written(first.replace(microsecond=0), first_zone))
    b = FlexDate.parse(_written(second.replace(microsecond=0), second_zone))
    utc_a = first.replace(microsecond=0, tzinfo=datetime.timezone(first_zone))
    utc_b = second.replace(microsecond=0, tzinfo=datetime.timezone(second_zone))
    assert (a.sort_key < b.sort_key) == (utc_a < utc_b)
    assert (a.sort_key == b.sort_key) == (utc_a == utc_b)
    try:
        EventDate.parse(f"{a}/{b}")
        accepted = True
    except ValueError:
        accepted = False
    assert accepted == (utc_a <= utc_b)


@settings(deadline=None)
@given(MOMENTS)
def test_a_partial_date_sorts_before_the_dates_it_contains_and_after_the_previous(
    moment: datetime.datetime,
) -> None:
    """A year, then its month, its day, a time of that day; the day before (its month, its
    year) comes before each."""
    text = _written(moment.replace(microsecond=0), datetime.timedelta(0))
    chain = [
        FlexDate.parse(text[:4]),
        FlexDate.parse(text[:7]),
        FlexDate.parse(text[:10]),
        FlexDate.parse(text),
    ]
    keys = [date.sort_key for date in chain]
    assert keys == sorted(keys) and len(set(keys)) == 4
    before = moment - datetime.timedelta(days=1)
    day_before = before.strftime("%Y-%m-%d").rjust(10, "0")
    assert FlexDate.parse(day_before).sort_key < FlexDate.parse(text[:10]).sort_key
    late_the_day_before = _written(before.replace(hour=23, minute=59, second=59, microsecond=0), None)
    assert FlexDate.parse(late_the_day_before).sort_key < FlexDate.parse(text[:10]).sort_key


DATES = st.one_of(
    MOMENTS.map(lambda moment: _written(moment.replace(microsecond=0), None)[:4]),
    MOMENTS.map(lambda moment: _written(moment.replace(microsecond=0), None)[:7]),
    MOMENTS.map(lambda moment: _written(moment.replace(microsecond=0), None)[:10]),
    st.builds(lambda moment, zone: _written(moment.replace(microsecond=0), zone), MOMENTS, st.none() | ZONES),
)


@settings(deadline=None)
@given(st.lists(DATES, min_size=1, max_size=12), st.sampled_from(["", "~", "?"]))
def test_the_sort_key_is_a_total_order_that_ignores_qualifiers(texts: list[str], qualifier: str) -> None:
    keys = [FlexDate.parse(text).sort_key for text in texts]
    assert all(type(key) is tuple and all(type(part) is int for part in key) for key in keys)
    assert [FlexDate.parse(text + qualifier).sort_key for text in texts] == keys


@settings(deadline=None)
@given(st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)))
def test_day_numbers_agree_with_the_calendar(day: datetime.date) -> None:
    assert dates._days(day.year, day.month, day.day) - dates._days(1, 1, 1) == day.toordinal() - 1
