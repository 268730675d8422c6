"""Staff editing of meetings (with who took part, what was decided and which declarations),
declarations and chairmanships, with publishing kept to those allowed to publish."""

from django.contrib import admin, messages
from django.db.models.functions import ExtractYear

from core.admin import RECORD_FIELDSET, HierarchyForm, RecordAdmin, RecordInline

from .models import (
    Chairmanship,
    Declaration,
    Meeting,
    MeetingDeclaration,
    Outcome,
    Participation,
    PublicationStatus,
)


class ParticipationInline(RecordInline, admin.StackedInline):
    model = Participation
    autocomplete_fields = (
        "official",
        "organisation",
        "country",
        "represents_country",
        "represents_organisation",
    )
    fieldsets = [
        ("Who", {"fields": (("official", "organisation", "country"), "role")}),
        ("Representing", {"fields": (("represents_organisation", "represents_country"),)}),
        ("As printed in the source", {"fields": (("printed_name", "printed_title"),)}),
        ("What they said", {"fields": ("statement",)}),
    ]


class OutcomeInline(RecordInline, admin.TabularInline):
    model = Outcome
    fields = ("slug", "kind", "text")


class MeetingDeclarationInline(RecordInline, admin.TabularInline):
    model = MeetingDeclaration
    fields = ("declaration", "relation", "note")
    autocomplete_fields = ("declaration",)


class YearFilter(admin.SimpleListFilter):
    """The years that meetings are recorded in, newest first."""

    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .annotate(year=ExtractYear("start_date"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(start_date__year=int(self.value()))
        return queryset


class PublishableAdmin(RecordAdmin):
    """Publishing is for those with the publish permission: others edit drafts only."""

    publish_permission = None
    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.{self.publish_permission}")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.append("status")
        return readonly

    def save_model(self, request, obj, form, change):
        # A read-only status keeps a forged value out of the form, but not out of the record: a
        # History revert builds the form on the old version, status included, and saves it through
        # here. So whatever the form or the version says, the stored status stands for those who
        # may not publish, and a new record starts as a draft.
        if not self.has_publish_permission(request):
            kept = self.stored_status(obj) if change else PublicationStatus.DRAFT
            if obj.status != kept:
                state = "a draft" if kept == PublicationStatus.DRAFT else "published"
                self.message_user(
                    request,
                    f"“{obj}” is still {state}: the rest was saved, but only staff allowed to publish "
                    f"can change whether a {self.opts.verbose_name} is public.",
                    messages.WARNING,
                )
                obj.status = kept
        super().save_model(request, obj, form, change)

    def stored_status(self, obj):
        """The record's status in the database, or draft if it is gone (a deleted record being reverted)."""
        stored = self.model._default_manager.filter(pk=obj.pk).values_list("status", flat=True).first()
        return stored or PublicationStatus.DRAFT

    @admin.action(description="Publish the selected records", permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, PublicationStatus.PUBLISHED, "published")

    @admin.action(description="Unpublish the selected records (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, PublicationStatus.DRAFT, "returned to draft")

    def _set_status(self, request, queryset, status, verb):
        # Saved one by one, not with update(), so each change is in the history with its author.
        changed = 0
        for record in queryset.exclude(status=status):
            record.status = status
            record.save()
            changed += 1
        self.message_user(request, f"{changed} record{'s' if changed != 1 else ''} {verb}.", messages.SUCCESS)


@admin.register(Meeting)
class MeetingAdmin(PublishableAdmin):
    form = HierarchyForm
    publish_permission = "publish_meeting"
    list_display = ("name", "short_name", "kind", "date_display", "country", "status", "parent")
    list_filter = ("status", "kind", "country", YearFilter, "format", "date_precision")
    list_select_related = ("country", "parent")
    date_hierarchy = "start_date"
    search_fields = ("name", "short_name", "theme", "city", "slug")
    autocomplete_fields = ("parent", "country", "host")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ParticipationInline, OutcomeInline, MeetingDeclarationInline]
    fieldsets = [
        (None, {"fields": ("name", "short_name", "slug", "kind", "ordinal", "parent", "status")}),
        (
            "Date",
            {
                "fields": (("start_date", "end_date"), "date_precision", "date_note"),
                "description": "Where the sources give only a month or a year, choose that precision: "
                "the date is stored as the first day of the period and shown as “August 2022” or “2022”.",
            },
        ),
        ("Place and format", {"fields": (("city", "country"), "venue", "format", "host")}),
        ("Description", {"fields": ("theme", "summary")}),
        RECORD_FIELDSET,
    ]

    @admin.display(description="Date", ordering="start_date")
    def date_display(self, meeting):
        return meeting.date_display


class DeclarationForm(HierarchyForm):
    """A plan cannot implement, through a chain, a plan that implements it."""

    parent_field = "implements"


@admin.register(Declaration)
class DeclarationAdmin(PublishableAdmin):
    form = DeclarationForm
    publish_permission = "publish_declaration"
    list_display = ("title", "acronym", "kind", "adopted_display", "title_status", "status")
    list_filter = ("status", "kind", "title_status", "adopted_precision")
    list_select_related = ("adopting_body",)
    search_fields = ("title", "acronym", "slug")
    autocomplete_fields = ("adopting_body", "implements")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = [
        (None, {"fields": ("title", "title_status", "acronym", "slug", "kind", "status")}),
        ("Adoption", {"fields": (("adopted_on", "adopted_precision"), "adoption_note", "adopting_body")}),
        ("Scope", {"fields": (("period_start", "period_end"), "implements")}),
        ("Description", {"fields": ("summary",)}),
        RECORD_FIELDSET,
    ]

    @admin.display(description="Adopted", ordering="adopted_on")
    def adopted_display(self, declaration):
        return declaration.adopted or "—"


@admin.register(Participation)
class ParticipationAdmin(RecordAdmin):
    list_display = ("participant", "role", "meeting", "printed_name")
    list_filter = ("role", "meeting__kind")
    list_select_related = ("meeting", "official", "organisation", "country")
    search_fields = ("official__name", "official__aliases__name", "organisation__name", "meeting__name")
    autocomplete_fields = ParticipationInline.autocomplete_fields + ("meeting",)
    fieldsets = [(None, {"fields": ("meeting",)}), *ParticipationInline.fieldsets, RECORD_FIELDSET]


@admin.register(Outcome)
class OutcomeAdmin(RecordAdmin):
    list_display = ("meeting", "kind", "text")
    list_filter = ("kind",)
    list_select_related = ("meeting",)
    search_fields = ("text", "slug", "meeting__name", "meeting__short_name")
    autocomplete_fields = ("meeting",)
    fieldsets = [
        (None, {"fields": ("meeting", "kind", "slug")}),
        ("What was decided or done", {"fields": ("text",)}),
        RECORD_FIELDSET,
    ]


@admin.register(MeetingDeclaration)
class MeetingDeclarationAdmin(RecordAdmin):
    list_display = ("meeting", "relation", "declaration")
    list_filter = ("relation",)
    list_select_related = ("meeting", "declaration")
    search_fields = ("meeting__name", "meeting__short_name", "declaration__title", "declaration__acronym")
    autocomplete_fields = ("meeting", "declaration")
    fieldsets = [
        (None, {"fields": ("meeting", "relation", "declaration", "note")}),
        RECORD_FIELDSET,
    ]


@admin.register(Chairmanship)
class ChairmanshipAdmin(RecordAdmin):
    list_display = ("country", "organisation", "start_year", "end_year", "handed_over_at")
    list_filter = ("organisation", "country")
    list_select_related = ("country", "organisation", "handed_over_at")
    search_fields = ("country__name", "organisation__name", "organisation__abbreviation")
    autocomplete_fields = ("country", "organisation", "handed_over_at")
    fieldsets = [
        (None, {"fields": ("organisation", "country")}),
        ("Dates", {"fields": (("start_year", "end_year"), "handed_over_at")}),
        ("Description", {"fields": ("note",)}),
        RECORD_FIELDSET,
    ]
