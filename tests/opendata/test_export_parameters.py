"""Every export answers a parameter it does not take with a 400 naming it: a misspelt filter
silently ignored would hand back the whole dataset as if it were the selection asked for."""

import csv
import io
import json

import feedparser
import pytest

pytestmark = pytest.mark.usefixtures("accsm_records")


@pytest.mark.parametrize(
    "url",
    [
        "/meetings.csv?colour=red",
        "/participations.csv?colour=red",
        "/officials.csv?colour=red",
        "/meetings.ics?colour=red",
        "/meetings/accsm-21.ics?colour=red",
        "/feeds/officials/ekkaphab-phanthavong/?colour=red",
        "/feeds/countries/vn/?colour=red",
    ],
)
def test_export_refuses_an_unknown_parameter_by_name(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "“colour”" in response.content.decode()


def test_popolo_refuses_parameters_in_json(client):
    response = client.get("/api/popolo.json?country=vn")
    assert response.status_code == 400
    assert "country" in json.loads(response.content)["errors"]


def rows(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_participations_csv_takes_a_meeting_and_a_role(client):
    everyone = rows(client.get("/participations.csv"))
    one_meeting = rows(client.get("/participations.csv?meeting=accsm-21-heads-of-civil-service"))
    assert 0 < len(one_meeting) < len(everyone)
    assert {row["meeting"] for row in one_meeting} == {"accsm-21-heads-of-civil-service"}
    briefers = rows(client.get("/participations.csv?role=briefer&bom=0"))
    assert briefers and {row["role"] for row in briefers} == {"briefer"}


def test_participations_csv_names_a_meeting_it_does_not_know(client):
    response = client.get("/participations.csv?meeting=no-such-meeting")
    assert response.status_code == 400
    assert "Meeting" in response.content.decode()


def test_record_feeds_still_parse_without_parameters(client):
    feed = feedparser.parse(client.get("/feeds/countries/vn/").content)
    assert not feed.bozo
    assert feed.entries
