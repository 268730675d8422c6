"""The building blocks of every list's FilterSet, and the words for a filter not understood.

Each list's filters are one FilterSet (people/filters.py, meetings/filters.py):
the HTML list, the API list and every export of it take the same GET
parameters through the same class.
"""

import datetime
import re

import django_filters
from django import forms
from django.db.models import Model
from drf_spectacular.utils import extend_schema_field

from . import search
from .dates import PartialDate
from .permalinks import record_by_former_slug

MIN_YEAR = 1900
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
MAX_YEAR = 2100


# Any text but NUL, which Django's form fields refuse (and PostgreSQL cannot store).
@extend_schema_field(
    {"type": "string", "minLength": 1, "maxLength": search.MAX_QUERY_LENGTH, "pattern": "^[^\\x00]*$"}
)
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


@extend_schema_field({"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR})
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


class RecordBySlugField(forms.ModelChoiceField):
    """A record named by its slug, or by a slug it had before (core/permalinks.py).

    A link or bookmark made before staff renamed a record, or merged it into another, keeps
    filtering by that record rather than being refused as a choice that does not exist.
    """

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            # Only what could be a slug is looked up (PostgreSQL refuses a NUL in a query).
            if value in self.empty_values or not isinstance(value, str) or not SLUG.fullmatch(value):
                raise
            record = record_by_former_slug(self.queryset, value)
            if record is None:
                raise
            return record


@extend_schema_field({"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"})
class RecordFilter(django_filters.ModelChoiceFilter):
    """A record chosen by slug, carried in the URL (links from detail pages set it)."""

    field_class = RecordBySlugField

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


def unknown_parameters(query, known):
    """The names in a query string that no filter, paging or format option takes, sorted.

    The exports and the API answer 400 naming them: a misspelt filter that was silently
    ignored would hand back the whole dataset as if it were the selection asked for.
    """
    return sorted(set(query) - set(known))


def unknown_parameters_message(names):
    listed = ", ".join(f"“{name}”" for name in names)
    if len(names) == 1:
        return f"Unknown parameter {listed}: leave it out, or check its spelling."
    return f"Unknown parameters {listed}: leave them out, or check their spelling."


def filter_problems(filterset):
    """One sentence for each filter of a bound FilterSet that was not understood."""
    form = filterset.form
    return [
        f"The filter “{getattr(form.fields.get(name), 'label', None) or name}” was not understood: "
        + " ".join(errors)
        for name, errors in form.errors.items()
    ]


def shown_value(bound_field, value):
    """A cleaned filter value as a person reads it: a record's name, a date, a choice's label."""
    # A record or a date says itself; only then read the choices, which for a
    # record filter would read every row of its table.
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, datetime.date):
        return str(PartialDate(value))
    choices = dict(getattr(bound_field.field, "choices", []) or [])
    return str(choices.get(value, value))
