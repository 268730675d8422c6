"""Old addresses lead to the record: the addresses made from a slug a record had before (its page,
API entry and per-record exports; core/permalinks.py keeps the slugs) answer 301 with the same
address made from its slug now, the query string kept.

One middleware does it for every such address, whatever serves it (a view, a DRF viewset, a
feed), and only once the view has answered 404: an address made from a current slug costs
nothing more. A slug is looked up among the records the address would show, so a draft's former
slug redirects staff on its page, and nobody anywhere else, exactly as its current slug does.
"""

import re

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from core.models import RecordMerge
from core.permalinks import record_by_former_slug
from meetings.models import Declaration, Meeting
from people.models import Official, Organisation
from sources.models import Source

from .versions import VERSION

# The record pages, by URL name, and the kind of record each shows; staff see drafts there.
PAGES = {
    "public:meeting_detail": Meeting,
    "public:declaration_detail": Declaration,
    "public:official_detail": Official,
    "public:organisation_detail": Organisation,
    "public:source_detail": Source,
}
# The API entries and per-record exports, which show published records only, to staff too.
OUTPUTS = {
    "api:meeting-detail": Meeting,
    "api:declaration-detail": Declaration,
    "api:official-detail": Official,
    "api:organisation-detail": Organisation,
    "api:source-detail": Source,
    "opendata:meeting_ics": Meeting,
    "opendata:feed_official": Official,
    "opendata:feed_organisation": Organisation,
}
# What a slug may be (the models' SlugFields): anything else was never a slug, and is not looked up
# (the API's addresses take any text, and PostgreSQL refuses a NUL with an error).
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def visible_records(model, user):
    """The records of ``model`` a page shows ``user``: drafts to staff only (PublishableQuerySet)."""
    records = model._default_manager.all()
    return records.visible_to(user) if hasattr(records, "visible_to") else records


def published_records(model):
    """The records of ``model`` the API and the exports show anyone."""
    records = model._default_manager.all()
    return records.published() if hasattr(records, "published") else records


def new_address(request):
    """Where the address requested, which found nothing, is now: or None if it never was a record's."""
    match = request.resolver_match
    slug = match.kwargs.get("slug") if match else None
    if not slug or not SLUG.fullmatch(slug):
        return None
    if match.view_name in PAGES:
        records = visible_records(PAGES[match.view_name], request.user)
    elif match.view_name in OUTPUTS:
        records = published_records(OUTPUTS[match.view_name])
    else:
        return None
    record = record_by_former_slug(records.only("slug"), slug)
    if record is None:
        return None
    address = reverse(match.view_name, kwargs={**match.kwargs, "slug": record.slug})
    query = request.META.get("QUERY_STRING", "")
    if VERSION in request.GET and RecordMerge.objects.into(record).in_force().exists():
        # A version number counts one record's versions. The old slug may be a merged-away record's,
        # whose version 3 is not the survivor's version 3: lead to the survivor's current page.
        kept = request.GET.copy()
        del kept[VERSION]
        query = kept.urlencode()
    return f"{address}?{query}" if query else address


def survivor_of_merged(model, pk, user):
    """The record a merged-away ``model`` record with id ``pk`` was merged into (core/merging.py),
    following later merges, if ``user`` may see it on its page; else None."""
    survivor = RecordMerge.objects.survivor_of(model, pk)
    if survivor is None:
        return None
    return visible_records(model, user).only("slug").filter(pk=survivor.pk).first()


class FormerSlugRedirectMiddleware:
    """Turns the 404 of an address made from a former slug into a 301 to the address now.

    301, permanent: the old address will never again name anything else (a former slug is never
    reused), and however often the record is renamed its old addresses lead straight to the newest.
    Placed inside the page cache, which marks the redirect for revalidation like any public answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        address = new_address(request)
        return HttpResponsePermanentRedirect(address) if address else response
