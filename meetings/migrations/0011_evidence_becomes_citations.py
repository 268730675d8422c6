"""The older evidence becomes citations.

Before citations existed, a participation, an outcome, a declaration link and a chairmanship
carried one ``source`` (with a ``quote`` on the first three), and a meeting and a declaration a
list of ``sources``. Each such piece of evidence becomes a ``sources.Citation`` of the record as a
whole, so that one mechanism holds every fact's evidence; the next migration removes the old
fields. Evidence that a citation of the same record already gives (the same source, and the same
words where there are words) is not copied twice.

Going back fills the old fields again from the records' citations of the whole record.
"""

from django.db import migrations
from django.utils import timezone

# Records with one source (and maybe a quote): the model, and whether it has a quote.
ONE_SOURCE = [("participation", True), ("outcome", True), ("meetingdeclaration", True), ("chairmanship", False)]
# Records with a list of sources.
MANY_SOURCES = ["meeting", "declaration"]

WHOLE_RECORD = ""


def content_type(apps, model_name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="meetings", model=model_name)[0]


def cite(apps, kind, record_id, source_id, quote, now):
    """A whole-record citation, unless one of the record's citations already gives this evidence."""
    Citation = apps.get_model("sources", "Citation")
    HistoricalCitation = apps.get_model("sources", "HistoricalCitation")
    given = Citation.objects.filter(content_type=kind, object_id=record_id, source_id=source_id)
    if quote:
        given = given.filter(quote=quote)
    if given.exists():
        return
    citation = Citation.objects.create(
        content_type=kind,
        object_id=record_id,
        field=WHOLE_RECORD,
        source_id=source_id,
        quote=quote,
        basis="stated",
        created=now,
        updated=now,
    )
    # The history begins where the citation does, as it would for one saved by staff.
    HistoricalCitation.objects.create(
        id=citation.pk,
        content_type_id=kind.pk,
        object_id=record_id,
        field=WHOLE_RECORD,
        source_id=source_id,
        quote=quote,
        locator="",
        basis="stated",
        reasoning="",
        claim="",
        stated_in_record=True,
        created=now,
        updated=now,
        history_date=now,
        history_type="+",
        history_change_reason="The evidence the record held became a citation.",
    )


def evidence_to_citations(apps, schema_editor):
    now = timezone.now()
    for model_name, has_quote in ONE_SOURCE:
        model = apps.get_model("meetings", model_name)
        kind = content_type(apps, model_name)
        columns = ("pk", "source_id", "quote") if has_quote else ("pk", "source_id")
        for row in model.objects.filter(source__isnull=False).values_list(*columns):
            record_id, source_id, quote = (*row, "") if not has_quote else row
            cite(apps, kind, record_id, source_id, quote or "", now)
    for model_name in MANY_SOURCES:
        through = apps.get_model("meetings", model_name)._meta.get_field("sources").remote_field.through
        kind = content_type(apps, model_name)
        for record_id, source_id in through.objects.values_list(f"{model_name}_id", "source_id"):
            cite(apps, kind, record_id, source_id, "", now)


def citations_to_evidence(apps, schema_editor):
    Citation = apps.get_model("sources", "Citation")
    for model_name, has_quote in ONE_SOURCE:
        model = apps.get_model("meetings", model_name)
        kind = content_type(apps, model_name)
        for record in model.objects.all():
            first = Citation.objects.filter(content_type=kind, object_id=record.pk, field=WHOLE_RECORD).first()
            if first is not None:
                record.source_id = first.source_id
                if has_quote:
                    record.quote = first.quote
                record.save(update_fields=["source", *(["quote"] if has_quote else [])])
    for model_name in MANY_SOURCES:
        model = apps.get_model("meetings", model_name)
        kind = content_type(apps, model_name)
        for record in model.objects.all():
            cited = Citation.objects.filter(content_type=kind, object_id=record.pk).values_list("source_id", flat=True)
            record.sources.set(set(cited))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0010_source_moved_to_sources"),
        ("sources", "0004_citations_and_kinds_of_source"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(evidence_to_citations, citations_to_evidence)]
