"""A list's data links carry what the exports and the API take: the filters in force and the sort,
never empty fields, stray parameters or a page, which they would refuse with a 400."""

import re

import pytest

pytestmark = pytest.mark.usefixtures("accsm_records")

LISTS = [
    "/meetings/?q=&kind=heads&country=vn&sort=oldest&page=1&utm_source=newsletter",
    "/officials/?q=&country=vn&sort=name&fbclid=abc",
    "/organisations/?classification=ministry&q=&ref=x",
    "/declarations/?kind=&year=2022&x=1",
    "/countries/?q=&asean_status=member&y=2",
]


def data_links(html):
    block = html.split('class="data-links"', 1)[1].split("</aside>", 1)[0]
    return [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]+)"', block)]


@pytest.mark.parametrize("url", LISTS)
def test_every_data_link_of_a_filtered_list_answers(client, url):
    links = data_links(client.get(url).content.decode())
    assert links
    for link in links:
        assert "page=" not in link and "=&" not in link and not link.endswith("=")
        response = client.get(link)
        assert response.status_code == 200, (link, response.content[:300])


def test_meeting_list_links_keep_filters_and_sort(client):
    links = data_links(client.get(LISTS[0]).content.decode())
    assert "/meetings.csv?kind=heads&country=vn&sort=oldest" in links
    assert "/api/meetings/?kind=heads&country=vn&sort=oldest" in links
