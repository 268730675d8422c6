"""``make backup`` and ``make restore``: a backup brings the whole site back as it was (records and their
history, staff, groups, permissions, second factors, the admin log), and a restore never mixes a backup
with what a database already holds: it refuses, or with ``--replace`` replaces it all or nothing."""

import io
import json
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.models import HistoricalChanges

from meetings.models import Meeting
from people.models import Official
from sources.models import Source
from tests.factories import meeting_form

ROOT = Path(__file__).resolve().parents[2]
STAFF_PASSWORD = "a long enough password 1"

# What a backup leaves out on purpose: sign-ins, django-axes's lockout counters (they expire within
# the hour) and the page cache's data version, which a restore replaces.
NOT_IN_A_BACKUP = {
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    "core.DataVersion",
}
# ``migrate`` makes these rows with ids of its own, so they are compared, and referred to, by natural key.
BY_NATURAL_KEY = (ContentType, Permission, Group)
# Rows the test data must hold, or comparing tables would prove little.
FILLED = [
    "sources.Source",
    "sources.HistoricalSource",
    "people.HistoricalOfficial",
    "meetings.HistoricalMeeting",
    "meetings.HistoricalOutcome",
    "admin.LogEntry",
    "auth.User",
    "auth.User_groups",
    "auth.User_user_permissions",
    "otp_totp.TOTPDevice",
    "otp_static.StaticToken",
]


def row_values(model, row):
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key and (issubclass(model, BY_NATURAL_KEY) or model._meta.auto_created):
            continue  # ids that migrate hands out, and the ids of many-to-many links, which nothing refers to
        if issubclass(model, HistoricalChanges) and field.name in ("search_text", "search_vector"):
            # Derived, never read, and copied into a history row before the record's own is refreshed.
            continue
        value = field.value_from_object(row)
        if value is not None and field.is_relation and issubclass(field.related_model, BY_NATURAL_KEY):
            value = getattr(row, field.name).natural_key()
        values[field.name] = value
    return values


def every_row():
    """Every row of every table of every installed app, by model label, in a comparable form."""
    return {
        model._meta.label: sorted((row_values(model, row) for row in model._base_manager.all()), key=repr)
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label not in NOT_IN_A_BACKUP
    }


def assert_same_rows(before):
    after = every_row()
    changed = sorted(label for label in before.keys() | after.keys() if after.get(label) != before.get(label))
    assert {label: after.get(label) for label in changed} == {label: before.get(label) for label in changed}


def backup(path):
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def restore(path, **options):
    out = io.StringIO()
    call_command("restore", str(path), stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def site(admin_client):
    """The fixture records after staff worked on them: edits in the admin (so history and admin log rows),
    a meeting deleted with its outcome, and an editor with a second factor and a permission of her own."""
    call_command("loaddata", "accsm", verbosity=0)
    admin = User.objects.get(username="admin")

    agreed = {"slug": "agreed", "kind": "agreement", "text": "They agreed to meet again."}
    added = admin_client.post("/admin/meetings/meeting/add/", meeting_form(outcomes=[agreed]))
    assert added.status_code == 302
    workshop = Meeting.objects.get(slug="workshop-e-government")
    published = admin_client.post(
        "/admin/meetings/meeting/", {"action": "publish", "_selected_action": [workshop.pk]}
    )
    assert published.status_code == 302
    nothing = {"slug": "none", "kind": "agreement", "text": "Nothing."}
    doomed = meeting_form(name="Workshop held by mistake", slug="held-by-mistake", outcomes=[nothing])
    assert admin_client.post("/admin/meetings/meeting/add/", doomed).status_code == 302
    mistake = Meeting.objects.get(slug="held-by-mistake")
    deleted = admin_client.post(f"/admin/meetings/meeting/{mistake.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302

    source = Source.objects.get(slug="vna-heads-of-civil-service-hanoi")
    changed = admin_client.post(
        f"/admin/sources/source/{source.pk}/change/",
        {
            "headline": source.headline,
            "slug": source.slug,
            "kind": source.kind,
            "publisher": source.publisher,
            "published_precision": source.published_precision,
            "dateline": source.dateline,
            "published_on": source.published_on.isoformat() if source.published_on else "",
            "url": source.url,
            "note": "Checked against the printed edition.",
        },
    )
    assert changed.status_code == 302
    official = Official.objects.get(slug="ekkaphab-phanthavong")
    official.biography = "Minister of Home Affairs of the Lao PDR."
    official._history_user = admin
    official.save()

    ana = User.objects.create_user("ana", password=STAFF_PASSWORD, is_staff=True)
    ana.groups.add(Group.objects.get(name="Editors"))
    ana.user_permissions.add(Permission.objects.get(codename="publish_meeting"))
    TOTPDevice.objects.create(user=ana, name="Authenticator app", confirmed=True)
    recovery = StaticDevice.objects.create(user=ana, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=recovery, token="k3y5t0n3")


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_brings_back_every_row(site, tmp_path, client):
    before = every_row()
    assert not [label for label in FILLED if not before[label]], "the test data lacks rows of these"
    file = backup(tmp_path / "backup.json")

    # A fresh database, as `make migrate` leaves it: content types, permissions and the staff roles only.
    call_command("flush", interactive=False, verbosity=0)
    assert not Meeting.objects.exists() and not User.objects.exists()
    restore(file)

    assert_same_rows(before)
    assert "Ekkaphab Phanthavong" in client.get("/search/?q=phantavong").content.decode()
    client.force_login(User.objects.get(username="admin"))
    workshop = Meeting.objects.get(slug="workshop-e-government")
    history = client.get(f"/admin/meetings/meeting/{workshop.pk}/history/").content.decode()
    assert history.count(">admin<") >= 2, "the addition and the publishing, each by admin"
    assert "Workshop held by mistake" in client.get("/admin/").content.decode(), "the admin's recent actions"


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_database_holding_data_refuses_and_changes_nothing(site, tmp_path):
    file = backup(tmp_path / "backup.json")
    meeting = Meeting.objects.get(slug="accsm-21")
    meeting.slug = "accsm-21-renamed"
    meeting.save()
    before = every_row()

    with pytest.raises(CommandError, match="already holds data") as refused:
        restore(file)

    assert "--replace" in str(refused.value) and "Nothing was changed" in str(refused.value)
    assert_same_rows(before)


@pytest.mark.django_db(transaction=True)
def test_restore_with_replace_brings_the_backup_back_exactly(site, tmp_path, client):
    before = every_row()
    file = backup(tmp_path / "backup.json")
    meeting = Meeting.objects.get(slug="accsm-21")
    meeting.slug = "accsm-21-renamed"
    meeting.save()
    User.objects.create_user("made-after-the-backup", password=STAFF_PASSWORD)
    assert client.get("/meetings/accsm-21-renamed/").status_code == 200

    restore(file, replace=True)

    assert Meeting.objects.filter(name=meeting.name, start_date=meeting.start_date).count() == 1
    assert client.get("/meetings/accsm-21/").status_code == 200
    assert client.get("/meetings/accsm-21-renamed/").status_code == 404
    assert_same_rows(before)


def cut_short(file):
    text = file.read_text()
    file.write_text(text[: len(text) // 2])


def with_a_meeting_of_no_known_kind(file):
    rows = json.loads(file.read_text())
    last_meeting = [row for row in rows if row["model"] == "meetings.meeting"][-1]
    last_meeting["fields"]["kind"] = "nonsense"
    file.write_text(json.dumps(rows))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("damage", [cut_short, with_a_meeting_of_no_known_kind])
def test_restore_with_replace_of_a_broken_backup_leaves_the_database_as_it_was(site, tmp_path, damage):
    file = backup(tmp_path / "backup.json")
    Meeting.objects.filter(slug="accsm-21").update(slug="accsm-21-renamed")
    before = every_row()
    damage(file)

    with pytest.raises(CommandError, match="was not restored"):
        restore(file, replace=True)

    assert_same_rows(before)


def make_restore_commands(*variables):
    """The commands ``make restore`` would run, without running them."""
    result = subprocess.run(
        ["make", "--dry-run", "restore", "FILE=backups/accsm.json", *variables],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_restore_replaces_only_when_asked():
    assert "manage.py restore backups/accsm.json --replace" in make_restore_commands("REPLACE=1")
    assert "--replace" not in make_restore_commands()
    assert "--replace" not in make_restore_commands("REPLACE=0")
