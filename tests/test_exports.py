"""CSV exports, sitemap, robots.txt, JSON-LD, Open Graph and data links, each read with a real parser."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting
from opendata.exports import spreadsheet_safe
from tests import world

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Hanoi", "Hanoi"),
        (None, ""),
        (21, "21"),
    ],
)
def test_spreadsheet_safe_neutralises_formulas(value, expected):
    assert spreadsheet_safe(value) == expected


@pytest.mark.usefixtures("accsm_records")
class TestWithRecords:
    def test_meetings_csv_matches_the_filtered_html_list(self, client):
        from tests.meetings.test_views import listed_names

        rows = read_csv(client.get("/meetings.csv?year=2022&country=vn"))
        assert [row["name"] for row in rows] == listed_names(client.get("/meetings/?year=2022&country=vn"))
        heads = next(row for row in rows if row["slug"] == "accsm-21-heads-of-civil-service")
        assert heads["start_date"] == "2022-08-05"
        assert heads["date"] == "5 August 2022"
        assert heads["city"] == "Hanoi" and heads["country"] == "vn"
        assert heads["parent"] == "accsm-21"
        assert heads["url"] == "http://testserver/meetings/accsm-21-heads-of-civil-service/"

    def test_meetings_csv_neutralises_formula_cells(self, client):
        Meeting.objects.create(
            status="published",
            slug="formula",
            name='=HYPERLINK("http://x")',
            kind="other",
            start_date="2023-01-01",
            theme="@risk",
        )
        rows = read_csv(client.get("/meetings.csv?year=2023"))
        assert rows[0]["name"] == '\'=HYPERLINK("http://x")'
        assert rows[0]["theme"] == "'@risk"

    def test_meetings_csv_invalid_filter_is_a_400_naming_it(self, client):
        response = client.get("/meetings.csv?year=abc")
        assert response.status_code == 400
        assert "The filter “Year” was not understood" in response.content.decode()

    def test_officials_csv_has_aliases_and_positions(self, client):
        rows = read_csv(client.get("/officials.csv?q=phantavong"))
        assert len(rows) == 1
        assert "Ekkaphab Phantavong" in rows[0]["aliases"]
        assert "Deputy Secretary-General of ASEAN" in rows[0]["positions"]
        assert rows[0]["country"] == "la"

    def test_participations_csv_follows_the_meeting_filters(self, client):
        rows = read_csv(client.get("/participations.csv?kind=heads"))
        assert {row["meeting"] for row in rows} == {"accsm-21-heads-of-civil-service"}
        chair = next(row for row in rows if row["role"] == "chair")
        assert chair["participant"] == "pham-thi-thanh-tra"
        assert chair["participant_type"] == "official"
        briefer = next(row for row in rows if row["role"] == "briefer")
        assert briefer["printed_name"] == "Ekkaphab Phantavong"
        assert briefer["source"] == "vna-heads-of-civil-service-hanoi"
        assert briefer["quote"]

    def test_sitemap_lists_every_public_detail_page(self, client):
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

    def test_robots_txt_allows_the_site_and_keeps_out_of_the_admin(self, client):
        text = client.get("/robots.txt").content.decode()
        assert "Disallow: /admin/" in text
        assert "Allow: /" in text
        assert "Sitemap: http://testserver/sitemap.xml" in text

    def test_meeting_page_carries_a_schema_org_event(self, client):
        event = json_ld(client.get("/meetings/accsm-21-heads-of-civil-service/"))
        assert event["@type"] == "Event"
        assert event["name"] == "Heads of Civil Service Meeting"
        assert event["startDate"] == "2022-08-05"
        assert event["endDate"] == "2022-08-05"
        assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
        assert event["location"]["address"]["addressLocality"] == "Hanoi"
        assert event["location"]["address"]["addressCountry"] == "VN"
        assert event["url"] == "http://testserver/meetings/accsm-21-heads-of-civil-service/"
        assert event["superEvent"]["name"] == "21st ASEAN Conference on Civil Service Matters"
        workshop = json_ld(client.get("/meetings/civil-service-reform-workshop-2021/"))
        assert workshop["organizer"]["name"] == "Ministry of Home Affairs"
        assert workshop["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"

    def test_official_page_carries_a_schema_org_person(self, client):
        person = json_ld(client.get("/officials/pham-thi-thanh-tra/"))
        assert person["@type"] == "Person"
        assert person["name"] == "Pham Thi Thanh Tra"
        assert "Phạm Thị Thanh Trà" in person["alternateName"]
        assert "Minister of Home Affairs" in person["jobTitle"]

    @pytest.mark.parametrize(
        "url",
        ["/", "/meetings/", "/meetings/accsm-21/", "/officials/chu-tuan-tu/", "/countries/vn/", "/search/"],
    )
    def test_every_page_has_open_graph_tags(self, client, url):
        html = client.get(url).content.decode()
        tags = dict(re.findall(r'<meta property="og:(\w+)" content="([^"]*)">', html))
        assert {"site_name", "type", "title", "description", "url"} <= set(tags)
        assert tags["url"] == f"http://testserver{url}"
        assert tags["title"]

    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            (
                "/meetings/?country=vn",
                [
                    "/api/meetings/?country=vn",
                    "/meetings.csv?country=vn",
                    "/meetings.ics?country=vn",
                    "/feeds/meetings/",
                ],
            ),
            ("/meetings/accsm-21/", ["/api/meetings/accsm-21/", "/meetings/accsm-21.ics"]),
            ("/officials/?country=vn", ["/api/officials/?country=vn", "/officials.csv?country=vn"]),
            (
                "/officials/chu-tuan-tu/",
                [
                    "/api/officials/chu-tuan-tu/",
                    "/feeds/officials/chu-tuan-tu/",
                    "/meetings.csv?official=chu-tuan-tu",
                ],
            ),
            ("/organisations/accsm/", ["/api/organisations/accsm/", "/feeds/organisations/accsm/"]),
            ("/declarations/acrf/", ["/api/declarations/acrf/", "/meetings.ics?declaration=acrf"]),
            ("/countries/vn/", ["/api/countries/vn/", "/feeds/countries/vn/", "/meetings.ics?country=vn"]),
        ],
    )
    def test_pages_link_to_their_data_formats(self, client, url, expected):
        html = client.get(url).content.decode()
        for link in expected:
            assert f'href="{link}"' in html, link
        # Every linked format answers.
        for link in expected:
            assert client.get(link).status_code == 200, link


def json_ld(response):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert block, "no JSON-LD on the page"
    return json.loads(block.group(1))


@pytest.mark.parametrize(
    "url", ["/meetings.csv", "/meetings.csv?country=vn", "/officials.csv", "/participations.csv"]
)
def test_csv_query_count_is_the_same_at_1_and_30_rows(client, db, url):
    counts = []
    for size in (1, 29):
        world.grow(size)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            rows = read_csv(response)
        counts.append(len(captured.captured_queries))
        assert rows
    assert counts[0] == counts[1], f"{url}: {counts}"
