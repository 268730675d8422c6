"""Public pages for meetings, declarations and sources, the home page and the site search."""

from django.shortcuts import get_object_or_404, render

from people import search as search_backend
from people.listing import filter_list

from . import queries
from .filters import DeclarationFilter, MeetingFilter
from .models import Declaration, Meeting, Source


def home(request):
    return render(request, "meetings/home.html", queries.home_summary())


def meeting_list(request):
    listing = filter_list(request, MeetingFilter, Meeting.objects.with_list_data())
    return render(request, "meetings/meeting_list.html", listing.context(), status=listing.status)


def meeting_detail(request, slug):
    meeting = get_object_or_404(Meeting.objects.with_detail_data(), slug=slug)
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting})


def declaration_list(request):
    listing = filter_list(request, DeclarationFilter, Declaration.objects.with_list_data())
    return render(request, "meetings/declaration_list.html", listing.context(), status=listing.status)


def declaration_detail(request, slug):
    declaration = get_object_or_404(Declaration.objects.with_detail_data(), slug=slug)
    return render(request, "meetings/declaration_detail.html", {"declaration": declaration})


def source_detail(request, slug):
    source = get_object_or_404(
        Source.objects.prefetch_related("meetings", "declarations"),
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
