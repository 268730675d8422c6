"""Public pages for officials, organisations and countries."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from .filters import CountryListFilter, OfficialFilter, OrganisationFilter
from .listing import ATOM, CSV, ICAL, JSON, data_links, filter_list
from .models import Country, Official, Organisation
from .structured_data import json_ld_script, person_ld

# Detail pages show this many related records and link to the filtered list for the rest.
RELATED_LIMIT = 20


def _meeting_exports(request, label, feed_url, query):
    """The data links of a page about the meetings of one official, organisation or country."""
    return data_links(
        request,
        [
            (f"{label} (Atom feed)", feed_url, ATOM),
            (f"{label} (CSV)", f"{reverse('meetings:meetings_csv')}?{query}", CSV),
            (f"{label} (iCalendar)", f"{reverse('meetings:meetings_ics')}?{query}", ICAL),
        ],
    )


def official_list(request):
    listing = filter_list(request, OfficialFilter, Official.objects.with_list_data())
    context = listing.context()
    context["data_links"] = data_links(
        request,
        [
            ("These officials (JSON)", reverse("api:official-list"), JSON),
            ("These officials (CSV)", reverse("people:officials_csv"), CSV),
        ],
        keep_query=True,
    )
    return render(request, "people/official_list.html", context, status=listing.status)


def official_detail(request, slug):
    official = get_object_or_404(Official.objects.with_page_data(), slug=slug)
    context = {
        "official": official,
        "json_ld": json_ld_script(person_ld(official, request.build_absolute_uri)),
        "data_links": data_links(
            request, [("This official (JSON)", reverse("api:official-detail", args=[slug]), JSON)]
        )
        + _meeting_exports(
            request, "Their meetings", reverse("meetings:feed_official", args=[slug]), f"official={slug}"
        ),
    }
    return render(request, "people/official_detail.html", context)


def organisation_list(request):
    listing = filter_list(request, OrganisationFilter, Organisation.objects.with_list_data())
    context = listing.context()
    context["data_links"] = data_links(
        request, [("These organisations (JSON)", reverse("api:organisation-list"), JSON)], keep_query=True
    )
    return render(request, "people/organisation_list.html", context, status=listing.status)


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.with_detail_data(), slug=slug)
    meetings = list(organisation.meetings_involved()[: RELATED_LIMIT + 1])
    context = {
        "organisation": organisation,
        "meetings": meetings[:RELATED_LIMIT],
        "more_meetings": len(meetings) > RELATED_LIMIT,
        "data_links": data_links(
            request, [("This organisation (JSON)", reverse("api:organisation-detail", args=[slug]), JSON)]
        )
        + _meeting_exports(
            request,
            "Its meetings",
            reverse("meetings:feed_organisation", args=[slug]),
            f"organisation={slug}",
        ),
    }
    return render(request, "people/organisation_detail.html", context)


def country_list(request):
    listing = filter_list(request, CountryListFilter, Country.objects.all(), per_page=50)
    context = listing.context()
    context["data_links"] = data_links(
        request, [("These countries (JSON)", reverse("api:country-list"), JSON)], keep_query=True
    )
    return render(request, "people/country_list.html", context, status=listing.status)


def country_detail(request, code):
    country = get_object_or_404(Country.objects.with_detail_data(), code=code.upper())
    code = country.code.lower()
    meetings = list(country.meetings.published().with_list_data()[: RELATED_LIMIT + 1])
    officials = list(country.officials.all()[: RELATED_LIMIT + 1])
    context = {
        "country": country,
        "meetings": meetings[:RELATED_LIMIT],
        "more_meetings": len(meetings) > RELATED_LIMIT,
        "officials": officials[:RELATED_LIMIT],
        "more_officials": len(officials) > RELATED_LIMIT,
        "data_links": data_links(
            request, [("This country (JSON)", reverse("api:country-detail", args=[code]), JSON)]
        )
        + _meeting_exports(
            request, "Meetings held there", reverse("meetings:feed_country", args=[code]), f"country={code}"
        ),
    }
    return render(request, "people/country_detail.html", context)
