"""With the database unreachable, an export answers 503 (opendata/streaming.py) rather than a 200 and a
header row followed by a cut connection, and the request log records the 503 the client got.

The site runs as in production, in gunicorn with debug off, with DATABASE_URL at a PostgreSQL port
where nothing listens: every connection is refused, as when the database server is down, whichever
database the rest of the suite runs on. (Django's test client cannot do this: the test database is
opened before the test, in the test's own process.)
"""

import json

import pytest

from tests.accsm.services import Gunicorn, closed_port, fetch

HTML_EXPORTS = ["/meetings.csv", "/officials.csv", "/participations.csv", "/meetings.ics"]


@pytest.fixture(scope="module")
def site_without_database(tmp_path_factory):
    database_url = f"postgres://postgres@127.0.0.1:{closed_port()}/accsm"
    server = Gunicorn(tmp_path_factory.mktemp("outage") / "gunicorn.log", DATABASE_URL=database_url)
    yield server
    server.stop()


@pytest.mark.parametrize("path", HTML_EXPORTS)
def test_export_with_database_down_answers_the_503_page(site_without_database, path):
    status, headers, body = fetch(site_without_database.url + path)
    assert status == 503
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Retry-After"] == "60"
    assert "<h1>Temporarily unavailable</h1>" in body.decode()
    assert "try again in a minute" in body.decode()


def test_popolo_export_with_database_down_answers_503_in_the_api_json(site_without_database):
    status, headers, body = fetch(site_without_database.url + "/api/popolo.json")
    assert status == 503
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "message": "The records cannot be read just now; please try again in a minute.",
        "status": 503,
    }


def test_export_with_database_down_is_logged_with_the_503_sent(site_without_database):
    for path in [*HTML_EXPORTS, "/api/popolo.json"]:
        status, headers, _ = fetch(site_without_database.url + path)
        assert status == 503
        request_id = headers["X-Request-ID"]
        lines = [line for line in site_without_database.log_lines() if line["request_id"] == request_id]
        (request,) = [line for line in lines if line["logger"] == "accsm.requests"]
        assert (request["path"], request["status"]) == (path, 503)
        # Why, in one line; no traceback for a database that is down.
        (cause,) = [line for line in lines if line["logger"] == "opendata.streaming"]
        assert cause["message"].startswith("export unavailable: the database cannot be read (Operational")
        assert "error" not in cause
