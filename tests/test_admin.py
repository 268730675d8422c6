"""The staff admin: every model editable, validation saying what is wrong, roles, history, publishing."""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting, Participation
from people.models import Official
from tests import world
from tests.factories import make_declaration, make_meeting, make_official, make_official_alias
from tests.factories import meeting_form as new_meeting_form

pytestmark = pytest.mark.usefixtures("accsm_records")


def admin_url(model, view="changelist", *args):
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/" + {
        "changelist": "",
        "add": "add/",
        "change": "{}/change/",
        "history": "{}/history/",
    }[view].format(*args)


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


RECORD_ADMINS = [model for model in admin.site._registry if model._meta.app_label in ("people", "meetings")]


@pytest.mark.parametrize("model", RECORD_ADMINS, ids=lambda m: m.__name__)
def test_every_record_model_lists_adds_changes_and_shows_history(admin_client, model):
    record = model.objects.first()
    assert record is not None, f"the fixtures have a {model.__name__}"
    changelist = admin_client.get(admin_url(model))
    assert changelist.status_code == 200
    assert admin_url(model, "change", record.pk) in changelist.content.decode()
    assert admin_client.get(admin_url(model, "add")).status_code == 200
    change = admin_client.get(admin_url(model, "change", record.pk))
    assert change.status_code == 200
    assert admin_client.get(admin_url(model, "history", record.pk)).status_code == 200


def test_every_record_model_is_in_the_admin():
    from core.models import record_models

    registered = set(admin.site._registry)
    for app_label in ("people", "meetings"):
        from django.apps import apps

        assert set(record_models(apps.get_app_config(app_label))) <= registered


def test_official_search_finds_by_misspelt_alias(admin_client):
    response = admin_client.get(admin_url(Official) + "?q=Phantavong")
    text = page_text(response)
    assert "Ekkaphab Phanthavong" in text
    assert "1 result" in text


def test_official_autocomplete_answers(admin_client):
    response = admin_client.get(
        "/admin/autocomplete/?term=pham&app_label=people&model_name=position&field_name=official"
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Pham Thi Thanh Tra"]


def meeting_form(**overrides):
    """The admin's form for a new workshop held in ACCSM 21's country."""
    return new_meeting_form(country=Meeting.objects.get(slug="accsm-21").country_id) | overrides


def test_meeting_with_end_before_start_is_refused_with_the_reason(admin_client):
    response = admin_client.post(admin_url(Meeting, "add"), meeting_form(end_date="2023-05-01"))
    assert response.status_code == 200
    assert "The end date cannot be before the start." in page_text(response)
    assert not Meeting.objects.filter(slug="workshop-e-government").exists()


def test_participation_naming_nobody_is_refused_with_the_reason(admin_client):
    form = meeting_form(
        **{
            "participations-TOTAL_FORMS": "1",
            "participations-0-role": "speaker",
            "participations-0-statement": "Something was said.",
        }
    )
    response = admin_client.post(admin_url(Meeting, "add"), form)
    assert "A participation names exactly one of: an official, an organisation or a country." in page_text(
        response
    )
    assert not Meeting.objects.filter(slug="workshop-e-government").exists()


def test_meeting_with_participant_and_outcome_saves(admin_client):
    official = Official.objects.get(slug="vu-chien-thang")
    form = meeting_form(
        **{
            "participations-TOTAL_FORMS": "1",
            "participations-0-official": official.pk,
            "participations-0-role": "speaker",
            "outcomes-TOTAL_FORMS": "1",
            "outcomes-0-slug": "agreed",
            "outcomes-0-kind": "agreement",
            "outcomes-0-text": "They agreed.",
        }
    )
    response = admin_client.post(admin_url(Meeting, "add"), form)
    assert response.status_code == 302, page_text(response)[:2000]
    meeting = Meeting.objects.get(slug="workshop-e-government")
    assert meeting.participations.get().official == official
    assert meeting.outcomes.get().text == "They agreed."
    assert meeting.status == "draft"


def test_meeting_parent_cycle_is_refused(admin_client):
    parent = Meeting.objects.get(slug="accsm-21")
    child = Meeting.objects.get(slug="accsm-21-heads-of-civil-service")
    form = meeting_form(
        name=parent.name, slug=parent.slug, kind="conference", parent=child.pk, status="published"
    )
    response = admin_client.post(admin_url(Meeting, "change", parent.pk), form)
    assert "is part of" in page_text(response)
    parent.refresh_from_db()
    assert parent.parent is None


def test_organisation_parent_cycle_is_refused(admin_client):
    from people.models import Organisation

    ministry = Organisation.objects.get(slug="moha-viet-nam")
    department = Organisation.objects.get(slug="moha-international-cooperation")
    data = {
        "name": ministry.name,
        "abbreviation": "",
        "slug": ministry.slug,
        "classification": "ministry",
        "parent": department.pk,
        "country": ministry.country_id,
        "description": "",
        "website": "",
        "alternative_names-TOTAL_FORMS": "0",
        "alternative_names-INITIAL_FORMS": "0",
    }
    response = admin_client.post(admin_url(Organisation, "change", ministry.pk), data)
    assert "cannot also contain it" in page_text(response)


def official_form(name, alias="", **overrides):
    data = {
        "name": name,
        "native_name": "",
        "slug": name.lower().replace(" ", "-"),
        "country": "",
        "biography": "",
        "aliases-TOTAL_FORMS": "1" if alias else "0",
        "aliases-INITIAL_FORMS": "0",
        "aliases-0-name": alias,
        "aliases-0-note": "",
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("name", "alias"),
    [("PHẠM THỊ THANH TRÀ", ""), ("Someone Else", "Ekkaphab Phantavong"), ("vu chien thang", "")],
)
def test_new_official_matching_an_existing_name_or_alias_is_flagged(admin_client, name, alias):
    response = admin_client.post(admin_url(Official, "add"), official_form(name, alias))
    assert response.status_code == 200
    assert "An official with this name or alias is already recorded" in page_text(response)
    assert Official.objects.count() == 5


def test_flagged_official_saves_once_confirmed_different(admin_client):
    response = admin_client.post(
        admin_url(Official, "add"),
        official_form("Vu Chien Thang", not_a_duplicate="on", slug="vu-chien-thang-2"),
    )
    assert response.status_code == 302
    assert Official.objects.filter(name="Vu Chien Thang").count() == 2


def test_history_records_who_changed_what_and_can_revert(admin_client, admin_user):
    meeting = Meeting.objects.get(slug="accsm-21")
    url = admin_url(Meeting, "change", meeting.pk)

    def edit(theme):
        form = meeting_form(
            name=meeting.name,
            slug=meeting.slug,
            kind="conference",
            theme=theme,
            status="published",
            start_date="2022-01-01",
            date_precision="year",
        )
        assert admin_client.post(url, form).status_code == 302

    edit("First theme")
    edit("Second theme")
    versions = list(meeting.history.all())
    assert [v.theme for v in versions] == ["Second theme", "First theme"]
    assert all(v.history_user == admin_user for v in versions)
    history_page = page_text(admin_client.get(admin_url(Meeting, "history", meeting.pk)))
    assert admin_user.username in history_page
    assert "Changed" in history_page or "~" in history_page or "Theme" in history_page

    # Revert: open the earlier version and save it back.
    revert_url = f"{admin_url(Meeting, 'history', meeting.pk)}{versions[1].history_id}/"
    revert_form = admin_client.get(revert_url)
    assert revert_form.status_code == 200
    assert "First theme" in revert_form.content.decode()
    edit_back = meeting_form(
        name=meeting.name,
        slug=meeting.slug,
        kind="conference",
        theme="First theme",
        status="published",
        start_date="2022-01-01",
        date_precision="year",
    )
    assert admin_client.post(revert_url, edit_back).status_code == 302
    meeting.refresh_from_db()
    assert meeting.theme == "First theme"
    assert meeting.history.count() == 3


def test_meeting_admin_has_date_hierarchy_and_filters(admin_client):
    text = page_text(admin_client.get(admin_url(Meeting)))
    for heading in ("By status", "By kind", "By country", "By year"):
        assert heading in text
    assert "2022" in page_text(admin_client.get(admin_url(Meeting) + "?year=2022"))


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="a-long-editor-password")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def publisher(db):
    user = User.objects.create_user("publisher", password="a-long-publisher-password")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Publishers"))
    return user


def test_editors_add_and_change_but_cannot_delete_publish_or_manage_users(client, editor):
    client.force_login(editor)
    meeting = Meeting.objects.get(slug="accsm-21")
    assert client.get(admin_url(Meeting, "add")).status_code == 200
    change = client.get(admin_url(Meeting, "change", meeting.pk))
    assert change.status_code == 200
    assert 'name="status"' not in change.content.decode()  # shown read-only
    assert client.get(f"/admin/meetings/meeting/{meeting.pk}/delete/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403
    assert "Publish the selected" not in client.get(admin_url(Meeting)).content.decode()


def test_publishers_publish_in_bulk_and_it_is_in_the_history(client, publisher):
    client.force_login(publisher)
    drafts = [make_meeting(status="draft"), make_meeting(status="draft")]
    declaration = make_declaration(status="draft")
    response = client.post(
        admin_url(Meeting),
        {"action": "publish", "_selected_action": [d.pk for d in drafts]},
        follow=True,
    )
    assert "2 records published." in page_text(response)
    assert all(Meeting.objects.get(pk=d.pk).status == "published" for d in drafts)
    assert Meeting.objects.get(pk=drafts[0].pk).history.latest().history_user == publisher
    client.post(admin_url(type(declaration)), {"action": "publish", "_selected_action": [declaration.pk]})
    declaration.refresh_from_db()
    assert declaration.status == "published"
    client.post(admin_url(Meeting), {"action": "unpublish", "_selected_action": [drafts[0].pk]})
    assert Meeting.objects.get(pk=drafts[0].pk).status == "draft"
    assert client.get(f"/admin/meetings/meeting/{drafts[1].pk}/delete/").status_code == 200


def test_create_staff_user_makes_an_account_in_a_role(monkeypatch, db):
    monkeypatch.setenv("STAFF_PASSWORD", "correct-horse-battery-staple")
    call_command("create_staff_user", "ana", "--role", "publisher", "--email", "ana@example.org")
    user = User.objects.get(username="ana")
    assert user.is_staff and not user.is_superuser
    assert [g.name for g in user.groups.all()] == ["Publishers"]
    assert user.check_password("correct-horse-battery-staple")
    call_command("create_staff_user", "ana", "--role", "editor")
    assert [g.name for g in User.objects.get(username="ana").groups.all()] == ["Editors"]


def test_create_staff_user_refuses_a_weak_password(monkeypatch, db):
    monkeypatch.setenv("STAFF_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_staff_user", "bo", "--role", "editor")
    assert not User.objects.filter(username="bo").exists()


@pytest.mark.parametrize("model", [Meeting, Official, Participation], ids=lambda m: m.__name__)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, model):
    counts = []
    for size in (1, 29):
        world.grow(size)
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(admin_url(model)).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_alias_added_in_admin_makes_the_official_findable(admin_client):
    official = make_official(name="Nguyen Van A", slug="nguyen-van-a")
    make_official_alias(official=official, name="Nguyễn Văn Á")
    assert "Nguyen Van A" in page_text(admin_client.get("/search/?q=nguyễn"))
