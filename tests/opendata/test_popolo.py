"""The Popolo export at /api/popolo.json: valid against the Popolo schemas, faithful to the records."""

import datetime
import json
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft3Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from core.permalinks import permanent_path
from meetings.models import Meeting, Participation
from opendata import popolo as popolo_module
from people.models import (
    Country,
    Identifier,
    Official,
    OfficialAlias,
    Organisation,
    OrganisationName,
    Position,
)
from sources.models import Citation, Source
from tests import world
from tests.factories import body_of

URL = "/api/popolo.json"

# The section of the document and the schema each of its items must match.
SECTION_SCHEMAS = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "events": "event",
    "areas": "area",
}

# What the document holds besides the sections: its licence and the fields it adds to Popolo.
DOCUMENT_KEYS = ["licence", "accsm:extensions"]

# RFC 3986: a scheme, then only characters a URI may hold, non-ASCII and spaces percent-encoded.
ABSOLUTE_URI = re.compile(
    r"^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$"
)
# RFC 3339 date-time, which requires the offset.
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$")


def schemas_folder():
    """The Popolo schemas: $POPOLO_SCHEMAS, else the shared copy beside the repository."""
    folder = Path(
        os.environ.get("POPOLO_SCHEMAS") or Path(__file__).resolve().parents[3] / "shared/popolo/schemas"
    )
    if not (folder / "person.json").is_file():
        message = f"No Popolo schemas in {folder}; set POPOLO_SCHEMAS to the folder holding them"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return folder


def format_checker():
    """Draft-03 formats, with "uri" and "date-time" checked.

    jsonschema checks those two only when the optional rfc3987 and
    rfc3339-validator packages are installed, and silently passes them
    otherwise, so they are checked here by pattern instead.
    """
    checker = FormatChecker()

    @checker.checks("uri")
    def is_absolute_uri(value):
        return not isinstance(value, str) or bool(ABSOLUTE_URI.match(value))

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value):
        if not isinstance(value, str):
            return True
        # The pattern checks the shape, fromisoformat the ranges (no 25th hour, no 30 February).
        return bool(DATE_TIME.match(value)) and bool(datetime.datetime.fromisoformat(value.upper()))

    return checker


@pytest.fixture(scope="module")
def validators():
    """A Draft3Validator per Popolo schema, resolving each $ref to the local file through a registry."""
    schemas = {path.stem: json.loads(path.read_text()) for path in schemas_folder().glob("*.json")}
    # A $ref is looked up without its fragment, so each schema is registered under its id minus the "#".
    registry = Registry().with_resources(
        (schema["id"].removesuffix("#"), Resource.from_contents(schema, default_specification=DRAFT3))
        for schema in schemas.values()
    )
    checker = format_checker()
    return {
        name: Draft3Validator(schema, registry=registry, format_checker=checker)
        for name, schema in schemas.items()
    }


def schema_errors(validators, document):
    """Every way the document's items fail their schemas, one readable line each."""
    return [
        f"{section}[{index}] {'/'.join(map(str, error.absolute_path))}: {error.message}"
        for section, schema in SECTION_SCHEMAS.items()
        for index, item in enumerate(document[section])
        for error in validators[schema].iter_errors(item)
    ]


def fetch(client):
    """GET the export and read it to the end; returns the response and the body."""
    response = client.get(URL)
    assert response.status_code == 200, response.content[:500]
    # Streamed when written; whole when the page cache serves it again.
    return response, body_of(response)


@pytest.fixture
def popolo(client, accsm_records):
    return json.loads(fetch(client)[1])


def by_id(document, section):
    return {item["id"]: item for item in document[section]}


def test_popolo_export_validates_against_every_schema_it_uses(client, accsm_records, validators):
    response, body = fetch(client)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(body)
    assert sorted(document) == sorted([*SECTION_SCHEMAS, *DOCUMENT_KEYS])
    # Validation of empty sections would prove nothing.
    assert {section: len(document[section]) for section in SECTION_SCHEMAS} == {
        "persons": 5,
        "organizations": 11,
        "memberships": 6,
        "events": 5,
        "areas": 14,
    }
    assert schema_errors(validators, document) == []


def test_popolo_schema_check_rejects_relative_urls_and_bad_dates(validators):
    # The validation above is only worth something if it catches what the export could get wrong.
    document = {section: [] for section in SECTION_SCHEMAS}
    document["persons"] = [
        {"id": "person/x", "links": [{"url": "/officials/x/"}], "created_at": "2022-08-05 10:00:00"}
    ]
    document["events"] = [{"id": "event/x", "start_date": "2022-8-5", "sources": [{"note": "no url"}]}]
    document["organizations"] = [
        {"id": "organization/x", "other_names": [{"name": "X", "start_date": "981"}]}
    ]

    errors = schema_errors(validators, document)

    assert errors == [
        "persons[0] links/0/url: '/officials/x/' is not a 'uri'",
        "persons[0] created_at: '2022-08-05 10:00:00' is not a 'date-time'",
        "organizations[0] other_names/0/start_date: '981' does not match '^[0-9]{4}(-[0-9]{2}){0,2}$'",
        "events[0] start_date: '2022-8-5' does not match "
        "'^[0-9]{4}((-[0-9]{2}){0,2}|(-[0-9]{2}){2}T[0-9]{2}(:[0-9]{2}){0,2}(Z|[+-][0-9]{2}(:[0-9]{2})?))$'",
        "events[0] sources/0/url: 'url' is a required property",
    ]


def test_popolo_person_lists_misspelling_as_other_name(popolo):
    person = by_id(popolo, "persons")["person/ekkaphab-phanthavong"]
    assert person["name"] == "Ekkaphab Phanthavong"
    assert person["national_identity"] == "Lao PDR"
    misspelling = next(name for name in person["other_names"] if name["name"] == "Ekkaphab Phantavong")
    assert misspelling["note"] == OfficialAlias.objects.get(name="Ekkaphab Phantavong").note != ""
    assert person["links"] == [
        {"url": "http://testserver/officials/ekkaphab-phanthavong/", "note": "Page on the ACCSM Records site"}
    ]
    # The sources his record's citations name: the article that prints his name as the record
    # spells it, and the page his country and biography are cited to (by its own address).
    assert [source["url"] for source in person["sources"]] == [
        "http://testserver/sources/vna-civil-service-reform-workshop/",
        "https://www.medcom.id/english/world/VNxgyzBK-new-deputy-secretary-general-for-asean-socio-cultural-"
        "community-assumes-office",
    ]


def test_popolo_person_native_name_is_written_unescaped(client, accsm_records):
    _, body = fetch(client)
    person = by_id(json.loads(body), "persons")["person/pham-thi-thanh-tra"]
    # The native-script name first, then every alias with the note on where it was seen.
    aliases = OfficialAlias.objects.filter(official__slug="pham-thi-thanh-tra")
    assert person["other_names"] == [
        {"name": "Phạm Thị Thanh Trà", "note": "Name in native script"},
        *({"name": alias.name, "note": alias.note} for alias in aliases),
    ]
    assert "Minister Tra" in {name["name"] for name in person["other_names"]}
    # ensure_ascii=False: the UTF-8 text itself, not \u escapes.
    assert "Phạm Thị Thanh Trà".encode() in body


def test_popolo_sub_meeting_has_day_precision_and_parent(popolo):
    events = by_id(popolo, "events")
    heads = events["event/accsm-21-heads-of-civil-service"]
    assert heads["start_date"] == "2022-08-05"
    assert "end_date" not in heads
    assert heads["parent_id"] == "event/accsm-21"
    assert heads["classification"] == "heads"
    assert heads["location"] == "Hanoi, Viet Nam"
    assert (
        "Theme: Modernising civil service towards a cohesive and responsive ASEAN Community"
        in (heads["description"])
    )
    assert {
        "id": "person/pham-thi-thanh-tra",
        "name": "Pham Thi Thanh Tra",
        "accsm:roles": ["chair"],
    } in heads["attendees"]
    assert {attendee["id"] for attendee in heads["attendees"]} == {
        f"person/{slug}"
        for slug in Participation.objects.filter(
            meeting__slug="accsm-21-heads-of-civil-service", official__isnull=False
        ).values_list("official__slug", flat=True)
    }
    # The article has no address of its own, so the link is its page here; the note names it.
    # The public pages its year is cited to follow, by their own addresses.
    sources = [
        Source.objects.get(slug=slug)
        for slug in (
            "vna-heads-of-civil-service-hanoi",
            "vnanet-hanoi-to-host-accsm-21",
            "napa-accsm-plus-three-heads-2022",
        )
    ]
    assert sorted(heads["sources"], key=lambda source: source["url"]) == sorted(
        (
            {
                "url": source.url or f"http://testserver/sources/{source.slug}/",
                "note": f"{source.headline} ({source.publisher})",
            }
            for source in sources
        ),
        key=lambda source: source["url"],
    )
    assert heads["sources"][0]["url"] == "http://testserver/sources/vna-heads-of-civil-service-hanoi/"


def test_popolo_conference_dated_by_its_parts_has_day_precision(popolo):
    accsm_21 = by_id(popolo, "events")["event/accsm-21"]
    assert (accsm_21["start_date"], accsm_21["end_date"]) == ("2022-08-03", "2022-08-05")
    assert "parent_id" not in accsm_21


def test_popolo_hosted_event_names_organizer(popolo):
    workshop = by_id(popolo, "events")["event/civil-service-reform-workshop-2021"]
    assert workshop["organization_id"] == "organization/moha-viet-nam"
    assert workshop["start_date"] == "2021-10-29"


def test_popolo_organization_lists_former_name_with_years(popolo):
    accsm = by_id(popolo, "organizations")["organization/accsm"]
    assert accsm["name"] == "ASEAN Cooperation on Civil Service Matters"
    assert accsm["classification"] == "intergovernmental"
    assert accsm["parent_id"] == "organization/asean"
    assert {"name": "ACCSM", "note": "Abbreviation"} in accsm["other_names"]
    former = next(
        name for name in accsm["other_names"] if name["name"] == "ASEAN Conference on Civil Service Matters"
    )
    assert (former["start_date"], former["end_date"]) == ("1981", "2015")
    assert former["note"].startswith("Former name: ")


def test_popolo_national_organization_is_in_its_country_area(popolo):
    moha = by_id(popolo, "organizations")["organization/moha-viet-nam"]
    assert moha["area_id"] == "area/vn"
    viet_nam = by_id(popolo, "areas")["area/vn"]
    assert {key: viet_nam[key] for key in ("name", "identifier", "classification")} == {
        "name": "Viet Nam",
        "identifier": "VN",
        "classification": "country",
    }
    # Regional bodies belong to no country.
    assert "area_id" not in by_id(popolo, "organizations")["organization/accsm"]


def test_popolo_membership_keeps_month_precision(popolo):
    minister = [
        membership
        for membership in popolo["memberships"]
        if membership["person_id"] == "person/pham-thi-thanh-tra"
        and membership["organization_id"] == "organization/moha-viet-nam"
    ]
    assert len(minister) == 1
    assert minister[0]["role"] == "Minister of Home Affairs"
    assert (minister[0]["start_date"], minister[0]["end_date"]) == ("2021-04", "2025-10")


def test_popolo_membership_with_years_has_year_precision(popolo):
    (deputy_secretary_general,) = [
        membership
        for membership in popolo["memberships"]
        if membership["person_id"] == "person/ekkaphab-phanthavong"
    ]
    assert (deputy_secretary_general["start_date"], deputy_secretary_general["end_date"]) == ("2021", "2024")


def test_popolo_every_reference_resolves_to_an_id_in_the_document(popolo):
    ids = {section: [item["id"] for item in popolo[section] if "id" in item] for section in SECTION_SCHEMAS}
    for section, section_ids in ids.items():
        assert len(section_ids) == len(set(section_ids)), f"duplicate ids in {section}"
    references = [
        *((organization.get("parent_id"), "organizations") for organization in popolo["organizations"]),
        *((organization.get("area_id"), "areas") for organization in popolo["organizations"]),
        *((membership["person_id"], "persons") for membership in popolo["memberships"]),
        *((membership["organization_id"], "organizations") for membership in popolo["memberships"]),
        *((event.get("parent_id"), "events") for event in popolo["events"]),
        *((event.get("organization_id"), "organizations") for event in popolo["events"]),
        *(
            (attendee["id"], "persons")
            for event in popolo["events"]
            for attendee in event.get("attendees", [])
        ),
    ]
    given = [(reference, section) for reference, section in references if reference is not None]
    # Each kind of reference occurs in the fixture, so none is checked vacuously.
    assert {section for _, section in given} == set(SECTION_SCHEMAS) - {"memberships"}
    unresolved = [(reference, section) for reference, section in given if reference not in ids[section]]
    assert unresolved == []


def test_popolo_query_count_is_the_same_at_1_and_30_rows(client, db):
    (small, small_document), (large, large_document) = world.queries_at_1_and_30_rows(
        lambda: json.loads(fetch(client)[1])
    )
    assert small == large, f"{small} queries with 1 row of data, {large} with 30"
    # The larger world is really in the document: 30 grown officials besides the anchor.
    assert len(small_document["persons"]) == 2
    assert len(large_document["persons"]) == 31
    anchor = by_id(large_document, "events")["event/anchor-meeting"]
    assert len(anchor["attendees"]) == 30


# Grown records are stamped with the time they are made, which differs from run to run.
FIXED_TIME = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


def cite(record, *sources):
    """The record as a whole, cited to each source; the record back."""
    for source in sources:
        Citation.objects.create(record=record, field="", source=source)
    return record


def grow_with_drafts_and_shared_sources():
    """The fixture records grown by tests/world.py, with drafts and what the plain growth lacks.

    A draft meeting whose host, attendees and source must stay out of the document;
    a published meeting under that draft; an official with two roles at one meeting;
    people and organisations known from several sources in several ways; a
    non-ASCII source address and website; partial dates. Every timestamp is then
    set to one fixed time, so the whole document is reproducible.
    """
    anchors = world.grow(12)
    viet_nam = anchors["country"]
    org_1, org_2, org_3, org_4 = (Organisation.objects.get(slug=f"org-{i}") for i in range(1, 5))
    official_1, official_2, official_3 = (Official.objects.get(slug=f"official-{i}") for i in range(1, 4))
    alpha = Source.objects.create(
        slug="alpha-report",
        headline="Alpha report",
        publisher="Nhân Dân",
        url="https://example.org/tin-tức/bài viết?số=1",
    )
    zeta = Source.objects.create(slug="zeta-report", headline="Zeta report", publisher="VNA")
    secret = Source.objects.create(slug="draft-only-source", headline="Draft-only source", publisher="VNA")

    draft = Meeting.objects.create(
        slug="draft-meeting",
        name="Draft meeting",
        kind="workshop",
        start_date=datetime.date(2023, 3, 1),
        parent=anchors["meeting"],
        host=org_1,
        status="draft",
    )
    cite(draft, secret)
    cite(Participation.objects.create(meeting=draft, official=official_1, role="chair"), secret)
    cite(Participation.objects.create(meeting=draft, organisation=org_2, role="host"), secret)

    session = Meeting.objects.create(
        slug="session-under-a-draft",
        name="Session under a draft",
        kind="som",
        start_date=datetime.date(2023, 3, 14),
        end_date=datetime.date(2023, 4, 2),
        date_precision="month",
        parent=draft,
        host=org_3,
        venue="National Convention Centre",
        city="Hà Nội",
        country=viet_nam,
        theme="Thể chế",
        status="published",
    )
    cite(session, zeta, alpha)
    # Chair and speaker at the anchor meeting: attends once, where the first role puts them.
    cite(Participation.objects.create(meeting=anchors["meeting"], official=official_2, role="chair"), zeta)
    cite(Participation.objects.create(meeting=session, official=official_2, role="participant"), alpha)
    Participation.objects.create(meeting=session, official=official_3, role="speaker")
    cite(Participation.objects.create(meeting=session, organisation=org_1, role="participant"), alpha)
    cite(
        Participation.objects.create(
            meeting=session, country=viet_nam, role="observer", represents_organisation=org_4
        ),
        zeta,
    )
    Position.objects.create(
        official=official_3,
        organisation=org_2,
        title="Deputy Director",
        start_date=datetime.date(2019, 7, 9),
        start_precision="month",
        end_date=datetime.date(2022, 5, 5),
        end_precision="year",
    )
    OfficialAlias.objects.create(official=official_3, name="Official Three")
    Organisation.objects.filter(pk=org_4.pk).update(
        abbreviation="D4", website="https://bộ.example.vn/giới thiệu"
    )
    OrganisationName.objects.create(
        organisation=org_4,
        name="Old Department 4",
        kind="former",
        start_year=987,
        end_year=2001,
        note="Renamed",
    )
    # Synthetic ids and dates: a founding known to the month, a dissolution to the day.
    Identifier.objects.create(official=official_3, identifier="Q1000003")
    Identifier.objects.create(organisation=org_4, identifier="Q2000004")
    Organisation.objects.filter(pk=org_4.pk).update(
        founding_date=datetime.date(1990, 6, 1),
        founding_precision="month",
        dissolution_date=datetime.date(2001, 12, 31),
    )
    written = (
        *(Country, Source, Organisation, OrganisationName, Official, OfficialAlias, Position, Meeting),
        Identifier,
    )
    for model in written:
        model.objects.update(created=FIXED_TIME, updated=FIXED_TIME)


# The kind of record each section with permanent links is written from.
PERMALINKED = {"persons": Official, "organizations": Organisation, "events": Meeting}


def with_permalinks_checked(document):
    """``document`` with each element's permanent link checked against its record, then its database id
    written as "{id}".

    Ids differ between databases and runs (PostgreSQL does not roll its sequences back with a
    test's transaction), so the expected documents cannot hold them; what they hold is checked here.
    """
    for section, model in PERMALINKED.items():
        for element in document[section]:
            record = model.objects.get(slug=element["id"].split("/", 1)[1])
            (permalink,) = [i for i in element["identifiers"] if i["scheme"] == popolo_module.PERMALINK]
            assert permalink["identifier"] == f"http://testserver{permanent_path(record)}"
            permalink["identifier"] = permalink["identifier"].replace(f"/{record.pk}/", "/{id}/")
    return document


def assert_same_document(document, expected_file):
    """``document`` is the one in ``expected_file``: the same values, elements and key order (and the
    permanent links of the records the elements are)."""
    document = with_permalinks_checked(document)
    expected = json.loads((Path(__file__).parent / expected_file).read_text(encoding="utf-8"))
    assert document == expected
    # Dicts compare equal whatever the order of their keys; their JSON does not.
    assert json.dumps(document, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


# The expected documents were written by the export as it was before it was
# streamed, when it built the whole document in memory and sent it at once; then
# extended, and checked item by item, when the export gained the licence,
# identifiers, membership ids and sources, founding dates and attendees' roles.


def test_popolo_export_is_streamed_and_unchanged_for_the_fixture_records(client, accsm_records):
    response, body = fetch(client)
    assert response.streaming
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert_same_document(json.loads(body), "popolo_accsm.json")


def test_popolo_export_is_unchanged_for_grown_records_with_drafts(client, accsm_records):
    grow_with_drafts_and_shared_sources()
    _, body = fetch(client)
    document = json.loads(body)
    assert_same_document(document, "popolo_grown.json")
    # What only the draft meeting holds is not there.
    text = body.decode()
    assert "event/draft-meeting" not in text
    assert "Draft-only source" not in text
    session = by_id(document, "events")["event/session-under-a-draft"]
    assert "parent_id" not in session


def test_popolo_export_is_sent_in_pieces_as_the_tables_are_read(client, accsm_records, monkeypatch):
    monkeypatch.setattr(popolo_module, "PIECE_SIZE", 2000)
    pieces = iter(client.get(URL).streaming_content)
    with CaptureQueriesContext(connection) as first_queries:
        first = next(pieces)
    with CaptureQueriesContext(connection) as later_queries:
        rest = list(pieces)
    # The licence, then the first persons, are sent before the meetings are read.
    assert first.startswith(b'{"licence": {')
    assert b'"persons": [{' in first
    reads_meetings = ["published_parent_slug" in query["sql"] for query in first_queries.captured_queries]
    assert not any(reads_meetings)
    assert any("published_parent_slug" in query["sql"] for query in later_queries.captured_queries)
    # Each piece is at most one element (and a section's opening) longer than PIECE_SIZE.
    document = json.loads(b"".join([first, *rest]))
    longest = max(
        len(json.dumps(item, ensure_ascii=False)) for section in SECTION_SCHEMAS for item in document[section]
    )
    assert len(rest) > 5
    assert all(len(piece.decode()) < 2000 + longest + 30 for piece in [first, *rest])


@pytest.mark.django_db(transaction=True)
def test_popolo_export_outside_a_transaction_reads_in_one_and_ends_it(client):
    # Elsewhere each test runs inside a transaction, which the export then joins;
    # a request has none, so the export starts its own (on PostgreSQL one snapshot).
    call_command("loaddata", "accsm", verbosity=0)
    with CaptureQueriesContext(connection) as captured:
        _, body = fetch(client)
    assert_same_document(json.loads(body), "popolo_accsm.json")
    if connection.vendor == "postgresql":
        assert any("REPEATABLE READ" in query["sql"] for query in captured.captured_queries)
    assert not connection.in_atomic_block
