"""Hardening: the Content-Security-Policy, sign-in lockout, the health check, request logs, production checks,
and backups that restore to the same records."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import OperationalError, connection

from accsm.operations import JsonFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("url", ["/", "/meetings/", "/api/meetings/", "/admin/login/", "/meetings.csv"])
def test_every_response_carries_a_strict_content_security_policy(client, db, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_templates_have_no_inline_script_or_style():
    for template in (ROOT / "templates").rglob("*.html"):
        html = template.read_text()
        assert "<style" not in html, template
        assert " style=" not in html, template
        assert "<script>" not in html and "<script " not in html.replace(
            '<script type="application/ld+json">', ""
        ), template
        assert " on" + "click=" not in html, template


def sign_in(client, password, address="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "staffer", "password": password},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def staffer(db):
    return User.objects.create_user("staffer", password="the-right-password-42", is_staff=True)


def test_five_failed_sign_ins_lock_the_account_from_that_address(client, staffer):
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200  # the form again, with its error
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    assert sign_in(client, "the-right-password-42").status_code == 429
    # Another address is not locked out of the same account.
    assert sign_in(client, "the-right-password-42", address="198.51.100.9").status_code == 302


def test_lockout_lasts_an_hour(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == 1  # hours
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_health_check_reports_a_reachable_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_check_reports_an_unreachable_database(client, db, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    # The database driver is what fails here, not our code; restored before the test database is torn down.
    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", unreachable)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_every_request_is_logged_with_its_id(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="accsm.requests"):
        response = client.get("/meetings/", HTTP_X_REQUEST_ID="edge-1234")
    assert response["X-Request-ID"] == "edge-1234"
    record = next(r for r in caplog.records if r.name == "accsm.requests")
    assert (record.method, record.path, record.status) == ("GET", "/meetings/", 200)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["path"] == "/meetings/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)


def test_request_id_from_outside_is_kept_only_if_it_is_safe(client, db):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID="bad id\nINJECTED")
    assert response["X-Request-ID"] != "bad id\nINJECTED"
    assert len(response["X-Request-ID"]) == 32


def test_errors_are_logged_with_the_request_id(caplog):
    logger = logging.getLogger("django.request")
    try:
        raise ValueError("boom")
    except ValueError:
        with caplog.at_level(logging.ERROR, logger="django.request"):
            logger.exception("Internal Server Error: /x")
    line = json.loads(JsonFormatter().format(caplog.records[-1]))
    assert line["level"] == "ERROR"
    assert "ValueError: boom" in line["error"]
    assert "request_id" in line


def production_env(**extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="accsm.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="records.example.org",
        **extra,
    )
    return env


def test_deploy_check_finds_no_issue_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_backup_then_restore_into_an_empty_database_gives_the_same_records(accsm_records, tmp_path):
    first = tmp_path / "backup.json"
    call_command("backup", str(first))
    dumped = json.loads(first.read_text())
    assert {"people.official", "meetings.meeting", "meetings.participation"} <= {r["model"] for r in dumped}
    assert all("pk" not in record for record in dumped), "natural keys only"

    call_command("flush", interactive=False, verbosity=0)
    from meetings.models import Meeting

    assert Meeting.objects.count() == 0
    call_command("restore", str(first))
    second = tmp_path / "again.json"
    call_command("backup", str(second))
    assert json.loads(second.read_text()) == dumped
    # The restored records are searchable again.
    from core.search import search
    from people.models import Official

    assert list(search(Official.objects.all(), "phantavong").values_list("slug", flat=True)) == [
        "ekkaphab-phanthavong"
    ]


def test_restore_of_a_broken_backup_changes_nothing(accsm_records, tmp_path):
    from meetings.models import Meeting

    broken = tmp_path / "broken.json"
    broken.write_text(
        json.dumps(
            [
                {
                    "model": "sources.source",
                    "fields": {
                        "slug": "new-source",
                        "headline": "New",
                        "publisher": "X",
                        "created": "2026-01-01T00:00:00Z",
                        "updated": "2026-01-01T00:00:00Z",
                    },
                },
                {
                    "model": "meetings.meeting",
                    "fields": {
                        "slug": "broken",
                        "name": "Broken",
                        "kind": "nonsense",
                        "start_date": "2022-01-01",
                        "created": "2026-01-01T00:00:00Z",
                        "updated": "2026-01-01T00:00:00Z",
                    },
                },
            ]
        )
    )
    before = Meeting.objects.count()
    with pytest.raises(Exception, match="meeting_kind_valid|CHECK constraint|check constraint"):
        call_command("restore", str(broken))
    assert Meeting.objects.count() == before
    from sources.models import Source

    assert not Source.objects.filter(slug="new-source").exists()
