"""Articles staff give to be analysed, and the proposals each made, kept until staff decide on them.

A review can be left and resumed: the proposals stay stored with the article until each is accepted
(imports/accepting.py turns it into draft records and citations) or rejected, when it is deleted.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.models import choices_constraint
from sources.models import Source


def text_fingerprint(text):
    """A digest of an article's words, which tells the same article pasted again whatever its spacing."""
    from core.search import fold

    return hashlib.sha256(fold(text).encode()).hexdigest()


class ImportStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposals to review"
    REVIEWED = "reviewed", "Every proposal decided"


class ArticleImport(models.Model):
    """An article given for analysis: its text, what is known of it, who gave it and when."""

    Status = ImportStatus

    text = models.TextField(help_text="The article's text as analysed.")
    headline = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    was_html = models.BooleanField("given as a web page", default=False)
    fingerprint = models.CharField(max_length=64, editable=False, db_index=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
        help_text="The source recorded for this article: found recorded, or made on the first acceptance.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    accepted = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "What each accepted proposal became: its id → {kind, slug (a country's code; null for the "
            "kinds without one), pk}."
        ),
    )
    known_why = models.CharField(
        "recorded already by",
        max_length=40,
        blank=True,
        help_text="How the article was found recorded already when imported (same URL, same text, same "
        "headline and publisher); empty when it was new.",
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="article_imports",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        constraints = [choices_constraint("status", ImportStatus, "article_import_status_valid")]

    def __str__(self):
        return self.headline or f"Article imported {self.created:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        self.fingerprint = text_fingerprint(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:imports_articleimport_change", args=[self.pk])


class ProposalKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    OFFICIAL = "official", "Official"
    PARTICIPATION = "participation", "Participation"
    ORGANISATION = "organisation", "Organisation"
    COUNTRY = "country", "Country"
    DECLARATION = "declaration", "Declaration, framework or plan"
    OUTCOME = "outcome", "Outcome"
    CHAIR_STATEMENT = "chair_statement", "Chair handover"


class ProposalDecision(models.TextChoices):
    UNDECIDED = "", "Not decided"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class Proposal(models.Model):
    """One proposed record or fact from an article: what it is, the words it comes from, the recorded
    record it matches and the recorded values it contradicts (the analysis's JSON, stored)."""

    Kind = ProposalKind
    Decision = ProposalDecision

    article = models.ForeignKey(ArticleImport, on_delete=models.CASCADE, related_name="proposals")
    key = models.CharField(max_length=20, help_text="The proposal's id in the analysis, e.g. p3.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(help_text="The words as printed.")
    sentence = models.TextField(help_text="The whole sentence, verbatim: the quote its citations give.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    values = models.JSONField(default=dict)
    match = models.JSONField(null=True, blank=True)
    conflicts = models.JSONField(default=list, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True, default="")

    class Meta:
        ordering = ["article", "start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="proposal_key_unique_per_article"),
            choices_constraint("kind", ProposalKind, "proposal_kind_valid"),
            choices_constraint("decision", ProposalDecision, "proposal_decision_valid", allow_blank=True),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="proposal_end_not_before_start"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:80]}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    def as_json(self):
        """The proposal in the analysis's JSON form (README, imports)."""
        return {
            "id": self.key,
            "kind": self.kind,
            "text": self.text,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "values": self.values,
            "match": self.match,
            "conflicts": self.conflicts,
        }


def store_analysis(analysis, was_html=False, user=None):
    """Keep an analysis: the article and its proposals, for staff to review now or later."""
    article = analysis.article
    known = analysis.known_source
    stored = ArticleImport.objects.create(
        text=article.text,
        headline=article.headline,
        publisher=article.publisher,
        published_on=article.published,
        url=article.url,
        was_html=was_html,
        source=Source.objects.filter(slug=known["slug"]).first() if known else None,
        known_why=known["why"] if known else "",
        imported_by=user,
    )
    Proposal.objects.bulk_create(
        Proposal(
            article=stored,
            key=proposal.id,
            kind=proposal.kind,
            text=proposal.text,
            sentence=proposal.sentence,
            start=proposal.start,
            end=proposal.end,
            values=proposal.values,
            match=proposal.match,
            conflicts=proposal.conflicts,
        )
        for proposal in analysis.proposals
    )
    return stored
