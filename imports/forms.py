"""The forms of the article import pages in the admin (imports/admin.py): giving an article, and
correcting a proposal's values or the record it is before accepting it."""

import datetime

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.text import capfirst

from core.dates import DatePrecision
from meetings.models import (
    Declaration,
    DeclarationKind,
    DeclarationRelation,
    Meeting,
    MeetingFormat,
    MeetingKind,
    OutcomeKind,
    ParticipationRole,
)
from people.models import Country, Official, Organisation, OrganisationClassification

from .extract import MAX_CHARACTERS, ArticleRejected, html_article, plain_article

# A saved page may carry markup, scripts and styles around the article (extract.html_article allows
# five times the text's limit in characters); bytes beyond four to a character cannot be that page.
MAX_PAGE_BYTES = MAX_CHARACTERS * 5 * 4


class ImportArticleForm(forms.Form):
    """An article as staff give it: its text pasted with what is known of it, or a saved web page,
    whose text, headline, publisher and date the site reads itself (extract.py). ``article`` is the
    checked ``extract.Article`` once the form is valid; a refused article's reason is shown beside the
    field it came from."""

    text = forms.CharField(
        label="Article text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90}),
        help_text=f"Paste the article's words, in English: up to {MAX_CHARACTERS:,} characters.",
    )
    page = forms.FileField(
        label="Or a saved web page",
        required=False,
        help_text="An HTML file saved from the browser (File → Save page as…): the text, headline, "
        "publisher and date are read from it; what you type below takes precedence.",
        widget=forms.ClearableFileInput(attrs={"accept": ".html,.htm,text/html"}),
    )
    headline = forms.CharField(
        max_length=300, required=False, widget=forms.TextInput(attrs={"class": "vLargeTextField"})
    )
    publisher = forms.CharField(
        max_length=200,
        required=False,
        help_text="The news agency or site, e.g. Vietnam News Agency.",
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    published = forms.DateField(
        label="Publication date",
        required=False,
        help_text="Dates the article gives without a year (“on August 5”) are read against it.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    url = forms.URLField(
        label="URL",
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "vURLField"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A null character is one sign among others of a binary file: extract.check_text says so in words.
        text = self.fields["text"]
        text.validators = [v for v in text.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        text, page = cleaned.get("text") or "", cleaned.get("page")
        metadata = {
            "headline": cleaned.get("headline") or "",
            "publisher": cleaned.get("publisher") or "",
            "published": cleaned.get("published"),
            "url": cleaned.get("url") or "",
        }
        if text.strip() and page:
            self.add_error("page", "Give the text or a saved page, not both.")
        elif page:
            self.cleaned_data["was_html"] = True
            self.article = self.read(page, metadata)
        else:
            self.cleaned_data["was_html"] = False
            try:
                self.article = plain_article(text, **metadata)
            except ArticleRejected as refused:
                self.add_error("text", str(refused))
        return self.cleaned_data

    def read(self, page, metadata):
        if page.size > MAX_PAGE_BYTES:
            self.add_error(
                "page", f"The file is {page.size:,} bytes; a saved page is at most {MAX_PAGE_BYTES:,}."
            )
            return None
        try:
            return html_article(page.read(), **metadata)
        except ArticleRejected as refused:
            self.add_error("page", str(refused))
            return None


# What staff may give or correct for each kind of proposal (the values of /tmp/import_format.md),
# in the order the form shows them; a value the analysis gave beyond these is shown as text after them.
KIND_FIELDS = {
    "meeting": [
        "name",
        "short_name",
        "kind",
        "ordinal",
        "parent",
        "start_date",
        "end_date",
        "date_precision",
        "city",
        "country",
        "format",
        "theme",
    ],
    "official": ["name", "honorific", "title", "country", "organisation"],
    "participation": [
        "meeting",
        "official",
        "role",
        "represents_country",
        "represents_organisation",
        "name_as_printed",
        "title_as_printed",
    ],
    "organisation": ["name", "abbreviation", "classification", "country", "parent"],
    "country": ["code", "name"],
    "declaration": ["title", "acronym", "kind", "relation", "meeting"],
    "outcome": ["meeting", "kind", "text"],
    "chair_statement": ["organisation", "from_country", "to_country", "meeting", "term"],
}
CHOICES = {
    ("meeting", "kind"): MeetingKind.choices,
    ("meeting", "format"): MeetingFormat.choices,
    ("meeting", "date_precision"): DatePrecision.choices,
    ("participation", "role"): ParticipationRole.choices,
    ("organisation", "classification"): OrganisationClassification.choices,
    ("declaration", "kind"): DeclarationKind.choices,
    ("declaration", "relation"): DeclarationRelation.choices,
    ("outcome", "kind"): OutcomeKind.choices,
}
DATES = {"start_date", "end_date"}
NUMBERS = {"ordinal", "term"}
LONG = {"text", "theme", "title", "title_as_printed"}
HELP = {
    "parent": "The meeting it is part of: a proposal's id (p2) or a recorded meeting's slug.",
    "meeting": "A proposal's id (p2) or a recorded meeting's slug.",
    "official": "A proposal's id or a recorded official's slug.",
    "organisation": "A proposal's id, or a recorded organisation's slug or abbreviation.",
    "represents_organisation": "A proposal's id or a recorded organisation's slug.",
    "country": "The country's two-letter code, e.g. VN.",
    "represents_country": "The country's two-letter code, e.g. VN.",
    "from_country": "The country's two-letter code.",
    "to_country": "The country's two-letter code.",
}
# The kinds that may be linked to another recorded record than the analysis found, and its model.
LINKABLE = {
    "meeting": Meeting,
    "official": Official,
    "organisation": Organisation,
    "declaration": Declaration,
    "country": Country,
}


# What a new record of each kind cannot be made without.
REQUIRED_FOR_NEW = {"official": "name", "organisation": "name", "declaration": "title", "outcome": "text"}


def label_of(name):
    return capfirst(name.replace("_", " "))


class ProposalForm(forms.Form):
    """A proposal's values, to correct before accepting it, and which recorded record it is, if any.

    ``changed_values()`` gives only what staff changed, as accepting.accept takes it (JSON: dates as
    ISO text); ``linked()`` the record chosen, or None for a new one.
    """

    NEW = ""

    def __init__(self, proposal, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        names = KIND_FIELDS.get(proposal.kind, [])
        names = [*names, *(name for name in proposal.values if name not in names)]
        for name in names:
            self.fields[f"value_{name}"] = self.field_for(proposal.kind, name, proposal.values.get(name))
        model = LINKABLE.get(proposal.kind)
        if model is not None:
            self.fields["link"] = forms.ChoiceField(
                label=f"Which {model._meta.verbose_name} is it?",
                required=False,
                choices=[(self.NEW, f"A new {model._meta.verbose_name}"), *self.candidates(model)],
                initial=self.matched(model),
                help_text="The analysis's match is chosen; choose another recorded one if it is wrong.",
            )
        elif proposal.kind == "outcome" and (proposal.match or {}).get("slug"):
            # Outcomes are found only by their words at their meeting, so the choice is that one or none.
            matched = proposal.match["slug"]
            self.fields["link"] = forms.ChoiceField(
                label="Which outcome is it?",
                required=False,
                choices=[(self.NEW, "A new outcome"), (matched, f"The recorded outcome {matched}")],
                initial=matched,
                help_text="The analysis's match is chosen; choose a new one if the article states another.",
            )

    @staticmethod
    def candidates(model):
        if model is Country:
            return [(c.code, f"{c.name} ({c.code})") for c in Country.objects.order_by("name")]
        label = "title" if model is Declaration else "name"
        rows = model._default_manager.order_by(label).values_list("slug", label)
        return [(slug, f"{name} ({slug})") for slug, name in rows]

    def matched(self, model):
        match = self.proposal.match or {}
        slug = match.get("slug") or self.NEW
        return slug.upper() if model is Country else slug

    @staticmethod
    def field_for(kind, name, value):
        options = {"label": label_of(name), "required": False, "help_text": HELP.get(name, "")}
        options["initial"] = value
        if (kind, name) in CHOICES:
            return forms.ChoiceField(choices=[("", "—"), *CHOICES[(kind, name)]], **options)
        if name in DATES:
            return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)
        if name in NUMBERS:
            return forms.IntegerField(min_value=1, **options)
        if name in LONG:
            return forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "cols": 80}), **options)
        return forms.CharField(max_length=400, **options)

    def clean(self):
        cleaned = super().clean()
        field = f"value_{REQUIRED_FOR_NEW.get(self.proposal.kind)}"
        is_new = "link" not in self.fields or not cleaned.get("link")
        if is_new and field in self.fields and field not in self.errors and not cleaned.get(field):
            self.add_error(field, f"A new {self.proposal.get_kind_display().lower()} needs this.")
        return cleaned

    def changed_values(self):
        """The values staff changed, JSON-ready; a cleared value is None."""
        changed = {}
        for key in self.fields:
            if not key.startswith("value_"):
                continue
            name = key.removeprefix("value_")
            value = self.cleaned_data.get(key)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            if value == "":
                value = None
            before = self.proposal.values.get(name)
            if value != before and not (value is None and before in (None, "")):
                changed[name] = value
        return changed

    def linked(self):
        """The recorded record staff chose (a slug, or a country's code), or None for a new one."""
        if "link" not in self.fields:
            return None
        return self.cleaned_data.get("link") or None

    def link_changed(self):
        if self.proposal.kind == "outcome":
            return "link" in self.fields and self.linked() is None
        model = LINKABLE.get(self.proposal.kind)
        return model is not None and (self.linked() or self.NEW) != self.matched(model)

    def value_fields(self):
        return [self[key] for key in self.fields if key.startswith("value_")]
