"""Each record's citations travel with it: in the API's detail endpoints and in Popolo
("accsm:citations"), each with its source and the source's own words."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType

from sources.models import Citation
from tests.factories import body_of, make_meeting, make_official, make_organisation, make_source

pytestmark = pytest.mark.django_db


def cite(record, source, **fields):
    return Citation.objects.create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, source=source, **fields
    )


@pytest.fixture
def cited():
    source = make_source(slug="vna-article", headline="An article", url="https://example.org/a")
    meeting = make_meeting(slug="a-meeting", status="published", city="Hanoi")
    official = make_official(slug="an-official")
    organisation = make_organisation(slug="a-body")
    cite(meeting, source, field="city", quote="in Hanoi", locator="paragraph 1")
    cite(meeting, source, field="start_date", basis="inferred", reasoning="The article's year.")
    cite(official, source, field="name", quote="An Official")
    cite(organisation, source)
    return source


def test_api_detail_gives_each_citation_with_its_words(client, cited):
    data = json.loads(client.get("/api/meetings/a-meeting/").content)
    by_field = {citation["field"]: citation for citation in data["citations"]}
    assert by_field["city"]["quote"] == "in Hanoi"
    assert by_field["city"]["locator"] == "paragraph 1"
    assert by_field["city"]["source_url"].endswith("/api/sources/vna-article/")
    assert by_field["start_date"]["basis"] == "inferred"
    assert by_field["start_date"]["quote"] == ""
    official = json.loads(client.get("/api/officials/an-official/").content)
    assert [c["quote"] for c in official["citations"]] == ["An Official"]
    organisation = json.loads(client.get("/api/organisations/a-body/").content)
    assert [c["field"] for c in organisation["citations"]] == [""]


def test_popolo_gives_each_record_its_citations_and_their_sources(client, cited):
    document = json.loads(body_of(client.get("/api/popolo.json")))
    event = next(e for e in document["events"] if e["id"].endswith("a-meeting"))
    assert {"url": "https://example.org/a", "note": str(cited)} in event["sources"]
    quotes = {c.get("field"): c.get("quote") for c in event["accsm:citations"]}
    assert quotes == {"city": "in Hanoi", "start_date": None}
    person = next(p for p in document["persons"] if p["id"].endswith("an-official"))
    assert person["accsm:citations"] == [
        {"field": "name", "source": "https://example.org/a", "quote": "An Official", "basis": "stated"}
    ]
    organization = next(o for o in document["organizations"] if o["id"].endswith("a-body"))
    assert organization["accsm:citations"] == [{"source": "https://example.org/a", "basis": "stated"}]
    assert "accsm:citations" in document["accsm:extensions"]
