"""The public site's pages: home, meetings, declarations, sources, officials, organisations,
countries and the site search. Each view picks its queryset and renders; the querysets
carry the queries and the FilterSets the list filters."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core import permalinks
from core import search as search_backend
from meetings import queries as meeting_queries
from meetings.filters import DeclarationFilter, MeetingFilter
from meetings.models import Declaration, Meeting
from meetings.queries import LATEST_MEETINGS_SHOWN
from opendata.structured_data import event_ld, json_ld_script, person_ld
from people.filters import CountryListFilter, OfficialFilter, OrganisationFilter
from people.models import Country, Official, Organisation
from sources.models import Source

from . import addresses, queries, sourcing, versions
from .citations import page_citations
from .citing_records import csl_download, render_citable
from .listing import ATOM, CSV, ICAL, JSON, DataLink, data_links, filter_list

# Detail pages show this many related records and link to the filtered list for the rest.
RELATED_LIMIT = 20


def home(request):
    context = queries.home_summary()
    context["data_links"] = data_links(
        request,
        [
            ("Latest meetings (Atom feed)", reverse("opendata:feed_meetings"), ATOM),
            ("All meetings (iCalendar)", reverse("opendata:meetings_ics"), ICAL),
            ("The whole dataset (Popolo JSON)", reverse("api:popolo"), JSON),
        ],
    )
    return render(request, "public/home.html", context)


def meeting_list(request):
    listing = filter_list(request, MeetingFilter, Meeting.objects.published().with_list_data())
    context = listing.context()
    context["data_links"] = data_links(
        request,
        [
            ("These meetings (JSON)", reverse("api:meeting-list"), JSON),
            ("These meetings (CSV)", reverse("opendata:meetings_csv"), CSV),
            ("Their participants (CSV)", reverse("opendata:participations_csv"), CSV),
            ("These meetings (iCalendar)", reverse("opendata:meetings_ics"), ICAL),
        ],
        listing=listing,
    ) + [meetings_feed_link(listing)]
    return render(request, "public/meeting_list.html", context, status=listing.status)


def meetings_feed_link(listing):
    """The Atom feed of the meetings the list shows: its filters in force, but neither its sort
    nor its page (a feed is always the newest first) nor any filter it did not understand."""
    query = listing.active_query()
    if not query:
        return DataLink("Latest meetings (Atom feed)", reverse("opendata:feed_meetings"), ATOM)
    return DataLink("These meetings (Atom feed)", f"{reverse('opendata:feed_meetings')}?{query}", ATOM)


def meeting_detail(request, slug):
    if versions.asked_for(request):
        return versions.render_version(request, Meeting.objects.all(), slug=slug)
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).with_detail_data(), slug=slug)
    context = {
        "meeting": meeting,
        # The meeting and the rows it lists, each fact with its citations: one query.
        "citations": page_citations(
            [
                meeting,
                *meeting.children.all(),
                *meeting.participations.all(),
                *meeting.outcomes.all(),
                *meeting.declaration_links.all(),
            ]
        ),
        "json_ld": json_ld_script(event_ld(meeting, request.build_absolute_uri)),
        "data_links": data_links(
            request,
            [
                ("This meeting (JSON)", reverse("api:meeting-detail", args=[slug]), JSON),
                ("This meeting (iCalendar)", reverse("opendata:meeting_ics", args=[slug]), ICAL),
            ],
        ),
    }
    return render_citable(request, "public/meeting_detail.html", context, meeting)


def declaration_list(request):
    listing = filter_list(request, DeclarationFilter, Declaration.objects.published().with_list_data())
    context = listing.context()
    context["data_links"] = data_links(
        request, [("These documents (JSON)", reverse("api:declaration-list"), JSON)], listing=listing
    )
    return render(request, "public/declaration_list.html", context, status=listing.status)


def declaration_detail(request, slug):
    if versions.asked_for(request):
        return versions.render_version(request, Declaration.objects.all(), slug=slug)
    declaration = get_object_or_404(
        Declaration.objects.visible_to(request.user).with_detail_data(), slug=slug
    )
    meetings_url = f"?declaration={slug}"
    context = {
        "declaration": declaration,
        "citations": page_citations(
            [declaration, *declaration.implementations.all(), *declaration.meeting_links.all()]
        ),
        "data_links": data_links(
            request,
            [
                ("This document (JSON)", reverse("api:declaration-detail", args=[slug]), JSON),
                ("Meetings that dealt with it (CSV)", reverse("opendata:meetings_csv") + meetings_url, CSV),
                (
                    "Meetings that dealt with it (iCalendar)",
                    reverse("opendata:meetings_ics") + meetings_url,
                    ICAL,
                ),
            ],
        ),
    }
    return render_citable(request, "public/declaration_detail.html", context, declaration)


def source_detail(request, slug):
    if versions.asked_for(request):
        return versions.render_version(request, Source.objects.all(), slug=slug)
    source = get_object_or_404(Source, slug=slug)
    context = {"source": source, "recorded": sourcing.recorded_from(source)}
    return render_citable(request, "public/source_detail.html", context, source)


def permanent_link(request, prefix, pk):
    """A record's permanent link (``/m/123/``, core/permalinks.py): to its page, wherever that is now.

    404 for a record the page would not show: a draft, to anyone but staff.
    """
    model = permalinks.model_for(prefix)
    record = addresses.visible_records(model, request.user).only("slug").filter(pk=pk).first()
    if record is None and not model._base_manager.filter(pk=pk).exists():
        # A record merged into another (core/merging.py) is that one now, for good.
        survivor = addresses.survivor_of_merged(model, pk, request.user)
        if survivor is not None:
            return redirect(survivor.get_absolute_url(), permanent=True)
    if record is None:
        raise Http404("No record has this permanent link.")
    # 302, not 301: the permanent link is the address to keep, and the page's address changes when
    # staff change the slug; a 301 would have browsers and search engines keep today's in its place.
    # The query goes along, so that a citation of one version (/m/123/?version=4) leads to it.
    query = request.META.get("QUERY_STRING", "")
    return redirect(record.get_absolute_url() + (f"?{query}" if query else ""))


def permanent_csl(request, prefix, pk):
    """A record's citation as CSL-JSON at its permanent address (``/m/123.csl.json``): the file a
    reference manager keeps, which does not move when the slug does."""
    model = permalinks.model_for(prefix)
    record = addresses.visible_records(model, request.user).filter(pk=pk).first()
    if record is None and not model._base_manager.filter(pk=pk).exists():
        survivor = addresses.survivor_of_merged(model, pk, request.user)
        if survivor is not None:
            return redirect(reverse("public:permanent_csl", args=[prefix, survivor.pk]), permanent=True)
    if record is None:
        raise Http404("No record has this permanent link.")
    return csl_download(record, request)


def search(request):
    query = request.GET.get("q", "")
    problem = None
    if len(query) > search_backend.MAX_QUERY_LENGTH:
        problem = (
            f"Searches are limited to {search_backend.MAX_QUERY_LENGTH} characters; this one was shortened."
        )
        query = query[: search_backend.MAX_QUERY_LENGTH]
    query = query.replace("\x00", "").strip()
    groups, near = [], []
    if search_backend.words(query):
        groups = queries.search_everything(query)
        if not groups:
            near = queries.search_everything(query, finder=search_backend.near_misses)
    context = {"query": query, "groups": groups, "near_misses": near, "problem": problem}
    if query:
        # The results depend on the words searched for, so they are part of the page's address.
        context["canonical_url"] = request.build_absolute_uri(f"{request.path}?{urlencode({'q': query})}")
    return render(request, "public/search.html", context)


def _meeting_exports(request, label, feed_url, query):
    """The data links of a page about the meetings of one official, organisation or country."""
    return data_links(
        request,
        [
            (f"{label} (Atom feed)", feed_url, ATOM),
            (f"{label} (CSV)", f"{reverse('opendata:meetings_csv')}?{query}", CSV),
            (f"{label} (iCalendar)", f"{reverse('opendata:meetings_ics')}?{query}", ICAL),
        ],
    )


def official_list(request):
    listing = filter_list(request, OfficialFilter, Official.objects.with_list_data())
    context = listing.context()
    context["data_links"] = data_links(
        request,
        [
            ("These officials (JSON)", reverse("api:official-list"), JSON),
            ("These officials (CSV)", reverse("opendata:officials_csv"), CSV),
        ],
        listing=listing,
    )
    return render(request, "public/official_list.html", context, status=listing.status)


def official_detail(request, slug):
    if versions.asked_for(request):
        return versions.render_version(request, Official.objects.all(), slug=slug)
    official = get_object_or_404(meeting_queries.officials_with_latest_meetings(Official.objects), slug=slug)
    latest_participations = official.latest_participations[:LATEST_MEETINGS_SHOWN]
    context = {
        "official": official,
        "citations": page_citations(
            [official, *official.aliases.all(), *official.positions.all(), *latest_participations]
        ),
        "latest_participations": latest_participations,
        "has_earlier_meetings": len(official.latest_participations) > LATEST_MEETINGS_SHOWN,
        "json_ld": json_ld_script(person_ld(official, request.build_absolute_uri)),
        "data_links": data_links(
            request, [("This official (JSON)", reverse("api:official-detail", args=[slug]), JSON)]
        )
        + _meeting_exports(
            request, "Their meetings", reverse("opendata:feed_official", args=[slug]), f"official={slug}"
        ),
    }
    return render_citable(request, "public/official_detail.html", context, official)


def organisation_list(request):
    listing = filter_list(request, OrganisationFilter, Organisation.objects.with_list_data())
    context = listing.context()
    context["data_links"] = data_links(
        request, [("These organisations (JSON)", reverse("api:organisation-list"), JSON)], listing=listing
    )
    return render(request, "public/organisation_list.html", context, status=listing.status)


def organisation_detail(request, slug):
    if versions.asked_for(request):
        return versions.render_version(request, Organisation.objects.all(), slug=slug)
    organisation = get_object_or_404(Organisation.objects.with_detail_data(), slug=slug)
    involved = Meeting.objects.published().involving_organisation(organisation).with_list_data()
    meetings = list(involved[: RELATED_LIMIT + 1])
    context = {
        "organisation": organisation,
        "citations": page_citations(
            [
                organisation,
                *organisation.alternative_names.all(),
                *organisation.children.all(),
                *organisation.positions.all(),
            ]
        ),
        "meetings": meetings[:RELATED_LIMIT],
        "more_meetings": len(meetings) > RELATED_LIMIT,
        "data_links": data_links(
            request, [("This organisation (JSON)", reverse("api:organisation-detail", args=[slug]), JSON)]
        )
        + _meeting_exports(
            request,
            "Its meetings",
            reverse("opendata:feed_organisation", args=[slug]),
            f"organisation={slug}",
        ),
    }
    return render_citable(request, "public/organisation_detail.html", context, organisation)


def country_list(request):
    listing = filter_list(request, CountryListFilter, Country.objects.all(), per_page=50)
    context = listing.context()
    context["data_links"] = data_links(
        request, [("These countries (JSON)", reverse("api:country-list"), JSON)], listing=listing
    )
    return render(request, "public/country_list.html", context, status=listing.status)


def country_detail(request, code):
    if versions.asked_for(request):
        return versions.render_version(request, Country.objects.all(), code=code.upper())
    country = get_object_or_404(
        meeting_queries.countries_with_chairs(Country.objects.prefetch_related("alternative_names")),
        code=code.upper(),
    )
    code = country.code.lower()
    meetings = list(country.meetings.published().with_list_data()[: RELATED_LIMIT + 1])
    officials = list(country.officials.all()[: RELATED_LIMIT + 1])
    context = {
        "country": country,
        "citations": page_citations(
            [
                country,
                *country.alternative_names.all(),
                *country.chairmanships.all(),
                *officials[:RELATED_LIMIT],
            ]
        ),
        "meetings": meetings[:RELATED_LIMIT],
        "more_meetings": len(meetings) > RELATED_LIMIT,
        "officials": officials[:RELATED_LIMIT],
        "more_officials": len(officials) > RELATED_LIMIT,
        "data_links": data_links(
            request, [("This country (JSON)", reverse("api:country-detail", args=[code]), JSON)]
        )
        + _meeting_exports(
            request, "Meetings held there", reverse("opendata:feed_country", args=[code]), f"country={code}"
        ),
    }
    return render_citable(request, "public/country_detail.html", context, country)
