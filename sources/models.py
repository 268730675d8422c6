"""Where the records come from: the sources (news articles, official pages, documents) and the
citations that tie each fact of a record to a source, in the source's own words where we have them.
"""

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.dates import DatePrecision, partial_date, truncate
from core.models import (
    Record,
    RecordReference,
    SearchableModel,
    SlugManager,
    choices_constraint,
    http_url_constraint,
    lowercase_slug_constraint,
)


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", "News article"
    WEB_PAGE = "web_page", "Official web page"
    DOCUMENT = "document", "Document"
    OTHER = "other", "Other"


class Source(SearchableModel, Record):
    """A news article or document that records are derived from."""

    slug = models.SlugField(max_length=100, db_index=False)
    headline = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    dateline = models.CharField(
        max_length=100, blank=True, help_text="Place printed at the start, e.g. Hanoi."
    )
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.NEWS_ARTICLE)
    published_on = models.DateField(
        "publication date", null=True, blank=True, help_text="Leave empty if not printed."
    )
    published_precision = models.CharField(
        "known to the", max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    url = models.URLField("URL", max_length=500, blank=True, help_text="Leave empty if unknown.")
    retrieved_on = models.DateField(
        "retrieved", null=True, blank=True, help_text="When the page was read at its URL."
    )
    archive_url = models.URLField(
        "archived copy",
        max_length=500,
        blank=True,
        help_text="A copy that outlives the page, e.g. on web.archive.org: news sites move and delete pages.",
    )
    note = models.TextField(blank=True, help_text="What the source leaves out or gets wrong.")

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["headline"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="source_slug_unique"),
            lowercase_slug_constraint("source_slug_lowercase"),
            http_url_constraint("url", "source_url_http_only"),
            http_url_constraint("archive_url", "source_archive_url_http_only"),
            choices_constraint("kind", SourceKind, "source_kind_valid"),
            choices_constraint("published_precision", DatePrecision, "source_published_precision_valid"),
        ]

    def __str__(self):
        return f"{self.headline} ({self.publisher})"

    def get_absolute_url(self):
        return reverse("public:source_detail", args=[self.slug])

    def search_terms(self):
        return [self.headline, self.publisher, self.dateline]

    def natural_key(self):
        return (self.slug,)

    def save(self, *args, **kwargs):
        self.published_on = truncate(self.published_on, self.published_precision)
        super().save(*args, **kwargs)

    @property
    def published(self):
        return partial_date(self.published_on, self.published_precision)


class CitationBasis(models.TextChoices):
    STATED = "stated", "Stated by the source"
    INFERRED = "inferred", "Inferred from the source"
    EDITORIAL = "editorial", "Editorial decision"


class CitationQuerySet(models.QuerySet):
    def of(self, record):
        """The citations of one record, each fact's in the order staff entered them."""
        content_type = ContentType.objects.get_for_model(record)
        return self.filter(content_type=content_type, object_id=record.pk).select_related("source")

    def of_kind(self, model):
        """The citations of every record of ``model``."""
        return self.filter(
            content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
        )

    def for_records(self, records):
        """The citations of every record given (of any models, mixed) as a ``sources.citing.CitationIndex``:
        one query, with each citation's source, however many records there are."""
        from .citing import CitationIndex

        return CitationIndex(records, self)


class CitationManager(models.Manager.from_queryset(CitationQuerySet)):
    def get_by_natural_key(self, field, source_slug, quote, app_label, model_name, *record_key):
        model = apps.get_model(app_label, model_name)
        record = model._default_manager.get_by_natural_key(*record_key)
        return self.get(
            content_type=ContentType.objects.get_for_model(model),
            object_id=record.pk,
            field=field,
            source__slug=source_slug,
            quote=quote,
        )


class Citation(Record):
    """One source's support for one fact: a field of a record, or the record as a whole."""

    Basis = CitationBasis

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = RecordReference()
    record = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        max_length=60,
        blank=True,
        help_text="The field the source supports, e.g. start_date; empty for the record as a whole.",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    quote = models.TextField(
        blank=True,
        help_text="The source's own words, copied exactly; empty where it supports the fact in other words.",
    )
    locator = models.CharField(
        max_length=100, blank=True, help_text="Where in the source: e.g. paragraph 3, page 12."
    )
    basis = models.CharField(max_length=10, choices=CitationBasis.choices, default=CitationBasis.STATED)
    reasoning = models.TextField(
        blank=True,
        help_text="For an inference or an editorial decision: how it follows from the source, or why.",
    )
    # Where sources disagree, each claim is kept with its source; the record states one of them.
    claim = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where sources disagree: what this source says, in a few words (e.g. 2021–2023).",
    )
    stated_in_record = models.BooleanField(
        "the record states this",
        default=True,
        help_text="Clear it for a source whose claim the record does not follow.",
    )

    objects = CitationManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["content_type", "object_id", "field", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_record_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "source", "quote"],
                name="citation_once",
                violation_error_message="This fact already cites this source with these words.",
            ),
            choices_constraint("basis", CitationBasis, "citation_basis_valid"),
            models.CheckConstraint(
                condition=Q(basis=CitationBasis.STATED) | ~Q(reasoning=""),
                name="citation_inference_explained",
                violation_error_message="Say how the inference follows from the source, or why so.",
            ),
            models.CheckConstraint(
                condition=Q(stated_in_record=True) | ~Q(claim=""),
                name="citation_other_claim_stated",
                violation_error_message="Say what this source claims, since the record does not follow it.",
            ),
        ]

    def __str__(self):
        what = f"{self.field} of " if self.field else ""
        return f"{what}{self.record}: {self.source.headline}"

    def get_absolute_url(self):
        # A citation is shown with the fact it supports, on its record's page.
        record = self.record
        return record.get_absolute_url() if record is not None else self.source.get_absolute_url()

    def natural_key(self):
        content_type = self.content_type
        return (
            self.field,
            self.source.slug,
            self.quote,
            content_type.app_label,
            content_type.model,
            *self.record.natural_key(),
        )

    # Which records a citation may name is filled in by SourcesConfig.ready(): every record model.
    natural_key.dependencies = ["sources.source"]

    @property
    def is_verbatim(self):
        return bool(self.quote)


def delete_citations_of(sender, instance, **kwargs):
    """A record's citations go with it (a GenericRelation would do it, but would have every record
    model declare one)."""
    Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()
