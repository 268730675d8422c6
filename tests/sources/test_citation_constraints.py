"""The rules the database keeps for citations and for the new fields of sources.

Registered in the sources' ledger (tests/sources/test_models.py), which checks that every named
constraint of the app is shown at work somewhere.
"""

import pytest

from sources.models import Citation, Source
from tests.factories import (
    assert_choices_enforced,
    assert_db_rejects,
    assert_invalid,
    choice_case,
    make_meeting,
    make_source,
)
from tests.sources.citing import make_citation
from tests.sources.test_models import exercises

pytestmark = pytest.mark.django_db


@exercises("citation_once")
def test_citing_the_same_source_with_the_same_words_twice_for_one_fact_is_rejected():
    meeting = make_meeting()
    citation = make_citation(meeting, "start_date", quote="on August 5")
    again = Citation(record=meeting, field="start_date", source=citation.source, quote="on August 5")
    assert_db_rejects(Citation, "citation_once", again.save)
    assert_invalid(again, "This fact already cites this source with these words.")
    # Other words, another fact, or the record as a whole are other citations.
    make_citation(meeting, "start_date", source=citation.source, quote="on Friday")
    make_citation(meeting, "city", source=citation.source, quote="on August 5")
    make_citation(meeting, "", source=citation.source, quote="on August 5")
    assert Citation.objects.of(meeting).count() == 4


@exercises("citation_inference_explained")
@pytest.mark.parametrize("basis", [Citation.Basis.INFERRED, Citation.Basis.EDITORIAL])
def test_inference_or_editorial_decision_without_reasoning_is_rejected(basis):
    citation = Citation(record=make_meeting(), field="city", source=make_source(), basis=basis)
    assert_db_rejects(Citation, "citation_inference_explained", citation.save)
    assert_invalid(citation, "Say how the inference follows from the source, or why so.")
    citation.reasoning = "The article is datelined Hanoi and reports the opening."
    citation.save()


@exercises("citation_other_claim_stated")
def test_claim_the_record_does_not_follow_without_saying_it_is_rejected():
    citation = Citation(
        record=make_meeting(), field="start_date", source=make_source(), stated_in_record=False
    )
    assert_db_rejects(Citation, "citation_other_claim_stated", citation.save)
    assert_invalid(citation, "Say what this source claims, since the record does not follow it.")
    citation.claim = "4 August 2022"
    citation.save()


@exercises("source_archive_url_http_only")
def test_source_archive_url_other_than_http_is_rejected():
    source = make_source()
    source.archive_url = "javascript:alert(1)"
    assert_db_rejects(Source, "source_archive_url_http_only", source.save)
    assert_invalid(
        source,
        "An address must start with http:// or https://, or be left empty.",
        check=source.validate_constraints,
    )


@exercises("citation_basis_valid", "source_kind_valid", "source_published_precision_valid")
@pytest.mark.parametrize(
    ("constraint_name", "make", "field", "message"),
    [
        choice_case(
            "citation_basis_valid",
            lambda: make_citation(make_meeting()),
            "basis",
            "Basis must be one of: stated, inferred, editorial.",
        ),
        choice_case(
            "source_kind_valid",
            make_source,
            "kind",
            "Kind must be one of: news_article, web_page, document, other.",
        ),
        choice_case(
            "source_published_precision_valid",
            make_source,
            "published_precision",
            "Published precision must be one of: day, month, year.",
        ),
    ],
)
def test_choices_are_enforced(constraint_name, make, field, message):
    assert_choices_enforced(make(), constraint_name, field, message)
