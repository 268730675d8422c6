"""Every page's footer states the data licence, linked as the licence (rel="license"), and points
to the data page."""

import pytest
from lxml import html as lxml_html

from core import licence

pytestmark = pytest.mark.usefixtures("accsm_records")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/meetings/",
        "/meetings/?year=abc",
        "/meetings/accsm-21/",
        "/officials/",
        "/officials/chu-tuan-tu/",
        "/organisations/",
        "/organisations/accsm/",
        "/declarations/",
        "/declarations/acrf/",
        "/countries/",
        "/countries/vn/",
        "/sources/vna-heads-of-civil-service-hanoi/",
        "/search/?q=hanoi",
        "/no-such-page/",
    ],
)
def test_every_page_footer_names_the_licence(client, url):
    page = lxml_html.fromstring(client.get(url).content)
    (footer,) = page.xpath("//footer")
    (licence_link,) = footer.xpath('.//a[@rel="license"]')
    assert licence_link.get("href") == licence.LICENCE_URL
    assert licence.LICENCE_NAME in licence_link.text_content()
    assert footer.xpath('.//a[@href="/data/"]'), "no link to the data page"
