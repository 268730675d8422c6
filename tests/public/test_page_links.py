"""What a page tells link previews and search engines, read with extruct as they read it: the
site image, the page's type, the schema.org Event of a meeting, and the page's canonical address."""

from io import BytesIO

import extruct
import pytest
from django.contrib.staticfiles import finders
from lxml import html as lxml_html
from PIL import Image

from meetings.models import Meeting
from tests.factories import make_meeting

pytestmark = pytest.mark.usefixtures("accsm_records")

PAGES = [
    "/",
    "/meetings/",
    "/meetings/accsm-21/",
    "/declarations/acrf/",
    "/officials/chu-tuan-tu/",
    "/organisations/accsm/",
    "/countries/vn/",
    "/sources/vna-heads-of-civil-service-hanoi/",
    "/search/?q=hanoi",
]


def metadata(client, url):
    response = client.get(url)
    assert response.status_code == 200
    data = extruct.extract(
        response.content.decode(),
        base_url=f"http://testserver{url}",
        syntaxes=["opengraph", "json-ld"],
        uniform=True,
    )
    (opengraph,) = data["opengraph"]
    return opengraph, data["json-ld"]


def canonical(client, url):
    page = lxml_html.fromstring(client.get(url).content)
    return page.xpath('//head/link[@rel="canonical"]/@href')


@pytest.mark.parametrize("url", PAGES)
def test_page_offers_the_site_image_to_link_previews(client, url):
    opengraph, _ = metadata(client, url)
    assert opengraph["og:image"] == "http://testserver/static/img/og-default.png"
    assert (opengraph["og:image:width"], opengraph["og:image:height"]) == ("1200", "630")
    assert "ACCSM Records" in opengraph["og:image:alt"]


def test_site_image_is_the_size_the_pages_say(client):
    with open(finders.find("img/og-default.png"), "rb") as image_file:
        image = Image.open(BytesIO(image_file.read()))
    assert image.format == "PNG"
    assert image.size == (1200, 630)


@pytest.mark.parametrize(
    ("url", "og_type"),
    [
        ("/", "website"),
        ("/meetings/", "website"),
        ("/meetings/accsm-21/", "article"),
        ("/declarations/acrf/", "article"),
        ("/organisations/accsm/", "article"),
        ("/countries/vn/", "article"),
        ("/officials/chu-tuan-tu/", "profile"),
    ],
)
def test_record_pages_are_not_typed_as_the_website(client, url, og_type):
    opengraph, _ = metadata(client, url)
    assert opengraph["@type"] == og_type


@pytest.mark.parametrize(
    ("slug", "mode"),
    [
        ("accsm-21-heads-of-civil-service", "Offline"),  # in person
        ("civil-service-reform-workshop-2021", "Online"),  # virtual
        ("accsm-21", "Offline"),  # no format recorded, held in Hanoi
    ],
)
def test_meeting_event_says_how_it_was_attended_and_that_it_took_place(client, slug, mode):
    _, json_ld = metadata(client, f"/meetings/{slug}/")
    (event,) = [item for item in json_ld if item["@type"] == "Event"]
    assert event["eventAttendanceMode"] == f"https://schema.org/{mode}EventAttendanceMode"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"


def test_meeting_event_without_format_or_place_still_has_an_attendance_mode(client):
    meeting = Meeting.objects.get(slug="accsm-21")
    meeting.format, meeting.city, meeting.country, meeting.venue = "", "", None, ""
    meeting.save()
    _, json_ld = metadata(client, "/meetings/accsm-21/")
    (event,) = [item for item in json_ld if item["@type"] == "Event"]
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert "location" not in event


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "http://testserver/"),
        ("/?utm_source=newsletter", "http://testserver/"),
        ("/meetings/accsm-21/", "http://testserver/meetings/accsm-21/"),
        ("/meetings/accsm-21/?ref=x", "http://testserver/meetings/accsm-21/"),
        ("/officials/chu-tuan-tu/?x=1", "http://testserver/officials/chu-tuan-tu/"),
        ("/meetings/", "http://testserver/meetings/"),
        # The default order and the first page are the list itself; its filters are its content.
        ("/meetings/?country=vn&sort=newest&page=1&utm_source=x", "http://testserver/meetings/?country=vn"),
        ("/meetings/?sort=oldest", "http://testserver/meetings/?sort=oldest"),
        ("/meetings/?year=abc&country=vn", "http://testserver/meetings/?country=vn"),
        ("/declarations/?sort=title&kind=", "http://testserver/declarations/"),
        ("/search/?q=hanoi&utm_source=x", "http://testserver/search/?q=hanoi"),
    ],
)
def test_page_names_its_canonical_address(client, url, expected):
    assert canonical(client, url) == [expected]


def test_canonical_address_of_a_later_page_keeps_its_number(client):
    for number in range(25):
        make_meeting(name=f"Paged meeting {number:02}")
    assert canonical(client, "/meetings/?page=2") == ["http://testserver/meetings/?page=2"]


@pytest.mark.parametrize("url", ["/meetings/accsm-21/?ref=x", "/meetings/?country=vn&page=1"])
def test_open_graph_url_is_the_canonical_address(client, url):
    opengraph, _ = metadata(client, url)
    assert [opengraph["og:url"]] == canonical(client, url)


def test_missing_page_names_no_canonical_address(client):
    response = client.get("/meetings/no-such-meeting/")
    assert response.status_code == 404
    assert lxml_html.fromstring(response.content).xpath('//link[@rel="canonical"]') == []
