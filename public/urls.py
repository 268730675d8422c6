from django.urls import path

from . import exports, views

app_name = "people"

urlpatterns = [
    path("officials/", views.official_list, name="official_list"),
    path("officials.csv", exports.officials_csv, name="officials_csv"),
    path("officials/<slug:slug>/", views.official_detail, name="official_detail"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("countries/", views.country_list, name="country_list"),
    # <slug:>, not <str:>: a code is letters, so a NUL (which PostgreSQL refuses with an
    # error, a 500) or any other odd character is a 404 before the database sees it.
    path("countries/<slug:code>/", views.country_detail, name="country_detail"),
]
