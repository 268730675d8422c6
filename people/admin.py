"""Staff editing of countries, organisations, officials and their posts; two officials, or two
organisations, that are one are merged from their lists (core/admin.py MergeableAdmin)."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from core.admin import RECORD_FIELDSET, HierarchyForm, MergeableAdmin, RecordAdmin, RecordForm, RecordInline
from core.search import fold

from .models import (
    Country,
    CountryName,
    Identifier,
    Official,
    OfficialAlias,
    Organisation,
    OrganisationName,
    Position,
)


class IdentifierInline(RecordInline, admin.TabularInline):
    """Identifiers other registers (Wikidata) issued to the record; one inline per kind of record."""

    model = Identifier
    fields = ("scheme", "identifier")
    verbose_name = "identifier in another register"
    verbose_name_plural = "identifiers in other registers (e.g. Wikidata: Q881)"


class CountryIdentifierInline(IdentifierInline):
    fk_name = "country"


class OrganisationIdentifierInline(IdentifierInline):
    fk_name = "organisation"


class OfficialIdentifierInline(IdentifierInline):
    fk_name = "official"


class CountryNameInline(RecordInline, admin.TabularInline):
    model = CountryName
    fields = ("name", "kind", "note")
    verbose_name = "other name"
    verbose_name_plural = "other names (short, official, demonyms, former names)"


@admin.register(Country)
class CountryAdmin(RecordAdmin):
    list_display = ("name", "code", "alpha3", "asean_status", "joined_asean")
    list_filter = ("asean_status",)
    search_fields = ("name", "code", "alpha3", "alternative_names__name")
    inlines = [CountryNameInline, CountryIdentifierInline]
    fieldsets = [
        (None, {"fields": ("name", ("code", "alpha3"))}),
        ("ASEAN", {"fields": ("asean_status", ("joined_asean", "joined_asean_precision"))}),
        ("Description", {"fields": ("note",)}),
        RECORD_FIELDSET,
    ]


class OrganisationNameInline(RecordInline, admin.TabularInline):
    model = OrganisationName
    fields = ("name", "kind", "start_year", "end_year", "note")
    verbose_name = "alternative name"
    verbose_name_plural = "alternative names (former names, spellings, translations)"


@admin.register(Organisation)
class OrganisationAdmin(MergeableAdmin, RecordAdmin):
    form = HierarchyForm
    list_display = ("name", "abbreviation", "classification", "parent", "country")
    list_filter = ("classification", "country")
    list_select_related = ("parent", "country")
    search_fields = ("name", "abbreviation", "alternative_names__name", "slug")
    autocomplete_fields = ("parent", "country")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [OrganisationNameInline, OrganisationIdentifierInline]
    fieldsets = [
        (None, {"fields": ("name", "abbreviation", "slug", "classification")}),
        ("Place in the hierarchy", {"fields": ("parent", "country")}),
        (
            "Dates",
            {
                "fields": (
                    ("founding_date", "founding_precision"),
                    ("dissolution_date", "dissolution_precision"),
                )
            },
        ),
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
class OfficialAdmin(MergeableAdmin, RecordAdmin):
    form = OfficialForm
    list_display = ("name", "native_name", "country", "updated")
    list_filter = ("country",)
    list_select_related = ("country",)
    search_fields = ("name", "native_name", "aliases__name", "slug")
    autocomplete_fields = ("country",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [OfficialAliasInline, PositionInline, OfficialIdentifierInline]
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


@admin.register(CountryName)
class CountryNameAdmin(RecordAdmin):
    list_display = ("name", "country", "kind")
    list_filter = ("kind",)
    list_select_related = ("country",)
    search_fields = ("name", "country__name")
    autocomplete_fields = ("country",)


@admin.register(Identifier)
class IdentifierAdmin(RecordAdmin):
    list_display = ("identifier", "scheme", "official", "organisation", "country")
    list_filter = ("scheme",)
    list_select_related = ("official", "organisation", "country")
    search_fields = ("identifier", "official__name", "organisation__name", "country__name")
    autocomplete_fields = ("official", "organisation", "country")
    fieldsets = [
        (None, {"fields": ("scheme", "identifier")}),
        ("Issued to (exactly one)", {"fields": ("official", "organisation", "country")}),
        RECORD_FIELDSET,
    ]
