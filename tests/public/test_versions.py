"""Versions a citation can point to (public/versions.py): ``?version=N`` on a record's page shows the
record as it was after its Nth save, with a banner leading to the current page; only versions that
were published, never a draft's, and never a 500 whatever ``version`` holds."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    make_country,
    make_declaration,
    make_meeting,
    make_official,
    make_organisation,
    make_source,
    text_of,
)

pytestmark = pytest.mark.django_db


def renamed(record, field, value):
    setattr(record, field, value)
    record.save()
    return record


def banner(response):
    return BeautifulSoup(response.content.decode(), "html.parser").select_one('[role="note"].notice-version')


def test_version_1_after_a_rename_shows_the_old_name_to_an_anonymous_reader(client):
    meeting = make_meeting(slug="accsm-21", name="Heads of Civil Service Meeting", city="Hanoi")
    renamed(meeting, "name", "21st ASEAN Conference on Civil Service Matters")
    response = client.get("/meetings/accsm-21/", {"version": "1"})
    assert response.status_code == 200
    text = text_of(response)
    assert "Heads of Civil Service Meeting" in text
    assert "21st ASEAN Conference on Civil Service Matters" not in text
    assert "Hanoi" in text
    note = banner(response)
    assert "You are reading version 1 of this record, as it stood on" in " ".join(note.get_text().split())
    current = note.find("a", string="Read the current version")
    assert current["href"] == "/meetings/accsm-21/"
    assert "21st ASEAN Conference on Civil Service Matters" in text_of(client.get(current["href"]))


def test_version_page_is_not_indexed_and_names_the_current_page_canonical(client):
    make_meeting(slug="accsm-21", name="Heads of Civil Service Meeting")
    page = BeautifulSoup(client.get("/meetings/accsm-21/?version=1").content.decode(), "html.parser")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("link", rel="canonical")["href"] == "http://testserver/meetings/accsm-21/"
    assert page.find("h1").get_text() == "Heads of Civil Service Meeting"


def test_version_that_was_a_draft_is_404_even_though_later_published(client, admin_client):
    meeting = make_meeting(slug="retreat", name="Unannounced retreat", status="draft")
    renamed(meeting, "name", "Announced retreat")
    renamed(meeting, "status", "published")
    for number in ("1", "2"):
        response = client.get("/meetings/retreat/", {"version": number})
        assert response.status_code == 404
        assert b"Unannounced" not in response.content
    # Staff too: no citation points at a draft.
    assert admin_client.get("/meetings/retreat/", {"version": "1"}).status_code == 404
    published = client.get("/meetings/retreat/", {"version": "3"})
    assert published.status_code == 200
    assert "Announced retreat" in text_of(published)


def test_version_of_a_draft_record_is_404_whatever_version_is_asked(client):
    meeting = make_meeting(slug="once-public", name="Once public", status="published")
    renamed(meeting, "status", "draft")
    for number in ("1", "2", "3"):
        response = client.get("/meetings/once-public/", {"version": number})
        assert response.status_code == 404
        assert b"Once public" not in response.content


def test_version_of_an_unpublished_declaration_is_404_but_its_published_one_shows(client):
    declaration = make_declaration(slug="plan", title="Work plan", status="draft")
    renamed(declaration, "status", "published")
    assert client.get("/declarations/plan/?version=1").status_code == 404
    assert "Work plan" in text_of(client.get("/declarations/plan/?version=2"))


@pytest.mark.parametrize("version", ["0", "-1", "abc", "1.5", "01", "", "1e3", "١"])
def test_version_not_a_positive_whole_number_is_400_saying_what_it_takes(client, version):
    make_meeting(slug="accsm-21")
    response = client.get("/meetings/accsm-21/", {"version": version})
    assert response.status_code == 400
    assert "A version is a positive whole number" in response.content.decode()


@pytest.mark.parametrize("version", ["2", "999999999", "99999999999999999999", "9" * 200])
def test_version_beyond_the_records_versions_is_404(client, version):
    make_meeting(slug="accsm-21")
    assert client.get("/meetings/accsm-21/", {"version": version}).status_code == 404


def test_version_given_twice_or_with_a_format_is_400(client):
    make_meeting(slug="accsm-21")
    assert client.get("/meetings/accsm-21/?version=1&version=1").status_code == 400
    response = client.get("/meetings/accsm-21/?version=1&format=csl")
    assert response.status_code == 400
    assert "without version=" in response.content.decode()


def test_version_of_an_unknown_record_is_404_and_a_former_slug_leads_to_the_version(client):
    assert client.get("/meetings/no-such-meeting/?version=1").status_code == 404
    meeting = make_meeting(slug="old-slug", name="First name")
    renamed(meeting, "slug", "new-slug")
    response = client.get("/meetings/old-slug/?version=1")
    assert response.status_code == 301
    assert response["Location"] == "/meetings/new-slug/?version=1"
    assert "First name" in text_of(client.get(response["Location"]))


def test_version_deletion_rows_are_not_versions(client):
    meeting = make_meeting(slug="accsm-21", name="Kept")
    # A deletion row left by a record that had this id before is no version of this one.
    meeting.history.model.objects.create(
        id=meeting.pk,
        slug="gone",
        name="Deleted",
        kind=meeting.kind,
        start_date=meeting.start_date,
        date_precision="day",
        status="published",
        created=meeting.created,
        updated=meeting.updated,
        history_type="-",
        history_date=meeting.updated,
    )
    assert client.get("/meetings/accsm-21/?version=2").status_code == 404
    assert "Kept" in text_of(client.get("/meetings/accsm-21/?version=1"))


def test_version_page_shows_only_its_own_facts_and_says_so(client):
    host = make_organisation(slug="moha", name="Ministry of Home Affairs")
    meeting = make_meeting(slug="accsm-21", name="Conference", host=host, theme="First theme")
    renamed(meeting, "theme", "Second theme")
    response = client.get("/meetings/accsm-21/?version=1")
    text = text_of(response)
    assert "Host Ministry of Home Affairs" in text
    assert "Theme First theme" in text
    assert "Second theme" not in text
    assert "Only the record’s own facts are shown as they were then" in text
    assert "Cite this record" not in text


def test_version_and_current_page_are_never_served_for_each_other_from_the_cache(client):
    meeting = make_meeting(slug="accsm-21", name="Old name")
    renamed(meeting, "name", "New name")
    for _ in range(2):
        current = client.get("/meetings/accsm-21/")
        version = client.get("/meetings/accsm-21/?version=1")
        assert "New name" in text_of(current) and banner(current) is None
        assert "Old name" in text_of(version) and banner(version) is not None
        assert current["ETag"] != version["ETag"]


# Every kind of record page: how to make the record, the field its page is named by, its address.
KINDS = [
    (make_meeting, "name", "/meetings/{slug}/"),
    (make_declaration, "title", "/declarations/{slug}/"),
    (make_official, "name", "/officials/{slug}/"),
    (make_organisation, "name", "/organisations/{slug}/"),
    (make_source, "headline", "/sources/{slug}/"),
]


@pytest.mark.parametrize(("make", "name_field", "address"), KINDS, ids=[a for _, _, a in KINDS])
def test_version_pages_work_for_every_kind_of_record_page_with_history(client, make, name_field, address):
    record = make(slug="the-record", **{name_field: "Name as first saved"})
    renamed(record, name_field, "Name as it is now")
    page = address.format(slug="the-record")
    response = client.get(page, {"version": "1"})
    assert response.status_code == 200
    assert "Name as first saved" in text_of(response)
    assert "Name as it is now" not in text_of(response)
    assert banner(response).find("a", string="Read the current version")["href"] == page
    assert "version 2" in text_of(client.get(page))


def test_version_pages_work_for_a_country(client):
    country = make_country(code="VN", name="Vietnam")
    renamed(country, "name", "Viet Nam")
    response = client.get("/countries/vn/?version=1")
    assert response.status_code == 200
    assert "Vietnam" in text_of(response)
    assert banner(response).find("a", string="Read the current version")["href"] == "/countries/vn/"


def test_version_page_links_no_address_of_another_scheme_held_in_history(client):
    source = make_source(slug="report", url="https://news.example.org/a")
    # An address the database refuses now could be in a row saved before the rule.
    source.history.filter(history_type="+").update(url="javascript:alert(1)")
    response = client.get("/sources/report/?version=1")
    assert response.status_code == 200
    assert "javascript:" not in response.content.decode().lower()


def test_cite_box_names_the_version_and_links_to_it(client):
    meeting = make_meeting(slug="accsm-21", name="Old name")
    renamed(meeting, "name", "New name")
    section = BeautifulSoup(client.get("/meetings/accsm-21/").content.decode(), "html.parser").select_one(
        "section.cite-record"
    )
    text = " ".join(section.get_text().split())
    assert "This is version 2 of the record" in text
    link = section.find("a", string="Link to this version")
    # The permanent link with the version: it outlives a change of slug.
    assert link["href"] == f"http://testserver/m/{meeting.pk}/?version=2"
    assert "version = {2}" in section.select_one("pre").get_text()
    assert "New name" in text_of(client.get(link["href"], follow=True))


def test_version_of_a_permanent_link_leads_to_that_version(client):
    meeting = make_meeting(slug="accsm-21", name="Old name")
    renamed(meeting, "name", "New name")
    response = client.get(f"/m/{meeting.pk}/?version=1")
    assert response.status_code == 302
    assert response["Location"] == "/meetings/accsm-21/?version=1"
    assert "Old name" in text_of(client.get(response["Location"]))


def test_cite_csl_json_names_the_version(client):
    make_meeting(slug="accsm-21")
    response = client.get("/meetings/accsm-21/", {"format": "csl"})
    assert response.json()[0]["version"] == "1"


def test_cite_box_of_a_draft_seen_by_staff_names_no_version(admin_client):
    make_meeting(slug="draft", status="draft")
    response = admin_client.get("/meetings/draft/")
    assert response.status_code == 200
    assert "Link to this version" not in text_of(response)


def test_version_page_shows_a_hostile_name_as_text(client):
    make_meeting(slug="hostile", name='<script>alert("x")</script>', summary="<b>bold</b>")
    response = client.get("/meetings/hostile/?version=1")
    assert "<script>alert" not in response.content.decode()
    assert "<b>bold" not in response.content.decode()
    assert '<script>alert("x")</script>' in text_of(response)
