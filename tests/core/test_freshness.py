"""The data version (core/freshness.py): every change to a record, however it is made, replaces it,
so the next public request is answered from the records as they are now, never from a stale cache."""

import pytest
from django.core.management import call_command

from core.freshness import current
from tests.factories import body_of, make_citation, make_meeting, make_official, make_source, meeting_form


@pytest.fixture
def meeting(db):
    return make_meeting(slug="cached-workshop", name="Workshop on cached pages", kind="workshop")


def test_admin_edit_is_seen_on_the_very_next_public_request(client, admin_client, meeting):
    for url in ("/meetings/", "/meetings/cached-workshop/", "/api/meetings/", "/meetings.csv"):
        client.get(url)  # Now cached.
    old_etag = client.get("/meetings/")["ETag"]
    form = meeting_form(meeting, name="Workshop on fresh pages", status="published")
    response = admin_client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", form)
    assert response.status_code == 302, response.content[:2000]
    for url in ("/meetings/", "/meetings/cached-workshop/", "/api/meetings/", "/meetings.csv"):
        text = body_of(client.get(url)).decode()
        assert "Workshop on fresh pages" in text, url
        assert "Workshop on cached pages" not in text, url
    revalidated = client.get("/meetings/", headers={"if-none-match": old_etag})
    assert revalidated.status_code == 200
    assert revalidated["ETag"] != old_etag


def test_admin_delete_is_seen_on_the_very_next_public_request(client, admin_client, meeting):
    assert client.get("/meetings/cached-workshop/").status_code == 200
    response = admin_client.post(f"/admin/meetings/meeting/{meeting.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert client.get("/meetings/cached-workshop/").status_code == 404
    assert "Workshop on cached pages" not in client.get("/meetings/").content.decode()


def test_admin_inline_edit_is_seen_on_the_very_next_public_request(client, admin_client, meeting):
    official = make_official(slug="cached-official", name="Nguyễn Thị Cache")
    assert "Nguyễn Thị Cache" not in client.get("/meetings/cached-workshop/").content.decode()
    row = {"official": official.pk, "role": "speaker"}
    form = meeting_form(meeting, participations=[row], status="published")
    response = admin_client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", form)
    assert response.status_code == 302, response.content[:2000]
    assert "Nguyễn Thị Cache" in client.get("/meetings/cached-workshop/").content.decode()


def test_citing_a_source_is_seen_on_the_very_next_public_request(client, meeting):
    client.get("/meetings/cached-workshop/")
    make_citation(meeting, "name", make_source(slug="cached-source", headline="A headline about caching"))
    assert "A headline about caching" in client.get("/meetings/cached-workshop/").content.decode()


def test_data_version_row_is_created_when_missing(client, meeting):
    type(current()).objects.all().delete()
    response = client.get("/meetings/")
    assert response.status_code == 200
    assert "Workshop on cached pages" in response.content.decode()
    assert response["ETag"]


def test_restored_data_version_is_replaced_on_load(db, tmp_path):
    version = current()
    dump = tmp_path / "version.json"
    dump.write_text(
        f'[{{"model": "core.dataversion", "pk": 1, "fields": {{"token": "{version.token}", '
        f'"changed_at": "2020-01-01T00:00:00Z"}}}}]'
    )
    call_command("loaddata", str(dump), verbosity=0)
    assert current().token != version.token
