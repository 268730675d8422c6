"""The citations of every record a page shows, read at once: ``Citation.objects.for_records(records)``.

A page (a meeting with its participations, outcomes and declarations dealt with; an official with
their names and posts) asks, for each fact it shows, which citations support it. ``CitationIndex``
answers from one query, so that rendering runs none: a field with no citation of its own falls back
to the citations of its record as a whole (field "").

Records that no ``Citation`` names yet still carry their older evidence: a participation's, an
outcome's or a declaration link's ``source`` and ``quote``, and a meeting's or a declaration's
``sources``. Where a record has no citation at all, the index offers that evidence as citations of
the record as a whole (unsaved, with ``pk`` None), provided it was read with the record
(``select_related("source")``, ``prefetch_related("sources")``): the index never queries for it.
"""

from collections import defaultdict

from django.db.models import Q

WHOLE_RECORD = ""


def record_key(record):
    """What names a record among records of every model: (app label, model name, id)."""
    meta = record._meta
    return (meta.app_label, meta.model_name, record.pk)


def citation_key(citation):
    """What tells two citations apart, saved (their id) or offered from older evidence (the object)."""
    return ("citation", citation.pk) if citation.pk is not None else ("evidence", id(citation))


def older_evidence(record):
    """The record's ``source`` and ``quote``, and its ``sources``, as unsaved citations of the whole
    record; only what was read with the record, so this never queries."""
    from .models import Citation

    offered = []
    source = record._state.fields_cache.get("source") if hasattr(record, "source_id") else None
    if source is not None:
        offered.append(Citation(field=WHOLE_RECORD, source=source, quote=getattr(record, "quote", "") or ""))
    sources = getattr(record, "_prefetched_objects_cache", {}).get("sources")
    for source in sources if sources is not None else ():
        offered.append(Citation(field=WHOLE_RECORD, source=source))
    return offered


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
        for record in records:
            key = record_key(record)
            if key not in self._facts:
                offered = older_evidence(record)
                if offered:
                    self._facts[key][WHOLE_RECORD] = offered

    def of(self, record, field=WHOLE_RECORD):
        """The citations of one fact: the field's own, or else the record's as a whole."""
        if record is None or record.pk is None:
            return []
        facts = self._facts.get(record_key(record))
        if not facts:
            return []
        return list(facts.get(field) or facts.get(WHOLE_RECORD) or [])

    def cites(self, record):
        """Whether anything cites the record (a field or the whole)."""
        return bool(self._facts.get(record_key(record)))
