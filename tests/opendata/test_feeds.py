"""The Atom feeds, read back with feedparser and compared with the records."""

import datetime
import re
from html import unescape

import feedparser
import pytest

from meetings.models import Meeting
from opendata.feeds import FEED_SIZE
from people.models import Country, Official, Organisation
from tests import world
from tests.factories import bulk_meetings, make_country, make_meeting

HOSTILE = '<script>alert("x")</script> & \'quoted\' "Meeting" <b>bold</b>'


def parse(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def page_url(record):
    return f"http://testserver{record.get_absolute_url()}"


def links(feed):
    return {entry.link for entry in feed.entries}


def text_of(entry):
    """The entry's summary as a reader sees it: tags removed, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "\n", entry.summary))


def newest_first(meetings):
    return list(meetings.order_by("-start_date", "name", "pk"))


@pytest.mark.usefixtures("accsm_records")
class TestRecords:
    def test_latest_feed_entries_match_the_records_newest_first(self, client):
        feed = parse(client.get("/feeds/meetings/"))
        meetings = newest_first(Meeting.objects.all())
        assert [e.title for e in feed.entries] == [m.name for m in meetings]
        assert [e.link for e in feed.entries] == [page_url(m) for m in meetings]
        assert feed.feed.title == "ACCSM Records: latest meetings"
        assert "most recent meetings" in feed.feed.subtitle
        assert feed.feed.link == "http://testserver/meetings/"

    def test_latest_feed_entry_dates_are_created_and_updated(self, client):
        feed = parse(client.get("/feeds/meetings/"))
        meetings = newest_first(Meeting.objects.all())
        for entry, meeting in zip(feed.entries, meetings, strict=True):
            assert datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC) == meeting.created
            assert datetime.datetime(*entry.updated_parsed[:6], tzinfo=datetime.UTC) == meeting.updated
            assert [tag.term for tag in entry.tags] == [meeting.get_kind_display()]

    def test_latest_feed_entry_ids_are_stable_and_distinct(self, client):
        first = [e.id for e in parse(client.get("/feeds/meetings/")).entries]
        second = [e.id for e in parse(client.get("/feeds/meetings/")).entries]
        assert first == second
        assert len(set(first)) == len(first)
        assert all(entry_id.startswith("urn:uuid:") for entry_id in first)

    def test_feed_entry_id_survives_renaming_the_meeting(self, client):
        meeting = Meeting.objects.get(slug="accsm-21-som")
        before = {e.link: e.id for e in parse(client.get("/feeds/meetings/")).entries}[page_url(meeting)]
        meeting.slug, meeting.name = "accsm-21-senior-officials", "Renamed meeting"
        meeting.save()
        after = {e.title: e.id for e in parse(client.get("/feeds/meetings/")).entries}["Renamed meeting"]
        assert before == after

    def test_feed_entry_summary_gives_date_place_kind_and_theme(self, client):
        meeting = Meeting.objects.get(slug="accsm-21-heads-of-civil-service")
        entries = {e.link: e for e in parse(client.get("/feeds/meetings/")).entries}
        text = text_of(entries[page_url(meeting)])
        assert "When: 5 August 2022" in text
        assert "Where: Hanoi, Viet Nam" in text
        assert "Kind: Heads of Civil Service Meeting" in text
        assert f"Theme: {meeting.theme}" in text
        assert meeting.summary in text

    def test_feed_entry_summary_says_the_date_is_known_only_to_the_year(self, client):
        # The fixture dates ACCSM 21 by its parts (3–5 August 2022); known only to the year here.
        meeting = Meeting.objects.get(slug="accsm-21")
        meeting.end_date, meeting.date_precision = None, "year"
        meeting.save()
        entries = {e.link: e for e in parse(client.get("/feeds/meetings/")).entries}
        assert "When: 2022 (the date is known only to the year)" in text_of(entries[page_url(meeting)])

    def test_official_feed_lists_the_meetings_he_took_part_in(self, client):
        official = Official.objects.get(slug="ekkaphab-phanthavong")
        feed = parse(client.get("/feeds/officials/ekkaphab-phanthavong/"))
        expected = Meeting.objects.filter(
            slug__in=["accsm-21-heads-of-civil-service", "civil-service-reform-workshop-2021"]
        )
        assert [e.link for e in feed.entries] == [page_url(m) for m in newest_first(expected)]
        assert official.name in feed.feed.title
        assert feed.feed.link == page_url(official)

    def test_organisation_feed_lists_meetings_hosted_or_attended(self, client):
        feed = parse(client.get("/feeds/organisations/moha-viet-nam/"))
        hosted = Meeting.objects.get(slug="civil-service-reform-workshop-2021")
        assert links(feed) == {page_url(hosted)}
        feed = parse(client.get("/feeds/organisations/asean-secretariat/"))
        represented = Meeting.objects.involving_organisation(
            Organisation.objects.get(slug="asean-secretariat")
        )
        assert links(feed) == {page_url(m) for m in represented}
        # The two meetings Ekkaphab Phanthavong spoke at for it, and the two 3 August meetings it attended.
        assert len(feed.entries) == 4
        assert "ASEAN Secretariat" in feed.feed.title

    def test_country_feed_lists_meetings_held_in_the_country(self, client):
        elsewhere = make_meeting(name="Meeting elsewhere", country=make_country())
        feed = parse(client.get("/feeds/countries/vn/"))
        assert [e.link for e in parse(client.get("/feeds/countries/VN/")).entries] == [
            e.link for e in feed.entries
        ]
        viet_nam = Meeting.objects.filter(country__code="VN")
        assert viet_nam.count() >= 4
        assert [e.link for e in feed.entries] == [page_url(m) for m in newest_first(viet_nam)]
        assert page_url(elsewhere) not in links(feed)
        assert feed.feed.title == "ACCSM Records: meetings in Viet Nam"
        assert feed.feed.link == page_url(Country.objects.get(code="VN"))

    @pytest.mark.parametrize(
        "url",
        [
            "/feeds/officials/no-such-official/",
            "/feeds/organisations/no-such-organisation/",
            "/feeds/countries/zz/",
            "/feeds/countries/vnm/",
        ],
    )
    def test_feed_unknown_record_is_404(self, client, url):
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_latest_feed_keeps_only_the_newest_meetings(client):
    bulk_meetings(FEED_SIZE + 5)
    feed = parse(client.get("/feeds/meetings/"))
    assert [e.title for e in feed.entries] == [f"Bulk {i}" for i in range(FEED_SIZE + 4, 4, -1)]


@pytest.mark.django_db
def test_feed_text_with_markup_and_quotes_is_escaped_and_intact(client):
    meeting = make_meeting(name=HOSTILE, theme=HOSTILE, summary=HOSTILE, country=make_country(code="VN"))
    response = client.get("/feeds/countries/vn/")
    # Nothing from the record reaches the XML as markup.
    assert b"<script" not in response.content
    assert b"<b>" not in response.content
    (entry,) = parse(response).entries
    assert entry.title == meeting.name == HOSTILE
    assert f"Theme: {HOSTILE}" in text_of(entry)
    # The summary is HTML whose text is the record's, so no reader runs or renders it as markup.
    assert "<script" not in entry.summary
    assert "<b>" not in entry.summary


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/feeds/meetings/",
        "/feeds/officials/anchor-official/",
        "/feeds/organisations/anchor-body/",
        "/feeds/countries/vn/",
    ],
)
def test_feed_query_count_is_the_same_at_1_and_30_rows(client, url):
    (small, small_feed), (large, large_feed) = world.queries_at_1_and_30_rows(lambda: parse(client.get(url)))
    assert small == large, f"{url}: {small} queries with 1 row, {large} with 30"
    assert len(large_feed.entries) > len(small_feed.entries)
