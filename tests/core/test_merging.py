"""Merging two records that are one (core/merging.py), and undoing it: every row that refers to the
merged record moves to the survivor, or is dropped where the survivor has it already, or is named as
a conflict before anything changes; the merged record's addresses lead to the survivor until the
merge is undone, which brings everything back as it was."""

import datetime

import pytest
from django.contrib.auth.models import User

from core.merging import MergeRefused, merge, plan_merge, undo_merge
from core.models import FormerSlug, RecordMerge
from meetings.models import Participation
from people.models import MERGED_NAME_NOTE, Official, OfficialAlias, Organisation, OrganisationName, Position
from sources.models import Citation
from tests.factories import (
    make_citation,
    make_identifier,
    make_meeting,
    make_official,
    make_official_alias,
    make_organisation,
    make_participation,
    make_position,
    make_source,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher():
    return User.objects.create_user("pat", is_staff=True)


@pytest.fixture
def twins():
    """One person recorded twice: the older record and a newer one under another spelling."""
    kept = make_official(slug="pham-thi-thanh-tra", name="Pham Thi Thanh Tra")
    other = make_official(slug="pham-thanh-tra", name="Pham Thanh Tra", biography="Minister.")
    return kept, other


def merged_into(survivor, merged, user=None, **values):
    plan = plan_merge(survivor, merged, values)
    assert plan.conflicts == []
    return merge(plan, user)


def test_merge_moves_every_row_to_the_survivor(twins, publisher):
    kept, other = twins
    alias = make_official_alias(official=other, name="Pham T. T. Tra")
    position = make_position(official=other, title="Minister of Home Affairs")
    participation = make_participation(official=other, role="chair")
    citation = make_citation(other, "name")
    identifier = make_identifier("Q123", official=other)

    record = merged_into(kept, other, publisher)

    assert not Official.objects.filter(pk=other.pk).exists()
    for row in (alias, position, participation, identifier):
        row.refresh_from_db()
        assert row.official_id == kept.pk
    citation.refresh_from_db()
    assert citation.object_id == kept.pk
    # The merged-away name is kept as an alias, saying where it came from.
    assert OfficialAlias.objects.get(official=kept, name="Pham Thanh Tra").note == MERGED_NAME_NOTE
    assert (record.survivor_id, record.merged_id, record.merged_by) == (kept.pk, other.pk, publisher)
    assert str(record) == f"“Pham Thanh Tra” (#{other.pk}) merged into #{kept.pk}"
    assert record.get_absolute_url() == "/officials/pham-thi-thanh-tra/"
    # History says why each row changed.
    assert position.history.first().history_change_reason == (
        "Moved from “Pham Thanh Tra” by merging into “Pham Thi Thanh Tra”"
    )
    assert (
        kept.history.first().history_change_reason
        == f"Merged “Pham Thanh Tra” (#{other.pk}) into this record"
    )


def test_merge_survivor_takes_the_values_chosen(twins):
    kept, other = twins
    merged_into(kept, other, biography=other.biography)
    kept.refresh_from_db()
    assert (kept.name, kept.biography) == ("Pham Thi Thanh Tra", "Minister.")


def test_merge_duplicate_citation_is_dropped_and_comes_back_on_undo(twins):
    kept, other = twins
    source = make_source()
    make_citation(kept, "name", source=source, quote="Pham Thi Thanh Tra")
    duplicate = make_citation(other, "name", source=source, quote="Pham Thi Thanh Tra")
    plan = plan_merge(kept, other)
    assert [d.row for d in plan.duplicates] == [duplicate]
    record = merge(plan)
    assert Citation.objects.of(kept).count() == 1
    undo_merge(record)
    assert Citation.objects.of(kept).count() == 1
    assert list(Citation.objects.of(other).values_list("pk", flat=True)) == [duplicate.pk]


def test_merge_conflicting_positions_are_named_and_nothing_changes(twins):
    kept, other = twins
    ministry = make_organisation(name="Ministry of Home Affairs")
    make_position(
        official=kept, organisation=ministry, title="Minister", start_date=datetime.date(2016, 4, 9)
    )
    clashing = make_position(
        official=other, organisation=ministry, title="Minister", start_date=datetime.date(2021, 7, 28)
    )
    plan = plan_merge(kept, other)
    assert plan.conflicts == [
        "Position “Minister, Ministry of Home Affairs”: "
        "This official already holds that post in that organisation."
    ]
    with pytest.raises(MergeRefused, match="This official already holds that post"):
        merge(plan)
    assert Official.objects.filter(pk=other.pk).exists()
    clashing.refresh_from_db()
    assert clashing.official_id == other.pk
    assert not RecordMerge.objects.exists()


def test_merge_duplicate_position_is_dropped_and_its_citations_move_to_its_twin(twins):
    kept, other = twins
    ministry = make_organisation(name="Ministry of Home Affairs")
    twin = make_position(official=kept, organisation=ministry, title="Minister")
    duplicate = make_position(official=other, organisation=ministry, title="Minister")
    citation = make_citation(duplicate, "title")
    record = merged_into(kept, other)
    assert list(Position.objects.filter(official=kept)) == [twin]
    citation.refresh_from_db()
    assert citation.object_id == twin.pk
    undo_merge(record)
    restored = Position.objects.get(pk=duplicate.pk)
    assert restored.official_id == other.pk
    citation.refresh_from_db()
    assert citation.object_id == duplicate.pk


def test_merge_rows_added_since_the_plan_refuse_it_and_everything_rolls_back(twins):
    kept, other = twins
    alias = make_official_alias(official=other, name="Pham T. T. Tra")
    plan = plan_merge(kept, other)
    # Staff confirmed a merge that moved one alias; a participation (a protected reference) came since.
    participation = make_participation(official=other)
    with pytest.raises(MergeRefused, match="changed since the merge was shown"):
        merge(plan)
    alias.refresh_from_db()
    participation.refresh_from_db()
    assert (alias.official_id, participation.official_id) == (other.pk, other.pk)
    assert Official.objects.filter(pk=other.pk).exists()
    assert not OfficialAlias.objects.filter(official=kept).exists()


def test_merge_organisation_that_would_become_its_own_parent_is_a_conflict():
    ministry = make_organisation(name="Ministry of Home Affairs", slug="moha")
    department = make_organisation(name="Civil Service Department", slug="csd", parent=ministry)
    plan = plan_merge(department, ministry)
    assert "“Civil Service Department” would become its own parent" in plan.conflicts[0]
    with pytest.raises(MergeRefused):
        merge(plan)
    # With the merged record's parent (none), it merges; the ministry's other units move.
    unit = make_organisation(name="Training Unit", parent=ministry)
    record = merge(plan_merge(department, ministry, {"parent_id": None}))
    unit.refresh_from_db()
    department.refresh_from_db()
    assert (unit.parent_id, department.parent_id) == (department.pk, None)
    assert OrganisationName.objects.get(organisation=department).name == "Ministry of Home Affairs"
    undo_merge(record)
    unit.refresh_from_db()
    department.refresh_from_db()
    assert (unit.parent_id, department.parent_id) == (ministry.pk, ministry.pk)
    assert not OrganisationName.objects.exists()


def test_undo_brings_back_the_merged_record_with_its_id_slug_and_rows(client, twins, publisher):
    kept, other = twins
    other.slug = "pham-tra"
    other.save()  # "pham-thanh-tra" is now one of its former slugs
    alias = make_official_alias(official=other, name="Pham T. T. Tra")
    participation = make_participation(official=other, role="speaker")
    citation = make_citation(other, "name")
    record = merged_into(kept, other, biography="Minister.")
    assert client.get("/officials/pham-tra/")["Location"] == "/officials/pham-thi-thanh-tra/"
    assert client.get("/officials/pham-thanh-tra/")["Location"] == "/officials/pham-thi-thanh-tra/"

    restored = undo_merge(record, publisher)

    assert (restored.pk, restored.slug, restored.name) == (other.pk, "pham-tra", "Pham Thanh Tra")
    assert Official.objects.get(pk=other.pk).created == other.created
    for row in (alias, participation):
        row.refresh_from_db()
        assert row.official_id == other.pk
    citation.refresh_from_db()
    assert citation.object_id == other.pk
    kept.refresh_from_db()
    assert kept.biography == ""
    assert not OfficialAlias.objects.filter(official=kept).exists()
    assert list(FormerSlug.objects.values_list("object_id", "slug")) == [(other.pk, "pham-thanh-tra")]
    record.refresh_from_db()
    assert (record.is_undone, record.undone_by) == (True, publisher)
    assert client.get("/officials/pham-tra/").status_code == 200
    assert client.get("/officials/pham-thanh-tra/")["Location"] == "/officials/pham-tra/"
    assert client.get(f"/p/{other.pk}/")["Location"] == "/officials/pham-tra/"
    assert restored.history.first().history_change_reason == "Merge undone"
    with pytest.raises(MergeRefused, match="undone already"):
        undo_merge(record)


def test_undo_keeps_what_staff_changed_on_the_survivor_since(twins):
    kept, other = twins
    record = merged_into(kept, other, name="Pham Thanh Tra", biography="Minister.")
    kept.refresh_from_db()
    kept.biography = "Minister of Home Affairs since 2021."
    kept.save()
    undo_merge(record)
    kept.refresh_from_db()
    # The name the merge gave goes back; the biography staff wrote since stays.
    assert (kept.name, kept.biography) == ("Pham Thi Thanh Tra", "Minister of Home Affairs since 2021.")


def test_undo_keeps_the_alias_the_merge_made_once_staff_cited_it(twins):
    kept, other = twins
    record = merged_into(kept, other)
    alias = OfficialAlias.objects.get(official=kept, name="Pham Thanh Tra")
    make_citation(alias, "name")
    undo_merge(record)
    # The merged record is back under its name, and the alias, now cited, stays with its citation.
    assert Official.objects.get(pk=other.pk).name == "Pham Thanh Tra"
    assert OfficialAlias.objects.filter(pk=alias.pk, official=kept).exists()
    assert Citation.objects.of(alias).count() == 1


def test_undo_removes_the_alias_the_merge_made_when_nobody_touched_it(twins):
    kept, other = twins
    record = merged_into(kept, other)
    undo_merge(record)
    assert not OfficialAlias.objects.filter(official=kept, name="Pham Thanh Tra").exists()


def test_merge_survivor_taking_the_merged_slug_keeps_its_own_as_a_former_one(client, twins):
    kept, other = twins
    record = merged_into(kept, other, slug="pham-thanh-tra")
    assert client.get("/officials/pham-thanh-tra/").status_code == 200
    assert client.get("/officials/pham-thi-thanh-tra/")["Location"] == "/officials/pham-thanh-tra/"
    undo_merge(record)
    assert client.get("/officials/pham-thi-thanh-tra/").context["official"] == kept
    assert client.get("/officials/pham-thanh-tra/").context["official"] == other
    assert not FormerSlug.objects.exists()


def test_merge_chain_leads_the_first_id_to_the_last_survivor(client):
    first, second, third = (make_official(slug=f"tra-{n}", name=f"Tra {n}") for n in (1, 2, 3))
    merged_into(second, first)
    merged_into(third, second)
    assert RecordMerge.objects.survivor_of(Official, first.pk) == third
    for address in (f"/p/{first.pk}/", "/officials/tra-1/", f"/p/{second.pk}/", "/officials/tra-2/"):
        response = client.get(address)
        assert (response.status_code, response["Location"]) == (301, "/officials/tra-3/"), address


def test_merge_undo_refused_while_the_survivor_is_merged_into_another(twins):
    kept, other = twins
    first = merged_into(kept, other)
    merged_into(make_official(name="Tra"), kept)
    with pytest.raises(MergeRefused, match="undo that merge first"):
        undo_merge(first)


def test_merge_participations_of_an_organisation_move_from_both_columns():
    kept = make_organisation(name="Ministry of Home Affairs")
    other = make_organisation(name="MOHA")
    meeting = make_meeting()
    both = make_participation(meeting=meeting, organisation=other, represents_organisation=other)
    record = merged_into(kept, other)
    both.refresh_from_db()
    assert (both.organisation_id, both.represents_organisation_id) == (kept.pk, kept.pk)
    undo_merge(record)
    both.refresh_from_db()
    assert (both.organisation_id, both.represents_organisation_id) == (other.pk, other.pk)
    assert Participation.objects.count() == 1
    assert Organisation.objects.count() == 2
