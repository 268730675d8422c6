"""Filtering and paging a list from its GET parameters, the same way for every list page.

Bad input is reported, never raised: each filter that was not understood is
named with the reason, the others still apply, and an impossible page number
falls back to the nearest real page.
"""

from dataclasses import dataclass, field

from django.http import QueryDict

from core.filters import filter_problems, shown_value
from core.paging import BoundedPaginator

PER_PAGE = 20


@dataclass
class ActiveFilter:
    """A filter in force, as shown above the results with a link that removes it."""

    label: str
    value: str
    remove_url: str
    # The GET parameter, so that a feed or canonical link can carry the filters in force.
    name: str = ""


@dataclass
class FilteredList:
    filterset: object
    page: object
    problems: list = field(default_factory=list)
    active_filters: list = field(default_factory=list)
    hidden_inputs: list = field(default_factory=list)
    clear_url: str = "?"
    canonical_url: str = ""

    @property
    def status(self):
        return 400 if self.problems else 200

    def active_query(self):
        """The filters in force, as a query string without "?": no sort, no page, nothing not understood."""
        params = self.filterset.data or QueryDict()
        query = QueryDict(mutable=True)
        for active in self.active_filters:
            query.setlist(active.name, params.getlist(active.name))
        return query.urlencode()

    def export_query(self):
        """The query an export or the API takes for the same rows, in the same order."""
        query = QueryDict(self.active_query(), mutable=True)
        if self.filterset.is_bound and self.filterset.form.cleaned_data.get("sort"):
            query["sort"] = self.filterset.form.cleaned_data["sort"]
        return query.urlencode()

    def canonical_query(self):
        """The query of the list's canonical address: its filters, and a chosen sort or a later page."""
        query = QueryDict(self.active_query(), mutable=True)
        filterset = self.filterset
        sort = filterset.form.cleaned_data.get("sort") if filterset.is_bound else None
        if sort:
            queryset = filterset.queryset
            default = tuple(queryset.query.order_by or queryset.model._meta.ordering)
            # The list's own order under another name is the same page.
            if tuple(filterset.filters["sort"].orderings[sort][1]) != default:
                query["sort"] = sort
        if self.page.number > 1:
            query["page"] = str(self.page.number)
        return query.urlencode()

    def context(self):
        return {
            "filter": self.filterset,
            "form": self.filterset.form,
            "page_obj": self.page,
            "object_list": self.page.object_list,
            "problems": self.problems,
            "active_filters": self.active_filters,
            "hidden_inputs": self.hidden_inputs,
            "clear_url": self.clear_url,
            "canonical_url": self.canonical_url,
        }


def _query_without(params, *names):
    params = params.copy()
    for name in (*names, "page"):
        params.pop(name, None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def filter_list(request, filterset_class, queryset, per_page=PER_PAGE):
    """Apply the list's FilterSet to ``queryset`` and pick the requested page."""
    params = request.GET
    filterset = filterset_class(params or None, queryset=queryset, request=request)
    form = filterset.form
    problems, active, hidden = [], [], []
    if filterset.is_bound:
        problems.extend(filter_problems(filterset))
        for name, value in form.cleaned_data.items():
            if value in (None, "", [], ()) or name == "sort":
                continue
            bound = form[name]
            active.append(
                ActiveFilter(bound.label, shown_value(bound, value), _query_without(params, name), name)
            )
            if bound.is_hidden:
                hidden.append((name, params.get(name)))
    paginator = BoundedPaginator(filterset.qs, per_page)
    page, page_problem = _page(paginator, params.get("page"))
    if page_problem:
        problems.append(page_problem)
    listing = FilteredList(
        filterset=filterset,
        page=page,
        problems=problems,
        active_filters=active,
        hidden_inputs=hidden,
        clear_url=_query_without(params, *form.fields),
    )
    query = listing.canonical_query()
    listing.canonical_url = request.build_absolute_uri(f"{request.path}?{query}" if query else request.path)
    return listing


def _page(paginator, raw):
    """The page asked for, or the nearest real one with a message saying so."""
    if raw in (None, ""):
        return paginator.page(1), None
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return paginator.page(1), f"The page number “{raw[:20]}” was not understood; showing page 1."
    if number < 1:
        return paginator.page(1), f"There is no page {number}; showing page 1."
    if number > paginator.num_pages:
        last = paginator.num_pages
        if paginator.is_truncated:
            return paginator.page(last), f"{paginator.bound_message()} Showing page {last}."
        return paginator.page(last), f"There is no page {number}; showing the last page, {last}."
    return paginator.page(number), None


JSON = "application/json"
CSV = "text/csv"
ICAL = "text/calendar"
ATOM = "application/atom+xml"


@dataclass
class DataLink:
    """Another format of the page: the JSON API, a CSV or calendar export, a feed."""

    label: str
    url: str
    media_type: str


def data_links(request, links, listing=None):
    """``links`` are (label, URL, media type); a list's exports (given its ``listing``) carry its
    filters in force and its sort, but not its page, empty fields or anything not understood,
    which the exports and the API would refuse."""
    query = listing.export_query() if listing else ""
    suffix = f"?{query}" if query else ""
    return [DataLink(label, f"{url}{suffix}", media_type) for label, url, media_type in links]
