"""The iCalendar exports, read back with the icalendar parser and compared with the records."""

import datetime

import pytest
from icalendar import Calendar, vText

from meetings.models import Meeting
from opendata.calendar import MAX_EVENTS
from tests import world
from tests.factories import bulk_meetings, make_country, make_meeting

HEADS = "accsm-21-heads-of-civil-service"
HOSTILE = "<script>alert(\"x\")</script> & 'quoted'; with, commas: \\ and\nnewline"


def parse(response):
    assert response.status_code == 200, response.content[:500]
    return Calendar.from_ical(response.content)


def events(calendar):
    return calendar.walk("VEVENT")


def event_of(client, slug):
    (event,) = events(parse(client.get(f"/meetings/{slug}.ics")))
    return event


def urls(calendar):
    return {str(event["URL"]) for event in events(calendar)}


def page_url(meeting):
    return f"http://testserver{meeting.get_absolute_url()}"


@pytest.mark.usefixtures("accsm_records")
class TestRecords:
    def test_meeting_calendar_day_precision_is_an_all_day_event(self, client):
        meeting = Meeting.objects.get(slug=HEADS)
        event = event_of(client, HEADS)
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        # A date, not a datetime (datetime is a subclass of date).
        assert type(start) is datetime.date and type(end) is datetime.date
        assert start == datetime.date(2022, 8, 5)
        assert end == datetime.date(2022, 8, 6)
        assert str(event["SUMMARY"]) == meeting.name == "Heads of Civil Service Meeting"
        assert "Hanoi" in str(event["LOCATION"])
        assert str(event["LOCATION"]) == meeting.place
        assert str(event["URL"]).endswith("/meetings/accsm-21-heads-of-civil-service/")
        assert event.decoded("DTSTAMP") == meeting.updated
        assert event.decoded("LAST-MODIFIED") == meeting.updated
        assert event.decoded("CREATED") == meeting.created
        assert event["CATEGORIES"].cats == ["Heads of Civil Service Meeting"]

    def test_meeting_calendar_description_gives_kind_theme_summary_and_date_note(self, client):
        meeting = Meeting.objects.get(slug=HEADS)
        description = str(event_of(client, HEADS)["DESCRIPTION"])
        assert "Kind: Heads of Civil Service Meeting" in description
        assert f"Theme: {meeting.theme}" in description
        assert meeting.summary in description
        assert meeting.date_note in description
        assert "known only" not in description

    def test_meeting_calendar_uid_is_stable_across_requests(self, client):
        first, second = event_of(client, HEADS), event_of(client, HEADS)
        assert str(first["UID"]) == str(second["UID"])
        meeting = Meeting.objects.get(slug=HEADS)
        in_list = {str(e["URL"]): str(e["UID"]) for e in events(parse(client.get("/meetings.ics")))}
        assert in_list[page_url(meeting)] == str(first["UID"]) == f"meeting-{meeting.pk}@accsm-records"

    def test_meeting_calendar_year_precision_spans_the_whole_year(self, client):
        # The fixture dates ACCSM 21 by its parts (3–5 August 2022); known only to the year here.
        accsm_21 = Meeting.objects.get(slug="accsm-21")
        accsm_21.end_date, accsm_21.date_precision = None, "year"
        accsm_21.save()
        event = event_of(client, "accsm-21")
        assert event.decoded("DTSTART") == datetime.date(2022, 1, 1)
        assert event.decoded("DTEND") == datetime.date(2023, 1, 1)
        assert "2022 (the date is known only to the year)" in str(event["DESCRIPTION"])

    def test_meeting_calendar_headers_and_calendar_properties(self, client):
        response = client.get(f"/meetings/{HEADS}.ics")
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == f'inline; filename="{HEADS}.ics"'
        calendar = parse(response)
        assert str(calendar["VERSION"]) == "2.0"
        assert str(calendar["PRODID"]) == "-//ACCSM Records//Meetings//EN"
        assert "Heads of Civil Service Meeting" in str(calendar["X-WR-CALNAME"])

    def test_meetings_calendar_lists_every_meeting_once(self, client):
        response = client.get("/meetings.ics")
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == 'inline; filename="meetings.ics"'
        calendar = parse(response)
        assert str(calendar["X-WR-CALNAME"]) == "ACCSM Records: meetings"
        found = {str(e["URL"]): str(e["SUMMARY"]) for e in events(calendar)}
        assert found == {page_url(m): m.name for m in Meeting.objects.all()}
        assert len({str(e["UID"]) for e in events(calendar)}) == len(events(calendar))

    def test_meetings_calendar_country_filter_keeps_only_that_country(self, client):
        elsewhere = make_meeting(name="Meeting elsewhere", country=make_country())
        viet_nam = Meeting.objects.filter(country__code="VN")
        assert viet_nam.count() >= 4
        filtered = urls(parse(client.get("/meetings.ics?country=vn")))
        assert filtered == {page_url(m) for m in viet_nam}
        assert page_url(elsewhere) not in filtered
        assert page_url(elsewhere) in urls(parse(client.get("/meetings.ics")))

    def test_meetings_calendar_combined_filters_are_those_of_the_list(self, client):
        calendar = parse(client.get("/meetings.ics?year=2022&kind=heads"))
        assert [str(e["SUMMARY"]) for e in events(calendar)] == ["Heads of Civil Service Meeting"]
        calendar = parse(client.get("/meetings.ics?official=ekkaphab-phanthavong"))
        assert urls(calendar) == {
            page_url(Meeting.objects.get(slug=slug)) for slug in (HEADS, "civil-service-reform-workshop-2021")
        }

    @pytest.mark.parametrize(
        ("query", "label"),
        [
            ("year=abc", "Year"),
            ("year=99999", "Year"),
            ("country=zz", "Country"),
            ("kind=nonsense", "Kind"),
            ("date_after=yesterday", "From"),
            ("official=nobody-at-all", "Official"),
            ("sort=sideways", "Sort by"),
        ],
    )
    def test_meetings_calendar_invalid_filter_answers_400_naming_it(self, client, query, label):
        response = client.get(f"/meetings.ics?{query}")
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert f"The filter “{label}” was not understood" in response.content.decode()

    @pytest.mark.parametrize(
        "query",
        [
            "q=%00",
            "q=%27%3B+drop+table",
            "q=" + "x" * 1000,
            "country=%00",
            "date_after=2022-13-45",
            "year=1e9",
        ],
    )
    def test_meetings_calendar_hostile_filters_never_fail(self, client, query):
        response = client.get(f"/meetings.ics?{query}")
        assert response.status_code in (200, 400)
        if response.status_code == 200:
            parse(response)

    def test_meeting_calendar_unknown_slug_is_404(self, client):
        assert client.get("/meetings/no-such-meeting.ics").status_code == 404


@pytest.mark.django_db
def test_meeting_calendar_month_precision_spans_the_whole_month(client):
    meeting = make_meeting(start_date=datetime.date(2022, 8, 17), date_precision="month")
    event = event_of(client, meeting.slug)
    assert event.decoded("DTSTART") == datetime.date(2022, 8, 1)
    assert event.decoded("DTEND") == datetime.date(2022, 9, 1)
    assert "August 2022 (the date is known only to the month)" in str(event["DESCRIPTION"])


@pytest.mark.django_db
def test_meeting_calendar_month_precision_period_ends_after_its_last_month(client):
    meeting = make_meeting(
        start_date=datetime.date(2022, 11, 1), end_date=datetime.date(2022, 12, 1), date_precision="month"
    )
    event = event_of(client, meeting.slug)
    assert event.decoded("DTSTART") == datetime.date(2022, 11, 1)
    assert event.decoded("DTEND") == datetime.date(2023, 1, 1)


@pytest.mark.django_db
def test_meeting_calendar_several_days_end_the_day_after_the_last(client):
    meeting = make_meeting(start_date=datetime.date(2022, 12, 30), end_date=datetime.date(2022, 12, 31))
    event = event_of(client, meeting.slug)
    assert event.decoded("DTSTART") == datetime.date(2022, 12, 30)
    assert event.decoded("DTEND") == datetime.date(2023, 1, 1)


@pytest.mark.django_db
def test_meeting_calendar_text_with_markup_and_special_characters_is_intact(client):
    meeting = make_meeting(name=HOSTILE, theme=HOSTILE, city="Nha Trang; Khánh Hòa")
    calendar = parse(client.get(f"/meetings/{meeting.slug}.ics"))
    # The parser keeps extension properties as written; they must be escaped as TEXT.
    assert calendar["X-WR-CALNAME"].to_ical() == vText(f"ACCSM Records: {meeting.name}").to_ical()
    (event,) = events(calendar)
    assert str(event["SUMMARY"]) == meeting.name
    assert f"Theme: {HOSTILE}" in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == "Nha Trang; Khánh Hòa"


@pytest.mark.django_db
def test_meetings_calendar_keeps_only_the_newest_meetings(client):
    bulk_meetings(MAX_EVENTS + 1)
    calendar = parse(client.get("/meetings.ics"))
    names = {str(e["SUMMARY"]) for e in events(calendar)}
    assert len(names) == MAX_EVENTS
    assert f"Bulk {MAX_EVENTS}" in names
    assert "Bulk 0" not in names
    assert f"Only the newest {MAX_EVENTS}" in str(calendar["X-WR-CALDESC"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/meetings.ics", "/meetings.ics?country=vn&official=anchor-official", "/meetings/anchor-meeting.ics"],
)
def test_calendar_query_count_is_the_same_at_1_and_30_rows(client, url):
    (small, small_calendar), (large, large_calendar) = world.queries_at_1_and_30_rows(
        lambda: parse(client.get(url))
    )
    assert small == large, f"{url}: {small} queries with 1 row, {large} with 30"
    if url.startswith("/meetings.ics"):
        assert len(events(large_calendar)) == len(events(small_calendar)) + 29
