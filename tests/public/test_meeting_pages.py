"""The public meeting, declaration and source pages, as a visitor sees them."""

import datetime
import re

import pytest

from meetings.models import Meeting
from public.listing import PER_PAGE
from tests.factories import bulk_meetings, listed_names, text_of

pytestmark = pytest.mark.usefixtures("accsm_records")


def test_meeting_list_is_newest_first_by_default(client):
    names = listed_names(client.get("/meetings/"))
    assert names[-1].startswith("Training workshop")
    assert names.index("Heads of Civil Service Meeting") < names.index(names[-1])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2021", ["Training workshop"]),
        ("kind=heads", ["Heads of Civil Service Meeting"]),
        ("format=virtual", ["Training workshop"]),
        ("country=vn&kind=som", ["Senior Officials"]),
        ("official=pham-thi-thanh-tra", ["Heads of Civil Service Meeting", "21st ASEAN Conference"]),
        ("organisation=moha-viet-nam", ["Training workshop"]),
        ("declaration=accsm-work-plan-2021-2025", ["Heads of Civil Service Meeting"]),
        ("date_after=2022-08-04&date_before=2022-08-31", ["Heads of Civil Service Meeting"]),
        ("q=modernising", ["Heads of Civil Service Meeting"]),
    ],
)
def test_meeting_list_filters_narrow_the_results(client, query, expected):
    response = client.get(f"/meetings/?{query}")
    names = listed_names(response)
    assert response.status_code == 200
    assert len(names) == len(expected), names
    for name, start in zip(sorted(names), sorted(expected), strict=True):
        assert name.startswith(start)
    assert f"{len(expected)} meeting" in text_of(response)


def test_meeting_list_shows_active_filters_with_links_that_remove_them(client):
    response = client.get("/meetings/?year=2022&kind=heads")
    html = response.content.decode()
    text = text_of(response)
    assert "Year: 2022" in text
    assert "Kind: Heads of Civil Service Meeting" in text
    assert 'href="?kind=heads"' in html  # removes the year, keeps the kind
    assert 'href="?year=2022"' in html


def test_meeting_list_sorts_oldest_first_on_request(client):
    names = listed_names(client.get("/meetings/?sort=oldest"))
    assert names[0].startswith("Training workshop")


def test_meeting_list_fitting_one_page_shows_no_pages(client):
    text = text_of(client.get("/meetings/"))
    assert "5 meetings" in text
    assert "Page 1 of" not in text


def test_meeting_list_pages_are_bounded(client):
    bulk_meetings(PER_PAGE)  # Older than the five fixture meetings, so listed after them.
    first = client.get("/meetings/")
    assert len(listed_names(first)) == PER_PAGE
    assert f"{PER_PAGE + 5} meetings, page 1 of 2" in text_of(first)
    assert "Page 1 of 2" in text_of(first)
    assert 'href="?page=2" rel="next"' in first.content.decode()
    second = listed_names(client.get("/meetings/?page=2"))
    assert second == [f"Bulk {number}" for number in range(4, -1, -1)]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "The filter “Year” was not understood: Enter a whole number."),
        ("year=99999", "The filter “Year” was not understood"),
        ("date_after=2022-13-45", "The filter “From” was not understood: Enter a valid date."),
        ("date_before=yesterday", "The filter “Until” was not understood"),
        ("country=zz", "The filter “Country” was not understood"),
        ("kind=bogus", "The filter “Kind” was not understood"),
        ("official=nobody-of-that-name", "The filter “Official” was not understood"),
        ("organisation=%3Cscript%3E", "The filter “Organisation” was not understood"),
        ("declaration=x", "The filter “Declaration” was not understood"),
        ("sort=sideways", "The filter “Sort by” was not understood"),
        ("page=9999", "There is no page 9999; showing the last page, 1."),
        ("page=-1", "There is no page -1; showing page 1."),
        ("page=abc", "The page number “abc” was not understood; showing page 1."),
        ("q=" + "a" * 10_000, "The filter “Search” was not understood"),
        ("q=%00pham", "The filter “Search” was not understood"),
        ("year=%01%1f", "The filter “Year” was not understood"),
    ],
)
def test_meeting_list_invalid_filter_is_reported_and_the_list_still_renders(client, query, message):
    response = client.get(f"/meetings/?{query}")
    assert response.status_code == 400
    text = text_of(response)
    assert message in text
    assert "Heads of Civil Service Meeting" in text  # the rest of the list is still there


def test_meeting_list_control_characters_in_search_are_ignored(client):
    response = client.get("/meetings/?q=modernising%01%1f%7f")
    assert response.status_code == 200
    assert listed_names(response) == ["Heads of Civil Service Meeting"]


def test_meeting_list_invalid_filter_keeps_the_valid_ones(client):
    response = client.get("/meetings/?year=abc&kind=workshop")
    assert response.status_code == 400
    assert [name[:17] for name in listed_names(response)] == ["Training workshop"]


def test_meeting_detail_shows_the_record_with_its_sources(client):
    response = client.get("/meetings/accsm-21-heads-of-civil-service/")
    text = text_of(response)
    assert response.status_code == 200
    assert (
        "<title>Heads of Civil Service Meeting, 5 August 2022 · ACCSM Records</title>"
        in response.content.decode()
    )
    assert "Date 5 August 2022" in text
    assert "Hanoi, Viet Nam" in text
    assert "Chair Pham Thi Thanh Tra" in text
    assert "Modernising civil service towards a cohesive and responsive ASEAN Community" in text
    assert "Part of 21st ASEAN Conference on Civil Service Matters" in text
    # Breadcrumbs: home › meetings › parent › this meeting.
    assert re.search(r"Home Meetings ACCSM 21 Heads of Civil Service Meeting", text)
    # Participants grouped by role, with what they said and whom they represent.
    assert "Briefer Ekkaphab Phanthavong" in text
    assert "Printed in the source as “Ekkaphab Phantavong”" in text
    assert "Vu Chien Thang" in text and "Chu Tuan Tu" in text
    # Declarations by relation, outcomes, and the sources with their quotes.
    assert "ACCSM Work Plan 2021–2025" in text
    assert "Brunei" in text
    assert "ASEAN heads of civil service meet in Hanoi" in text
    assert "transferred the role of the Chair of ACCSM22 to Brunei" in text


def test_meeting_detail_of_a_series_lists_its_meetings_and_its_dates(client):
    text = text_of(client.get("/meetings/accsm-21/"))
    # Dated by its parts: the senior officials' meetings on 3 August, the heads' on 5 August.
    assert "Date 3–5 August 2022" in text
    assert "Meetings held as part of it" in text
    assert "Heads of Civil Service Meeting · 5 August 2022" in text
    assert "Senior Officials" in text


def test_meeting_detail_writes_a_month_precision_date_as_month_and_year(client):
    Meeting.objects.create(
        status="published",
        slug="august-meeting",
        name="August meeting",
        kind="other",
        start_date=datetime.date(2022, 8, 17),
        date_precision="month",
    )
    text = text_of(client.get("/meetings/august-meeting/"))
    assert "Date August 2022" in text
    assert "17 August" not in text


def test_meeting_detail_unknown_slug_is_404(client):
    response = client.get("/meetings/no-such-meeting/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_declaration_list_filters_by_kind_and_year(client):
    names = listed_names(client.get("/declarations/?kind=framework&year=2020"))
    assert names == ["ASEAN Comprehensive Recovery Framework"]


def test_declaration_detail_shows_adoption_implementation_and_meetings(client):
    text = text_of(client.get("/declarations/civil-service-catalyst-declaration/"))
    assert "Adopted 29 April 2017, 30th ASEAN Summit, Manila" in text
    assert "Implemented by" in text
    assert "Training workshop" in text


def test_declaration_detail_flags_an_unverified_title(client):
    text = text_of(client.get("/declarations/resilient-adaptive-civil-service-declaration/"))
    assert "has not been verified as the document’s official title" in text


def test_source_detail_lists_what_was_recorded_from_it(client):
    text = text_of(client.get("/sources/vna-heads-of-civil-service-hanoi/"))
    assert "Vietnam News Agency" in text
    assert "No date printed" in text
    assert "Heads of Civil Service Meeting" in text
