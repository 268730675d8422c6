"""Partial dates: how a date known to a day, a month or a year is written everywhere."""

from datetime import date

import pytest

from core.dates import DatePrecision, PartialDate, format_range, partial_date, truncate

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


def day(y, m, d):
    return PartialDate(date(y, m, d), DAY)


def month(y, m):
    return PartialDate(date(y, m, 1), MONTH)


def year(y):
    return PartialDate(date(y, 1, 1), YEAR)


@pytest.mark.parametrize(
    ("precision", "expected"), [(DAY, "5 August 2022"), (MONTH, "August 2022"), (YEAR, "2022")]
)
def test_partial_date_str_at_each_precision(precision, expected):
    assert str(PartialDate(date(2022, 8, 5), precision)) == expected


def test_partial_date_str_day_has_no_leading_zero():
    assert str(day(2022, 8, 1)) == "1 August 2022"


def test_partial_date_str_defaults_to_day_precision():
    assert str(PartialDate(date(2022, 8, 5))) == "5 August 2022"


@pytest.mark.parametrize("precision", ["day", "month", "year"])
def test_partial_date_str_accepts_precision_as_stored_string(precision):
    # Values read back from the database are plain strings, not DatePrecision members.
    stored, member = (
        PartialDate(date(2022, 8, 5), precision),
        PartialDate(date(2022, 8, 5), DatePrecision(precision)),
    )
    assert str(stored) == str(member)
    assert stored.isoformat() == member.isoformat()
    assert hash(stored) == hash(member)
    assert stored == member


@pytest.mark.parametrize(("precision", "expected"), [(DAY, "2022-08-05"), (MONTH, "2022-08"), (YEAR, "2022")])
def test_partial_date_isoformat_at_each_precision(precision, expected):
    assert PartialDate(date(2022, 8, 5), precision).isoformat() == expected


def test_partial_date_isoformat_pads_early_years():
    assert year(987).isoformat() == "0987"
    assert month(987, 3).isoformat() == "0987-03"


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (DAY, date(2022, 8, 5)),
        (MONTH, date(2022, 8, 1)),
        (YEAR, date(2022, 1, 1)),
        ("month", date(2022, 8, 1)),
    ],
)
def test_truncate_to_first_day_of_period(precision, expected):
    assert truncate(date(2022, 8, 5), precision) == expected


def test_truncate_none_is_none():
    assert truncate(None, YEAR) is None


def test_partial_date_none_is_none():
    assert partial_date(None, DAY) is None
    assert partial_date(None, "") is None


def test_partial_date_wraps_value_and_precision():
    assert partial_date(date(2022, 8, 1), "month") == month(2022, 8)


def test_partial_date_missing_precision_means_day():
    assert partial_date(date(2022, 8, 5), "") == day(2022, 8, 5)
    assert partial_date(date(2022, 8, 5), None).precision == DAY


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Days in one month share the month and year.
        (day(2022, 8, 3), day(2022, 8, 5), "3–5 August 2022"),
        # Days in one year share the year.
        (day(2022, 7, 30), day(2022, 8, 2), "30 July – 2 August 2022"),
        # Days in different years are written in full.
        (day(2021, 12, 30), day(2022, 1, 2), "30 December 2021 – 2 January 2022"),
        (year(2021), year(2024), "2021–2024"),
        (month(2022, 8), month(2022, 10), "August 2022 – October 2022"),
        (month(2021, 12), month(2022, 1), "December 2021 – January 2022"),
        # Mixed precisions: each end as precisely as it is known.
        (year(2021), day(2022, 8, 5), "2021 – 5 August 2022"),
        (day(2021, 4, 8), month(2022, 8), "8 April 2021 – August 2022"),
        (month(2021, 4), year(2024), "April 2021 – 2024"),
    ],
)
def test_format_range_of_two_dates(start, end, expected):
    assert format_range(start, end) == expected


@pytest.mark.parametrize("start", [day(2022, 8, 5), month(2022, 8), year(2022)])
def test_format_range_without_end_is_the_start(start):
    assert format_range(start, None) == str(start)


@pytest.mark.parametrize("start", [day(2022, 8, 5), month(2022, 8), year(2022)])
def test_format_range_with_end_equal_to_start_is_the_start(start):
    assert format_range(start, PartialDate(start.value, start.precision)) == str(start)


def test_format_range_equal_end_read_back_as_string_precision_is_the_start():
    assert format_range(day(2022, 8, 5), PartialDate(date(2022, 8, 5), "day")) == "5 August 2022"


def test_format_range_without_start_is_empty():
    assert format_range(None, None) == ""
    assert format_range(None, year(2024)) == ""
