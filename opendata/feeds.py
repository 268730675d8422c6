"""Atom feeds of meetings: the latest, and those of one official, organisation or country.

Each entry says what the meeting's calendar event says (meetings.calendar.describe),
written as HTML paragraphs with every piece of text escaped.
"""

import uuid

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html_join

from meetings.models import Meeting
from people.models import Country, Official, Organisation

from .calendar import describe, meeting_uid

# Feed readers poll often and only want what is new; older meetings stay on the site.
FEED_SIZE = 30


def newest(meetings):
    return meetings.with_list_data().order_by("-start_date", "name", "pk")[:FEED_SIZE]


class MeetingFeed(Feed):
    """What every meeting feed has in common: Atom, and how a meeting becomes an entry."""

    feed_type = Atom1Feed

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


class LatestMeetingsFeed(MeetingFeed):
    """The meetings with the latest start dates."""

    title = "ACCSM Records: latest meetings"
    subtitle = f"The {FEED_SIZE} most recent meetings on ASEAN cooperation on civil service matters."

    def link(self):
        return reverse("public:meeting_list")

    def feed_url(self):
        return reverse("opendata:feed_meetings")

    def items(self):
        return newest(Meeting.objects.published())


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
