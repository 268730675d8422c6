"""Accepting proposals: draft records, citations quoting the sentence, disputed claims, re-imports."""

from datetime import date

import pytest

from imports.accepting import AcceptError, accept, accept_all, reject
from imports.analysis import analyse
from imports.extract import plain_article
from imports.models import ArticleImport, Proposal, store_analysis
from meetings.models import Chairmanship, Meeting, Participation
from people.models import Official
from sources.models import Citation

from .conftest import SOM_ARTICLE, SOM_PUBLISHED


def stored(text, published=None, **metadata):
    article = plain_article(text, published=published, **metadata)
    return store_analysis(analyse(article))


def proposal(article, kind, index=0):
    return list(article.proposals.filter(kind=kind).order_by("start", "pk"))[index]


def test_accepting_a_participation_makes_draft_records_cited_with_the_sentence(countries):
    article = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA")
    chair = proposal(article, "participation")
    sentence = chair.sentence
    participation = accept(chair)
    assert participation.role == "chair"
    assert participation.official.name == "Somsak Rattanakul"
    meeting = participation.meeting
    assert meeting.status == "draft"
    assert (meeting.kind, meeting.ordinal, meeting.start_date) == ("som_plus_three", 7, date(2024, 3, 12))
    assert meeting.parent.short_name == "ACCSM 23"
    citations = Citation.objects.of(participation)
    assert {c.field for c in citations} >= {"role", "official", "printed_name", "printed_title"}
    assert {c.quote for c in citations} == {sentence}
    assert all(c.basis == "stated" and c.source.headline == "Officials meet online" for c in citations)
    # The quote is the article's own words, verbatim.
    assert sentence in article.text
    # Accepted proposals are gone; those that referred to them now name the records.
    assert not Proposal.objects.filter(pk=chair.pk).exists()
    speaker = proposal(article, "participation")
    assert speaker.values["meeting"] == meeting.slug


def test_accepting_every_proposal_leaves_the_article_reviewed(countries):
    article = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA")
    accepted, refused = accept_all(article)
    article.refresh_from_db()
    # The body whose chair is handed over (the ACCSM) is not recorded: that one proposal waits.
    assert [key for key, _ in refused] == [proposal(article, "chair_statement").key]
    assert "Record the body" in refused[0][1]
    assert Meeting.objects.filter(status="draft").count() == 2
    assert Official.objects.count() == 2
    assert Participation.objects.count() == 2
    reject(proposal(article, "chair_statement"))
    article.refresh_from_db()
    assert article.status == ArticleImport.Status.REVIEWED


def test_reimporting_the_same_article_proposes_only_what_is_new(countries):
    article = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA")
    accept_all(article)
    article.refresh_from_db()
    again = analyse(plain_article(SOM_ARTICLE, published=SOM_PUBLISHED))
    assert again.known_source == {"slug": article.source.slug, "why": "same text"}
    assert [p.kind for p in again.proposals] == ["chair_statement"]


def test_reimport_by_url_is_known(countries):
    url = "https://news.example.org/officials-meet-online"
    article = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA", url=url)
    accept(proposal(article, "official"))
    edited = SOM_ARTICLE.replace("next year", "in 2025")
    assert analyse(plain_article(edited, url=url)).known_source["why"] == "same URL"


def test_a_contradicted_date_is_kept_as_a_second_disputed_claim(accsm_records):
    text = (
        "The Heads of Civil Service Meeting of the 21st ASEAN Conference on Civil Service Matters opened "
        "on 6 August 2022 in Hanoi, and the delegates said that the meeting went well for all of them."
    )
    article = stored(text, headline="A later report", publisher="Test News")
    meeting_proposal = proposal(article, "meeting")
    assert meeting_proposal.match["slug"] == "accsm-21-heads-of-civil-service"
    assert {
        "field": "start_date",
        "recorded": "2022-08-05",
        "proposed": "2022-08-06",
    } in meeting_proposal.conflicts
    meeting = accept(meeting_proposal)
    meeting.refresh_from_db()
    article.refresh_from_db()
    assert meeting.start_date == date(2022, 8, 5)
    claim = Citation.objects.of(meeting).get(field="start_date", source=article.source)
    assert (claim.stated_in_record, claim.claim, claim.quote) == (False, "2022-08-06", text)
    # The recorded claim is still the one the record states.
    assert Citation.objects.of(meeting).filter(field="start_date", stated_in_record=True).exists()


def test_a_proposal_can_be_edited_or_linked_before_it_is_accepted(countries):
    article = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA")
    somsak = Official.objects.create(slug="somsak-r", name="Somsak Rattanakul")
    official = accept(proposal(article, "official"), link_to="somsak-r")
    assert official == somsak
    edited = accept(proposal(article, "official"), values={"name": "Aminah binti Yusof"})
    assert edited.name == "Aminah binti Yusof"
    assert Citation.objects.of(edited).get(field="name").quote.startswith("Dato' Sri Aminah Yusof")


def test_a_meeting_without_a_year_is_not_accepted_until_given_one(countries):
    text = "The 9th SOM+3 opened on August 3 in Vientiane, and the delegates said it went well for all."
    article = stored(text, headline="Undated", publisher="Test News")
    meeting = proposal(article, "meeting")
    with pytest.raises(AcceptError, match="start_date"):
        accept(meeting)
    assert not Meeting.objects.exists()
    accepted = accept(meeting, values={"start_date": "2024-08-03", "date_precision": "day"})
    assert accepted.start_date == date(2024, 8, 3)


def test_a_chair_handover_becomes_a_chair_term_once_the_body_is_recorded(accsm_records):
    text = (
        "At the Heads of Civil Service Meeting of the 21st ASEAN Conference on Civil Service Matters on "
        "5 August 2022, Viet Nam transferred the chair of ACCSM 22 to Cambodia, the officials said."
    )
    article = stored(text, headline="A report", publisher="Test News")
    statement = proposal(article, "chair_statement")
    assert statement.values["to_country"] == "KH"
    chair = accept(statement)
    assert isinstance(chair, Chairmanship)
    assert chair.country.code == "KH"
    # Cambodia's recorded term was handed over elsewhere (not recorded): the meeting is filled in.
    assert chair.handed_over_at.slug == "accsm-21-heads-of-civil-service"


def test_accepting_as_new_makes_a_new_record_though_the_analysis_matched_one(countries):
    recorded = Official.objects.create(slug="somsak-rattanakul", name="Somsak Rattanakul")
    article = stored(SOM_ARTICLE, SOM_PUBLISHED)
    matched = proposal(article, "official")
    assert matched.match["slug"] == "somsak-rattanakul"
    made = accept(matched, as_new=True)
    assert made != recorded
    assert (made.name, made.slug) == ("Somsak Rattanakul", "somsak-rattanakul-2")
    assert Official.objects.count() == 2


def test_accepting_as_new_and_linked_at_once_is_refused(countries):
    Official.objects.create(slug="somsak-rattanakul", name="Somsak Rattanakul")
    article = stored(SOM_ARTICLE, SOM_PUBLISHED)
    with pytest.raises(AcceptError, match="either linked"):
        accept(proposal(article, "official"), link_to="somsak-rattanakul", as_new=True)
    assert Official.objects.count() == 1


def test_accepted_keeps_the_kind_slug_and_pk_of_what_each_proposal_became(countries):
    article = stored(SOM_ARTICLE, SOM_PUBLISHED)
    chair = proposal(article, "participation")
    official_key = chair.values["official"]
    participation = accept(chair)
    article.refresh_from_db()
    official = participation.official
    assert article.accepted[official_key] == {"kind": "official", "slug": official.slug, "pk": official.pk}
    assert article.accepted[chair.key] == {"kind": "participation", "slug": None, "pk": participation.pk}


def test_an_article_recorded_already_keeps_why_it_was_known(countries):
    first = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA")
    assert first.known_why == ""
    accept_all(first)
    again = stored(SOM_ARTICLE, SOM_PUBLISHED)
    assert again.known_why == "same text"


def add_proposal(article, kind, values, key="p90"):
    sentence = article.text.split("\n\n")[1]
    start = article.text.index(sentence)
    return Proposal.objects.create(
        article=article, key=key, kind=kind, text=sentence[:9], sentence=sentence, start=start,
        end=start + 9, values=values,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "values", "message"),
    [
        ("official", {"country": "TH"}, "The official's name is missing"),
        ("official", {"name": None}, "The official's name is missing"),
        ("official", {"name": "   "}, "The official's name is missing"),
        ("organisation", {"abbreviation": "CSC"}, "The organisation's name is missing"),
        ("declaration", {"kind": "plan"}, "The declaration's title is missing"),
        ("outcome", {"kind": "decision", "meeting": "p1"}, "The outcome's text is missing"),
        ("outcome", {"kind": "decision", "text": "All agreed."}, "The outcome's meeting is missing"),
        (
            "meeting",
            {"name": "7th SOM+3", "start_date": "13/03/2024"},
            "start_date '13/03/2024' is not a date",
        ),
        (
            "meeting",
            {"name": "7th SOM+3", "start_date": "2024-03-12", "ordinal": "7th"},
            "not a whole number",
        ),
    ],
)
def test_incomplete_values_are_refused_naming_what_is_missing(countries, kind, values, message):
    article = stored(SOM_ARTICLE, SOM_PUBLISHED)
    with pytest.raises(AcceptError, match=message):
        accept(add_proposal(article, kind, values))
    assert Proposal.objects.filter(article=article, key="p90").exists()
    assert not Citation.objects.exists()


def test_values_the_database_refuses_are_refused_as_an_accept_error(countries):
    article = stored(SOM_ARTICLE, SOM_PUBLISHED)
    meeting = proposal(article, "meeting")
    with pytest.raises(AcceptError, match="refuse it as it stands"):
        accept(meeting, values={"ordinal": 0})
    assert not Meeting.objects.exists()
    assert Proposal.objects.filter(pk=meeting.pk).exists()


def test_accept_all_reports_a_proposal_the_database_refuses_and_accepts_the_others(countries):
    article = stored(SOM_ARTICLE, SOM_PUBLISHED)
    meeting = proposal(article, "meeting")
    Proposal.objects.filter(pk=meeting.pk).update(values={**meeting.values, "ordinal": 0})
    accepted, refused = accept_all(article)
    why = dict(refused)
    assert "refuse it as it stands" in why[meeting.key]
    assert not Meeting.objects.filter(short_name="7th SOM+3").exists()
    # What does not depend on the refused meeting went in: its parent conference, the officials.
    assert Meeting.objects.filter(short_name="ACCSM 23", status="draft").exists()
    assert set(Official.objects.values_list("name", flat=True)) == {"Somsak Rattanakul", "Aminah Yusof"}
    assert accepted
