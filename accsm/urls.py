"""Root URL configuration: the public site, the open-data API and exports, and the admin for staff."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import DefaultRouter

from meetings import api as meetings_api
from meetings import popolo
from meetings.sitemaps import SITEMAPS, robots_txt
from people import api as people_api
from people.operations import favicon, healthz

admin.site.site_header = "ACCSM Records — staff"
admin.site.site_title = "ACCSM Records staff"
admin.site.index_title = "Records"

router = DefaultRouter()
router.register("meetings", meetings_api.MeetingViewSet, basename="meeting")
router.register("officials", people_api.OfficialViewSet, basename="official")
router.register("organisations", people_api.OrganisationViewSet, basename="organisation")
router.register("declarations", meetings_api.DeclarationViewSet, basename="declaration")
router.register("countries", people_api.CountryViewSet, basename="country")

api_patterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("popolo.json", popolo.popolo_export, name="popolo"),
    *router.urls,
    # Any character, newlines too (unlike "."), so that /api/x%0A/ is answered here in JSON.
    re_path(r"^(?P<path>[\s\S]*)$", people_api.not_found),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include((api_patterns, "api"))),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says (the admin's pages say nothing).
    path("favicon.ico", favicon, name="favicon"),
    path("", include("meetings.urls")),
    path("", include("people.urls")),
]
