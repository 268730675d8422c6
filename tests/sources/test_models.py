"""The rules the database keeps for sources."""

import pytest

from sources.models import Source
from tests.factories import ConstraintLedger, assert_db_rejects, assert_invalid, make_source

pytestmark = pytest.mark.django_db

LEDGER = ConstraintLedger("sources")
exercises = LEDGER.exercises


def test_constraints_every_named_constraint_is_exercised():
    # The citations' rules and the sources' newer ones are shown in their own module, in this ledger.
    import tests.sources.test_citation_constraints  # noqa: F401

    LEDGER.assert_every_constraint_exercised()


@exercises("source_slug_unique")
def test_source_slug_duplicate_is_rejected():
    source = make_source()
    assert_db_rejects(
        Source,
        "source_slug_unique",
        lambda: Source.objects.create(slug=source.slug, headline="Copy", publisher="VNA"),
    )
    assert_invalid(
        Source(slug=source.slug, headline="Copy", publisher="VNA"),
        "Source with this Slug already exists.",
        field="slug",
    )


@exercises("source_slug_lowercase")
def test_source_slug_uppercase_is_rejected():
    source = Source(slug="VNA-2022-08-05", headline="ACCSM 21 opens", publisher="VNA")
    assert_db_rejects(Source, "source_slug_lowercase", source.save)
    assert not Source.objects.filter(headline="ACCSM 21 opens").exists()
    assert_invalid(source, "Slugs are written in lower case.")


@exercises("source_url_http_only")
def test_source_url_other_than_http_is_rejected():
    # tests/test_url_schemes.py tries every scheme, the fixture and the admin; this is the database rule.
    record = make_source()
    record.url = "javascript:alert(1)"
    assert_db_rejects(Source, "source_url_http_only", record.save)
    assert_invalid(
        record,
        "An address must start with http:// or https://, or be left empty.",
        check=record.validate_constraints,
    )
