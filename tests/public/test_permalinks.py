"""Permanent links: ``/m/123/`` and the like lead to the record's page wherever it is now, every
record's page shows its own, and a draft's answers 404 to the public exactly as its page does."""

import pytest
from django.urls import resolve

from core.permalinks import MODELS, PREFIXES, permanent_path
from tests.factories import (
    make_country,
    make_declaration,
    make_meeting,
    make_official,
    make_organisation,
    make_source,
    text_of,
)

pytestmark = pytest.mark.django_db

# The factory of each kind of record with a permanent link, and the letter its links start with.
KINDS = {
    "m": make_meeting,
    "d": make_declaration,
    "p": make_official,
    "o": make_organisation,
    "s": make_source,
}
DRAFTABLE = {"m": make_meeting, "d": make_declaration}


def test_permalinks_every_kind_with_a_letter_has_a_factory_here():
    assert set(KINDS) == set(MODELS)


@pytest.mark.parametrize("prefix", KINDS)
def test_permalinks_redirect_to_the_records_page(client, prefix):
    record = KINDS[prefix]()
    response = client.get(f"/{prefix}/{record.pk}/")
    # 302: the page's address is the one that may change, not the permanent link's.
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("prefix", KINDS)
def test_permalinks_without_the_final_slash_redirect_straight_to_the_page(client, prefix):
    record = KINDS[prefix]()
    response = client.get(f"/{prefix}/{record.pk}")
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()


@pytest.mark.parametrize("prefix", KINDS)
def test_permalinks_show_on_the_records_page_as_a_full_address(client, prefix):
    record = KINDS[prefix]()
    text = text_of(client.get(record.get_absolute_url()))
    assert f"Permanent link: http://testserver/{prefix}/{record.pk}/" in text


def test_permalinks_follow_the_record_when_staff_change_its_slug(client):
    meeting = make_meeting(slug="accsm-21-hanoi")
    meeting.slug = "accsm-21"
    meeting.save()
    response = client.get(f"/m/{meeting.pk}/")
    assert response["Location"] == "/meetings/accsm-21/"
    # The page under its new slug still shows the same permanent link.
    assert f"Permanent link: http://testserver/m/{meeting.pk}/" in text_of(client.get("/meetings/accsm-21/"))


def test_permalinks_of_another_kind_or_an_unknown_id_answer_404(client):
    meeting = make_meeting()
    # The letter says the kind: with no official at all, a meeting's id leads to none.
    assert client.get(f"/p/{meeting.pk}/").status_code == 404
    assert client.get(f"/m/{meeting.pk + 1000}/").status_code == 404
    assert client.get("/m/0/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/m/",
        "/m/abc/",
        "/m/-1/",
        "/m/1.5/",
        "/x/1/",
        "/M/1/",
        "/m/%00/",
        "/m/1%00/",
        # The largest id the address takes, and one digit more than that.
        "/m/999999999999999999/",
        "/m/99999999999999999999999/",
    ],
)
def test_permalinks_not_made_by_the_site_answer_404_not_500(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("prefix", DRAFTABLE)
def test_permalinks_of_drafts_answer_404_as_their_pages_do(client, prefix):
    draft = DRAFTABLE[prefix](status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/{prefix}/{draft.pk}/").status_code == 404
    assert client.get(f"/{prefix}/{draft.pk}").status_code == 404


@pytest.mark.parametrize("prefix", DRAFTABLE)
def test_permalinks_of_drafts_lead_staff_to_the_draft_page(admin_client, prefix):
    draft = DRAFTABLE[prefix](status="draft")
    response = admin_client.get(f"/{prefix}/{draft.pk}/")
    assert response.status_code == 302
    page = admin_client.get(response["Location"])
    assert "only staff can see this page" in text_of(page)
    assert f"Permanent link: http://testserver/{prefix}/{draft.pk}/" in text_of(page)


@pytest.mark.parametrize("prefix", KINDS)
def test_permanent_path_is_an_address_the_site_answers(prefix):
    record = KINDS[prefix]()
    path = permanent_path(record)
    match = resolve(path)
    assert match.view_name == "public:permanent_link"
    assert (match.kwargs["prefix"], int(match.kwargs["pk"])) == (prefix, record.pk)
    assert PREFIXES[record._meta.label_lower] == prefix


def test_permanent_path_is_none_for_a_country_and_an_unsaved_record():
    assert permanent_path(make_country()) is None
    assert permanent_path(type(make_meeting())(slug="unsaved")) is None
