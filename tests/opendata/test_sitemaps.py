"""The sitemap and robots.txt, read as a search engine reads them."""

import xml.etree.ElementTree as ET

import pytest

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

pytestmark = pytest.mark.usefixtures("accsm_records")


def test_sitemap_lists_every_public_detail_page(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS)]
    locations = set()
    for section in sections:
        tree = ET.fromstring(client.get(section.replace("http://testserver", "")).content)
        locations |= {loc.text for loc in tree.findall("sm:url/sm:loc", SITEMAP_NS)}
    expected = {
        "http://testserver/meetings/accsm-21-heads-of-civil-service/",
        "http://testserver/officials/ekkaphab-phanthavong/",
        "http://testserver/organisations/accsm/",
        "http://testserver/declarations/acrf/",
        "http://testserver/countries/bn/",
        "http://testserver/sources/vna-civil-service-reform-workshop/",
        "http://testserver/meetings/",
    }
    assert expected <= locations
    assert len([url for url in locations if "/meetings/" in url and url.count("/") == 5]) == 5


def test_robots_txt_allows_the_site_and_keeps_out_of_the_admin(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Allow: /" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
