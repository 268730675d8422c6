"""The fixture of records derived from the two source articles (fixtures/accsm.json).

What it holds is pinned against the two articles and the public pages cited for what they leave
out (tests/sources/test_fixture_citations.py checks the citations); how it loads is pinned too:
loading it again changes nothing, a dump of the database reloads to the same
records, and a broken fixture fails with an error naming the problem while the
database stays exactly as it was.
"""

import datetime
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError, transaction

from core.dates import truncate
from core.models import DataVersion
from meetings.models import (
    Chairmanship,
    Declaration,
    Meeting,
    MeetingDeclaration,
    Outcome,
    Participation,
)
from people.models import (
    Country,
    CountryName,
    Identifier,
    Official,
    OfficialAlias,
    Organisation,
    OrganisationName,
    Position,
)
from sources.models import Citation, Source

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "accsm.json"
STAMP = datetime.datetime(2026, 11, 25, tzinfo=datetime.UTC)
A1 = "vna-civil-service-reform-workshop"
A2 = "vna-heads-of-civil-service-hanoi"
HEADS = "accsm-21-heads-of-civil-service"
WORKSHOP = "civil-service-reform-workshop-2021"
# The articles as handed to the project; outside the repository, so the check
# that quotes are verbatim runs only where they are present.
SEEDS = {
    A1: Path("/work/shared/seeds/000_df96c0fe0589f983.txt"),
    A2: Path("/work/shared/seeds/002_3df05439a9905345.txt"),
}

EXPECTED_COUNTS = {
    Country: 14,
    # The other names a visitor may search a country by: Vietnam, Vietnamese, Brunei, Laos, Lao,
    # Burma, East Timor.
    CountryName: 7,
    Organisation: 11,
    OrganisationName: 1,
    Official: 5,
    OfficialAlias: 7,
    Position: 6,
    Identifier: 15,
    # The two articles and the public pages cited for the facts they leave out.
    Source: 27,
    Declaration: 11,
    Meeting: 5,
    MeetingDeclaration: 11,
    # The officials the articles name, and the participants the data check found missing: the
    # ASEAN member states at the workshop, the ASEAN Secretariat at both 3 August meetings, and
    # China, Japan and the Republic of Korea at the 6th ACCSM+3 Senior Officials' Meeting.
    Participation: 14,
    # One report after both 3 August meetings, recorded once (of ACCSM 21).
    Outcome: 4,
    Chairmanship: 3,
    # Every public fact cited; each other name of a country for its name and its kind.
    Citation: 350,
}


def record_models():
    """Every model of the record apps, the auto-created M2M tables included (they hold the sources).

    The data version row is left out: it changes with every write by design.
    """
    for label in ("sources", "people", "meetings"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model is not DataVersion:
                yield model


def counts():
    return {model._meta.label: model._base_manager.count() for model in record_models()}


def snapshot():
    """Every column of every row of the record apps, keyed by model and ordered by pk.

    Unlike a dump, it includes primary keys and the stored search text, so a
    reload that re-created rows or touched any field shows up as a difference.
    """
    return {
        model._meta.label: [
            {key: str(value) for key, value in row.items()}
            for row in model._base_manager.order_by("pk").values()
        ]
        for model in record_models()
    }


def dump():
    """The record apps as `dumpdata --natural-foreign --natural-primary` writes them, parsed."""
    out = StringIO()
    call_command(
        "dumpdata",
        "sources",
        "people",
        "meetings",
        exclude=["core.DataVersion"],
        natural_foreign=True,
        natural_primary=True,
        stdout=out,
    )
    return json.loads(out.getvalue())


def fixture_records(model_label):
    return [r for r in json.loads(FIXTURE.read_text()) if r["model"] == model_label]


def stamped(model, **fields):
    """A fixture record as the real fixture writes them, with the fixed timestamps."""
    return {
        "model": model,
        "fields": {"created": "2026-11-25T00:00:00Z", "updated": "2026-11-25T00:00:00Z", **fields},
    }


# --- What the fixture holds ---------------------------------------------------------


def test_fixture_file_uses_natural_keys_only():
    records = json.loads(FIXTURE.read_text())
    assert records
    assert all("pk" not in record for record in records)
    assert all(set(record) == {"model", "fields"} for record in records)


def test_counts_per_model_match_the_sources(accsm_records):
    assert {model: model.objects.count() for model in EXPECTED_COUNTS} == EXPECTED_COUNTS


def test_every_record_has_the_fixed_timestamps(accsm_records):
    for model in EXPECTED_COUNTS:
        assert set(model.objects.values_list("created", "updated").distinct()) == {(STAMP, STAMP)}, model


def test_heads_meeting_is_on_5_august_2022_in_hanoi_as_part_of_accsm_21(accsm_records):
    meeting = Meeting.objects.get(slug=HEADS)
    assert meeting.name == "Heads of Civil Service Meeting"
    assert meeting.kind == Meeting.Kind.HEADS_OF_CIVIL_SERVICE
    assert (meeting.start_date, meeting.end_date, meeting.date_precision) == (
        datetime.date(2022, 8, 5),
        None,
        "day",
    )
    assert (meeting.city, meeting.country.name, meeting.format) == ("Hanoi", "Viet Nam", "in_person")
    assert meeting.theme == "Modernising civil service towards a cohesive and responsive ASEAN Community"
    assert meeting.parent.slug == "accsm-21"
    assert meeting.parent.short_name == "ACCSM 21"
    assert "year" in meeting.date_note and "2022" in meeting.date_note
    assert Citation.objects.of(meeting).filter(field="", source__slug=A2).exists()


def test_heads_meeting_is_chaired_by_pham_thi_thanh_tra(accsm_records):
    chairs = Participation.objects.filter(meeting__slug=HEADS, role="chair")
    assert [(p.official.slug, p.represents_country.code) for p in chairs] == [("pham-thi-thanh-tra", "VN")]
    chair = chairs.get()
    assert chair.official.native_name == "Phạm Thị Thanh Trà"
    assert chair.printed_name == "Pham Thi Thanh Tra"
    assert Citation.objects.of(chair).filter(field="", source__slug=A2).exists()
    assert "COVID-19" in chair.statement and "Brunei" in chair.statement


def test_accsm_21_series_holds_the_three_august_meetings(accsm_records):
    accsm_21 = Meeting.objects.get(slug="accsm-21")
    # Dated by its parts: the senior officials' meetings on 3 August, the heads' on 5 August.
    assert (accsm_21.start_date, accsm_21.end_date, accsm_21.date_precision, accsm_21.ordinal) == (
        datetime.date(2022, 8, 3),
        datetime.date(2022, 8, 5),
        "day",
        21,
    )
    children = accsm_21.children.order_by("start_date", "slug")
    assert [(m.slug, m.kind, m.start_date) for m in children] == [
        ("accsm-21-som", "som", datetime.date(2022, 8, 3)),
        ("accsm-plus-three-6th-som", "som_plus_three", datetime.date(2022, 8, 3)),
        (HEADS, "heads", datetime.date(2022, 8, 5)),
    ]
    plus_three = children.get(slug="accsm-plus-three-6th-som")
    assert (plus_three.ordinal, plus_three.short_name) == (6, "6th SOM+3")
    assert Participation.objects.get(meeting=accsm_21).official.slug == "pham-thi-thanh-tra"


def test_workshop_is_the_virtual_third_one_of_29_october_2021(accsm_records):
    workshop = Meeting.objects.get(slug=WORKSHOP)
    assert (workshop.kind, workshop.ordinal, workshop.format) == ("workshop", 3, "virtual")
    assert (workshop.start_date, workshop.date_precision) == (datetime.date(2021, 10, 29), "day")
    assert workshop.host.slug == "moha-viet-nam"
    assert workshop.parent is None
    # The year is not printed with the date; the note says where it comes from.
    assert "morning" in workshop.date_note and "“in 2021”" in workshop.date_note
    held_under = workshop.declaration_links.get(relation="held_under", declaration__kind="action_plan")
    assert held_under.declaration.slug == "moha-catalyst-action-plan"
    assert held_under.declaration.implements.slug == "civil-service-catalyst-declaration"


def test_ekkaphab_phanthavong_is_one_official_under_both_spellings(accsm_records):
    official = Official.objects.get(slug="ekkaphab-phanthavong")
    assert Official.objects.filter(name__icontains="ekkaphab").count() == 1
    assert official.country.code == "LA"
    aliases = {alias.name: alias.note for alias in official.aliases.all()}
    assert set(aliases) == {"Ekkaphab Phanthavong", "Ekkaphab Phantavong"}
    assert "misspelling" in aliases["Ekkaphab Phantavong"]
    assert "2022 Heads of Civil Service Meeting" in aliases["Ekkaphab Phantavong"]
    printed = {(p.meeting.slug, p.role): p.printed_name for p in official.participations.all()}
    assert printed == {
        (WORKSHOP, "speaker"): "Ekkaphab Phanthavong",
        (HEADS, "briefer"): "Ekkaphab Phantavong",
    }
    assert {p.represents_organisation.slug for p in official.participations.all()} == {"asean-secretariat"}


def test_ekkaphab_phanthavong_term_is_stored_to_the_year(accsm_records):
    position = Position.objects.get(official__slug="ekkaphab-phanthavong")
    assert position.organisation.slug == "asean-secretariat"
    assert position.title.startswith("Deputy Secretary-General of ASEAN")
    assert (position.start_date, position.start_precision) == (datetime.date(2021, 1, 1), "year")
    assert (position.end_date, position.end_precision) == (datetime.date(2024, 1, 1), "year")
    assert position.period_display == "2021–2024"


def test_minister_of_home_affairs_post_runs_april_2021_to_october_2025_to_the_month(accsm_records):
    position = Position.objects.get(official__slug="pham-thi-thanh-tra", organisation__slug="moha-viet-nam")
    assert position.title == "Minister of Home Affairs"
    # She left the ministry on becoming a Deputy Prime Minister (SGGP, October 2025).
    assert (position.start_date, position.start_precision, position.end_date, position.end_precision) == (
        datetime.date(2021, 4, 1),
        "month",
        datetime.date(2025, 10, 1),
        "month",
    )


def test_partial_dates_are_stored_as_the_first_day_of_their_period(accsm_records):
    # Raw fixture saves skip save(), which truncates; the fixture must do it itself.
    for meeting in Meeting.objects.all():
        assert meeting.start_date == truncate(meeting.start_date, meeting.date_precision), meeting.slug
    for position in Position.objects.all():
        assert position.start_date == truncate(position.start_date, position.start_precision)
        assert position.end_date == truncate(position.end_date, position.end_precision)
    for declaration in Declaration.objects.all():
        assert declaration.adopted_on == truncate(declaration.adopted_on, declaration.adopted_precision)


def test_only_native_names_that_the_fact_sheet_gives_are_recorded(accsm_records):
    assert dict(Official.objects.values_list("slug", "native_name")) == {
        "chu-tuan-tu": "Chu Tuấn Tú",
        "ekkaphab-phanthavong": "",
        "ha-thi-minh-duc": "",  # not verified
        "pham-thi-thanh-tra": "Phạm Thị Thanh Trà",
        "vu-chien-thang": "Vũ Chiến Thắng",
    }


def test_accsm_former_name_is_the_conference_name_until_the_2015_rename(accsm_records):
    accsm = Organisation.objects.get(slug="accsm")
    assert (accsm.name, accsm.abbreviation) == ("ASEAN Cooperation on Civil Service Matters", "ACCSM")
    former = accsm.alternative_names.get()
    assert (former.name, former.kind, former.start_year, former.end_year) == (
        "ASEAN Conference on Civil Service Matters",
        "former",
        1981,
        2015,  # renamed on 17 November 2015
    )
    assert "2015" in former.note
    assert "1981" in accsm.description and "2015" in accsm.description


def test_the_two_international_cooperation_departments_stay_apart(accsm_records):
    moha = Organisation.objects.get(slug="moha-international-cooperation")
    molisa = Organisation.objects.get(slug="molisa-international-cooperation")
    assert (moha.name, moha.parent.slug) == ("International Cooperation Department", "moha-viet-nam")
    assert (molisa.name, molisa.parent.slug) == ("Department of International Cooperation", "molisa")
    assert molisa.parent.abbreviation == "MOLISA"
    assert Position.objects.get(official__slug="chu-tuan-tu").organisation == moha
    assert Position.objects.get(official__slug="ha-thi-minh-duc").organisation == molisa


def test_brunei_received_the_accsm_chair_at_the_heads_meeting(accsm_records):
    brunei = Chairmanship.objects.get(country__code="BN")
    assert (brunei.organisation.slug, brunei.start_year, brunei.end_year) == ("accsm", 2022, 2024)
    assert brunei.handed_over_at.slug == HEADS
    assert Citation.objects.of(brunei).filter(field="", source__slug=A2).exists()
    handover = Outcome.objects.get(meeting__slug=HEADS, kind="handover")
    assert "Brunei" in handover.text
    assert Citation.objects.of(handover).get(field="").quote == (
        "Minister Tra, who is also Chairwoman of ACCSM 21, officially transferred the role of the Chair "
        "of ACCSM22 to Brunei."
    )


def test_accsm_chairs_follow_one_another_and_cambodia_rests_on_a_public_page(accsm_records):
    chairs = Chairmanship.objects.filter(organisation__slug="accsm").order_by("start_year")
    assert [(c.country.code, c.start_year, c.end_year) for c in chairs] == [
        ("VN", 2021, 2022),
        ("BN", 2022, 2024),
        ("KH", 2024, 2026),
    ]
    cambodia = chairs.get(country__code="KH")
    # Neither article names Cambodia: its term is cited to the ASEAN Secretariat's page.
    source = Citation.objects.of(cambodia).get(field="").source
    assert (source.slug, source.kind) == ("asean-accsm-22-heads-meeting", "web_page")
    assert source.url.startswith("https://asean.org/")
    cited = Citation.objects.of(cambodia).filter(source=source, basis="stated")
    assert {"start_year", "end_year"} <= set(cited.values_list("field", flat=True))
    assert "2024–2026" in cambodia.note


def test_countries_are_the_eleven_members_and_the_plus_three(accsm_records):
    by_status = {
        status: sorted(Country.objects.filter(asean_status=status).values_list("code", flat=True))
        for status in ("member", "plus_three")
    }
    assert by_status == {
        "member": ["BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "TL", "VN"],
        "plus_three": ["CN", "JP", "KR"],
    }
    assert not Country.objects.filter(asean_status="plus_three", joined_asean__isnull=False).exists()
    timor_leste = Country.objects.get(code="TL")
    assert timor_leste.joined_asean == datetime.date(2025, 10, 26)
    assert "observer" in timor_leste.note and "11 November 2022" in timor_leste.note
    assert Country.objects.get(code="VN").joined_asean.year == 1995


def test_countries_have_the_other_names_visitors_search_them_by(accsm_records):
    names = sorted(CountryName.objects.values_list("country__code", "name", "kind"))
    assert names == [
        ("BN", "Brunei", "short"),
        ("LA", "Lao", "demonym"),
        ("LA", "Laos", "short"),
        ("MM", "Burma", "former"),
        ("TL", "East Timor", "former"),
        ("VN", "Vietnam", "short"),
        ("VN", "Vietnamese", "demonym"),
    ]
    for name in CountryName.objects.all():
        assert Citation.objects.of(name).filter(field="name").exists(), name


def test_accession_dates_are_known_to_the_day(accsm_records):
    members = Country.objects.filter(asean_status="member")
    assert set(members.values_list("joined_asean_precision", flat=True)) == {"day"}
    assert not members.filter(joined_asean__isnull=True).exists()


def test_sources_print_no_date_and_no_address(accsm_records):
    sources = {source.slug: source for source in Source.objects.filter(kind="news_article", url="")}
    assert set(sources) == {A1, A2}
    for source in sources.values():
        assert (source.published_on, source.url, source.dateline) == (None, "", "Hanoi")
        assert source.publisher.startswith("Vietnam News Agency")
    assert "twice" in sources[A1].note
    # The scraped photo caption at the head of A2 is not content, and no public text mentions it.
    assert "photo caption" not in sources[A2].note and "Phantavong" in sources[A2].note


def test_only_verified_titles_are_marked_official(accsm_records):
    official = set(Declaration.objects.filter(title_status="official").values_list("slug", flat=True))
    assert official == {
        "civil-service-catalyst-declaration",
        "accsm-work-plan-2021-2025",
        "acrf",
        "care-economy-framework",
        "fourth-industrial-revolution-strategy",
    }
    catalyst = Declaration.objects.get(slug="civil-service-catalyst-declaration")
    assert (catalyst.adopted_on, catalyst.adoption_note) == (
        datetime.date(2017, 4, 29),
        "30th ASEAN Summit, Manila",
    )
    plans = Declaration.objects.filter(kind="action_plan").values_list("slug", "implements__slug")
    assert set(plans) == {
        ("moha-catalyst-action-plan", "civil-service-catalyst-declaration"),
        ("resilient-adaptive-civil-service-action-plan", "resilient-adaptive-civil-service-declaration"),
    }


def test_heads_meeting_deals_with_declarations_as_the_article_says(accsm_records):
    links = MeetingDeclaration.objects.filter(meeting__slug=HEADS)
    assert sorted(links.values_list("relation", "declaration__slug")) == [
        ("briefed_on", "acrf"),
        ("briefed_on", "adaptive-asean-community-policy-framework"),
        ("briefed_on", "asean-community-vision-post-2025"),
        ("briefed_on", "care-economy-framework"),
        ("briefed_on", "fourth-industrial-revolution-strategy"),
        ("discussed", "accsm-strategic-partnership-framework"),
        ("discussed", "resilient-adaptive-civil-service-action-plan"),
        ("discussed", "resilient-adaptive-civil-service-declaration"),
        ("reviewed", "accsm-work-plan-2021-2025"),
    ]


def test_meeting_outcomes_are_those_the_article_states(accsm_records):
    assert sorted(Outcome.objects.values_list("meeting__slug", "kind", "slug")) == [
        # One report after both 3 August meetings, of the conference both were part of.
        ("accsm-21", "report", "report-to-member-states"),
        (HEADS, "agreement", "strategic-partnership-cooperation"),
        (HEADS, "handover", "accsm-22-chair-to-brunei"),
        (HEADS, "statement", "work-plan-on-schedule"),
    ]


def test_every_fact_with_evidence_cites_a_source_and_a_short_quote(accsm_records):
    # China, Japan and the Republic of Korea at the 6th ACCSM+3 SOM are not named by the article:
    # their participation is inferred, with citations, and has no quote of its own.
    inferred = Participation.objects.filter(country__code__in=["CN", "JP", "KR"])
    for participation in inferred:
        assert [c.basis for c in Citation.objects.of(participation)] == ["inferred", "inferred"]
    for model in (Participation, Outcome, MeetingDeclaration):
        for record in model.objects.exclude(pk__in=inferred if model is Participation else []):
            quotes = [c.quote for c in Citation.objects.of(record).filter(field="")]
            assert quotes and all(quote and len(quote) < 400 for quote in quotes), record
            for quote in quotes:
                # One sentence or less: no sentence ends before the quote does.
                assert not re.search(r"[.!?]\s+\S", quote), quote


@pytest.mark.skipif(not all(p.exists() for p in SEEDS.values()), reason="the source articles are not here")
def test_every_quote_and_printed_name_is_copied_from_its_article(accsm_records):
    # The scraped articles put non-breaking spaces between some words; quotes use plain spaces.
    texts = {slug: path.read_text().replace("\xa0", " ") for slug, path in SEEDS.items()}
    quoted = Citation.objects.filter(source__slug__in=texts).exclude(quote="").select_related("source")
    assert quoted.count() > 100
    for citation in quoted:
        assert citation.quote in texts[citation.source.slug], citation.quote
    for participation in Participation.objects.all():
        articles = Citation.objects.of(participation).filter(source__slug__in=texts)
        for slug in set(articles.values_list("source__slug", flat=True)):
            assert participation.printed_name in texts[slug]
            assert participation.printed_title in texts[slug]


def test_every_participation_names_exactly_one_participant(accsm_records):
    for participation in Participation.objects.all():
        named = [participation.official_id, participation.organisation_id, participation.country_id]
        assert sum(value is not None for value in named) == 1, participation
    host = Participation.objects.get(meeting__slug=WORKSHOP, role="host")
    assert (host.official, host.organisation.slug) == (None, "moha-viet-nam")


# --- How the fixture loads ---------------------------------------------------------


def test_loading_twice_changes_and_duplicates_nothing(accsm_records):
    before_counts, before = counts(), snapshot()
    call_command("loaddata", "accsm", verbosity=0)
    assert counts() == before_counts
    assert snapshot() == before


def test_copied_records_are_those_a_real_load_makes(db, loaded_accsm_records):
    # The suite copies the loaded rows into each test rather than loading again (tests/loaded_fixtures.py).
    def records():
        searchable = {
            model._meta.label: sorted(model._base_manager.values_list("search_text", flat=True))
            for model in record_models()
            if any(field.name == "search_text" for field in model._meta.fields)
        }
        return dump(), searchable

    with transaction.atomic():
        loaded_accsm_records.insert()
        copied = records()
        transaction.set_rollback(True)
    with transaction.atomic():
        call_command("loaddata", "accsm", verbosity=0)
        loaded = records()
        transaction.set_rollback(True)
    assert len(copied[0]) == sum(EXPECTED_COUNTS.values())
    assert copied == loaded


@pytest.mark.django_db(transaction=True)
def test_dump_flush_and_reload_gives_identical_records(accsm_records, tmp_path):
    before = dump()
    assert len(before) == sum(EXPECTED_COUNTS.values())
    path = tmp_path / "dump.json"
    path.write_text(json.dumps(before))
    call_command("flush", interactive=False, verbosity=0)
    assert Meeting.objects.count() == 0
    call_command("loaddata", str(path), verbosity=0)
    assert dump() == before
    # The stored search text is not dumped; the reload must rebuild it.
    assert Official.objects.get(slug="ekkaphab-phanthavong").search_text.count("phantavong") == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        pytest.param(
            '[{"model": "meetings.meeting", "fields": {"slug": ',
            DeserializationError,
            r"Problem installing fixture '.*bad\.json'",
            id="invalid-json",
        ),
        pytest.param(
            [
                stamped(
                    "meetings.meeting",
                    slug="backwards-meeting",
                    name="Backwards meeting",
                    kind="other",
                    start_date="2022-08-05",
                    end_date="2022-08-01",
                )
            ],
            IntegrityError,
            r"bad\.json.*meeting_end_not_before_start",
            id="end-before-start",
        ),
        pytest.param(
            [
                stamped(
                    "meetings.meeting",
                    slug="nowhere-meeting",
                    name="Meeting in an unknown country",
                    kind="other",
                    start_date="2022-08-05",
                    country=["XX"],
                )
            ],
            DeserializationError,
            r"Country matching query does not exist.*\['XX'\]",
            id="unknown-natural-key",
        ),
        pytest.param(
            [stamped("meetings.participation", meeting=["accsm-21"], role="participant")],
            IntegrityError,
            r"bad\.json.*participation_names_one_participant",
            id="no-participant",
        ),
    ],
)
def test_broken_fixture_fails_naming_the_problem_and_leaves_the_database_unchanged(
    accsm_records, tmp_path, content, error, message
):
    if not isinstance(content, str):
        # Valid changes ahead of the broken record must be undone with it.
        heads = next(r for r in fixture_records("meetings.meeting") if r["fields"]["slug"] == HEADS)
        heads["fields"]["theme"] = "A theme that must not survive the failed load"
        new_country = stamped("people.country", code="QZ", name="Nowhere Land", asean_status="other")
        content = json.dumps([new_country, heads, *content])
    path = tmp_path / "bad.json"
    path.write_text(content)
    before_counts, before = counts(), snapshot()

    with pytest.raises(error, match=message):
        call_command("loaddata", str(path), verbosity=0)

    assert counts() == before_counts
    assert snapshot() == before
    assert not Country.objects.filter(code="QZ").exists()


@pytest.mark.django_db(transaction=True)
def test_invalid_json_error_chains_the_parser_message(accsm_records, tmp_path):
    # Django's own message names only the file; the JSON parser's, chained to it, says what is wrong.
    path = tmp_path / "truncated.json"
    path.write_text('[{"model": "people.country", "fields": {"code": "QZ",')
    with pytest.raises(DeserializationError, match="truncated.json") as failure:
        call_command("loaddata", str(path), verbosity=0)
    assert isinstance(failure.value.__cause__, json.JSONDecodeError)
    assert "line 1" in str(failure.value.__cause__)
    assert Country.objects.count() == EXPECTED_COUNTS[Country]
