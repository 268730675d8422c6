"""The rules the database keeps for what every record shares: the one data-version row."""

import pytest
from django.utils import timezone

from core.freshness import current
from core.models import DataVersion
from tests.factories import ConstraintLedger, assert_db_rejects

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
