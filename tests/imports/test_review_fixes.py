"""What the review of the importer found: outcomes matched by their words, chair terms by their year,
one source for an article imported twice, participations in another role, long page metadata,
double-clicked accepts, former slugs, and what accepting makes public."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils.text import slugify

from core.models import FormerSlug
from imports.accepting import AcceptError, accept, is_public_at_once
from imports.analysis import analyse
from imports.extract import html_article, plain_article
from imports.models import ArticleImport, store_analysis
from meetings.models import Chairmanship, Meeting, Outcome, Participation
from people.models import Official, Organisation
from sources.models import Citation, Source

from .conftest import SOM_ARTICLE, SOM_PUBLISHED


def stored(text, published=None, **metadata):
    return store_analysis(analyse(plain_article(text, published=published, **metadata)))


def proposal(article, kind, index=0):
    return list(article.proposals.filter(kind=kind).order_by("start", "pk"))[index]


def recorded_meeting(countries, **extra):
    return Meeting.objects.create(
        slug="accsm-30-2030",
        name="30th ASEAN Conference on Civil Service Matters",
        short_name="ACCSM 30",
        kind=Meeting.Kind.CONFERENCE,
        ordinal=30,
        start_date=date(2030, 8, 5),
        **extra,
    )


OUTCOME_ARTICLE = (
    "The 30th ASEAN Conference on Civil Service Matters (ACCSM 30) opened on 5 August 2030 in Hanoi. "
    "The conference adopted the ASEAN Digital Civil Service Roadmap for the years ahead."
)


def test_outcome_of_another_text_at_the_meeting_is_proposed_new(countries):
    meeting = recorded_meeting(countries)
    other = Outcome.objects.create(
        meeting=meeting, slug="budget", kind=Outcome.Kind.DECISION, text="The conference adopted the budget."
    )
    article = stored(OUTCOME_ARTICLE, headline="Roadmap", publisher="Test News")
    found = proposal(article, "outcome")
    assert found.values["kind"] == Outcome.Kind.DECISION
    assert found.match is None
    made = accept(found)
    assert made != other
    assert made.text == found.values["text"]
    assert not Citation.objects.of(other).exists()


def test_outcome_with_the_same_words_folded_matches_the_recorded_one(countries):
    meeting = recorded_meeting(countries)
    same = Outcome.objects.create(
        meeting=meeting,
        slug="roadmap",
        kind=Outcome.Kind.DECISION,
        text="The Conference adopted the ASEAN digital civil service roadmap for the years ahead",
    )
    article = stored(OUTCOME_ARTICLE, headline="Roadmap", publisher="Test News")
    found = proposal(article, "outcome")
    assert found.match["id"] == same.pk
    assert accept(found) == same
    assert Outcome.objects.count() == 1


def test_outcome_accepted_as_new_is_made_though_it_matched(countries):
    meeting = recorded_meeting(countries)
    Outcome.objects.create(
        meeting=meeting, slug="roadmap", kind=Outcome.Kind.DECISION, text=OUTCOME_ARTICLE.split(". ", 1)[1]
    )
    found = proposal(stored(OUTCOME_ARTICLE, headline="Roadmap", publisher="Test News"), "outcome")
    assert found.match is not None
    made = accept(found, as_new=True)
    assert Outcome.objects.count() == 2
    assert Citation.objects.of(made).get(field="text").quote == found.sentence


def accsm_body():
    return Organisation.objects.create(
        slug="accsm",
        name="ASEAN Conference on Civil Service Matters",
        abbreviation="ACCSM",
        classification=Organisation.Classification.INTERGOVERNMENTAL,
    )


def test_chair_handover_in_2030_makes_a_new_term_beside_the_2020_one(countries):
    body = accsm_body()
    old = Chairmanship.objects.create(organisation=body, country=countries["TH"], start_year=2020)
    text = (
        "The 30th ASEAN Conference on Civil Service Matters opened on 5 August 2030 in Hanoi. "
        "Viet Nam handed over the chair of ACCSM 31 to Thailand at its close, the officials said."
    )
    statement = proposal(stored(text, headline="Handover", publisher="Test News"), "chair_statement")
    assert statement.match is None
    chair = accept(statement)
    old.refresh_from_db()
    assert (chair.start_year, chair.country.code, chair.handed_over_at.start_date.year) == (2030, "TH", 2030)
    assert old.handed_over_at is None
    assert Chairmanship.objects.count() == 2


def test_article_imported_twice_before_acceptance_gets_one_source_and_one_meeting(countries):
    first = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA")
    second = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA")
    made = accept(proposal(first, "meeting"))
    again = accept(proposal(second, "meeting"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert again == made
    assert Source.objects.count() == 1
    assert second.source == first.source
    assert Meeting.objects.filter(name=made.name).count() == 1


def test_article_imported_twice_by_url_before_acceptance_gets_one_source(countries):
    url = "https://example.org/news/som"
    first = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA", url=url)
    second = stored(SOM_ARTICLE + "\n\nA line added later.", SOM_PUBLISHED, url=url)
    accept(proposal(first, "official"))
    accept(proposal(second, "official", 1))
    second.refresh_from_db()
    assert list(Source.objects.values_list("url", flat=True)) == [url]
    assert second.source.url == url


def test_import_form_warns_of_an_unreviewed_import_of_the_same_text(admin_client, countries):
    data = {
        "text": SOM_ARTICLE,
        "headline": "Officials meet online on digital training",
        "publisher": "Thai News Agency",
        "published": SOM_PUBLISHED.isoformat(),
    }
    admin_client.post("/admin/imports/articleimport/add/", data, follow=True)
    first = ArticleImport.objects.get()
    page = admin_client.post("/admin/imports/articleimport/add/", data, follow=True).content.decode()
    assert "This article was imported already and its review is not finished" in page
    assert f'href="/admin/imports/articleimport/{first.pk}/change/"' in page
    assert ArticleImport.objects.count() == 2


def test_participation_in_another_role_is_a_conflict_and_a_disputed_claim(countries):
    first = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA")
    meeting = accept(proposal(first, "meeting"))
    somsak = accept(proposal(first, "official"))
    recorded = Participation.objects.create(
        meeting=meeting, official=somsak, role=Participation.Role.PARTICIPANT
    )
    article = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA")
    chaired = next(
        p for p in article.proposals.filter(kind="participation") if p.values.get("official") == somsak.slug
    )
    assert chaired.values["role"] == Participation.Role.CHAIR
    assert chaired.match["id"] == recorded.pk
    assert {"field": "role", "recorded": "participant", "proposed": "chair"} in chaired.conflicts
    assert accept(chaired) == recorded
    recorded.refresh_from_db()
    assert recorded.role == Participation.Role.PARTICIPANT
    assert Participation.objects.filter(meeting=meeting, official=somsak).count() == 1
    claim = Citation.objects.of(recorded).get(field="role")
    assert (claim.stated_in_record, claim.claim, claim.quote) == (False, "chair", chaired.sentence)


def long_page(title, site, url):
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in SOM_ARTICLE.split("\n\n")[1:])
    return (
        f"<!doctype html><html lang='en'><head><title>{title}</title>"
        f"<meta property='og:site_name' content='{site}'>"
        f"<link rel='canonical' href='{url}'>"
        f"</head><body><article>{paragraphs}</article></body></html>"
    )


def test_page_with_too_long_title_site_name_and_url_is_shortened_and_stored(admin_client, countries):
    from django.core.files.uploadedfile import SimpleUploadedFile

    title = "Officials meet online on digital training " * 10
    site = "Thai News Agency and its many regional bureaux " * 6
    url = "https://example.org/news/" + "x" * 600
    article = html_article(long_page(title.strip(), site.strip(), url))
    assert len(article.headline) <= 300 and article.headline.endswith("training…")
    assert len(article.publisher) <= 200 and article.publisher.endswith("…")
    assert article.url == ""
    upload = SimpleUploadedFile("som.html", long_page(title, site, url).encode(), content_type="text/html")
    page = admin_client.post("/admin/imports/articleimport/add/", {"page": upload}, follow=True)
    assert page.status_code == 200
    stored_import = ArticleImport.objects.get()
    assert stored_import.headline == article.headline
    assert "the page&#x27;s address was left out" in page.content.decode()


def test_accepting_a_proposal_decided_already_is_refused_saying_so(countries):
    article = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA")
    official = proposal(article, "official")
    accept(official)
    with pytest.raises(AcceptError, match=f"^{official.key} was decided already"):
        accept(official)
    assert Official.objects.count() == 1


def test_accept_double_clicked_in_the_admin_says_it_was_decided_already(admin_client, countries):
    article = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA")
    key = proposal(article, "official").key
    url = f"/admin/imports/articleimport/{article.pk}/decide/{key}/"
    first = admin_client.post(url, {"accept": f"Accept {key}"}, follow=True)
    second = admin_client.post(url, {"accept": f"Accept {key}"}, follow=True)
    assert first.status_code == second.status_code == 200
    assert f"{key} was decided already" in second.content.decode()
    assert Official.objects.count() == 1


def test_meeting_whose_natural_slug_another_meeting_had_before_gets_the_next_one(countries):
    other = recorded_meeting(countries)
    article = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA")
    found = proposal(article, "meeting")
    values = found.values
    natural = slugify(
        f"{values.get('short_name') or values.get('name') or found.text} {values['start_date'][:4]}"
    )
    FormerSlug.objects.create(
        content_type=ContentType.objects.get_for_model(Meeting), object_id=other.pk, slug=natural
    )
    made = accept(found)
    assert made.slug == f"{natural}-2"


def test_outcome_of_a_published_meeting_is_said_to_be_public_at_once(admin_client, countries):
    from meetings.models import PublicationStatus

    meeting = recorded_meeting(countries, status=PublicationStatus.PUBLISHED)
    article = stored(OUTCOME_ARTICLE, headline="Roadmap", publisher="Test News")
    found = proposal(article, "outcome")
    assert found.values["meeting"] == meeting.slug
    url = f"/admin/imports/articleimport/{article.pk}/decide/{found.key}/"
    page = admin_client.post(url, {"accept": f"Accept {found.key}"}, follow=True).content.decode()
    outcome = Outcome.objects.get(meeting=meeting)
    assert is_public_at_once(outcome)
    assert "(public now: it is or belongs to a published record)" in page
    assert "so is whatever is attached to or filled into a published meeting or declaration" in page


def test_outcome_of_a_draft_meeting_is_not_public_at_once(countries):
    recorded_meeting(countries)
    outcome = accept(proposal(stored(OUTCOME_ARTICLE, headline="R", publisher="T"), "outcome"))
    assert not is_public_at_once(outcome)


def test_accepting_in_the_admin_without_permission_to_add_officials_is_refused(client, countries):
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("viewer", password="a-long-viewer-password", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_articleimport", "change_articleimport", "add_source", "change_source"]
        )
    )
    client.force_login(user)
    article = stored(SOM_ARTICLE, SOM_PUBLISHED, headline="Officials meet online", publisher="TNA")
    key = proposal(article, "official").key
    url = f"/admin/imports/articleimport/{article.pk}/decide/{key}/"
    page = client.post(url, {"accept": f"Accept {key}"}, follow=True).content.decode()
    assert f"Proposal {key} was not accepted: You may not add officials, change officials" in page
    assert not Official.objects.exists()
    assert article.proposals.filter(key=key).exists()


def test_outcome_chosen_new_on_the_form_is_made_though_it_matched(admin_client, countries):
    meeting = recorded_meeting(countries)
    recorded = Outcome.objects.create(
        meeting=meeting, slug="roadmap", kind=Outcome.Kind.DECISION, text=OUTCOME_ARTICLE.split(". ", 1)[1]
    )
    article = stored(OUTCOME_ARTICLE, headline="Roadmap", publisher="Test News")
    found = proposal(article, "outcome")
    edit = f"/admin/imports/articleimport/{article.pk}/edit/{found.key}/"
    assert "A new outcome" in admin_client.get(edit).content.decode()
    data = {"link": "", **{f"value_{name}": value for name, value in found.values.items()}}
    admin_client.post(edit, data, follow=True)
    made = Outcome.objects.exclude(pk=recorded.pk).get()
    assert (made.meeting, made.text) == (meeting, found.values["text"])
    assert not Citation.objects.of(recorded).exists()
