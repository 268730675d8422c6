"""Where the records come from: the news articles and documents each fact is taken from."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.models import Record, SlugManager, http_url_constraint, lowercase_slug_constraint


class Source(Record):
    """A news article or document that records are derived from."""

    slug = models.SlugField(max_length=100, db_index=False)
    headline = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    dateline = models.CharField(
        max_length=100, blank=True, help_text="Place printed at the start, e.g. Hanoi."
    )
    published_on = models.DateField(
        "publication date", null=True, blank=True, help_text="Leave empty if not printed."
    )
    url = models.URLField("URL", max_length=500, blank=True, help_text="Leave empty if unknown.")
    note = models.TextField(blank=True, help_text="What the source leaves out or gets wrong.")

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["headline"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="source_slug_unique"),
            lowercase_slug_constraint("source_slug_lowercase"),
            http_url_constraint("url", "source_url_http_only"),
        ]

    def __str__(self):
        return f"{self.headline} ({self.publisher})"

    def get_absolute_url(self):
        return reverse("public:source_detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)
