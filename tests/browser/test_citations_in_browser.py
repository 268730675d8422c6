"""A reader follows a fact's marker to its note and back, by keyboard alone, with no JavaScript."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("accsm_records")]


def focused(page):
    return page.evaluate(
        "() => ({id: document.activeElement.id, tag: document.activeElement.tagName,"
        " cite: !!document.activeElement.closest('sup.cite')})"
    )


def test_a_marker_leads_to_its_note_and_back_by_keyboard(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/meetings/accsm-21-heads-of-civil-service/")
    # Tab from the top of the page to the first marker.
    for _ in range(200):
        page.keyboard.press("Tab")
        if focused(page)["cite"]:
            break
    marker = focused(page)
    assert marker["cite"], "no citation marker is reachable by Tab"
    note_id = re.match(r"cite-ref-(\d+)-a$", marker["id"]).group(1)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"#cite-{note_id}$"))
    note = page.locator(f"#cite-{note_id}")
    expect(note).to_be_in_viewport()
    assert focused(page)["id"] == f"cite-{note_id}"
    expect(note).to_contain_text("“")  # the fact's quote, in quotation marks
    # The note's first link leads back to the marker.
    page.keyboard.press("Tab")
    back = page.locator(f"#cite-{note_id} .cite-back")
    expect(back).to_be_focused()
    expect(back).to_have_attribute("aria-label", re.compile(r"Back to the text"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"#{marker['id']}$"))
    expect(page.locator(f"#{marker['id']}")).to_be_in_viewport()
    assert focused(page)["id"] == marker["id"]
    context.close()


def test_notes_are_printed(site, page):
    page.goto(site + "/meetings/accsm-21-heads-of-civil-service/")
    page.emulate_media(media="print")
    expect(page.locator(".citation-notes")).to_be_visible()
    expect(page.locator(".citation-notes li").first).to_be_visible()
