"""Running the site (accsm/operations.py): the health check, and one JSON log line per request carrying
the id the request was answered with, errors included."""

import io
import json
import logging

import pytest
from django.db import OperationalError, connection
from django.urls import include, path

from accsm.operations import JsonFormatter


def broken_page(request):
    raise ValueError("boom")


# The site's pages and one that fails, for the test of how errors are logged.
urlpatterns = [path("broken/", broken_page), path("", include("accsm.urls"))]


@pytest.fixture
def log_lines(caplog):
    """The JSON lines the site writes through the handler the settings configure, as a collector reads."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    # Whatever DJANGO_LOG_LEVEL the suite runs with, the request log is written.
    caplog.set_level(logging.INFO, logger="accsm.requests")
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)


def request_lines(lines):
    """The request log's lines, one per request, by path."""
    return {line["path"]: line for line in lines if line["logger"] == "accsm.requests"}


def test_health_check_reports_a_reachable_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_health_check_reports_an_unreachable_database(client, db, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    # The database driver is what fails here, not our code; restored before the test database is torn down.
    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", unreachable)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_every_request_is_logged_with_the_id_it_was_answered_with(client, db, log_lines):
    new_id = client.get("/meetings/")
    proxy_id = client.get("/officials/", headers={"x-request-id": "edge-1234"})
    assert proxy_id["X-Request-ID"] == "edge-1234"
    assert len(new_id["X-Request-ID"]) == 32
    logged = request_lines(log_lines())
    assert logged["/meetings/"]["request_id"] == new_id["X-Request-ID"]
    assert logged["/officials/"]["request_id"] == "edge-1234"
    line = logged["/meetings/"]
    assert (line["level"], line["method"], line["status"]) == ("INFO", "GET", 200)
    assert isinstance(line["duration_ms"], float)


def test_request_id_from_outside_is_kept_only_if_it_is_safe(client, db, log_lines):
    response = client.get("/robots.txt", headers={"x-request-id": "bad id\nINJECTED"})
    assert response["X-Request-ID"] != "bad id\nINJECTED"
    assert len(response["X-Request-ID"]) == 32
    assert request_lines(log_lines())["/robots.txt"]["request_id"] == response["X-Request-ID"]


@pytest.mark.urls(__name__)
def test_errors_are_logged_with_the_id_of_the_request_that_failed(client, db, log_lines):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    lines = log_lines()
    (error,) = [line for line in lines if line["level"] == "ERROR"]
    assert error["request_id"] == response["X-Request-ID"]
    assert error["message"] == "Internal Server Error: /broken/"
    assert "ValueError: boom" in error["error"]
    assert request_lines(lines)["/broken/"]["request_id"] == response["X-Request-ID"]
