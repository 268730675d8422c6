"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Without Chromium they are skipped with the reason, except under CI, where a
missing browser is a failure: CI must never skip them.
"""

import io
import os
import re
from base64 import b32decode
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# Chromium's own background traffic is refused on this closed network; keep it quiet.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(what, how):
    message = f"{what} is missing ({how}); browser tests skipped"
    if os.environ.get("CI"):
        pytest.fail(f"{message} -- but CI must run them.")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing("Chromium", "apt-get install chromium")
    if not AXE.exists():
        _missing("axe-core", "make test installs it with npm")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    # Injecting axe-core is the test's doing, not the site's: let it past the CSP.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def axe_violations(page):
    """WCAG 2.1 A and AA violations axe-core finds on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -- {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.fixture
def site(live_server, transactional_db):
    """The live test server's address. Its database is committed to, so the server sees each change."""
    return live_server.url


PUBLISHER = "ben"
PUBLISHER_PASSWORD = "a-long-publisher-password"


@pytest.fixture
def publisher_secret(transactional_db):
    """A member of the Publishers group enrolled in a second factor, as `make staff` makes one: the
    authenticator's secret, to compute codes with."""
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from core.roles import PUBLISHERS

    publisher = User.objects.create_user(PUBLISHER, password=PUBLISHER_PASSWORD, is_staff=True)
    publisher.groups.add(Group.objects.get(name=PUBLISHERS))
    out = io.StringIO()
    call_command("enrol_second_factor", PUBLISHER, stdout=out)
    return re.search(r"secret key in the app: ([A-Z2-7]+)", out.getvalue())[1]


def sign_in_as_publisher(page, site, secret):
    """Sign in to the admin as ``publisher_secret``'s publisher: password, then the code of the moment."""
    from django_otp.oath import totp
    from playwright.sync_api import expect

    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill(PUBLISHER)
    page.get_by_label("Password").fill(PUBLISHER_PASSWORD)
    page.get_by_label("Code").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Records")).to_be_visible()
