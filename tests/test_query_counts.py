"""Every list and detail page runs the same number of SQL queries with 1 and with 30 rows behind it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import world

PAGES = [
    "/",
    "/meetings/",
    "/meetings/?country=vn&year=2000&kind=workshop&sort=oldest",
    "/meetings/?official=anchor-official&organisation=anchor-body&declaration=anchor-declaration",
    "/meetings/?q=meeting",
    "/meetings/anchor-meeting/",
    "/officials/",
    "/officials/?organisation=anchor-body&country=vn&q=official",
    "/officials/anchor-official/",
    "/organisations/",
    "/organisations/?classification=department&country=vn",
    "/organisations/anchor-body/",
    "/declarations/",
    "/declarations/?kind=action_plan&year=2020",
    "/declarations/anchor-declaration/",
    "/countries/",
    "/countries/vn/",
    "/sources/anchor-source/",
    "/search/?q=meeting",
]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(captured.captured_queries), response


@pytest.mark.parametrize("url", PAGES)
def test_page_query_count_is_the_same_at_1_and_30_rows(client, db, url):
    world.grow(1)
    small, small_response = queries_for(client, url)
    world.grow(29)
    large, large_response = queries_for(client, url)
    assert small == large, f"{url}: {small} queries with 1 row, {large} with 30"
    # The larger world really is behind the page (the pages are not empty).
    assert large_response.content != small_response.content
