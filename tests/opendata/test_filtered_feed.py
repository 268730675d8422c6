"""The feed of a filtered meeting list: /feeds/meetings/ takes the list's filters, read back with
feedparser; the list page links to it with its filters; what it does not understand is a 400."""

import datetime
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from lxml import html as lxml_html

from meetings.models import Meeting
from opendata.feeds import FEED_FILTERS
from tests.factories import make_country, make_meeting

pytestmark = pytest.mark.usefixtures("accsm_records")


def parse(response):
    assert response.status_code == 200, response.content[:500]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def page_url(meeting):
    return f"http://testserver{meeting.get_absolute_url()}"


def feed_links(response):
    """The Atom feeds a page names, in its head and in its list of data formats."""
    page = lxml_html.fromstring(response.content)
    head = page.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]/@href')
    body = page.xpath('//footer//a[@type="application/atom+xml"]/@href')
    return head, body


def test_filtered_feed_has_only_the_meetings_matching_its_filters(client):
    elsewhere = make_meeting(name="Elsewhere", country=make_country(), start_date=datetime.date(2022, 1, 3))
    feed = parse(client.get("/feeds/meetings/?country=vn&year=2022"))
    expected = Meeting.objects.filter(country__code="VN", start_date__year=2022).order_by(
        "-start_date", "name"
    )
    assert len(expected) >= 2
    assert [e.link for e in feed.entries] == [page_url(m) for m in expected]
    assert page_url(elsewhere) not in {e.link for e in feed.entries}


def test_filtered_feed_gives_what_the_filtered_list_shows(client):
    query = "official=ekkaphab-phanthavong"
    feed = parse(client.get(f"/feeds/meetings/?{query}"))
    listed = lxml_html.fromstring(client.get(f"/meetings/?{query}").content).xpath(
        '//ol[@class="records"]//h3[@class="record-title"]/a/@href'
    )
    assert listed
    assert [urlsplit(e.link).path for e in feed.entries] == listed


def test_filtered_feed_title_says_what_it_is_filtered_by(client):
    feed = parse(client.get("/feeds/meetings/?country=vn&kind=heads"))
    # In the order of the list's filter form.
    filters = "Kind: Heads of Civil Service Meeting; Country: Viet Nam"
    assert feed.feed.title == f"ACCSM Records: meetings — {filters}"
    assert feed.feed.link == "http://testserver/meetings/?kind=heads&country=vn"
    (self_link,) = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_link == "http://testserver/feeds/meetings/?kind=heads&country=vn"


def test_unfiltered_feed_keeps_its_plain_title(client):
    feed = parse(client.get("/feeds/meetings/?q=&country="))
    assert feed.feed.title == "ACCSM Records: latest meetings"
    assert len(feed.entries) == Meeting.objects.count()


def test_meeting_list_feed_link_carries_its_filters_but_not_its_sort_or_page(client):
    response = client.get("/meetings/?country=vn&year=2022&sort=oldest&page=1")
    head, body = feed_links(response)
    assert head == body
    (link,) = head
    assert urlsplit(link).path == "/feeds/meetings/"
    assert parse_qs(urlsplit(link).query) == {"country": ["vn"], "year": ["2022"]}
    feed = parse(client.get(head[0]))
    expected = Meeting.objects.filter(country__code="VN", start_date__year=2022)
    assert {e.link for e in feed.entries} == {page_url(m) for m in expected}
    assert "Country: Viet Nam" in feed.feed.title


def test_meeting_list_feed_link_leaves_out_filters_not_understood(client):
    response = client.get("/meetings/?country=vn&year=abc")
    assert response.status_code == 400
    head, _ = feed_links(response)
    assert head == ["/feeds/meetings/?country=vn"]
    assert client.get(head[0]).status_code == 200


def test_unfiltered_meeting_list_links_to_the_latest_meetings_feed(client):
    head, body = feed_links(client.get("/meetings/"))
    assert head == body == ["/feeds/meetings/"]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("year=abc", "Year"),
        ("year=99999", "Year"),
        ("kind=banquet", "Kind"),
        ("country=zz", "Country"),
        ("format=carrier-pigeon", "Format"),
        ("date_after=2022-13-45", "From"),
        ("official=nobody-at-all", "Official"),
        ("declaration=no-such-declaration", "Declaration"),
    ],
)
def test_filtered_feed_with_a_filter_not_understood_is_400_saying_which(client, query, named):
    response = client.get(f"/feeds/meetings/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f"The filter “{named}” was not understood" in response.content.decode()


@pytest.mark.parametrize("query", ["colour=blue", "sort=oldest", "page=2", "country=vn&utm_source=x&page=1"])
def test_feed_with_a_parameter_it_does_not_take_is_400_naming_it(client, query):
    response = client.get(f"/feeds/meetings/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    unknown = [name for name in parse_qs(query) if name not in FEED_FILTERS]
    for name in unknown:
        assert f"“{name}”" in text
    assert "country" in text  # What it does take.
