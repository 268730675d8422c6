"""The rules the database keeps for what every record shares: the one data-version row, a former
slug given to one record of a kind only, and merges of two records undone after they were made."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core.freshness import current
from core.models import DataVersion, FormerSlug, RecordMerge
from tests.factories import ConstraintLedger, assert_db_rejects, make_meeting, make_official

pytestmark = pytest.mark.django_db

LEDGER = ConstraintLedger("core")
exercises = LEDGER.exercises


def test_constraints_every_named_constraint_is_exercised():
    LEDGER.assert_every_constraint_exercised()


@exercises("dataversion_single_row")
def test_data_version_second_row_is_rejected():
    current()
    assert_db_rejects(
        DataVersion,
        "dataversion_single_row",
        lambda: DataVersion.objects.create(id=2, token="second", changed_at=timezone.now()),
    )
    assert DataVersion.objects.count() == 1


@exercises("former_slug_once_per_kind")
def test_former_slug_of_one_record_is_refused_for_another_of_its_kind():
    first, second = make_meeting(), make_meeting()
    meeting_type = ContentType.objects.get_for_model(first)
    FormerSlug.objects.create(content_type=meeting_type, object_id=first.pk, slug="accsm-21-hanoi")
    taken = {"content_type": meeting_type, "slug": "accsm-21-hanoi"}
    assert_db_rejects(
        FormerSlug,
        "former_slug_once_per_kind",
        lambda: FormerSlug.objects.create(object_id=second.pk, **taken),
    )
    # Another kind of record may have had the same slug: its addresses are others.
    official = make_official()
    official_type = ContentType.objects.get_for_model(official)
    FormerSlug.objects.create(content_type=official_type, object_id=official.pk, slug="accsm-21-hanoi")
    assert FormerSlug.objects.filter(slug="accsm-21-hanoi").count() == 2


def record_merge(**fields):
    official_type = ContentType.objects.get_for_model(make_official())
    values = {"survivor_id": 1, "merged_id": 2, "merged_name": "Tra"} | fields
    return RecordMerge(content_type=official_type, **values)


@exercises("record_merge_of_two_records")
def test_record_merge_of_a_record_into_itself_is_rejected():
    assert_db_rejects(RecordMerge, "record_merge_of_two_records", record_merge(merged_id=1).save)


@exercises("record_merge_undone_after_merged")
def test_record_merge_undone_before_it_was_made_is_rejected():
    merged_at = timezone.now()
    early = record_merge(merged_at=merged_at, undone_at=merged_at - datetime.timedelta(seconds=1))
    assert_db_rejects(RecordMerge, "record_merge_undone_after_merged", early.save)
    record_merge(merged_at=merged_at, undone_at=merged_at).save()
