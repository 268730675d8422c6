"""The citations of every record a page shows, read at once: ``Citation.objects.for_records(records)``.

A page (a meeting with its participations, outcomes and declarations dealt with; an official with
their names and posts) asks, for each fact it shows, which citations support it. ``CitationIndex``
answers from one query, so that rendering runs none: a field with no citation of its own falls back
to the citations of its record as a whole (field "").
"""

from collections import defaultdict

from django.db.models import Q

WHOLE_RECORD = ""


def record_key(record):
    """What names a record among records of every model: (app label, model name, id)."""
    meta = record._meta
    return (meta.app_label, meta.model_name, record.pk)


class CitationIndex:
    """The citations of a set of records, by record and field, read in one query."""

    def __init__(self, records, citations):
        records = [record for record in records if record is not None and record.pk is not None]
        ids = defaultdict(set)
        for record in records:
            ids[(record._meta.app_label, record._meta.model_name)].add(record.pk)
        self._facts = defaultdict(lambda: defaultdict(list))
        if ids:
            condition = Q()
            for (app_label, model_name), pks in ids.items():
                condition |= Q(
                    content_type__app_label=app_label,
                    content_type__model=model_name,
                    object_id__in=sorted(pks),
                )
            for citation in citations.filter(condition).select_related("source", "content_type"):
                content_type = citation.content_type
                key = (content_type.app_label, content_type.model, citation.object_id)
                self._facts[key][citation.field].append(citation)

    def of(self, record, field=WHOLE_RECORD):
        """The citations of one fact: the field's own, or else the record's as a whole."""
        if record is None or record.pk is None:
            return []
        facts = self._facts.get(record_key(record))
        if not facts:
            return []
        return list(facts.get(field) or facts.get(WHOLE_RECORD) or [])

    def every(self, record):
        """Every citation of the record, of its fields and of the whole, in the order they are kept."""
        facts = self._facts.get(record_key(record)) if record is not None else None
        return [citation for citations in (facts or {}).values() for citation in citations]

    def cites(self, record):
        """Whether anything cites the record (a field or the whole)."""
        return bool(self._facts.get(record_key(record)))
