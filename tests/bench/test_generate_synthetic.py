"""``manage.py generate_synthetic``: the large synthetic dataset used by the benchmark.

It must be reproducible (a seed gives the same records, timestamps included),
give what was asked for, and give records the site treats like real ones:
published, valid, and found by search with or without their diacritics --
although bulk_create fires none of the signals that normally keep the search
text current.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from core import search
from meetings.models import Declaration, Meeting, MeetingDeclaration, Outcome, Participation
from people.models import Country, Official, OfficialAlias, Organisation, Position
from sources.models import Citation, Source

MEETINGS = 60
SYN = {"slug__startswith": "syn-"}


def generate(seed=7, meetings=MEETINGS, clear=False):
    out = StringIO()
    call_command("generate_synthetic", meetings=meetings, seed=seed, clear=clear, stdout=out)
    return out.getvalue()


def rows(queryset, fields):
    """The values of ``fields`` (space-separated), sorted, without database ids (they differ per run)."""
    return sorted(map(repr, queryset.values_list(*fields.split())))


def snapshot():
    """Every generated record as comparable values."""
    meetings = Meeting.objects.filter(**SYN)
    officials = Official.objects.filter(**SYN)
    return {
        "meetings": rows(
            meetings,
            "slug name short_name kind ordinal parent__slug start_date end_date date_precision city "
            "country__code venue format host__slug theme summary status search_text created updated",
        ),
        "participations": rows(
            Participation.objects.filter(meeting__in=meetings),
            "meeting__slug role official__slug organisation__slug country__code represents_country__code "
            "represents_organisation__slug printed_name printed_title statement created",
        ),
        "officials": rows(officials, "slug name native_name country__code search_text created updated"),
        "aliases": rows(OfficialAlias.objects.filter(official__in=officials), "official__slug name"),
        "positions": rows(
            Position.objects.filter(official__in=officials),
            "official__slug organisation__slug title start_date end_date",
        ),
        "organisations": rows(Organisation.objects.filter(**SYN), "slug name parent__slug country__code"),
        "declarations": rows(
            Declaration.objects.filter(**SYN), "slug title kind adopted_on implements__slug created"
        ),
        "links": rows(
            MeetingDeclaration.objects.filter(meeting__in=meetings),
            "meeting__slug declaration__slug relation",
        ),
        "outcomes": rows(Outcome.objects.filter(meeting__in=meetings), "meeting__slug slug kind text"),
        "sources": rows(Source.objects.filter(**SYN), "slug headline published_on"),
        # Which record a citation names is an id; what kind of record, the source and its words are not.
        "citations": rows(
            Citation.objects.filter(source__slug__startswith="syn-"),
            "content_type__model field source__slug quote basis created",
        ),
    }


@pytest.fixture
def generated(db):
    """A fresh database (the command loads the fixtures itself) with one synthetic dataset; its summary."""
    return generate()


def test_the_same_seed_gives_the_same_records(generated):
    first = snapshot()
    generate(clear=True)
    assert snapshot() == first


def test_another_seed_gives_other_records(generated):
    first = snapshot()
    generate(seed=8, clear=True)
    second = snapshot()
    assert second["officials"] != first["officials"]
    assert second["meetings"] != first["meetings"]
    # --clear left only the new records: still exactly the number asked for.
    assert Meeting.objects.filter(**SYN).count() == MEETINGS


def test_counts_are_as_requested(generated):
    meetings = Meeting.objects.filter(**SYN)
    assert meetings.count() == MEETINGS
    assert f"Generated {MEETINGS} meetings" in generated
    per_meeting = Participation.objects.filter(meeting__in=meetings).count() / MEETINGS
    assert 8 <= per_meeting <= 12
    assert Official.objects.filter(**SYN).count() == 30  # N/5, at least 30 to draw ten from
    assert Declaration.objects.filter(**SYN).count() == 3  # N/50, at least 3
    # Conferences with two to four sub-meetings each.
    conferences = meetings.filter(kind=Meeting.Kind.CONFERENCE)
    assert conferences.exists()
    for conference in conferences:
        assert 2 <= conference.children.count() <= 4
    assert set(meetings.filter(parent__isnull=False).values_list("parent__kind", flat=True)) == {"conference"}
    # Every meeting and everything recorded of it cites the article it comes from.
    for model in (Meeting, Participation, MeetingDeclaration, Outcome):
        records = model.objects.filter(
            **({"pk__in": meetings} if model is Meeting else {"meeting__in": meetings})
        )
        cited = Citation.objects.filter(
            content_type__model=model._meta.model_name, source__slug__startswith="syn-"
        )
        assert set(cited.values_list("object_id", flat=True)) == set(records.values_list("pk", flat=True))


def test_the_fixture_records_are_loaded_and_kept(generated):
    assert Meeting.objects.filter(slug="accsm-21").exists()
    fixture_meetings = Meeting.objects.exclude(**SYN).count()
    generate(clear=True)
    assert Meeting.objects.exclude(**SYN).count() == fixture_meetings


def test_a_second_run_without_clear_is_refused(generated):
    with pytest.raises(CommandError, match="--clear"):
        generate()


def test_meetings_are_spread_over_forty_years_and_the_member_states(db):
    generate(meetings=400)
    meetings = Meeting.objects.filter(**SYN)
    years = {day.year for day in meetings.values_list("start_date", flat=True)}
    assert min(years) >= 1986 and max(years) <= 2025 and len(years) >= 30
    members = set(Country.objects.filter(asean_status="member").values_list("code", flat=True))
    hosts = set(meetings.values_list("country__code", flat=True))
    assert hosts <= members and len(hosts) >= 10


def test_search_text_is_what_the_signals_would_store(generated):
    for model in (Official, Organisation, Meeting, Declaration, Source):
        for record in model.objects.filter(**SYN):
            assert record.search_text == search.stored_text(record.search_terms()), record.slug
    if connection.vendor == "postgresql":
        assert not Meeting.objects.filter(**SYN, search_vector__isnull=True).exists()
        assert not Official.objects.filter(**SYN, search_vector__isnull=True).exists()


def test_officials_are_found_with_and_without_diacritics(generated):
    officials = Official.objects.filter(**SYN, country__code="VN").exclude(native_name="")
    official = officials.first()
    assert official is not None
    assert official.native_name != official.name  # "Nguyễn Văn Hùng" beside "Nguyen Van Hung"
    for query in (official.native_name, official.name, official.name.lower()):
        assert official in search.search(Official.objects.all(), query), query
    alias = OfficialAlias.objects.filter(official__slug__startswith="syn-").first()
    assert alias.official in search.search(Official.objects.all(), alias.name)


def test_generated_records_are_published_and_valid(generated):
    meetings = Meeting.objects.filter(**SYN)
    assert not meetings.exclude(status="published").exists()
    assert not Declaration.objects.filter(**SYN).exclude(status="published").exists()
    for meeting in meetings.order_by("slug")[:: MEETINGS // 10]:
        meeting.full_clean()
    for participation in Participation.objects.filter(meeting__in=meetings).order_by("pk")[::50]:
        participation.full_clean()
    for record in [*Official.objects.filter(**SYN)[:5], *Declaration.objects.filter(**SYN)]:
        record.full_clean()


def test_generated_records_make_cached_pages_stale(client, accsm_records):
    # bulk_create sends no signal, so the command replaces the data version itself.
    before = client.get("/meetings/")
    call_command("generate_synthetic", meetings=3, seed=1, verbosity=0)
    after = client.get("/meetings/")
    assert after["ETag"] != before["ETag"]
    assert after.context["page_obj"].paginator.count > before.context["page_obj"].paginator.count
