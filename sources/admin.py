"""Staff editing of sources and citations: one citations inline on every record's form, each
record's unsourced facts flagged atop its form, and the "provenance gaps" page listing them all."""

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst

from core.admin import (
    RECORD_FIELDSET,
    TIMESTAMPS,
    RecordAdmin,
    RecordForm,
    RecordInline,
    record_admin_extensions,
)
from core.models import record_models

from .models import Citation, Source
from .provenance import all_gaps, cited_fields, forward_relations, unsourced_fields

WHOLE_RECORD = "(the whole record)"


def is_cited_model(model):
    """Whether a record model's facts are cited: every record but sources and citations themselves."""
    return model not in (Source, Citation)


def admin_url(record):
    """The record's change form in the admin, or "" if its kind has no admin page."""
    opts = record._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return ""


def record_link(record):
    if record is None:
        return "(deleted)"
    url = admin_url(record)
    return format_html('<a href="{}">{}</a>', url, record) if url else str(record)


def cited_records():
    """A queryset of each kind of record a citation may name, with what each one's name reads: the
    records of many citations are read in one query per kind (GenericPrefetch)."""
    return [
        model._default_manager.select_related(*forward_relations(model))
        for model in record_models()
        if model is not Citation
    ]


def with_records(citations):
    return citations.select_related("source", "content_type").prefetch_related(
        GenericPrefetch("record", cited_records())
    )


def field_choices(model):
    """The facts of ``model`` a citation may name: the record as a whole, or one of its cited fields."""
    return [("", WHOLE_RECORD)] + [
        (name, f"{capfirst(model._meta.get_field(name).verbose_name)} ({name})")
        for name in cited_fields(model)
    ]


class CitationForm(RecordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("field")
        stored = self.instance.field
        if isinstance(field, forms.ChoiceField) and stored and stored not in dict(field.choices):
            # A citation of a field that is not (or no longer) a fact of the record stays as it is,
            # rather than being silently moved to the whole record when the form is saved.
            field.choices = [*field.choices, (stored, f"{stored} (not a fact shown to the public)")]


def once_message():
    constraint = next(c for c in Citation._meta.constraints if c.name == "citation_once")
    return constraint.violation_error_message


class RowsMayBeMissing:
    """A formset that reads a form posted without its rows at all as one leaving them unchanged.

    The citations are on every record's form through another layer: a form opened before they were
    (or posted by a script that knows only the record's own fields) then still saves the record,
    rather than failing as a tampered form.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        total = f"{self.prefix}-{TOTAL_FORM_COUNT}"
        if self.is_bound and total not in self.data:
            data = self.data.copy()
            data.update({total: "0", f"{self.prefix}-{INITIAL_FORM_COUNT}": "0"})
            self.data = data


class CitationFormSet(RowsMayBeMissing, BaseGenericInlineFormSet):
    """Refuses citing the same source with the same words twice for one fact (``citation_once``).

    The record is not on the form (the formset sets it when saving), so neither Django's model nor
    formset validation can check that constraint: this does, among the rows and against citations
    saved meanwhile, with the constraint's own message beside the repeated row.
    """

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not self._should_delete_form(form)
        ]
        seen = set()
        for form in kept:
            key = self.fact_key(form.cleaned_data)
            if key in seen:
                form.add_error(None, once_message())
            seen.add(key)
        if self.instance.pk is None or not any(form.has_changed() for form in kept):
            return
        in_formset = [form.instance.pk for form in self.initial_forms]
        saved = (
            Citation.objects.filter(
                content_type=ContentType.objects.get_for_model(self.instance, for_concrete_model=False),
                object_id=self.instance.pk,
            )
            .exclude(pk__in=in_formset)
            .values_list("field", "source_id", "quote")
        )
        saved = set(saved)
        for form in kept:
            if form.has_changed() and self.fact_key(form.cleaned_data) in saved:
                form.add_error(None, once_message())

    @staticmethod
    def fact_key(data):
        source = data.get("source")
        return (data.get("field", ""), source.pk if source else None, data.get("quote", ""))


class CitationInline(RecordInline, GenericTabularInline):
    """The sources of a record's facts, on every record's form (registered below for each)."""

    model = Citation
    form = CitationForm
    formset = CitationFormSet
    fields = ("field", "source", "quote", "locator", "basis", "reasoning", "claim", "stated_in_record")
    autocomplete_fields = ("source",)
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})}}
    verbose_name = "citation"
    verbose_name_plural = (
        "citations: the sources of this record's facts (a fact several sources disagree on: one row each, "
        "with “the record states this” cleared where the record does not follow the source)"
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "field":
            return forms.ChoiceField(
                label="Fact",
                choices=field_choices(self.parent_model),
                required=False,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


record_admin_extensions.add_inline(CitationInline, applies_to=is_cited_model)


def unsourced_notice(record):
    """The facts of a record that no source supports, named atop its change form."""
    if not is_cited_model(type(record)):
        return ""
    fields = unsourced_fields(record)
    return f"Unsourced: {', '.join(fields)}" if fields else ""


record_admin_extensions.add_notice(unsourced_notice)


class CitedByInline(admin.TabularInline):
    """What was recorded from a source: its citations, read-only (each is edited on its record's form)."""

    model = Citation
    fk_name = "source"
    formset = type("CitedByFormSet", (RowsMayBeMissing, BaseInlineFormSet), {})
    fields = ("cited_record", "field", "quote", "locator", "basis", "stated_in_record")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "citation of this source"
    verbose_name_plural = "cited by: the facts recorded from this source (edited on each record's form)"

    def get_queryset(self, request):
        return with_records(super().get_queryset(request))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Record")
    def cited_record(self, citation):
        return format_html("{}: {}", capfirst(citation.content_type.name), record_link(citation.record))


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    list_display = ("headline", "kind", "publisher", "published_on")
    list_filter = ("kind", "publisher")
    search_fields = ("headline", "publisher", "dateline", "slug")
    prepopulated_fields = {"slug": ("headline",)}
    date_hierarchy = "published_on"
    inlines = [CitedByInline]
    fieldsets = [
        (None, {"fields": ("headline", "slug", "kind", "publisher")}),
        (
            "Publication",
            {
                "fields": ("dateline", ("published_on", "published_precision")),
                "description": "Where the source gives only a month or a year, choose that precision.",
            },
        ),
        (
            "Where to read it",
            {
                "fields": ("url", "retrieved_on", "archive_url"),
                "description": "News sites move and delete pages: record when the page was read, "
                "and an archived copy (e.g. on web.archive.org).",
            },
        ),
        ("Description", {"fields": ("note",)}),
        RECORD_FIELDSET,
    ]


@admin.register(Citation)
class CitationAdmin(RecordAdmin):
    """Every citation, to review and correct; citations are added on their record's form."""

    list_display = ("__str__", "record_kind", "field", "source", "basis", "stated_in_record", "quote_excerpt")
    list_display_links = ("__str__",)
    list_filter = (
        "basis",
        "stated_in_record",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("source", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("quote", "claim", "reasoning", "field", "source__headline")
    change_list_template = "admin/sources/citation/change_list.html"
    fieldsets = [
        (None, {"fields": ("cited_record", "field", "source")}),
        ("What the source says", {"fields": ("quote", "locator", "basis", "reasoning")}),
        ("Where sources disagree", {"fields": ("claim", "stated_in_record")}),
        RECORD_FIELDSET,
    ]
    readonly_fields = (*TIMESTAMPS, "cited_record")

    def get_queryset(self, request):
        return with_records(super().get_queryset(request))

    def has_add_permission(self, request):
        # A citation is about a record: it is added on that record's form, in its citations.
        return False

    def get_autocomplete_fields(self, request):
        # Set here rather than as ``autocomplete_fields``, which describes an add form this admin has not.
        return ("source",)

    @admin.display(description="Record")
    def cited_record(self, citation):
        return format_html("{}: {}", capfirst(citation.content_type.name), record_link(citation.record))

    @admin.display(description="Kind of record", ordering="content_type")
    def record_kind(self, citation):
        return capfirst(citation.content_type.name)

    @admin.display(description="Quote")
    def quote_excerpt(self, citation):
        return Truncator(citation.quote).chars(80) if citation.quote else "—"

    def get_urls(self):
        gaps = path("gaps/", self.admin_site.admin_view(self.gaps_view), name="sources_citation_gaps")
        return [gaps, *super().get_urls()]

    def gaps_view(self, request):
        """Every fact the records show that cites no source, by kind of record and record."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        groups = [
            {
                "name": capfirst(model._meta.verbose_name_plural),
                "records": [
                    {"record": record, "url": admin_url(record), "fields": fields}
                    for record, fields in records
                ],
                "count": sum(len(fields) for _, fields in records),
            }
            for model, records in all_gaps()
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Provenance gaps",
            "subtitle": None,
            "opts": self.opts,
            "groups": groups,
            "total": sum(group["count"] for group in groups),
            "record_count": sum(len(group["records"]) for group in groups),
        }
        return TemplateResponse(request, "admin/sources/citation/provenance_gaps.html", context)
