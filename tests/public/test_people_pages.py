"""The public official, organisation and country pages, as a visitor sees them."""

import datetime
import re

import pytest

from meetings.queries import LATEST_MEETINGS_SHOWN
from people.models import Country, Organisation
from public.views import RELATED_LIMIT
from tests.factories import listed_names, make_meeting, make_official, make_participation, text_of

pytestmark = pytest.mark.usefixtures("accsm_records")


def test_official_list_shows_every_official_with_country_and_post(client):
    response = client.get("/officials/")
    text = text_of(response)
    assert listed_names(response) == [
        "Chu Tuan Tu",
        "Ekkaphab Phanthavong",
        "Ha Thi Minh Duc",
        "Pham Thi Thanh Tra",
        "Vu Chien Thang",
    ]
    assert "(Phạm Thị Thanh Trà)" in text
    assert "Minister of Home Affairs" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=vn", ["Chu Tuan Tu", "Ha Thi Minh Duc", "Pham Thi Thanh Tra", "Vu Chien Thang"]),
        ("country=LA", ["Ekkaphab Phanthavong"]),
        ("organisation=moha-viet-nam", ["Chu Tuan Tu", "Pham Thi Thanh Tra", "Vu Chien Thang"]),
        ("q=phantavong", ["Ekkaphab Phanthavong"]),
        ("q=thắng", ["Vu Chien Thang"]),
    ],
)
def test_official_list_filters_narrow_the_results(client, query, expected):
    assert listed_names(client.get(f"/officials/?{query}")) == expected


def test_official_list_unknown_country_is_reported(client):
    response = client.get("/officials/?country=xx")
    assert response.status_code == 400
    assert "The filter “Country” was not understood" in text_of(response)


def test_official_detail_shows_names_positions_and_meetings(client):
    response = client.get("/officials/ekkaphab-phanthavong/")
    text = text_of(response)
    assert response.status_code == 200
    assert "<title>Ekkaphab Phanthavong · ACCSM Records</title>" in response.content.decode()
    assert "Home Officials Ekkaphab Phanthavong" in text
    assert "Ekkaphab Phantavong" in text  # the misspelt alias, with where it was seen
    assert "Deputy Secretary-General of ASEAN" in text
    assert "(2021–2024)" in text
    # Newest meeting first, each with role and statement.
    assert text.index("Heads of Civil Service Meeting") < text.index("Training workshop")
    assert "Briefer" in text and "Speaker" in text
    assert "new normal" in text


def test_official_detail_shows_native_script_name(client):
    text = text_of(client.get("/officials/pham-thi-thanh-tra/"))
    assert "Phạm Thị Thanh Trà" in text
    assert "Minister of Home Affairs" in text
    assert "from April 2021" in text
    assert "Chair" in text


def test_organisation_list_filters_by_classification_and_country(client):
    names = listed_names(client.get("/organisations/?classification=ministry&country=vn"))
    assert names == [
        "Ministry of Home Affairs",
        "Ministry of Labour, Invalids and Social Affairs (MOLISA)",
    ]


def test_organisation_detail_shows_hierarchy_names_officials_and_meetings(client):
    text = text_of(client.get("/organisations/moha-viet-nam/"))
    assert "Country Viet Nam" in text
    assert "International Cooperation Department" in text  # a part of it
    assert "Pham Thi Thanh Tra, Minister of Home Affairs" in text
    assert "Training workshop" in text  # hosted


def test_organisation_detail_shows_former_names(client):
    text = text_of(client.get("/organisations/accsm/"))
    assert "ASEAN Conference on Civil Service Matters" in text
    assert "former name" in text


def test_organisation_detail_of_a_department_shows_its_parent(client):
    text = text_of(client.get("/organisations/moha-international-cooperation/"))
    assert "Part of Ministry of Home Affairs" in text
    assert "Chu Tuan Tu" in text


def test_country_list_shows_all_countries_and_filters_by_status(client):
    assert len(listed_names(client.get("/countries/"))) == 14
    assert listed_names(client.get("/countries/?asean_status=plus_three")) == [
        "China",
        "Japan",
        "Republic of Korea",
    ]


def test_country_detail_shows_status_chairmanships_meetings_and_officials(client):
    response = client.get("/countries/bn/")
    text = text_of(response)
    assert "ASEAN member state, since 7 January 1984" in text
    assert "ACCSM, 2022–2024" in text
    assert "received the chair at Heads of Civil Service Meeting" in text
    viet_nam = text_of(client.get("/countries/vn/"))
    assert "Meetings held in Viet Nam" in viet_nam
    assert "Heads of Civil Service Meeting" in viet_nam
    assert "Pham Thi Thanh Tra" in viet_nam


def test_country_detail_accepts_upper_case_code_and_404s_on_unknown(client):
    assert client.get("/countries/VN/").status_code == 200
    assert client.get("/countries/xx/").status_code == 404


def numbered_meetings(count, **fields):
    """``count`` meetings "Meeting number 000", "001", ..., a month apart from 2030 (after every fixture
    meeting), oldest first."""
    first_day = datetime.date(2030, 1, 1)
    return [
        make_meeting(
            slug=f"meeting-{number:03}",
            name=f"Meeting number {number:03}",
            start_date=first_day + datetime.timedelta(days=30 * number),
            **fields,
        )
        for number in range(count)
    ]


def test_official_page_with_many_meetings_shows_the_latest_and_links_to_all(client):
    official = make_official(slug="frequent-delegate", name="Frequent Delegate")
    for meeting in numbered_meetings(LATEST_MEETINGS_SHOWN + 2):
        make_participation(meeting=meeting, official=official)
    text = text_of(client.get("/officials/frequent-delegate/"))
    newest = LATEST_MEETINGS_SHOWN + 1
    assert f"Meeting number {newest:03}" in text
    assert f"Meeting number {newest - LATEST_MEETINGS_SHOWN + 1:03}" in text
    # The two oldest are left to the full list.
    assert "Meeting number 000" not in text
    assert "Meeting number 001" not in text
    assert f"These are the latest {LATEST_MEETINGS_SHOWN} meetings." in text
    assert "All their meetings, as a list you can filter" in text


def test_official_page_with_few_meetings_shows_them_all(client):
    text = text_of(client.get("/officials/pham-thi-thanh-tra/"))
    assert "These are the latest" not in text
    assert "These meetings as a list you can filter" in text


def test_organisation_page_with_many_meetings_shows_the_latest_and_links_to_all(client):
    ministry = Organisation.objects.get(slug="moha-viet-nam")
    numbered_meetings(RELATED_LIMIT + 1, host=ministry)
    response = client.get("/organisations/moha-viet-nam/")
    text = text_of(response)
    # The newest RELATED_LIMIT meetings it hosted; not the oldest, nor the fixture's 2021 workshop.
    assert f"Meeting number {RELATED_LIMIT:03}" in text
    assert "Meeting number 001" in text
    assert "Meeting number 000" not in text
    assert "Training workshop" not in text
    assert text.count("Meeting number") == RELATED_LIMIT
    assert '<a href="/meetings/?organisation=moha-viet-nam">All meetings hosted or attended</a>' in (
        response.content.decode()
    )


def test_organisation_page_with_few_meetings_shows_them_all(client):
    text = text_of(client.get("/organisations/moha-viet-nam/"))
    assert "Training workshop" in text
    assert "All meetings hosted or attended" not in text
    assert "These meetings as a list you can filter" in text


def test_country_page_with_many_meetings_and_officials_shows_a_bounded_number_and_links_to_all(client):
    viet_nam = Country.objects.get(code="VN")
    numbered_meetings(RELATED_LIMIT + 1, country=viet_nam)
    for number in range(RELATED_LIMIT + 1):
        make_official(slug=f"official-{number:03}", name=f"Aaa Official {number:03}", country=viet_nam)
    response = client.get("/countries/vn/")
    text = text_of(response)
    html = response.content.decode()
    assert text.count("Meeting number") == RELATED_LIMIT
    assert "Meeting number 000" not in text
    assert '<a href="/meetings/?country=vn">All meetings held in Viet Nam</a>' in html
    # Officials by name: the first RELATED_LIMIT of the new ones, none of the fixture's.
    assert text.count("Aaa Official") == RELATED_LIMIT
    assert f"Aaa Official {RELATED_LIMIT:03}" not in text
    # (The page's source notes may quote her name; the officials listed are not her.)
    officials = html.split('id="officials-heading"', 1)[1].split("</section>", 1)[0]
    assert "Pham Thi Thanh Tra" not in officials
    assert '<a href="/officials/?country=vn">All officials of Viet Nam</a>' in html


def test_country_page_with_few_meetings_and_officials_shows_them_all(client):
    response = client.get("/countries/vn/")
    text = text_of(response)
    assert "Pham Thi Thanh Tra" in text
    assert "These meetings as a list you can filter" in text
    assert "All officials of Viet Nam" not in text


def test_country_page_shows_its_other_names_each_with_its_source(client):
    response = client.get("/countries/vn/")
    html = response.content.decode()
    names = html.split("<dt>Also known as</dt>", 1)[1].split("</dd>", 1)[0]
    assert re.search(r"Vietnam <span class=\"note\">\(short name\)</span><sup class=\"cite\">", names)
    assert re.search(r"Vietnamese <span class=\"note\">\(demonym\)</span><sup class=\"cite\">", names)
    # The demonym is quoted from the article that uses it.
    assert "Vietnamese Minister of Home Affairs Pham Thi Thanh Tra" in text_of(response)
    burma = text_of(client.get("/countries/mm/"))
    assert "Also known as Burma (former name)" in burma


def test_country_page_without_other_names_has_no_such_line(client):
    assert "Also known as" not in text_of(client.get("/countries/jp/"))


def test_country_page_shows_the_date_it_joined_asean_at_its_precision(client):
    lao = Country.objects.get(code="LA")
    assert "ASEAN member state, since 23 July 1997" in text_of(client.get("/countries/la/"))
    lao.joined_asean_precision = "month"
    lao.save()
    html = client.get("/countries/la/").content.decode()
    assert '<time datetime="1997-07">July 1997</time>' in html
