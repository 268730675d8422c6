"""Search text (core/search.py) is kept current as names change: a record is found by a name as soon as
it is saved."""

from tests.factories import make_official, make_official_alias


def found_officials(client, query):
    return [official["slug"] for official in client.get("/api/officials/", {"q": query}).json()["results"]]


def test_alias_added_later_makes_the_official_findable_by_it(client, db):
    official = make_official(name="Ekkaphab Phanthavong", slug="ekkaphab-phanthavong")
    assert found_officials(client, "phantavong") == []
    make_official_alias(official=official, name="Ekkaphab Phantavông")
    assert found_officials(client, "phantavong") == ["ekkaphab-phanthavong"]
    assert found_officials(client, "Phantavông") == ["ekkaphab-phanthavong"]
