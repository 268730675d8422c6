"""The whole dataset as one Popolo JSON document (https://www.popoloproject.com/).

Officials become persons, organisations organizations, positions memberships,
meetings events and countries areas.

The document is streamed: with 100,000 meetings and a million participations,
building it whole took minutes and gigabytes. Each table is read once, in
chunks, by a fixed number of queries whatever the size of the data, and each
element is written as soon as it is complete. What an element gathers from
another table (an official's aliases, a meeting's attendees) is read by a
query ordered like the elements themselves, so its rows arrive next and are
taken as the element is written (a merge join). Only small maps are kept: the
sources, and the slugs and names of officials and organisations, which the
sections after theirs refer to.

Ids are built from slugs and country codes, not database keys, so they stay the
same across databases and fixture loads: "person/<slug>", "organization/<slug>",
"event/<slug>", "area/<lower-case ISO code>", and "membership/<uuid>", a UUID 5
of the position's natural key (official, organisation, title). Persons,
organizations and events also carry, as an identifier ("accsm-permalink"), their
permanent link on this site (core/permalinks.py): made from the database id, it
stays the same when staff change a slug, and with it the element's "id".

The document opens with the licence of the data ("licence") and a description of
the fields it adds to Popolo ("accsm:extensions", EXTENSIONS below): an
attendee's roles at a meeting, "accsm:roles", since a Popolo person has none; and
"identifiers" on areas, as Popolo gives persons, organizations and events. Identifiers
are ISO 3166-1 codes and Open Civic Data division ids for countries, the permanent
links of persons, organizations and events, and the Wikidata ids staff record
(people.Identifier). A membership (a position) cites
the sources of its official's participations that represent its organisation or
no organisation in particular: the articles that print the official's post.

Otherwise what Popolo has no place for is left out rather than put into made-up
fields: an attendee has no statement; an event has no links, other names or
format; a membership has no note. Declarations, outcomes and chairmanships have
no Popolo class. The JSON API (/api/) carries all of it.
"""

import json
import uuid

from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.expressions import OrderBy
from django.http import StreamingHttpResponse
from django.utils.encoding import iri_to_uri
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from core.dates import partial_date
from core.licence import licence_json
from core.models import http_url
from core.permalinks import permanent_urls
from meetings.models import Meeting, Participation, place_of
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

from .api import reject_unknown_parameters, unavailable
from .exports import page_urls
from .streaming import check_database, unavailable_without_database

# Rows fetched from the database at a time.
CHUNK_SIZE = 2000
# Characters gathered before they are sent: a write per element would be
# hundreds of thousands of tiny writes.
PIECE_SIZE = 64 * 1024


# The namespace of the memberships' UUIDs: never to change, or every membership id would.
MEMBERSHIP_NAMESPACE = uuid.UUID("cfc305fa-dcbf-57ec-81d8-de1367da6a21")

# Identifier schemes besides the recorded ones (people.Identifier.Scheme: "wikidata").
ISO_ALPHA_2 = "iso-3166-1-alpha-2"
ISO_ALPHA_3 = "iso-3166-1-alpha-3"
OCD_DIVISION = "ocd-division"
# The record's permanent link on this site, an address that never changes (core/permalinks.py).
PERMALINK = "accsm-permalink"

# What the document adds to Popolo, stated in the document itself.
EXTENSIONS = {
    "accsm:roles": (
        "On an event's attendee: the roles the person had at the meeting, in the order recorded, each one of "
        + ", ".join(Participation.Role.values)
        + "."
    ),
    "accsm:citations": (
        "On a person, organization, membership or event: where each fact comes from. Each citation names "
        'the fact\'s field (none for the record as a whole), its source (as in "sources"), '
        'the source\'s own words ("quote", verbatim, where recorded), where in the source ("locator"), '
        'whether the source states it, it is inferred from it or it is an editorial decision ("basis", '
        'with "reasoning"), and, where sources disagree, what this one claims ("claim") when the record '
        "follows another."
    ),
    "identifiers": (
        "On an area, as Popolo gives persons and organizations: a country's ISO 3166-1 alpha-2 "
        f'("{ISO_ALPHA_2}") and alpha-3 ("{ISO_ALPHA_3}") codes, its Open Civic Data division id '
        f'("{OCD_DIVISION}", e.g. ocd-division/country:vn) and its Wikidata id ("wikidata"). Persons, '
        f'organizations and events carry their permanent link on this site ("{PERMALINK}"): an address '
        'that leads to the record\'s page and stays the same when its slug, and so its "id", changes. '
        "Persons and organizations also carry the Wikidata ids staff have recorded."
    ),
}


def person_id(slug):
    return f"person/{slug}"


def organization_id(slug):
    return f"organization/{slug}"


def event_id(slug):
    return f"event/{slug}"


def area_id(code):
    return f"area/{code.lower()}"


def membership_id(official_slug, organisation_slug, title):
    """The same for the same position in any database: a UUID 5 of the position's natural key."""
    key = json.dumps([official_slug, organisation_slug, title], ensure_ascii=False)
    return f"membership/{uuid.uuid5(MEMBERSHIP_NAMESPACE, key)}"


def identifier(scheme, value):
    return {"identifier": value, "scheme": scheme}


def recorded_identifiers(owner):
    """The identifiers recorded for officials, organisations or countries (``owner``), in their order."""
    model = {"official": Official, "organisation": Organisation, "country": Country}[owner]
    return RowsByRecord(
        Identifier.objects.filter(**{f"{owner}__isnull": False})
        .order_by(*in_order_of(owner, model), "scheme", "identifier")
        .values_list(f"{owner}_id", "scheme", "identifier")
    )


def popolo_date(value):
    """A PartialDate in Popolo's reduced-precision ISO form, or None when the date is unknown."""
    return value.isoformat() if value else None


def year(value):
    # Popolo's date pattern wants four digits even for a year before 1000.
    return f"{value:04d}" if value is not None else None


def compact(record):
    """Drop the fields that have no value: Popolo fields are optional, and an absent one reads clearer."""
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def timestamps(created, updated):
    return {"created_at": created.isoformat(), "updated_at": updated.isoformat()}


def record_order(model):
    """The model's own ordering, made total with the primary key so that two queries agree on ties."""
    return [*model._meta.ordering, "pk"]


def in_order_of(relation, model):
    """An order_by() listing rows in the order of the ``model`` records they point to through ``relation``."""
    return [
        f"-{relation}__{field[1:]}" if field.startswith("-") else f"{relation}__{field}"
        for field in record_order(model)
    ]


def sort_keys(model, prefix=""):
    """The columns ``order_by(*record_order(model))`` sorts by, as (path, descending, nulls_last):
    a relation sorts by its model's ordering, as Django orders by it; an ``F().desc()`` keeps its
    placing of nulls."""
    keys = []
    for term in record_order(model) if not prefix else (model._meta.ordering or ["pk"]):
        if isinstance(term, OrderBy):
            keys.append((prefix + term.expression.name, term.descending, term.nulls_last))
            continue
        name = term.removeprefix("-")
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        if field.is_relation:
            related = sort_keys(field.related_model, f"{prefix}{name}__")
            keys += [(path, descending != term.startswith("-"), last) for path, descending, last in related]
        else:
            keys.append((prefix + name, term.startswith("-"), None))
    return keys


def citations_in_order_of(records):
    """The citations of ``records``, ordered as the records themselves are written (record_order),
    for RowsByRecord: each citation carries its record's sort keys, read by a subquery."""
    model = records.model
    record = model._default_manager.filter(pk=OuterRef("object_id"))
    keys, order = {}, []
    for number, (path, descending, nulls_last) in enumerate(sort_keys(model)):
        keys[f"record_key_{number}"] = Subquery(record.values(path)[:1])
        order.append(OrderBy(F(f"record_key_{number}"), descending=descending, nulls_last=nulls_last))
    return (
        Citation.objects.of_kind(model)
        .filter(object_id__in=records.values("pk"))
        .annotate(**keys)
        .order_by(*order, "field", "pk")
        .values_list("object_id", "field", "source_id", "quote", "locator", "basis", "reasoning", "claim")
    )


class RowsByRecord:
    """The rows of a query grouped by the record in their first column, handed out one record at a time.

    The query lists the rows in the order the records themselves are written, so
    the rows of each record are the next ones: nothing is held for the records
    still to come.
    """

    def __init__(self, queryset):
        self.rows = queryset.iterator(chunk_size=CHUNK_SIZE)
        self.next_row = next(self.rows, None)

    def take(self, key):
        """The rows of the record ``key``, which must be asked for in the query's order."""
        taken = []
        while self.next_row is not None and self.next_row[0] == key:
            taken.append(self.next_row)
            self.next_row = next(self.rows, None)
        return taken

    def finish(self):
        # A row left over means the two queries disagreed on the order, and the
        # rows after it were given to no record: better an error than a wrong document.
        if self.next_row is not None:
            raise RuntimeError(f"Popolo export: rows of record {self.next_row[0]} were never taken")


class PopoloDocument:
    """Writes the document for one request: absolute URLs need the request's scheme and host."""

    def __init__(self, request):
        self.official_url = page_urls(request, "public:official_detail")
        self.organisation_url = page_urls(request, "public:organisation_detail")
        self.source_url = page_urls(request, "public:source_detail")
        self.official_permalink = permanent_urls(request, Official)
        self.organisation_permalink = permanent_urls(request, Organisation)
        self.meeting_permalink = permanent_urls(request, Meeting)
        # Filled as the persons and organizations are written, for the sections after them.
        self.officials = {}
        self.organisations = {}
        self.sources = {}

    def pieces(self):
        """The document as UTF-8 bytes, in pieces of about PIECE_SIZE characters."""
        starts_transaction = not connection.in_atomic_block
        with transaction.atomic():
            if starts_transaction and connection.vendor == "postgresql":
                # One snapshot for every query, so that rows read by different
                # queries (a meeting and its attendees) agree even if records
                # change while a slow client downloads the document. Every row
                # of every cursor is read, so PostgreSQL is to plan for the
                # whole result, not the first rows: planned for the first 10%,
                # the officials' sources took 8.6 s instead of 2.7.
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;"
                        " SET LOCAL cursor_tuple_fraction = 1.0"
                    )
            gathered, size = [], 0
            for text in self.text():
                gathered.append(text)
                size += len(text)
                if size >= PIECE_SIZE:
                    yield "".join(gathered).encode()
                    gathered, size = [], 0
            yield "".join(gathered).encode()

    def text(self):
        """The document in fragments: the text json.dumps gives for the whole, an element at a time."""
        self.read_sources()
        sections = [
            ("persons", self.persons),
            ("organizations", self.organizations),
            ("memberships", self.memberships),
            ("events", self.events),
            ("areas", self.areas),
        ]
        yield "{"
        yield f'"licence": {json.dumps(licence_json(), ensure_ascii=False)}, '
        yield f'"accsm:extensions": {json.dumps(EXTENSIONS, ensure_ascii=False)}, '
        for number, (name, elements) in enumerate(sections):
            yield f"{', ' if number else ''}{json.dumps(name)}: ["
            for count, element in enumerate(elements()):
                yield f"{', ' if count else ''}{json.dumps(element, ensure_ascii=False)}"
            yield "]"
        yield "}"

    def read_sources(self):
        """Every source's link and its place in the order sources are listed in wherever several apply."""
        fields = ("slug", "headline", "publisher", "url")
        ordered = Source.objects.order_by(*record_order(Source)).only(*fields)
        for rank, source in enumerate(ordered.iterator(chunk_size=CHUNK_SIZE)):
            # A source without a known http(s) address is still citable through its page on this site.
            url = iri_to_uri(http_url(source.url)) or self.source_url(source.slug)
            self.sources[source.pk] = (rank, {"url": url, "note": str(source)})

    def source_links(self, source_pks):
        return [link for _, link in sorted(self.sources[pk] for pk in set(source_pks))]

    def cited(self, rows):
        """A record's citations (rows of citations_in_order_of) as the "accsm:citations" extension."""
        return [
            compact(
                {
                    "field": field or None,
                    "source": self.sources[source_pk][1]["url"],
                    "quote": quote,
                    "locator": locator,
                    "basis": basis,
                    "reasoning": reasoning,
                    "claim": claim,
                }
            )
            for _, field, source_pk, quote, locator, basis, reasoning, claim in rows
        ]

    def page_link(self, url):
        return {"url": url, "note": "Page on the ACCSM Records site"}

    def persons(self):
        aliases = RowsByRecord(
            OfficialAlias.objects.order_by(*in_order_of("official", Official), "name").values_list(
                "official_id", "name", "note"
            )
        )
        identifiers = recorded_identifiers("official")
        citations = RowsByRecord(citations_in_order_of(Official.objects.all()))
        officials = Official.objects.order_by(*record_order(Official)).values_list(
            "pk", "slug", "name", "native_name", "country__name", "biography", "created", "updated"
        )
        for pk, slug, name, native_name, country_name, biography, created, updated in officials.iterator(
            chunk_size=CHUNK_SIZE
        ):
            self.officials[pk] = (slug, name)
            other_names = []
            if native_name and native_name != name:
                other_names.append({"name": native_name, "note": "Name in native script"})
            other_names += [
                compact({"name": alias, "note": note or "A spelling seen in a source"})
                for _, alias, note in aliases.take(pk)
            ]
            cited = citations.take(pk)
            yield compact(
                {
                    "id": person_id(slug),
                    "name": name,
                    "other_names": other_names,
                    "identifiers": [
                        identifier(PERMALINK, self.official_permalink(pk)),
                        *(identifier(scheme, value) for _, scheme, value in identifiers.take(pk)),
                    ],
                    "national_identity": country_name,
                    "biography": biography,
                    "links": [self.page_link(self.official_url(slug))],
                    "sources": self.source_links(row[2] for row in cited),
                    "accsm:citations": self.cited(cited),
                    **timestamps(created, updated),
                }
            )
        aliases.finish()
        identifiers.finish()
        citations.finish()

    def organizations(self):
        alternative_names = RowsByRecord(
            OrganisationName.objects.order_by(*in_order_of("organisation", Organisation), "name").values_list(
                "organisation_id", "name", "kind", "start_year", "end_year", "note"
            )
        )
        kinds = {value: str(label) for value, label in OrganisationName.Kind.choices}
        identifiers = recorded_identifiers("organisation")
        citations = RowsByRecord(citations_in_order_of(Organisation.objects.all()))
        organisations = Organisation.objects.order_by(*record_order(Organisation)).values_list(
            *("pk", "slug", "name", "abbreviation", "classification", "parent__slug", "country__code"),
            *("description", "website", "founding_date", "founding_precision", "dissolution_date"),
            *("dissolution_precision", "created", "updated"),
        )
        for row in organisations.iterator(chunk_size=CHUNK_SIZE):
            pk, slug, name, abbreviation, classification, parent_slug, country_code, *rest = row
            description, website, founded, founded_precision, dissolved, dissolved_precision, *rest = rest
            created, updated = rest
            self.organisations[pk] = (slug, name)
            other_names = []
            if abbreviation and abbreviation != name:
                other_names.append({"name": abbreviation, "note": "Abbreviation"})
            for _, other_name, kind, start_year, end_year, note in alternative_names.take(pk):
                label = kinds.get(kind, kind)
                other_names.append(
                    compact(
                        {
                            "name": other_name,
                            "start_date": year(start_year),
                            "end_date": year(end_year),
                            "note": f"{label}: {note}" if note else label,
                        }
                    )
                )
            cited = citations.take(pk)
            links = [self.page_link(self.organisation_url(slug))]
            if http_url(website):
                links.append({"url": iri_to_uri(website), "note": "Website"})
            yield compact(
                {
                    "id": organization_id(slug),
                    "name": name,
                    "other_names": other_names,
                    "identifiers": [
                        identifier(PERMALINK, self.organisation_permalink(pk)),
                        *(identifier(scheme, value) for _, scheme, value in identifiers.take(pk)),
                    ],
                    "classification": classification,
                    "parent_id": organization_id(parent_slug) if parent_slug else None,
                    "area_id": area_id(country_code) if country_code else None,
                    "founding_date": popolo_date(partial_date(founded, founded_precision)),
                    "dissolution_date": popolo_date(partial_date(dissolved, dissolved_precision)),
                    "description": description,
                    "links": links,
                    "sources": self.source_links(row[2] for row in cited),
                    "accsm:citations": self.cited(cited),
                    **timestamps(created, updated),
                }
            )
        alternative_names.finish()
        identifiers.finish()
        citations.finish()

    def memberships(self):
        ordered = Position.objects.order_by(*record_order(Position))
        citations = RowsByRecord(citations_in_order_of(ordered))
        positions = ordered.values_list(
            *("pk", "official_id", "organisation_id", "title", "start_date", "start_precision"),
            *("end_date", "end_precision", "created", "updated"),
        )
        for row in positions.iterator(chunk_size=CHUNK_SIZE):
            pk, official_pk, organisation_pk, title, start, start_precision, end, end_precision, *rest = row
            official_slug, _ = self.officials[official_pk]
            organisation_slug, organisation_name = self.organisations[organisation_pk]
            cited = citations.take(pk)
            yield compact(
                {
                    "id": membership_id(official_slug, organisation_slug, title),
                    "label": f"{title}, {organisation_name}",
                    "role": title,
                    "person_id": person_id(official_slug),
                    "organization_id": organization_id(organisation_slug),
                    "start_date": popolo_date(partial_date(start, start_precision)),
                    "end_date": popolo_date(partial_date(end, end_precision)),
                    "sources": self.source_links(row[2] for row in cited),
                    "accsm:citations": self.cited(cited),
                    **timestamps(*rest),
                }
            )
        citations.finish()

    def events(self):
        published = Meeting.objects.published()
        # An official with two roles at one meeting attends it once, where the
        # first of them (in Participation's order) puts them.
        attendances = RowsByRecord(
            Participation.objects.filter(meeting__in=published, official__isnull=False)
            .order_by(*in_order_of("meeting", Meeting), "role", "printed_name", "pk")
            .values_list("meeting_id", "official_id", "role")
        )
        citations = RowsByRecord(citations_in_order_of(published))
        meetings = (
            published.order_by(*record_order(Meeting))
            .with_published_parent_slug()
            .values_list(
                *("pk", "slug", "name", "summary", "theme", "start_date", "end_date", "date_precision"),
                *("venue", "city", "country__name", "kind", "host_id", "published_parent_slug"),
                *("created", "updated"),
            )
        )
        for row in meetings.iterator(chunk_size=CHUNK_SIZE):
            pk, slug, name, summary, theme, start, end, precision, venue, city, country_name, *rest = row
            kind, host_pk, parent_slug, created, updated = rest
            cited = citations.take(pk)
            description = "\n\n".join(part for part in [summary, theme and f"Theme: {theme}"] if part)
            attending = {}
            for _, official_pk, role in attendances.take(pk):
                roles = attending.setdefault(official_pk, [])
                if role not in roles:
                    roles.append(role)
            yield compact(
                {
                    "id": event_id(slug),
                    "name": name,
                    "description": description,
                    "start_date": popolo_date(partial_date(start, precision)),
                    "end_date": popolo_date(partial_date(end, precision)),
                    "location": place_of(venue, city, country_name),
                    "identifiers": [identifier(PERMALINK, self.meeting_permalink(pk))],
                    "classification": kind,
                    "organization_id": organization_id(self.organisations[host_pk][0]) if host_pk else None,
                    "parent_id": event_id(parent_slug) if parent_slug else None,
                    "attendees": [
                        {
                            "id": person_id(self.officials[official_pk][0]),
                            "name": self.officials[official_pk][1],
                            "accsm:roles": roles,
                        }
                        for official_pk, roles in attending.items()
                    ],
                    "sources": self.source_links(row[2] for row in cited),
                    "accsm:citations": self.cited(cited),
                    **timestamps(created, updated),
                }
            )
        attendances.finish()
        citations.finish()

    def areas(self):
        identifiers = recorded_identifiers("country")
        countries = Country.objects.order_by(*record_order(Country)).values_list(
            "pk", "code", "alpha3", "name", "created", "updated"
        )
        for pk, code, alpha3, name, created, updated in countries.iterator(chunk_size=CHUNK_SIZE):
            codes = [identifier(ISO_ALPHA_2, code)]
            if alpha3:
                codes.append(identifier(ISO_ALPHA_3, alpha3))
            codes.append(identifier(OCD_DIVISION, f"ocd-division/country:{code.lower()}"))
            codes += [identifier(scheme, value) for _, scheme, value in identifiers.take(pk)]
            yield {
                "id": area_id(code),
                "name": name,
                "identifier": code,
                "identifiers": codes,
                "classification": "country",
                **timestamps(created, updated),
            }
        identifiers.finish()


# In the OpenAPI document as one JSON object: Popolo's own schemas describe what is inside.
@extend_schema(
    summary="Everything in one Popolo JSON document",
    description="Persons, organizations, memberships, areas and events, following the Popolo "
    "specification (https://www.popoloproject.com/specs/); the extension fields are described on /data/.",
    responses={200: OpenApiResponse(response=OpenApiTypes.OBJECT, description="A Popolo export.")},
)
class PopoloExport(APIView):
    """Everything in the database as one Popolo JSON document, served at /api/popolo.json.

    An API view like the others, for what it answers besides GET: any other method
    405 in the API's JSON, and OPTIONS what is allowed.
    """

    def perform_content_negotiation(self, request, force=False):
        # The document is JSON whatever the client's Accept header says, as it always was.
        return super().perform_content_negotiation(request, force=True)

    @unavailable_without_database(unavailable)
    def get(self, request):
        # The whole dataset, always: a parameter (a filter, say) would be silently ignored.
        reject_unknown_parameters(request, self)
        # Not started_stream: the document's transaction must not be opened here (opendata/streaming.py).
        check_database()
        document = PopoloDocument(request).pieces()
        return StreamingHttpResponse(document, content_type="application/json; charset=utf-8")


popolo_export = PopoloExport.as_view()
