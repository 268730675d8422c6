"""A publisher renames an official's slug, then merges that official into the record of the same
person made earlier, in a real browser; every old address of the merged record leads to the one kept,
until the publisher undoes the merge from the kept record's history and they lead to it again."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, sign_in_as_publisher
from tests.factories import make_official, make_official_alias

pytestmark = pytest.mark.browser


def test_publisher_renames_merges_and_unmerges_and_the_old_addresses_still_answer(
    site, page, publisher_secret
):
    kept = make_official(slug="pham-thi-thanh-tra", name="Pham Thi Thanh Tra")
    other = make_official(slug="tra-pham", name="Pham Thanh Tra", biography="Minister of Home Affairs.")
    make_official_alias(official=other, name="Pham T. T. Tra")
    sign_in_as_publisher(page, site, publisher_secret)

    # The newer record's slug, renamed in the admin.
    page.goto(f"{site}/admin/people/official/{other.pk}/change/")
    page.get_by_label("Slug").fill("pham-thanh-tra")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist").first).to_contain_text("was changed successfully")

    # Both selected in the list, merged with the newer one's biography.
    page.goto(f"{site}/admin/people/official/")
    for name in ("Pham Thi Thanh Tra", "Pham Thanh Tra"):
        page.get_by_label(f"Select this object for an action - {name}", exact=True).check()
    page.get_by_role("combobox", name="Action").select_option(label="Merge the two selected officials")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("heading", name="Merge two officials")).to_be_visible()
    expect(page.locator(".merge-holdings")).to_contain_text("Pham T. T. Tra")
    assert axe_violations(page) == []
    page.get_by_label("Minister of Home Affairs.").check()
    page.get_by_role("button", name="Merge them").click()
    expect(page.locator(".messagelist").first).to_contain_text(
        "“Pham Thanh Tra” was merged into Pham Thi Thanh Tra"
    )

    # Each address the merged record ever had leads to the one kept, on the public site.
    for address in ("/officials/tra-pham/", "/officials/pham-thanh-tra/", f"/p/{other.pk}/"):
        page.goto(site + address)
        expect(page).to_have_url(re.compile(r"/officials/pham-thi-thanh-tra/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Pham Thi Thanh Tra")
        expect(page.locator("main")).to_contain_text("Minister of Home Affairs.")

    # Undone from the kept record's history: the merged record is back at its addresses. The
    # redirects above were answered for revalidation (the page cache), so the browser asks again.
    page.goto(f"{site}/admin/people/official/{kept.pk}/history/")
    page.get_by_role("link", name="Undo this merge").click()
    page.get_by_role("button", name="Yes, undo this merge").click()
    expect(page.locator(".messagelist").first).to_contain_text("Pham Thanh Tra")
    for address in ("/officials/pham-thanh-tra/", f"/p/{other.pk}/"):
        page.goto(site + address)
        expect(page).to_have_url(re.compile(r"/officials/pham-thanh-tra/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Pham Thanh Tra")
    page.goto(f"{site}/officials/pham-thi-thanh-tra/")
    expect(page.locator("main")).not_to_contain_text("Minister of Home Affairs.")
