"""Staff sign in with a password and a second factor: enrolment, the sign-in page, recovery codes,
the lockout, and Argon2 password hashes."""

import io
import os
import re
import subprocess
import sys
from base64 import b32decode
from html import unescape
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import totp

from tests.factories import make_meeting

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a-long-staff-password-42"
REFUSED = (
    "Enter the correct username and password of a staff account, and a current code from your "
    "authenticator app or an unused recovery code."
)


def text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


class Enrolment:
    """What a staff member reads off the command's output: the secret and the recovery codes."""

    def __init__(self, output):
        self.output = output
        self.secret = re.search(r"secret key in the app: ([A-Z2-7]+)", output)[1]
        self.url = re.search(r"(otpauth://\S+)", output)[1]
        self.recovery_codes = re.findall(r"^  ([a-z2-7]{8})$", output, re.MULTILINE)

    def app_code(self, steps_ahead=0):
        """The code an authenticator app set up with the printed secret shows now (or a step later)."""
        return f"{totp(b32decode(self.secret), drift=steps_ahead):06d}"


def sign_in(client, username="ana", password=PASSWORD, code="", address="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "otp_token": code},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def ana(db, monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    return Enrolment(run("create_staff_user", "ana", "--role", "editor"))


def test_create_staff_user_enrols_the_account_and_prints_its_secret_and_recovery_codes(ana):
    assert "shown only once" in ana.output
    assert ana.url.startswith("otpauth://totp/ACCSM%20Records%3Aana?")
    assert f"secret={ana.secret}" in ana.url
    assert "issuer=ACCSM%20Records" in ana.url
    assert len(set(ana.recovery_codes)) == 10
    # Not a terminal here, so no QR code drawn in text.
    assert "█" not in ana.output


def test_create_staff_user_draws_a_qr_code_in_a_terminal(db, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    out = Terminal()
    call_command("create_staff_user", "ben", "--role", "publisher", stdout=out)
    assert "Scan this QR code" in out.getvalue()
    assert "█" in out.getvalue()


def test_create_staff_user_keeps_an_enrolled_accounts_second_factor_unless_asked(ana, client):
    again = run("create_staff_user", "ana", "--role", "publisher")
    assert "second factor is unchanged" in again
    assert "otpauth://" not in again
    assert sign_in(client, code=ana.app_code()).status_code == 302

    reset = Enrolment(run("create_staff_user", "ana", "--role", "publisher", "--reset-second-factor"))
    assert reset.secret != ana.secret
    client.post("/admin/logout/")
    # The new recovery codes sign in; the old ones no longer do.
    assert sign_in(client, code=reset.recovery_codes[0]).status_code == 302
    client.post("/admin/logout/")
    assert REFUSED in text(sign_in(client, code=ana.recovery_codes[0]))


def test_sign_in_page_asks_for_the_code_under_the_strict_policy(client, db):
    response = client.get("/admin/login/?next=/admin/")
    page = response.content.decode()
    assert re.search(r'<label for="id_otp_token" class="required">Code:</label>', page)
    assert 'autocomplete="one-time-code"' in page
    assert "The 6-digit code your authenticator app shows, or one of your recovery codes." in text(response)
    # Nothing the Content-Security-Policy would block: no inline script, style or handler.
    assert " style=" not in page and "<style" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_password_and_app_code_open_the_admin(ana, client):
    response = sign_in(client, code=ana.app_code())
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "Records" in text(index)
    assert "Meetings" in text(index)


def test_app_code_typed_with_a_space_is_accepted(ana, client):
    code = ana.app_code()
    assert sign_in(client, code=f"{code[:3]} {code[3:]}").status_code == 302


def test_password_alone_is_refused(ana, client):
    response = sign_in(client)
    assert response.status_code == 200
    assert REFUSED in text(response)
    assert client.get("/admin/").status_code == 302  # back to the sign-in page


def test_wrong_code_is_refused_with_the_same_words_as_a_wrong_password(ana, client):
    wrong_code = sign_in(client, code=ana.app_code(steps_ahead=5))
    wrong_password = sign_in(client, password="not-the-password", code=ana.app_code())
    assert wrong_code.status_code == wrong_password.status_code == 200
    assert REFUSED in text(wrong_code)
    assert REFUSED in text(wrong_password)
    # The refused password is not written back into the page.
    assert PASSWORD not in wrong_code.content.decode()
    assert client.get("/admin/").status_code == 302


def test_used_app_code_is_refused_a_second_time(ana, client):
    code = ana.app_code()
    assert sign_in(client, code=code).status_code == 302
    client.post("/admin/logout/")
    assert REFUSED in text(sign_in(client, code=code))


def test_recovery_code_signs_in_once(ana, client):
    first, second = ana.recovery_codes[:2]
    assert sign_in(client, code=first.upper()).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    assert sign_in(client, code=second).status_code == 302
    client.post("/admin/logout/")
    assert REFUSED in text(sign_in(client, code=first))


def test_session_signed_in_without_the_second_factor_does_not_reach_the_admin(ana):
    # As a session from before second factors were required: signed in, never verified.
    client = Client()
    client.force_login(User.objects.get(username="ana"))
    for url in ["/admin/", "/admin/meetings/meeting/", "/admin/auth/user/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    login = client.get("/admin/login/?next=/admin/")
    assert "not with a second factor" in text(login)


def test_drafts_are_shown_only_to_staff_signed_in_with_the_second_factor(ana, client):
    make_meeting(slug="draft-meeting", name="Draft meeting", status="draft")
    unverified = Client()
    unverified.force_login(User.objects.get(username="ana"))
    assert unverified.get("/meetings/draft-meeting/").status_code == 404
    assert sign_in(client, code=ana.app_code()).status_code == 302
    assert "Draft meeting" in text(client.get("/meetings/draft-meeting/"))


def test_superuser_without_a_second_factor_is_refused_until_enrolled(db, client):
    User.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    assert REFUSED in text(sign_in(client, "chief"))
    enrolment = Enrolment(run("enrol_second_factor", "chief"))
    assert sign_in(client, "chief", code=enrolment.app_code()).status_code == 302
    assert client.get("/admin/auth/user/").status_code == 200


def test_enrol_second_factor_replaces_an_enrolment_only_when_asked(ana, client):
    with pytest.raises(CommandError, match="already enrolled; --replace"):
        run("enrol_second_factor", "ana")
    replaced = Enrolment(run("enrol_second_factor", "ana", "--replace"))
    assert REFUSED in text(sign_in(client, code=ana.recovery_codes[0]))
    assert sign_in(client, code=replaced.app_code()).status_code == 302


def test_re_enrolment_ends_sessions_signed_in_with_the_old_second_factor(ana, client):
    # A lost phone: whoever has it and is signed in is signed out by the re-enrolment.
    assert sign_in(client, code=ana.app_code()).status_code == 302
    assert client.get("/admin/").status_code == 200
    run("enrol_second_factor", "ana", "--replace")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_enrol_second_factor_refuses_unknown_and_non_staff_accounts(db):
    User.objects.create_user("visitor", password=PASSWORD)
    with pytest.raises(CommandError, match="no account named 'nobody'"):
        run("enrol_second_factor", "nobody")
    with pytest.raises(CommandError, match="visitor is not a staff account"):
        run("enrol_second_factor", "visitor")


def make_environment(**variables):
    """A plain shell's environment (none of the project's settings) plus ``variables``."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "STAFF_PASSWORD", "NAME"))
    }
    return env | variables


def test_make_enrol_enrols_a_superuser_made_by_createsuperuser(tmp_path):
    env = make_environment(DATABASE_URL=f"sqlite:///{tmp_path / 'enrol.sqlite3'}")
    manage = [sys.executable, "manage.py"]
    debug = env | {"DJANGO_DEBUG": "1", "DJANGO_SUPERUSER_PASSWORD": PASSWORD}
    for command in (
        ["migrate", "--no-input"],
        ["createsuperuser", "--no-input", "--username", "chief", "--email", "chief@example.org"],
    ):
        subprocess.run(manage + command, cwd=ROOT, env=debug, check=True, capture_output=True, timeout=300)
    result = subprocess.run(
        ["make", "enrol", "NAME=chief"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(Enrolment(result.stdout).recovery_codes) == 10


def test_make_enrol_without_a_name_says_how_to_call_it():
    result = subprocess.run(
        ["make", "--assume-old=migrate", "enrol"],
        cwd=ROOT,
        env=make_environment(NAME="the-host-name"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Usage: make enrol NAME=chief [REPLACE=1]" in result.stdout


@pytest.mark.parametrize("wrong", ["password", "code"])
def test_five_wrong_passwords_or_codes_lock_the_account_from_that_address(ana, client, wrong):
    def attempt(address="203.0.113.7"):
        if wrong == "password":
            return sign_in(client, password="not-the-password", code=ana.app_code(), address=address)
        return sign_in(client, code=ana.app_code(steps_ahead=10), address=address)

    for _ in range(4):
        assert REFUSED in text(attempt())
    locked = attempt()
    assert locked.status_code == 429
    assert "Sign-in locked" in text(locked)
    # Even the right password and code are refused while the lock lasts.
    assert sign_in(client, code=ana.app_code()).status_code == 429
    # Another address is not locked out of the same account. (With a recovery code: django-otp also
    # slows down the app's codes for a few seconds after wrong ones, from any address.)
    assert sign_in(client, code=ana.recovery_codes[0], address="198.51.100.9").status_code == 302


def test_successful_sign_in_clears_earlier_failures(ana, client):
    for _ in range(4):
        sign_in(client, code="not-a-code")
    assert sign_in(client, code=ana.app_code()).status_code == 302
    client.post("/admin/logout/")
    for _ in range(4):
        assert sign_in(client, code="not-a-code").status_code == 200


def test_new_passwords_are_hashed_with_argon2(ana):
    assert User.objects.get(username="ana").password.startswith("argon2$argon2id$")


def test_older_password_hash_becomes_argon2_at_the_next_sign_in(db, client):
    User.objects.create(
        username="old", is_staff=True, password=make_password(PASSWORD, hasher="pbkdf2_sha256")
    )
    enrolment = Enrolment(run("enrol_second_factor", "old"))
    assert sign_in(client, "old", code=enrolment.app_code()).status_code == 302
    assert User.objects.get(username="old").password.startswith("argon2$")
    client.post("/admin/logout/")
    assert sign_in(client, "old", code=enrolment.recovery_codes[0]).status_code == 302
