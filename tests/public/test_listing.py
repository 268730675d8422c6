"""What every list page shares (public/listing.py): paging that counts every row but pages through a
bounded number of them, and links to the same rows in other formats."""

import pytest

from core.paging import MAX_BROWSABLE_ROWS, BoundedPaginator
from tests.factories import make_meeting

# The bound these tests set in place of MAX_BROWSABLE_ROWS, so that fifty meetings go beyond it.
TEST_BOUND = 40


@pytest.fixture
def fifty_meetings(db, monkeypatch):
    """Fifty meetings, with lists bounded at TEST_BOUND rows (two pages of 20), not MAX_BROWSABLE_ROWS."""
    assert BoundedPaginator.max_rows == MAX_BROWSABLE_ROWS > 50
    monkeypatch.setattr(BoundedPaginator, "max_rows", TEST_BOUND)
    for number in range(50):
        make_meeting(slug=f"bounded-{number:02}", name=f"Bounded meeting {number:02}")


def test_list_beyond_its_bound_counts_every_row_and_says_how_to_reach_the_rest(client, fifty_meetings):
    response = client.get("/meetings/?page=2")
    text = response.content.decode()
    assert response.status_code == 200
    assert "50" in text
    assert "Page 2 of 2" in text
    assert f"Only the first {TEST_BOUND} of the 50 results can be paged through" in text
    assert "reverse the sort" in text


def test_list_page_past_its_bound_shows_the_last_page_with_the_reason(client, fifty_meetings):
    response = client.get("/meetings/?page=3")
    text = response.content.decode()
    assert response.status_code == 400
    assert f"Only the first {TEST_BOUND} of the 50 results can be paged through" in text
    assert "Showing page 2." in text


def test_api_page_past_its_bound_is_404_with_the_reason(client, fifty_meetings):
    response = client.get("/api/meetings/?page=3")
    assert response.status_code == 404
    assert response.json()["message"].startswith(
        f"There is no page 3. Only the first {TEST_BOUND} of the 50 results can be paged through"
    )
    within = client.get("/api/meetings/?page=2").json()
    assert within["count"] == 50
    assert within["next"] is None


def test_list_within_its_bound_says_nothing_of_it(client, db):
    for number in range(25):
        make_meeting(slug=f"small-{number:02}", name=f"Small meeting {number:02}")
    text = client.get("/meetings/?page=2").content.decode()
    assert "Page 2 of 2" in text
    assert "can be paged through" not in text


@pytest.mark.usefixtures("accsm_records")
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/meetings/?country=vn",
            [
                "/api/meetings/?country=vn",
                "/meetings.csv?country=vn",
                "/meetings.ics?country=vn",
                "/feeds/meetings/?country=vn",
            ],
        ),
        ("/meetings/accsm-21/", ["/api/meetings/accsm-21/", "/meetings/accsm-21.ics"]),
        ("/officials/?country=vn", ["/api/officials/?country=vn", "/officials.csv?country=vn"]),
        (
            "/officials/chu-tuan-tu/",
            [
                "/api/officials/chu-tuan-tu/",
                "/feeds/officials/chu-tuan-tu/",
                "/meetings.csv?official=chu-tuan-tu",
            ],
        ),
        ("/organisations/accsm/", ["/api/organisations/accsm/", "/feeds/organisations/accsm/"]),
        ("/declarations/acrf/", ["/api/declarations/acrf/", "/meetings.ics?declaration=acrf"]),
        ("/countries/vn/", ["/api/countries/vn/", "/feeds/countries/vn/", "/meetings.ics?country=vn"]),
    ],
)
def test_pages_link_to_their_data_formats(client, url, expected):
    html = client.get(url).content.decode()
    for link in expected:
        assert f'href="{link}"' in html, link
    # Every linked format answers.
    for link in expected:
        assert client.get(link).status_code == 200, link
