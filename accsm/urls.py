"""Root URL configuration: where to look for the code behind an address.

- ``/admin/``: the staff admin, each record app's admin.py.
- ``/api/...``: opendata/urls.py (``api_patterns``), views in opendata/api.py and popolo.py.
- ``/*.csv``, ``/*.ics``, ``/feeds/...``, ``/sitemap*.xml``, ``/robots.txt``: opendata/urls.py.
- ``/healthz``, ``/favicon.ico``: accsm/operations.py.
- every other page: public/urls.py, views in public/views.py.
"""

from django.contrib import admin
from django.urls import include, path

from opendata.urls import api_patterns

from .operations import favicon, healthz

admin.site.site_header = "ACCSM Records — staff"
admin.site.site_title = "ACCSM Records staff"
admin.site.index_title = "Records"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include((api_patterns, "api"))),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says (the admin's pages say nothing).
    path("favicon.ico", favicon, name="favicon"),
    # Exports before pages: /meetings/<slug>.ics must not be read as a meeting's page.
    path("", include("opendata.urls")),
    path("", include("public.urls")),
]
