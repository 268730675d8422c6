"""Staff editing of sources."""

from django.contrib import admin

from core.admin import RECORD_FIELDSET, RecordAdmin

from .models import Source


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    list_display = ("headline", "publisher", "published_on")
    list_filter = ("publisher",)
    search_fields = ("headline", "publisher", "dateline", "slug")
    prepopulated_fields = {"slug": ("headline",)}
    date_hierarchy = "published_on"
    fieldsets = [
        (None, {"fields": ("headline", "slug", "publisher")}),
        ("Publication", {"fields": ("dateline", "published_on", "url")}),
        ("Description", {"fields": ("note",)}),
        RECORD_FIELDSET,
    ]
