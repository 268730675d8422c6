"""The read-only JSON API: lists filtered like the HTML lists, details, errors and the OpenAPI document."""

import json

import pytest

from people.models import Country
from tests import world
from tests.factories import listed_names


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/") and "json" in response["Content-Type"]
    return json.loads(response.content)


@pytest.mark.usefixtures("accsm_records")
class TestWithRecords:
    def test_meeting_list_paginates_with_links_to_records(self, client):
        data = get_json(client, "/api/meetings/")
        assert data["count"] == 5
        assert data["next"] is None and data["previous"] is None
        first = data["results"][0]
        assert first["url"].startswith("http://testserver/api/meetings/")
        assert first["html_url"].startswith("http://testserver/meetings/")

    def test_meeting_list_takes_the_html_list_filters(self, client):
        data = get_json(client, "/api/meetings/?year=2022&kind=heads&country=vn")
        assert [m["slug"] for m in data["results"]] == ["accsm-21-heads-of-civil-service"]
        assert data["results"][0]["start_date"] == "2022-08-05"
        by_official = get_json(client, "/api/meetings/?official=pham-thi-thanh-tra&sort=oldest")
        assert [m["slug"] for m in by_official["results"]] == ["accsm-21", "accsm-21-heads-of-civil-service"]

    def test_meeting_list_and_html_list_agree_on_every_filter(self, client):
        for query in [
            "year=2021",
            "kind=som",
            "format=virtual",
            "q=modernising",
            "organisation=moha-viet-nam",
        ]:
            api_names = [m["name"] for m in get_json(client, f"/api/meetings/?{query}")["results"]]
            assert api_names == listed_names(client.get(f"/meetings/?{query}")), query

    def test_meeting_detail_has_participants_declarations_outcomes_and_sources(self, client):
        data = get_json(client, "/api/meetings/accsm-21-heads-of-civil-service/")
        assert data["parent"] == "accsm-21"
        assert data["date"] == "5 August 2022"
        chair = [p for p in data["participations"] if p["role"] == "chair"]
        assert chair[0]["official"] == "pham-thi-thanh-tra"
        briefer = [p for p in data["participations"] if p["role"] == "briefer"][0]
        assert briefer["printed_name"] == "Ekkaphab Phantavong"
        assert any(d["declaration"] == "accsm-work-plan-2021-2025" for d in data["declarations"])
        assert any(o["kind"] == "handover" for o in data["outcomes"])
        assert data["sources"][0]["publisher"].startswith("Vietnam News Agency")

    def test_year_precision_is_kept_in_the_api(self, client):
        # The fixture dates ACCSM 21 by its parts (3–5 August 2022); known only to the year here.
        from meetings.models import Meeting

        accsm_21 = Meeting.objects.get(slug="accsm-21")
        accsm_21.end_date, accsm_21.date_precision = None, "year"
        accsm_21.save()
        data = get_json(client, "/api/meetings/accsm-21/")
        assert data["start_date"] == "2022"
        assert data["date_precision"] == "year"

    def test_official_detail_lists_aliases_positions_and_meetings(self, client):
        data = get_json(client, "/api/officials/ekkaphab-phanthavong/")
        assert "Ekkaphab Phantavong" in [alias["name"] for alias in data["aliases"]]
        assert data["country"] == "la"
        assert [p["meeting"] for p in data["participations"]] == [
            "accsm-21-heads-of-civil-service",
            "civil-service-reform-workshop-2021",
        ]

    def test_official_list_search_finds_misspelt_alias(self, client):
        data = get_json(client, "/api/officials/?q=phantavong")
        assert [o["slug"] for o in data["results"]] == ["ekkaphab-phanthavong"]

    def test_organisation_declaration_and_country_endpoints(self, client):
        accsm = get_json(client, "/api/organisations/accsm/")
        assert "ASEAN Conference on Civil Service Matters" in [n["name"] for n in accsm["alternative_names"]]
        frameworks = get_json(client, "/api/declarations/?kind=framework&year=2020")
        assert [d["slug"] for d in frameworks["results"]] == ["acrf"]
        work_plan = get_json(client, "/api/declarations/accsm-work-plan-2021-2025/")
        assert (work_plan["period_start"], work_plan["period_end"]) == (2021, 2025)
        countries = get_json(client, "/api/countries/?asean_status=plus_three")
        assert [c["code"] for c in countries["results"]] == ["cn", "jp", "kr"]
        assert get_json(client, "/api/countries/VN/")["name"] == "Viet Nam"

    def test_country_joined_asean_is_given_at_its_precision(self, client):
        lao = get_json(client, "/api/countries/la/")
        assert (lao["joined_asean"], lao["joined_asean_precision"]) == ("1997-07-23", "day")
        country = Country.objects.get(code="LA")
        country.joined_asean_precision = "year"
        country.save()
        lao = get_json(client, "/api/countries/la/")
        assert (lao["joined_asean"], lao["joined_asean_precision"]) == ("1997", "year")
        assert get_json(client, "/api/countries/jp/")["joined_asean"] is None

    @pytest.mark.parametrize(
        ("url", "status", "message"),
        [
            ("/api/meetings/?year=abc", 400, "Some of the request was not understood."),
            ("/api/meetings/?country=zz", 404, "There is no such record: country=zz."),
            ("/api/meetings/?page_size=0", 400, "Some of the request was not understood."),
            ("/api/meetings/?colour=red", 400, "Some of the request was not understood."),
            ("/api/meetings/?page=9999", 404, "There is no page 9999. It lies beyond the last page."),
            ("/api/meetings/no-such-meeting/", 404, "No Meeting matches the given query."),
            ("/api/countries/xx/", 404, "No Country matches the given query."),
            ("/api/nothing-here/", 404, "There is no API endpoint at /api/nothing-here/."),
        ],
    )
    def test_errors_are_json_with_a_message(self, client, url, status, message):
        data = get_json(client, url, status=status)
        assert data["message"] == message
        assert data["status"] == status

    def test_invalid_filter_names_the_field(self, client):
        data = get_json(client, "/api/meetings/?year=abc", status=400)
        assert data["errors"] == {"year": ["Enter a whole number."]}


def test_openapi_document_describes_every_endpoint_and_filter(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    for name in ["meetings", "officials", "organisations", "declarations", "countries"]:
        assert f"/api/{name}/" in paths
    detail = paths["/api/countries/{code}/"]
    assert detail["get"]
    parameters = {p["name"] for p in paths["/api/meetings/"]["get"]["parameters"]}
    assert {"q", "year", "kind", "country", "format", "official", "organisation", "declaration"} <= parameters
    assert {"date_after", "date_before", "page", "sort"} <= parameters


@pytest.mark.parametrize(
    "url",
    [
        "/api/meetings/",
        "/api/meetings/?country=vn&year=2000&kind=workshop&official=anchor-official",
        "/api/meetings/anchor-meeting/",
        "/api/officials/",
        "/api/officials/anchor-official/",
        "/api/organisations/",
        "/api/organisations/anchor-body/",
        "/api/declarations/",
        "/api/declarations/anchor-declaration/",
        "/api/countries/",
        "/api/countries/vn/",
    ],
)
def test_api_query_count_is_the_same_at_1_and_30_rows(client, db, url):
    (small, _), (large, _) = world.queries_at_1_and_30_rows(lambda: get_json(client, url))
    assert small == large, f"{url}: {small} queries with 1 row, {large} with 30"
