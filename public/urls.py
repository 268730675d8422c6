"""The public site's pages. Every view is in public/views.py."""

from django.urls import path, re_path

from core.permalinks import MODELS

from . import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting_detail"),
    path("declarations/", views.declaration_list, name="declaration_list"),
    path("declarations/<slug:slug>/", views.declaration_detail, name="declaration_detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("officials/", views.official_list, name="official_list"),
    path("officials/<slug:slug>/", views.official_detail, name="official_detail"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("countries/", views.country_list, name="country_list"),
    # <slug:>, not <str:>: a code is letters, so a NUL (which PostgreSQL refuses with an
    # error, a 500) or any other odd character is a 404 before the database sees it.
    path("countries/<slug:code>/", views.country_detail, name="country_detail"),
    # Permanent links, /m/123/ (core/permalinks.py), with or without the final slash: they are
    # copied and typed by hand. At most 18 digits, so that any id asked for fits the column.
    re_path(
        rf"^(?P<prefix>[{''.join(MODELS)}])/(?P<pk>[0-9]{{1,18}})/?$",
        views.permanent_link,
        name="permanent_link",
    ),
    # The citation of the record there, as CSL-JSON (public/citing_records.py).
    re_path(
        rf"^(?P<prefix>[{''.join(MODELS)}])/(?P<pk>[0-9]{{1,18}})\.csl\.json$",
        views.permanent_csl,
        name="permanent_csl",
    ),
]
