"""Dates of the brief format: ISO 8601 profiled by EDTF level 0, with `~` and `?` from level 1.

Briefs are written by hand while a story moves, so dates are often partial (`2025-11`) or vague
(`2025-11~`). A `FlexDate` keeps exactly what was written and knows how to sort and show it.
"""

from __future__ import annotations

import re

_DATE_RE = re.compile(
    r"""
    (?P<year>\d{4})
    (?:-(?P<month>\d{2})
      (?:-(?P<day>\d{2})
        (?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?
          (?P<tz>Z|[+-]\d{2}:\d{2})?
        )?
      )?
    )?
    (?P<qualifier>[~?])?
    """,
    re.VERBOSE | re.ASCII,  # ASCII digits only, as in the schema's patterns (JSON Schema's \d is ASCII)
)

_BLANKS = " \t"
"""What may surround a date or either end of an interval (`2025-11-18 / 2025-11-20`): spaces and
tabs only, so the schema's pattern can say exactly the same."""


def _date_pattern() -> str:
    """One date as an ECMA-262 regular expression (what JSON Schema's `pattern` is), with every
    range the parser checks except 29 February in a year that has none."""
    time = r"(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?)?"
    months = (
        ("0[13578]|1[02]", "0[1-9]|[12][0-9]|3[01]"),
        ("0[469]|11", "0[1-9]|[12][0-9]|30"),
        ("02", "0[1-9]|1[0-9]|2[0-9]"),
    )
    month_day = "|".join(f"-({month})(-({day}){time})?" for month, day in months)
    return rf"[0-9]{{4}}({month_day})?[~?]?"


_BLANK = f"[{_BLANKS}]*"
SINGLE_DATE_PATTERN = f"^{_BLANK}{_date_pattern()}{_BLANK}$"
DATE_PATTERN = f"^{_BLANK}{_date_pattern()}{_BLANK}(/{_BLANK}{_date_pattern()}{_BLANK})?$"
"""Regular expressions for JSON Schema: a date, and a date or an interval. The parser alone knows
29 February and that an interval does not end before it starts."""

EXPECTED = "a date such as 2025-11-19, 2025-11, 2025 or 2025-11-19T14:30Z (add ~ if approximate)"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class _Value:
    """Equality, hashing and repr by the text as written; a plain class so that msgspec treats
    the date types as custom types (built by the decode hook) and not as objects to fill."""

    __slots__ = ()
    text: str

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.text == self.text  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text!r})"

    def __str__(self) -> str:
        return self.text


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """The days of `month` (1-12) in `year`, Gregorian as `calendar.monthrange` counts them (its
    import, about 1 ms, came before the reader's first frame for this one number)."""
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _MONTH_DAYS[month - 1]


class FlexDate(_Value):
    """A calendar date at year, month, day or minute precision, possibly approximate or uncertain."""

    __slots__ = ("text", "year", "month", "day", "time", "approximate", "uncertain", "span", "sort_key")

    def __init__(
        self,
        text: str,
        year: int,
        *,
        month: int | None = None,
        day: int | None = None,
        time: str | None = None,
        approximate: bool = False,
        uncertain: bool = False,
    ) -> None:
        self.text = text
        self.year = year
        self.month = month
        self.day = day
        self.time = time
        self.approximate = approximate
        self.uncertain = uncertain
        self.span = _span(year, month, day, time)
        """The first and last second the date can mean, counted in UTC when it has an offset."""
        self.sort_key = _sort_key(self.span, month, day, time)
        """Where the date stands in a timeline (see `_sort_key`)."""

    @classmethod
    def parse(cls, text: str) -> FlexDate:
        """Parse one date; raise `ValueError` with a message a person understands."""
        text = text.strip(_BLANKS)
        match = _DATE_RE.fullmatch(text)
        if match is None:
            raise ValueError(f"{text!r} is not {EXPECTED}")
        year = int(match["year"])
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month:02d}")
        if day is not None:
            assert month is not None
            last = days_in_month(year, month)
            if not 1 <= day <= last:
                raise ValueError(f"{text!r} does not exist: {_MONTHS[month - 1]} {year} has {last} days")
        time = None
        if match["hour"]:
            hour, minute = int(match["hour"]), int(match["minute"])
            second = int(match["second"]) if match["second"] else 0
            if hour > 23 or minute > 59 or second > 59:
                raise ValueError(f"{text!r} has an impossible time of day")
            tz = match["tz"]
            if tz and tz != "Z" and (int(tz[1:3]) > 23 or int(tz[4:6]) > 59):
                raise ValueError(f"{text!r} has an impossible time-zone offset")
            time = text[11:].rstrip("~?")
        qualifier = match["qualifier"]
        return cls(
            text=text,
            year=year,
            month=month,
            day=day,
            time=time,
            approximate=qualifier == "~",
            uncertain=qualifier == "?",
        )

    @property
    def qualifier(self) -> str:
        """`~` for approximate, `?` for uncertain, empty otherwise."""
        return "~" if self.approximate else "?" if self.uncertain else ""

    def timestamp(self) -> str:
        """The first moment the date covers, as a full ISO 8601 date (RFC 3339 with a time), for
        programs that read only whole dates: Hugo takes `2025-11` for year 1, and `2025-11-19?`
        for no date at all. `2025-11~` gives `2025-11-01`; `2025-11-19T14:30Z`,
        `2025-11-19T14:30:00Z`. What was written, vagueness included, is `text`."""
        day = f"{self.year:04d}-{self.month or 1:02d}-{self.day or 1:02d}"
        if not self.time:
            return day
        parts = _TIME_RE.fullmatch(self.time)
        assert parts is not None  # `time` is what `parse` matched
        hour, minute, second, sign, zone_hours, zone_minutes = parts.groups()
        zone = f"{sign}{zone_hours}:{zone_minutes}" if sign else "Z" if self.time.endswith("Z") else ""
        return f"{day}T{hour}:{minute}:{second or '00'}{zone}"

    def display(self) -> str:
        """Human form, keeping precision and vagueness visible: `19 Nov 2025`, `Nov 2025 ~`."""
        if self.month is None:
            shown = str(self.year)
        elif self.day is None:
            shown = f"{_MONTHS[self.month - 1]} {self.year}"
        else:
            shown = f"{self.day} {_MONTHS[self.month - 1]} {self.year}"
        if self.time:
            shown += f" {self.time.replace('Z', ' UTC')}"
        return f"{shown} {self.qualifier}" if self.qualifier else shown


class EventDate(_Value):
    """When an event happened: one date, or an interval `START/END` for events that last."""

    __slots__ = ("start", "end", "text")

    def __init__(self, start: FlexDate, end: FlexDate | None = None) -> None:
        self.start = start
        self.end = end
        self.text = f"{start}/{end}" if end else start.text

    @classmethod
    def parse(cls, text: str) -> EventDate:
        """Parse a date or an interval; END must not be before START."""
        if "/" not in text:
            return cls(FlexDate.parse(text))
        first, _, second = text.partition("/")
        start, end = FlexDate.parse(first), FlexDate.parse(second)
        if end.span[1] < start.span[0]:  # the last moment END can mean is before START can begin
            raise ValueError(f"the interval {text!r} ends ({end}) before it starts ({start})")
        return cls(start, end)

    @property
    def sort_key(self) -> tuple[int, int]:
        """Intervals sort by their start."""
        return self.start.sort_key

    def display(self) -> str:
        """Human form: `19 Nov 2025` or `18 Nov 2025 – 20 Nov 2025`."""
        if self.end is None:
            return self.start.display()
        return f"{self.start.display()} – {self.end.display()}"


_DAY = 86_400
_TIME_RE = re.compile(r"([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(?:Z|([+-])([0-9]{2}):([0-9]{2}))?")
_PERIOD_RANK = {"year": 0, "month": 1, "day": 2}
_INSTANT_RANK = 3

UNDATED: tuple[int, int] = (1 << 62, 0)
"""A sort key after every date: for what has no date at all."""


def _days(year: int, month: int, day: int) -> int:
    """Days from 1 March of year 0 (proleptic Gregorian; H. Hinnant's `days_from_civil`),
    so that year 0000 works too, which `datetime` refuses."""
    shifted = year - (month <= 2)
    era, year_of_era = divmod(shifted, 400)
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    return era * 146_097 + year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year


def _span(year: int, month: int | None, day: int | None, time: str | None) -> tuple[int, int]:
    """The first and last second a date can mean. A period (a year, a month, a day) spans all of
    it, as written; a time is one instant, moved to UTC by its offset (a time without an offset
    is taken as written, as if it were UTC)."""
    if month is None:
        return _days(year, 1, 1) * _DAY, _days(year + 1, 1, 1) * _DAY - 1
    if day is None:
        after = (year + 1, 1) if month == 12 else (year, month + 1)
        return _days(year, month, 1) * _DAY, _days(*after, 1) * _DAY - 1
    start = _days(year, month, day) * _DAY
    if time is None:
        return start, start + _DAY - 1
    parts = _TIME_RE.fullmatch(time)
    assert parts is not None  # `time` is what `FlexDate.parse` matched
    hour, minute, second, sign, zone_hours, zone_minutes = parts.groups(default="0")
    offset = (int(zone_hours) * 3600 + int(zone_minutes) * 60) * (-1 if sign == "-" else 1)
    instant = start + int(hour) * 3600 + int(minute) * 60 + int(second) - offset
    return instant, instant


def _sort_key(span: tuple[int, int], month: int | None, day: int | None, time: str | None) -> tuple[int, int]:
    """Instants sort by their UTC time. A partial date (a year, a month, a day without a time)
    sorts at the **start** of its period, before the dates it contains: in a developing story a
    date known only to the month is mostly something learnt after the fact (a meeting, a draft)
    that led to the precisely dated events, so the cause is listed before its effects. Among
    periods that start together, the longer comes first (2025, then Nov 2025, then 1 Nov 2025,
    then a time at midnight). `~` and `?` do not change the order."""
    if time is not None:
        return span[0], _INSTANT_RANK
    precision = "year" if month is None else "month" if day is None else "day"
    return span[0], _PERIOD_RANK[precision]
