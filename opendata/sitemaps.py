"""The sitemap (every public detail page) and robots.txt."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse

from meetings.models import Declaration, Meeting
from people.models import Country, Official, Organisation
from sources.models import Source


class RecordSitemap(Sitemap):
    """The detail pages of one model, with the time each record last changed."""

    # Pages of 5,000 addresses rather than the protocol's 50,000, which took
    # nine seconds to write for the meetings and too much memory to cache.
    limit = 5000

    def __init__(self, queryset):
        self.queryset = queryset

    def items(self):
        return self.queryset.order_by("pk")

    def lastmod(self, record):
        return record.updated

    def get_latest_lastmod(self):
        # Django's own reads every record to find the latest; the index asks for it per section.
        return self.queryset.aggregate(latest=Max("updated"))["latest"]


class PagesSitemap(Sitemap):
    """The home page and the lists."""

    changefreq = "weekly"
    names = [
        "public:home",
        "public:meeting_list",
        "public:official_list",
        "public:organisation_list",
        "public:declaration_list",
        "public:country_list",
    ]

    def items(self):
        return self.names

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PagesSitemap(),
    "meetings": RecordSitemap(Meeting.objects.published().only("slug", "updated")),
    "officials": RecordSitemap(Official.objects.only("slug", "updated")),
    "organisations": RecordSitemap(Organisation.objects.only("slug", "updated")),
    "declarations": RecordSitemap(Declaration.objects.published().only("slug", "updated")),
    "countries": RecordSitemap(Country.objects.only("code", "updated")),
    "sources": RecordSitemap(Source.objects.only("slug", "updated")),
}


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
