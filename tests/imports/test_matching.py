"""Printed names → recorded records: ignoring case and accents, near spellings with a score and why."""

import pytest

from imports.matching import Catalogue
from people.models import Country, Official, OfficialAlias, Organisation


@pytest.fixture
def recorded(countries):
    viet_nam = countries["VN"]
    tra = Official.objects.create(
        slug="pham-thi-thanh-tra",
        name="Pham Thi Thanh Tra",
        native_name="Phạm Thị Thanh Trà",
        country=viet_nam,
    )
    somsak = Official.objects.create(slug="somsak-rattanakul", name="Somsak Rattanakul")
    OfficialAlias.objects.create(official=somsak, name="Somsak Rattanakun")
    Organisation.objects.create(
        slug="ocsc", name="Office of the Civil Service Commission", abbreviation="OCSC"
    )
    return tra, somsak


def test_official_matching_ignores_case_and_accents(recorded):
    match = Catalogue().official("PHAM THI THANH TRÀ")
    assert (match.slug, match.score) == ("pham-thi-thanh-tra", 100.0)
    assert "ignoring case and accents" in match.why


def test_official_matching_by_alias_names_the_alias(recorded):
    match = Catalogue().official("Somsak Rattanakun")
    assert match.slug == "somsak-rattanakul"
    assert "alias 'Somsak Rattanakun'" in match.why


def test_official_misspelling_is_matched_with_its_score_and_why(recorded):
    match = Catalogue().official("Pham Thi Tanh Tra")
    assert match.slug == "pham-thi-thanh-tra"
    assert 86 <= match.score < 100
    assert "misspelling" in match.why


def test_official_name_printed_family_name_last_is_still_found(recorded):
    match = Catalogue().official("Rattanakul Somsak")
    assert match is not None and match.slug == "somsak-rattanakul"


def test_a_different_person_is_not_matched(recorded):
    assert Catalogue().official("Pham Van Minh") is None
    # A single name is matched only exactly: a near single word is usually someone else.
    assert Catalogue().official("Somsa") is None


def test_countries_are_found_by_name_short_name_and_demonym(countries):
    catalogue = Catalogue()
    assert catalogue.country("Vietnamese").slug == "VN"
    assert catalogue.country("vietnam").slug == "VN"
    assert catalogue.country("Brunei").slug == "BN"
    assert catalogue.country("Atlantis") is None


def test_organisations_are_found_by_name_or_abbreviation(recorded):
    catalogue = Catalogue()
    assert catalogue.organisation("OCSC").slug == "ocsc"
    assert catalogue.organisation("office of the civil service commission").slug == "ocsc"
    assert Country.objects.count() == 5
