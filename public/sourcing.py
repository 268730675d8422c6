"""Everything recorded from one source, for its page (/sources/<slug>/): each citation of it, grouped
by the record it supports, of the records the public may see.

A fixed number of queries: the source's citations, then one per kind of record they name (the
participations, outcomes and declaration links of draft meetings, and draft meetings and
declarations themselves, are left out).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from meetings.models import PublicationStatus
from sources.models import Citation

PUBLISHED = PublicationStatus.PUBLISHED

# The kinds of record in the order the page lists them; any other kind comes after these.
ORDER = [
    "meetings.meeting",
    "meetings.participation",
    "meetings.outcome",
    "meetings.meetingdeclaration",
    "meetings.declaration",
    "meetings.chairmanship",
    "people.official",
    "people.officialalias",
    "people.position",
    "people.organisation",
    "people.organisationname",
    "people.country",
    "people.countryname",
]

# What the public may see of each kind with a publication status of its own or its meeting's.
PUBLIC_ONLY = {
    "meetings.meeting": {"status": PUBLISHED},
    "meetings.declaration": {"status": PUBLISHED},
    "meetings.participation": {"meeting__status": PUBLISHED},
    "meetings.outcome": {"meeting__status": PUBLISHED},
    "meetings.meetingdeclaration": {"meeting__status": PUBLISHED, "declaration__status": PUBLISHED},
}

WHOLE_RECORD = "the record as a whole"


@dataclass
class CitedFact:
    fact: str
    citation: Citation


@dataclass
class RecordedEntry:
    """One record and what the source supports of it."""

    kind: str
    record: object
    facts: list = field(default_factory=list)

    @property
    def name(self):
        return str(self.record)

    @property
    def url(self):
        return self.record.get_absolute_url()


def forward_relations(model):
    """The records ``model`` points to, read with it: what its name and its link may use."""
    return [field.name for field in model._meta.concrete_fields if field.many_to_one]


def fact_in_words(model, name):
    """A field as a reader would name it: "start date", "title as printed", "the record as a whole"."""
    if not name:
        return WHOLE_RECORD
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field since renamed or removed: its name is all there is
        return name.replace("_", " ")


def public_records(model, ids):
    """The records of ``model`` among ``ids`` that the public may see, with what names and links them."""
    queryset = model._default_manager.filter(pk__in=ids, **PUBLIC_ONLY.get(model._meta.label_lower, {}))
    return {record.pk: record for record in queryset.select_related(*forward_relations(model))}


def recorded_from(source):
    """[RecordedEntry, ...]: every published record the source supports, each with its cited facts."""
    citations = list(Citation.objects.filter(source=source).select_related("content_type"))
    by_model = defaultdict(list)
    for citation in citations:
        model = citation.content_type.model_class()
        if model is not None:
            by_model[model].append(citation)
    entries = []
    for model, cited in sorted(by_model.items(), key=lambda item: _position(item[0])):
        records = public_records(model, {citation.object_id for citation in cited})
        kind = str(model._meta.verbose_name)
        grouped = {}
        for citation in cited:
            record = records.get(citation.object_id)
            if record is None:
                continue
            entry = grouped.setdefault(record.pk, RecordedEntry(kind[:1].upper() + kind[1:], record))
            entry.facts.append(CitedFact(fact_in_words(model, citation.field), citation))
        entries += sorted(grouped.values(), key=lambda entry: entry.name.casefold())
    return entries


def _position(model):
    label = model._meta.label_lower
    return (ORDER.index(label) if label in ORDER else len(ORDER), label)
