"""The filters of the officials, organisations and countries lists, and the country filter
that the meetings lists share."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from drf_spectacular.utils import extend_schema_field

from core.filters import RecordFilter, SearchFilter, SortFilter

from .models import AseanStatus, Country, Official, Organisation, OrganisationClassification, Position


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


# The lower-case code, as in /countries/vn/ (either case is taken).
@extend_schema_field({"type": "string", "pattern": "^[A-Za-z]{2}$"})
class CountryFilter(django_filters.ModelChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Country.objects.all())
        kwargs.setdefault("label", "Country")
        kwargs.setdefault("empty_label", "Any country")
        super().__init__(**kwargs)


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
