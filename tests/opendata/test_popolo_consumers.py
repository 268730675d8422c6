"""What consumers of the Popolo export expect of it, checked with the Popolo schemas rather than by string:
the licence; memberships with stable ids and sources; attendees' roles; identifiers on persons,
organizations and areas; founding and dissolution dates; dated other names."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from core.licence import licence_json
from meetings.models import Participation
from opendata.popolo import PERMALINK, PopoloDocument
from people.models import Identifier, Official, Organisation, Position
from tests.factories import (
    make_citation,
    make_identifier,
    make_meeting,
    make_official,
    make_organisation,
    make_participation,
    make_position,
    make_source,
)
from tests.opendata.test_popolo import (  # noqa: F401 (validators is a fixture)
    SECTION_SCHEMAS,
    by_id,
    fetch,
    grow_with_drafts_and_shared_sources,
    schema_errors,
    validators,
)

A1 = "http://testserver/sources/vna-civil-service-reform-workshop/"
A2 = "http://testserver/sources/vna-heads-of-civil-service-hanoi/"


def document():
    """The export as written now, straight from the writer: no page cache in between."""
    request = RequestFactory().get("/api/popolo.json")
    return json.loads(b"".join(PopoloDocument(request).pieces()))


def extension_errors(validators, document):  # noqa: F811 (the fixture's value)
    """What the export adds to Popolo, validated as the Popolo classes it borrows from."""
    return [
        f"areas[{index}] identifiers/{number}: {error.message}"
        for index, area in enumerate(document["areas"])
        for number, identifier in enumerate(area.get("identifiers", []))
        for error in validators["identifier"].iter_errors(identifier)
    ]


@pytest.fixture
def popolo(client, accsm_records):
    return json.loads(fetch(client)[1])


def test_export_with_every_addition_validates_with_its_extensions(client, accsm_records, validators):  # noqa: F811
    grow_with_drafts_and_shared_sources()
    grown = json.loads(fetch(client)[1])
    # Each addition occurs, so none is validated vacuously.
    assert any("identifiers" in person for person in grown["persons"])
    assert any("dissolution_date" in organization for organization in grown["organizations"])
    assert all("sources" in membership for membership in grown["memberships"][:3])
    assert schema_errors(validators, grown) == []
    assert extension_errors(validators, grown) == []


def test_extension_check_rejects_an_identifier_without_its_value(validators):  # noqa: F811
    broken = {"areas": [{"id": "area/vn", "identifiers": [{"scheme": "wikidata"}]}]}
    assert extension_errors(validators, broken) == [
        "areas[0] identifiers/0: 'identifier' is a required property"
    ]


def test_document_carries_the_licence_and_documents_every_extension_it_uses(popolo):
    assert popolo["licence"] == licence_json()
    assert popolo["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    documented = set(popolo["accsm:extensions"])
    attendee_keys = {key for event in popolo["events"] for a in event.get("attendees", []) for key in a}
    area_keys = {key for area in popolo["areas"] for key in area}
    # Namespaced keys are ours; "identifiers" is Popolo's own name, used where Popolo has none.
    assert {key for key in attendee_keys if key.startswith("accsm:")} <= documented
    assert "identifiers" in area_keys and "identifiers" in documented


# Memberships


def test_membership_ids_are_unique_and_survive_a_reload_that_changes_every_database_id(db):
    call_command("loaddata", "accsm", verbosity=0)
    before = document()["memberships"]
    old_pks = set(Position.objects.values_list("pk", flat=True))
    Position.objects.all().delete()
    call_command("loaddata", "accsm", verbosity=0)
    assert set(Position.objects.values_list("pk", flat=True)).isdisjoint(old_pks)
    after = document()["memberships"]

    ids = [membership["id"] for membership in after]
    assert len(ids) == len(set(ids)) == Position.objects.count() == 6
    assert all(identifier.startswith("membership/") for identifier in ids)
    assert {m["id"]: (m["person_id"], m["organization_id"], m["role"]) for m in before} == {
        m["id"]: (m["person_id"], m["organization_id"], m["role"]) for m in after
    }


def test_membership_id_depends_on_official_organisation_and_title_only(db):
    position = make_position(title="Director")
    first = document()["memberships"][0]["id"]
    Position.objects.filter(pk=position.pk).update(start_date=datetime.date(2020, 1, 1), note="Changed")
    assert document()["memberships"][0]["id"] == first
    Position.objects.filter(pk=position.pk).update(title="Deputy Director")
    assert document()["memberships"][0]["id"] != first


def test_memberships_cite_the_articles_that_print_the_post(popolo):
    memberships = {(m["person_id"], m["organization_id"]): m for m in popolo["memberships"]}
    sources = {key: [link["url"] for link in m.get("sources", [])] for key, m in memberships.items()}
    # Both articles print his post; public pages give its portfolio and term.
    assert {A2, A1} < set(sources["person/ekkaphab-phanthavong", "organization/asean-secretariat"])
    assert sources["person/ha-thi-minh-duc", "organization/molisa-international-cooperation"] == [A1]
    assert A2 in sources["person/pham-thi-thanh-tra", "organization/moha-viet-nam"]
    assert sources["person/pham-thi-thanh-tra", "organization/accsm"] == [A2]
    assert all(sources.values())
    # Each with the citations they come from, as persons and organizations have them.
    assert all(m["accsm:citations"] for m in memberships.values())


def test_membership_sources_are_the_citations_of_the_post(db):
    official = make_official()
    ministry, department = make_organisation(), make_organisation()
    minister = make_position(official=official, organisation=ministry, title="Minister")
    make_position(official=official, organisation=department, title="Director")
    printed = make_source(url="https://example.org/ministry")
    make_citation(minister, "title", printed)
    # Evidence of the official's part in a meeting says nothing of the posts, least of all a draft's.
    secret = make_source(url="https://example.org/draft")
    make_citation(make_participation(meeting=make_meeting(status="draft"), official=official), source=secret)
    document_ = document()
    memberships = {m["role"]: m for m in document_["memberships"]}
    minister_sources = memberships["Minister"]["sources"]
    assert minister_sources == [{"url": "https://example.org/ministry", "note": str(printed)}]
    [citation] = memberships["Minister"]["accsm:citations"]
    assert (citation["field"], citation["source"]) == ("title", "https://example.org/ministry")
    assert "sources" not in memberships["Director"]
    assert "https://example.org/draft" not in json.dumps(document_)


# Attendees' roles


def test_attendees_carry_their_roles_at_the_meeting(popolo):
    heads = by_id(popolo, "events")["event/accsm-21-heads-of-civil-service"]
    roles = {attendee["id"]: attendee["accsm:roles"] for attendee in heads["attendees"]}
    recorded = Participation.objects.filter(
        meeting__slug="accsm-21-heads-of-civil-service", official__isnull=False
    ).values_list("official__slug", "role")
    assert roles == {f"person/{slug}": [role] for slug, role in recorded}
    assert roles["person/pham-thi-thanh-tra"] == ["chair"]
    assert roles["person/ekkaphab-phanthavong"] == ["briefer"]


def test_attendee_with_two_roles_attends_once_with_both(db):
    official = make_official()
    meeting = make_meeting(status="published")
    make_participation(meeting=meeting, official=official, role="speaker")
    make_participation(meeting=meeting, official=official, role="chair")
    (event,) = document()["events"]
    assert event["attendees"] == [
        {"id": f"person/{official.slug}", "name": official.name, "accsm:roles": ["chair", "speaker"]}
    ]


# Identifiers


def test_areas_have_iso_ocd_and_wikidata_identifiers(popolo):
    viet_nam = by_id(popolo, "areas")["area/vn"]
    assert {(i["scheme"], i["identifier"]) for i in viet_nam["identifiers"]} == {
        ("iso-3166-1-alpha-2", "VN"),
        ("iso-3166-1-alpha-3", "VNM"),
        ("ocd-division", "ocd-division/country:vn"),
        ("wikidata", "Q881"),
    }
    for area in popolo["areas"]:
        schemes = {i["scheme"]: i["identifier"] for i in area["identifiers"]}
        code = area["identifier"]
        assert schemes["iso-3166-1-alpha-2"] == code
        assert schemes["ocd-division"] == f"ocd-division/country:{code.lower()}"
        assert schemes["wikidata"].startswith("Q")


def recorded(element):
    """An element's identifiers other than its permanent link on this site: those another register issued."""
    return [i for i in element.get("identifiers", []) if i["scheme"] != PERMALINK]


def test_organisation_and_official_identifiers_are_those_staff_recorded(popolo):
    organizations = by_id(popolo, "organizations")
    assert recorded(organizations["organization/asean"]) == [{"identifier": "Q7768", "scheme": "wikidata"}]
    assert recorded(organizations["organization/moha-viet-nam"]) == []
    # No official has a Wikidata id in the fixture: none is made up.
    assert not any(recorded(person) for person in popolo["persons"])
    assert Identifier.objects.filter(official__isnull=False).count() == 0


def test_official_identifier_recorded_by_staff_is_exported(db):
    official = make_official()
    make_identifier(official=official, identifier="Q4115189")
    (person,) = document()["persons"]
    assert person["identifiers"] == [
        {"identifier": f"http://testserver/p/{official.pk}/", "scheme": PERMALINK},
        {"identifier": "Q4115189", "scheme": "wikidata"},
    ]


def test_persons_organizations_and_events_carry_their_permanent_links_first(popolo, client):
    for section, letter in [("persons", "p"), ("organizations", "o"), ("events", "m")]:
        for element in popolo[section]:
            first, *_ = element["identifiers"]
            assert first["scheme"] == PERMALINK
            assert first["identifier"].startswith(f"http://testserver/{letter}/")
            # It leads to the element's own page.
            slug = element["id"].split("/", 1)[1]
            response = client.get(first["identifier"].removeprefix("http://testserver"))
            assert response["Location"].rstrip("/").endswith(f"/{slug}")


def test_a_renamed_records_permanent_link_stays_the_same(db):
    meeting, official = make_meeting(), make_official()
    before = document()
    meeting.slug, official.slug = "renamed-meeting", "renamed-official"
    meeting.save()
    official.save()
    after = document()
    (event_before,), (event_after,) = before["events"], after["events"]
    assert event_after["id"] == "event/renamed-meeting" != event_before["id"]
    assert event_after["identifiers"] == event_before["identifiers"]
    assert after["persons"][0]["identifiers"] == before["persons"][0]["identifiers"]


# Founding and dissolution dates; dated other names


def test_organisations_have_founding_dates_where_known(popolo):
    organizations = by_id(popolo, "organizations")
    assert organizations["organization/asean"]["founding_date"] == "1967-08-08"
    assert organizations["organization/accsm"]["founding_date"] == "1981"
    assert organizations["organization/accsm-plus-three"]["founding_date"] == "2008"
    # Unknown dates are left out, not guessed.
    assert "founding_date" not in organizations["organization/moha-viet-nam"]
    assert not any("dissolution_date" in organization for organization in popolo["organizations"])


def test_dissolution_date_is_written_at_its_precision(db):
    make_organisation(
        founding_date=datetime.date(1980, 5, 1),
        founding_precision="month",
        dissolution_date=datetime.date(1987, 3, 3),
        dissolution_precision="year",
    )
    (organization,) = document()["organizations"]
    assert (organization["founding_date"], organization["dissolution_date"]) == ("1980-05", "1987")


def test_other_names_carry_the_years_they_were_used(popolo):
    accsm = by_id(popolo, "organizations")["organization/accsm"]
    dated = [name for name in accsm["other_names"] if "start_date" in name]
    assert dated == [
        {
            "name": "ASEAN Conference on Civil Service Matters",
            "start_date": "1981",
            "end_date": "2015",  # renamed on 17 November 2015
            "note": dated[0]["note"],
        }
    ]
    # An official's aliases are spellings seen in sources, which have no dates of use.
    ekkaphab = by_id(popolo, "persons")["person/ekkaphab-phanthavong"]
    assert all("start_date" not in name for name in ekkaphab["other_names"])
    assert Official.objects.get(slug="ekkaphab-phanthavong").aliases.exists()
    assert Organisation.objects.get(slug="accsm").alternative_names.count() == 1
