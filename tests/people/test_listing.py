"""Paging: lists count every row but page through a bounded number of them."""

import pytest

from core.paging import BoundedPaginator
from tests.factories import make_meeting


@pytest.fixture
def fifty_meetings(db, monkeypatch):
    """Fifty meetings, with lists bounded at 40 rows (two pages of 20) instead of 10,000."""
    monkeypatch.setattr(BoundedPaginator, "max_rows", 40)
    for number in range(50):
        make_meeting(slug=f"bounded-{number:02}", name=f"Bounded meeting {number:02}")


def test_list_beyond_its_bound_counts_every_row_and_says_how_to_reach_the_rest(client, fifty_meetings):
    response = client.get("/meetings/?page=2")
    text = response.content.decode()
    assert response.status_code == 200
    assert "50" in text
    assert "Page 2 of 2" in text
    assert "Only the first 40 of the 50 results can be paged through" in text
    assert "reverse the sort" in text


def test_list_page_past_its_bound_shows_the_last_page_with_the_reason(client, fifty_meetings):
    response = client.get("/meetings/?page=3")
    text = response.content.decode()
    assert response.status_code == 400
    assert "Only the first 40 of the 50 results can be paged through" in text
    assert "Showing page 2." in text


def test_api_page_past_its_bound_is_404_with_the_reason(client, fifty_meetings):
    response = client.get("/api/meetings/?page=3")
    assert response.status_code == 404
    assert response.json()["message"].startswith(
        "There is no page 3. Only the first 40 of the 50 results can be paged through"
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
