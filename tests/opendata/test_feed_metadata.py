"""What every Atom feed says about itself, read back with feedparser: its author, its licence,
and when it last changed even while it has no entry."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from core import freshness, licence
from core.models import DataVersion
from people.models import Official
from tests.factories import make_country, make_official, make_organisation

FEEDS = [
    "/feeds/meetings/",
    "/feeds/meetings/?country=vn",
    "/feeds/officials/chu-tuan-tu/",
    "/feeds/organisations/accsm/",
    "/feeds/countries/vn/",
]
LONG_AGO = datetime.datetime(2020, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)


def parse(response):
    assert response.status_code == 200, response.content[:500]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def updated(feed):
    return datetime.datetime(*feed.feed.updated_parsed[:6], tzinfo=datetime.UTC)


@pytest.mark.usefixtures("accsm_records")
@pytest.mark.parametrize("url", FEEDS)
def test_feed_names_the_site_as_its_author(client, url):
    feed = parse(client.get(url))
    assert feed.feed.author_detail.name == "ACCSM Records"
    assert feed.feed.author_detail.href == "http://testserver/"


@pytest.mark.usefixtures("accsm_records")
@pytest.mark.parametrize("url", FEEDS)
def test_feed_states_the_data_licence(client, url):
    rights = parse(client.get(url)).feed.rights
    assert rights == licence.RIGHTS_STATEMENT
    assert licence.LICENCE_URL in rights


def _data_changed_long_ago():
    freshness.bump()
    # As if nothing had changed since: update() sends no signal, so the version keeps this time.
    DataVersion.objects.update(changed_at=LONG_AGO)


@pytest.mark.django_db
def test_empty_latest_feed_is_as_old_as_the_last_change_to_the_data(client):
    _data_changed_long_ago()
    feed = parse(client.get("/feeds/meetings/"))
    assert feed.entries == []
    assert updated(feed) == LONG_AGO


@pytest.mark.django_db
def test_empty_filtered_feed_is_as_old_as_the_last_change_to_the_data(client):
    make_country(code="VN", name="Viet Nam")
    _data_changed_long_ago()
    before = timezone.now().replace(microsecond=0)
    feed = parse(client.get("/feeds/meetings/?country=vn"))
    assert feed.entries == []
    assert updated(feed) == LONG_AGO < before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "url"),
    [
        (lambda: make_official(slug="quiet-official"), "/feeds/officials/quiet-official/"),
        (lambda: make_organisation(slug="quiet-body"), "/feeds/organisations/quiet-body/"),
        (lambda: make_country(code="QQ"), "/feeds/countries/qq/"),
    ],
)
def test_empty_record_feed_is_as_old_as_its_record(client, make, url):
    record = make()
    type(record).objects.filter(pk=record.pk).update(updated=LONG_AGO)
    feed = parse(client.get(url))
    assert feed.entries == []
    assert updated(feed) == LONG_AGO


@pytest.mark.usefixtures("accsm_records")
def test_feed_with_entries_is_as_new_as_its_latest_entry(client):
    official = Official.objects.get(slug="ekkaphab-phanthavong")
    feed = parse(client.get(f"/feeds/officials/{official.slug}/"))
    latest = max(datetime.datetime(*e.updated_parsed[:6], tzinfo=datetime.UTC) for e in feed.entries)
    assert updated(feed) == latest
