"""The sign-in lockout (django-axes, five failures from one address) behind the documented proxy:
each client is known by the address the proxy appended to X-Forwarded-For, so one client's failures
lock neither another client nor the proxy's own address, and writing one's own X-Forwarded-For
escapes nothing. Without DJANGO_BEHIND_PROXY the header is ignored.

The settings are read from accsm/settings.py itself, run with the environment each test gives it.
Failures are posted to the admin's sign-in form (with a code field, which the admin asks for too);
whether an account may still sign in from an address is asked of django.contrib.auth.authenticate,
through django-axes, with the right password.
"""

import runpy
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "accsm" / "settings.py"
PROXY = "10.0.0.2"  # The proxy's own address: every connection behind it comes from here.
PASSWORD = "a long and correct password 4"


def settings_with(monkeypatch, **variables):
    """The settings module's values when the process starts with ``variables`` in its environment."""
    for name in ("DJANGO_BEHIND_PROXY", "DJANGO_PROXY_COUNT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


@pytest.fixture
def apply_environment(settings, monkeypatch):
    """Gives the running site the client-address settings the environment makes."""

    def apply(**variables):
        made = settings_with(monkeypatch, **variables)
        # What the settings leave out, django-axes (axes/conf.py) and django-ipware default.
        settings.AXES_IPWARE_META_PRECEDENCE_ORDER = made.get(
            "AXES_IPWARE_META_PRECEDENCE_ORDER", ["REMOTE_ADDR"]
        )
        settings.AXES_IPWARE_PROXY_ORDER = made.get("AXES_IPWARE_PROXY_ORDER", "left-most")
        settings.AXES_IPWARE_PROXY_COUNT = made.get("AXES_IPWARE_PROXY_COUNT")
        settings.IPWARE_STRICT = made.get("IPWARE_STRICT")

    return apply


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("ana", password=PASSWORD, is_staff=True)


def fail_sign_in(forwarded_for=None, remote_addr=PROXY):
    """One failed sign-in at the admin; the page that answers it."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return Client(REMOTE_ADDR=remote_addr).post(
        "/admin/login/",
        {"username": "ana", "password": "wrong password", "otp_token": "123456"},
        headers=headers,
    )


def is_locked_out(response):
    return response.status_code == 429 and "Sign-in locked" in response.content.decode()


def may_sign_in(forwarded_for=None, remote_addr=PROXY):
    """Whether the right password is accepted from this client now."""
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded_for:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    request = RequestFactory().post("/admin/login/", **meta)
    return authenticate(request, username="ana", password=PASSWORD) is not None


def test_lockout_behind_proxy_locks_the_failing_client_and_no_other(apply_environment, staff):
    apply_environment(DJANGO_BEHIND_PROXY="1")
    for _ in range(4):
        assert not is_locked_out(fail_sign_in("198.51.100.7"))
    # The fifth failure locks.
    assert is_locked_out(fail_sign_in("198.51.100.7"))
    assert not may_sign_in("198.51.100.7")
    # Another client behind the same proxy signs in as before.
    assert may_sign_in("198.51.100.8")
    response = fail_sign_in("198.51.100.8")
    assert response.status_code == 200 and "enter the correct username" in response.content.decode().lower()


def test_lockout_behind_proxy_ignores_what_the_client_wrote_in_x_forwarded_for(apply_environment, staff):
    apply_environment(DJANGO_BEHIND_PROXY="1")
    # The proxy appends the address it sees to whatever the client sent.
    for number in range(4):
        fail_sign_in(f"203.0.113.{number}, 198.51.100.9")
    assert is_locked_out(fail_sign_in("203.0.113.99, 198.51.100.9"))
    assert not may_sign_in("198.51.100.9")
    assert not may_sign_in("198.51.100.8, 198.51.100.9")
    # Nor can a client lock out another by naming the other's address.
    for _ in range(5):
        fail_sign_in("198.51.100.10, 198.51.100.11")
    assert may_sign_in("198.51.100.10")


def test_lockout_behind_two_proxies_reads_the_address_the_farther_proxy_appended(apply_environment, staff):
    apply_environment(DJANGO_BEHIND_PROXY="1", DJANGO_PROXY_COUNT="2")
    # A CDN appends the client's address, the proxy next to the site appends the CDN's.
    for number in range(5):
        fail_sign_in(f"203.0.113.{number}, 198.51.100.7, 192.0.2.50")
    assert not may_sign_in("198.51.100.7, 192.0.2.50")
    assert may_sign_in("198.51.100.8, 192.0.2.50")


def test_lockout_without_proxy_ignores_x_forwarded_for(apply_environment, staff):
    apply_environment()
    for number in range(5):
        fail_sign_in(f"203.0.113.{number}", remote_addr="198.51.100.20")
    assert not may_sign_in("203.0.113.77", remote_addr="198.51.100.20")
    assert may_sign_in("203.0.113.77", remote_addr="198.51.100.21")


@pytest.mark.parametrize("count", ["0", "-1", "two", "1.5"])
def test_settings_with_proxy_count_not_a_whole_number_refuse_to_start(monkeypatch, count):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_PROXY_COUNT"):
        settings_with(monkeypatch, DJANGO_BEHIND_PROXY="1", DJANGO_PROXY_COUNT=count)


def test_settings_with_proxy_count_but_no_proxy_refuse_to_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_BEHIND_PROXY"):
        settings_with(monkeypatch, DJANGO_PROXY_COUNT="1")
