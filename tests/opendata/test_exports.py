"""The CSV exports, read with the csv module and compared with the lists and the records."""

import csv
import io

import pytest

from meetings.models import Meeting, Participation
from opendata.exports import spreadsheet_safe
from sources.models import Citation
from tests import world
from tests.factories import body_of, listed_names


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # newline="": line breaks inside quoted cells are part of the cell.
    return list(csv.DictReader(io.StringIO(body_of(response).decode("utf-8"), newline="")))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Hanoi", "Hanoi"),
        (None, ""),
        (21, "21"),
    ],
)
def test_spreadsheet_safe_neutralises_formulas(value, expected):
    assert spreadsheet_safe(value) == expected


@pytest.mark.usefixtures("accsm_records")
class TestWithRecords:
    def test_meetings_csv_matches_the_filtered_html_list(self, client):
        rows = read_csv(client.get("/meetings.csv?year=2022&country=vn"))
        assert [row["name"] for row in rows] == listed_names(client.get("/meetings/?year=2022&country=vn"))
        heads = next(row for row in rows if row["slug"] == "accsm-21-heads-of-civil-service")
        assert heads["start_date"] == "2022-08-05"
        assert heads["date"] == "5 August 2022"
        assert heads["city"] == "Hanoi" and heads["country"] == "vn"
        assert heads["parent"] == "accsm-21"
        assert heads["url"] == "http://testserver/meetings/accsm-21-heads-of-civil-service/"

    def test_meetings_csv_neutralises_formula_cells(self, client):
        Meeting.objects.create(
            status="published",
            slug="formula",
            name='=HYPERLINK("http://x")',
            kind="other",
            start_date="2023-01-01",
            theme="@risk",
        )
        rows = read_csv(client.get("/meetings.csv?year=2023"))
        assert rows[0]["name"] == '\'=HYPERLINK("http://x")'
        assert rows[0]["theme"] == "'@risk"

    def test_meetings_csv_invalid_filter_is_a_400_naming_it(self, client):
        response = client.get("/meetings.csv?year=abc")
        assert response.status_code == 400
        assert "The filter “Year” was not understood" in response.content.decode()

    def test_officials_csv_has_aliases_and_positions(self, client):
        rows = read_csv(client.get("/officials.csv?q=phantavong"))
        assert len(rows) == 1
        assert "Ekkaphab Phantavong" in rows[0]["aliases"]
        assert "Deputy Secretary-General of ASEAN" in rows[0]["positions"]
        assert rows[0]["country"] == "la"

    def test_participations_csv_follows_the_meeting_filters(self, client):
        rows = read_csv(client.get("/participations.csv?kind=heads"))
        assert {row["meeting"] for row in rows} == {"accsm-21-heads-of-civil-service"}
        chair = next(row for row in rows if row["role"] == "chair")
        assert chair["participant"] == "pham-thi-thanh-tra"
        assert chair["participant_type"] == "official"
        briefer = next(row for row in rows if row["role"] == "briefer")
        assert briefer["printed_name"] == "Ekkaphab Phantavong"
        assert briefer["sources"].split() == ["vna-heads-of-civil-service-hanoi"]
        # Each quote its citations give, one to a line.
        quotes = briefer["quotes"].split("\n")
        assert quotes and all(quote in briefer_evidence() for quote in quotes)


def briefer_evidence():
    """The words the citations of the briefer at the Heads meeting quote."""
    briefer = Participation.objects.get(meeting__slug="accsm-21-heads-of-civil-service", role="briefer")
    return {citation.quote for citation in Citation.objects.of(briefer) if citation.quote}


@pytest.mark.parametrize(
    "url", ["/meetings.csv", "/meetings.csv?country=vn", "/officials.csv", "/participations.csv"]
)
def test_csv_query_count_is_the_same_at_1_and_30_rows(client, db, url):
    (small, small_rows), (large, large_rows) = world.queries_at_1_and_30_rows(
        lambda: read_csv(client.get(url))
    )
    assert small == large, f"{url}: {small} queries with 1 row, {large} with 30"
    assert len(large_rows) > len(small_rows) > 0
