"""iCalendar (RFC 5545) exports of meetings: the filtered meeting list, and one meeting.

Every meeting becomes an all-day event. A meeting the sources date only to a
month or a year spans that whole month or year, and its description says so,
rather than pretending to know the day.

The plain-text description of a meeting is shared with the Atom feeds
(meetings/feeds.py), so a calendar event and a feed entry say the same thing.
"""

import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from icalendar import Calendar, Event, vText

from people.dates import DatePrecision
from people.exports import filtered_or_error

from .filters import MeetingFilter
from .models import Meeting

PRODID = "-//ACCSM Records//Meetings//EN"
CALENDAR_NAME = "ACCSM Records: meetings"
# A calendar subscription is fetched whole, often and by many clients, so it is
# bounded; the newest meetings are the ones a subscriber cares about.
MAX_EVENTS = 1000

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
    if meeting.place:
        lines.append(f"Where: {meeting.place}")
    lines.append(f"Kind: {meeting.get_kind_display()}")
    if meeting.theme:
        lines.append(f"Theme: {meeting.theme}")
    if meeting.summary:
        lines.append(meeting.summary)
    if meeting.date_note:
        lines.append(f"About the date: {meeting.date_note}")
    return lines


def _after(day, precision):
    """The first day after the day, month or year that ``day`` stands for."""
    if precision == DatePrecision.YEAR:
        return datetime.date(day.year + 1, 1, 1)
    if precision == DatePrecision.MONTH:
        return (day.replace(day=1) + datetime.timedelta(days=31)).replace(day=1)
    return day + datetime.timedelta(days=1)


def _utc(moment):
    # DTSTAMP must be in UTC (RFC 5545, 3.8.7.2); the records are stored in local time.
    return moment.astimezone(datetime.UTC)


def meeting_event(meeting, absolute):
    """The VEVENT for one meeting; ``absolute`` turns a path into a full URL."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", _utc(meeting.updated))
    event.add("created", _utc(meeting.created))
    event.add("last-modified", _utc(meeting.updated))
    event.add("summary", meeting.name)
    # DATE values make an all-day event; DTEND is exclusive, so it is the day
    # after the last day (or month, or year) the meeting is known to cover.
    event.add("dtstart", meeting.start_date)
    event.add("dtend", _after(meeting.end_date or meeting.start_date, meeting.date_precision))
    # These are records of past meetings, not invitations: they should not mark
    # a subscriber as busy, least of all for a whole year.
    event.add("transp", "TRANSPARENT")
    if meeting.place:
        event.add("location", meeting.place)
    event.add("url", absolute(meeting.get_absolute_url()))
    event.add("description", "\n".join(describe(meeting)))
    event.add("categories", [meeting.get_kind_display()])
    return event


def calendar_of(meetings, absolute, name, description=""):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # Extension properties have no known type, so icalendar would not escape them on its own.
    calendar.add("x-wr-calname", vText(name))
    if description:
        calendar.add("x-wr-caldesc", vText(description))
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, absolute))
    return calendar


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def meetings_ics(request):
    """The meetings the meeting list's filters select (the newest MAX_EVENTS of them)."""
    meetings, error = filtered_or_error(request, MeetingFilter, Meeting.objects.published().with_list_data())
    if error:
        return error
    # One row more than is shown tells whether anything was left out, without a count query.
    meetings = list(meetings.order_by("-start_date", "name", "pk")[: MAX_EVENTS + 1])
    description = ""
    if len(meetings) > MAX_EVENTS:
        meetings = meetings[:MAX_EVENTS]
        description = f"Only the newest {MAX_EVENTS} of the meetings selected are included."
    calendar = calendar_of(meetings, request.build_absolute_uri, CALENDAR_NAME, description)
    return calendar_response(calendar, "meetings.ics")


def meeting_ics(request, slug):
    meeting = get_object_or_404(Meeting.objects.published().with_list_data(), slug=slug)
    calendar = calendar_of([meeting], request.build_absolute_uri, f"ACCSM Records: {meeting}")
    return calendar_response(calendar, f"{meeting.slug}.ics")
