"""How the public data travels (opendata/delivery.py, CORS settings, the page cache's Vary):
read with `requests`, an independent HTTP client, from a live server."""

import csv
import gzip
import io

import pytest
import requests
from django.core.management import call_command
from icalendar import Calendar

LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DATA_PATHS = [
    "/api/",
    "/api/meetings/",
    "/api/meetings/accsm-21/",
    "/api/popolo.json",
    "/api/openapi.json",
    "/meetings.csv",
    "/participations.csv",
    "/officials.csv",
    "/meetings.ics",
    "/feeds/meetings/",
    "/sitemap.xml",
]


@pytest.fixture
def site(live_server, transactional_db):
    call_command("loaddata", "accsm", verbosity=0)
    return live_server.url


def get(site, path, **headers):
    return requests.get(site + path, headers={"Origin": "https://reader.example", **headers}, timeout=30)


@pytest.mark.parametrize("path", DATA_PATHS)
def test_public_data_is_readable_from_any_origin(site, path):
    response = get(site, path)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    # Never with cookies: "*" and credentials do not go together.
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_preflight_allows_only_reading(site):
    response = requests.options(
        site + "/api/meetings/",
        headers={"Origin": "https://reader.example", "Access-Control-Request-Method": "GET"},
        timeout=30,
    )
    assert response.status_code == 200
    allowed = {method.strip() for method in response.headers["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("path", ["/admin/login/", "/meetings/", "/"])
def test_admin_and_pages_are_not_shared_with_other_origins(site, path):
    assert "Access-Control-Allow-Origin" not in get(site, path).headers


@pytest.mark.parametrize("path", [*DATA_PATHS, "/meetings/", "/meetings/accsm-21/"])
def test_responses_are_compressed_when_asked(site, path):
    plain = requests.get(site + path, headers={"Accept-Encoding": "identity"}, timeout=30)
    packed = requests.get(site + path, headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    body = gzip.decompress(packed.raw.read())
    assert body == plain.content
    vary = {name.strip().lower() for name in packed.headers["Vary"].split(",")}
    assert {"accept", "accept-encoding", "cookie"} <= vary


def test_compressed_exports_parse(site):
    meetings = get(site, "/meetings.csv", **{"Accept-Encoding": "gzip"})
    assert meetings.headers["Content-Encoding"] == "gzip"
    rows = list(csv.DictReader(io.StringIO(meetings.text)))
    assert any(row["slug"] == "accsm-21" for row in rows)
    calendar = Calendar.from_ical(get(site, "/meetings.ics", **{"Accept-Encoding": "gzip"}).content)
    assert calendar.walk("VEVENT")


def test_revalidation_varies_on_accept_and_encoding(site):
    first = get(site, "/api/meetings/")
    again = get(site, "/api/meetings/", **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    vary = {name.strip().lower() for name in again.headers["Vary"].split(",")}
    assert {"accept", "accept-encoding"} <= vary


def test_admin_is_never_compressed(site):
    # A page with a CSRF token next to reflected text must not be compressed (BREACH).
    gzip_please = {"Accept-Encoding": "gzip"}
    response = requests.get(site + "/admin/login/?next=/admin/", headers=gzip_please, timeout=30)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers


@pytest.mark.parametrize("path", DATA_PATHS)
def test_data_responses_name_their_licence(site, path):
    assert get(site, path).links["license"]["url"] == LICENCE


def test_api_root_and_openapi_name_the_licence(site):
    assert get(site, "/api/").json()["licence"]["url"] == LICENCE
    assert get(site, "/api/openapi.json").json()["info"]["license"]["url"] == LICENCE


def test_compressed_downloads_are_not_compressed_twice(site):
    response = requests.get(
        site + "/data/meetings.csv.gz", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30
    )
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(response.raw.read()).decode())))
    assert any(row["slug"] == "accsm-21" for row in rows)
