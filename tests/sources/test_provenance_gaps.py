"""sources/provenance.py: which facts of the records cite no source, in a fixed number of queries."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import record_models
from meetings.models import Meeting
from people.models import Official
from sources.models import Citation, Source
from sources.provenance import Gap, all_gaps, cited_fields, provenance_gaps, unsourced_fields
from tests.factories import (
    make_country,
    make_meeting,
    make_official,
    make_organisation,
    make_participation,
    make_position,
    make_source,
)
from tests.sources.citing import make_citation

pytestmark = pytest.mark.django_db


def test_every_cited_field_is_a_field_of_its_model():
    for model in record_models():
        for name in cited_fields(model):
            assert model._meta.get_field(name).concrete, (model, name)


def test_every_record_model_but_sources_citations_and_identifiers_names_its_facts():
    without = {model for model in record_models() if not cited_fields(model)}
    assert {model.__name__ for model in without} == {"Source", "Citation", "Identifier"}


def test_facts_set_and_uncited_are_gaps_in_cited_fields_order():
    meeting = make_meeting(name="ACCSM 21", city="Hanoi", theme="", country=make_country())
    assert unsourced_fields(meeting) == ["name", "kind", "start_date", "city", "country"]


def test_empty_facts_are_no_gaps():
    official = make_official(name="Vu Chien Thang", native_name="", country=None)
    assert provenance_gaps([official]) == [Gap(official, "name")]


def test_a_cited_field_is_no_gap_and_other_fields_still_are():
    official = make_official(name="Vu Chien Thang", native_name="Vũ Chiến Thắng")
    make_citation(official, "name")
    assert unsourced_fields(official) == ["native_name"]


def test_a_citation_of_the_whole_record_covers_every_fact():
    meeting = make_meeting(city="Hanoi", theme="Resilience")
    make_citation(meeting)
    assert provenance_gaps([meeting]) == []


def test_a_claim_the_record_does_not_follow_still_cites_the_fact():
    meeting = make_meeting()
    make_citation(meeting, "start_date", stated_in_record=False, claim="4 August 2022")
    assert "start_date" not in unsourced_fields(meeting)


def test_a_citation_of_another_kind_of_record_with_the_same_id_covers_nothing():
    official = make_official(name="Vu Chien Thang")
    Citation.objects.create(
        content_type=ContentType.objects.get_for_model(Meeting), object_id=official.pk, source=make_source()
    )
    assert unsourced_fields(official) == ["name"]


def test_records_of_several_models_and_unsaved_records():
    official = make_official(name="Vu Chien Thang")
    position = make_position(official=official, title="Minister", organisation=make_organisation())
    unsaved = Official(name="Nobody")
    gaps = provenance_gaps([position, unsaved, official])
    assert gaps == [
        Gap(position, "title"),
        Gap(position, "organisation"),
        Gap(official, "name"),
    ]


def test_records_without_facts_to_cite_have_no_gaps():
    assert provenance_gaps([make_source()]) == []


def test_one_query_for_each_model_however_many_records():
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(Meeting, Official)  # Fills the content types' cache.

    def queries_for(records):
        with CaptureQueriesContext(connection) as queries:
            provenance_gaps(records)
        return len(queries)

    few = [make_meeting(), make_official()]
    many = [*few, *(make_meeting() for _ in range(10)), *(make_official() for _ in range(10))]
    for record in many[::3]:
        make_citation(record, "name")
    assert queries_for(few) == queries_for(many) == 2


def test_many_records_are_read_by_kind(monkeypatch):
    monkeypatch.setattr("sources.provenance.IDS_IN_ONE_QUERY", 2)
    meetings = [make_meeting(), make_meeting(), make_meeting()]
    make_citation(meetings[1])
    other = make_meeting()
    make_citation(other, "name")
    gaps = provenance_gaps(meetings)
    assert {gap.record for gap in gaps} == {meetings[0], meetings[2]}


def test_all_gaps_groups_by_model_and_record():
    meeting = make_meeting(name="ACCSM 21", start_date=datetime.date(2022, 8, 5))
    make_citation(meeting)
    participation = make_participation(meeting=meeting, role="chair")
    make_citation(participation.official)
    grouped = dict(all_gaps())
    assert set(grouped) == {Participation := type(participation)}
    assert grouped[Participation] == [(participation, ["role", "official"])]


def test_deleting_a_record_deletes_its_citations():
    meeting = make_meeting()
    source = make_source()
    make_citation(meeting, "name", source=source)
    make_citation(meeting, source=source)
    kept = make_citation(make_official(), "name", source=source)
    meeting.delete()
    assert list(Citation.objects.all()) == [kept]
    assert Source.objects.filter(pk=source.pk).exists()


def test_deleting_a_record_with_its_related_records_deletes_their_citations():
    meeting = make_meeting()
    participation = make_participation(meeting=meeting)
    make_citation(participation, "role")
    meeting.delete()
    assert not Citation.objects.exists()
