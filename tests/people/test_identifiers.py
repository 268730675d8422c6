"""Identifiers other registers issue (Wikidata ids), edited in an inline of the official, organisation and
country forms, and an organisation's founding and dissolution dates, edited on its form."""

import datetime

import pytest

from people.models import Country, Identifier, Official, Organisation
from tests.admin_forms import change_form_data
from tests.factories import make_country, make_identifier, make_official, make_organisation

pytestmark = pytest.mark.django_db

OWNERS = {
    "official": (Official, lambda: make_official(name="Ekkaphab Phanthavong")),
    "organisation": (Organisation, lambda: make_organisation(name="Association of Southeast Asian Nations")),
    "country": (Country, lambda: make_country(code="VN", name="Viet Nam", alpha3="VNM")),
}


def with_new_identifier(data, identifier, scheme="wikidata"):
    """The form data with one more row in the identifiers inline."""
    row = int(data["identifiers-TOTAL_FORMS"])
    return data | {
        "identifiers-TOTAL_FORMS": str(row + 1),
        f"identifiers-{row}-scheme": scheme,
        f"identifiers-{row}-identifier": identifier,
    }


def identifier_formset(response):
    return next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Identifier
    )


@pytest.mark.parametrize("owner", OWNERS)
def test_identifier_added_in_the_inline_is_saved_to_its_record(admin_pages, owner):
    model, make = OWNERS[owner]
    record = make()
    page = admin_pages.get(model, "change", record.pk)
    assert "identifiers in other registers" in admin_pages.text(page).lower()
    response = admin_pages.post(
        model, "change", with_new_identifier(change_form_data(page), "Q7768"), pk=record.pk
    )
    assert response.status_code == 302, admin_pages.text(response)
    saved = Identifier.objects.get()
    assert (saved.scheme, saved.identifier, getattr(saved, owner)) == ("wikidata", "Q7768", record)
    assert [owned for owned in ("official", "organisation", "country") if getattr(saved, owned)] == [owner]
    # Recorded with its history, as every record is.
    assert saved.history.count() == 1
    # The saved row is shown on the form again.
    again = admin_pages.get(model, "change", record.pk)
    assert [form.instance for form in identifier_formset(again).forms] == [saved]


@pytest.mark.parametrize("owner", OWNERS)
def test_malformed_wikidata_id_is_refused_beside_the_identifier(admin_pages, owner):
    model, make = OWNERS[owner]
    record = make()
    page = admin_pages.get(model, "change", record.pk)
    response = admin_pages.post(
        model, "change", with_new_identifier(change_form_data(page), "wd:881"), pk=record.pk
    )
    assert response.status_code == 200
    row = identifier_formset(response).forms[0]
    assert row.errors["identifier"] == ["A Wikidata id is Q followed by a number, e.g. Q881."]
    assert not Identifier.objects.exists()


def test_wikidata_id_of_another_record_is_refused(admin_pages):
    make_identifier(country=make_country(code="VN", name="Viet Nam"), identifier="Q881")
    official = make_official(name="Vu Chien Thang")
    page = admin_pages.get(Official, "change", official.pk)
    response = admin_pages.post(
        Official, "change", with_new_identifier(change_form_data(page), "Q881"), pk=official.pk
    )
    assert response.status_code == 200
    assert "Another record already has this identifier." in admin_pages.text(response)
    assert not official.identifiers.exists()


def test_organisation_founding_date_is_saved_at_its_precision(admin_pages):
    accsm = make_organisation(name="ASEAN Cooperation on Civil Service Matters")
    page = admin_pages.get(Organisation, "change", accsm.pk)
    data = change_form_data(page) | {"founding_date": "1981-06-15", "founding_precision": "year"}
    response = admin_pages.post(Organisation, "change", data, pk=accsm.pk)
    assert response.status_code == 302, admin_pages.text(response)
    accsm.refresh_from_db()
    assert (accsm.founding_date, accsm.founded.isoformat()) == (datetime.date(1981, 1, 1), "1981")


def test_organisation_dissolved_before_it_was_founded_is_refused_beside_the_dissolution_date(admin_pages):
    body = make_organisation(name="ASEAN Conference of Reforms in the Civil Service")
    page = admin_pages.get(Organisation, "change", body.pk)
    data = change_form_data(page) | {"founding_date": "1981-01-01", "dissolution_date": "1980-12-31"}
    response = admin_pages.post(Organisation, "change", data, pk=body.pk)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["dissolution_date"] == [
        "The dissolution date cannot be before the start."
    ]
    body.refresh_from_db()
    assert body.founding_date is None
