"""An article's text → proposals: meetings, officials, participations, dates, bad input, determinism."""

import json
from datetime import date

import pytest

from imports.analysis import analyse
from imports.dates import find_dates
from imports.extract import MAX_CHARACTERS, ArticleRejected, html_article, plain_article
from imports.sentences import split_sentences

from .conftest import SEED_HEADS_MEETING, SEED_WORKSHOP, SOM_ARTICLE, SOM_PUBLISHED, needs_seeds


def proposals_of(text, published=None, **metadata):
    return analyse(plain_article(text, published=published, **metadata)).as_json()["proposals"]


def of_kind(proposals, kind):
    return [proposal for proposal in proposals if proposal["kind"] == kind]


def test_analysis_of_an_article_proposes_the_meeting_with_its_parent_date_place_and_format(countries):
    meetings = of_kind(proposals_of(SOM_ARTICLE, SOM_PUBLISHED), "meeting")
    som, conference = meetings
    assert som["text"] == "7th SOM+3"
    assert som["values"]["kind"] == "som_plus_three"
    assert som["values"]["ordinal"] == 7
    # "on Tuesday", reported on Thursday 14 March 2024.
    assert som["values"]["start_date"] == "2024-03-12"
    assert som["values"]["city"] == "Bangkok"
    assert som["values"]["format"] == "virtual"
    assert "parent" not in conference["values"]
    assert conference["values"]["ordinal"] == 23
    assert conference["values"]["short_name"] == "ACCSM 23"
    assert som["values"]["parent"] == conference["id"]


def test_analysis_keeps_honorific_title_and_name_apart(countries):
    officials = of_kind(proposals_of(SOM_ARTICLE, SOM_PUBLISHED), "official")
    assert [official["values"]["name"] for official in officials] == ["Somsak Rattanakul", "Aminah Yusof"]
    somsak, aminah = officials
    assert somsak["values"]["honorific"] == "Khun"
    assert somsak["values"]["title"] == "Thai Secretary-General of the Civil Service Commission"
    assert somsak["values"]["country"] == "TH"
    assert aminah["values"]["honorific"] == "Dato' Sri"
    assert aminah["values"]["title"] == "Director General of the Public Service Department of Malaysia"
    assert aminah["values"]["country"] == "MY"


def test_analysis_gives_each_participation_its_role_and_sentence(countries):
    proposals = proposals_of(SOM_ARTICLE, SOM_PUBLISHED)
    by_id = {proposal["id"]: proposal for proposal in proposals}
    roles = {
        (by_id[p["values"]["official"]]["values"]["name"], p["values"]["role"])
        for p in of_kind(proposals, "participation")
    }
    assert roles == {("Somsak Rattanakul", "chair"), ("Aminah Yusof", "speaker")}
    chair = next(p for p in of_kind(proposals, "participation") if p["values"]["role"] == "chair")
    assert chair["sentence"].startswith("Thai Secretary-General of the Civil Service Commission Khun Somsak")
    assert chair["text"] == "Somsak Rattanakul"


def test_analysis_offsets_point_at_the_words_in_the_cleaned_text(countries):
    article = plain_article(SOM_ARTICLE, published=SOM_PUBLISHED)
    for proposal in analyse(article).as_json()["proposals"]:
        assert article.text[proposal["start"] : proposal["end"]] == proposal["text"]
        assert proposal["sentence"] in article.text


def test_analysis_proposes_the_chair_handover_but_not_the_next_meeting_as_held(countries):
    proposals = proposals_of(SOM_ARTICLE, SOM_PUBLISHED)
    (statement,) = of_kind(proposals, "chair_statement")
    assert statement["values"]["to_country"] == "MY"
    assert statement["values"]["from_country"] == "TH"
    assert statement["values"]["term"] == 24
    assert all(m["values"].get("ordinal") != 24 for m in of_kind(proposals, "meeting"))


def test_analysis_is_the_same_every_time(countries):
    first = json.dumps(proposals_of(SOM_ARTICLE, SOM_PUBLISHED), sort_keys=True)
    second = json.dumps(proposals_of(SOM_ARTICLE, SOM_PUBLISHED), sort_keys=True)
    assert first == second


def test_dates_are_kept_at_the_precision_printed_and_ranges_as_ranges():
    published = date(2024, 8, 9)
    (workshop,) = find_dates("The workshop ran on 5–7 August 2024 in Vientiane.", published)
    assert (workshop.start, workshop.end, workshop.precision) == (date(2024, 8, 5), date(2024, 8, 7), "day")
    (month,) = find_dates("It met in August 2024.", published)
    assert (month.start, month.precision) == (date(2024, 8, 1), "month")
    (week,) = find_dates("Ministers met last week.", published)
    assert (week.start, week.end) == (date(2024, 7, 29), date(2024, 8, 4))
    (no_year,) = find_dates("It opened on August 3.", published)
    assert no_year.start == date(2024, 8, 3)
    assert "publication date" in no_year.how


def test_a_day_without_a_year_takes_the_year_its_sentence_prints():
    (day, _year) = find_dates(
        "A workshop was held on October 29 for civil servants in 2021.", date(2022, 8, 6)
    )
    assert day.start == date(2021, 10, 29)


def test_a_day_without_any_year_is_not_given_a_date(countries):
    text = "The 9th SOM+3 opened on August 3 in Vientiane, and the delegates said it went well for all."
    (meeting,) = of_kind(proposals_of(text), "meeting")
    assert "start_date" not in meeting["values"]


def test_sentences_do_not_end_at_honorifics_or_initials():
    sentences = split_sentences("Dr. Ana Lim spoke. H.E. Dato' Sri Ali said so. Then U. Tin left.")
    assert [s.text for s in sentences] == [
        "Dr. Ana Lim spoke.",
        "H.E. Dato' Sri Ali said so.",
        "Then U. Tin left.",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("word " * (MAX_CHARACTERS // 4), "limit is 200,000"),
        ("\x00\x01\x02\x03binary\x04\x05" * 200, "binary"),
        ("<html><body><div><p>Hello</p><p>there</p><span>x</span></div></body></html>", "HTML"),
        ("Kuvauksen mukaan ministeriö järjesti tilaisuuden verkossa ja osallistujia oli paljon.", "English"),
        ("Too short.", "at least"),
    ],
)
def test_bad_input_is_refused_with_the_reason(db, text, message):
    with pytest.raises(ArticleRejected, match=message):
        plain_article(text)


def test_a_web_page_gives_its_text_and_metadata(countries):
    page = (
        "<html><head><title>Officials meet online</title>"
        '<meta property="og:site_name" content="Test News">'
        '<meta property="article:published_time" content="2024-03-14"></head><body>'
        "<nav>Home | World | Sport</nav><article><h1>Officials meet online</h1>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in SOM_ARTICLE.split("\n\n")[1:])
        + "</article><footer>Copyright</footer></body></html>"
    )
    article = html_article(page)
    assert article.headline == "Officials meet online"
    assert article.publisher == "Test News"
    assert article.published == date(2024, 3, 14)
    assert "Khun Somsak Rattanakul chaired the meeting" in article.text
    assert "Copyright" not in article.text


def test_a_web_page_without_text_is_refused(db):
    with pytest.raises(ArticleRejected, match="No article text"):
        html_article("<html><head><title>Nothing</title></head><body></body></html>")


@needs_seeds
def test_seed_articles_propose_the_fixtures_meetings_officials_and_roles(accsm_records):
    workshop = proposals_of(SEED_WORKSHOP.read_text())
    heads = proposals_of(SEED_HEADS_MEETING.read_text())
    assert [m["match"]["slug"] for m in of_kind(workshop, "meeting")] == [
        "civil-service-reform-workshop-2021"
    ]
    assert {m["match"]["slug"] for m in of_kind(heads, "meeting")} == {
        "accsm-21",
        "accsm-21-heads-of-civil-service",
        "accsm-21-som",
        "accsm-plus-three-6th-som",
    }
    participations = {
        (p["values"]["meeting"], p["values"]["official"], p["values"]["role"])
        for p in of_kind(workshop + heads, "participation")
        if "official" in p["values"]
    }
    assert participations == {
        ("civil-service-reform-workshop-2021", "ekkaphab-phanthavong", "speaker"),
        ("civil-service-reform-workshop-2021", "ha-thi-minh-duc", "speaker"),
        ("accsm-21", "pham-thi-thanh-tra", "chair"),
        ("accsm-21-heads-of-civil-service", "pham-thi-thanh-tra", "chair"),
        ("accsm-21-heads-of-civil-service", "vu-chien-thang", "speaker"),
        ("accsm-21-heads-of-civil-service", "ekkaphab-phanthavong", "briefer"),
        ("accsm-21-heads-of-civil-service", "chu-tuan-tu", "speaker"),
    }
    linked = [p for p in workshop + heads if p["match"]]
    assert len(linked) / len(workshop + heads) >= 0.95


@needs_seeds
def test_seed_articles_into_countries_alone_propose_new_officials_with_their_titles(countries):
    heads = proposals_of(SEED_HEADS_MEETING.read_text(), published=date(2022, 8, 6))
    officials = {o["values"]["name"]: o["values"] for o in of_kind(heads, "official")}
    assert set(officials) == {"Pham Thi Thanh Tra", "Vu Chien Thang", "Ekkaphab Phantavong", "Chu Tuan Tu"}
    assert officials["Pham Thi Thanh Tra"]["country"] == "VN"
    assert officials["Chu Tuan Tu"]["title"] == (
        "head of the International Cooperation Department under the Ministry of Home Affairs"
    )
    meetings = {m["values"]["kind"]: m["values"] for m in of_kind(heads, "meeting")}
    assert meetings["heads"]["start_date"] == "2022-08-05"
    assert (
        meetings["heads"]["theme"]
        == "Modernising civil service towards a cohesive and responsive ASEAN Community"
    )
    assert (meetings["conference"]["start_date"], meetings["conference"]["end_date"]) == (
        "2022-08-03",
        "2022-08-05",
    )


def test_names_keep_their_patronymic_and_inner_honorific_words(countries):
    text = (
        "The 4th SOM+3 was held in Vientiane on 2 May 2024. It was chaired by Dato Seri Setia Awang Haji "
        "Ali bin Haji Rahman, Permanent Secretary at the Prime Minister's Office of Brunei Darussalam. "
        "Bapak Sutrisno, Head of the National Civil Service Agency, also spoke at the meeting."
    )
    proposals = proposals_of(text)
    officials = {o["values"]["name"]: o["values"] for o in of_kind(proposals, "official")}
    assert set(officials) == {"Ali bin Haji Rahman", "Sutrisno"}
    assert officials["Ali bin Haji Rahman"]["honorific"] == "Dato Seri Setia Awang Haji"
    assert officials["Ali bin Haji Rahman"]["title"] == (
        "Permanent Secretary at the Prime Minister's Office of Brunei Darussalam"
    )
    assert officials["Sutrisno"]["honorific"] == "Bapak"
    roles = {p["values"]["name_as_printed"]: p["values"]["role"] for p in of_kind(proposals, "participation")}
    assert roles == {"Ali bin Haji Rahman": "chair", "Sutrisno": "speaker"}


def test_a_place_with_an_honorific_word_in_its_name_is_no_person(countries):
    text = (
        "The 4th SOM+3 was held in Bandar Seri Begawan on 2 May 2024, and Brunei Darussalam said the "
        "meeting had gone well for all of the delegations that came to it."
    )
    assert of_kind(proposals_of(text), "official") == []


def test_no_one_is_proposed_from_an_article_about_no_meeting(countries):
    text = (
        "Farmers in the north said the rice harvest was the best in years, and Provincial Governor "
        "Somchai Wongsa thanked them at the festival that closed the season."
    )
    assert proposals_of(text) == []


def test_a_body_in_another_country_is_not_the_recorded_one_of_the_same_name(accsm_records):
    text = (
        "The 4th SOM+3 was held in Vientiane on 2 May 2024. From Lao PDR, Mr. Bounmy Keo, Director of the "
        "Ministry of Home Affairs, said the ministry would host the next meeting of the group."
    )
    bodies = {o["values"]["name"]: o for o in of_kind(proposals_of(text), "organisation")}
    assert bodies["Ministry of Home Affairs"]["values"]["country"] == "LA"
    assert bodies["Ministry of Home Affairs"]["match"] is None


# A title naming a body by its minister ("Minister of Home Affairs"), and one naming it only by an
# acronym ("Secretary-General of ASEAN"): the body proposed is not printed under its own name.
TITLED_BODIES_ARTICLE = "\n\n".join(
    [
        "Heads of civil service meet in Vientiane",
        "Vientiane (KPL) – The 22nd ACCSM was held in Vientiane on 12 October 2023.",
        "In her opening remarks, Minister of Home Affairs of Lao PDR Madam Khamphanh Sitthidampha "
        "welcomed the delegates to the meeting.",
        "Mr Kao Kim Hourn, Secretary-General of ASEAN, said the Ministry of Home Affairs of Lao PDR had "
        "led the work on the civil service and thanked the Ministry of Home Affairs of Lao PDR for it.",
    ]
)


def _misplaced(article):
    return [
        (proposal["id"], proposal["text"], article.text[proposal["start"] : proposal["end"]])
        for proposal in analyse(article).as_json()["proposals"]
        if article.text[proposal["start"] : proposal["end"]] != proposal["text"]
    ]


def test_every_proposal_offset_holds_its_printed_text_in_bodies_named_by_titles(countries):
    article = plain_article(TITLED_BODIES_ARTICLE, published=date(2023, 10, 13))
    assert analyse(article).proposals
    assert _misplaced(article) == []


@needs_seeds
@pytest.mark.parametrize("seed", [SEED_WORKSHOP, SEED_HEADS_MEETING], ids=["workshop", "heads"])
def test_every_proposal_offset_holds_its_printed_text_in_the_seeds(countries, seed):
    assert _misplaced(plain_article(seed.read_text(), published=date(2022, 8, 6))) == []


@needs_seeds
@pytest.mark.parametrize("seed", [SEED_WORKSHOP, SEED_HEADS_MEETING], ids=["workshop", "heads"])
def test_every_proposal_offset_holds_its_printed_text_in_the_seeds_with_records(accsm_records, seed):
    assert _misplaced(plain_article(seed.read_text(), published=date(2022, 8, 6))) == []


@pytest.mark.parametrize("line_end", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_pasted_text_with_crlf_or_lone_cr_line_ends_is_read_not_refused_as_binary(line_end):
    # One word a line: far more line ends than the share of control characters a text may hold.
    text = line_end.join(SOM_ARTICLE.replace("\n\n", " ").split(" "))
    article = plain_article(text)
    assert "\r" not in article.text
    assert article.text.split("\n")[:3] == ["Officials", "meet", "online"]
