"""Importing an article in the admin and reviewing its proposals (imports/admin.py): the import form,
the review page with the article marked up, and accepting, correcting, linking and rejecting."""

import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import EDITORS, PUBLISHERS
from imports.analysis import analyse
from imports.extract import MAX_CHARACTERS, plain_article
from imports.models import ArticleImport, Proposal, store_analysis
from meetings.models import Meeting, Participation
from people.models import Official
from sources.models import Citation
from tests.factories import make_meeting, make_official, make_organisation, text_of

from .conftest import SOM_ARTICLE, SOM_PUBLISHED

ADD = "/admin/imports/articleimport/add/"
LIST = "/admin/imports/articleimport/"


def html_of(response):
    return response.content.decode()


def review_url(article):
    return f"/admin/imports/articleimport/{article.pk}/change/"


def decide(client, article, key, decision="accept"):
    data = {decision: f"{decision.capitalize()} {key}"}
    return client.post(f"{review_url(article)[:-7]}decide/{key}/", data, follow=True)


def import_som(client, **extra):
    data = {
        "text": SOM_ARTICLE,
        "headline": "Officials meet online on digital training",
        "publisher": "Thai News Agency",
        "published": SOM_PUBLISHED.isoformat(),
        "url": "https://example.org/news/som-plus-three",
        **extra,
    }
    return client.post(ADD, data, follow=True)


def stored(text=SOM_ARTICLE, **metadata):
    return store_analysis(analyse(plain_article(text, published=SOM_PUBLISHED, **metadata)))


def key_of(article, kind, index=0):
    return list(article.proposals.filter(kind=kind).order_by("start", "pk"))[index].key


def staff_member(username, group_name):
    user = User.objects.create_user(username, password=f"a-long-{username}-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor_client(client, db):
    client.force_login(staff_member("ana", EDITORS))
    return client


def test_import_form_with_text_lands_on_the_review_with_every_proposal_marked_and_grouped(
    admin_client, countries
):
    response = import_som(admin_client)
    article = ArticleImport.objects.get()
    assert response.redirect_chain[-1][0] == review_url(article)
    page, html = text_of(response), html_of(response)
    assert "“Officials meet online on digital training” was analysed: 12 proposals to review." in page
    assert "Proposals to decide (12 left)" in page
    headings = re.findall(r"<h3 [^>]*>([^<]+)</h3>", html)
    assert headings == [
        "Meetings", "Officials", "Participations", "Organisations", "Countries", "Outcomes", "Chair handovers"
    ]  # fmt: skip
    # Every proposal is marked in the text, linking to its entry, and its entry gives its sentence.
    for proposal in article.proposals.all():
        assert f'id="proposal-{proposal.key}"' in html
        assert f'href="#proposal-{proposal.key}"' in html
    assert '<mark class="proposal-mark kind-meeting"><a href="#proposal-p1">7th SOM+3</a></mark>' in html
    assert (
        "p5 Official: “Somsak Rattanakul” Thai Secretary-General of the Civil Service Commission Khun Somsak "
        "Rattanakul chaired the meeting and opened it with a call for shared digital training."
    ) in page
    assert "New: no recorded official matches it." in page
    assert "Matches the recorded TH (score 100.0: 'Thai' is a recorded demonym)" in page
    # A participation's official is another proposal, linked to its entry.
    assert '<a href="#proposal-p5">Somsak Rattanakul (p5)</a>' in html
    assert "Kind Senior Officials' Meeting Plus Three" in page


def test_text_as_a_browser_sends_it_with_crlf_line_ends_is_read(admin_client, countries):
    # A browser ends a textarea's lines with CR LF: a long article has many, and they are no binary data.
    text = "\r\n\r\n".join([SOM_ARTICLE.replace("\n\n", "\r\n\r\n")] * 3)
    response = admin_client.post(ADD, {"text": text, "headline": "Officials meet online"}, follow=True)
    assert "Proposals to decide (" in text_of(response)
    assert "\r" not in ArticleImport.objects.get().text


def test_overlapping_proposals_are_marked_once_with_a_reference_to_each(admin_client, countries):
    article = stored()
    html = html_of(admin_client.get(review_url(article)))
    # The official and their participation are the same words: one mark, a reference to each.
    assert html.count(">Somsak Rattanakul</a></mark>") == 1
    assert '<a href="#proposal-p5" aria-label="proposal p5, official">p5</a> <a href="#proposal-p6"' in html
    # The outcome is the whole sentence around the chair handover: the handover keeps its own mark.
    assert '<mark class="proposal-mark kind-chair_statement layered"><a href="#proposal-p12">' in html
    assert '<mark class="proposal-mark kind-outcome"><a href="#proposal-p11">Khun Somsak </a></mark>' in html


def test_a_stored_proposal_whose_offsets_miss_its_words_is_left_unmarked(admin_client, db):
    # Stored before the analysis made offsets hold the words: no other words are marked for it.
    text = (
        "In her opening remarks, the Minister of Home Affairs spoke. The Ministry of Home Affairs hosted it."
    )
    article = ArticleImport.objects.create(text=text, headline="Remarks")
    Proposal.objects.create(
        article=article,
        key="p1",
        kind="organisation",
        text="Ministry of Home Affairs",
        sentence="The Ministry of Home Affairs hosted it.",
        start=0,
        end=24,
        values={"name": "Ministry of Home Affairs"},
    )
    html = html_of(admin_client.get(review_url(article)))
    assert "<mark" not in html.split('class="import-proposals"')[0]
    assert text in html
    assert 'id="proposal-p1"' in html


def test_a_saved_web_page_is_read_for_its_text_headline_publisher_and_date(admin_client, countries, tmp_path):
    page = tmp_path / "som.html"
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in SOM_ARTICLE.split("\n\n")[1:])
    page.write_text(
        "<!doctype html><html lang='en'><head><title>Officials meet online | TNA</title>"
        "<meta property='og:title' content='Officials meet online on digital training'>"
        "<meta property='og:site_name' content='Thai News Agency'>"
        "<meta property='article:published_time' content='2024-03-14T08:00:00+07:00'>"
        "</head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>Officials meet online on digital training</h1>"
        f"{paragraphs}</article><footer>© TNA</footer></body></html>",
        encoding="utf-8",
    )
    upload = SimpleUploadedFile("som.html", page.read_bytes(), content_type="text/html")
    response = admin_client.post(ADD, {"page": upload}, follow=True)
    article = ArticleImport.objects.get()
    assert (article.headline, article.publisher, article.published_on.isoformat(), article.was_html) == (
        "Officials meet online on digital training",
        "Thai News Agency",
        "2024-03-14",
        True,
    )
    assert "Khun Somsak handed over the chair of ACCSM 24 to Malaysia" in article.text
    assert "© TNA" not in article.text
    assert "from a saved web page" in text_of(response)
    assert "Proposals to decide (" in text_of(response)


BAD_TEXT = [
    ("", "The article is empty"),
    ("word " * (MAX_CHARACTERS // 5 + 1), "the limit is 200,000"),
    ("\x00\x01\x02\x03" * 200 + SOM_ARTICLE, "looks like a binary file"),
    ("<div><p>" + "</p><p>".join(SOM_ARTICLE.split("\n\n")) + "</p></div>", "looks like HTML"),
    (
        "Hội nghị Bộ trưởng phụ trách công vụ ASEAN lần thứ 21 đã khai mạc tại Hà Nội với sự tham dự của "
        "lãnh đạo cơ quan công vụ các nước thành viên, bàn về hiện đại hóa nền công vụ khu vực.",
        "does not read as English",
    ),
]


@pytest.mark.parametrize(
    ("text", "reason"), BAD_TEXT, ids=["empty", "too-long", "binary", "html", "vietnamese"]
)
def test_bad_pasted_text_is_refused_beside_the_field_and_nothing_is_created(
    admin_client, countries, text, reason
):
    response = admin_client.post(ADD, {"text": text, "headline": "A headline"})
    assert response.status_code == 200
    errors = re.search(
        r'<div class="form-row errors field-text">\s*<ul class="errorlist"[^>]*>(.*?)</ul>',
        html_of(response),
        re.S,
    )
    # The reason is in the text field's own row, above the field.
    assert errors and reason in errors[1]
    assert ArticleImport.objects.count() == 0
    assert Proposal.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "looks like a binary file"),
        (b"<html><body><script>var x = 1;</script><div></div></body></html>", "No article text was found"),
    ],
    ids=["binary", "no-text"],
)
def test_a_bad_saved_page_is_refused_beside_the_file_field(admin_client, countries, content, reason):
    upload = SimpleUploadedFile("page.html", content, content_type="text/html")
    response = admin_client.post(ADD, {"page": upload})
    assert response.status_code == 200
    assert reason in text_of(response)
    assert ArticleImport.objects.count() == 0


def test_text_and_a_page_together_are_refused(admin_client, countries):
    upload = SimpleUploadedFile("page.html", b"<html><body><p>x</p></body></html>", content_type="text/html")
    response = admin_client.post(ADD, {"text": SOM_ARTICLE, "page": upload})
    assert "Give the text or a saved page, not both." in text_of(response)
    assert ArticleImport.objects.count() == 0


def test_accepting_one_proposal_makes_a_draft_cited_with_its_sentence_verbatim(admin_client, countries):
    article = stored(headline="Officials meet online", publisher="TNA")
    key = key_of(article, "meeting")
    sentence = article.proposals.get(key=key).sentence
    response = decide(admin_client, article, key)
    meeting = Meeting.objects.get(short_name="7th SOM+3")
    assert meeting.status == "draft"
    citations = Citation.objects.of(meeting)
    assert citations and {c.quote for c in citations} == {sentence}
    assert sentence in article.text
    page = text_of(response)
    # Its parent, the conference it refers to, was accepted first and is named too.
    assert "Accepted p1: draft meeting “7th SOM+3”. Accepted first, as it refers to them: p2 (meeting" in page
    assert f'href="/admin/meetings/meeting/{meeting.pk}/change/"' in html_of(response)
    assert 'id="proposal-p1"' not in html_of(response)
    assert "Proposals to decide (10 left)" in page
    # Nothing is public: the meeting is a draft.
    assert admin_client.get(f"/meetings/{meeting.slug}/").status_code == 200
    assert Meeting.objects.filter(status="published").count() == 0


def test_correcting_values_before_accepting_records_the_corrected_values(admin_client, countries):
    article = stored()
    key = key_of(article, "meeting")
    edit = f"{review_url(article)[:-7]}edit/{key}/"
    form = admin_client.get(edit)
    assert form.status_code == 200
    assert "Which meeting is it?" in text_of(form)
    assert 'value="Bangkok"' in html_of(form)
    response = admin_client.post(
        edit,
        {
            "link": "",
            "value_name": "Seventh Senior Officials' Meeting Plus Three",
            "value_short_name": "7th SOM+3",
            "value_kind": "som_plus_three",
            "value_ordinal": "7",
            "value_parent": "p2",
            "value_start_date": "2024-03-13",
            "value_date_precision": "day",
            "value_city": "Chiang Mai",
            "value_format": "hybrid",
        },
        follow=True,
    )
    meeting = Meeting.objects.get(short_name="7th SOM+3")
    assert (meeting.name, meeting.city, meeting.start_date.isoformat(), meeting.format) == (
        "Seventh Senior Officials' Meeting Plus Three",
        "Chiang Mai",
        "2024-03-13",
        "hybrid",
    )
    assert "Accepted p1: draft meeting" in text_of(response)


def test_a_correction_that_cannot_be_accepted_is_said_on_the_form(admin_client, countries):
    article = stored()
    key = key_of(article, "official")
    edit = f"{review_url(article)[:-7]}edit/{key}/"
    response = admin_client.post(edit, {"link": "", "value_name": ""})
    assert "A new official needs this." in text_of(response)
    assert Official.objects.count() == 0


def test_linking_to_another_recorded_record_makes_no_duplicate(admin_client, countries):
    recorded = make_official(slug="somsak-rattanakul", name="Somsak Rattanakul-Chai")
    article = stored()
    key = key_of(article, "official")
    edit = f"{review_url(article)[:-7]}edit/{key}/"
    assert "Somsak Rattanakul-Chai (somsak-rattanakul)" in text_of(admin_client.get(edit))
    response = admin_client.post(
        edit, {"link": "somsak-rattanakul", "value_name": "Somsak Rattanakul"}, follow=True
    )
    assert list(Official.objects.all()) == [recorded]
    assert "Somsak Rattanakul" in set(recorded.aliases.values_list("name", flat=True))
    assert f"Accepted {key}: official “Somsak Rattanakul-Chai”" in text_of(response)
    # The participation that named the proposal now names the record.
    participation = article.proposals.get(kind="participation", text="Somsak Rattanakul")
    assert participation.values["official"] == "somsak-rattanakul"


def test_rejecting_a_proposal_takes_it_off_the_review(admin_client, countries):
    article = stored()
    key = key_of(article, "outcome")
    response = decide(admin_client, article, key, "reject")
    page = text_of(response)
    assert f"Rejected {key} (outcome “Khun Somsak handed over" in page
    assert f'id="proposal-{key}"' not in html_of(response)
    assert "Proposals to decide (11 left)" in page
    assert not Proposal.objects.filter(article=article, key=key).exists()


def test_accept_all_records_what_it_can_says_what_it_cannot_and_the_done_review_links_the_records(
    admin_client, countries
):
    article = stored(headline="Officials meet online", publisher="TNA")
    response = admin_client.post(f"{review_url(article)[:-7]}accept-all/", follow=True)
    page = text_of(response)
    assert "Accepted 11 proposals: p1: draft meeting “7th SOM+3”; p3: country “Thailand”;" in page
    assert "Accepted with them, as they refer to it: p2 (meeting accsm-23-2024); p9 (organisation" in page
    # The body whose chair is handed over (the ACCSM) is not recorded: that one waits, with the reason.
    assert "Proposal p12 was not accepted: Record the body whose chair is handed over first" in page
    assert "Proposals to decide (1 left)" in page
    assert Participation.objects.count() == 2
    done = decide(admin_client, article, "p12", "reject")
    page = text_of(done)
    assert "The review is done" in page
    meeting = Meeting.objects.get(short_name="7th SOM+3")
    assert f'<a href="/admin/meetings/meeting/{meeting.pk}/change/">“7th SOM+3”</a>' in html_of(done)
    assert "draft meeting “7th SOM+3”" in page
    assert "official “Somsak Rattanakul”" in page
    assert "Proposals to decide" not in page


def test_a_review_resumed_later_shows_what_remains(admin_client, client, countries, admin_user):
    article = stored()
    decide(admin_client, article, key_of(article, "outcome"), "reject")
    decide(admin_client, article, key_of(article, "participation"))
    # Another session, later: the list says what is left, the review shows only that.
    later = type(client)()
    later.force_login(admin_user)
    listing = text_of(later.get(LIST))
    remaining = Proposal.objects.filter(article=article).count()
    assert remaining < 12
    assert f"Officials meet online on digital training {remaining}" not in listing  # no headline given
    assert str(remaining) in listing
    page = text_of(later.get(review_url(article)))
    assert f"Proposals to decide ({remaining} left)" in page
    assert "Khun Somsak handed over the chair of ACCSM 24 to Malaysia at the close of the meeting." in page


def test_an_article_recorded_already_says_so_and_proposes_only_what_is_new(admin_client, countries):
    import_som(admin_client)
    first = ArticleImport.objects.get()
    admin_client.post(f"{review_url(first)[:-7]}accept-all/")
    response = import_som(admin_client)
    second = ArticleImport.objects.exclude(pk=first.pk).get()
    page = text_of(response)
    assert (
        "This article is recorded already "
        "(source “officials-meet-online-on-digital-training”, found by same URL)" in page
    )
    assert "Recorded already. This article was recorded as the source" in page
    # Only the handover the first review could not accept is proposed again.
    assert list(second.proposals.values_list("kind", flat=True)) == ["chair_statement"]


def test_a_conflict_with_the_records_is_shown_plainly(admin_client, countries):
    conference = make_meeting(
        slug="accsm-23", name="23rd ASEAN Conference on Civil Service Matters", short_name="ACCSM 23",
        ordinal=23, kind="conference", start_date="2024-03-10",
    )  # fmt: skip
    make_meeting(
        slug="7th-som-plus-3", name="7th SOM+3", short_name="7th SOM+3", ordinal=7, kind="som_plus_three",
        start_date="2024-03-11", parent=conference,
    )  # fmt: skip
    article = stored()
    page = text_of(admin_client.get(review_url(article)))
    assert (
        "Matches the recorded 7th-som-plus-3 (score 95.0: the same kind and number in the same series)"
        in page
    )
    assert (
        "Start date. Recorded: 11 March 2024 · This article: 12 March 2024 — accepting records a second, "
        "disputed claim."
    ) in page


def test_editors_import_review_and_accept(editor_client, countries):
    assert editor_client.get(ADD).status_code == 200
    response = import_som(editor_client)
    article = ArticleImport.objects.get()
    assert 'value="Accept all remaining"' in html_of(response)
    decide(editor_client, article, key_of(article, "meeting"))
    assert Meeting.objects.filter(status="draft").count() == 2


def test_the_roles_have_the_import_permissions(db):
    editors = Group.objects.get(name=EDITORS).permissions
    publishers = Group.objects.get(name=PUBLISHERS).permissions
    import_permissions = Permission.objects.filter(
        content_type__app_label="imports", codename__endswith="articleimport"
    )
    assert set(editors.filter(content_type__app_label="imports").values_list("codename", flat=True)) == {
        "add_articleimport",
        "change_articleimport",
        "view_articleimport",
    }
    assert set(publishers.filter(content_type__app_label="imports")) == set(import_permissions)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "not staff", "staff without a second factor"])
def test_no_import_page_opens_without_a_staff_sign_in(client, who, countries):
    article = stored()
    if who == "not staff":
        client.force_login(User.objects.create_user("visitor", password="a-long-visitor-password"))
    elif who == "staff without a second factor":
        # Django's own forced sign-in, which skips the second factor the admin requires.
        user = User.objects.create_user("half", password="a-long-half-password", is_staff=True)
        user.groups.add(Group.objects.get(name=EDITORS))
        super(type(client), client).force_login(user)
    base = review_url(article)[:-7]
    for url in (ADD, LIST, review_url(article), f"{base}edit/p1/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
    for url in (f"{base}decide/p1/", f"{base}accept-all/"):
        response = client.post(url, {"accept": "Accept p1"})
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
    assert Meeting.objects.count() == 0
    assert Proposal.objects.filter(article=article).count() == 12


def test_review_query_count_does_not_grow_with_the_proposals(admin_client, countries):
    make_organisation(slug="accsm", name="ASEAN Conference on Civil Service Matters", abbreviation="ACCSM")
    short = stored(SOM_ARTICLE.split("\n\n")[1] + "\n\nThe meeting was held in Bangkok.")
    long = stored(
        SOM_ARTICLE + "\n\n" + SOM_ARTICLE.replace("Somsak", "Surachai").replace("Aminah", "Noraini")
    )
    sizes = [short.proposals.count(), long.proposals.count()]
    assert sizes[0] < 5 < 15 < sizes[1]
    admin_client.get(review_url(short))  # Fills what a first request caches (content types, permissions).
    counts = []
    for article in (short, long):
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(review_url(article))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts == [counts[0], counts[0]]
    assert counts[0] == 5


def test_choosing_a_new_record_on_the_form_makes_one_though_the_analysis_matched_one(admin_client, countries):
    recorded = make_official(slug="somsak-rattanakul", name="Somsak Rattanakul")
    article = stored()
    key = key_of(article, "official")
    assert article.proposals.get(key=key).match["slug"] == "somsak-rattanakul"
    edit = f"{review_url(article)[:-7]}edit/{key}/"
    response = admin_client.post(edit, {"link": "", "value_name": "Somsak Rattanakul"}, follow=True)
    made = Official.objects.exclude(pk=recorded.pk).get()
    assert made.name == "Somsak Rattanakul"
    assert f"Accepted {key}: official “Somsak Rattanakul” (public now" in text_of(response)


def test_the_review_of_an_article_recorded_already_says_how_it_was_found(admin_client, countries):
    first = stored(url="https://example.org/news/som-plus-three")
    admin_client.post(f"{review_url(first)[:-7]}accept-all/")
    second = stored(
        SOM_ARTICLE.replace("next year", "in 2025"), url="https://example.org/news/som-plus-three"
    )
    assert second.known_why == "same URL"
    page = text_of(admin_client.get(review_url(second)))
    assert "(found by same URL) before it was imported" in page


def test_the_review_says_accepted_officials_and_organisations_are_public_at_once(admin_client, countries):
    article = stored()
    page = text_of(admin_client.get(review_url(article)))
    assert (
        "Officials, organisations and chair terms have no draft status: one accepted is public at once"
        in page
    )
    response = decide(admin_client, article, key_of(article, "official"))
    assert "official “Somsak Rattanakul” (public now: it has no draft status)" in (text_of(response))


def done_review(client, text):
    article = stored(text)
    client.post(f"{review_url(article)[:-7]}accept-all/")
    for left in article.proposals.all():
        decide(client, article, left.key, "reject")
    article.refresh_from_db()
    return article


def test_the_done_review_lists_every_record_made_in_a_fixed_number_of_queries(admin_client, countries):
    short = done_review(admin_client, SOM_ARTICLE)
    long = done_review(
        admin_client,
        SOM_ARTICLE + "\n\n" + SOM_ARTICLE.replace("Somsak", "Surachai").replace("Aminah", "Noraini"),
    )
    assert len(short.accepted) < len(long.accepted)
    counts, pages = [], []
    for article in (short, long):
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(review_url(article))
        counts.append(len(queries))
        pages.append(text_of(response))
    assert counts[0] == counts[1]
    assert "The review is done" in pages[1]
    # Participations and outcomes are listed too, and what is public already is said to be.
    assert "participation “Surachai Rattanakul (chair) at 7th SOM+3”" in pages[1]
    assert "official “Noraini Yusof” (public now" in pages[1]
    assert "draft meeting “7th SOM+3”" in pages[1]
    assert "officials and organisations have no draft status and are public already" in pages[1]
