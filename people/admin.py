"""Staff editing of countries, organisations, officials and their posts.

Every model keeps its history (django-simple-history): who changed what and
when, viewable and revertible from each record's History page.

The pieces every record's admin shares live here, since the meetings app may
import from this one but not the other way round: ``RecordAdmin`` for the
pages, ``RecordForm`` for the forms and ``RecordInline`` for the inlines.
"""

import contextlib
import copy

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, UniqueConstraint
from django.forms.models import BaseInlineFormSet, InlineForeignKeyField, construct_instance
from django.utils.html import format_html, format_html_join
from django.utils.text import get_text_list
from simple_history.admin import SimpleHistoryAdmin

from .models import Country, Official, OfficialAlias, Organisation, OrganisationName, Position
from .search import fold

TIMESTAMPS = ("created", "updated")
RECORD_FIELDSET = ("Record", {"fields": TIMESTAMPS})


def field_for_constraint(constraint, model, form_fields):
    """The form field a CHECK constraint's message belongs beside, or None to show it above the form.

    A rule about one field belongs to that field. A rule between two belongs to
    the one declared later, which is the one that depends on the other: an end
    on its start, the date a country joined on its being a member. A rule among
    more fields ("exactly one of three") is about the record as a whole.
    """
    if not isinstance(constraint, CheckConstraint):
        return None
    named = constraint.condition.referenced_base_fields
    on_form = [f.name for f in model._meta.concrete_fields if f.name in named and f.name in form_fields]
    return on_form[-1] if 1 <= len(on_form) <= 2 else None


class RecordForm(forms.ModelForm):
    """Puts a broken rule's message beside the field to correct, rather than at the top of the form.

    Django already checks the models' named constraints on every admin form,
    but shows a CHECK's message above the form, where "The end date cannot be
    before the start" does not say which of two dozen fields to change. This
    checks those constraints first against the record as it would be saved and
    attaches the message to its field; Django then skips the constraint, as it
    skips every rule about a field that already has an error, so each message
    is shown once.
    """

    def clean(self):
        cleaned = super().clean()
        model = self._meta.model
        targets = [
            (constraint, field)
            for constraint in model._meta.constraints
            if (field := field_for_constraint(constraint, model, self.fields))
        ]
        if not targets:
            return cleaned
        candidate = self.record_as_saved()
        for constraint, field in targets:
            # One message to a field: an invalid value, or another rule, said it first.
            if field in self.errors:
                continue
            try:
                constraint.validate(model, candidate, exclude=self.fields_not_to_check())
            except ValidationError as error:
                self.add_error(field, error)
        return cleaned

    def record_as_saved(self):
        """A copy of the record with the form's values and the model's own clean-up (date truncation)."""
        candidate = construct_instance(self, copy.copy(self.instance), self._meta.fields, self._meta.exclude)
        # An error here is reported when Django validates the record itself.
        with contextlib.suppress(ValidationError):
            candidate.clean()
        return candidate

    def fields_not_to_check(self):
        # As Django's own validation: fields not on the form, fields already in
        # error, and the link to the parent record of an inline (maybe unsaved).
        return {
            field.name
            for field in self._meta.model._meta.fields
            if field.name not in self.fields
            or field.name in self.errors
            or isinstance(self.fields[field.name], InlineForeignKeyField)
        }


class RecordInlineFormSet(BaseInlineFormSet):
    """Says which rows repeat each other in words, using the constraint's own message where it has one."""

    def get_unique_error_message(self, unique_check):
        for constraint in self.model._meta.constraints:
            if (
                isinstance(constraint, UniqueConstraint)
                and tuple(constraint.fields) == tuple(unique_check)
                and constraint.violation_error_message != constraint.default_violation_error_message
            ):
                return constraint.get_violation_error_message()
        # Every row shares the parent record, so naming it would not help.
        fields = [
            str(self.model._meta.get_field(name).verbose_name)
            for name in unique_check
            if name != self.fk.name
        ]
        return (
            f"Two {self.model._meta.verbose_name_plural} have the same {get_text_list(fields, 'and')}; "
            "change or remove one of them."
        )


class RecordInline:
    """What every inline shares: messages beside the field to correct and no empty rows to skip."""

    form = RecordForm
    formset = RecordInlineFormSet
    extra = 0


class RecordAdmin(SimpleHistoryAdmin):
    """What every record's admin shares: timestamps shown read-only, history, sensible paging."""

    form = RecordForm
    readonly_fields = TIMESTAMPS
    list_per_page = 50
    save_on_top = True

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # A record not yet saved has no times to show.
        kept = []
        for name, options in fieldsets:
            fields = [field for field in options["fields"] if field not in TIMESTAMPS]
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return kept


def creates_cycle(record, parent, parent_field="parent"):
    """Whether making ``parent`` the record's parent would make the record its own ancestor."""
    seen = set()
    current = parent
    while current is not None and current.pk not in seen:
        if current.pk == record.pk:
            return True
        seen.add(current.pk)
        current = getattr(current, parent_field)
    return False


class HierarchyForm(RecordForm):
    """Refuses a parent that would make the record its own ancestor, with a message naming the loop.

    The models' constraints refuse a record as its own parent; a longer loop
    needs the chain walked, which only Python can do.
    """

    parent_field = "parent"

    def clean(self):
        cleaned = super().clean()
        # Empty when the field is in error, e.g. the record named as its own parent.
        parent = cleaned.get(self.parent_field)
        if (
            parent is not None
            and self.instance.pk is not None
            and creates_cycle(self.instance, parent, self.parent_field)
        ):
            self.add_error(
                self.parent_field,
                f"“{parent}” is part of “{self.instance}” already, so it cannot also contain it.",
            )
        return cleaned


@admin.register(Country)
class CountryAdmin(RecordAdmin):
    list_display = ("name", "code", "alpha3", "asean_status", "joined_asean")
    list_filter = ("asean_status",)
    search_fields = ("name", "code", "alpha3")
    fieldsets = [
        (None, {"fields": ("name", ("code", "alpha3"))}),
        ("ASEAN", {"fields": ("asean_status", "joined_asean")}),
        ("Description", {"fields": ("note",)}),
        RECORD_FIELDSET,
    ]


class OrganisationNameInline(RecordInline, admin.TabularInline):
    model = OrganisationName
    fields = ("name", "kind", "start_year", "end_year", "note")
    verbose_name = "alternative name"
    verbose_name_plural = "alternative names (former names, spellings, translations)"


@admin.register(Organisation)
class OrganisationAdmin(RecordAdmin):
    form = HierarchyForm
    list_display = ("name", "abbreviation", "classification", "parent", "country")
    list_filter = ("classification", "country")
    list_select_related = ("parent", "country")
    search_fields = ("name", "abbreviation", "alternative_names__name", "slug")
    autocomplete_fields = ("parent", "country")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [OrganisationNameInline]
    fieldsets = [
        (None, {"fields": ("name", "abbreviation", "slug", "classification")}),
        ("Place in the hierarchy", {"fields": ("parent", "country")}),
        ("Description", {"fields": ("description", "website")}),
        RECORD_FIELDSET,
    ]


class OfficialAliasInline(RecordInline, admin.TabularInline):
    model = OfficialAlias
    # One empty row invites the spelling staff have just met in a source.
    extra = 1
    fields = ("name", "note")
    verbose_name = "alias (another spelling seen in a source)"
    verbose_name_plural = "aliases (every spelling seen in a source)"


class PositionInline(RecordInline, admin.TabularInline):
    model = Position
    fields = ("title", "organisation", "start_date", "start_precision", "end_date", "end_precision", "note")
    autocomplete_fields = ("organisation",)


def similar_officials(names, exclude_pk=None):
    """Officials already known by one of ``names``, ignoring case and diacritics."""
    found = Official.objects.none()
    for name in names:
        folded = fold(name)
        if folded:
            found = found | Official.objects.filter(search_text__contains=f" {folded} ")
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.distinct()


class OfficialForm(RecordForm):
    """Warns before a second record is made for a person already recorded under a similar name."""

    not_a_duplicate = forms.BooleanField(
        required=False,
        label="This is a different person",
        help_text="Tick to save although an official with the same name or alias already exists.",
    )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and not cleaned.get("not_a_duplicate"):
            names = [cleaned.get("name"), cleaned.get("native_name"), *self.alias_names()]
            matches = list(similar_officials([n for n in names if n])[:5])
            if matches:
                links = format_html_join(
                    ", ", '<a href="{}">{}</a>', ((f"../{m.pk}/change/", m.name) for m in matches)
                )
                raise forms.ValidationError(
                    format_html(
                        "An official with this name or alias is already recorded: {}. Add the new spelling "
                        "as an alias there, or tick “This is a different person” to save anyway.",
                        links,
                    )
                )
        return cleaned

    def alias_names(self):
        # The alias inline's rows are in the same POST; read them so a duplicate alias is caught too.
        prefix = "aliases"
        try:
            total = int(self.data.get(f"{prefix}-TOTAL_FORMS", 0))
        except ValueError:
            return []
        return [self.data.get(f"{prefix}-{i}-name", "") for i in range(min(total, 100))]


@admin.register(Official)
class OfficialAdmin(RecordAdmin):
    form = OfficialForm
    list_display = ("name", "native_name", "country", "updated")
    list_filter = ("country",)
    list_select_related = ("country",)
    search_fields = ("name", "native_name", "aliases__name", "slug")
    autocomplete_fields = ("country",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [OfficialAliasInline, PositionInline]
    fieldsets = [
        (None, {"fields": ("name", "native_name", "slug", "country")}),
        ("Description", {"fields": ("biography",)}),
        RECORD_FIELDSET,
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            # Only a new record can duplicate someone already recorded.
            (name, options), *rest = fieldsets
            fieldsets = [(name, {**options, "fields": [*options["fields"], "not_a_duplicate"]}), *rest]
        return fieldsets


@admin.register(Position)
class PositionAdmin(RecordAdmin):
    list_display = ("official", "title", "organisation", "period_display")
    list_filter = ("organisation__classification", "start_precision")
    list_select_related = ("official", "organisation")
    search_fields = ("title", "official__name", "official__aliases__name", "organisation__name")
    autocomplete_fields = ("official", "organisation")
    fieldsets = [
        (None, {"fields": ("official", "title", "organisation")}),
        ("Dates", {"fields": (("start_date", "start_precision"), ("end_date", "end_precision"))}),
        ("Description", {"fields": ("note",)}),
        RECORD_FIELDSET,
    ]

    @admin.display(description="Period")
    def period_display(self, position):
        return position.period_display


@admin.register(OfficialAlias)
class OfficialAliasAdmin(RecordAdmin):
    list_display = ("name", "official", "note")
    list_filter = ("official__country",)
    list_select_related = ("official",)
    search_fields = ("name", "official__name")
    autocomplete_fields = ("official",)


@admin.register(OrganisationName)
class OrganisationNameAdmin(RecordAdmin):
    list_display = ("name", "organisation", "kind", "start_year", "end_year")
    list_filter = ("kind",)
    list_select_related = ("organisation",)
    search_fields = ("name", "organisation__name", "organisation__abbreviation")
    autocomplete_fields = ("organisation",)
