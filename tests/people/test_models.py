"""The people models: every named constraint, natural keys, display and date truncation.

Each constraint is shown twice: the database refuses the row when model
validation is bypassed (a plain save, bulk_create or update), and
``full_clean()`` refuses it with the constraint's message.
"""

import datetime

import pytest
from django.apps import apps
from django.urls import resolve

from core.models import record_models
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
    ConstraintLedger,
    assert_choices_enforced,
    assert_db_rejects,
    assert_invalid,
    assert_self_reference_refused,
    choice_case,
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

LEDGER = ConstraintLedger("people")
exercises = LEDGER.exercises


def test_constraints_every_named_constraint_is_exercised():
    LEDGER.assert_every_constraint_exercised()


# Each field kept to its choices by a ``*_valid`` constraint (core.models.choices_constraint).
CHOICE_CONSTRAINTS = [
    choice_case(
        "country_asean_status_valid",
        make_country,
        "asean_status",
        "ASEAN status must be one of: member, observer, plus_three, dialogue_partner, other.",
    ),
    choice_case(
        "country_joined_asean_precision_valid",
        make_country,
        "joined_asean_precision",
        "Joined ASEAN precision must be one of: day, month, year.",
    ),
    choice_case(
        "country_name_kind_valid",
        make_country_name,
        "kind",
        "Kind must be one of: short, official, demonym, former.",
    ),
    choice_case(
        "organisation_classification_valid",
        make_organisation,
        "classification",
        "Classification must be one of: intergovernmental, secretariat, pillar, ministry, department, "
        "agency, other.",
    ),
    choice_case(
        "organisation_name_kind_valid",
        make_organisation_name,
        "kind",
        "Kind must be one of: former, alternative, abbreviation, translation.",
    ),
    choice_case(
        "position_start_precision_valid",
        make_position,
        "start_precision",
        "Start precision must be one of: day, month, year.",
    ),
    choice_case(
        "position_end_precision_valid",
        make_position,
        "end_precision",
        "End precision must be one of: day, month, year.",
    ),
    choice_case(
        "organisation_founding_precision_valid",
        make_organisation,
        "founding_precision",
        "Founding precision must be one of: day, month, year.",
    ),
    choice_case(
        "organisation_dissolution_precision_valid",
        make_organisation,
        "dissolution_precision",
        "Dissolution precision must be one of: day, month, year.",
    ),
    choice_case(
        "identifier_scheme_valid",
        make_identifier,
        "scheme",
        "Scheme must be one of: wikidata.",
    ),
]


@exercises(*(case.id for case in CHOICE_CONSTRAINTS))
@pytest.mark.parametrize(("constraint", "make", "field", "message"), CHOICE_CONSTRAINTS)
def test_value_outside_its_choices_is_rejected(constraint, make, field, message):
    assert_choices_enforced(make(), constraint, field, message)


# Country


@exercises("country_code_unique")
def test_country_code_duplicate_is_rejected():
    country = make_country()
    assert_db_rejects(
        Country, "country_code_unique", lambda: Country.objects.create(code=country.code, name="Copy")
    )
    assert Country.objects.filter(code=country.code).count() == 1
    assert_invalid(
        Country(code=country.code, name="Copy"),
        "Country with this ISO 3166-1 alpha-2 code already exists.",
        field="code",
    )


@exercises("country_code_two_capitals")
@pytest.mark.parametrize("code", ["vn", "Vn", "V", ""])
def test_country_code_not_two_capitals_is_rejected(code):
    country = make_country()
    assert_db_rejects(
        Country,
        "country_code_two_capitals",
        lambda: Country.objects.filter(pk=country.pk).update(code=code),
    )
    country.code = code
    assert_invalid(
        country,
        "The country code is two capital letters (ISO 3166-1 alpha-2).",
        check=country.validate_constraints,
    )


@pytest.mark.parametrize("code", ["V1", "12", "V "])
def test_country_code_with_non_letters_is_rejected(code):
    country = make_country()
    assert_db_rejects(
        Country,
        "country_code_two_capitals",
        lambda: Country.objects.filter(pk=country.pk).update(code=code),
    )


@pytest.mark.parametrize("alpha3", ["VN1", "V M"])
def test_country_alpha3_with_non_letters_is_rejected(alpha3):
    country = make_country()
    assert_db_rejects(
        Country,
        "country_alpha3_three_capitals",
        lambda: Country.objects.filter(pk=country.pk).update(alpha3=alpha3),
    )


def test_country_code_lowercase_fails_full_clean():
    country = Country(code="vn", name="Viet Nam")
    assert_invalid(country, "The country code is two capital letters (ISO 3166-1 alpha-2).")


@exercises("country_alpha3_three_capitals")
@pytest.mark.parametrize("alpha3", ["vnm", "VN", "Vnm"])
def test_country_alpha3_not_three_capitals_is_rejected(alpha3):
    country = make_country()
    assert_db_rejects(
        Country,
        "country_alpha3_three_capitals",
        lambda: Country.objects.filter(pk=country.pk).update(alpha3=alpha3),
    )
    country.alpha3 = alpha3
    assert_invalid(country, "The alpha-3 code is three capital letters.")


def test_country_alpha3_blank_is_accepted():
    country = make_country(alpha3="")
    country.full_clean()
    assert Country.objects.get(pk=country.pk).alpha3 == ""


@exercises("country_joined_only_members")
def test_country_joined_asean_for_non_member_is_rejected():
    joined = datetime.date(1984, 1, 7)
    observer = make_country(asean_status=Country.AseanStatus.OBSERVER)
    assert_db_rejects(
        Country,
        "country_joined_only_members",
        lambda: Country.objects.filter(pk=observer.pk).update(joined_asean=joined),
    )
    observer.joined_asean = joined
    assert_invalid(observer, "Only a member state has a date it joined ASEAN.")
    # Demoting a member that has a joining date is refused too.
    member = make_country(asean_status=Country.AseanStatus.MEMBER, joined_asean=joined)
    member.full_clean()
    member.asean_status = Country.AseanStatus.DIALOGUE_PARTNER
    assert_db_rejects(Country, "country_joined_only_members", member.save)


def test_country_joined_asean_is_stored_and_shown_at_its_precision():
    country = make_country(joined_asean=datetime.date(1984, 1, 7), joined_asean_precision="month")
    country.refresh_from_db()
    assert country.joined_asean == datetime.date(1984, 1, 1)
    assert (str(country.joined), country.joined.isoformat()) == ("January 1984", "1984-01")
    assert make_country().joined is None


# Country names


@exercises("country_name_unique")
def test_country_name_duplicate_for_same_country_is_rejected():
    short = make_country_name(name="Vietnam")
    assert_db_rejects(
        CountryName,
        "country_name_unique",
        lambda: CountryName.objects.create(country=short.country, name="Vietnam", kind="former"),
    )
    assert_invalid(
        CountryName(country=short.country, name="Vietnam"),
        "This country already has that name recorded.",
    )
    # The same name for another country is fine (Korea, Guinea...).
    make_country_name(name="Vietnam").full_clean()


# Organisation


@exercises("organisation_slug_unique")
def test_organisation_slug_duplicate_is_rejected():
    organisation = make_organisation()
    assert_db_rejects(
        Organisation,
        "organisation_slug_unique",
        lambda: Organisation.objects.bulk_create([Organisation(slug=organisation.slug, name="Copy")]),
    )
    assert Organisation.objects.filter(slug=organisation.slug).count() == 1
    assert_invalid(
        Organisation(slug=organisation.slug, name="Copy"),
        "Organisation with this Slug already exists.",
        field="slug",
    )


@exercises("organisation_slug_lowercase")
def test_organisation_slug_uppercase_is_rejected():
    organisation = Organisation(slug="Ministry-Of-Home-Affairs", name="Ministry of Home Affairs")
    assert_db_rejects(Organisation, "organisation_slug_lowercase", organisation.save)
    assert not Organisation.objects.filter(name="Ministry of Home Affairs").exists()
    assert_invalid(organisation, "Slugs are written in lower case.")


@exercises("organisation_not_own_parent")
def test_organisation_own_parent_is_rejected():
    assert_self_reference_refused(
        make_organisation(),
        "parent",
        "organisation_not_own_parent",
        "An organisation cannot be its own parent.",
    )


def test_organisation_other_parent_is_accepted():
    ministry = make_organisation()
    department = make_organisation(parent=ministry, classification=Organisation.Classification.DEPARTMENT)
    department.full_clean()
    assert list(ministry.children.all()) == [department]


# Organisation names


@exercises("organisation_name_unique")
def test_organisation_name_duplicate_for_same_organisation_is_rejected():
    former = make_organisation_name(name="Ministry of Interior")
    assert_db_rejects(
        OrganisationName,
        "organisation_name_unique",
        lambda: OrganisationName.objects.create(
            organisation=former.organisation, name="Ministry of Interior"
        ),
    )
    assert_invalid(
        OrganisationName(organisation=former.organisation, name="Ministry of Interior"),
        "This organisation already has that name recorded.",
    )
    # The same name for another organisation is fine.
    make_organisation_name(name="Ministry of Interior").full_clean()


@exercises("organisation_name_years_ordered")
def test_organisation_name_end_year_before_start_year_is_rejected():
    organisation = make_organisation()
    backwards = OrganisationName(organisation=organisation, name="Old name", start_year=2010, end_year=2009)
    assert_db_rejects(OrganisationName, "organisation_name_years_ordered", backwards.save)
    assert_invalid(backwards, "The last year cannot be before the start.")


@pytest.mark.parametrize(("start_year", "end_year"), [(2010, 2010), (2010, None), (None, 2009), (None, None)])
def test_organisation_name_years_same_or_open_are_accepted(start_year, end_year):
    name = make_organisation_name(start_year=start_year, end_year=end_year)
    name.full_clean()


# Official


@exercises("official_slug_unique")
def test_official_slug_duplicate_is_rejected():
    official = make_official()
    assert_db_rejects(
        Official, "official_slug_unique", lambda: Official.objects.create(slug=official.slug, name="Copy")
    )
    assert_invalid(
        Official(slug=official.slug, name="Copy"), "Official with this Slug already exists.", field="slug"
    )


@exercises("official_slug_lowercase")
def test_official_slug_uppercase_is_rejected():
    official = make_official()
    assert_db_rejects(
        Official,
        "official_slug_lowercase",
        lambda: Official.objects.filter(pk=official.pk).update(slug="Pham-Thi-Thanh-Tra"),
    )
    official.slug = "Pham-Thi-Thanh-Tra"
    assert_invalid(official, "Slugs are written in lower case.")


@exercises("official_alias_unique")
def test_official_alias_duplicate_for_same_official_is_rejected():
    alias = make_official_alias(name="Pham Thi Thanh Tra")
    assert_db_rejects(
        OfficialAlias,
        "official_alias_unique",
        lambda: OfficialAlias.objects.create(official=alias.official, name="Pham Thi Thanh Tra"),
    )
    assert alias.official.aliases.count() == 1
    assert_invalid(
        OfficialAlias(official=alias.official, name="Pham Thi Thanh Tra"),
        "This official already has that alias.",
    )
    make_official_alias(name="Pham Thi Thanh Tra").full_clean()


# Positions


@exercises("position_unique")
def test_position_duplicate_is_rejected():
    position = make_position(title="Minister of Home Affairs")
    duplicate = Position(
        official=position.official, organisation=position.organisation, title="Minister of Home Affairs"
    )
    assert_db_rejects(Position, "position_unique", duplicate.save)
    assert_invalid(duplicate, "This official already holds that post in that organisation.")
    # Another title in the same organisation is another position.
    make_position(official=position.official, organisation=position.organisation, title="Deputy Minister")


@exercises("position_end_not_before_start")
def test_position_end_before_start_is_rejected():
    position = Position(
        official=make_official(),
        organisation=make_organisation(),
        title="Minister",
        start_date=datetime.date(2021, 4, 8),
        end_date=datetime.date(2021, 4, 7),
    )
    assert_db_rejects(Position, "position_end_not_before_start", position.save)
    assert_invalid(position, "The end date cannot be before the start.")


def test_position_end_equal_to_start_or_open_is_accepted():
    same_day = make_position(start_date=datetime.date(2021, 4, 8), end_date=datetime.date(2021, 4, 8))
    same_day.full_clean()
    open_ended = make_position(start_date=datetime.date(2021, 4, 8))
    open_ended.full_clean()


def test_position_month_and_year_precision_truncate_stored_dates():
    position = make_position(
        start_date=datetime.date(2016, 4, 9),
        start_precision="month",
        end_date=datetime.date(2021, 4, 8),
        end_precision="year",
    )
    position.refresh_from_db()
    assert position.start_date == datetime.date(2016, 4, 1)
    assert position.end_date == datetime.date(2021, 1, 1)
    assert position.period_display == "April 2016 – 2021"


def test_position_day_precision_keeps_stored_dates():
    position = make_position(start_date=datetime.date(2016, 4, 9), end_date=datetime.date(2021, 4, 8))
    position.refresh_from_db()
    assert (position.start_date, position.end_date) == (datetime.date(2016, 4, 9), datetime.date(2021, 4, 8))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, ""),
        (datetime.date(2016, 4, 9), None, "from 9 April 2016"),
        (None, datetime.date(2021, 4, 8), "until 8 April 2021"),
        (datetime.date(2021, 4, 3), datetime.date(2021, 4, 8), "3–8 April 2021"),
    ],
)
def test_position_period_display_with_known_and_unknown_ends(start, end, expected):
    assert make_position(start_date=start, end_date=end).period_display == expected


# Natural keys


def _people_records():
    country = make_country(code="VN", name="Viet Nam", alpha3="VNM")
    ministry = make_organisation(slug="moha-vietnam", name="Ministry of Home Affairs", country=country)
    official = make_official(slug="pham-thi-thanh-tra", name="Pham Thi Thanh Tra", country=country)
    return {
        Country: country,
        CountryName: make_country_name(country=country, name="Vietnam"),
        Organisation: ministry,
        OrganisationName: make_organisation_name(organisation=ministry, name="Bo Noi vu"),
        Official: official,
        OfficialAlias: make_official_alias(official=official, name="Pham Thi Thanh Trà"),
        Position: make_position(official=official, organisation=ministry, title="Minister of Home Affairs"),
        Identifier: make_identifier(country=country, identifier="Q881"),
    }


def test_natural_key_round_trips_for_every_people_model():
    records = _people_records()
    assert set(records) == set(record_models(apps.get_app_config("people")))
    for model, record in records.items():
        key = record.natural_key()
        assert model.objects.get_by_natural_key(*key) == record, model


def test_natural_key_values_are_slugs_codes_and_names():
    records = _people_records()
    assert records[Country].natural_key() == ("VN",)
    assert records[CountryName].natural_key() == ("VN", "Vietnam")
    assert records[Organisation].natural_key() == ("moha-vietnam",)
    assert records[OrganisationName].natural_key() == ("moha-vietnam", "Bo Noi vu")
    assert records[Official].natural_key() == ("pham-thi-thanh-tra",)
    assert records[OfficialAlias].natural_key() == ("pham-thi-thanh-tra", "Pham Thi Thanh Trà")
    assert records[Position].natural_key() == (
        "pham-thi-thanh-tra",
        "moha-vietnam",
        "Minister of Home Affairs",
    )
    assert records[Identifier].natural_key() == ("wikidata", "Q881")


# Display and URLs


def test_str_of_every_people_model_is_its_name():
    records = _people_records()
    assert str(records[Country]) == "Viet Nam"
    assert str(records[CountryName]) == "Vietnam"
    assert str(records[Organisation]) == "Ministry of Home Affairs"
    assert str(records[OrganisationName]) == "Bo Noi vu"
    assert str(records[Official]) == "Pham Thi Thanh Tra"
    assert str(records[OfficialAlias]) == "Pham Thi Thanh Trà"
    assert str(records[Position]) == "Minister of Home Affairs, Ministry of Home Affairs"
    assert str(records[Identifier]) == "Wikidata Q881"


def test_organisation_str_with_abbreviation_adds_it_once():
    assert str(make_organisation(name="ASEAN Secretariat", abbreviation="ASEC")) == "ASEAN Secretariat (ASEC)"
    assert str(make_organisation(name="ASEAN", abbreviation="ASEAN")) == "ASEAN"


def test_get_absolute_url_of_every_people_model_leads_to_its_page():
    records = _people_records()
    expected = {
        Country: ("/countries/vn/", "public:country_detail"),
        CountryName: ("/countries/vn/", "public:country_detail"),
        Organisation: ("/organisations/moha-vietnam/", "public:organisation_detail"),
        OrganisationName: ("/organisations/moha-vietnam/", "public:organisation_detail"),
        Official: ("/officials/pham-thi-thanh-tra/", "public:official_detail"),
        OfficialAlias: ("/officials/pham-thi-thanh-tra/", "public:official_detail"),
        Position: ("/officials/pham-thi-thanh-tra/", "public:official_detail"),
        Identifier: ("/countries/vn/", "public:country_detail"),
    }
    assert set(expected) == set(records)
    for model, (url, view_name) in expected.items():
        assert records[model].get_absolute_url() == url, model
        assert resolve(url).view_name == view_name


@exercises("organisation_website_http_only")
def test_organisation_website_other_than_http_is_rejected():
    # tests/test_url_schemes.py tries every scheme, the fixture and the admin; this is the database rule.
    record = make_organisation()
    record.website = "javascript:alert(1)"
    assert_db_rejects(Organisation, "organisation_website_http_only", record.save)
    assert_invalid(
        record,
        "An address must start with http:// or https://, or be left empty.",
        check=record.validate_constraints,
    )


# Organisation dates


@exercises("organisation_dissolved_not_before_founded")
def test_organisation_dissolved_before_it_was_founded_is_rejected():
    organisation = make_organisation(founding_date=datetime.date(1981, 1, 1), founding_precision="year")
    assert_db_rejects(
        Organisation,
        "organisation_dissolved_not_before_founded",
        lambda: Organisation.objects.filter(pk=organisation.pk).update(
            dissolution_date=datetime.date(1980, 12, 31)
        ),
    )
    organisation.dissolution_date = datetime.date(1980, 12, 31)
    assert_invalid(organisation, "The dissolution date cannot be before the start.")
    # Compared as stored: "1981" to the year is not after 3 March 1981.
    organisation.dissolution_date = datetime.date(1981, 3, 3)
    organisation.full_clean()


def test_organisation_founding_and_dissolution_dates_are_stored_at_their_precision():
    organisation = make_organisation(
        founding_date=datetime.date(1967, 8, 8),
        dissolution_date=datetime.date(2030, 5, 17),
        dissolution_precision="month",
    )
    organisation.refresh_from_db()
    assert (organisation.founding_date, organisation.dissolution_date) == (
        datetime.date(1967, 8, 8),
        datetime.date(2030, 5, 1),
    )
    assert (organisation.founded.isoformat(), organisation.dissolved.isoformat()) == ("1967-08-08", "2030-05")
    assert make_organisation().founded is None


# Identifiers


@exercises("identifier_issued_once")
def test_identifier_issued_to_two_records_is_rejected():
    first = make_identifier(identifier="Q881")
    duplicate = Identifier(country=make_country(), identifier="Q881")
    assert_db_rejects(Identifier, "identifier_issued_once", duplicate.save)
    assert_invalid(duplicate, "Another record already has this identifier.")
    assert list(Identifier.objects.values_list("pk", flat=True)) == [first.pk]


@exercises(
    "identifier_one_per_official_and_scheme",
    "identifier_one_per_organisation_and_scheme",
    "identifier_one_per_country_and_scheme",
)
@pytest.mark.parametrize(
    ("owner", "make_owner", "message"),
    [
        ("official", make_official, "This official already has an identifier in this scheme."),
        ("organisation", make_organisation, "This organisation already has an identifier in this scheme."),
        ("country", make_country, "This country already has an identifier in this scheme."),
    ],
)
def test_second_identifier_of_a_record_in_one_scheme_is_rejected(owner, make_owner, message):
    record = make_owner()
    make_identifier(identifier="Q881", **{owner: record})
    second = Identifier(identifier="Q882", **{owner: record})
    assert_db_rejects(Identifier, f"identifier_one_per_{owner}_and_scheme", second.save)
    assert_invalid(second, message)
    # Another record of the same kind may have its own.
    make_identifier(identifier="Q883", **{owner: make_owner()}).full_clean()


@exercises("identifier_of_exactly_one_record")
@pytest.mark.parametrize("owners", [(), ("official", "country"), ("official", "organisation", "country")])
def test_identifier_of_no_record_or_of_several_is_rejected(owners):
    makers = {"official": make_official, "organisation": make_organisation, "country": make_country}
    identifier = Identifier(identifier="Q881", **{owner: makers[owner]() for owner in owners})
    assert_db_rejects(Identifier, "identifier_of_exactly_one_record", identifier.save)
    assert_invalid(
        identifier,
        "An identifier belongs to exactly one official, organisation or country.",
        check=identifier.validate_constraints,
    )


@exercises("identifier_wikidata_format")
@pytest.mark.parametrize(
    "value", ["q881", "Q", "881", "Q0", "Q081", "Q88a", " Q881", "Q881 ", "P31", "Q８８１", "Q-1"]
)
def test_wikidata_id_other_than_q_and_a_number_is_rejected(value):
    identifier = make_identifier(identifier="Q881")
    assert_db_rejects(
        Identifier,
        "identifier_wikidata_format",
        lambda: Identifier.objects.filter(pk=identifier.pk).update(identifier=value),
    )
    identifier.identifier = value
    assert_invalid(
        identifier,
        "A Wikidata id is Q followed by a number, e.g. Q881.",
        check=identifier.validate_constraints,
    )


@pytest.mark.parametrize("value", ["Q1", "Q17", "Q7768", "Q1234567890"])
def test_wikidata_id_of_q_and_a_number_is_accepted(value):
    identifier = make_identifier(identifier=value)
    identifier.full_clean()
    assert Identifier.objects.get(pk=identifier.pk).identifier == value
