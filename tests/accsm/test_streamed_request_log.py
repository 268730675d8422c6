"""The request log of a streamed export (accsm/operations.py) says what the client got: it is written
when the stream ends, with the bytes sent and whether the stream was complete, failed or was closed
before its end; and what is logged while the stream is produced carries the request's id."""

import logging

import psycopg2
import pytest
from django.db import DatabaseError, connection

from tests.factories import bulk_meetings, make_meeting


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="accsm.requests")
    return lambda path: [r for r in caplog.records if r.name == "accsm.requests" and r.path == path]


def test_streamed_export_is_logged_once_sent_whole_with_its_size(client, db, request_log):
    make_meeting(slug="logged-meeting", name="Meeting in a logged export")
    response = client.get("/meetings.csv")
    # Nothing has been sent yet, so nothing is logged yet.
    assert request_log("/meetings.csv") == []
    body = b"".join(response.streaming_content)
    assert b"Meeting in a logged export" in body
    (line,) = request_log("/meetings.csv")
    assert (line.levelname, line.status, line.outcome, line.bytes) == ("INFO", 200, "complete", len(body))
    assert line.request_id == response["X-Request-ID"]


def test_streamed_export_closed_by_the_server_before_its_end_is_logged_so(client, db, request_log):
    bulk_meetings(1500)
    response = client.get("/meetings.csv")
    first = next(iter(response.streaming_content))
    # What the server does when the client goes away: close the response without reading on.
    response.close()
    (line,) = request_log("/meetings.csv")
    assert (line.status, line.outcome, line.bytes) == (200, "closed before the end", len(first))


def test_streamed_export_cut_by_a_lost_database_is_logged_as_failed(client, db, request_log):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL, whose server can end this test's connection (the suite's second run)")
    # More meetings than the export reads at a time (CHUNK_SIZE), so that it reads again mid-stream.
    bulk_meetings(2500)
    response = client.get("/meetings.csv")
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first.startswith(b"slug,name,")
    # The database server ends the connection the export is reading from, as a restart or failover would.
    settings = connection.settings_dict
    with psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
    ) as other:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [connection.connection.get_backend_pid()])
    with pytest.raises(DatabaseError):
        for _ in chunks:
            pass
    (line,) = request_log("/meetings.csv")
    # The client was told 200, then the connection was cut: the log says both.
    assert (line.levelname, line.status, line.outcome) == ("ERROR", 200, "failed")
    assert len(first) <= line.bytes
    assert line.request_id == response["X-Request-ID"]
    assert line.exc_info
