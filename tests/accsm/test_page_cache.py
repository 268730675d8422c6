"""Conditional GET and the page cache (accsm/page_cache.py): unchanged pages cost one query, and only
public, successful responses are cached or validated."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import body_of, make_meeting

PUBLIC_URLS = [
    "/",
    "/meetings/",
    "/meetings/?kind=workshop",
    "/meetings/cached-workshop/",
    "/officials/",
    "/search/?q=workshop",
    "/api/meetings/",
    "/api/meetings/cached-workshop/",
    "/api/popolo.json",
    "/meetings.csv",
    "/meetings.ics",
    "/meetings/cached-workshop.ics",
    "/feeds/meetings/",
    "/sitemap-meetings.xml",
]


@pytest.fixture
def meeting(db):
    return make_meeting(slug="cached-workshop", name="Workshop on cached pages", kind="workshop")


def get_counting_queries(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
        content = body_of(response)
    return response, content, len(queries)


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_response_has_validators_and_may_be_cached_if_revalidated(client, meeting, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"].endswith("GMT")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "must-revalidate"} <= cache_control


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_revalidation_of_unchanged_response_is_304_without_rendering(client, meeting, url):
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert not response.templates
    # Only the data version is read.
    assert len(queries) == 1


def test_revalidation_by_date_alone_is_304_too(client, meeting):
    last_modified = client.get("/meetings/")["Last-Modified"]
    response = client.get("/meetings/", headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_unchanged_page_is_served_from_the_cache_with_one_query(client, meeting):
    first, first_body, first_queries = get_counting_queries(client, "/meetings/cached-workshop/")
    second, second_body, second_queries = get_counting_queries(client, "/meetings/cached-workshop/")
    assert first_queries > 1
    assert second_queries == 1
    assert second_body == first_body
    assert "Workshop on cached pages" in second_body.decode()
    assert second["Content-Type"] == first["Content-Type"]
    # Headers added outside the cache are there on a cached response as well.
    assert second["Content-Security-Policy"]
    assert second["X-Request-ID"] != first["X-Request-ID"]


def test_staff_are_never_served_from_the_cache_and_see_drafts(client, admin_client, meeting):
    make_meeting(slug="draft-workshop", name="A draft workshop", status="draft")
    assert client.get("/meetings/draft-workshop/").status_code == 404
    assert "A draft workshop" not in client.get("/meetings/").content.decode()
    staff = admin_client.get("/meetings/draft-workshop/")
    assert "A draft workshop" in staff.content.decode()
    assert "private" in staff["Cache-Control"]
    assert not staff.has_header("ETag")
    # Staff pages are not cached for the public either way.
    assert admin_client.get("/meetings/").status_code == 200
    assert client.get("/meetings/draft-workshop/").status_code == 404


def test_error_responses_are_neither_cached_nor_validated(client, meeting):
    response = client.get("/meetings/?year=abc")
    assert response.status_code == 400
    assert not response.has_header("ETag")
    assert client.get("/meetings/no-such-meeting/").status_code == 404
    assert not client.get("/meetings/no-such-meeting/").has_header("ETag")


def test_health_check_is_never_cached(client, meeting):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert not response.has_header("ETag")


def test_responses_differ_by_host_and_accept(client, settings, meeting):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    here = client.get("/meetings/cached-workshop/")
    there = client.get("/meetings/cached-workshop/", headers={"host": "mirror.example"})
    assert there["ETag"] != here["ETag"]
    assert "http://mirror.example/meetings/cached-workshop/" in there.content.decode()
    json_api = client.get("/api/meetings/", headers={"accept": "application/json"})
    refused = client.get("/api/meetings/", headers={"accept": "text/csv"})
    assert json_api.status_code == 200
    assert refused.status_code == 406


@pytest.mark.parametrize(
    "headers",
    [{"if-none-match": "*"}, {"if-modified-since": "Fri, 01 Jan 2100 00:00:00 GMT"}],
    ids=["any-etag", "future-date"],
)
def test_conditional_request_for_a_missing_page_is_still_404(client, meeting, headers):
    assert client.get("/meetings/no-such-meeting/", headers=headers).status_code == 404
    assert client.get("/meetings/cached-workshop/", headers=headers).status_code == 304


def test_streamed_export_is_served_from_the_cache_once_sent_whole(client, meeting):
    first, first_body, first_queries = get_counting_queries(client, "/meetings.csv")
    second, second_body, second_queries = get_counting_queries(client, "/meetings.csv")
    assert first.streaming
    assert first_queries > 1
    assert second_queries == 1
    assert second_body == first_body
    assert "Workshop on cached pages" in second_body.decode()
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert first["Content-Disposition"] == 'attachment; filename="meetings.csv"'


def test_streamed_export_left_unread_is_not_cached(client, meeting):
    client.get("/meetings.csv")  # The client went away before reading it.
    _, body, queries = get_counting_queries(client, "/meetings.csv")
    assert queries > 1
    assert "Workshop on cached pages" in body.decode()
