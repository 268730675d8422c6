"""The staff roles (core/roles.py) and ``create_staff_user``: Editors add and change records; Publishers
also publish, unpublish and delete; neither manages users."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from core.roles import EDITORS, PUBLISHERS
from meetings.models import Meeting
from tests.factories import make_declaration, make_meeting, text_of


def staff_member(username, group_name):
    user = User.objects.create_user(username, password=f"a-long-{username}-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return staff_member("editor", EDITORS)


@pytest.fixture
def publisher(db):
    return staff_member("publisher", PUBLISHERS)


def test_editors_add_and_change_but_cannot_delete_publish_or_manage_users(client, editor):
    client.force_login(editor)
    meeting = make_meeting(name="ACCSM 21")
    assert client.get("/admin/meetings/meeting/add/").status_code == 200
    change = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    assert change.status_code == 200
    assert 'name="status"' not in change.content.decode()  # shown read-only
    assert client.get(f"/admin/meetings/meeting/{meeting.pk}/delete/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403
    assert "Publish the selected" not in text_of(client.get("/admin/meetings/meeting/"))


def test_publishers_publish_and_unpublish_in_bulk_and_it_is_in_the_history(client, publisher):
    client.force_login(publisher)
    drafts = [make_meeting(status="draft"), make_meeting(status="draft")]
    declaration = make_declaration(status="draft")
    response = client.post(
        "/admin/meetings/meeting/",
        {"action": "publish", "_selected_action": [draft.pk for draft in drafts]},
        follow=True,
    )
    assert "2 records published." in text_of(response)
    assert all(Meeting.objects.get(pk=draft.pk).status == "published" for draft in drafts)
    assert Meeting.objects.get(pk=drafts[0].pk).history.latest().history_user == publisher
    client.post("/admin/meetings/declaration/", {"action": "publish", "_selected_action": [declaration.pk]})
    declaration.refresh_from_db()
    assert declaration.status == "published"
    client.post("/admin/meetings/meeting/", {"action": "unpublish", "_selected_action": [drafts[0].pk]})
    assert Meeting.objects.get(pk=drafts[0].pk).status == "draft"
    assert client.get(f"/admin/meetings/meeting/{drafts[1].pk}/delete/").status_code == 200


def test_create_staff_user_makes_an_account_in_a_role(monkeypatch, db):
    monkeypatch.setenv("STAFF_PASSWORD", "correct-horse-battery-staple")
    call_command("create_staff_user", "ana", "--role", "publisher", "--email", "ana@example.org")
    user = User.objects.get(username="ana")
    assert user.is_staff and not user.is_superuser
    assert [g.name for g in user.groups.all()] == [PUBLISHERS]
    assert user.check_password("correct-horse-battery-staple")
    call_command("create_staff_user", "ana", "--role", "editor")
    assert [g.name for g in User.objects.get(username="ana").groups.all()] == [EDITORS]


def test_create_staff_user_refuses_a_weak_password(monkeypatch, db):
    monkeypatch.setenv("STAFF_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_staff_user", "bo", "--role", "editor")
    assert not User.objects.filter(username="bo").exists()
