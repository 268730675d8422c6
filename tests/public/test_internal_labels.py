"""Staff's notes on where a fact came from are for staff: public pages show citations instead."""

import pytest

from tests.factories import (
    make_official,
    make_official_alias,
    make_organisation,
    make_organisation_name,
    make_position,
    text_of,
)

pytestmark = pytest.mark.django_db

STAFF_NOTE = "As printed in A1; the term is from the fact sheet."


def test_staff_notes_about_sources_are_not_on_public_pages(client):
    official = make_official()
    make_official_alias(official, name="Offical", note=STAFF_NOTE)
    organisation = make_organisation()
    make_position(official, organisation, note=STAFF_NOTE)
    make_organisation_name(organisation, name="Old name", note=STAFF_NOTE)
    for record in (official, organisation):
        text = text_of(client.get(record.get_absolute_url()))
        assert STAFF_NOTE not in text
        for label in ("A1", "A2", "fact sheet"):
            assert label not in text, (record, label)
    # The facts themselves are still shown.
    assert "Offical" in text_of(client.get(official.get_absolute_url()))
    assert "Old name" in text_of(client.get(organisation.get_absolute_url()))
