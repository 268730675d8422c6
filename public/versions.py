"""Versions a citation can point to: a record's page as it stood after one of its saves (``?version=N``).

Every save of a record adds a row to its history (django-simple-history); version N is the Nth of
those rows, oldest first. Rows are only ever added after the last, so a number once given always
names the same version, and a citation that names it always leads to what its author read. A
deletion row is not a version (it has nothing to show) and is not counted. A record loaded from a
fixture has no history until it is first saved, and so no version to name until then.

The public may read of a record's past only what was public at the time: of a record with a
publication status, the versions saved as published, and nothing at all of a record that is a draft
now, whose page is 404 too. A draft version is 404 exactly as an unknown one is, to staff as well: a
version's page is what a citation points at, and no citation points at a draft.

A version shows the record's own facts as they were. Its lists (participants, positions, outcomes,
...) are records of their own with histories of their own, and what the page listed at one moment
cannot be told reliably from them; nor can which sources were cited then. The version's page leaves
both out and says so, linking to the current page for them.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import dateformat

from core.models import http_url
from meetings.models import PublicationStatus, published_or_none
from opendata.exports import plain_bad_request

VERSION = "version"
# A positive whole number without leading zeros, so that one version has one address. One of more
# than nine digits is no record's (none is saved a billion times): it is 404 without a query, and so
# never has to fit the database's OFFSET.
VERSION_NUMBER = re.compile(r"[1-9][0-9]*")
MAX_DIGITS = 9


def asked_for(request):
    """Whether the request asks for a version of the page rather than the page."""
    return VERSION in request.GET


def is_publishable(model):
    """Whether records of ``model`` have a publication status (meetings, declarations)."""
    return any(model_field.name == "status" for model_field in model._meta.concrete_fields)


def is_public(record):
    return not is_publishable(type(record)) or record.status == PublicationStatus.PUBLISHED


def saved_versions(record):
    """The record's versions, the first first: its history rows but its deletions."""
    return record.history.exclude(history_type="-").order_by("history_date", "history_id")


def current_version(record):
    """The number of the version the record's page shows now: one query. None where there is none
    a reader may follow: a draft, or a record not saved since it was loaded from a fixture."""
    if not is_public(record):
        return None
    return saved_versions(record).count() or None


def shown_relations(model):
    """The records a version's page names (a meeting's country, host and parent, ...): read with the
    version in one query. Only the optional ones, which are all the pages name; a join to a record
    deleted since then finds nothing, and the version names nobody there."""
    return [
        model_field.name
        for model_field in model._meta.concrete_fields
        if model_field.many_to_one and model_field.null
    ]


@dataclass(frozen=True)
class Version:
    """Version ``number`` of ``current``: ``record`` is the record as it was, saved at ``saved``."""

    number: int
    saved: datetime
    record: object
    current: object


def published_version(record, number):
    """Version ``number`` of ``record`` if the public may read it, else None (one query)."""
    if not is_public(record):
        return None
    relations = shown_relations(type(record))
    rows = list(saved_versions(record).select_related(*relations)[number - 1 : number])
    if not rows or not is_public(rows[0]):
        return None
    row = rows[0]
    as_it_was = row.instance
    # The related records were read with the row; handing them over spares a query for each.
    for name in relations:
        type(record)._meta.get_field(name).set_cached_value(as_it_was, getattr(row, name))
    return Version(number=number, saved=row.history_date, record=as_it_was, current=record)


@dataclass(frozen=True)
class Fact:
    """One line of the version's facts: its label, its text, and where given a link or a date."""

    label: str
    text: str
    url: str = ""
    # The ``<time datetime>`` value, where the text is a date.
    datetime: str = ""
    # Words before the date or link, and a note on a line of its own after it.
    lead: str = ""
    note: str = ""


@dataclass(frozen=True)
class Facts:
    """What a version's page shows of the record: as the record's current page does, less its lists."""

    section: str
    section_url: str
    kicker: str
    title: str
    subtitle: str = ""
    facts: list = field(default_factory=list)
    # Longer text, as (heading, text): a summary, a biography.
    passages: list = field(default_factory=list)


def link_to(record, label=None):
    """A fact naming a related record: its name, linked to its page."""
    return (str(label or record), record.get_absolute_url())


def date_fact(label, value, note=""):
    return Fact(label, str(value), datetime=value.isoformat(), note=note)


def meeting_facts(meeting):
    kicker = meeting.get_kind_display()
    if meeting.ordinal:
        kicker += f" · No. {meeting.ordinal} in its series"
    facts = [Fact("Date", meeting.date_display, datetime=meeting.start.isoformat(), note=meeting.date_note)]
    if meeting.place:
        facts.append(Fact("Place", meeting.place))
    if meeting.format:
        facts.append(Fact("Format", meeting.get_format_display()))
    if meeting.host:
        facts.append(Fact("Host", *link_to(meeting.host, meeting.host.name)))
    if meeting.theme:
        facts.append(Fact("Theme", meeting.theme))
    parent = published_or_none(meeting.parent)
    if parent:
        facts.append(Fact("Part of", *link_to(parent, parent.name)))
    return Facts(
        section="Meetings",
        section_url=reverse("public:meeting_list"),
        kicker=kicker,
        title=meeting.name,
        subtitle=meeting.short_name,
        facts=facts,
        passages=[("Summary", meeting.summary)],
    )


def declaration_facts(declaration):
    title = declaration.title + (f" ({declaration.acronym})" if declaration.acronym else "")
    adopted = declaration.adopted
    note = declaration.adoption_note
    facts = [
        Fact("Kind", declaration.get_kind_display()),
        Fact("Title", declaration.get_title_status_display()),
        date_fact("Adopted", adopted, note=note) if adopted else Fact("Adopted", "Not known", note=note),
    ]
    if declaration.adopting_body:
        body = declaration.adopting_body
        facts.append(Fact("Adopted by", *link_to(body, body.name)))
    if declaration.period_display:
        facts.append(Fact("Period", declaration.period_display))
    implemented = published_or_none(declaration.implements)
    if implemented:
        facts.append(Fact("Implements", *link_to(implemented, implemented.title)))
    return Facts(
        section="Declarations",
        section_url=reverse("public:declaration_list"),
        kicker=declaration.get_kind_display(),
        title=title,
        facts=facts,
        passages=[("Summary", declaration.summary)],
    )


def official_facts(official):
    facts = []
    if official.country:
        facts.append(Fact("Country", *link_to(official.country, official.country.name)))
    native = official.native_name if official.native_name != official.name else ""
    return Facts(
        section="Officials",
        section_url=reverse("public:official_list"),
        kicker="Official",
        title=official.name,
        subtitle=native,
        facts=facts,
        passages=[("Biography", official.biography)],
    )


def organisation_facts(organisation):
    title = organisation.name + (f" ({organisation.abbreviation})" if organisation.abbreviation else "")
    facts = []
    if organisation.parent:
        facts.append(Fact("Part of", *link_to(organisation.parent, organisation.parent.name)))
    if organisation.country:
        facts.append(Fact("Country", *link_to(organisation.country, organisation.country.name)))
    website = http_url(organisation.website)
    if website:
        facts.append(Fact("Website", website, url=website))
    return Facts(
        section="Organisations",
        section_url=reverse("public:organisation_list"),
        kicker=organisation.get_classification_display(),
        title=title,
        facts=facts,
        passages=[("About", organisation.description)],
    )


def source_facts(source):
    facts = [Fact("Kind", source.get_kind_display()), Fact("Publisher", source.publisher)]
    if source.dateline:
        facts.append(Fact("Dateline", source.dateline))
    published = source.published
    facts.append(date_fact("Published", published) if published else Fact("Published", "No date printed"))
    # A history row may hold an address stored before the database refused other schemes.
    for label, address in (
        ("Address", http_url(source.url)),
        ("Archived copy", http_url(source.archive_url)),
    ):
        if address:
            facts.append(Fact(label, address, url=address))
    if source.retrieved_on:
        retrieved = source.retrieved_on
        facts.append(Fact("Retrieved", dateformat.format(retrieved, "j F Y"), datetime=retrieved.isoformat()))
    return Facts(
        section="Meetings",
        section_url=reverse("public:meeting_list"),
        kicker="Source",
        title=source.headline,
        facts=facts,
        passages=[("Notes on this source", source.note)],
    )


def country_facts(country):
    status = country.get_asean_status_display()
    joined = country.joined
    facts = [
        Fact("ASEAN status", str(joined), datetime=joined.isoformat(), lead=f"{status}, since ")
        if joined
        else Fact("ASEAN status", status),
        Fact("ISO codes", f"{country.code} / {country.alpha3}"),
    ]
    if country.note:
        facts.append(Fact("Note", country.note))
    return Facts(
        section="Countries",
        section_url=reverse("public:country_list"),
        kicker=status,
        title=country.name,
        facts=facts,
    )


FACTS = {
    "meetings.meeting": meeting_facts,
    "meetings.declaration": declaration_facts,
    "people.official": official_facts,
    "people.organisation": organisation_facts,
    "sources.source": source_facts,
    "people.country": country_facts,
}


def version_problem(values):
    """What is wrong with the ``version`` values given, for a 400; None if they are one number."""
    if len(values) == 1 and VERSION_NUMBER.fullmatch(values[0]):
        return None
    problem = "Version is given more than once" if len(values) > 1 else f"No version {values[0][:40]!r}"
    return (
        f"{problem}. A version is a positive whole number, 1 for the record as it was first saved; "
        "without one the page is the record as it is now."
    )


def render_version(request, records, **lookup):
    """Version ``?version=N`` of the page of the record ``lookup`` finds among ``records``.

    404 for a record or a version the public may not read, as for one that does not exist; 400 for
    a version that is not a number, and for a format (the citation is the current page's).
    """
    values = request.GET.getlist(VERSION)
    problem = version_problem(values)
    if problem:
        return plain_bad_request(problem)
    if "format" in request.GET:
        return plain_bad_request(
            "A version's page is HTML only. The citation as CSL-JSON is on the page without version=."
        )
    if len(values[0]) > MAX_DIGITS:
        raise Http404("No such version.")
    if hasattr(records, "published"):
        records = records.published()
    version = published_version(get_object_or_404(records, **lookup), int(values[0]))
    if version is None:
        raise Http404("No such version.")
    shown = FACTS[version.current._meta.label_lower](version.record)
    context = {
        "version": version,
        "shown": shown,
        "breadcrumb": f"{shown.title} (version {version.number})",
        "current_url": version.current.get_absolute_url(),
    }
    return render(request, "public/record_version.html", context)
