"""Periods: a year and a month range inside it.

>>> Period.parse("2022-01..2022-11")
Period(year=2022, start=1, end=11)
>>> str(Period.parse("2022")), Period.parse("2022").label()
('2022', '2022年')
>>> Period.parse("2022-11").label(), Period(2022, 1, 11).label()
('2022年11月', '2022年1-11月')
>>> Period(2022, 1, 11).same_span_last_year().label()
'2021年1-11月'
>>> Period.parse("2022-01").previous_span()
Period(year=2021, start=12, end=12)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass


class PeriodError(ValueError):
    """A period written in a way we cannot read."""


_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_SPAN = re.compile(r"^(\d{4})-(\d{1,2})\.\.(\d{4})-(\d{1,2})$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    start: int
    end: int

    def __post_init__(self):
        if not (1 <= self.start <= self.end <= 12):
            raise PeriodError(f"month range {self.start}..{self.end} is not within 1..12")
        if not (1900 <= self.year <= 2999):
            raise PeriodError(f"year {self.year} is out of range")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2022``, ``2022-11`` or ``2022-01..2022-11``."""
        s = str(text).strip()
        if m := _YEAR.match(s):
            return cls(int(m[1]), 1, 12)
        if m := _MONTH.match(s):
            return cls(int(m[1]), int(m[2]), int(m[2]))
        if m := _SPAN.match(s):
            if m[1] != m[3]:
                raise PeriodError(f"a span must stay within one year: {s}")
            return cls(int(m[1]), int(m[2]), int(m[4]))
        raise PeriodError(f"not a period: {s!r} (write 2022, 2022-11 or 2022-01..2022-11)")

    @classmethod
    def year_of(cls, year: int) -> Period:
        return cls(year, 1, 12)

    @property
    def is_year(self) -> bool:
        return self.start == 1 and self.end == 12

    @property
    def is_month(self) -> bool:
        return self.start == self.end

    @property
    def months(self) -> int:
        return self.end - self.start + 1

    def __str__(self) -> str:
        if self.is_year:
            return f"{self.year}"
        if self.is_month:
            return f"{self.year}-{self.start:02d}"
        return f"{self.year}-{self.start:02d}..{self.year}-{self.end:02d}"

    def label(self) -> str:
        """The period as a Chinese report writes it."""
        if self.is_year:
            return f"{self.year}年"
        if self.is_month:
            return f"{self.year}年{self.start}月"
        return f"{self.year}年{self.start}-{self.end}月"

    def short_label(self) -> str:
        """Without the year, as in 「1-11月份」: ``1-11月``, ``11月`` or ``全年``."""
        if self.is_year:
            return "全年"
        if self.is_month:
            return f"{self.start}月"
        return f"{self.start}-{self.end}月"

    def same_span_last_year(self) -> Period:
        """The span 同比 compares against."""
        return Period(self.year - 1, self.start, self.end)

    def previous_span(self) -> Period | None:
        """The span 环比 compares against: the span of equal length just before.

        A month's previous month, a year's previous year; a span that would cross a
        year boundary has none (cumulative 1-N月 figures are compared 同比 only).

        >>> Period(2022, 4, 6).previous_span().label()
        '2022年1-3月'
        >>> Period(2022, 1, 11).previous_span() is None
        True
        """
        if self.is_year:
            return Period.year_of(self.year - 1)
        if self.is_month:
            if self.start == 1:
                return Period(self.year - 1, 12, 12)
            return Period(self.year, self.start - 1, self.start - 1)
        if self.start - self.months >= 1:
            return Period(self.year, self.start - self.months, self.start - 1)
        return None

    def month_periods(self) -> list[Period]:
        return [Period(self.year, m, m) for m in range(self.start, self.end + 1)]

    def contains(self, other: Period) -> bool:
        return self.year == other.year and self.start <= other.start and other.end <= self.end


def period_days(period: Period) -> tuple[dt.date, dt.date]:
    """The first and the last day of ``period`` (both included)."""
    last = calendar.monthrange(period.year, period.end)[1]
    return dt.date(period.year, period.start, 1), dt.date(period.year, period.end, last)


def day_of(day) -> dt.date:
    """A day of a date, a datetime (a pandas Timestamp too) or an ISO text.

    >>> day_of("2022-03-05"), day_of(dt.datetime(2022, 3, 5, 14, 30)), day_of(dt.date(2022, 3, 5))
    (datetime.date(2022, 3, 5), datetime.date(2022, 3, 5), datetime.date(2022, 3, 5))
    """
    if isinstance(day, dt.datetime):
        return day.date()
    if isinstance(day, dt.date):
        return day
    return dt.date.fromisoformat(str(day)[:10])
