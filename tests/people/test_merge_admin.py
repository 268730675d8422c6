"""Publishers merge two officials, or two organisations, from the admin and undo it from the survivor's
History page (core/admin.py MergeableAdmin); editors may not. The merged record's addresses, its
permanent link included, answer 301 with the survivor's until the merge is undone."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import RecordMerge
from core.roles import EDITORS, PUBLISHERS
from people.models import Official, OfficialAlias, Organisation, Position
from tests.conftest import SecondFactorClient
from tests.factories import (
    make_citation,
    make_meeting,
    make_official,
    make_official_alias,
    make_organisation,
    make_participation,
    make_position,
    text_of,
)

pytestmark = pytest.mark.django_db

OFFICIALS = "/admin/people/official/"


def staff_member(username, group_name):
    user = User.objects.create_user(username, password=f"a-long-{username}-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def publisher_client():
    publisher = SecondFactorClient()
    publisher.force_login(staff_member("publisher", PUBLISHERS))
    return publisher


@pytest.fixture
def twins():
    kept = make_official(slug="pham-thi-thanh-tra", name="Pham Thi Thanh Tra", biography="")
    other = make_official(slug="pham-thanh-tra", name="Pham Thanh Tra", biography="Minister of Home Affairs.")
    make_official_alias(official=other, name="Pham T. T. Tra")
    make_position(
        official=other, title="Minister", organisation=make_organisation(name="Ministry of Home Affairs")
    )
    make_participation(official=other, role="speaker", meeting=make_meeting(name="ACCSM 22"))
    make_citation(other, "name")
    return kept, other


def merge_page(kept, other):
    return f"{OFFICIALS}{kept.pk}/merge/{other.pk}/"


def form_data(response):
    """What the merge page's form posts as shown: each radio button's checked choice, the hidden fields."""
    html = response.content.decode()
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    for tag in re.findall(r"<input[^>]*checked[^>]*>", html):
        data[re.search(r'name="([^"]+)"', tag)[1]] = re.search(r'value="([^"]*)"', tag)[1]
    return data


def test_merge_action_leads_publishers_to_the_page_for_the_two_selected(publisher_client, twins):
    kept, other = twins
    changelist = publisher_client.get(OFFICIALS)
    assert "Merge the two selected officials" in text_of(changelist)
    response = publisher_client.post(
        OFFICIALS, {"action": "merge_selected", "_selected_action": [other.pk, kept.pk]}
    )
    assert response["Location"] == merge_page(kept, other)


def test_merge_action_with_other_than_two_selected_says_so(publisher_client, twins):
    kept, _ = twins
    response = publisher_client.post(
        OFFICIALS, {"action": "merge_selected", "_selected_action": [kept.pk]}, follow=True
    )
    assert "Select exactly two officials to merge; 1 was selected." in text_of(response)


def test_merge_page_shows_both_records_side_by_side_with_what_each_holds(publisher_client, twins):
    kept, other = twins
    text = text_of(publisher_client.get(merge_page(kept, other)))
    assert f"“Pham Thi Thanh Tra” (#{kept.pk})" in text
    assert f"“Pham Thanh Tra” (#{other.pk})" in text
    assert "Short biography (empty) Minister of Home Affairs." in text
    assert "Official aliases 0 1 official alias “Pham T. T. Tra”" in text
    assert "Positions 0 1 position “Minister, Ministry of Home Affairs”" in text
    assert "Participations 0 1 participation “Pham Thanh Tra (speaker) at ACCSM 22”" in text
    assert "Citations 0 1" in text
    assert "Merge them" in text


def test_merge_page_runs_as_many_queries_whatever_the_records_hold(publisher_client, twins):
    kept, other = twins
    publisher_client.get(merge_page(kept, other))
    with CaptureQueriesContext(connection) as few:
        publisher_client.get(merge_page(kept, other))
    for number in range(10):
        make_official_alias(official=other, name=f"Spelling {number}")
        make_participation(official=other, role="participant", meeting=make_meeting())
        make_position(official=other)
        make_citation(other, "name")
    with CaptureQueriesContext(connection) as many:
        publisher_client.get(merge_page(kept, other))
    assert len(many) == len(few)


def test_merge_confirmed_merges_and_undo_from_history_restores(client, publisher_client, twins):
    kept, other = twins
    page = publisher_client.get(merge_page(kept, other))
    data = form_data(page) | {"keep_biography": str(other.pk)}
    response = publisher_client.post(merge_page(kept, other), data, follow=True)
    assert response.redirect_chain[-1][0] == f"{OFFICIALS}{kept.pk}/change/"
    assert "“Pham Thanh Tra” was merged into Pham Thi Thanh Tra" in text_of(response)
    assert "choose “Undo this merge”" in text_of(response)
    assert not Official.objects.filter(pk=other.pk).exists()
    kept.refresh_from_db()
    assert kept.biography == "Minister of Home Affairs."
    assert set(OfficialAlias.objects.filter(official=kept).values_list("name", flat=True)) == {
        "Pham T. T. Tra",
        "Pham Thanh Tra",
    }
    assert Position.objects.get().official == kept

    # Every old address of the merged record leads to the survivor's.
    for old, new in [
        ("/officials/pham-thanh-tra/", "/officials/pham-thi-thanh-tra/"),
        ("/api/officials/pham-thanh-tra/", "/api/officials/pham-thi-thanh-tra/"),
        ("/feeds/officials/pham-thanh-tra/", "/feeds/officials/pham-thi-thanh-tra/"),
        (f"/p/{other.pk}/", "/officials/pham-thi-thanh-tra/"),
        (f"/p/{other.pk}.csl.json", f"/p/{kept.pk}.csl.json"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
        assert client.get(new).status_code == 200, new

    history = publisher_client.get(f"{OFFICIALS}{kept.pk}/history/")
    text = text_of(history)
    assert "Merged into this record Record merged When, and by whom Undo" in text
    assert f"“Pham Thanh Tra” (#{other.pk})" in text
    assert ", publisher Undo this merge" in text
    record_merge = RecordMerge.objects.get()
    undo = f"{OFFICIALS}{kept.pk}/history/merges/{record_merge.pk}/undo/"
    assert f'href="{undo}"' in history.content.decode()
    confirm = publisher_client.get(undo)
    assert "Undoing it brings “Pham Thanh Tra” back with its id, slug and addresses" in text_of(confirm)
    assert "csrfmiddlewaretoken" in confirm.content.decode()

    response = publisher_client.post(undo, follow=True)
    assert response.redirect_chain[-1][0] == f"{OFFICIALS}{other.pk}/change/"
    assert "The merge was undone: Pham Thanh Tra is back, with its id and addresses." in text_of(response)
    restored = Official.objects.get(pk=other.pk)
    assert restored.slug == "pham-thanh-tra"
    assert Position.objects.get().official == restored
    kept.refresh_from_db()
    assert kept.biography == ""
    assert not OfficialAlias.objects.filter(official=kept).exists()
    assert client.get("/officials/pham-thanh-tra/").status_code == 200
    assert client.get(f"/p/{other.pk}/")["Location"] == "/officials/pham-thanh-tra/"
    assert "Undone on" in text_of(publisher_client.get(f"{OFFICIALS}{kept.pk}/history/"))
    # A second undo is refused with the reason, not a server error.
    assert "undone already" in text_of(publisher_client.post(undo))


def test_merge_conflicts_are_named_and_there_is_no_button(publisher_client, twins):
    kept, other = twins
    ministry = Organisation.objects.get(name="Ministry of Home Affairs")
    make_position(official=kept, organisation=ministry, title="Minister", note="Since 2016.")
    page = publisher_client.get(merge_page(kept, other))
    text = text_of(page)
    assert "These records cannot be merged yet" in text
    assert "Position “Minister, Ministry of Home Affairs”: This official already holds that post" in text
    assert "Merge them" not in text
    response = publisher_client.post(merge_page(kept, other), form_data(page))
    assert response.status_code == 200
    assert Official.objects.filter(pk=other.pk).exists()


def test_merge_organisations_keeping_the_newer_record(client, publisher_client):
    kept = make_organisation(slug="moha", name="Ministry of Home Affairs", abbreviation="MOHA")
    other = make_organisation(slug="moha-vn", name="Ministry of Home Affairs of Viet Nam")
    make_position(organisation=kept, title="Minister")
    url = f"/admin/people/organisation/{kept.pk}/merge/{other.pk}/"
    chosen = {"survivor": str(other.pk), "keep_name": str(other.pk), "keep_slug": str(other.pk)}
    data = form_data(publisher_client.get(url)) | chosen
    response = publisher_client.post(url, data)
    assert response.status_code == 302, text_of(response)
    assert response["Location"] == f"/admin/people/organisation/{other.pk}/change/"
    other.refresh_from_db()
    assert (other.name, other.abbreviation) == ("Ministry of Home Affairs of Viet Nam", "MOHA")
    assert Position.objects.get().organisation == other
    assert client.get("/organisations/moha/")["Location"] == "/organisations/moha-vn/"
    assert client.get(f"/o/{kept.pk}/")["Location"] == "/organisations/moha-vn/"


def test_merge_is_not_for_editors(client, twins):
    kept, other = twins
    client.force_login(staff_member("editor", EDITORS))
    assert "Merge the two selected" not in text_of(client.get(OFFICIALS))
    assert client.get(merge_page(kept, other)).status_code == 403
    assert client.post(merge_page(kept, other), {"survivor": kept.pk}).status_code == 403
    assert Official.objects.filter(pk=other.pk).exists()


def test_merge_undo_is_not_for_editors(client, publisher_client, twins):
    kept, other = twins
    publisher_client.post(merge_page(kept, other), form_data(publisher_client.get(merge_page(kept, other))))
    record_merge = RecordMerge.objects.get()
    client.force_login(staff_member("editor", EDITORS))
    history = text_of(client.get(f"{OFFICIALS}{kept.pk}/history/"))
    assert f"“Pham Thanh Tra” (#{other.pk})" in history
    assert "Undo this merge" not in history
    assert "Publishers may undo it" in history
    assert client.post(f"{OFFICIALS}{kept.pk}/history/merges/{record_merge.pk}/undo/").status_code == 403
    assert not Official.objects.filter(pk=other.pk).exists()


def test_merged_records_old_address_of_a_version_leads_to_the_survivors_current_page(
    client, publisher_client, twins
):
    kept, other = twins
    for biography in ("First words.", "Second words."):
        # Versions of both records, so that each has a version 2 of its own.
        for record in (kept, other):
            record.biography = biography
            record.save()
    page = publisher_client.get(merge_page(kept, other))
    publisher_client.post(merge_page(kept, other), form_data(page))
    response = client.get("/officials/pham-thanh-tra/", {"version": "2", "tab": "x"})
    assert response.status_code == 301
    assert response["Location"] == "/officials/pham-thi-thanh-tra/?tab=x"


def test_merge_undo_address_with_an_id_that_is_no_number_is_not_found(publisher_client, twins):
    kept, _ = twins
    response = publisher_client.get(f"{OFFICIALS}abc/history/merges/1/undo/", follow=True)
    assert response.status_code == 200
    assert "doesn’t exist" in text_of(response)
