"""Atom feeds of meetings (to be written)."""

from django.http import HttpResponse


def placeholder(request, **kwargs):
    return HttpResponse("", content_type="application/atom+xml")


LatestMeetingsFeed = OfficialMeetingsFeed = OrganisationMeetingsFeed = CountryMeetingsFeed = None
