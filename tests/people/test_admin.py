"""The staff admin for countries, organisations, officials and posts.

Every page opens and names its record, officials are found by any spelling,
and a broken rule is explained beside the field to correct.
"""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib import admin

from core.models import record_models
from people.admin import OfficialAdmin, OrganisationAdmin
from people.models import (
    Country,
    CountryName,
    Identifier,
    Official,
    OfficialAlias,
    Organisation,
    OrganisationName,
    Position,
)
from tests.factories import (
    make_country,
    make_country_name,
    make_identifier,
    make_official,
    make_official_alias,
    make_organisation,
    make_organisation_name,
    make_position,
)

pytestmark = pytest.mark.django_db

# One builder per model: saves a record that staff know by ``name``, with the
# related records its list shows filled in, so that a missing select_related
# shows up as a query per row.
BUILDERS = {
    Country: lambda name: make_country(name=name),
    CountryName: lambda name: make_country_name(name=name),
    Organisation: lambda name: make_organisation(
        name=name, country=make_country(), parent=make_organisation()
    ),
    OrganisationName: lambda name: make_organisation_name(name=name),
    Official: lambda name: make_official(name=name, country=make_country()),
    OfficialAlias: lambda name: make_official_alias(name=name),
    Position: lambda name: make_position(title=name),
    # An identifier is named by the record it was issued to.
    Identifier: lambda name: make_identifier(official=make_official(name=name)),
}


def make_ekkaphab():
    """The Lao official whose surname sources also print as Phantavong."""
    official = make_official(name="Ekkaphab Phanthavong", slug="ekkaphab-phanthavong")
    make_official_alias(official=official, name="Ekkaphab Phantavong")
    return official


def test_every_people_model_has_an_admin():
    models = record_models(apps.get_app_config("people"))
    assert all(admin.site.is_registered(model) for model in models)
    assert set(BUILDERS) == set(models)


@pytest.mark.parametrize("model", BUILDERS, ids=lambda model: model.__name__)
def test_admin_pages_open_and_name_the_record(admin_pages, model):
    admin_pages.assert_pages_name(BUILDERS[model]("Xaysomboun Record"), "Xaysomboun Record")


@pytest.mark.parametrize("model", BUILDERS, ids=lambda model: model.__name__)
def test_changelist_queries_do_not_grow_with_rows(admin_pages, model):
    at_one, at_ten = admin_pages.changelist_query_counts(model, BUILDERS[model])
    assert at_ten == at_one


def test_change_form_shows_record_times_but_add_form_does_not(admin_pages):
    country = make_country(name="Lao PDR")
    assert "Created:" in admin_pages.text(admin_pages.get(Country, "change", country.pk))
    assert "Created:" not in admin_pages.text(admin_pages.get(Country, "add"))


def test_change_form_links_to_the_public_page(admin_pages):
    official = make_ekkaphab()
    change = admin_pages.get(Official, "change", official.pk)
    view_on_site = re.search(r'href="([^"]+)" class="viewsitelink"', change.content.decode())
    assert view_on_site, "no View on site link"
    assert admin_pages.client.get(view_on_site[1])["Location"].endswith(official.get_absolute_url())


def test_official_search_finds_an_official_by_a_misspelt_alias(admin_pages):
    make_ekkaphab()
    make_official(name="Pham Thi Thanh Tra")
    text = admin_pages.text(admin_pages.get(Official, q="Phantavong"))
    assert "Ekkaphab Phanthavong" in text
    assert "Pham Thi Thanh Tra" not in text
    assert "1 result (" in text


def test_official_found_through_two_aliases_is_listed_once(admin_pages):
    official = make_ekkaphab()
    make_official_alias(official=official, name="E. Phantavong")
    make_official(name="Pham Thi Thanh Tra")
    assert "1 result (" in admin_pages.text(admin_pages.get(Official, q="Phantavong"))


def test_official_search_finds_an_official_by_native_name(admin_pages):
    make_official(name="Pham Thi Thanh Tra", native_name="Phạm Thị Thanh Trà")
    assert "Pham Thi Thanh Tra" in admin_pages.text(admin_pages.get(Official, q="Trà"))


def test_official_autocomplete_finds_an_official_by_alias(admin_pages):
    make_ekkaphab()
    response = admin_pages.client.get(
        "/admin/autocomplete/",
        {"term": "Phantavong", "app_label": "people", "model_name": "position", "field_name": "official"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Ekkaphab Phanthavong"]


@pytest.mark.parametrize("query", ["MOHA", "Bo Noi vu"])
def test_organisation_search_finds_by_abbreviation_and_alternative_name(admin_pages, query):
    ministry = make_organisation(name="Ministry of Home Affairs", abbreviation="MOHA")
    make_organisation_name(organisation=ministry, name="Bo Noi vu", kind="translation")
    make_organisation(name="Ministry of Foreign Affairs")
    text = admin_pages.text(admin_pages.get(Organisation, q=query))
    assert "Ministry of Home Affairs" in text
    assert "Ministry of Foreign Affairs" not in text


def test_slugs_are_prefilled_from_names(admin_pages):
    assert OfficialAdmin.prepopulated_fields == {"slug": ("name",)}
    assert OrganisationAdmin.prepopulated_fields == {"slug": ("name",)}
    for model in (Official, Organisation):
        assert admin_pages.prepopulated(admin_pages.get(model, "add")) == {"#id_slug": ["#id_name"]}


def test_official_form_edits_aliases_and_positions_inline(admin_pages):
    official = make_ekkaphab()
    make_position(official=official, title="Deputy Minister of Home Affairs")
    response = admin_pages.get(Official, "change", official.pk)
    text = admin_pages.text(response).lower()
    assert "aliases (every spelling seen in a source)" in text
    assert "positions" in text
    assert 'value="Ekkaphab Phantavong"' in response.content.decode()
    assert 'value="Deputy Minister of Home Affairs"' in response.content.decode()


def test_organisation_form_edits_alternative_names_inline(admin_pages):
    ministry = make_organisation(name="Ministry of Home Affairs")
    make_organisation_name(organisation=ministry, name="Bo Noi vu")
    response = admin_pages.get(Organisation, "change", ministry.pk)
    assert "alternative names" in admin_pages.text(response).lower()
    assert 'value="Bo Noi vu"' in response.content.decode()


def test_country_form_edits_alternative_names_inline(admin_pages):
    viet_nam = make_country(code="VN", name="Viet Nam")
    make_country_name(country=viet_nam, name="Vietnamese", kind="demonym")
    response = admin_pages.get(Country, "change", viet_nam.pk)
    assert "other names (short, official, demonyms, former names)" in admin_pages.text(response).lower()
    assert 'value="Vietnamese"' in response.content.decode()


def organisation_form(organisation, **overrides):
    data = {
        "name": organisation.name,
        "abbreviation": organisation.abbreviation,
        "slug": organisation.slug,
        "classification": organisation.classification,
        "parent": organisation.parent_id or "",
        "country": organisation.country_id or "",
        "description": "",
        "website": "",
        "founding_precision": "day",
        "dissolution_precision": "day",
        "alternative_names-TOTAL_FORMS": "0",
        "alternative_names-INITIAL_FORMS": "0",
        "identifiers-TOTAL_FORMS": "0",
        "identifiers-INITIAL_FORMS": "0",
    }
    return data | overrides


def test_organisation_as_its_own_parent_is_refused_beside_the_parent(admin_pages):
    ministry = make_organisation(name="Ministry of Home Affairs")
    response = admin_pages.post(
        Organisation, "change", organisation_form(ministry, parent=ministry.pk), pk=ministry.pk
    )
    assert "An organisation cannot be its own parent." in admin_pages.text(response)
    assert response.context["adminform"].form.errors["parent"] == [
        "An organisation cannot be its own parent."
    ]
    ministry.refresh_from_db()
    assert ministry.parent is None


def test_organisation_parent_loop_is_refused_beside_the_parent(admin_pages):
    ministry = make_organisation(name="Ministry of Home Affairs")
    department = make_organisation(name="International Cooperation Department", parent=ministry)
    response = admin_pages.post(
        Organisation, "change", organisation_form(ministry, parent=department.pk), pk=ministry.pk
    )
    assert "cannot also contain it" in admin_pages.text(response)
    assert "parent" in response.context["adminform"].form.errors


def country_form(**overrides):
    data = {"name": "Lao PDR", "code": "LA", "alpha3": "LAO", "asean_status": "member", "note": ""}
    data |= {"joined_asean_precision": "day"}
    data |= {"alternative_names-TOTAL_FORMS": "0", "alternative_names-INITIAL_FORMS": "0"}
    data |= {"identifiers-TOTAL_FORMS": "0", "identifiers-INITIAL_FORMS": "0"}
    return data | overrides


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"code": "la"}, "code", "The country code is two capital letters (ISO 3166-1 alpha-2)."),
        ({"alpha3": "lao"}, "alpha3", "The alpha-3 code is three capital letters."),
        (
            {"asean_status": "observer", "joined_asean": "1997-07-23"},
            "joined_asean",
            "Only a member state has a date it joined ASEAN.",
        ),
    ],
    ids=["code", "alpha3", "joined_asean"],
)
def test_country_breaking_a_rule_is_refused_beside_the_field(admin_pages, overrides, field, message):
    response = admin_pages.post(Country, "add", country_form(**overrides))
    assert message in admin_pages.text(response)
    assert response.context["adminform"].form.errors[field] == [message]
    assert not Country.objects.exists()


def official_form(official, aliases=(), positions=()):
    """The official's change form with new alias rows (names) and position rows (dicts of fields)."""
    data = {
        "name": official.name,
        "native_name": official.native_name,
        "slug": official.slug,
        "country": official.country_id or "",
        "biography": "",
        "aliases-TOTAL_FORMS": str(len(aliases)),
        "aliases-INITIAL_FORMS": "0",
        "positions-TOTAL_FORMS": str(len(positions)),
        "positions-INITIAL_FORMS": "0",
        "identifiers-TOTAL_FORMS": "0",
        "identifiers-INITIAL_FORMS": "0",
    }
    for index, name in enumerate(aliases):
        data[f"aliases-{index}-name"] = name
    for index, position in enumerate(positions):
        row = {"start_precision": "day", "end_precision": "day", **position}
        data.update({f"positions-{index}-{field}": value for field, value in row.items()})
    return data


@pytest.mark.parametrize(
    ("name", "aliases", "recorded"),
    [
        ("PHẠM THỊ THANH TRÀ", [], "Pham Thi Thanh Tra"),
        ("vu chien thang", [], "Vu Chien Thang"),
        ("Someone Else", ["Ekkaphab Phantavong"], "Ekkaphab Phanthavong"),
    ],
    ids=["name-in-capitals-with-diacritics", "name-in-lower-case", "alias"],
)
def test_new_official_matching_a_recorded_name_or_alias_is_refused_naming_the_match(
    admin_pages, name, aliases, recorded
):
    make_ekkaphab()
    make_official(name="Pham Thi Thanh Tra", native_name="Phạm Thị Thanh Trà")
    make_official(name="Vu Chien Thang")
    new = Official(name=name, slug="new-official")
    response = admin_pages.post(Official, "add", official_form(new, aliases=aliases))
    assert response.status_code == 200
    assert f"An official with this name or alias is already recorded: {recorded} ." in admin_pages.text(
        response
    )
    assert not Official.objects.filter(slug="new-official").exists()


def test_new_official_matching_a_recorded_name_saves_once_marked_a_different_person(admin_pages):
    make_official(name="Vu Chien Thang", slug="vu-chien-thang")
    form = official_form(Official(name="Vu Chien Thang", slug="vu-chien-thang-2")) | {"not_a_duplicate": "on"}
    response = admin_pages.post(Official, "add", form)
    assert response.status_code == 302, admin_pages.text(response)
    assert Official.objects.filter(name="Vu Chien Thang").count() == 2


def test_position_ending_before_it_starts_is_refused_beside_the_end_date(admin_pages):
    official = make_ekkaphab()
    ministry = make_organisation(name="Ministry of Home Affairs")
    position = {
        "title": "Minister",
        "organisation": ministry.pk,
        "start_date": "2021-03-01",
        "end_date": "2020-12-31",
    }
    response = admin_pages.post(
        Official, "change", official_form(official, positions=[position]), official.pk
    )
    assert "The end date cannot be before the start." in admin_pages.text(response)
    row = response.context["inline_admin_formsets"][1].formset.forms[0]
    assert row.errors["end_date"] == ["The end date cannot be before the start."]
    assert not Position.objects.exists()


def test_position_dates_are_compared_as_stored_at_their_precision(admin_pages):
    official = make_ekkaphab()
    ministry = make_organisation(name="Ministry of Home Affairs")
    # Both are "2021" once truncated to the year, so the end is not before the start.
    position = {
        "title": "Minister",
        "organisation": ministry.pk,
        "start_date": "2021-03-01",
        "start_precision": "year",
        "end_date": "2021-01-15",
        "end_precision": "year",
    }
    response = admin_pages.post(
        Official, "change", official_form(official, positions=[position]), official.pk
    )
    assert response.status_code == 302, admin_pages.text(response)
    saved = Position.objects.get()
    assert (saved.start_date, saved.end_date) == (datetime.date(2021, 1, 1), datetime.date(2021, 1, 1))


def test_the_same_alias_twice_is_refused_with_a_readable_message(admin_pages):
    official = make_ekkaphab()
    response = admin_pages.post(
        Official, "change", official_form(official, aliases=["E. Phanthavong", "E. Phanthavong"]), official.pk
    )
    assert "This official already has that alias." in admin_pages.text(response)
    assert official.aliases.count() == 1
