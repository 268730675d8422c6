"""The meetings models: every named constraint, natural keys, display and date truncation.

Each constraint is shown twice: the database refuses the row when model
validation is bypassed (a plain save, bulk_create or update), and
``full_clean()`` refuses it with the constraint's message.
"""

import datetime

import pytest
from django.apps import apps
from django.urls import resolve

from core.models import record_models
from meetings.models import (
    Chairmanship,
    Declaration,
    Meeting,
    MeetingDeclaration,
    Outcome,
    Participation,
)
from sources.models import Citation, Source
from tests.factories import (
    ConstraintLedger,
    assert_choices_enforced,
    assert_db_rejects,
    assert_invalid,
    assert_self_reference_refused,
    choice_case,
    make_chairmanship,
    make_citation,
    make_country,
    make_declaration,
    make_meeting,
    make_meeting_declaration,
    make_official,
    make_organisation,
    make_outcome,
    make_participation,
    make_source,
)

pytestmark = pytest.mark.django_db

LEDGER = ConstraintLedger("meetings")
exercises = LEDGER.exercises


def test_constraints_every_named_constraint_is_exercised():
    LEDGER.assert_every_constraint_exercised()


# Each field kept to its choices by a ``*_valid`` constraint (core.models.choices_constraint).
CHOICE_CONSTRAINTS = [
    choice_case(
        "meeting_kind_valid",
        make_meeting,
        "kind",
        "Kind must be one of: conference, heads, som, som_plus_three, workshop, forum, other.",
    ),
    choice_case(
        "meeting_format_valid",
        make_meeting,
        "format",
        "Format must be one of: in_person, virtual, hybrid.",
    ),
    choice_case(
        "meeting_date_precision_valid",
        make_meeting,
        "date_precision",
        "Date precision must be one of: day, month, year.",
    ),
    choice_case("meeting_status_valid", make_meeting, "status", "Status must be one of: draft, published."),
    choice_case(
        "declaration_kind_valid",
        make_declaration,
        "kind",
        "Kind must be one of: declaration, framework, strategy, work_plan, action_plan, vision, other.",
    ),
    choice_case(
        "declaration_title_status_valid",
        make_declaration,
        "title_status",
        "Title status must be one of: official, source_wording.",
    ),
    choice_case(
        "declaration_status_valid", make_declaration, "status", "Status must be one of: draft, published."
    ),
    choice_case(
        "declaration_adopted_precision_valid",
        make_declaration,
        "adopted_precision",
        "Adopted precision must be one of: day, month, year.",
    ),
    choice_case(
        "meeting_declaration_relation_valid",
        make_meeting_declaration,
        "relation",
        "Relation must be one of: held_under, adopted, reviewed, discussed, briefed_on.",
    ),
    choice_case(
        "participation_role_valid",
        make_participation,
        "role",
        "Role must be one of: chair, host, speaker, briefer, participant, observer.",
    ),
    choice_case(
        "outcome_kind_valid",
        make_outcome,
        "kind",
        "Kind must be one of: decision, handover, report, agreement, statement.",
    ),
]


@exercises(*(case.id for case in CHOICE_CONSTRAINTS))
@pytest.mark.parametrize(("constraint", "make", "field", "message"), CHOICE_CONSTRAINTS)
def test_value_outside_its_choices_is_rejected(constraint, make, field, message):
    assert_choices_enforced(make(), constraint, field, message)


def test_meeting_format_blank_is_accepted():
    make_meeting(format="").full_clean()  # Blank: the sources do not say.


# Meetings


@exercises("meeting_slug_unique")
def test_meeting_slug_duplicate_is_rejected():
    meeting = make_meeting()
    copy = Meeting(slug=meeting.slug, name="Copy", kind="heads", start_date=datetime.date(2022, 8, 5))
    assert_db_rejects(Meeting, "meeting_slug_unique", lambda: Meeting.objects.bulk_create([copy]))
    assert Meeting.objects.filter(slug=meeting.slug).count() == 1
    assert_invalid(copy, "Meeting with this Slug already exists.", field="slug")


@exercises("meeting_slug_lowercase")
def test_meeting_slug_uppercase_is_rejected():
    meeting = make_meeting()
    assert_db_rejects(
        Meeting,
        "meeting_slug_lowercase",
        lambda: Meeting.objects.filter(pk=meeting.pk).update(slug="ACCSM-21"),
    )
    meeting.slug = "ACCSM-21"
    assert_invalid(meeting, "Slugs are written in lower case.")


@exercises("meeting_end_not_before_start")
def test_meeting_end_before_start_is_rejected():
    meeting = make_meeting(start_date=datetime.date(2022, 8, 5))
    meeting.end_date = datetime.date(2022, 8, 4)
    assert_db_rejects(Meeting, "meeting_end_not_before_start", meeting.save)
    assert Meeting.objects.get(pk=meeting.pk).end_date is None
    assert_invalid(meeting, "The end date cannot be before the start.")


def test_meeting_end_equal_to_or_after_start_is_accepted():
    make_meeting(start_date=datetime.date(2022, 8, 5), end_date=datetime.date(2022, 8, 5)).full_clean()
    make_meeting(start_date=datetime.date(2022, 8, 3), end_date=datetime.date(2022, 8, 5)).full_clean()


def test_meeting_and_declaration_start_as_drafts():
    # Staff publish deliberately; nothing new reaches the public by default.
    assert Meeting().status == "draft"
    assert Declaration().status == "draft"


@exercises("meeting_not_own_parent")
def test_meeting_own_parent_is_rejected():
    assert_self_reference_refused(
        make_meeting(), "parent", "meeting_not_own_parent", "A meeting cannot be part of itself."
    )


def test_meeting_other_parent_is_accepted():
    conference = make_meeting(kind="conference")
    som = make_meeting(kind="som", parent=conference)
    som.full_clean()
    assert list(conference.children.all()) == [som]


@exercises("meeting_ordinal_positive")
def test_meeting_ordinal_zero_is_rejected():
    meeting = make_meeting(ordinal=1)
    meeting.full_clean()
    meeting.ordinal = 0
    assert_db_rejects(Meeting, "meeting_ordinal_positive", meeting.save)
    assert Meeting.objects.get(pk=meeting.pk).ordinal == 1
    assert_invalid(meeting, "The ordinal starts at 1.")


@pytest.mark.parametrize(
    ("precision", "start", "end", "stored_start", "stored_end", "display"),
    [
        ("day", (2022, 8, 3), (2022, 8, 5), (2022, 8, 3), (2022, 8, 5), "3–5 August 2022"),
        ("month", (2022, 8, 17), (2022, 9, 2), (2022, 8, 1), (2022, 9, 1), "August 2022 – September 2022"),
        ("month", (2022, 8, 17), None, (2022, 8, 1), None, "August 2022"),
        ("year", (2022, 8, 17), (2022, 11, 30), (2022, 1, 1), (2022, 1, 1), "2022"),
        ("year", (2021, 3, 1), (2024, 6, 1), (2021, 1, 1), (2024, 1, 1), "2021–2024"),
    ],
)
def test_meeting_save_truncates_dates_to_precision(precision, start, end, stored_start, stored_end, display):
    meeting = make_meeting(
        date_precision=precision,
        start_date=datetime.date(*start),
        end_date=end and datetime.date(*end),
    )
    meeting.refresh_from_db()
    assert meeting.start_date == datetime.date(*stored_start)
    assert meeting.end_date == (stored_end and datetime.date(*stored_end))
    assert meeting.date_display == display


# Declarations


@exercises("declaration_slug_unique")
def test_declaration_slug_duplicate_is_rejected():
    declaration = make_declaration()
    assert_db_rejects(
        Declaration,
        "declaration_slug_unique",
        lambda: Declaration.objects.create(slug=declaration.slug, title="Copy", kind="declaration"),
    )
    assert_invalid(
        Declaration(slug=declaration.slug, title="Copy", kind="declaration"),
        "Declaration with this Slug already exists.",
        field="slug",
    )


@exercises("declaration_slug_lowercase")
def test_declaration_slug_uppercase_is_rejected():
    declaration = Declaration(slug="Putrajaya-Joint-Declaration", title="Putrajaya", kind="declaration")
    assert_db_rejects(Declaration, "declaration_slug_lowercase", declaration.save)
    assert_invalid(declaration, "Slugs are written in lower case.")


@exercises("declaration_period_ordered")
def test_declaration_period_end_before_start_is_rejected():
    declaration = make_declaration(kind="work_plan", period_start=2021, period_end=2025)
    declaration.full_clean()
    assert declaration.period_display == "2021–2025"
    declaration.period_end = 2020
    assert_db_rejects(Declaration, "declaration_period_ordered", declaration.save)
    assert Declaration.objects.get(pk=declaration.pk).period_end == 2025
    assert_invalid(declaration, "The last year of the period cannot be before the start.")


@exercises("declaration_not_own_implementation")
def test_declaration_implementing_itself_is_rejected():
    assert_self_reference_refused(
        make_declaration(),
        "implements",
        "declaration_not_own_implementation",
        "A document cannot implement itself.",
    )


def test_declaration_implementing_another_is_accepted():
    vision = make_declaration(kind="vision")
    plan = make_declaration(kind="work_plan", implements=vision)
    plan.full_clean()
    assert list(vision.implementations.all()) == [plan]


@pytest.mark.parametrize(
    ("precision", "adopted", "stored", "shown"),
    [
        ("day", (2017, 11, 13), (2017, 11, 13), "13 November 2017"),
        ("month", (2017, 11, 13), (2017, 11, 1), "November 2017"),
        ("year", (2017, 11, 13), (2017, 1, 1), "2017"),
    ],
)
def test_declaration_save_truncates_adopted_on_to_precision(precision, adopted, stored, shown):
    declaration = make_declaration(adopted_on=datetime.date(*adopted), adopted_precision=precision)
    declaration.refresh_from_db()
    assert declaration.adopted_on == datetime.date(*stored)
    assert str(declaration.adopted) == shown


def test_declaration_without_adoption_date_has_no_adopted():
    assert make_declaration(adopted_precision="year").adopted is None


# Meeting-declaration links


@exercises("meeting_declaration_unique")
def test_meeting_declaration_duplicate_relation_is_rejected():
    link = make_meeting_declaration(relation="held_under")
    assert_db_rejects(
        MeetingDeclaration,
        "meeting_declaration_unique",
        lambda: MeetingDeclaration.objects.create(
            meeting=link.meeting, declaration=link.declaration, relation="held_under"
        ),
    )
    assert_invalid(
        MeetingDeclaration(meeting=link.meeting, declaration=link.declaration, relation="held_under"),
        "This meeting already has this relation to this declaration.",
    )
    # The same meeting may deal with the same declaration in another way.
    make_meeting_declaration(meeting=link.meeting, declaration=link.declaration, relation="reviewed")


# Participations

ONE_PARTICIPANT = "A participation names exactly one of: an official, an organisation or a country."


@exercises("participation_names_one_participant")
def test_participation_naming_no_participant_is_rejected():
    nobody = Participation(meeting=make_meeting(), role="participant")
    assert_db_rejects(Participation, "participation_names_one_participant", nobody.save)
    assert_invalid(nobody, ONE_PARTICIPANT)


@pytest.mark.parametrize(
    "participants", [("official", "organisation"), ("official", "country"), ("organisation", "country")]
)
def test_participation_naming_two_participants_is_rejected(participants):
    made = {"official": make_official(), "organisation": make_organisation(), "country": make_country()}
    two = Participation(meeting=make_meeting(), **{name: made[name] for name in participants})
    assert_db_rejects(Participation, "participation_names_one_participant", two.save)
    assert_invalid(two, ONE_PARTICIPANT)


def test_participation_naming_all_three_participants_is_rejected():
    three = Participation(
        meeting=make_meeting(),
        official=make_official(),
        organisation=make_organisation(),
        country=make_country(),
    )
    assert_db_rejects(Participation, "participation_names_one_participant", three.save)
    assert_invalid(three, ONE_PARTICIPANT)


def test_participation_changed_to_name_a_second_participant_is_rejected():
    participation = make_participation()
    organisation = make_organisation()
    assert_db_rejects(
        Participation,
        "participation_names_one_participant",
        lambda: Participation.objects.filter(pk=participation.pk).update(organisation=organisation),
    )
    assert Participation.objects.get(pk=participation.pk).organisation is None


@exercises(
    "participation_official_role_unique",
    "participation_organisation_role_unique",
    "participation_country_role_unique",
)
@pytest.mark.parametrize(
    ("participant", "constraint", "make_participant"),
    [
        ("official", "participation_official_role_unique", make_official),
        ("organisation", "participation_organisation_role_unique", make_organisation),
        ("country", "participation_country_role_unique", make_country),
    ],
)
def test_participation_same_participant_and_role_twice_is_rejected(participant, constraint, make_participant):
    meeting = make_meeting()
    who = {participant: make_participant()}
    make_participation(meeting=meeting, role="speaker", **who)
    again = Participation(meeting=meeting, role="speaker", **who)
    assert_db_rejects(Participation, constraint, again.save)
    assert meeting.participations.count() == 1
    assert_invalid(again, f"This {participant} already has that role at this meeting.")
    # Another role at the same meeting, or the same role at another meeting, is fine.
    make_participation(meeting=meeting, role="chair", **who).full_clean()
    make_participation(role="speaker", **who).full_clean()


# Outcomes


@exercises("outcome_slug_unique_per_meeting")
def test_outcome_slug_duplicate_in_same_meeting_is_rejected():
    outcome = make_outcome(slug="handover")
    assert_db_rejects(
        Outcome,
        "outcome_slug_unique_per_meeting",
        lambda: Outcome.objects.create(meeting=outcome.meeting, slug="handover", kind="handover", text="x"),
    )
    assert_invalid(
        Outcome(meeting=outcome.meeting, slug="handover", kind="handover", text="x"),
        "This meeting already has an outcome with that slug.",
    )
    # Another meeting may have an outcome with the same slug.
    make_outcome(slug="handover").full_clean()


@exercises("outcome_slug_lowercase")
def test_outcome_slug_uppercase_is_rejected():
    outcome = Outcome(meeting=make_meeting(), slug="Handover", kind="handover", text="Handed over.")
    assert_db_rejects(Outcome, "outcome_slug_lowercase", outcome.save)
    assert_invalid(outcome, "Slugs are written in lower case.")


# Chairmanships


@exercises("chairmanship_unique")
def test_chairmanship_duplicate_is_rejected():
    chairmanship = make_chairmanship(start_year=2022)
    same = {"organisation": chairmanship.organisation, "country": chairmanship.country, "start_year": 2022}
    assert_db_rejects(
        Chairmanship,
        "chairmanship_unique",
        lambda: Chairmanship.objects.bulk_create([Chairmanship(end_year=2024, **same)]),
    )
    assert_invalid(Chairmanship(**same), "That chairmanship (body, country, first year) is already recorded.")
    # The same country may chair again later.
    make_chairmanship(organisation=chairmanship.organisation, country=chairmanship.country, start_year=2032)


@exercises("chairmanship_end_not_before_start")
def test_chairmanship_end_year_before_start_year_is_rejected():
    chairmanship = Chairmanship(
        organisation=make_organisation(), country=make_country(), start_year=2022, end_year=2021
    )
    assert_db_rejects(Chairmanship, "chairmanship_end_not_before_start", chairmanship.save)
    assert_invalid(chairmanship, "The last year cannot be before the start.")
    chairmanship.end_year = 2022
    chairmanship.full_clean()


# Natural keys


def _meetings_records():
    viet_nam = make_country(code="VN", name="Viet Nam", alpha3="VNM")
    accsm = make_organisation(
        slug="accsm", name="ASEAN Cooperation on Civil Service Matters", abbreviation="ACCSM"
    )
    source = make_source(slug="vna-2022-08-05", headline="ACCSM 21 opens in Hanoi", publisher="VNA")
    meeting = make_meeting(
        slug="accsm-21",
        name="21st ASEAN Conference on Civil Service Matters",
        short_name="ACCSM 21",
        kind="conference",
        ordinal=21,
        start_date=datetime.date(2022, 8, 3),
        end_date=datetime.date(2022, 8, 5),
        city="Hanoi",
        country=viet_nam,
        host=accsm,
    )
    declaration = make_declaration(slug="accsm-work-plan-2021-2025", title="ACCSM Work Plan 2021–2025")
    official = make_official(slug="pham-thi-thanh-tra", name="Pham Thi Thanh Tra", country=viet_nam)
    return {
        Source: source,
        Meeting: meeting,
        Declaration: declaration,
        MeetingDeclaration: make_meeting_declaration(
            meeting=meeting, declaration=declaration, relation="reviewed"
        ),
        Participation: make_participation(meeting=meeting, official=official, role="chair"),
        Outcome: make_outcome(
            meeting=meeting, slug="handover", kind="handover", text="Viet Nam handed over."
        ),
        Chairmanship: make_chairmanship(organisation=accsm, country=viet_nam, start_year=2022, end_year=2024),
        Citation: make_citation(meeting, "city", source=source, quote="in Hanoi"),
    }


def test_natural_key_round_trips_for_every_meetings_model():
    records = _meetings_records()
    # A meeting's records come with the source they are taken from.
    apps_built = [apps.get_app_config(label) for label in ("sources", "meetings")]
    assert set(records) == {model for app in apps_built for model in record_models(app)}
    for model, record in records.items():
        key = record.natural_key()
        assert model.objects.get_by_natural_key(*key) == record, model


def test_natural_key_values_are_slugs_codes_and_names():
    records = _meetings_records()
    assert records[Source].natural_key() == ("vna-2022-08-05",)
    assert records[Meeting].natural_key() == ("accsm-21",)
    assert records[Declaration].natural_key() == ("accsm-work-plan-2021-2025",)
    assert records[MeetingDeclaration].natural_key() == ("accsm-21", "accsm-work-plan-2021-2025", "reviewed")
    assert records[Participation].natural_key() == ("accsm-21", "chair", "pham-thi-thanh-tra", None, None)
    assert records[Outcome].natural_key() == ("accsm-21", "handover")
    assert records[Chairmanship].natural_key() == ("accsm", "VN", 2022)
    assert records[Citation].natural_key() == (
        "city",
        "vna-2022-08-05",
        "in Hanoi",
        "meetings",
        "meeting",
        "accsm-21",
    )


@pytest.mark.parametrize("participant", ["official", "organisation", "country"])
def test_natural_key_round_trips_for_participation_of_each_kind(participant):
    meeting = make_meeting()
    makers = {"official": make_official, "organisation": make_organisation, "country": make_country}
    participation = make_participation(
        meeting=meeting, role="participant", **{participant: makers[participant]()}
    )
    # Others at the same meeting in the same role, so the key has to tell them apart.
    for other, make in makers.items():
        make_participation(meeting=meeting, role="participant", **{other: make()})
    key = participation.natural_key()
    assert key[0] == meeting.slug and key[1] == "participant"
    assert [value is not None for value in key[2:]] == [
        name == participant for name in ("official", "organisation", "country")
    ]
    assert Participation.objects.get_by_natural_key(*key) == participation


def test_natural_key_of_reloaded_participation_round_trips():
    participation = make_participation(
        organisation=make_organisation(slug="asean-secretariat"), role="briefer"
    )
    reloaded = Participation.objects.get(pk=participation.pk)
    assert reloaded.natural_key() == (participation.meeting.slug, "briefer", None, "asean-secretariat", None)
    assert Participation.objects.get_by_natural_key(*reloaded.natural_key()) == participation


# Display and URLs


def test_str_of_every_meetings_model_is_readable():
    records = _meetings_records()
    assert str(records[Source]) == "ACCSM 21 opens in Hanoi (VNA)"
    assert str(records[Meeting]) == "ACCSM 21"
    assert str(records[Declaration]) == "ACCSM Work Plan 2021–2025"
    assert str(records[MeetingDeclaration]) == "ACCSM 21 reviewed ACCSM Work Plan 2021–2025"
    assert str(records[Participation]) == "Pham Thi Thanh Tra (chair) at ACCSM 21"
    assert str(records[Outcome]) == "Handover: Viet Nam handed over."
    assert str(records[Chairmanship]) == "Viet Nam chairs ACCSM, 2022–2024"


def test_meeting_str_without_short_name_is_its_name():
    assert (
        str(make_meeting(name="Workshop on Public Service Delivery")) == "Workshop on Public Service Delivery"
    )


def test_meeting_place_and_date_display_read_naturally():
    meeting = _meetings_records()[Meeting]
    assert meeting.place == "Hanoi, Viet Nam"
    assert meeting.date_display == "3–5 August 2022"


def test_participation_str_names_organisation_or_country():
    meeting = make_meeting(short_name="SOM")
    by_organisation = make_participation(
        meeting=meeting, organisation=make_organisation(name="ASEAN Secretariat", abbreviation="ASEC")
    )
    by_country = make_participation(meeting=meeting, country=make_country(name="Japan"), role="observer")
    assert str(by_organisation) == "ASEAN Secretariat (ASEC) (participant) at SOM"
    assert str(by_country) == "Japan (observer) at SOM"


def test_outcome_str_shortens_long_text():
    outcome = make_outcome(kind="report", text="x" * 100)
    assert str(outcome) == "Report: " + "x" * 60


def test_chairmanship_str_of_open_term_shows_start_year():
    chairmanship = make_chairmanship(
        organisation=make_organisation(name="ACCSM"), country=make_country(name="Thailand"), start_year=2024
    )
    assert str(chairmanship) == "Thailand chairs ACCSM, 2024–"


def test_get_absolute_url_of_every_meetings_model_leads_to_its_page():
    records = _meetings_records()
    expected = {
        Source: ("/sources/vna-2022-08-05/", "public:source_detail"),
        Meeting: ("/meetings/accsm-21/", "public:meeting_detail"),
        Declaration: ("/declarations/accsm-work-plan-2021-2025/", "public:declaration_detail"),
        MeetingDeclaration: ("/meetings/accsm-21/", "public:meeting_detail"),
        Participation: ("/meetings/accsm-21/", "public:meeting_detail"),
        Outcome: ("/meetings/accsm-21/", "public:meeting_detail"),
        Chairmanship: ("/countries/vn/", "public:country_detail"),
        # A citation is shown beside the fact it supports, on its record's page.
        Citation: ("/meetings/accsm-21/", "public:meeting_detail"),
    }
    assert set(expected) == set(records)
    for model, (url, view_name) in expected.items():
        assert records[model].get_absolute_url() == url, model
        assert resolve(url).view_name == view_name
