"""The filters of the meetings and declarations lists (shared by their HTML pages and exports)."""

import datetime

import django_filters
from django import forms
from django.db.models import F, Q

from core.filters import RecordFilter, SearchFilter, SortFilter, YearFilter
from people.filters import CountryFilter
from people.models import Official, Organisation

from .models import (
    Declaration,
    DeclarationKind,
    Meeting,
    MeetingFormat,
    MeetingKind,
    Participation,
    ParticipationRole,
)


class DateInput(forms.DateInput):
    """A browser date picker; input it cannot hold (shown back after an error) is left out."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)

    def format_value(self, value):
        if isinstance(value, str):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return None
        return super().format_value(value)


class MeetingFilter(django_filters.FilterSet):
    q = SearchFilter()
    year = YearFilter(field_name="start_date", lookup_expr="year", label="Year")
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label="Kind", empty_label="Any kind")
    country = CountryFilter()
    format = django_filters.ChoiceFilter(
        choices=MeetingFormat.choices, label="Format", empty_label="Any format"
    )
    date_after = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label="From", widget=DateInput()
    )
    date_before = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label="Until", widget=DateInput()
    )
    organisation = RecordFilter(
        queryset=Organisation.objects.all(), method="filter_organisation", label="Organisation"
    )
    official = RecordFilter(queryset=Official.objects.all(), method="filter_official", label="Official")
    declaration = RecordFilter(
        queryset=Declaration.objects.published(), method="filter_declaration", label="Declaration"
    )
    sort = SortFilter(
        {
            "newest": ("Newest first", ("-start_date", "name")),
            "oldest": ("Oldest first", ("start_date", "name")),
            "name": ("Name", ("name", "-start_date")),
        }
    )

    class Meta:
        model = Meeting
        fields = ["q", "year", "kind", "country", "format", "date_after", "date_before"]

    def filter_organisation(self, queryset, name, organisation):
        return queryset.involving_organisation(organisation)

    def filter_official(self, queryset, name, official):
        return queryset.attended_by(official)

    def filter_declaration(self, queryset, name, declaration):
        return queryset.dealing_with(declaration)


class DeclarationFilter(django_filters.FilterSet):
    q = SearchFilter()
    kind = django_filters.ChoiceFilter(choices=DeclarationKind.choices, label="Kind", empty_label="Any kind")
    year = YearFilter(field_name="adopted_on", lookup_expr="year", label="Year adopted")
    sort = SortFilter(
        {
            "title": ("Title", ("title",)),
            # Undated documents last either way, on both databases.
            "newest": ("Newest first", (F("adopted_on").desc(nulls_last=True), "title")),
            "oldest": ("Oldest first", (F("adopted_on").asc(nulls_last=True), "title")),
        }
    )

    class Meta:
        model = Declaration
        fields = ["q", "kind", "year"]


class ParticipationFilter(django_filters.FilterSet):
    """Who took part: by meeting, person, body, country, role or year."""

    meeting = RecordFilter(queryset=Meeting.objects.published(), label="Meeting")
    official = RecordFilter(queryset=Official.objects.all(), label="Official")
    organisation = RecordFilter(
        queryset=Organisation.objects.all(), method="filter_organisation", label="Organisation"
    )
    country = CountryFilter(method="filter_country")
    role = django_filters.ChoiceFilter(
        choices=ParticipationRole.choices, label="Role", empty_label="Any role"
    )
    year = YearFilter(field_name="meeting__start_date", lookup_expr="year", label="Year")

    class Meta:
        model = Participation
        fields = ["meeting", "official", "organisation", "country", "role", "year"]

    def filter_organisation(self, queryset, name, organisation):
        # Its departments' people count, and so do those who spoke for it.
        return queryset.filter(
            Q(organisation=organisation)
            | Q(organisation__parent=organisation)
            | Q(represents_organisation=organisation)
        )

    def filter_country(self, queryset, name, country):
        # The participant's country: a delegation's, an official's, or the one represented.
        return queryset.filter(
            Q(country=country) | Q(official__country=country) | Q(represents_country=country)
        )


class ParticipationExportFilter(django_filters.FilterSet):
    """What participations.csv takes besides the meeting list's filters: one meeting, one role."""

    meeting = RecordFilter(queryset=Meeting.objects.published(), label="Meeting")
    role = django_filters.ChoiceFilter(
        choices=ParticipationRole.choices, label="Role", empty_label="Any role"
    )

    class Meta:
        model = Participation
        fields = ["meeting", "role"]
