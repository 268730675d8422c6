"""Dates known only to a day, a month or a year, and the one way we write them.

Sources often give "August 2022" or just "2022". Such a date is stored as an
ordinary ``date`` (the first day of the period) beside a precision, and every
output -- pages, feeds, calendars, Popolo -- formats it through this module, so
that the same rule applies everywhere. It lives in ``people`` because that app
depends on nothing of ours and both apps need it.
"""

from dataclasses import dataclass
from datetime import date

from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


def truncate(value, precision):
    """Return the first day of the period ``value`` falls in at ``precision``."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


@dataclass(frozen=True)
class PartialDate:
    """A date together with how much of it is known."""

    value: date
    precision: str = DatePrecision.DAY

    def __str__(self):
        if self.precision == DatePrecision.YEAR:
            return f"{self.value.year}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.value:%B} {self.value.year}"
        return f"{self.value.day} {self.value:%B} {self.value.year}"

    def isoformat(self):
        """ISO 8601 at reduced precision ("2022", "2022-08", "2022-08-05"), as Popolo expects."""
        if self.precision == DatePrecision.YEAR:
            return f"{self.value.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


def partial_date(value, precision):
    """Wrap a stored date and precision, or return None when the date is unknown."""
    if value is None:
        return None
    return PartialDate(value, precision or DatePrecision.DAY)


def format_range(start, end):
    """Write a period of two PartialDates compactly: "3–5 August 2022", "2021–2024"."""
    if start is None:
        return ""
    if end is None or end == start:
        return str(start)
    if start.precision == end.precision == DatePrecision.DAY:
        a, b = start.value, end.value
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.day}–{b.day} {b:%B} {b.year}"
        if a.year == b.year:
            return f"{a.day} {a:%B} – {b.day} {b:%B} {b.year}"
    if start.precision == end.precision == DatePrecision.YEAR:
        return f"{start.value.year}–{end.value.year}"
    return f"{start} – {end}"
