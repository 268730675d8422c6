"""Importing an article in the admin, and reviewing what it proposes.

*Import an article* (the add page) takes pasted text with its headline, publisher, date and URL, or a
saved web page; the analysis is stored (models.store_analysis) and staff land on the review page (the
change page), which shows the article with each proposal highlighted and the proposals grouped by kind,
each to accept, correct and accept, link to another recorded record, or reject (accepting.py). Accepting
makes drafts only, so Editors may do all of it; a decided proposal is deleted, so the page shows what
remains until the review is done.
"""

import datetime
import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from core.roles import add_role_models
from meetings.models import Chairmanship, Declaration, Meeting, Outcome, Participation
from people.models import Country, Official, Organisation

from .accepting import (
    PUBLIC_AT_ONCE,
    AcceptError,
    AlreadyDecided,
    accept,
    accept_all,
    is_public_at_once,
    reject,
)
from .analysis import analyse
from .forms import CHOICES, LINKABLE, ImportArticleForm, ProposalForm, label_of
from .models import ArticleImport, Proposal, ProposalKind, store_analysis, text_fingerprint

# Staff import and review articles: the roles get the permissions on the imports as on the records.
add_role_models(ArticleImport)

# The review's groups, in the order staff decide them: what the rest refers to comes first.
KIND_HEADINGS = {
    ProposalKind.MEETING: "Meetings",
    ProposalKind.OFFICIAL: "Officials",
    ProposalKind.PARTICIPATION: "Participations",
    ProposalKind.ORGANISATION: "Organisations",
    ProposalKind.COUNTRY: "Countries",
    ProposalKind.DECLARATION: "Declarations, frameworks and plans",
    ProposalKind.OUTCOME: "Outcomes",
    ProposalKind.CHAIR_STATEMENT: "Chair handovers",
}
KIND_MODELS = {
    "meeting": Meeting,
    "official": Official,
    "participation": Participation,
    "organisation": Organisation,
    "country": Country,
    "declaration": Declaration,
    "outcome": Outcome,
    "chair_statement": Chairmanship,
}
# What the done page's names of accepted records read, fetched with them.
RELATED_FOR_NAMES = {
    "participation": ("meeting", "official", "organisation", "country"),
    "chair_statement": ("organisation", "country"),
}
CHOICE_LABELS = {field: dict(choices) for field, choices in CHOICES.items()}
PROPOSAL_KEY = re.compile(r"p\d+")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def admin_change_url(record):
    """The admin page of ``record``, or None where the admin has none."""
    opts = record._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return None


def describe(record):
    """“Name” (a draft meeting), linked to its admin page: how a message names a record made or linked.
    What is public already (no status, published, or part of a published record) is said to be."""
    what = record._meta.verbose_name
    if getattr(record, "status", None) == "draft":
        what = f"draft {what}"
    public = ""
    if is_public_at_once(record):
        public = (
            " (public now: it has no draft status)"
            if isinstance(record, PUBLIC_AT_ONCE)
            else " (public now: it is or belongs to a published record)"
        )
    url = admin_change_url(record)
    if url is None:
        return format_html("{} “{}”{}", what, record, public)
    return format_html('{} <a href="{}">“{}”</a>{}', what, url, record, public)


def shown(value):
    """A value as staff read it: an ISO date written out, anything else as text."""
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return date_format(datetime.date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    return str(value)


def span_of(text, proposal):
    """Where ``proposal``'s words are in ``text``: its offsets, which the analysis makes hold its words;
    None for one stored before it did, whose offsets may hold other words (it is left unmarked)."""
    if (
        0 <= proposal.start < proposal.end <= len(text)
        and text[proposal.start : proposal.end] == proposal.text
    ):
        return proposal.start, proposal.end
    return None


def highlighted(text, proposals):
    """The article's text as HTML, each proposal's words in a <mark> linking to its entry.

    Spans overlap (an official's name is also the words of their participation; an outcome is a whole
    sentence holding names), and marks cannot overlap, so the text is cut wherever a span starts or
    ends: each piece is marked once, linking to the narrowest proposal covering it, and after the first
    piece of every proposal a numbered reference links to it, so each proposal has its own way in.
    """
    spans = []
    for order, proposal in enumerate(proposals):
        span = span_of(text, proposal)
        if span is not None:
            spans.append((*span, order, proposal))
    cuts = sorted({0, len(text), *(start for start, *_ in spans), *(end for _, end, *_ in spans)})
    pieces = []
    for begin, finish in zip(cuts, cuts[1:], strict=False):
        words = escape(text[begin:finish])
        covering = [span for span in spans if span[0] <= begin and finish <= span[1]]
        if not covering:
            pieces.append(words)
            continue
        narrowest = min(covering, key=lambda span: (span[1] - span[0], span[2]))[3]
        layered = " layered" if len(covering) > 1 else ""
        pieces.append(
            format_html(
                '<mark class="proposal-mark kind-{}{}"><a href="#proposal-{}">{}</a></mark>',
                narrowest.kind,
                layered,
                narrowest.key,
                words,
            )
        )
        starting = [span[3] for span in spans if span[0] == begin]
        if starting:
            pieces.append(
                format_html(
                    '<sup class="proposal-refs">{}</sup>',
                    format_html_join(
                        " ",
                        '<a href="#proposal-{}" aria-label="proposal {}, {}">{}</a>',
                        ((p.key, p.key, p.get_kind_display().lower(), p.key) for p in starting),
                    ),
                )
            )
    return mark_safe("".join(str(piece) for piece in pieces))  # noqa: S308 -- every piece escaped above


@admin.register(ArticleImport)
class ArticleImportAdmin(admin.ModelAdmin):
    """The imports' list; *Import an article* as the add page; the review as the change page."""

    list_display = ("__str__", "publisher", "published_on", "status", "remaining", "imported_by", "created")
    list_filter = ("status",)
    search_fields = ("headline", "publisher", "url")
    list_select_related = ("imported_by",)
    date_hierarchy = "created"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(remaining_count=Count("proposals"))

    @admin.display(description="Proposals left", ordering="remaining_count")
    def remaining(self, article):
        return article.remaining_count

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/decide/<str:key>/", view(self.decide_view), name=f"{info}_decide"),
            path("<int:object_id>/edit/<str:key>/", view(self.edit_view), name=f"{info}_edit_proposal"),
            path("<int:object_id>/accept-all/", view(self.accept_all_view), name=f"{info}_accept_all"),
            *super().get_urls(),
        ]

    def url(self, view, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=args)

    def context(self, request, title, **more):
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **more}

    # Importing ---------------------------------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportArticleForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            self.warn_of_unreviewed_twin(request, form.article)
            analysis = analyse(form.article)
            stored = store_analysis(analysis, was_html=form.cleaned_data["was_html"], user=request.user)
            self.log_addition(request, stored, "Imported and analysed.")
            self.announce_import(request, stored, analysis)
            shortened = form.article.metadata_found.get("shortened")
            if shortened:
                self.message_user(request, f"From the page: {'; '.join(shortened)}.", messages.WARNING)
            return HttpResponseRedirect(self.url("change", stored.pk))
        context = self.context(request, "Import an article", form=form)
        return TemplateResponse(request, "admin/imports/import_article.html", context)

    def warn_of_unreviewed_twin(self, request, article):
        """Warn when the same text waits for review already: accepting both would record it twice over
        (the source is shared once one is accepted, but each review proposes the same records)."""
        twin = ArticleImport.objects.filter(
            fingerprint=text_fingerprint(article.text), status=ArticleImport.Status.PROPOSED
        ).first()
        if twin is not None:
            self.message_user(
                request,
                format_html(
                    "This article was imported already and its review is not finished: "
                    '<a href="{}">“{}”</a>. Review that one, and reject or delete this one.',
                    self.url("change", twin.pk),
                    twin,
                ),
                messages.WARNING,
            )

    def announce_import(self, request, stored, analysis):
        count = len(analysis.proposals)
        known = analysis.known_source
        if known:
            self.message_user(
                request,
                f"This article is recorded already (source “{known['slug']}”, found by {known['why']}): "
                f"only what it adds is proposed — {count} proposal{'s' if count != 1 else ''}.",
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                f"“{stored}” was analysed: {count} proposal{'s' if count != 1 else ''} to review.",
                messages.SUCCESS,
            )

    # Reviewing ---------------------------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.article_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        proposals = list(Proposal.objects.filter(article=article).order_by("start", "pk"))
        by_key = {p.key: p for p in proposals}
        groups = []
        for kind, heading in KIND_HEADINGS.items():
            entries = [self.entry(article, p, by_key) for p in proposals if p.kind == kind]
            if entries:
                groups.append({"kind": kind, "heading": heading, "entries": entries})
        context = self.context(
            request,
            f"Review: {article}",
            article=article,
            original=article,
            known=article.known_why,
            source_url=admin_change_url(article.source) if article.source else None,
            text=highlighted(article.text, proposals),
            groups=groups,
            count=len(proposals),
            can_decide=self.has_change_permission(request, article),
            done=not proposals,
            recorded=self.recorded(article) if not proposals else [],
            accept_all_url=self.url("accept_all", article.pk),
        )
        return TemplateResponse(request, "admin/imports/review.html", context)

    def article_or_404(self, request, object_id):
        article = (
            self.get_queryset(request).select_related("source", "imported_by").filter(pk=object_id).first()
            if str(object_id).isdigit()
            else None
        )
        if article is None:
            raise Http404("No such article import.")
        return article

    def entry(self, article, proposal, by_key):
        """What the review shows of one proposal: its values, its match and its conflicts, in words."""
        values = [
            (
                label_of(name),
                self.value_html(
                    article, CHOICE_LABELS.get((proposal.kind, name), {}).get(value, value), by_key
                ),
            )
            for name, value in proposal.values.items()
        ]
        match = None
        if proposal.match:
            model = KIND_MODELS.get(proposal.kind)
            url = None
            if model is not None and proposal.match.get("id") is not None:
                opts = model._meta
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[proposal.match["id"]])
            match = {**proposal.match, "url": url}
        conflicts = [
            {
                "field": label_of(conflict.get("field", "")),
                "recorded": shown(conflict.get("recorded")),
                "proposed": shown(conflict.get("proposed")),
            }
            for conflict in proposal.conflicts
        ]
        return {
            "proposal": proposal,
            "kind_label": proposal.get_kind_display(),
            "values": values,
            "match": match,
            "conflicts": conflicts,
            "decide_url": self.url("decide", article.pk, proposal.key),
            "edit_url": self.url("edit_proposal", article.pk, proposal.key),
            "linkable": proposal.kind in LINKABLE,
        }

    @staticmethod
    def value_html(article, value, by_key):
        """A value as the review shows it: another proposal named by id links to its entry."""
        if isinstance(value, str) and PROPOSAL_KEY.fullmatch(value):
            other = by_key.get(value)
            if other is not None:
                return format_html('<a href="#proposal-{}">{} ({})</a>', value, other.text, value)
            became = article.accepted.get(value)
            if became:
                return format_html("{} (accepted as {})", value, became.get("slug") or became.get("kind"))
            return format_html("{} (rejected)", value)
        return shown(value)

    @staticmethod
    def recorded(article):
        """The records the accepted proposals became, linked to their admin pages: one look-up for each
        kind accepted (at most one for each of the eight kinds), however many were accepted."""
        by_kind = {}
        for became in article.accepted.values():
            by_kind.setdefault(became["kind"], set()).add(became["pk"])
        found = []
        for kind in KIND_HEADINGS:
            if kind in by_kind:
                related = RELATED_FOR_NAMES.get(kind, ())
                found += list(
                    KIND_MODELS[kind]._default_manager.select_related(*related).filter(pk__in=by_kind[kind])
                )
        return [describe(record) for record in found]

    # Deciding ----------------------------------------------------------------------------------------

    def proposal_or_gone(self, request, object_id, key):
        """The article and its undecided proposal ``key``, or a redirect to the review when that
        proposal was decided meanwhile (it is deleted then)."""
        article = self.article_or_404(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        proposal = Proposal.objects.filter(article=article, key=key).select_related("article").first()
        if proposal is None:
            self.message_user(
                request, f"Proposal {key} was decided already; here is what remains.", messages.WARNING
            )
            return article, None
        return article, proposal

    def decide_view(self, request, object_id, key):
        if request.method != "POST":
            return HttpResponseRedirect(self.url("change", object_id))
        article, proposal = self.proposal_or_gone(request, object_id, key)
        if proposal is not None:
            if "reject" in request.POST:
                reject(proposal)
                self.message_user(
                    request,
                    f"Rejected {key} ({proposal.get_kind_display().lower()} “{proposal.text}”): "
                    "nothing was recorded from it.",
                    messages.SUCCESS,
                )
            else:
                self.accept_and_tell(request, article, proposal)
        return HttpResponseRedirect(self.url("change", article.pk))

    def accept_and_tell(self, request, article, proposal, values=None, link_to=None, as_new=False):
        """Accept ``proposal`` and say what was recorded, naming too the proposals it referred to, which
        were accepted first; returns the AcceptError's message when it could not be accepted."""
        before = dict(Proposal.objects.filter(article=article).values_list("key", "kind"))
        accepted_before = set(article.accepted)
        try:
            record = accept(proposal, values=values, link_to=link_to, as_new=as_new, user=request.user)
        except AlreadyDecided as gone:
            self.message_user(request, f"{gone} Here is what remains.", messages.WARNING)
            return str(gone)
        except AcceptError as refused:
            self.message_user(request, f"Proposal {proposal.key} was not accepted: {refused}", messages.ERROR)
            return str(refused)
        self.log_change(request, article, f"Accepted {proposal.key}: {record}.")
        article.refresh_from_db(fields=["accepted"])
        first = [
            (key, before[key], became["slug"] or f"#{became['pk']}")
            for key, became in article.accepted.items()
            if key not in accepted_before and key != proposal.key and key in before
        ]
        message = format_html("Accepted {}: {}.", proposal.key, describe(record))
        if first:
            message += format_html(
                " Accepted first, as it refers to them: {}.",
                format_html_join("; ", "{} ({} {})", ((key, kind, slug) for key, kind, slug in first)),
            )
        self.message_user(request, message, messages.SUCCESS)
        return None

    def edit_view(self, request, object_id, key):
        article, proposal = self.proposal_or_gone(request, object_id, key)
        if proposal is None:
            return HttpResponseRedirect(self.url("change", article.pk))
        form = ProposalForm(proposal, request.POST or None)
        if request.method == "POST" and form.is_valid():
            link_to = form.linked() if form.link_changed() else None
            as_new = form.link_changed() and link_to is None
            values = form.changed_values() or None
            refused = self.accept_and_tell(request, article, proposal, values, link_to, as_new)
            if refused is None:
                return HttpResponseRedirect(self.url("change", article.pk))
            form.add_error(None, refused)
        context = self.context(
            request,
            f"Correct and accept {proposal.key}: {proposal.get_kind_display().lower()}",
            article=article,
            original=article,
            proposal=proposal,
            form=form,
            review_url=self.url("change", article.pk),
        )
        return TemplateResponse(request, "admin/imports/edit_proposal.html", context)

    def accept_all_view(self, request, object_id):
        article = self.article_or_404(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            before = dict(Proposal.objects.filter(article=article).values_list("key", "kind"))
            accepted_before = set(article.accepted)
            accepted, refused = accept_all(article, user=request.user)
            article.refresh_from_db(fields=["accepted"])
            named = {key for key, _ in accepted}
            first = [
                key
                for key in article.accepted
                if key not in accepted_before and key in before and key not in named
            ]
            if accepted:
                self.log_change(request, article, f"Accepted {len(accepted) + len(first)} proposals.")
                message = format_html(
                    "Accepted {} proposals: {}.",
                    len(accepted) + len(first),
                    format_html_join("; ", "{}: {}", ((key, describe(rec)) for key, rec in accepted)),
                )
                if first:
                    message += format_html(
                        " Accepted with them, as they refer to it: {}.",
                        format_html_join(
                            "; ",
                            "{} ({} {})",
                            (
                                (k, before[k], article.accepted[k]["slug"] or f"#{article.accepted[k]['pk']}")
                                for k in first
                            ),
                        ),
                    )
                self.message_user(request, message, messages.SUCCESS)
            for key, why in refused:
                self.message_user(request, f"Proposal {key} was not accepted: {why}", messages.ERROR)
            if not accepted and not refused:
                self.message_user(request, "Nothing remained to accept.", messages.INFO)
        return HttpResponseRedirect(self.url("change", article.pk))
