"""The home page and the site search, as a visitor sees them."""

import re

import pytest

from tests.factories import text_of

pytestmark = pytest.mark.usefixtures("accsm_records")


def test_home_shows_counts_latest_meetings_search_and_chairs(client):
    response = client.get("/")
    text = text_of(response)
    assert response.status_code == 200
    assert "5 meetings" in text
    assert "5 officials" in text
    assert "Heads of Civil Service Meeting" in text
    assert 'role="search"' in response.content.decode()
    # The chairmanship timeline, oldest first.
    assert re.search(r"2021–2022 Viet Nam .*2022–2024 Brunei Darussalam .*2024–2026 Cambodia", text)


@pytest.mark.parametrize(
    ("query", "group", "expected"),
    [
        ("phantavong", "Officials", "Ekkaphab Phanthavong"),
        ("Ekkaphab Phantavong", "Officials", "Ekkaphab Phanthavong"),
        ("pham thi thanh tra", "Officials", "Pham Thi Thanh Tra"),
        ("Phạm Thị Thanh Trà", "Officials", "Pham Thi Thanh Tra"),
        ("Trà", "Officials", "Pham Thi Thanh Tra"),
        ("PHAM", "Officials", "Pham Thi Thanh Tra"),
        ("Vũ Chiến Thắng", "Officials", "Vu Chien Thang"),
        ("molisa", "Organisations", "Ministry of Labour, Invalids and Social Affairs"),
        (
            "Conference on Civil Service Matters",
            "Organisations",
            "ASEAN Cooperation on Civil Service Matters",
        ),
        ("ACCSM 21", "Meetings", "ACCSM 21"),
        ("modernising", "Meetings", "Heads of Civil Service Meeting"),
        ("acrf", "Declarations and plans", "ASEAN Comprehensive Recovery Framework"),
        ("care economy", "Declarations and plans", "ASEAN Comprehensive Framework on Care Economy"),
        ("brunei", "Countries", "Brunei Darussalam"),
        ("lao", "Countries", "Lao PDR"),
        # A country by its other names (people.CountryName): short, demonym and former names.
        ("Vietnam", "Countries", "Viet Nam"),
        ("Vietnamese", "Countries", "Viet Nam"),
        ("Laos", "Countries", "Lao PDR"),
        ("Burma", "Countries", "Myanmar"),
        ("East Timor", "Countries", "Timor-Leste"),
        # Letters and digits run together are two words, whichever way either side writes them.
        ("ACCSM22", "Meetings", "Heads of Civil Service Meeting"),
        # Sources, by headline and publisher.
        ("VNA", "Sources", "ASEAN heads of civil service meet in Hanoi"),
        ("Vietnam News Agency", "Sources", "ASEAN nations share practices in civil service reforms"),
    ],
)
def test_search_finds_records_by_any_name(client, query, group, expected):
    response = client.get("/search/", {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    section = re.search(rf"<h2 id=\"group-\d+\">{re.escape(group)}</h2>(.*?)</section>", html, re.S)
    assert section, f"no {group} group for {query!r}"
    assert expected in section.group(1)


def test_search_links_each_source_found_to_its_page(client):
    html = client.get("/search/", {"q": "VNA"}).content.decode()
    section = re.search(r"<h2 id=\"group-\d+\">Sources</h2>(.*?)</section>", html, re.S)
    assert section, "no Sources group"
    assert (
        '<a href="/sources/vna-heads-of-civil-service-hanoi/">'
        "ASEAN heads of civil service meet in Hanoi (Vietnam News Agency (VNA), English service)</a>"
    ) in section.group(1)


def test_search_does_not_match_inside_words(client):
    # "tra" starts "Tra" and "training" but is only inside "administration".
    response = client.get("/search/", {"q": "tra"})
    assert "Pham Thi Thanh Tra" in text_of(response)
    assert "Ha Thi Minh Duc" not in text_of(response)


def test_search_with_no_match_says_so(client):
    text = text_of(client.get("/search/", {"q": "zzyzx"}))
    assert "Nothing matches “zzyzx”" in text


def test_search_with_hostile_input_never_fails(client):
    for query in ["a" * 10_000, "\x00\x01", "' OR 1=1 --", "%_%", "<script>alert(1)</script>", "  "]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert b"<script>alert(1)</script>" not in response.content
