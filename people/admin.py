"""Staff editing of countries, organisations, officials and their posts.

Every model keeps its history (django-simple-history): who changed what and
when, viewable and revertible from each record's History page.
"""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from .models import Country, Official, OfficialAlias, Organisation, OrganisationName, Position
from .search import fold


class RecordAdmin(SimpleHistoryAdmin):
    """What every record's admin shares: timestamps shown read-only, history, sensible paging."""

    readonly_fields = ("created", "updated")
    list_per_page = 50
    save_on_top = True


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


class HierarchyForm(forms.ModelForm):
    """Refuses a parent that would make the record its own ancestor, with a message naming the loop."""

    parent_field = "parent"

    def clean(self):
        cleaned = super().clean()
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
    fields = ("code", "alpha3", "name", "asean_status", "joined_asean", "note", "created", "updated")


class OrganisationNameInline(admin.TabularInline):
    model = OrganisationName
    extra = 0
    fields = ("name", "kind", "start_year", "end_year", "note")
    verbose_name = "alternative name"


@admin.register(Organisation)
class OrganisationAdmin(RecordAdmin):
    form = HierarchyForm
    list_display = ("name", "abbreviation", "classification", "parent", "country")
    list_filter = ("classification", "country")
    list_select_related = ("parent", "country")
    search_fields = ("name", "abbreviation", "alternative_names__name")
    autocomplete_fields = ("parent", "country")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [OrganisationNameInline]
    fieldsets = [
        (None, {"fields": ("name", "abbreviation", "slug", "classification")}),
        ("Place in the hierarchy", {"fields": ("parent", "country")}),
        ("About", {"fields": ("description", "website")}),
        ("Record", {"fields": ("created", "updated")}),
    ]


class OfficialAliasInline(admin.TabularInline):
    model = OfficialAlias
    extra = 1
    fields = ("name", "note")
    verbose_name = "alias (another spelling seen in a source)"
    verbose_name_plural = "aliases (every spelling seen in a source)"


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
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


class OfficialForm(forms.ModelForm):
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

    def get_fieldsets(self, request, obj=None):
        identity = ["name", "native_name", "slug", "country"]
        if obj is None:
            identity.append("not_a_duplicate")
        return [
            (None, {"fields": identity}),
            ("About", {"fields": ["biography"]}),
            ("Record", {"fields": ["created", "updated"]}),
        ]

    def get_search_results(self, request, queryset, search_term):
        # An official found through two aliases would otherwise be listed twice.
        results, _ = super().get_search_results(request, queryset, search_term)
        return results.distinct(), False


@admin.register(Position)
class PositionAdmin(RecordAdmin):
    list_display = ("official", "title", "organisation", "period_display")
    list_filter = ("organisation__classification",)
    list_select_related = ("official", "organisation")
    search_fields = ("title", "official__name", "organisation__name")
    autocomplete_fields = ("official", "organisation")

    @admin.display(description="Period")
    def period_display(self, position):
        return position.period_display


@admin.register(OfficialAlias)
class OfficialAliasAdmin(RecordAdmin):
    list_display = ("name", "official", "note")
    list_select_related = ("official",)
    search_fields = ("name", "official__name")
    autocomplete_fields = ("official",)


@admin.register(OrganisationName)
class OrganisationNameAdmin(RecordAdmin):
    list_display = ("name", "organisation", "kind", "start_year", "end_year")
    list_filter = ("kind",)
    list_select_related = ("organisation",)
    search_fields = ("name", "organisation__name")
    autocomplete_fields = ("organisation",)
