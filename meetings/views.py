"""Public pages for meetings, declarations and sources, the home page and the site search."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from people import search as search_backend
from people.listing import ATOM, CSV, ICAL, JSON, data_links, filter_list
from people.structured_data import json_ld_script

from . import queries
from .filters import DeclarationFilter, MeetingFilter
from .models import Declaration, Meeting, Source
from .structured_data import event_ld


def home(request):
    context = queries.home_summary()
    context["data_links"] = data_links(
        request,
        [
            ("Latest meetings (Atom feed)", reverse("meetings:feed_meetings"), ATOM),
            ("All meetings (iCalendar)", reverse("meetings:meetings_ics"), ICAL),
            ("The whole dataset (Popolo JSON)", reverse("api:popolo"), JSON),
        ],
    )
    return render(request, "meetings/home.html", context)


def meeting_list(request):
    listing = filter_list(request, MeetingFilter, Meeting.objects.published().with_list_data())
    context = listing.context()
    context["data_links"] = data_links(
        request,
        [
            ("These meetings (JSON)", reverse("api:meeting-list"), JSON),
            ("These meetings (CSV)", reverse("meetings:meetings_csv"), CSV),
            ("Their participants (CSV)", reverse("meetings:participations_csv"), CSV),
            ("These meetings (iCalendar)", reverse("meetings:meetings_ics"), ICAL),
        ],
        keep_query=True,
    ) + data_links(request, [("Latest meetings (Atom feed)", reverse("meetings:feed_meetings"), ATOM)])
    return render(request, "meetings/meeting_list.html", context, status=listing.status)


def meeting_detail(request, slug):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).with_detail_data(), slug=slug)
    context = {
        "meeting": meeting,
        "json_ld": json_ld_script(event_ld(meeting, request.build_absolute_uri)),
        "data_links": data_links(
            request,
            [
                ("This meeting (JSON)", reverse("api:meeting-detail", args=[slug]), JSON),
                ("This meeting (iCalendar)", reverse("meetings:meeting_ics", args=[slug]), ICAL),
            ],
        ),
    }
    return render(request, "meetings/meeting_detail.html", context)


def declaration_list(request):
    listing = filter_list(request, DeclarationFilter, Declaration.objects.published().with_list_data())
    context = listing.context()
    context["data_links"] = data_links(
        request, [("These documents (JSON)", reverse("api:declaration-list"), JSON)], keep_query=True
    )
    return render(request, "meetings/declaration_list.html", context, status=listing.status)


def declaration_detail(request, slug):
    declaration = get_object_or_404(
        Declaration.objects.visible_to(request.user).with_detail_data(), slug=slug
    )
    meetings_url = f"?declaration={slug}"
    context = {
        "declaration": declaration,
        "data_links": data_links(
            request,
            [
                ("This document (JSON)", reverse("api:declaration-detail", args=[slug]), JSON),
                ("Meetings that dealt with it (CSV)", reverse("meetings:meetings_csv") + meetings_url, CSV),
                (
                    "Meetings that dealt with it (iCalendar)",
                    reverse("meetings:meetings_ics") + meetings_url,
                    ICAL,
                ),
            ],
        ),
    }
    return render(request, "meetings/declaration_detail.html", context)


def source_detail(request, slug):
    source = get_object_or_404(
        Source.objects.prefetch_related(
            Prefetch("meetings", queryset=Meeting.objects.published()),
            Prefetch("declarations", queryset=Declaration.objects.published()),
        ),
        slug=slug,
    )
    return render(request, "meetings/source_detail.html", {"source": source})


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
    return render(request, "meetings/search.html", context)
