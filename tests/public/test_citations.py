"""Every fact on a detail page leads to its citations: a numbered marker after the fact, a note in
"Sources" at the foot of the page, and back. Verbatim quotes in quotation marks, paraphrase never."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from public.citations import marker_suffix
from sources.models import Citation
from tests.factories import (
    make_chairmanship,
    make_citation,
    make_country,
    make_declaration,
    make_meeting,
    make_meeting_declaration,
    make_official,
    make_official_alias,
    make_organisation,
    make_outcome,
    make_participation,
    make_position,
    make_source,
    text_of,
)

pytestmark = pytest.mark.django_db


def notes_of(html):
    """{number: the note's HTML} of the page's "Sources" list."""
    return {
        int(number): body
        for number, body in re.findall(r'<li id="cite-(\d+)" class="note-item"[^>]*>(.*?)</li>', html, re.S)
    }


def markers_of(html):
    """[(note number, marker id)] in the order the page shows them."""
    return [
        (int(number), marker)
        for number, marker in re.findall(r'<sup class="cite"><a href="#cite-(\d+)" id="([^"]+)"', html)
    ]


def note_text(body):
    body = re.sub(r"</?(?:a|time|span|strong|cite)\b[^>]*>", "", body)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def cited_meeting():
    article = make_source(
        headline="Heads meet in Hanoi",
        publisher="Viet Nam News Agency",
        url="https://example.org/heads",
        archive_url="https://web.archive.org/web/2022/https://example.org/heads",
        kind="news_article",
    )
    page = make_source(
        headline="ACCSM at a glance",
        publisher="ASEAN Secretariat",
        kind="web_page",
        url="https://example.org/accsm",
        retrieved_on=datetime.date(2024, 5, 1),
        published_on=datetime.date(2023, 1, 1),
        published_precision="year",
    )
    meeting = make_meeting(name="Heads Meeting", city="Hanoi", theme="Resilient civil service")
    chair = make_participation(meeting, role="chair", statement="She opened the meeting.")
    outcome = make_outcome(meeting, text="Brunei takes the chair.")
    make_citation(meeting, "start_date", article, quote="On August 5, the heads met", locator="paragraph 1")
    make_citation(meeting, "city", article, quote="in Hanoi")
    make_citation(meeting, "", article, quote="heads of civil service")
    make_citation(
        chair, "role", article, basis="inferred", reasoning="She spoke first, as the host's minister."
    )
    make_citation(chair, "statement", article, quote="opened the meeting", locator="paragraph 2")
    make_citation(
        outcome, "text", page, basis="editorial", reasoning="The chair passes in the order of the alphabet."
    )
    return meeting, article, page


def test_markers_follow_facts_and_lead_to_numbered_notes(client, cited_meeting):
    meeting, article, page = cited_meeting
    html = client.get(meeting.get_absolute_url()).content.decode()
    markers = markers_of(html)
    notes = notes_of(html)
    # Every marker leads to a note, and every note is used, numbered 1, 2, 3... in order of first use.
    assert {number for number, _ in markers} == set(notes) == set(range(1, len(notes) + 1))
    first_uses = []
    for number, _ in markers:
        if number not in first_uses:
            first_uses.append(number)
    assert first_uses == sorted(first_uses)
    # The marker sits right after the fact: the date's marker leads to the date's quote.
    date = re.search(r'August 2022</time><sup class="cite"><a href="#cite-(\d+)" id="(cite-ref-\d+-a)"', html)
    assert date, html
    assert "On August 5, the heads met" in notes[int(date.group(1))]
    # Markers ids are unique; the note links back to its first marker.
    ids = [marker for _, marker in markers]
    assert len(ids) == len(set(ids))
    assert f'href="#{date.group(2)}"' in notes[int(date.group(1))]
    assert 'aria-label="Source 1"' in html
    # A fact without a citation of its own (the theme) cites the record as a whole.
    theme = re.search(r'Resilient civil service<sup class="cite"><a href="#cite-(\d+)"', html)
    assert "heads of civil service" in notes[int(theme.group(1))]


def test_notes_quote_verbatim_words_and_state_inferences_without_quotation_marks(client, cited_meeting):
    meeting, article, page = cited_meeting
    html = client.get(meeting.get_absolute_url()).content.decode()
    texts = {number: note_text(body) for number, body in notes_of(html).items()}
    (quoted,) = [text for text in texts.values() if "paragraph 1" in text]
    assert "“On August 5, the heads met”" in quoted
    assert "Heads meet in Hanoi" in quoted and "Viet Nam News Agency" in quoted and "news article" in quoted
    assert "https://example.org/heads" in notes_of(html)[[n for n, t in texts.items() if t == quoted][0]]
    assert "archived copy" in quoted
    (inferred,) = [text for text in texts.values() if "Inferred:" in text]
    assert "Inferred: She spoke first, as the host's minister." in inferred
    assert "“" not in inferred and "”" not in inferred
    (editorial,) = [text for text in texts.values() if "Editorial decision:" in text]
    assert "“" not in editorial
    # The web page: its publication year at its precision, and when it was retrieved.
    assert "published 2023" in editorial and "retrieved 1 May 2024" in editorial
    # Each note's source links to its page on this site.
    for body in notes_of(html).values():
        assert re.search(r'<a href="/sources/[^"]+/">', body)


def test_paraphrase_is_plain_text_and_only_quotes_are_quoted(client, cited_meeting):
    meeting, *_ = cited_meeting
    html = client.get(meeting.get_absolute_url()).content.decode()
    statement = re.search(r'<p class="statement">(.*?)</p>', html, re.S).group(1)
    assert statement.startswith("She opened the meeting.<sup")
    assert "“" not in statement and "<blockquote" not in statement
    # The theme is our record, not a quotation.
    assert "“Resilient civil service”" not in html
    # Every quotation mark pair in the notes holds the words of a citation's quote.
    quoted = re.findall(r"“([^”]*)”", "\n".join(notes_of(html).values()))
    assert set(quoted) <= set(Citation.objects.values_list("quote", flat=True))


def test_a_disputed_fact_says_so_and_its_note_shows_both_claims(client):
    first, second = make_source(headline="First report"), make_source(headline="Second report")
    country, body = (
        make_country(name="Brunei Darussalam"),
        make_organisation(name="ACCSM", abbreviation="ACCSM"),
    )
    chair = make_chairmanship(body, country, start_year=2022, end_year=2023)
    make_citation(chair, "end_year", first, quote="chair for 2022-2023", claim="2022–2023")
    make_citation(chair, "end_year", second, quote="until 2024", claim="2022–2024", stated_in_record=False)
    html = client.get(country.get_absolute_url()).content.decode()
    # The fact says it is disputed, right before its marker.
    assert re.search(r'2022–2023 <span class="disputed">\(disputed\)</span><sup class="cite">', html)
    (number,) = {n for n, _ in markers_of(html)}
    text = note_text(notes_of(html)[number])
    assert "Disputed" in text
    assert "This record follows: 2022–2023" in text and "First report" in text
    assert "Another claim: 2022–2024" in text and "Second report" in text
    assert text.index("This record follows") < text.index("Another claim")


def test_numbering_is_stable_and_a_shared_citation_keeps_its_number(client):
    source = make_source()
    official = make_official(
        name="Pham Thi Thanh Tra", native_name="Phạm Thị Thanh Trà", country=make_country()
    )
    make_official_alias(official, name="Pham Thi Thanh Trà")
    make_position(official, title="Minister of Home Affairs")
    whole = make_citation(official, "", source, quote="Minister Pham Thi Thanh Tra")
    make_citation(official, "country", make_source(), quote="Vietnamese Minister")
    first = client.get(official.get_absolute_url()).content.decode()
    again = client.get(official.get_absolute_url()).content.decode()
    assert markers_of(first) == markers_of(again)
    # The whole-record citation serves the name, the native name and the biography: one note, several markers.
    whole_number = [n for n, body in notes_of(first).items() if whole.quote in body]
    assert len(whole_number) == 1
    uses = [marker for number, marker in markers_of(first) if number == whole_number[0]]
    assert uses[:2] == [f"cite-ref-{whole_number[0]}-a", f"cite-ref-{whole_number[0]}-b"]


def test_marker_suffixes_run_past_z():
    assert [marker_suffix(n) for n in (0, 1, 25, 26, 27, 701, 702)] == [
        "a",
        "b",
        "z",
        "aa",
        "ab",
        "zz",
        "aaa",
    ]


def test_detail_pages_read_citations_in_one_query_and_render_none(client, cited_meeting):
    meeting, *_ = cited_meeting
    for _ in range(5):
        participation = make_participation(meeting, statement="More.")
        make_citation(participation, "statement", quote="more")
    with CaptureQueriesContext(connection) as captured:
        client.get(meeting.get_absolute_url())
    citation_reads = [q for q in captured.captured_queries if "sources_citation" in q["sql"]]
    assert len(citation_reads) == 1


@pytest.mark.parametrize("kind", ["official", "organisation", "declaration", "country"])
def test_every_detail_page_marks_its_facts(client, kind):
    source = make_source()
    record = {
        "official": lambda: make_official(country=make_country()),
        "organisation": lambda: make_organisation(country=make_country()),
        "declaration": lambda: make_declaration(adopting_body=make_organisation()),
        "country": lambda: make_country(),
    }[kind]()
    make_citation(record, "", source, quote="the words")
    html = client.get(record.get_absolute_url()).content.decode()
    assert markers_of(html)
    assert "“the words”" in note_text(notes_of(html)[1])


def test_source_page_lists_everything_recorded_from_it_and_no_draft(client):
    source = make_source(
        headline="ASEAN at work",
        kind="web_page",
        publisher="ASEAN Secretariat",
        url="https://example.org/work",
        archive_url="https://web.archive.org/web/2024/https://example.org/work",
        published_on=datetime.date(2022, 8, 1),
        published_precision="month",
        retrieved_on=datetime.date(2024, 5, 2),
    )
    published = make_meeting(name="Published Meeting")
    draft = make_meeting(name="Draft Meeting", status="draft")
    official = make_official(name="Vu Chien Thang")
    at_draft = make_participation(draft, official=official, statement="Spoke at the draft.")
    at_published = make_participation(published, official=official)
    declaration = make_declaration(title="Work Plan")
    draft_declaration = make_declaration(title="Secret Plan", status="draft")
    link = make_meeting_declaration(published, declaration)
    make_citation(published, "start_date", source, quote="on August 5")
    make_citation(at_published, "role", source, basis="inferred", reasoning="Listed among the speakers.")
    make_citation(official, "name", source, quote="Vu Chien Thang")
    make_citation(link, "relation", source, quote="discussed the work plan")
    make_citation(declaration, "title", source, quote="Work Plan")
    make_citation(draft, "start_date", source, quote="draft words")
    make_citation(at_draft, "statement", source, quote="draft statement")
    make_citation(draft_declaration, "title", source, quote="secret words")
    make_citation(make_outcome(draft, text="Draft outcome"), "text", source, quote="draft outcome words")
    response = client.get(source.get_absolute_url())
    html = response.content.decode()
    text = text_of(response)
    assert "Kind Official web page" in text
    assert "Published August 2022" in text
    assert "https://example.org/work" in html and "web.archive.org" in html
    assert "Retrieved 2 May 2024" in text
    # Every record recorded from it, linked, with the fact in plain words and the quote in quotation marks.
    assert f'<a href="{published.get_absolute_url()}">' in html
    assert f'<a href="{official.get_absolute_url()}">Vu Chien Thang</a>' in html
    assert f'<a href="{declaration.get_absolute_url()}">Work Plan</a>' in html
    assert "Start date “on August 5”" in text
    assert "Role Inferred: Listed among the speakers." in text
    assert "“discussed the work plan”" in text
    # Nothing of a draft.
    for words in (
        "draft words",
        "draft statement",
        "secret words",
        "draft outcome words",
        "Draft Meeting",
        "Secret Plan",
    ):
        assert words not in text


def test_source_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    source = make_source()
    for _ in range(3):
        meeting = make_meeting()
        make_citation(meeting, "start_date", source, quote="words")
        make_citation(make_participation(meeting), "role", source, quote="spoke")
        make_citation(make_official(), "name", source, quote="name")
    # The data version, the source with its meetings and declarations, its citations, one per kind.
    with django_assert_max_num_queries(8):
        client.get(source.get_absolute_url())
