"""The API's index, its participations and sources endpoints, and how strictly lists read
their parameters (opendata/api.py)."""

import json

import pytest

pytestmark = pytest.mark.usefixtures("accsm_records")


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:400]
    return json.loads(response.content)


def slugs(data, field):
    return {row[field] for row in data["results"]}


def test_api_root_lists_every_endpoint_and_each_answers(client):
    endpoints = get_json(client, "/api/")["endpoints"]
    assert set(endpoints) >= {
        *("meetings", "participations", "officials", "organisations", "declarations", "countries"),
        *("sources", "popolo", "openapi", "docs", "data"),
    }
    for endpoint in endpoints.values():
        path = endpoint["url"].removeprefix("http://testserver")
        assert client.get(path).status_code == 200, path
        assert endpoint["description"]


def test_participations_list_every_published_participation_with_its_meeting(client):
    data = get_json(client, "/api/participations/")
    # The officials the articles name, and the organisations and countries at the meetings.
    assert data["count"] == 14
    first = data["results"][0]
    assert first["meeting_url"].endswith(f"/api/meetings/{first['meeting']}/")
    assert {"role", "official", "printed_name", "citations", "meeting_start_date"} <= set(first)
    # Each participation carries its citations, with the articles' words.
    cited = [citation for row in data["results"] for citation in row["citations"]]
    assert all(row["citations"] for row in data["results"])
    assert any(citation["quote"] for citation in cited)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("role=chair", {"chair"}),
        ("role=briefer", {"briefer"}),
    ],
)
def test_participations_filter_by_role(client, query, expected):
    assert {row["role"] for row in get_json(client, f"/api/participations/?{query}")["results"]} == expected


def test_participations_filter_by_meeting_official_country_and_year(client):
    by_meeting = get_json(client, "/api/participations/?meeting=accsm-21-heads-of-civil-service")
    assert by_meeting["count"] > 0
    assert slugs(by_meeting, "meeting") == {"accsm-21-heads-of-civil-service"}

    official = by_meeting["results"][0]["official"] or "ekkaphab-phanthavong"
    by_official = get_json(client, f"/api/participations/?official={official}")
    assert slugs(by_official, "official") == {official}

    assert get_json(client, "/api/participations/?year=2022")["count"] > 0
    assert get_json(client, "/api/participations/?year=1990")["count"] == 0
    assert get_json(client, "/api/participations/?country=vn")["count"] > 0
    asec = get_json(client, "/api/participations/?organisation=asean-secretariat")
    assert any(row["represents_organisation"] == "asean-secretariat" for row in asec["results"])


def test_sources_list_and_detail(client):
    data = get_json(client, "/api/sources/")
    # The two articles and the public pages cited for what they leave out.
    assert data["count"] == 27
    source = next(row for row in data["results"] if row["slug"] == "vna-heads-of-civil-service-hanoi")
    detail = get_json(client, source["api_url"].removeprefix("http://testserver"))
    assert detail["headline"] == source["headline"]
    assert detail["meetings"]
    # No address recorded is null, never "", which is not a URI.
    assert detail["url"] is None or detail["url"].startswith("http")


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/meetings/?colour=red", "colour"),
        ("/api/participations/?meeting_slug=x", "meeting_slug"),
        ("/api/sources/?q=vna", "q"),
        ("/api/meetings/accsm-21/?kind=heads", "kind"),
        ("/api/?x=1", "x"),
    ],
)
def test_unknown_parameter_is_named_in_a_400(client, url, parameter):
    data = get_json(client, url, status=400)
    expected = f"Unknown parameter “{parameter}”: leave it out, or check its spelling."
    assert data["errors"][parameter] == [expected]


@pytest.mark.parametrize("value", ["abc", "0", "-1", "101", "1.5", ""])
def test_bad_page_size_is_refused(client, value):
    data = get_json(client, f"/api/meetings/?page_size={value}", status=400)
    assert "page_size" in data["errors"]


@pytest.mark.parametrize("parameter", ["sort", "kind", "q", "country"])
def test_empty_parameter_is_refused(client, parameter):
    data = get_json(client, f"/api/meetings/?{parameter}=", status=400)
    assert data["errors"][parameter] == ["Give a value, or leave the parameter out."]


def test_filter_naming_no_record_is_404(client):
    data = get_json(client, "/api/meetings/?official=nobody-at-all", status=404)
    assert data["message"] == "There is no such record: official=nobody-at-all."


def test_page_size_in_range_is_taken(client):
    assert len(get_json(client, "/api/participations/?page_size=3")["results"]) == 3
