"""A synthetic world that grows around fixed anchor records, for query-count tests.

``grow(n)`` adds ``n`` more of everything that a list or detail page shows
(meetings, officials with aliases and positions, country names, organisations, declarations,
participations, outcomes, chairmanships), all hanging off the same anchors, so
a page can be measured at one size and again at a larger one:
``queries_at_1_and_30_rows(read)`` does that measuring.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import (
    Chairmanship,
    Declaration,
    Meeting,
    MeetingDeclaration,
    Outcome,
    Participation,
)
from people.models import (
    Country,
    CountryName,
    Official,
    OfficialAlias,
    Organisation,
    OrganisationName,
    Position,
)
from sources.models import Citation, Source

# Two-letter codes no real fixture country uses, enough for 104 grown countries.
_CODES = [first + second for first in "WXYZ" for second in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]


def anchors():
    """The records every grown record hangs off; created once."""
    country, _ = Country.objects.get_or_create(
        code="VN", defaults={"name": "Viet Nam", "alpha3": "VNM", "asean_status": "member"}
    )
    body, _ = Organisation.objects.get_or_create(
        slug="anchor-body",
        defaults={"name": "Anchor Ministry", "classification": "ministry", "country": country},
    )
    source, _ = Source.objects.get_or_create(
        slug="anchor-source", defaults={"headline": "Anchor", "publisher": "VNA"}
    )
    series, _ = Meeting.objects.get_or_create(
        slug="anchor-series",
        defaults={
            "name": "Anchor Conference",
            "kind": "conference",
            "start_date": datetime.date(2022, 1, 1),
            "status": "published",
        },
    )
    meeting, _ = Meeting.objects.get_or_create(
        slug="anchor-meeting",
        defaults={
            "name": "Anchor Meeting",
            "kind": "heads",
            "start_date": datetime.date(2022, 8, 5),
            "parent": series,
            "country": country,
            "host": body,
            "city": "Hanoi",
            "status": "published",
        },
    )
    if not Citation.objects.of(meeting).exists():
        Citation.objects.create(record=meeting, field="", source=source)
    declaration, _ = Declaration.objects.get_or_create(
        slug="anchor-declaration",
        defaults={"title": "Anchor Declaration", "kind": "declaration", "status": "published"},
    )
    if not Citation.objects.of(declaration).exists():
        Citation.objects.create(record=declaration, field="", source=source)
    official, _ = Official.objects.get_or_create(
        slug="anchor-official", defaults={"name": "Anchor Official", "country": country}
    )
    return {
        "country": country,
        "organisation": body,
        "source": source,
        "series": series,
        "meeting": meeting,
        "declaration": declaration,
        "official": official,
    }


def grow(n):
    """Add ``n`` of each kind of record around the anchors; return the anchors."""
    a = anchors()
    already = Meeting.objects.filter(slug__startswith="meeting-").count()
    for i in range(already + 1, already + n + 1):
        Country.objects.create(code=_CODES[i - 1], name=f"Country {i}", asean_status="dialogue_partner")
        CountryName.objects.create(country=a["country"], name=f"Other country name {i}")
        org = Organisation.objects.create(
            slug=f"org-{i}",
            name=f"Department {i}",
            classification="department",
            parent=a["organisation"],
            country=a["country"],
        )
        OrganisationName.objects.create(organisation=a["organisation"], name=f"Former name {i}")
        official = Official.objects.create(slug=f"official-{i}", name=f"Official {i}", country=a["country"])
        OfficialAlias.objects.create(official=official, name=f"Offical {i}")
        OfficialAlias.objects.create(official=a["official"], name=f"Anchor alias {i}")
        Position.objects.create(official=official, organisation=a["organisation"], title=f"Director {i}")
        Position.objects.create(official=a["official"], organisation=org, title=f"Adviser {i}")
        meeting = Meeting.objects.create(
            status="published",
            slug=f"meeting-{i}",
            name=f"Meeting {i}",
            kind="workshop",
            parent=a["meeting"],
            host=org,
            start_date=datetime.date(2000, 1, 1) + datetime.timedelta(days=i),
            country=a["country"],
            city="Hanoi",
        )
        Citation.objects.create(record=meeting, field="", source=a["source"])
        speaker = Participation.objects.create(
            meeting=a["meeting"],
            official=official,
            role="speaker",
            represents_organisation=org,
            represents_country=a["country"],
        )
        Citation.objects.create(record=speaker, field="", source=a["source"], quote=f"Quote {i}")
        anchor_speaker = Participation.objects.create(meeting=meeting, official=a["official"], role="speaker")
        Citation.objects.create(record=anchor_speaker, field="", source=a["source"])
        Participation.objects.create(meeting=meeting, organisation=a["organisation"], role="participant")
        declaration = Declaration.objects.create(
            status="published",
            slug=f"declaration-{i}",
            title=f"Action plan {i}",
            kind="action_plan",
            implements=a["declaration"],
            adopted_on=datetime.date(2020, 1, 1),
            adopting_body=org,
        )
        Citation.objects.create(record=declaration, field="", source=a["source"])
        MeetingDeclaration.objects.create(meeting=a["meeting"], declaration=declaration, relation="discussed")
        MeetingDeclaration.objects.create(
            meeting=meeting, declaration=a["declaration"], relation="held_under"
        )
        outcome = Outcome.objects.create(
            meeting=a["meeting"], slug=f"outcome-{i}", kind="decision", text=f"Decision {i}"
        )
        Citation.objects.create(record=outcome, field="", source=a["source"], quote=f"Decided {i}")
        chair = Chairmanship.objects.create(
            organisation=a["organisation"], country=a["country"], start_year=1900 + i, handed_over_at=meeting
        )
        # Citations of a fact of each kind of record a detail page lists, all from the anchor source.
        alias = OfficialAlias.objects.get(official=a["official"], name=f"Anchor alias {i}")
        for record, field in [
            (meeting, "start_date"),
            (official, "name"),
            (alias, "name"),
            (org, "name"),
            (declaration, "title"),
            (chair, "start_year"),
            (Position.objects.get(official=a["official"], organisation=org), "title"),
            (OrganisationName.objects.get(organisation=a["organisation"], name=f"Former name {i}"), "name"),
            (MeetingDeclaration.objects.get(meeting=a["meeting"], declaration=declaration), "relation"),
            (Outcome.objects.get(meeting=a["meeting"], slug=f"outcome-{i}"), "text"),
            (Participation.objects.get(meeting=a["meeting"], official=official), "statement"),
            (Participation.objects.get(meeting=meeting, official=a["official"]), "role"),
        ]:
            Citation.objects.create(record=record, field=field, source=a["source"], quote=f"{field} {i}")
    return a


def queries_at_1_and_30_rows(read):
    """Grow the world to 1 row, then to 30, calling ``read()`` at each size while counting its queries.

    ``read`` fetches an address and reads its body, inside the count, as a
    streamed body is queried while it is sent. Returns ``[(queries, what read
    returned) at 1 row, (queries, what read returned) at 30 rows]``.
    """
    measured = []
    for size in (1, 29):
        grow(size)
        with CaptureQueriesContext(connection) as captured:
            result = read()
        measured.append((len(captured.captured_queries), result))
    return measured
