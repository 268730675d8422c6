"""What every record shares: timestamps, searchable names, constraint builders, natural keys,
references to a record of any kind, the slugs records had before, the merges of duplicate records,
and the one data-version row that every change of a record replaces."""

import string

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Lower, Substr
from django.db.models.lookups import Exact, In
from django.urls import reverse
from django.utils import timezone


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


class RecordReference(models.PositiveBigIntegerField):
    """The id of the record a row is about, in a model whose ``content_type`` foreign key names the
    record's model (a GenericForeignKey's id). Written in fixtures and dumps as the record's natural
    key, ``[app_label, model, *key]``, so that fixtures never depend on ids.

    The database keeps the id, so the row stays with its record when a slug is renamed.
    """

    def deconstruct(self):
        # Stored as a plain integer: migrations need not import this module.
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveBigIntegerField", args, kwargs

    def value_from_object(self, obj):
        record_id = getattr(obj, self.attname)
        if record_id is None:
            return None
        content_type = obj.content_type
        try:
            record = content_type.get_object_for_this_type(pk=record_id)
        except ObjectDoesNotExist:
            # The history of a row whose record was deleted: its id is all there is.
            return record_id
        return [content_type.app_label, content_type.model, *record.natural_key()]

    def value_to_string(self, obj):
        return self.value_from_object(obj)

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            app_label, model_name, *key = value
            model = apps.get_model(app_label, model_name)
            try:
                return model._default_manager.get_by_natural_key(*key).pk
            except ObjectDoesNotExist:
                raise ValidationError(
                    f"A {self.model._meta.verbose_name} names a {model_name} that does not exist: {key}."
                ) from None
        return super().to_python(value)


class FormerSlugManager(models.Manager):
    def get_by_natural_key(self, app_label, model_name, slug):
        return self.get(content_type__app_label=app_label, content_type__model=model_name, slug=slug)


class FormerSlug(models.Model):
    """A slug a record had before staff changed it: its old addresses redirect to the new ones.

    Written only by core/permalinks.py when a record is saved under a new slug, never edited.
    Not a Record: staff do not edit it (it is shown read-only on its record's form), it has no
    facts to cite or history of its own, and the record's own save already replaces the data version.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = RecordReference()
    record = GenericForeignKey("content_type", "object_id")
    # As long as the longest slug of a record with a permanent link (a meeting's, a declaration's).
    slug = models.SlugField(max_length=120, db_index=False)
    replaced = models.DateTimeField(auto_now_add=True, help_text="When the record stopped using it.")

    objects = FormerSlugManager()

    class Meta:
        ordering = ["content_type", "object_id", "-replaced", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="former_slug_record_idx")]
        constraints = [
            # A slug names one record of a kind for good: its old links must never lead to another.
            models.UniqueConstraint(
                fields=["content_type", "slug"],
                name="former_slug_once_per_kind",
                violation_error_message="Another record of this kind had this slug before.",
            ),
        ]

    def __str__(self):
        return self.slug

    def get_absolute_url(self):
        # Where the slug's old page redirects.
        record = self.record
        return record.get_absolute_url() if record is not None else None

    def natural_key(self):
        return (*self.content_type.natural_key(), self.slug)

    # The records it may name are filled in by core/permalinks.py: those with permanent links.
    natural_key.dependencies = []


class RecordMergeQuerySet(models.QuerySet):
    def of_kind(self, model):
        return self.filter(
            content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
        )

    def in_force(self):
        """The merges not undone: the ones whose merged-away ids lead to their survivors."""
        return self.filter(undone_at__isnull=True)

    def into(self, record):
        """The merges into ``record``, the newest first."""
        return self.of_kind(type(record)).filter(survivor_id=record.pk)

    def survivor_of(self, model, pk):
        """The ``model`` record that the merged-away id ``pk`` now lives on as, or None.

        Follows merges one after another (A into B, then B into C leads A to C); a loop, which only a
        hand-edited table could hold, ends the search rather than running for ever.
        """
        merges = self.of_kind(model).in_force()
        seen = set()
        current = pk
        while current not in seen:
            seen.add(current)
            survivor_id = merges.filter(merged_id=current).values_list("survivor_id", flat=True).first()
            if survivor_id is None:
                return None
            survivor = model._base_manager.filter(pk=survivor_id).first()
            if survivor is not None:
                return survivor
            current = survivor_id
        return None


class RecordMerge(models.Model):
    """Two records of one kind that staff merged into one: what moved, so that it can be undone.

    Written only by core/merging.py. Not a Record: staff do not edit it, and the records the merge
    changed keep their own history. The merged-away record's id stays here after the record is gone,
    so that its permanent link leads to the survivor (public/views.py ``permanent_link``).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    survivor_id = models.PositiveBigIntegerField(help_text="The record kept, with its id.")
    merged_id = models.PositiveBigIntegerField(help_text="The id of the record merged into it and deleted.")
    merged_name = models.CharField(max_length=300, help_text="How the merged-away record was named.")
    merged_slug = models.CharField(max_length=120, blank=True)
    # The merged record's values, the survivor's before the merge, the rows moved, dropped and made.
    snapshot = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="record_merges",
    )
    merged_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="record_merges_undone",
    )

    objects = RecordMergeQuerySet.as_manager()

    class Meta:
        ordering = ["-merged_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "merged_id"], name="record_merge_merged_idx"),
            models.Index(fields=["content_type", "survivor_id"], name="record_merge_survivor_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(survivor_id=F("merged_id")),
                name="record_merge_of_two_records",
                violation_error_message="A record cannot be merged into itself.",
            ),
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True) | Q(undone_at__gte=F("merged_at")),
                name="record_merge_undone_after_merged",
                violation_error_message="A merge cannot be undone before it was made.",
            ),
        ]

    def __str__(self):
        return f"“{self.merged_name}” (#{self.merged_id}) merged into #{self.survivor_id}"

    def get_absolute_url(self):
        # Where the merged-away record's addresses lead: the survivor's page.
        survivor = self.survivor
        return survivor.get_absolute_url() if survivor is not None else None

    @property
    def survivor(self):
        return self.content_type.model_class()._base_manager.filter(pk=self.survivor_id).first()

    @property
    def is_undone(self):
        return self.undone_at is not None


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
