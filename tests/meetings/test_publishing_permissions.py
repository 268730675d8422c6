"""Only staff with the publish permission change whether a meeting or declaration is public.

An Editor edits drafts and may revert a record to an earlier version, but no
way through the admin (History revert, bulk action, forged form values) makes
a record public or takes it back to draft for them; the rest of a revert is
still saved. Each test signs in a real account in the real group, as
``create_staff_user`` makes it.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from meetings.models import Declaration, Meeting
from tests.factories import (
    DECLARATION_LINKS,
    OUTCOMES,
    PARTICIPATIONS,
    make_declaration,
    make_meeting,
    meeting_form,
    text_of,
)

pytestmark = pytest.mark.django_db

IGNORED = "only staff allowed to publish can change whether"


@pytest.fixture
def staff(monkeypatch, client):
    """Signs ``client`` in as a new account in a role ("editor" or "publisher") and returns the account."""
    monkeypatch.setenv("STAFF_PASSWORD", "a-long-enough-staff-password")

    def sign_in(role):
        call_command("create_staff_user", role, "--role", role, stdout=io.StringIO())
        user = get_user_model().objects.get(username=role)
        client.force_login(user)
        return user

    return sign_in


# What each kind of record needs to be made, found in the admin and shown to the public.
KINDS = {
    "meeting": (make_meeting, "/admin/meetings/meeting/", "/meetings/"),
    "declaration": (make_declaration, "/admin/meetings/declaration/", "/declarations/"),
}


def submitted(response):
    """What a browser sends back, unchanged, from the admin form on ``response``'s page."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None:  # an empty field sends nothing, or nothing Django tells apart from it
            data[name] = str(value)
    return data


def published_then_unpublished(client, staff, kind):
    """A record a Publisher published, unpublished, then edited; returns it and its published version."""
    make, admin_url, _ = KINDS[kind]
    record = make(status="draft", summary="The summary when published.")
    staff("publisher")
    for action in ("publish", "unpublish"):
        client.post(admin_url, {"action": action, "_selected_action": [record.pk]})
    client.logout()
    record.refresh_from_db()
    assert record.status == "draft"
    record.summary = "A later summary."
    record.save()
    return record, record.history.filter(status="published").get()


def revert(client, kind, record, version):
    """Opens ``version`` from the record's History and presses Revert, as staff do."""
    url = f"{KINDS[kind][1]}{record.pk}/history/{version.history_id}/"
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, submitted(page), follow=True)


@pytest.mark.parametrize("kind", KINDS)
def test_revert_to_a_published_version_by_an_editor_leaves_a_draft(client, staff, kind):
    record, published = published_then_unpublished(client, staff, kind)
    editor = staff("editor")

    response = revert(client, kind, record, published)

    record.refresh_from_db()
    assert record.status == "draft"
    assert response.status_code == 200
    assert IGNORED in text_of(response)
    # The rest of the revert was saved, by the Editor.
    assert record.summary == "The summary when published."
    assert record.history.latest().history_user == editor
    client.logout()
    list_url = KINDS[kind][2]
    assert client.get(f"{list_url}{record.slug}/").status_code == 404
    assert str(record) not in text_of(client.get(list_url))


@pytest.mark.parametrize("kind", KINDS)
def test_revert_to_a_draft_version_by_an_editor_leaves_it_published(client, staff, kind):
    make, admin_url, list_url = KINDS[kind]
    record = make(status="draft")
    draft = record.history.get()
    staff("publisher")
    client.post(admin_url, {"action": "publish", "_selected_action": [record.pk]})
    client.logout()
    staff("editor")

    response = revert(client, kind, record, draft)

    record.refresh_from_db()
    assert record.status == "published"
    assert IGNORED in text_of(response)
    client.logout()
    assert client.get(f"{list_url}{record.slug}/").status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_revert_to_a_published_version_by_a_publisher_publishes(client, staff, kind):
    record, published = published_then_unpublished(client, staff, kind)
    publisher = staff("publisher")

    response = revert(client, kind, record, published)

    assert IGNORED not in text_of(response)
    record.refresh_from_db()
    assert record.status == "published"
    assert record.summary == "The summary when published."
    assert record.history.latest().history_user == publisher
    client.logout()
    assert client.get(f"{KINDS[kind][2]}{record.slug}/").status_code == 200


def test_forged_status_on_the_change_form_by_an_editor_leaves_a_draft(client, staff):
    meeting = make_meeting(status="draft")
    staff("editor")
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    data = submitted(client.get(url)) | {"status": "published", "theme": "Edited by an editor"}
    for prefix in (PARTICIPATIONS, OUTCOMES, DECLARATION_LINKS):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.theme == "Edited by an editor"
    assert meeting.status == "draft"


def test_forged_status_on_the_add_form_by_an_editor_makes_a_draft(client, staff):
    staff("editor")

    response = client.post("/admin/meetings/meeting/add/", meeting_form(status="published"), follow=True)

    assert response.status_code == 200
    meeting = Meeting.objects.get(slug="workshop-e-government")
    assert meeting.status == "draft"
    client.logout()
    assert client.get(f"/meetings/{meeting.slug}/").status_code == 404


def test_forged_status_on_the_declaration_add_form_by_an_editor_makes_a_draft(client, staff):
    staff("editor")
    data = submitted(client.get("/admin/meetings/declaration/add/"))
    data |= {
        "title": "Forged Declaration",
        "slug": "forged-declaration",
        "kind": "framework",
        "status": "published",
    }

    client.post("/admin/meetings/declaration/add/", data)

    assert Declaration.objects.get(slug="forged-declaration").status == "draft"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_publish_actions_by_an_editor_change_nothing(client, staff, kind, action):
    make, admin_url, _ = KINDS[kind]
    status = "draft" if action == "publish" else "published"
    record = make(status=status)
    staff("editor")

    response = client.post(admin_url, {"action": action, "_selected_action": [record.pk]}, follow=True)

    assert "published." not in text_of(response) and "returned to draft." not in text_of(response)
    record.refresh_from_db()
    assert record.status == status
