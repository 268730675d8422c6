"""Staff sign in with a password and a code from their authenticator app, in a real browser."""

import io
import re
from base64 import b32decode

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def chief_secret(transactional_db):
    User.objects.create_superuser("chief", "chief@example.org", "a-long-admin-password")
    out = io.StringIO()
    call_command("enrol_second_factor", "chief", stdout=out)
    return re.search(r"secret key in the app: ([A-Z2-7]+)", out.getvalue())[1]


def test_staff_sign_in_with_a_code_under_the_content_security_policy(site, browser, chief_secret):
    # No bypass here: the page runs under the policy the site sends.
    context = browser.new_context()
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("a-long-admin-password")
    code = page.get_by_label("Code")
    expect(code).to_have_accessible_description(re.compile("6-digit code your authenticator app shows"))
    code.fill(f"{totp(b32decode(chief_secret)):06d}")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Records")).to_be_visible()
    page.goto(site + "/admin/auth/user/")
    page.wait_for_load_state("networkidle")
    context.close()
    assert violations == []


def test_staff_sign_in_page_is_accessible(site, page):
    page.goto(site + "/admin/login/")
    assert axe_violations(page) == []
