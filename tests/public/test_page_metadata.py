"""What every public page carries besides its record: Open Graph tags, and when the record last changed."""

import re

import pytest

from tests.factories import text_of

pytestmark = pytest.mark.usefixtures("accsm_records")


@pytest.mark.parametrize(
    "url",
    ["/", "/meetings/", "/meetings/accsm-21/", "/officials/chu-tuan-tu/", "/countries/vn/", "/search/"],
)
def test_every_page_has_open_graph_tags(client, url):
    html = client.get(url).content.decode()
    tags = dict(re.findall(r'<meta property="og:(\w+)" content="([^"]*)">', html))
    assert {"site_name", "type", "title", "description", "url"} <= set(tags)
    assert tags["url"] == f"http://testserver{url}"
    assert tags["title"]


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/accsm-21/",
        "/declarations/acrf/",
        "/officials/chu-tuan-tu/",
        "/organisations/accsm/",
        "/countries/vn/",
        "/sources/vna-heads-of-civil-service-hanoi/",
    ],
)
def test_detail_page_shows_when_the_record_was_last_updated(client, url):
    # The fixtures stamp every record 25 November 2026 (00:00 UTC, the same day in Hanoi).
    assert "Record last updated 25 November 2026." in text_of(client.get(url))
