"""What every record's admin shares (core/admin.py): a History page for each record, showing who changed
what, from which staff revert to an earlier version."""

import pytest
from django.contrib import admin

from core.models import record_models
from meetings.models import Meeting
from tests.factories import make_meeting, meeting_form


def history_url(admin_pages, record):
    return admin_pages.url(type(record), "change", record.pk).replace("/change/", "/history/")


@pytest.mark.usefixtures("accsm_records")
@pytest.mark.parametrize("model", record_models(), ids=lambda model: model.__name__)
def test_every_record_admin_has_a_history_page(admin_pages, model):
    assert admin.site.is_registered(model)
    record = model.objects.first()
    assert record is not None, f"the fixtures have a {model.__name__}"
    response = admin_pages.client.get(history_url(admin_pages, record))
    assert response.status_code == 200
    assert f"Change history: {record}" in admin_pages.text(response)


def test_history_shows_who_changed_what_and_an_earlier_version_can_be_restored(admin_pages, admin_user):
    meeting = make_meeting(name="ACCSM 21", kind="conference")

    def edit(url, theme):
        response = admin_pages.client.post(url, meeting_form(meeting, theme=theme))
        assert response.status_code == 302, admin_pages.text(response)

    change_url = admin_pages.url(Meeting, "change", meeting.pk)
    edit(change_url, "First theme")
    edit(change_url, "Second theme")
    second, first, *_ = meeting.history.all()
    assert (first.theme, second.theme) == ("First theme", "Second theme")
    assert first.history_user == second.history_user == admin_user
    history = admin_pages.text(admin_pages.client.get(history_url(admin_pages, meeting)))
    assert f"Changed {admin_user.username}" in history
    assert "Theme: First theme → Second theme" in history

    # Revert: open the earlier version from the History page and save it back.
    revert_url = f"{history_url(admin_pages, meeting)}{first.history_id}/"
    revert_form = admin_pages.client.get(revert_url)
    assert revert_form.status_code == 200
    assert 'value="First theme"' in revert_form.content.decode()
    edit(revert_url, "First theme")
    meeting.refresh_from_db()
    assert meeting.theme == "First theme"
    assert meeting.history.first().history_user == admin_user
