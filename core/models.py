"""What every record shares: timestamps, searchable names, constraint builders, natural keys,
and the one data-version row that every change of a record replaces."""

import string

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Lower, Substr
from django.db.models.lookups import Exact, In
from django.urls import reverse


def capital_letters(field, length):
    """A condition that ``field`` is exactly ``length`` of the capital letters A to Z.

    Written with portable functions rather than a regular expression, which
    SQLite only has through a Python function that other clients lack.
    """
    letters = list(string.ascii_uppercase)
    return Q(
        Exact(Length(field), length),
        *(In(Substr(field, position, 1), letters) for position in range(1, length + 1)),
    )


def choices_constraint(field, choices, name, allow_blank=False, label=None):
    """A named CHECK constraint keeping ``field`` to the values of a TextChoices class."""
    values = list(choices.values) + ([""] if allow_blank else [])
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": values}),
        name=name,
        violation_error_message=f"{label or field.replace('_', ' ').capitalize()} must be one of: "
        + ", ".join(v for v in values if v)
        + ".",
    )


# The schemes a stored or linked address may have. A javascript:, vbscript: or
# data: address runs as a script in the page of whoever follows the link.
HTTP_SCHEMES = ("http://", "https://")


def http_url(value):
    """``value`` if it is an http(s) address, else "": what a page or an export may link to.

    The constraints keep other addresses out of the database; this keeps them out
    of the pages should one get in by another way (a row written before them).
    """
    return value if value and value[:8].lower().startswith(HTTP_SCHEMES) else ""


def http_url_constraint(field, name):
    """A named CHECK that ``field`` is blank or starts with http:// or https://, in any case.

    Written as a case-insensitive LIKE rather than a regular expression, so
    SQLite and PostgreSQL refuse the same values; and without SUBSTR(x, 1, n),
    whose ", " Django's SQLite introspection misreads as a column separator.
    """
    condition = Q(**{field: ""})
    for scheme in HTTP_SCHEMES:
        condition |= Q(**{f"{field}__istartswith": scheme})
    return models.CheckConstraint(
        condition=condition,
        name=name,
        violation_error_message="An address must start with http:// or https://, or be left empty.",
    )


def lowercase_slug_constraint(name):
    return models.CheckConstraint(
        condition=Q(slug=Lower("slug")),
        name=name,
        violation_error_message="Slugs are written in lower case.",
    )


def period_constraint(start, end, name, label="End"):
    """A named CHECK that ``end`` is unknown or not before ``start``."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message=f"{label} cannot be before the start.",
    )


class Record(models.Model):
    """The base of every record model: creation and last-change times.

    Being a Record is what makes a model one of the records: a change to one
    replaces the data version (core/freshness.py), and the staff roles
    (core/roles.py) may edit it. The history tables beside the records are not
    Records.
    """

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def is_record_model(model):
    """A model of the records: not the history tables beside them, nor the data version row."""
    return issubclass(model, Record)


def record_models(app_config=None):
    """Every record model, or those of one app."""
    models_ = app_config.get_models() if app_config else apps.get_models()
    return [model for model in models_ if is_record_model(model)]


class SearchableModel(models.Model):
    """A record that the site search finds by any of its names (see core/search.py)."""

    # Derived from the names, so neither edited nor exported.
    search_text = models.TextField(default="", blank=True, editable=False, serialize=False)
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)

    class Meta:
        abstract = True

    def search_terms(self):
        """Every name this record is known by."""
        raise NotImplementedError


def search_columns(*relations):
    """The stored search columns of a record and of the related records named, for ``defer()``.

    Lists never show them and they are the widest columns of a row.
    """
    prefixes = ["", *(f"{relation}__" for relation in relations)]
    return [f"{prefix}{column}" for prefix in prefixes for column in ("search_text", "search_vector")]


class SlugManager(models.Manager):
    """Looks records up by slug, their natural key in fixtures."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class DataVersion(models.Model):
    """The one row that changes whenever any public record does (see core/freshness.py)."""

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON, editable=False)
    # Random rather than a counter: a rolled-back change must never reuse a token
    # that a cache has already seen with other contents.
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        verbose_name = "data version"
        constraints = [
            models.CheckConstraint(
                condition=Q(id=1),
                name="dataversion_single_row",
                violation_error_message="There is only one data version.",
            ),
        ]

    def __str__(self):
        return f"Records as of {self.changed_at:%Y-%m-%d %H:%M:%S %Z}"

    def get_absolute_url(self):
        # Every public page is rendered from this version of the records.
        return reverse("public:home")
