"""Atom feeds of meetings: the latest (of any filtered meeting list), and those of one official,
organisation or country.

Each entry says what the meeting's calendar event says (meetings.calendar.describe),
written as HTML paragraphs with every piece of text escaped. Every feed names its author
(RFC 4287 requires one on the feed or on each entry) and states the data's licence.
"""

import uuid
from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html_join

from core import freshness, licence
from core.filters import filter_problems, shown_value, unknown_parameters, unknown_parameters_message
from meetings.filters import MeetingFilter
from meetings.models import Meeting
from people.models import Country, Official, Organisation

from .calendar import describe, meeting_uid
from .exports import plain_bad_request

# Feed readers poll often and only want what is new; older meetings stay on the site.
FEED_SIZE = 30
SITE_NAME = "ACCSM Records"
# The meeting list's filters; not its sort (a feed is newest first) nor its page (a feed is one page).
FEED_FILTERS = tuple(name for name in MeetingFilter.base_filters if name != "sort")
# Long enough for any real parameter name; a 400 need not repeat a megabyte of junk.
SHOWN_NAME_LENGTH = 40


class AtomFeed(Atom1Feed):
    """Atom whose empty feed is as old as its data, not as new as the request.

    A feed's <updated> is its latest entry's; with no entry Django would write the time of
    the request, so a reader would see a change on every poll of a feed that never changes.
    """

    def latest_post_date(self):
        if not self.items and self.feed.get("last_change"):
            return self.feed["last_change"]
        return super().latest_post_date()


def newest(meetings):
    return meetings.with_list_data().order_by("-start_date", "name", "pk")[:FEED_SIZE]


class MeetingFeed(Feed):
    """What every meeting feed has in common: Atom, and how a meeting becomes an entry."""

    feed_type = AtomFeed
    author_name = SITE_NAME
    feed_copyright = licence.RIGHTS_STATEMENT

    def __call__(self, request, *args, **kwargs):
        # A record's feed takes no parameters; the meeting list's feed has its own rule.
        unknown = unknown_parameters(request.GET, self.parameters())
        if unknown:
            return plain_bad_request(unknown_parameters_message(unknown))
        return super().__call__(request, *args, **kwargs)

    def parameters(self):
        return ()

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # The author's address is the site, which only the request knows.
        feed.feed["author_link"] = request.build_absolute_uri(reverse("public:home"))
        if not feed.items:
            feed.feed["last_change"] = self.last_change(obj)
        return feed

    def last_change(self, record):
        """When the record a feed is about last changed: the date of the feed while it is empty."""
        return record.updated

    def item_title(self, meeting):
        return meeting.name

    def item_link(self, meeting):
        return meeting.get_absolute_url()

    def item_description(self, meeting):
        # Atom1Feed sends the description as type="html": the text must be escaped here.
        return format_html_join("", "<p>{}</p>", ((line,) for line in describe(meeting)))

    def item_guid(self, meeting):
        # Derived from the calendar UID, so an entry keeps its id when the meeting is renamed.
        return uuid.uuid5(uuid.NAMESPACE_URL, meeting_uid(meeting)).urn

    def item_pubdate(self, meeting):
        return meeting.created

    def item_updateddate(self, meeting):
        return meeting.updated

    def item_categories(self, meeting):
        return [meeting.get_kind_display()]


@dataclass
class MeetingSelection:
    """The meetings a feed of the meeting list is about: its filters, understood."""

    filterset: MeetingFilter
    # The filters given, as the list's query string (without "?"), and as a reader reads them.
    query: str = ""
    described: list = field(default_factory=list)

    @classmethod
    def from_request(cls, request):
        params = request.GET
        filterset = MeetingFilter(params or None, queryset=Meeting.objects.published(), request=request)
        query, described = QueryDict(mutable=True), []
        # Described only once understood; a selection not understood is answered with a 400.
        if filterset.is_bound and filterset.is_valid():
            form = filterset.form
            for name in FEED_FILTERS:
                value = form.cleaned_data.get(name)
                if value in (None, "", [], ()):
                    continue
                query[name] = params[name]
                described.append(f"{form[name].label}: {shown_value(form[name], value)}")
        return cls(filterset, query.urlencode(), described)

    def address(self, url):
        return f"{url}?{self.query}" if self.query else url


class LatestMeetingsFeed(MeetingFeed):
    """The meetings with the latest start dates, of the whole list or of the list filtered.

    It takes the meeting list's filters, so that a filtered list's feed link gives the same
    meetings; a filter it does not understand, or a parameter it does not take, is a 400
    saying which, rather than a feed of something the reader did not ask for.
    """

    def __call__(self, request, *args, **kwargs):
        unknown = [name[:SHOWN_NAME_LENGTH] for name in request.GET if name not in FEED_FILTERS]
        if unknown:
            return plain_bad_request(
                f"This feed does not take the parameter{'s' if len(unknown) > 1 else ''} "
                + ", ".join(f"“{name}”" for name in unknown)
                + f". It takes the meeting list's filters: {', '.join(FEED_FILTERS)}. "
                "It is always the newest meetings first, on one page."
            )
        selection = MeetingSelection.from_request(request)
        if selection.filterset.is_bound and not selection.filterset.is_valid():
            return plain_bad_request("\n".join(filter_problems(selection.filterset)))
        return super().__call__(request, *args, selection=selection, **kwargs)

    def parameters(self):
        return FEED_FILTERS

    def get_object(self, request, selection):
        return selection

    def title(self, selection):
        if not selection.described:
            return f"{SITE_NAME}: latest meetings"
        return f"{SITE_NAME}: meetings — {'; '.join(selection.described)}"

    def subtitle(self, selection):
        if not selection.described:
            return f"The {FEED_SIZE} most recent meetings on ASEAN cooperation on civil service matters."
        return f"The {FEED_SIZE} most recent meetings with {'; '.join(selection.described)}."

    def link(self, selection):
        return selection.address(reverse("public:meeting_list"))

    def feed_url(self, selection):
        return selection.address(reverse("opendata:feed_meetings"))

    def last_change(self, selection):
        # Not about one record: the feed is as old as the last change to any of them.
        return freshness.current().changed_at

    def items(self, selection):
        return newest(selection.filterset.qs)


class OfficialMeetingsFeed(MeetingFeed):
    """The meetings an official took part in."""

    def get_object(self, request, slug):
        return get_object_or_404(Official, slug=slug)

    def title(self, official):
        return f"ACCSM Records: meetings of {official.name}"

    def subtitle(self, official):
        return f"The latest meetings {official.name} took part in, as recorded in ACCSM Records."

    def link(self, official):
        return official.get_absolute_url()

    def feed_url(self, official):
        return reverse("opendata:feed_official", args=[official.slug])

    def items(self, official):
        return newest(Meeting.objects.published().attended_by(official))


class OrganisationMeetingsFeed(MeetingFeed):
    """The meetings an organisation hosted, attended or was represented at."""

    def get_object(self, request, slug):
        return get_object_or_404(Organisation, slug=slug)

    def title(self, organisation):
        return f"ACCSM Records: meetings of {organisation}"

    def subtitle(self, organisation):
        return f"The latest meetings {organisation} hosted, attended or was represented at."

    def link(self, organisation):
        return organisation.get_absolute_url()

    def feed_url(self, organisation):
        return reverse("opendata:feed_organisation", args=[organisation.slug])

    def items(self, organisation):
        return newest(Meeting.objects.published().involving_organisation(organisation))


class CountryMeetingsFeed(MeetingFeed):
    """The meetings held in a country, by its lower-case ISO code as in /countries/vn/."""

    def get_object(self, request, code):
        # Any case, as on the country pages.
        return get_object_or_404(Country, code=code.upper())

    def title(self, country):
        return f"ACCSM Records: meetings in {country.name}"

    def subtitle(self, country):
        return f"The latest meetings held in {country.name}."

    def link(self, country):
        return country.get_absolute_url()

    def feed_url(self, country):
        return reverse("opendata:feed_country", args=[country.code.lower()])

    def items(self, country):
        return newest(Meeting.objects.published().filter(country=country))
