"""A visitor's journey through the public site, accessibility and small screens, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.public_urls import PUBLIC_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("accsm_records")]


def test_visitor_searches_filters_and_follows_a_participant(site, page, artifacts):
    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Records of ASEAN cooperation")

    # Search for a misspelling the second article uses.
    page.get_by_label("Search officials, organisations, meetings and declarations").fill("phantavong")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=phantavong"))
    expect(page.get_by_role("link", name="Ekkaphab Phanthavong")).to_be_visible()

    # Filter meetings by year and kind with the keyboard-usable form.
    page.goto(site + "/meetings/")
    page.get_by_label("Year").fill("2022")
    page.get_by_label("Kind").select_option("heads")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"year=2022"))
    expect(page).to_have_url(re.compile(r"kind=heads"))
    expect(page.locator(".result-count")).to_have_text("1 meeting")
    expect(page.locator(".active-filters")).to_contain_text("Year: 2022")
    page.screenshot(path=artifacts / "meeting-list.png", full_page=True)

    # Open the meeting and follow a participant to their page.
    page.get_by_role("link", name="Heads of Civil Service Meeting", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Heads of Civil Service Meeting")
    expect(page.locator(".facts")).to_contain_text("5 August 2022")
    page.screenshot(path=artifacts / "meeting-detail.png", full_page=True)
    page.locator(".participants").get_by_role("link", name="Ekkaphab Phanthavong").click()
    expect(page).to_have_url(re.compile(r"/officials/ekkaphab-phanthavong/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ekkaphab Phanthavong")
    expect(page.locator("main")).to_contain_text("Ekkaphab Phantavong")


def test_filters_work_from_the_keyboard_alone(site, page):
    page.goto(site + "/meetings/")
    page.get_by_label("Year").focus()
    page.keyboard.type("2021")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"year=2021"))
    expect(page.locator(".records")).to_contain_text("Training workshop")
    # Every visible form control has a label that names it.
    for control in page.locator(".filters input:visible, .filters select:visible").all():
        control_id = control.get_attribute("id")
        assert page.locator(f'label[for="{control_id}"]').count() == 1, control_id


def test_every_public_page_passes_axe_wcag_21_aa(site, page):
    failures = {}
    for url in PUBLIC_PAGES:
        page.goto(site + url)
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
    assert failures == {}


def test_every_public_page_fits_a_360_pixel_screen(site, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    too_wide = {}
    for url in PUBLIC_PAGES:
        page.goto(site + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[url] = width
    context.close()
    assert too_wide == {}


def test_meeting_page_prints_without_site_furniture(site, page, artifacts):
    page.goto(site + "/meetings/accsm-21-heads-of-civil-service/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator("main")).to_contain_text("Sources")
    page.pdf(path=artifacts / "meeting-detail.pdf")


def test_no_page_breaks_the_content_security_policy(site, browser):
    """Public pages and the admin run under the strict policy with nothing blocked."""
    from base64 import b32decode

    from django.contrib.auth.models import User
    from django_otp.oath import totp

    from core.second_factor import enrol
    from meetings.models import Meeting

    chief = User.objects.create_superuser("chief", "chief@example.org", "a-long-admin-password")
    secret = enrol(chief).secret
    meeting = Meeting.objects.get(slug="accsm-21-heads-of-civil-service")
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
    for url in PUBLIC_PAGES:
        page.goto(site + url)
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("a-long-admin-password")
    page.get_by_label("Code").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Records")).to_be_visible()
    for url in [
        "/admin/",
        "/admin/meetings/meeting/",
        f"/admin/meetings/meeting/{meeting.pk}/change/",
        f"/admin/meetings/meeting/{meeting.pk}/history/",
        "/admin/people/official/add/",
        "/admin/people/organisation/",
    ]:
        page.goto(site + url)
        # Let admin scripts (autocomplete, inlines, prepopulated slugs) run.
        page.wait_for_load_state("networkidle")
    context.close()
    assert violations == []
