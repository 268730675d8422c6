"""The citations of the fixture (fixtures/accsm.json): every public fact cites a source, quotes are
the articles' own words, facts from public pages carry no quotation, and no public text uses the
project's internal labels for its sources.
"""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from meetings.models import Declaration, Meeting, Outcome, Participation
from people.models import Country
from sources.models import Citation, Source
from sources.provenance import all_gaps

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "accsm.json"
A1 = "vna-civil-service-reform-workshop"
A2 = "vna-heads-of-civil-service-hanoi"
HEADS = "accsm-21-heads-of-civil-service"
SOM = "accsm-21-som"
SOM3 = "accsm-plus-three-6th-som"
WORKSHOP = "civil-service-reform-workshop-2021"
# The two articles as handed to the project, beside the repository (../shared/seeds/).
SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"
SEEDS = {A1: SEEDS_DIR / "000_df96c0fe0589f983.txt", A2: SEEDS_DIR / "002_3df05439a9905345.txt"}
needs_seeds = pytest.mark.skipif(
    not all(path.exists() for path in SEEDS.values()),
    reason=f"the source articles are not in {SEEDS_DIR}: quotes cannot be checked against them here",
)
# Internal names for the sources that must never reach a public page.
INTERNAL_LABEL = re.compile(r"\bA[12]\b|fact sheet|photo caption", re.IGNORECASE)
QUOTE_MARKS = re.compile('[“”"″]')


def article_texts():
    # The scraped articles put non-breaking spaces between some words; quotes use plain spaces.
    return {slug: path.read_text().replace("\xa0", " ") for slug, path in SEEDS.items()}


def fixture_records():
    return json.loads(FIXTURE.read_text())


def strings(value):
    """Every string in a fixture value, however nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


# --- What the file says, read as JSON -------------------------------------------------


def test_no_record_text_names_a_source_by_an_internal_label():
    for record in fixture_records():
        for text in strings(record["fields"]):
            assert not INTERNAL_LABEL.search(text), (record["model"], text)


def test_citations_come_after_every_record_they_name_and_carry_the_fixed_timestamps():
    records = fixture_records()
    models = [record["model"] for record in records]
    first = models.index("sources.citation")
    assert set(models[first:]) == {"sources.citation"}
    for record in records[first:]:
        assert record["fields"]["created"] == record["fields"]["updated"] == "2026-11-25T00:00:00Z"


# --- What it loads -------------------------------------------------------------------


@needs_seeds
def test_every_quote_is_the_articles_own_words(accsm_records):
    texts = article_texts()
    quoted = Citation.objects.exclude(quote="").select_related("source")
    assert quoted.count() > 100
    for citation in quoted:
        assert citation.source.slug in texts, citation
        assert citation.quote in texts[citation.source.slug], citation.quote


def test_only_the_two_articles_are_quoted(accsm_records):
    # Facts may come from public pages; their sentences may not.
    quoted_sources = set(Citation.objects.exclude(quote="").values_list("source__slug", flat=True))
    assert quoted_sources == {A1, A2}
    pages = Source.objects.exclude(slug__in=[A1, A2])
    assert pages.count() >= 20
    assert not Citation.objects.filter(source__in=pages).exclude(quote="").exists()


def test_public_pages_are_cited_by_address_publisher_and_retrieval_date(accsm_records):
    for source in Source.objects.exclude(slug__in=[A1, A2]):
        assert source.kind in {"web_page", "news_article", "document"}, source
        assert source.url.startswith(("http://", "https://")), source
        assert source.publisher and source.headline, source
        assert source.retrieved_on == datetime.date(2026, 12, 1), source
    for slug in (A1, A2):
        article = Source.objects.get(slug=slug)
        assert (article.kind, article.url, article.published_on) == ("news_article", "", None)


def test_every_public_fact_cites_a_source(accsm_records):
    assert not Meeting.objects.exclude(status="published").exists()
    assert not Declaration.objects.exclude(status="published").exists()
    gaps = [
        (model._meta.label, str(record), fields)
        for model, records in all_gaps()
        for record, fields in records
    ]
    assert gaps == [], "\n".join(map(str, gaps))


def test_inferences_and_editorial_decisions_say_why(accsm_records):
    for citation in Citation.objects.exclude(basis="stated"):
        assert len(citation.reasoning) > 20, citation
    # The inferences the data check named.
    inferred = {
        (c.content_type.model, c.field, c.source.slug)
        for c in Citation.objects.filter(basis="inferred").select_related("content_type", "source")
    }
    assert ("meeting", "start_date", A1) in inferred  # the year 2021 of "October 29"
    assert ("meeting", "start_date", A2) in inferred  # ACCSM 21 dated by its parts
    assert ("meeting", "format", A2) in inferred  # "in person" from Tra's closing remark
    assert ("participation", "role", A2) in inferred  # Tra chairing the Heads meeting
    assert ("participation", "represents_organisation", A1) in inferred  # Ekkaphab for the Secretariat


def test_a_disputed_fact_keeps_both_claims(accsm_records):
    accsm_21 = Meeting.objects.get(slug="accsm-21")
    claims = Citation.objects.of(accsm_21).filter(field="start_date")
    other = claims.get(stated_in_record=False)
    assert "5 August 2022" in other.claim
    assert claims.filter(stated_in_record=True).exists()
    former = Citation.objects.filter(content_type__model="organisationname", field="start_year")
    assert set(former.values_list("stated_in_record", flat=True)) == {True, False}
    assert "1987" in former.get(stated_in_record=False).claim
    brunei = Citation.objects.of(Country.objects.get(code="BN")).filter(field="joined_asean")
    assert brunei.get(stated_in_record=False).claim == "8 January 1984"
    assert brunei.get(stated_in_record=True).source.publisher == "ASEAN Secretariat"


def test_source_wording_titles_are_the_articles_words(accsm_records):
    texts = article_texts() if all(path.exists() for path in SEEDS.values()) else None
    for declaration in Declaration.objects.filter(title_status="source_wording"):
        cited = Citation.objects.of(declaration).filter(field="title").exclude(quote="")
        assert cited.exists(), declaration
        # The title is the cited words, up to quotation marks and the capital letter a title starts with.
        quote = QUOTE_MARKS.sub("", cited.first().quote).casefold()
        assert QUOTE_MARKS.sub("", declaration.title).casefold() in quote, declaration.title
        if texts is not None:
            article = QUOTE_MARKS.sub("", texts[cited.first().source.slug]).casefold()
            assert QUOTE_MARKS.sub("", declaration.title).casefold() in article, declaration.title


def test_facts_the_articles_leave_out_cite_public_pages(accsm_records):
    def page_cited(record, field):
        return (
            Citation.objects.of(record)
            .filter(field=field, basis="stated")
            .exclude(source__slug__in=[A1, A2])
            .exists()
        )

    for country in Country.objects.filter(joined_asean__isnull=False):
        assert page_cited(country, "joined_asean"), country
    cambodia = Country.objects.get(code="KH").chairmanships.get()
    assert Citation.objects.of(cambodia).filter(field="", source__kind="web_page").exists()
    for field in ("start_year", "end_year"):
        assert page_cited(cambodia, field)
    catalyst = Declaration.objects.get(slug="civil-service-catalyst-declaration")
    assert page_cited(catalyst, "adopted_on") and page_cited(catalyst, "title")


def test_accsm_21_spans_its_parts_3_to_5_august_2022(accsm_records):
    accsm_21 = Meeting.objects.get(slug="accsm-21")
    assert (accsm_21.start_date, accsm_21.end_date, accsm_21.date_precision) == (
        datetime.date(2022, 8, 3),
        datetime.date(2022, 8, 5),
        "day",
    )
    assert accsm_21.date_display == "3–5 August 2022"


def test_the_report_after_both_3_august_meetings_is_one_outcome_of_accsm_21(accsm_records):
    reports = Outcome.objects.filter(kind="report")
    assert [(r.meeting.slug, r.slug) for r in reports] == [("accsm-21", "report-to-member-states")]
    for slug in (SOM, SOM3):
        assert "one report" in Meeting.objects.get(slug=slug).summary


def test_the_missing_participants_are_recorded_and_cited(accsm_records):
    participants = {
        (p.meeting.slug, str(p.participant))
        for p in Participation.objects.filter(role="participant").select_related(
            "meeting", "organisation", "country"
        )
    }
    assert participants == {
        (WORKSHOP, "Association of Southeast Asian Nations (ASEAN)"),
        (SOM, "ASEAN Secretariat"),
        (SOM3, "ASEAN Secretariat"),
        (SOM3, "China"),
        (SOM3, "Japan"),
        (SOM3, "Republic of Korea"),
    }
    for participation in Participation.objects.filter(role="participant"):
        assert Citation.objects.of(participation).exists(), participation


def test_tras_closing_remark_supports_the_heads_meeting_in_person(accsm_records):
    remark = (
        "after more than two years, ministers, leaders and representatives of ASEAN member countries had a "
        "full meeting at ACCSM 21"
    )
    heads = Meeting.objects.get(slug=HEADS)
    assert heads.format == "in_person"
    assert Citation.objects.of(heads).filter(field="format", quote=remark).exists()
    tra = heads.participations.get(role="chair")
    assert "more than two years" in tra.statement
    assert Citation.objects.of(tra).filter(field="statement", quote=remark).exists()


def test_loading_the_citations_again_changes_nothing(accsm_records):
    columns = ("pk", "object_id", "field", "source_id", "quote", "basis", "claim", "updated")
    before = sorted(Citation.objects.values_list(*columns))
    call_command("loaddata", "accsm", verbosity=0)
    assert sorted(Citation.objects.values_list(*columns)) == before
