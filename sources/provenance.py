"""Which facts of the records no source supports yet: the provenance gaps staff are shown.

A record model names the fields public pages show as facts in ``cited_fields``. A fact is a gap when
its value is set (not empty) and no citation names it, nor the record as a whole (field "").
"""

from collections import defaultdict
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType

from core.models import record_models

from .models import Citation

# Beyond this many records of one kind, their citations are read by kind rather than by id, which
# keeps the query within every database's limit on parameters.
IDS_IN_ONE_QUERY = 500


class Gap(NamedTuple):
    """One fact of one record that cites no source."""

    record: object
    field: str


def cited_fields(model):
    """The fields of ``model`` that public pages show as facts; none for a model that names none."""
    return tuple(getattr(model, "cited_fields", ()))


def cited_models():
    """Every record model that has facts to cite, in the order the apps declare them."""
    return [model for model in record_models() if cited_fields(model)]


def is_set(record, name):
    """Whether the record states something in field ``name``: not null, not blank (a relation by its id)."""
    value = getattr(record, record._meta.get_field(name).attname)
    return value is not None and value != ""


def cited_facts(model, records):
    """{record id: the fields its citations name ("" for the record as a whole)}: one query."""
    content_type = ContentType.objects.get_for_model(model)
    citations = Citation.objects.filter(content_type=content_type)
    ids = {record.pk for record in records}
    if len(ids) <= IDS_IN_ONE_QUERY:
        citations = citations.filter(object_id__in=ids)
    cited = defaultdict(set)
    for object_id, field in citations.values_list("object_id", "field"):
        if object_id in ids:
            cited[object_id].add(field)
    return cited


def provenance_gaps(records):
    """The facts of ``records`` (of any models, mixed) whose value is set and that cite no source.

    In the records' order, and each record's facts in its model's ``cited_fields`` order. Runs one
    query for each model among the records, however many records there are.
    """
    records = [record for record in records if record.pk is not None]
    by_model = defaultdict(list)
    for record in records:
        if cited_fields(type(record)):
            by_model[type(record)].append(record)
    cited = {model: cited_facts(model, group) for model, group in by_model.items()}
    gaps = []
    for record in records:
        model = type(record)
        if model not in cited:
            continue
        named = cited[model].get(record.pk, set())
        if "" in named:
            continue
        gaps += [
            Gap(record, name) for name in cited_fields(model) if name not in named and is_set(record, name)
        ]
    return gaps


def unsourced_fields(record):
    """The names of the record's facts that cite no source, e.g. ["start_date", "theme"]."""
    return [gap.field for gap in provenance_gaps([record])]


def forward_relations(model):
    """The records ``model`` points to, to read with it: what each kind's name (``__str__``) may use."""
    return [field.name for field in model._meta.concrete_fields if field.many_to_one]


def all_gaps():
    """Every gap in the records, grouped: [(model, [(record, [field, ...]), ...]), ...], only models
    and records that have one. Two queries for each model with facts to cite."""
    grouped = []
    for model in cited_models():
        records = list(model._default_manager.select_related(*forward_relations(model)))
        by_record = defaultdict(list)
        for gap in provenance_gaps(records):
            by_record[gap.record].append(gap.field)
        if by_record:
            grouped.append((model, list(by_record.items())))
    return grouped
