"""Dates as news articles print them, at the precision printed, resolved against the publication date.

"on August 5", "5 August 2022", "August 3-5, 2022", "5–7 August 2024", "August 2022", "in 2021",
"Tuesday", "yesterday", "last week". A day without a year takes the year that puts it nearest the
publication date (a report is written days before or after the event), or a year the article
states on its own ("in 2021"); without either the year stays unknown and the date is not proposed.
Written with regular expressions rather than dateparser: the forms are few, and this way every
result says which words it came from and what it was resolved against.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from core.dates import DatePrecision

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_MONTH = r"(?P<{0}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DASH = r"\s*(?:-|–|—|to|until)\s*"
_YEAR = r"(?P<{0}>(?:19|20)\d\d)"

_PATTERNS = [
    # 5–7 August 2024, 5 to 7 August
    (
        "day_range",
        rf"\b(?P<d1>\d{{1,2}}){_DASH}(?P<d2>\d{{1,2}})\s+{_MONTH.format('m1')}(?:,?\s+{_YEAR.format('y1')})?",
    ),
    # August 3-5, 2022
    (
        "day_range_us",
        rf"\b{_MONTH.format('m1')}\s+(?P<d1>\d{{1,2}}){_DASH}(?P<d2>\d{{1,2}})(?:,?\s+{_YEAR.format('y1')})?",
    ),
    # 30 July - 2 August 2024
    (
        "cross_month",
        rf"\b(?P<d1>\d{{1,2}})\s+{_MONTH.format('m1')}{_DASH}(?P<d2>\d{{1,2}})\s+{_MONTH.format('m2')}(?:,?\s+{_YEAR.format('y1')})?",
    ),
    # 5 August 2022, 5 August
    (
        "day",
        rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH.format('m1')}(?:,?\s+{_YEAR.format('y1')})?",
    ),
    # August 5, 2022, August 5
    (
        "day_us",
        rf"\b{_MONTH.format('m1')}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR.format('y1')})?",
    ),
    # August 2022
    ("month", rf"\b{_MONTH.format('m1')}\s+{_YEAR.format('y1')}"),
    ("weekday", r"\b(?:on\s+|last\s+)?(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
    ("relative", r"\b(?P<r>yesterday|today|tomorrow|last week|this week|last month|earlier this month)\b"),
    # "in 2021": a year standing alone, not a period such as 2021-2025.
    ("year", rf"\b(?:in|of|during)\s+{_YEAR.format('y1')}\b(?!\s*(?:-|–|—|to)\s*\d)"),
]
_COMPILED = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _PATTERNS]


@dataclass(frozen=True)
class DateMention:
    """A date printed in a sentence: its words and offsets, and the period it names at its precision.

    ``start`` is None when the year could not be told; ``how`` says what the date was resolved
    against when it was not printed whole.
    """

    text: str
    begin: int
    finish: int
    start: date | None
    end: date | None
    precision: str
    how: str = ""
    needs_year: bool = False


def _valid(year, month, day):
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest_year(month, day, published):
    """The year that puts ``month``/``day`` nearest ``published`` (an article reports a recent event)."""
    candidates = [
        candidate
        for year in (published.year - 1, published.year, published.year + 1)
        if (candidate := _valid(year, month, day))
    ]
    # Reports follow events, or announce them a few weeks ahead: the latest date up to a month after.
    recent = [candidate for candidate in candidates if (candidate - published).days <= 31]
    if recent:
        return max(recent).year
    return min(candidates, key=lambda candidate: abs((candidate - published).days)).year


def find_dates(sentence, published=None, article_year=None):
    """The dates printed in ``sentence`` (text), each once, in order; offsets are within the sentence.

    A day printed without its year takes a year the sentence itself prints ("on October 29 ... in 2021"),
    else the one nearest the publication date, else ``article_year``.
    """
    own_year = None
    years = {int(m.group("y1")) for m in _COMPILED[-1][1].finditer(sentence)}
    if len(years) == 1:
        own_year = years.pop()
    found = []
    taken = []
    for name, pattern in _COMPILED:
        for match in pattern.finditer(sentence):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            mention = _resolve(name, match, published, article_year, own_year)
            if mention is not None:
                taken.append((match.start(), match.end()))
                found.append(mention)
    return sorted(found, key=lambda mention: mention.begin)


def _resolve(name, match, published, article_year, own_year=None):
    groups = {key: value for key, value in match.groupdict().items() if value}
    text, begin, finish = match.group(), match.start(), match.end()
    if name == "weekday":
        return _weekday(groups["w"].lower(), text, begin, finish, published)
    if name == "relative":
        return _relative(groups["r"].lower(), text, begin, finish, published)
    if name == "year":
        year = int(groups["y1"])
        return DateMention(text, begin, finish, date(year, 1, 1), None, DatePrecision.YEAR)
    month = MONTHS[groups["m1"].lower().rstrip(".")]
    if name == "month":
        return DateMention(text, begin, finish, date(int(groups["y1"]), month, 1), None, DatePrecision.MONTH)
    first_day = int(groups["d1"])
    last_day = int(groups["d2"]) if "d2" in groups else None
    last_month = MONTHS[groups["m2"].lower().rstrip(".")] if "m2" in groups else month
    how = ""
    if "y1" in groups:
        year = int(groups["y1"])
    elif own_year is not None:
        year = own_year
        how = f"year printed in the same sentence ({own_year})"
    elif published is not None:
        year = nearest_year(month, first_day, published)
        how = f"year taken from the publication date ({published.isoformat()})"
    elif article_year is not None:
        year = article_year
        how = f"year taken from the article ({article_year})"
    else:
        return DateMention(text, begin, finish, None, None, DatePrecision.DAY, needs_year=True)
    start = _valid(year, month, first_day)
    if start is None:
        return None
    end = None
    if last_day is not None:
        end = _valid(year + (last_month < month), last_month, last_day)
        if end is None or end <= start:
            return None
    return DateMention(text, begin, finish, start, end, DatePrecision.DAY, how)


def _weekday(weekday, text, begin, finish, published):
    if published is None:
        return DateMention(text, begin, finish, None, None, DatePrecision.DAY, needs_year=True)
    # News reports what happened: the last such weekday on or before the publication date.
    back = (published.weekday() - WEEKDAYS[weekday]) % 7
    if text.lower().startswith("last") and back == 0:
        back = 7
    day = published - timedelta(days=back)
    return DateMention(
        text,
        begin,
        finish,
        day,
        None,
        DatePrecision.DAY,
        f"the {weekday.title()} before {published.isoformat()}",
    )


def _relative(words, text, begin, finish, published):
    if published is None:
        return DateMention(text, begin, finish, None, None, DatePrecision.DAY, needs_year=True)
    how = f"{words}, counted from the publication date ({published.isoformat()})"
    if words in ("yesterday", "today", "tomorrow"):
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[words]
        return DateMention(
            text, begin, finish, published + timedelta(days=shift), None, DatePrecision.DAY, how
        )
    if words in ("last week", "this week"):
        monday = published - timedelta(days=published.weekday() + (7 if words == "last week" else 0))
        return DateMention(text, begin, finish, monday, monday + timedelta(days=6), DatePrecision.DAY, how)
    if words == "last month":
        previous = published.replace(day=1) - timedelta(days=1)
        return DateMention(text, begin, finish, previous.replace(day=1), None, DatePrecision.MONTH, how)
    return DateMention(text, begin, finish, published.replace(day=1), None, DatePrecision.MONTH, how)
