"""Hostile text in every field staff can edit, read back from every output that shows it.

Each payload goes into every text field of a small world of published, linked
records (a meeting and its parent, an official with an alias and a post, an
organisation with another name, a declaration, a source, a participation, an
outcome, a country). Each value is the payload followed by a tag naming the
field, e.g. ``<script>alert("x")</script> [name]``: the tag tells fields apart
(so a page that shows the wrong field fails, and the templates' "show the native
name only if it differs" rules do not hide any), while the value still starts
with the payload, which is what a spreadsheet or a calendar line cares about.
Where a field is too short for both (abbreviation, acronym: 30 characters) the
payload is cut to fit.

Every output is read with a real parser -- JSON, feedparser, icalendar, csv --
and what it gives back is compared with what was stored; the raw HTML and feed
bytes are searched for the payload as live markup.
"""

import csv
import io
import json
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlencode

import feedparser
import pytest
from django.utils.html import escape
from icalendar import Calendar

from meetings.models import Declaration, Meeting, MeetingDeclaration, Outcome, Participation
from people.models import Country, Official, OfficialAlias, Organisation, OrganisationName, Position
from sources.models import Citation, Source
from tests.factories import (
    body_of,
    make_chairmanship,
    make_citation,
    make_country,
    make_declaration,
    make_meeting,
    make_meeting_declaration,
    make_official,
    make_official_alias,
    make_organisation,
    make_organisation_name,
    make_outcome,
    make_participation,
    make_position,
    make_source,
)

PAYLOADS = {
    "script": '<script>alert("x")</script>',
    "attribute": '"><img src=x onerror=alert(1)>',
    "sql": "'; DROP TABLE x; --",
    "script-close": "</script><script>alert(1)</script>",
    "cdata-end": "]]>",
    "template": "{{ 7*7 }}",
    "calendar-line": "\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT",
    "formula": "=cmd|' /C calc'!A0",
}
# What must never reach an HTML page or a feed as it is: each would be live markup.
LIVE_MARKUP = ["<script>alert", "<img src=x", "</script><script>", "]]>"]
# A cell starting with one of these is a formula to a spreadsheet (people/exports.py
# names the same characters; tab and CR because some spreadsheets skip them first).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Short tags where a field is short, so that more of the payload fits.
SHORT_TAGS = {"abbreviation": "abbr", "acronym": "acr", "short_name": "short"}


def hostile_value(payload, model, field, label=None):
    """``payload`` tagged with the model and field, cut to the field's maximum length if it has one.

    The tag names the model too ("[official.name]", "[officialalias.name]"): two
    fields holding the same text would let a template's "only if different" rule
    hide one of them.
    """
    label = label or model.__name__.lower()
    max_length = model._meta.get_field(field).max_length
    # A short field gets a short tag, so that more of the payload fits.
    short = max_length is not None and max_length <= 60
    tag = f" [{label[0]}.{SHORT_TAGS[field]}]" if short else f" [{label}.{field}]"
    if max_length:
        payload = payload[: max_length - len(tag)]
    return payload + tag


def hostile_fields(payload, model, *fields, label=None):
    """Keyword arguments setting each of ``fields`` of ``model`` to its tagged payload."""
    return {field: hostile_value(payload, model, field, label) for field in fields}


def lines(text):
    """Text with CR LF read as LF: XML parsers and iCalendar unescaping both do this."""
    return text.replace("\r\n", "\n")


@dataclass
class World:
    payload: str
    country: Country
    organisation: Organisation
    other_name: OrganisationName
    official: Official
    alias: OfficialAlias
    position: Position
    source: Source
    parent: Meeting
    meeting: Meeting
    declaration: Declaration
    link: MeetingDeclaration
    participation: Participation
    outcome: Outcome
    quotes: dict  # the words its citation quotes, by record: the participation, the outcome and the link


@pytest.fixture(params=list(PAYLOADS.values()), ids=list(PAYLOADS))
def world(request, db):
    """Published, linked records with ``payload`` in every text field that staff edit."""
    payload = request.param
    country = make_country(**hostile_fields(payload, Country, "name", "note"))
    # The slug "accsm" puts its chairmanship on the home page's timeline.
    organisation = make_organisation(
        slug="accsm",
        country=country,
        **hostile_fields(payload, Organisation, "name", "abbreviation", "description"),
    )
    other_name = make_organisation_name(
        organisation, **hostile_fields(payload, OrganisationName, "name", "note")
    )
    official = make_official(
        country=country, **hostile_fields(payload, Official, "name", "native_name", "biography")
    )
    alias = make_official_alias(official, **hostile_fields(payload, OfficialAlias, "name", "note"))
    position = make_position(official, organisation, **hostile_fields(payload, Position, "title", "note"))
    source = make_source(**hostile_fields(payload, Source, "headline", "publisher", "dateline", "note"))
    meeting_text = ("name", "short_name", "theme", "summary", "date_note", "city", "venue")
    parent = make_meeting(country=country, **hostile_fields(payload, Meeting, *meeting_text, label="parent"))
    meeting = make_meeting(
        country=country,
        host=organisation,
        parent=parent,
        format=Meeting.Format.HYBRID,
        **hostile_fields(payload, Meeting, *meeting_text),
    )
    make_citation(meeting, source=source)
    declaration = make_declaration(
        adopting_body=organisation,
        **hostile_fields(payload, Declaration, "title", "acronym", "summary", "adoption_note"),
    )
    make_citation(declaration, source=source)
    link = make_meeting_declaration(
        meeting, declaration, **hostile_fields(payload, MeetingDeclaration, "note")
    )
    participation = make_participation(
        meeting,
        official=official,
        role=Participation.Role.CHAIR,
        represents_organisation=organisation,
        represents_country=country,
        **hostile_fields(payload, Participation, "printed_name", "printed_title", "statement"),
    )
    outcome = make_outcome(meeting, **hostile_fields(payload, Outcome, "text"))
    # The evidence of each part of the meeting, quoted.
    quotes = {}
    for record in (link, participation, outcome):
        quote = hostile_value(payload, Citation, "quote", label=type(record).__name__.lower())
        quotes[record] = make_citation(record, source=source, quote=quote).quote
    make_chairmanship(organisation, country, handed_over_at=meeting)
    return World(
        payload,
        country,
        organisation,
        other_name,
        official,
        alias,
        position,
        source,
        parent,
        meeting,
        declaration,
        link,
        participation,
        outcome,
        quotes,
    )


def html_pages(world):
    """Every public page that shows some of the world's text."""
    code = world.country.code.lower()
    filtered = (
        f"/meetings/?official={world.official.slug}&organisation={world.organisation.slug}"
        f"&declaration={world.declaration.slug}&country={code}"
    )
    return [
        "/",
        "/meetings/",
        filtered,
        world.meeting.get_absolute_url(),
        world.parent.get_absolute_url(),
        "/officials/",
        world.official.get_absolute_url(),
        "/organisations/",
        world.organisation.get_absolute_url(),
        "/declarations/",
        world.declaration.get_absolute_url(),
        "/countries/",
        world.country.get_absolute_url(),
        world.source.get_absolute_url(),
    ]


def get_ok(client, url):
    """GET ``url``, which must answer 200; returns the body as text."""
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return body_of(response).decode("utf-8")


def assert_no_live_markup(text, where):
    """None of the payloads' markup is in ``text`` as it is, unescaped."""
    for markup in LIVE_MARKUP:
        assert markup not in text, f"{where} holds {markup!r} unescaped"


def assert_shown_escaped(html, payload, where):
    """The payload is on the page as text: escaped once, never live, never evaluated."""
    assert_no_live_markup(html, where)
    assert escape(payload) in html, f"{where} does not show {escape(payload)!r}"
    # The only script elements are the JSON-LD data block and our own static files.
    for script in re.findall(r"<script[^>]*>", html):
        assert script == '<script type="application/ld+json">' or 'src="/static/' in script, (where, script)
    # Text is never run as a template: "{{ 7*7 }}" stays itself rather than becoming 49.
    assert "49 [" not in html, where


def test_html_pages_show_payload_as_escaped_text(client, world):
    for url in html_pages(world):
        assert_shown_escaped(get_ok(client, url), world.payload, url)


def test_html_detail_pages_show_every_field_escaped(client, world):
    """Each page shows each of its record's fields, escaped (found by the field's tag)."""
    w = world
    # Staff's notes on where an alias, a post or another name was seen are not shown (their
    # citations are): tests/public/test_internal_labels.py.
    expected = {
        w.meeting.get_absolute_url(): [
            *(getattr(w.meeting, f) for f in ("name", "short_name", "theme", "date_note", "city", "venue")),
            w.participation.printed_name,
            w.participation.printed_title,
            w.participation.statement,
            w.quotes[w.participation],
            w.outcome.text,
            w.quotes[w.outcome],
            w.link.note,
            w.quotes[w.link],
            w.declaration.title,
            w.source.headline,
            w.source.publisher,
            w.organisation.name,
            w.official.name,
            w.parent.name,
        ],
        w.official.get_absolute_url(): [
            w.official.name,
            w.official.native_name,
            w.alias.name,
            w.position.title,
            w.country.name,
        ],
        w.organisation.get_absolute_url(): [
            w.organisation.name,
            w.organisation.abbreviation,
            w.other_name.name,
            w.position.title,
        ],
        w.declaration.get_absolute_url(): [
            w.declaration.title,
            w.declaration.acronym,
            w.declaration.adoption_note,
        ],
        w.source.get_absolute_url(): [w.source.headline, w.source.publisher, w.source.dateline],
        w.country.get_absolute_url(): [w.country.name, w.country.note],
    }
    # Multi-line text goes through linebreaksbr: each of its lines is on the page.
    multi_line = {
        w.meeting.get_absolute_url(): [w.meeting.summary],
        w.official.get_absolute_url(): [w.official.biography],
        w.organisation.get_absolute_url(): [w.organisation.description],
        w.declaration.get_absolute_url(): [w.declaration.summary],
        w.source.get_absolute_url(): [w.source.note],
    }
    for url, values in expected.items():
        html = get_ok(client, url)
        for value in values:
            assert escape(value) in html, f"{url} does not show {value!r} escaped"
        for value in multi_line.get(url, []):
            for line in lines(value).split("\n"):
                assert escape(line) in html, f"{url} does not show the line {line!r} escaped"


def test_search_finds_and_escapes_payload(client, world):
    html = get_ok(client, "/search/?" + urlencode({"q": world.payload}))
    assert_shown_escaped(html, world.payload.strip(), "/search/")
    if re.search(r"[0-9A-Za-z]", world.payload):
        # The payload's words find the records, whose names are shown escaped.
        assert escape(world.official.name) in html
        assert escape(str(world.meeting)) in html
    # The database took the "DROP TABLE" as text: every record is still there.
    assert Meeting.objects.filter(pk__in=[world.meeting.pk, world.parent.pk]).count() == 2


def json_ld(html):
    """The page's one JSON-LD block, parsed; the block must end where the data ends."""
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def test_json_ld_round_trips_payload_exactly(client, world):
    w = world
    html = get_ok(client, w.meeting.get_absolute_url())
    assert_no_live_markup(html, "meeting page")
    event = json_ld(html)
    assert event["name"] == w.meeting.name
    assert event["description"] == w.meeting.theme
    place, _virtual = event["location"]
    assert place["name"] == w.meeting.place
    assert place["address"]["addressLocality"] == w.meeting.city
    assert event["organizer"]["name"] == w.organisation.name
    assert event["superEvent"]["name"] == w.parent.name
    assert [person["name"] for person in event["attendee"]] == [w.official.name]

    html = get_ok(client, w.official.get_absolute_url())
    assert_no_live_markup(html, "official page")
    person = json_ld(html)
    assert person["name"] == w.official.name
    assert person["alternateName"] == [w.official.native_name, w.alias.name]
    assert person["nationality"]["name"] == w.country.name
    assert person["jobTitle"] == [w.position.title]
    assert [body["name"] for body in person["affiliation"]] == [w.organisation.name]
    assert person["description"] == w.official.biography


def get_json(client, url):
    """GET ``url``, which must answer 200, and parse the body as JSON."""
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    # The Popolo document is streamed.
    return json.loads(body_of(response))


def assert_round_trip(pairs, where):
    """Each (value read back, value stored) pair is equal, character for character."""
    for read, stored in pairs:
        assert read == stored, f"{where}: {read!r} != {stored!r}"


def test_api_round_trips_payload_exactly(client, world):
    w = world
    data = get_json(client, f"/api/meetings/{w.meeting.slug}/")
    (participation,) = data["participations"]
    (declaration,) = data["declarations"]
    (outcome,) = data["outcomes"]
    (source,) = data["sources"]
    assert_round_trip(
        [
            *(
                (data[f], getattr(w.meeting, f))
                for f in ("name", "short_name", "theme", "summary", "date_note")
            ),
            *((data[f], getattr(w.meeting, f)) for f in ("city", "venue")),
            *(
                (participation[f], getattr(w.participation, f))
                for f in ("printed_name", "printed_title", "statement")
            ),
            (participation["citations"][0]["quote"], w.quotes[w.participation]),
            (declaration["title"], w.declaration.title),
            (declaration["note"], w.link.note),
            (declaration["citations"][0]["quote"], w.quotes[w.link]),
            (outcome["text"], w.outcome.text),
            (outcome["citations"][0]["quote"], w.quotes[w.outcome]),
            (source["headline"], w.source.headline),
            (source["publisher"], w.source.publisher),
        ],
        "/api/meetings/<slug>/",
    )
    listed = {row["slug"]: row for row in get_json(client, "/api/meetings/")["results"]}
    assert_round_trip([(listed[w.meeting.slug]["name"], w.meeting.name)], "/api/meetings/")

    data = get_json(client, f"/api/officials/{w.official.slug}/")
    (alias,) = data["aliases"]
    (position,) = data["positions"]
    (participation,) = data["participations"]
    assert_round_trip(
        [
            (data["name"], w.official.name),
            (data["native_name"], w.official.native_name),
            (data["biography"], w.official.biography),
            (alias["name"], w.alias.name),
            (alias["note"], w.alias.note),
            (position["title"], w.position.title),
            (participation["meeting_name"], w.meeting.name),
            (participation["printed_title"], w.participation.printed_title),
            (participation["statement"], w.participation.statement),
        ],
        "/api/officials/<slug>/",
    )

    data = get_json(client, f"/api/organisations/{w.organisation.slug}/")
    (other_name,) = data["alternative_names"]
    assert_round_trip(
        [
            (data["name"], w.organisation.name),
            (data["abbreviation"], w.organisation.abbreviation),
            (data["description"], w.organisation.description),
            (other_name["name"], w.other_name.name),
            (other_name["note"], w.other_name.note),
        ],
        "/api/organisations/<slug>/",
    )

    data = get_json(client, f"/api/declarations/{w.declaration.slug}/")
    (meeting_link,) = data["meetings"]
    assert_round_trip(
        [
            *((data[f], getattr(w.declaration, f)) for f in ("title", "acronym", "summary", "adoption_note")),
            (meeting_link["meeting_name"], w.meeting.name),
            (meeting_link["note"], w.link.note),
            (data["sources"][0]["headline"], w.source.headline),
        ],
        "/api/declarations/<slug>/",
    )

    data = get_json(client, f"/api/countries/{w.country.code.lower()}/")
    assert_round_trip(
        [(data["name"], w.country.name), (data["note"], w.country.note)], "/api/countries/<code>/"
    )


def test_popolo_round_trips_payload_exactly(client, world):
    w = world
    data = get_json(client, "/api/popolo.json")
    (person,) = data["persons"]
    (organization,) = data["organizations"]
    (membership,) = data["memberships"]
    events = {event["id"]: event for event in data["events"]}
    event = events[f"event/{w.meeting.slug}"]
    (area,) = data["areas"]
    assert_round_trip(
        [
            (person["name"], w.official.name),
            (person["biography"], w.official.biography),
            (person["national_identity"], w.country.name),
            ([n["name"] for n in person["other_names"]], [w.official.native_name, w.alias.name]),
            (person["other_names"][1]["note"], w.alias.note),
            (organization["name"], w.organisation.name),
            (organization["description"], w.organisation.description),
            (
                [n["name"] for n in organization["other_names"]],
                [w.organisation.abbreviation, w.other_name.name],
            ),
            (organization["other_names"][1]["note"], f"Alternative name or spelling: {w.other_name.note}"),
            (membership["role"], w.position.title),
            (membership["label"], f"{w.position.title}, {w.organisation.name}"),
            (event["name"], w.meeting.name),
            (event["description"], f"{w.meeting.summary}\n\nTheme: {w.meeting.theme}"),
            (event["location"], w.meeting.place),
            (
                event["attendees"],
                [
                    {
                        "id": f"person/{w.official.slug}",
                        "name": w.official.name,
                        "accsm:roles": [w.participation.role],
                    }
                ],
            ),
            (event["sources"][0]["note"], f"{w.source.headline} ({w.source.publisher})"),
            (area["name"], w.country.name),
        ],
        "/api/popolo.json",
    )


def feed_urls(world):
    """Every Atom feed the world's meeting is in: the latest, its official's, organisation's, country's."""
    return [
        "/feeds/meetings/",
        f"/feeds/officials/{world.official.slug}/",
        f"/feeds/organisations/{world.organisation.slug}/",
        f"/feeds/countries/{world.country.code.lower()}/",
    ]


def summary_text(entry):
    """An entry's HTML summary as a reader shows it: tags dropped, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "\n", entry.summary))


def test_atom_feeds_carry_payload_as_text(client, world):
    w = world
    for url in feed_urls(w):
        raw = get_ok(client, url)
        assert_no_live_markup(raw, url)
        # A feed has no script or image of its own: any would be a payload's.
        assert "<script" not in raw and "<img" not in raw, url
        feed = feedparser.parse(raw.encode("utf-8"))
        assert not feed.bozo, (url, feed.bozo_exception)
        entry = next(e for e in feed.entries if e.link.endswith(w.meeting.get_absolute_url()))
        # XML reads CR LF as LF, and a title is one line of text to a reader.
        assert entry.title.strip() == lines(w.meeting.name).strip(), url
        text = summary_text(entry)
        for value in (w.meeting.theme, w.meeting.summary, w.meeting.date_note, w.meeting.place):
            assert lines(value) in text, (url, value)
        # The summary is HTML whose text is the payload: no reader gets markup from it.
        assert "<script" not in entry.summary and "<img" not in entry.summary, url
    feed = feedparser.parse(get_ok(client, f"/feeds/officials/{w.official.slug}/").encode("utf-8"))
    assert lines(w.official.name).strip() in feed.feed.title


def calendar_of(client, url):
    """The calendar at ``url``, parsed, with the raw text for counting its lines."""
    raw = get_ok(client, url)
    return Calendar.from_ical(raw), raw


def ical_unescape(text):
    """RFC 5545 TEXT unescaped: backslash, semicolon, comma and \\n for a line break."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def assert_no_injected_events(calendar, raw, where):
    """Only the real events begin a line: the payload's BEGIN:VEVENT stays inside a property."""
    events = calendar.walk("VEVENT")
    raw_lines = raw.split("\r\n")
    assert raw_lines.count("BEGIN:VEVENT") == len(events), where
    assert raw_lines.count("END:VEVENT") == len(events), where
    assert not any(line.startswith("SUMMARY:injected") for line in raw_lines), where
    return events


def test_icalendar_keeps_payload_inside_its_properties(client, world):
    w = world
    calendar, raw = calendar_of(client, "/meetings.ics")
    events = assert_no_injected_events(calendar, raw, "/meetings.ics")
    assert len(events) == 2  # the meeting and its parent
    calendar, raw = calendar_of(client, f"/meetings/{w.meeting.slug}.ics")
    (event,) = assert_no_injected_events(calendar, raw, "/meetings/<slug>.ics")
    # iCalendar escapes line breaks as \n, so CR LF comes back as LF.
    assert str(event["SUMMARY"]) == lines(w.meeting.name)
    assert str(event["LOCATION"]) == lines(w.meeting.place)
    description = str(event["DESCRIPTION"])
    for value in (w.meeting.theme, w.meeting.summary, w.meeting.date_note):
        assert lines(value) in description, value
    # An extension property: the parser leaves its text escaped, so it is unescaped here.
    assert ical_unescape(str(calendar["X-WR-CALNAME"])) == f"ACCSM Records: {lines(str(w.meeting))}"


def spreadsheet_cell(value):
    """What a CSV cell should hold: the text, with an apostrophe before a formula start."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def read_csv(client, url):
    """The CSV export at ``url`` as a list of rows keyed by the header."""
    # newline="": line breaks inside quoted cells are part of the cell.
    return list(csv.DictReader(io.StringIO(get_ok(client, url), newline="")))


def test_csv_exports_neutralise_formulas_and_keep_other_text(client, world):
    w = world
    rows = {row["slug"]: row for row in read_csv(client, "/meetings.csv")}
    row = rows[w.meeting.slug]
    for field in ("name", "short_name", "city", "venue", "theme"):
        assert row[field] == spreadsheet_cell(getattr(w.meeting, field)), field

    (row,) = read_csv(client, "/participations.csv?" + urlencode({"official": w.official.slug}))
    expected = {
        "meeting_name": w.meeting.name,
        "participant_name": w.official.name,
        **{f: getattr(w.participation, f) for f in ("printed_name", "printed_title", "statement")},
        "quotes": w.quotes[w.participation],
    }
    for field, value in expected.items():
        assert row[field] == spreadsheet_cell(value), field

    (row,) = read_csv(client, "/officials.csv")
    assert row["name"] == spreadsheet_cell(w.official.name)
    assert row["native_name"] == spreadsheet_cell(w.official.native_name)
    assert row["aliases"] == spreadsheet_cell(w.alias.name)
    assert row["positions"] == spreadsheet_cell(f"{w.position.title}, {w.organisation.name}")
