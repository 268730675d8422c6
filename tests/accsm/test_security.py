"""Hardening in the settings: the Content-Security-Policy, sign-in lockout, and Django's production checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from core.second_factor import enrol

ROOT = Path(__file__).resolve().parents[2]


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


def sign_in(client, password, code, address="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "staffer", "password": password, "otp_token": code},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def staffer(db):
    return User.objects.create_user("staffer", password="the-right-password-42", is_staff=True)


@pytest.fixture
def recovery_codes(staffer):
    """The staffer's second factor: single-use recovery codes, so no clock is involved."""
    return enrol(staffer).recovery_codes


def test_five_failed_sign_ins_lock_the_account_from_that_address(client, staffer, recovery_codes):
    right, another = recovery_codes[:2]
    for _ in range(4):
        assert sign_in(client, "wrong", right).status_code == 200  # the form again, with its error
    locked = sign_in(client, "wrong", right)
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    # Even the right password and code are refused while the lock lasts.
    assert sign_in(client, "the-right-password-42", right).status_code == 429
    # Another address is not locked out of the same account.
    assert sign_in(client, "the-right-password-42", another, address="198.51.100.9").status_code == 302


def test_lockout_lasts_an_hour(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == 1  # hours
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


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
