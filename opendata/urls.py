"""Open-data addresses: the JSON API (namespace ``api``) and the exports, feeds and sitemaps
(namespace ``opendata``). Each view is in the module of its format: api.py, popolo.py,
exports.py (CSV), calendar.py (iCalendar), feeds.py (Atom), sitemaps.py."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import api, bulk, calendar, exports, feeds, popolo
from .sitemaps import SITEMAPS, robots_txt

# /api/ itself is api.api_root, which lists the exports and documents as well as these.
router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("meetings", api.MeetingViewSet, basename="meeting")
router.register("officials", api.OfficialViewSet, basename="official")
router.register("organisations", api.OrganisationViewSet, basename="organisation")
router.register("declarations", api.DeclarationViewSet, basename="declaration")
router.register("countries", api.CountryViewSet, basename="country")
router.register("participations", api.ParticipationViewSet, basename="participation")
router.register("sources", api.SourceViewSet, basename="source")

# Included under /api/ with the namespace "api".
api_patterns = [
    path("", api.api_root, name="api-root"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:openapi"), name="docs"),
    path("popolo.json", popolo.popolo_export, name="popolo"),
    *router.urls,
    # Any character, newlines too (unlike "."), so that /api/x%0A/ is answered here in JSON.
    re_path(r"^(?P<path>[\s\S]*)$", api.not_found),
]

app_name = "opendata"

urlpatterns = [
    path("meetings.csv", exports.meetings_csv, name="meetings_csv"),
    path("participations.csv", exports.participations_csv, name="participations_csv"),
    path("officials.csv", exports.officials_csv, name="officials_csv"),
    path("meetings.ics", calendar.meetings_ics, name="meetings_ics"),
    # The bulk data page and its compressed whole-dataset files (bulk.py).
    path("data/", bulk.data_page, name="data"),
    path("data/<str:filename>", bulk.bulk_download, name="bulk_file"),
    path("meetings/<slug:slug>.ics", calendar.meeting_ics, name="meeting_ics"),
    path("feeds/meetings/", feeds.LatestMeetingsFeed(), name="feed_meetings"),
    path("feeds/officials/<slug:slug>/", feeds.OfficialMeetingsFeed(), name="feed_official"),
    path("feeds/organisations/<slug:slug>/", feeds.OrganisationMeetingsFeed(), name="feed_organisation"),
    # <slug:>, not <str:>: a code is letters, so a NUL (which PostgreSQL refuses with an
    # error, a 500) or any other odd character is a 404 before the database sees it.
    path("feeds/countries/<slug:code>/", feeds.CountryMeetingsFeed(), name="feed_country"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "opendata:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
]
