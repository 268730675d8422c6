"""Root URL configuration: the public site, and the admin for staff."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "ACCSM Records — staff"
admin.site.site_title = "ACCSM Records staff"
admin.site.index_title = "Records"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("meetings.urls")),
    path("", include("people.urls")),
]
