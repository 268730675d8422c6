"""The filters of the officials, organisations and countries lists.

Each list's filters are one FilterSet: the HTML list and every export of it take
the same GET parameters through the same class. The building blocks here are
shared with meetings/filters.py.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from . import search
from .models import AseanStatus, Country, Official, Organisation, OrganisationClassification, Position

MIN_YEAR = 1900
MAX_YEAR = 2100


class SearchFilter(django_filters.CharFilter):
    """Free-text ``q``: every word must start a word of one of the record's names."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Search")
        kwargs.setdefault("max_length", search.MAX_QUERY_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search"}))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs
        return search.search(qs, value)


class YearFilter(django_filters.NumberFilter):
    """A four-digit year; "abc" or 99999 is reported rather than ignored."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        # A text box rather than type="number", whose value cannot hold the
        # invalid input that the page shows back with its error message.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "size": 4}))
        super().__init__(**kwargs)


class CountryCodeField(forms.ModelChoiceField):
    """Countries by their lower-case alpha-2 code, as in /countries/vn/."""

    def __init__(self, *args, **kwargs):
        kwargs["to_field_name"] = "code"
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Country):
            return value.code.lower()
        return value

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().upper()
        return super().to_python(value)


class CountryFilter(django_filters.ModelChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Country.objects.all())
        kwargs.setdefault("label", "Country")
        kwargs.setdefault("empty_label", "Any country")
        super().__init__(**kwargs)


@extend_schema_field(OpenApiTypes.STR)
class RecordFilter(django_filters.ModelChoiceFilter):
    """A record chosen by slug, carried in the URL (links from detail pages set it)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)


class SortFilter(django_filters.ChoiceFilter):
    """``sort``: one of a fixed set of orderings; the queryset's own is the default."""

    def __init__(self, orderings, **kwargs):
        self.orderings = orderings
        kwargs.setdefault("label", "Sort by")
        kwargs.setdefault("empty_label", None)
        kwargs["choices"] = [(key, label) for key, (label, _) in orderings.items()]
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*self.orderings[value][1])


class OfficialFilter(django_filters.FilterSet):
    q = SearchFilter()
    country = CountryFilter()
    organisation = RecordFilter(
        queryset=Organisation.objects.all(), method="filter_organisation", label="Organisation"
    )
    sort = SortFilter({"name": ("Name", ("name",)), "-updated": ("Recently updated", ("-updated", "name"))})

    class Meta:
        model = Official
        fields = ["q", "country", "organisation"]

    def filter_organisation(self, queryset, name, organisation):
        # An official of a ministry's department is also an official of the ministry.
        holds_post = Position.objects.filter(official=OuterRef("pk")).filter(
            Q(organisation=organisation) | Q(organisation__parent=organisation)
        )
        return queryset.filter(Exists(holds_post))


class OrganisationFilter(django_filters.FilterSet):
    q = SearchFilter()
    classification = django_filters.ChoiceFilter(
        choices=OrganisationClassification.choices, label="Classification", empty_label="Any classification"
    )
    country = CountryFilter()
    sort = SortFilter({"name": ("Name", ("name",)), "-updated": ("Recently updated", ("-updated", "name"))})

    class Meta:
        model = Organisation
        fields = ["q", "classification", "country"]


class CountryListFilter(django_filters.FilterSet):
    q = SearchFilter()
    asean_status = django_filters.ChoiceFilter(
        choices=AseanStatus.choices, label="ASEAN status", empty_label="Any status"
    )

    class Meta:
        model = Country
        fields = ["q", "asean_status"]
