"""iCalendar exports of meetings (to be written)."""

from django.http import HttpResponse


def meetings_ics(request):
    return HttpResponse("", content_type="text/calendar")


def meeting_ics(request, slug):
    return HttpResponse("", content_type="text/calendar")
