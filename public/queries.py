"""Queries that span the record apps: the home page summary and the site-wide search."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from core import search
from meetings.models import Chairmanship, Declaration, Meeting
from people.models import Country, Official, Organisation
from sources.models import Source

SEARCH_RESULTS_PER_KIND = 10


@dataclass
class SearchGroup:
    """The results of one kind of record for a site-wide search."""

    label: str
    results: list
    more_url: str | None
    has_more: bool


def _search_targets():
    return [
        ("Meetings", Meeting.objects.published().with_list_data(), "public:meeting_list"),
        ("Officials", Official.objects.select_related("country"), "public:official_list"),
        ("Organisations", Organisation.objects.with_list_data(), "public:organisation_list"),
        (
            "Declarations and plans",
            Declaration.objects.published().with_list_data(),
            "public:declaration_list",
        ),
        ("Countries", Country.objects.all(), "public:country_list"),
        # Sources have no list page to continue on: the page says to narrow the search instead.
        ("Sources", Source.objects.all(), None),
    ]


def search_everything(query, finder=search.search):
    """One query per kind of record, each bounded; ``finder`` picks exact matches or near misses."""
    groups = []
    for label, queryset, list_url_name in _search_targets():
        # One row more than shown says whether there are more, without a COUNT.
        found = list(finder(queryset, query)[: SEARCH_RESULTS_PER_KIND + 1])
        if found:
            more_url = f"{reverse(list_url_name)}?{urlencode({'q': query})}" if list_url_name else None
            groups.append(
                SearchGroup(
                    label, found[:SEARCH_RESULTS_PER_KIND], more_url, len(found) > SEARCH_RESULTS_PER_KIND
                )
            )
    return groups


def home_summary():
    """What the home page shows: how much the site holds, the latest meetings, ACCSM's chairs."""
    return {
        "counts": [
            ("meetings", Meeting.objects.published().count(), reverse("public:meeting_list")),
            ("officials", Official.objects.count(), reverse("public:official_list")),
            ("organisations", Organisation.objects.count(), reverse("public:organisation_list")),
            (
                "declarations and plans",
                Declaration.objects.published().count(),
                reverse("public:declaration_list"),
            ),
        ],
        "latest_meetings": list(Meeting.objects.published().with_list_data()[:6]),
        "chairmanships": list(
            Chairmanship.objects.filter(organisation__slug="accsm")
            .select_related("country", "organisation", "handed_over_at")
            .order_by("start_year")
        ),
    }
