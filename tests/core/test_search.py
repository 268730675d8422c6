"""Search text (core/search.py) is kept current as names change: a record is found by a name as soon as
it is saved."""

import pytest
from django.db import connection

from core import search
from people.models import Official
from tests.factories import (
    make_country,
    make_country_name,
    make_meeting,
    make_official,
    make_official_alias,
    make_source,
    text_of,
)


def found_officials(client, query):
    return [official["slug"] for official in client.get("/api/officials/", {"q": query}).json()["results"]]


def test_alias_added_later_makes_the_official_findable_by_it(client, db):
    official = make_official(name="Ekkaphab Phanthavong", slug="ekkaphab-phanthavong")
    assert found_officials(client, "phantavong") == []
    make_official_alias(official=official, name="Ekkaphab Phantavông")
    assert found_officials(client, "phantavong") == ["ekkaphab-phanthavong"]
    assert found_officials(client, "Phantavông") == ["ekkaphab-phanthavong"]


def found_on_search_page(client, query):
    """The names of the records the site search lists for ``query``, whatever their kind."""
    return text_of(client.get("/search/", {"q": query}))


def test_country_name_added_later_makes_the_country_findable_and_removed_unfindable(client, db):
    viet_nam = make_country(code="VN", name="Viet Nam")
    assert "Viet Nam" not in found_on_search_page(client, "Vietnamese")
    demonym = make_country_name(country=viet_nam, name="Vietnamese", kind="demonym")
    assert "Viet Nam" in found_on_search_page(client, "Vietnamese")
    demonym.delete()
    assert "Viet Nam" not in found_on_search_page(client, "Vietnamese")


def test_source_is_found_by_headline_publisher_and_dateline_as_soon_as_saved(client, db):
    source = make_source(headline="Civil servants trained", publisher="Vietnam News Agency")
    for query in ("civil servants", "Vietnam News"):
        assert "Civil servants trained" in found_on_search_page(client, query), query
    assert "Civil servants trained" not in found_on_search_page(client, "Vientiane")
    source.dateline = "Vientiane"
    source.save()
    assert "Civil servants trained" in found_on_search_page(client, "Vientiane")


def test_letters_and_digits_written_together_or_apart_find_the_same_record(client, db):
    make_meeting(slug="accsm-22", name="ACCSM 22", status="published")
    make_meeting(slug="som-3", name="6th SOM3", status="published")
    assert "ACCSM 22" in found_on_search_page(client, "ACCSM22")
    assert "6th SOM3" in found_on_search_page(client, "SOM 3")
    assert "6th SOM3" in found_on_search_page(client, "6th")


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="near misses need pg_trgm; SQLite offers none"
)


@needs_postgresql
def test_near_misses_find_a_misspelt_name_and_not_an_unlike_one(db):
    make_official(name="Ekkaphab Phanthavong", slug="ekkaphab-phanthavong")
    make_official(name="Pham Thi Thanh Tra", slug="pham-thi-thanh-tra")
    officials = Official.objects.all()
    assert [o.slug for o in search.near_misses(officials, "Ekaphab")] == ["ekkaphab-phanthavong"]
    assert list(search.near_misses(officials, "Ekaphab Phantavong")) == list(
        officials.filter(slug="ekkaphab-phanthavong")
    )
    assert list(search.near_misses(officials, "zzzqqq")) == []


@needs_postgresql
def test_near_misses_are_read_through_the_trigram_index(db):
    # Without sequential scans to fall back on (a table this small would be read whole), the plan
    # shows whether the condition is one the index can answer: word_similarity() >= 0.5 is not.
    make_official(name="Ekkaphab Phanthavong", slug="ekkaphab-phanthavong")
    with connection.cursor() as cursor:
        # Nor plain index scans: the officials' name index, read in order, would do for any filter.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = search.near_misses(Official.objects.order_by(), "Ekaphab").explain()
    assert "official_search_text_trgm" in plan
