"""iCalendar (RFC 5545) exports of meetings: the filtered meeting list, and one meeting.

Every meeting becomes an all-day event. A meeting the sources date only to a
month or a year spans that whole month or year, and its description says so,
rather than pretending to know the day.

The plain-text description of a meeting is shared with the Atom feeds
(meetings/feeds.py), so a calendar event and a feed entry say the same thing.
"""

import datetime
import re

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from core.dates import DatePrecision
from core.filters import unknown_parameters_message
from meetings.filters import MeetingFilter
from meetings.models import Meeting, MeetingKind

from .exports import filtered_or_error, page_urls, plain_bad_request
from .streaming import unavailable_without_database

PRODID = "-//ACCSM Records//Meetings//EN"
CALENDAR_NAME = "ACCSM Records: meetings"
# A calendar subscription is fetched whole, often and by many clients, so it is
# bounded; the newest meetings are the ones a subscriber cares about.
MAX_EVENTS = 1000
# RFC 5545, 3.1: lines longer than this many octets are folded.
MAX_LINE_OCTETS = 75
# Control characters have no place in a TEXT value (RFC 5545, 3.3.11), tab aside.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

PRECISION_NOTES = {
    DatePrecision.MONTH: "known only to the month",
    DatePrecision.YEAR: "known only to the year",
}


def meeting_uid(meeting):
    """An identifier that survives renaming the meeting or changing its slug."""
    return f"meeting-{meeting.pk}@accsm-records"


def describe(meeting):
    """What a calendar event or a feed entry says about a meeting, as lines of plain text.

    Reads only the meeting and its country, so a list fetched with
    ``with_list_data()`` needs no further queries.
    """
    when = meeting.date_display
    if meeting.date_precision in PRECISION_NOTES:
        when = f"{when} (the date is {PRECISION_NOTES[meeting.date_precision]})"
    lines = [f"When: {when}"]
    place = meeting.place
    if place:
        lines.append(f"Where: {place}")
    lines.append(f"Kind: {kind_label(meeting)}")
    if meeting.theme:
        lines.append(f"Theme: {meeting.theme}")
    if meeting.summary:
        lines.append(meeting.summary)
    if meeting.date_note:
        lines.append(f"About the date: {meeting.date_note}")
    return lines


def kind_label(meeting):
    # The choice's label straight from the enum: get_kind_display() flattens the
    # choices on every call, a tenth of the time of a long calendar.
    return MeetingKind(meeting.kind).label


def _after(day, precision):
    """The first day after the day, month or year that ``day`` stands for."""
    if precision == DatePrecision.YEAR:
        return datetime.date(day.year + 1, 1, 1)
    if precision == DatePrecision.MONTH:
        return (day.replace(day=1) + datetime.timedelta(days=31)).replace(day=1)
    return day + datetime.timedelta(days=1)


def text(value):
    """A TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    value = _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def date_value(day):
    return day.strftime("%Y%m%d")


def utc_value(moment):
    # DTSTAMP must be in UTC (RFC 5545, 3.8.7.2); the records are stored in local time.
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def folded(line):
    """One content line, folded into lines of at most 75 octets without splitting a character."""
    data = line.encode()
    parts, start, limit = [], 0, MAX_LINE_OCTETS
    while len(data) - start > limit:
        end = start + limit
        # Back off to the first byte of a character (continuation bytes are 10xxxxxx).
        while data[end] & 0xC0 == 0x80:
            end -= 1
        parts.append(data[start:end])
        # Continuation lines begin with a space, which counts towards their 75 octets.
        start, limit = end, MAX_LINE_OCTETS - 1
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode() + "\r\n"


def meeting_event(meeting, page_url):
    """The VEVENT for one meeting, as folded content lines; ``page_url`` gives a slug's page.

    Written here rather than with the icalendar library, which took some 0.4 ms
    an event (mostly folding lines character by character): a calendar of a
    year's meetings in one country took over 200 ms.
    """
    lines = [
        "BEGIN:VEVENT",
        f"UID:{text(meeting_uid(meeting))}",
        f"DTSTAMP:{utc_value(meeting.updated)}",
        f"CREATED:{utc_value(meeting.created)}",
        f"LAST-MODIFIED:{utc_value(meeting.updated)}",
        f"SUMMARY:{text(meeting.name)}",
        # DATE values make an all-day event; DTEND is exclusive, so it is the day
        # after the last day (or month, or year) the meeting is known to cover.
        f"DTSTART;VALUE=DATE:{date_value(meeting.start_date)}",
        "DTEND;VALUE=DATE:"
        + date_value(_after(meeting.end_date or meeting.start_date, meeting.date_precision)),
        # These are records of past meetings, not invitations: they should not mark
        # a subscriber as busy, least of all for a whole year.
        "TRANSP:TRANSPARENT",
    ]
    place = meeting.place
    if place:
        lines.append(f"LOCATION:{text(place)}")
    description = "\n".join(describe(meeting))
    lines += [
        f"URL:{page_url(meeting.slug)}",
        f"DESCRIPTION:{text(description)}",
        f"CATEGORIES:{text(kind_label(meeting))}",
        "END:VEVENT",
    ]
    return "".join(folded(line) for line in lines)


def calendar_of(meetings, page_url, name, description=""):
    """The whole VCALENDAR as text."""
    head = [
        "BEGIN:VCALENDAR",
        f"PRODID:{text(PRODID)}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{text(name)}",
    ]
    if description:
        head.append(f"X-WR-CALDESC:{text(description)}")
    return "".join(
        [
            *(folded(line) for line in head),
            *(meeting_event(meeting, page_url) for meeting in meetings),
            folded("END:VCALENDAR"),
        ]
    )


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@unavailable_without_database()
def meetings_ics(request):
    """The meetings the meeting list's filters select (the newest MAX_EVENTS of them)."""
    meetings, error = filtered_or_error(request, MeetingFilter, Meeting.objects.published().for_calendar())
    if error:
        return error
    # One row more than is shown tells whether anything was left out, without a count query.
    meetings = list(meetings.order_by("-start_date", "name", "pk")[: MAX_EVENTS + 1])
    description = ""
    if len(meetings) > MAX_EVENTS:
        meetings = meetings[:MAX_EVENTS]
        description = f"Only the newest {MAX_EVENTS} of the meetings selected are included."
    page_url = page_urls(request, "public:meeting_detail")
    calendar = calendar_of(meetings, page_url, CALENDAR_NAME, description)
    return calendar_response(calendar, "meetings.ics")


@unavailable_without_database()
def meeting_ics(request, slug):
    if request.GET:
        return plain_bad_request(unknown_parameters_message(sorted(request.GET)))
    meeting = get_object_or_404(Meeting.objects.published().with_list_data(), slug=slug)
    page_url = page_urls(request, "public:meeting_detail")
    calendar = calendar_of([meeting], page_url, f"ACCSM Records: {meeting}")
    return calendar_response(calendar, f"{meeting.slug}.ics")
