"""Public pages for officials, organisations and countries."""

from django.shortcuts import get_object_or_404, render

from .filters import CountryListFilter, OfficialFilter, OrganisationFilter
from .listing import filter_list
from .models import Country, Official, Organisation

# Detail pages show this many related records and link to the filtered list for the rest.
RELATED_LIMIT = 20


def official_list(request):
    listing = filter_list(request, OfficialFilter, Official.objects.with_list_data())
    return render(request, "people/official_list.html", listing.context(), status=listing.status)


def official_detail(request, slug):
    official = get_object_or_404(Official.objects.with_detail_data(), slug=slug)
    return render(request, "people/official_detail.html", {"official": official})


def organisation_list(request):
    listing = filter_list(request, OrganisationFilter, Organisation.objects.with_list_data())
    return render(request, "people/organisation_list.html", listing.context(), status=listing.status)


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.with_detail_data(), slug=slug)
    meetings = list(organisation.meetings_involved()[: RELATED_LIMIT + 1])
    context = {"organisation": organisation, "meetings": meetings[:RELATED_LIMIT]}
    context["more_meetings"] = len(meetings) > RELATED_LIMIT
    return render(request, "people/organisation_detail.html", context)


def country_list(request):
    listing = filter_list(request, CountryListFilter, Country.objects.all(), per_page=50)
    return render(request, "people/country_list.html", listing.context(), status=listing.status)


def country_detail(request, code):
    country = get_object_or_404(Country.objects.with_detail_data(), code=code.upper())
    meetings = list(country.meetings.with_list_data()[: RELATED_LIMIT + 1])
    officials = list(country.officials.all()[: RELATED_LIMIT + 1])
    context = {
        "country": country,
        "meetings": meetings[:RELATED_LIMIT],
        "more_meetings": len(meetings) > RELATED_LIMIT,
        "officials": officials[:RELATED_LIMIT],
        "more_officials": len(officials) > RELATED_LIMIT,
    }
    return render(request, "people/country_detail.html", context)
