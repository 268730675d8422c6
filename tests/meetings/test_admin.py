"""The staff admin for sources, meetings, declarations, participations, outcomes and chairmanships.

Every page opens and names its record, a meeting is edited with who took part
and what it decided on one page, and a broken rule is refused with its reason,
beside the field to correct where there is one, with nothing saved.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin

from core.models import record_models
from meetings.admin import DeclarationAdmin, MeetingAdmin
from meetings.models import (
    Chairmanship,
    Declaration,
    Meeting,
    MeetingDeclaration,
    Outcome,
    Participation,
)
from sources.admin import SourceAdmin
from sources.models import Citation, Source
from tests.factories import (
    OUTCOMES,
    PARTICIPATIONS,
    make_chairmanship,
    make_country,
    make_declaration,
    make_meeting,
    make_meeting_declaration,
    make_official,
    make_official_alias,
    make_organisation,
    make_outcome,
    make_participation,
    make_source,
    meeting_form,
)

pytestmark = pytest.mark.django_db

# One builder per model: saves a record that staff know by ``name``, with the
# related records its list shows filled in, so that a missing select_related
# shows up as a query per row.
BUILDERS = {
    Source: lambda name: make_source(headline=name),
    Meeting: lambda name: make_meeting(
        name=name, country=make_country(), parent=make_meeting(), host=make_organisation()
    ),
    Declaration: lambda name: make_declaration(title=name, adopting_body=make_organisation()),
    MeetingDeclaration: lambda name: make_meeting_declaration(declaration=make_declaration(title=name)),
    Participation: lambda name: make_participation(official=make_official(name=name)),
    Outcome: lambda name: make_outcome(text=name),
    Chairmanship: lambda name: make_chairmanship(
        country=make_country(name=name), handed_over_at=make_meeting()
    ),
}

ONE_PARTICIPANT = "A participation names exactly one of: an official, an organisation or a country."


def inline_rows(response, prefix):
    """The rows of one inline on a re-rendered form."""
    formsets = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    return formsets[prefix]


def test_every_sources_and_meetings_model_has_an_admin():
    models = [
        model for label in ("sources", "meetings") for model in record_models(apps.get_app_config(label))
    ]
    assert all(admin.site.is_registered(model) for model in models)
    # Citations are added on their record's form, so their admin has no add page: tested on its own in
    # tests/sources/test_citation_admin.py.
    assert set(BUILDERS) == set(models) - {Citation}


@pytest.mark.parametrize("model", BUILDERS, ids=lambda model: model.__name__)
def test_admin_pages_open_and_name_the_record(admin_pages, model):
    admin_pages.assert_pages_name(BUILDERS[model]("Vientiane Record"), "Vientiane Record")


@pytest.mark.parametrize("model", BUILDERS, ids=lambda model: model.__name__)
def test_changelist_queries_do_not_grow_with_rows(admin_pages, model):
    at_one, at_ten = admin_pages.changelist_query_counts(model, BUILDERS[model])
    assert at_ten == at_one


def test_meeting_changelist_shows_name_date_place_and_parent(admin_pages):
    conference = make_meeting(name="21st ASEAN Cooperation on Civil Service Matters", short_name="ACCSM 21")
    make_meeting(
        name="Heads of Civil Service Meeting",
        short_name="ACCSM 21 Heads",
        kind="heads",
        start_date=datetime.date(2022, 8, 3),
        end_date=datetime.date(2022, 8, 5),
        country=make_country(name="Viet Nam"),
        parent=conference,
    )
    response = admin_pages.get(Meeting)
    text = admin_pages.text(response)
    row = text[text.index("Heads of Civil Service Meeting ACCSM 21 Heads") :]
    assert row.startswith(
        "Heads of Civil Service Meeting ACCSM 21 Heads Heads of Civil Service Meeting 3–5 August 2022"
    )
    assert "Viet Nam" in row and "ACCSM 21" in row
    for heading in ("By status", "By kind", "By country", "By year", "By format", "By date precision"):
        assert heading in text
    assert "start_date__year=2022" in response.content.decode()  # the date hierarchy


@pytest.mark.parametrize("query", ["ACCSM 21", "digital transformation"])
def test_meeting_search_finds_by_short_name_and_theme(admin_pages, query):
    make_meeting(
        name="Conference on Civil Service Matters",
        short_name="ACCSM 21",
        theme="Civil service in digital transformation",
    )
    make_meeting(name="Workshop on public ethics")
    text = admin_pages.text(admin_pages.get(Meeting, q=query))
    assert "Conference on Civil Service Matters" in text
    assert "Workshop on public ethics" not in text


def test_meeting_form_explains_date_precision(admin_pages):
    text = admin_pages.text(admin_pages.get(Meeting, "add"))
    assert "the date is stored as the first day of the period" in text
    assert "How much of the date the sources give." in text


def test_slugs_are_prefilled_from_names_and_titles(admin_pages):
    for model_admin, model, source in [
        (MeetingAdmin, Meeting, "name"),
        (SourceAdmin, Source, "headline"),
        (DeclarationAdmin, Declaration, "title"),
    ]:
        assert model_admin.prepopulated_fields == {"slug": (source,)}
        assert admin_pages.prepopulated(admin_pages.get(model, "add")) == {"#id_slug": [f"#id_{source}"]}


def test_participation_autocomplete_finds_an_official_by_alias(admin_pages):
    official = make_official(name="Ekkaphab Phanthavong")
    make_official_alias(official=official, name="Ekkaphab Phantavong")
    make_official(name="Pham Thi Thanh Tra")
    response = admin_pages.client.get(
        "/admin/autocomplete/",
        {
            "term": "phantavong",
            "app_label": "meetings",
            "model_name": "participation",
            "field_name": "official",
        },
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Ekkaphab Phanthavong"]


def test_valid_meeting_with_participation_and_outcome_saves(admin_pages):
    official = make_official(name="Vu Chien Thang")
    form = meeting_form(
        participations=[{"official": official.pk, "role": "speaker", "printed_name": "Vu Chien Thang"}],
        outcomes=[{"slug": "agreed", "kind": "agreement", "text": "They agreed to meet again."}],
    )
    response = admin_pages.post(Meeting, "add", form)
    assert response.status_code == 302, admin_pages.text(response)
    meeting = Meeting.objects.get(slug="workshop-e-government")
    assert meeting.participations.get().official == official
    assert meeting.outcomes.get().text == "They agreed to meet again."
    assert "was added successfully" in admin_pages.text(admin_pages.client.get(response["Location"]))


def test_meeting_ending_before_it_starts_is_refused_beside_the_end_date(admin_pages):
    response = admin_pages.post(Meeting, "add", meeting_form(end_date="2023-05-01"))
    assert response.status_code == 200
    assert "The end date cannot be before the start." in admin_pages.text(response)
    assert response.context["adminform"].form.errors["end_date"] == [
        "The end date cannot be before the start."
    ]
    assert not Meeting.objects.exists()


def test_meeting_dates_are_compared_as_stored_at_their_precision(admin_pages):
    # Known only to the month, both dates are "May 2023": the end is not before the start.
    form = meeting_form(start_date="2023-05-10", end_date="2023-05-01", date_precision="month")
    response = admin_pages.post(Meeting, "add", form)
    assert response.status_code == 302, admin_pages.text(response)
    assert Meeting.objects.get().date_display == "May 2023"


@pytest.mark.parametrize("participant", ["nobody", "official and country"])
def test_participation_not_naming_exactly_one_participant_is_refused(admin_pages, participant):
    row = {"role": "speaker", "statement": "Something was said."}
    if participant != "nobody":
        row |= {"official": make_official().pk, "country": make_country().pk}
    response = admin_pages.post(Meeting, "add", meeting_form(participations=[row]))
    assert ONE_PARTICIPANT in admin_pages.text(response)
    assert inline_rows(response, PARTICIPATIONS).forms[0].non_field_errors() == [ONE_PARTICIPANT]
    assert not Meeting.objects.exists()
    assert not Participation.objects.exists()


def test_the_same_official_twice_in_one_role_is_refused(admin_pages):
    official = make_official(name="Vu Chien Thang")
    row = {"official": official.pk, "role": "chair"}
    response = admin_pages.post(Meeting, "add", meeting_form(participations=[row, row]))
    # The constraint's own message, which the inline formset uses for repeated rows.
    assert "This official already has that role at this meeting." in admin_pages.text(response)
    assert not Meeting.objects.exists()


def test_participation_repeating_a_recorded_one_is_refused(admin_pages):
    recorded = make_participation(role="chair")
    form = {"meeting": recorded.meeting_id, "official": recorded.official_id, "role": "chair"}
    response = admin_pages.post(Participation, "add", form)
    assert "This official already has that role at this meeting." in admin_pages.text(response)
    assert Participation.objects.count() == 1


def test_meeting_as_its_own_parent_is_refused_beside_the_parent(admin_pages):
    meeting = make_meeting(name="ACCSM 21")
    response = admin_pages.post(Meeting, "change", meeting_form(meeting, parent=meeting.pk), meeting.pk)
    assert "A meeting cannot be part of itself." in admin_pages.text(response)
    assert response.context["adminform"].form.errors["parent"] == ["A meeting cannot be part of itself."]
    meeting.refresh_from_db()
    assert meeting.parent is None


def test_meeting_parent_loop_is_refused_beside_the_parent(admin_pages):
    conference = make_meeting(name="ACCSM 21")
    session = make_meeting(name="ACCSM 21 Heads", parent=conference)
    response = admin_pages.post(Meeting, "change", meeting_form(conference, parent=session.pk), conference.pk)
    assert "“ACCSM 21 Heads” is part of “ACCSM 21” already, so it cannot also contain it." in (
        admin_pages.text(response)
    )
    conference.refresh_from_db()
    assert conference.parent is None


def test_declaration_implementing_itself_is_refused_beside_implements(admin_pages):
    plan = make_declaration(title="ACCSM Work Plan 2021-2025")
    form = {
        "title": plan.title,
        "title_status": plan.title_status,
        "slug": plan.slug,
        "kind": plan.kind,
        "status": plan.status,
        "adopted_precision": "day",
        "implements": plan.pk,
    }
    response = admin_pages.post(Declaration, "change", form, plan.pk)
    assert "A document cannot implement itself." in admin_pages.text(response)
    assert response.context["adminform"].form.errors["implements"] == ["A document cannot implement itself."]
    plan.refresh_from_db()
    assert plan.implements is None


def test_the_same_declaration_twice_in_one_relation_is_refused(admin_pages):
    declaration = make_declaration(title="Putrajaya Joint Declaration")
    row = {"declaration": declaration.pk, "relation": "reviewed"}
    response = admin_pages.post(Meeting, "add", meeting_form(declaration_links=[row, row]))
    assert "This meeting already has this relation to this declaration." in admin_pages.text(response)
    assert not Meeting.objects.exists()


def test_outcome_slug_in_capitals_is_refused_beside_the_slug(admin_pages):
    row = {"slug": "Agreed", "kind": "agreement", "text": "They agreed."}
    response = admin_pages.post(Meeting, "add", meeting_form(outcomes=[row]))
    assert "Slugs are written in lower case." in admin_pages.text(response)
    assert inline_rows(response, OUTCOMES).forms[0].errors["slug"] == ["Slugs are written in lower case."]
    assert not Outcome.objects.exists()


def test_chairmanship_ending_before_it_starts_is_refused_beside_the_end_year(admin_pages):
    form = {
        "organisation": make_organisation(name="ACCSM").pk,
        "country": make_country(name="Brunei Darussalam").pk,
        "start_year": "2023",
        "end_year": "2022",
    }
    response = admin_pages.post(Chairmanship, "add", form)
    assert response.context["adminform"].form.errors["end_year"] == [
        "The last year cannot be before the start."
    ]
    assert "The last year cannot be before the start." in admin_pages.text(response)
    assert not Chairmanship.objects.exists()


def test_meeting_change_form_edits_who_took_part_what_was_decided_and_declarations(admin_pages):
    meeting = make_meeting(name="ACCSM 21")
    make_participation(meeting=meeting, official=make_official(name="Vu Chien Thang"), role="chair")
    make_outcome(meeting=meeting, text="The chair passes to Brunei Darussalam.")
    make_meeting_declaration(
        meeting=meeting, declaration=make_declaration(title="Putrajaya Joint Declaration")
    )
    response = admin_pages.get(Meeting, "change", meeting.pk)
    text = admin_pages.text(response)
    for heading in ("Participations", "Outcomes", "Declarations dealt with"):
        assert heading in text
    for shown in ("Vu Chien Thang", "The chair passes to Brunei Darussalam.", "Putrajaya Joint Declaration"):
        assert shown in text
    assert "Created:" in text
