"""The whole dataset as one Popolo JSON document (https://www.popoloproject.com/).

Officials become persons, organisations organizations, positions memberships,
meetings events and countries areas. Each table is read once -- a fixed number
of queries whatever the size of the data -- and rows refer to one another
through in-memory maps keyed by primary key, so nothing is fetched per row.

Ids are built from slugs and country codes, not database keys, so they stay the
same across databases and fixture loads: "person/<slug>", "organization/<slug>",
"event/<slug>", "area/<lower-case ISO code>".

What Popolo has no place for is left out rather than put into made-up fields:
an attendee is a Popolo person, which has no role or statement; an event has no
links, other names or format; a membership has no note. Declarations, outcomes
and chairmanships have no Popolo class. The JSON API (/api/) carries all of it.
"""

from collections import defaultdict

from django.http import JsonResponse
from django.utils.encoding import iri_to_uri

from meetings.models import Meeting, Participation, PublicationStatus, Source
from people.models import Country, Official, Organisation, Position


def person_id(official):
    return f"person/{official.slug}"


def organization_id(organisation):
    return f"organization/{organisation.slug}"


def event_id(meeting):
    return f"event/{meeting.slug}"


def area_id(country):
    return f"area/{country.code.lower()}"


def popolo_date(value):
    """A PartialDate in Popolo's reduced-precision ISO form, or None when the date is unknown."""
    return value.isoformat() if value else None


def year(value):
    # Popolo's date pattern wants four digits even for a year before 1000.
    return f"{value:04d}" if value is not None else None


def compact(record):
    """Drop the fields that have no value: Popolo fields are optional, and an absent one reads clearer."""
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def timestamps(record):
    return {"created_at": record.created.isoformat(), "updated_at": record.updated.isoformat()}


class PopoloDocument:
    """Builds the document for one request: absolute URLs need the request's scheme and host."""

    def __init__(self, request):
        self.request = request
        self.countries = {country.pk: country for country in Country.objects.all()}
        self.sources = {source.pk: source for source in Source.objects.all()}
        # The order sources are listed in wherever several apply: that of the Source model.
        self.source_rank = {pk: rank for rank, pk in enumerate(self.sources)}
        self.organisations = {
            organisation.pk: organisation
            for organisation in Organisation.objects.prefetch_related("alternative_names")
        }
        self.officials = {official.pk: official for official in Official.objects.prefetch_related("aliases")}
        # The country is joined in for Meeting.place, which names it.
        self.meetings = {
            meeting.pk: meeting
            for meeting in Meeting.objects.published().select_related("country").prefetch_related("sources")
        }
        self.positions = list(Position.objects.all())
        self.participations = list(Participation.objects.filter(meeting__status=PublicationStatus.PUBLISHED))

    def absolute(self, record):
        return self.request.build_absolute_uri(record.get_absolute_url())

    def page_link(self, record):
        return {"url": self.absolute(record), "note": "Page on the ACCSM Records site"}

    def source_link(self, source):
        # A source without a known address is still citable through its page on this site.
        url = iri_to_uri(source.url) if source.url else self.absolute(source)
        return {"url": url, "note": str(source)}

    def source_links(self, source_pks):
        return [self.source_link(self.sources[pk]) for pk in sorted(source_pks, key=self.source_rank.get)]

    def build(self):
        """The document: every section from the rows read in __init__, each read once."""
        # Officials and organisations have no sources of their own; what they are
        # known from is where they appear: participations and hosted meetings.
        person_sources = defaultdict(set)
        organisation_sources = defaultdict(set)
        attendees = defaultdict(dict)
        for participation in self.participations:
            if participation.official_id:
                # An official with two roles at one meeting attends it once.
                attendees[participation.meeting_id].setdefault(participation.official_id, None)
            if participation.source_id:
                if participation.official_id:
                    person_sources[participation.official_id].add(participation.source_id)
                for organisation_pk in (
                    participation.organisation_id,
                    participation.represents_organisation_id,
                ):
                    if organisation_pk:
                        organisation_sources[organisation_pk].add(participation.source_id)
        for meeting in self.meetings.values():
            if meeting.host_id:
                organisation_sources[meeting.host_id].update(source.pk for source in meeting.sources.all())

        return {
            "persons": [
                self.person(official, person_sources[official.pk]) for official in self.officials.values()
            ],
            "organizations": [
                self.organization(organisation, organisation_sources[organisation.pk])
                for organisation in self.organisations.values()
            ],
            "memberships": [self.membership(position) for position in self.positions],
            "events": [self.event(meeting, attendees[meeting.pk]) for meeting in self.meetings.values()],
            "areas": [self.area(country) for country in self.countries.values()],
        }

    def person(self, official, source_pks):
        other_names = []
        if official.native_name and official.native_name != official.name:
            other_names.append({"name": official.native_name, "note": "Name in native script"})
        other_names += [
            compact({"name": alias.name, "note": alias.note or "A spelling seen in a source"})
            for alias in official.aliases.all()
        ]
        country = self.countries.get(official.country_id)
        return compact(
            {
                "id": person_id(official),
                "name": official.name,
                "other_names": other_names,
                "national_identity": country.name if country else None,
                "biography": official.biography,
                "links": [self.page_link(official)],
                "sources": self.source_links(source_pks),
                **timestamps(official),
            }
        )

    def organization(self, organisation, source_pks):
        other_names = []
        if organisation.abbreviation and organisation.abbreviation != organisation.name:
            other_names.append({"name": organisation.abbreviation, "note": "Abbreviation"})
        for alternative in organisation.alternative_names.all():
            note = alternative.get_kind_display()
            other_names.append(
                compact(
                    {
                        "name": alternative.name,
                        "start_date": year(alternative.start_year),
                        "end_date": year(alternative.end_year),
                        "note": f"{note}: {alternative.note}" if alternative.note else note,
                    }
                )
            )
        links = [self.page_link(organisation)]
        if organisation.website:
            links.append({"url": iri_to_uri(organisation.website), "note": "Website"})
        parent = self.organisations.get(organisation.parent_id)
        country = self.countries.get(organisation.country_id)
        return compact(
            {
                "id": organization_id(organisation),
                "name": organisation.name,
                "other_names": other_names,
                "classification": organisation.classification,
                "parent_id": organization_id(parent) if parent else None,
                "area_id": area_id(country) if country else None,
                "description": organisation.description,
                "links": links,
                "sources": self.source_links(source_pks),
                **timestamps(organisation),
            }
        )

    def membership(self, position):
        official = self.officials[position.official_id]
        organisation = self.organisations[position.organisation_id]
        return compact(
            {
                "label": f"{position.title}, {organisation.name}",
                "role": position.title,
                "person_id": person_id(official),
                "organization_id": organization_id(organisation),
                "start_date": popolo_date(position.start),
                "end_date": popolo_date(position.end),
                **timestamps(position),
            }
        )

    def event(self, meeting, attending_official_pks):
        parent = self.meetings.get(meeting.parent_id)
        host = self.organisations.get(meeting.host_id)
        description = "\n\n".join(
            part for part in [meeting.summary, meeting.theme and f"Theme: {meeting.theme}"] if part
        )
        attendees = [
            {"id": person_id(official), "name": official.name}
            for official in (self.officials[pk] for pk in attending_official_pks)
        ]
        return compact(
            {
                "id": event_id(meeting),
                "name": meeting.name,
                "description": description,
                "start_date": popolo_date(meeting.start),
                "end_date": popolo_date(meeting.end),
                "location": meeting.place,
                "classification": meeting.kind,
                "organization_id": organization_id(host) if host else None,
                "parent_id": event_id(parent) if parent else None,
                "attendees": attendees,
                "sources": [self.source_link(source) for source in meeting.sources.all()],
                **timestamps(meeting),
            }
        )

    def area(self, country):
        return {
            "id": area_id(country),
            "name": country.name,
            "identifier": country.code,
            "classification": "country",
            **timestamps(country),
        }


def popolo_export(request):
    """Everything in the database as one Popolo JSON document, served at /api/popolo.json."""
    return JsonResponse(
        PopoloDocument(request).build(),
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )
