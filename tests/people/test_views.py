"""The public official, organisation and country pages, as a visitor sees them."""

import pytest

from tests.meetings.test_views import listed_names, text_of

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
    assert "ASEAN member state, since 8 January 1984" in text or "ASEAN member state, since" in text
    assert "ACCSM, 2022–2024" in text
    assert "received the chair at Heads of Civil Service Meeting" in text
    viet_nam = text_of(client.get("/countries/vn/"))
    assert "Meetings held in Viet Nam" in viet_nam
    assert "Heads of Civil Service Meeting" in viet_nam
    assert "Pham Thi Thanh Tra" in viet_nam


def test_country_detail_accepts_upper_case_code_and_404s_on_unknown(client):
    assert client.get("/countries/VN/").status_code == 200
    assert client.get("/countries/xx/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/accsm-21/",
        "/declarations/acrf/",
        "/officials/chu-tuan-tu/",
        "/organisations/accsm/",
        "/countries/vn/",
        "/sources/vna-heads-of-civil-service-hanoi/",
    ],
)
def test_detail_page_shows_when_the_record_was_last_updated(client, url):
    # The fixtures stamp every record 25 November 2026 (00:00 UTC, the same day in Hanoi).
    assert "Record last updated 25 November 2026." in text_of(client.get(url))


def test_official_page_with_many_meetings_shows_the_latest_and_links_to_all(client):
    import datetime

    from meetings.queries import LATEST_MEETINGS_SHOWN
    from tests.factories import make_meeting, make_official, make_participation

    official = make_official(slug="frequent-delegate", name="Frequent Delegate")
    first_day = datetime.date(1990, 1, 1)
    for number in range(LATEST_MEETINGS_SHOWN + 2):
        meeting = make_meeting(
            slug=f"meeting-{number:03}",
            name=f"Meeting number {number:03}",
            start_date=first_day + datetime.timedelta(days=30 * number),
        )
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
