"""Drafts are for staff: nothing unpublished reaches a list, search, the API, an export, feeds or sitemaps."""

import json

import pytest

from meetings.models import Declaration, Meeting
from tests.factories import body_of, make_declaration, make_meeting, make_meeting_declaration

SECRET = "Zanzibar Draft Summit"


@pytest.fixture
def drafts(accsm_records):
    meeting = make_meeting(slug="draft-meeting", name=SECRET, status="draft", kind="heads")
    declaration = make_declaration(slug="draft-declaration", title=f"{SECRET} Declaration", status="draft")
    make_meeting_declaration(
        meeting=Meeting.objects.get(slug="accsm-21-heads-of-civil-service"), declaration=declaration
    )
    return meeting, declaration


PUBLIC_OUTPUTS = [
    "/",
    "/meetings/",
    "/meetings/?kind=heads",
    "/declarations/",
    "/search/?q=zanzibar",
    "/meetings/?q=zanzibar",
    "/meetings/accsm-21-heads-of-civil-service/",
    "/api/meetings/",
    "/api/declarations/",
    "/api/meetings/accsm-21-heads-of-civil-service/",
    "/api/popolo.json",
    "/meetings.csv",
    "/participations.csv",
    "/meetings.ics",
    "/feeds/meetings/",
    "/sitemap-meetings.xml",
    "/sitemap-declarations.xml",
    "/sources/vna-heads-of-civil-service-hanoi/",
]


@pytest.mark.parametrize("url", PUBLIC_OUTPUTS)
def test_public_output_never_shows_drafts(client, drafts, url):
    response = client.get(url)
    assert response.status_code == 200
    text = body_of(response).decode()
    assert "Zanzibar" not in text
    assert "draft-meeting" not in text and "draft-declaration" not in text


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/draft-meeting/",
        "/declarations/draft-declaration/",
        "/api/meetings/draft-meeting/",
        "/api/declarations/draft-declaration/",
        "/meetings/draft-meeting.ics",
    ],
)
def test_draft_detail_is_404_for_the_public(client, drafts, url):
    assert client.get(url).status_code == 404


def test_draft_declaration_is_not_a_usable_filter(client, drafts):
    response = client.get("/meetings/?declaration=draft-declaration")
    assert response.status_code == 400
    assert "Zanzibar" not in response.content.decode()


def test_staff_see_a_draft_with_a_banner(admin_client, drafts):
    response = admin_client.get("/meetings/draft-meeting/")
    text = response.content.decode()
    assert response.status_code == 200
    assert SECRET in text
    assert "only staff can see this page" in text
    declaration = admin_client.get("/declarations/draft-declaration/").content.decode()
    assert "only staff can see this page" in declaration


def test_published_page_has_no_draft_banner(admin_client, drafts):
    text = admin_client.get("/meetings/accsm-21/").content.decode()
    assert "only staff can see this page" not in text


def test_publishing_a_draft_makes_it_public(client, drafts):
    Meeting.objects.filter(slug="draft-meeting").update(status="published")
    Declaration.objects.filter(slug="draft-declaration").update(status="published")
    assert SECRET in client.get("/meetings/").content.decode()
    assert client.get("/declarations/draft-declaration/").status_code == 200
    data = json.loads(client.get("/api/meetings/?q=zanzibar").content)
    assert [m["slug"] for m in data["results"]] == ["draft-meeting"]
