"""Cite this record (public/citing_records.py): every record's page offers a ready citation, an APA-style
line, BibTeX and CSL-JSON, naming the record's permanent link, the date it last changed and the day it
was read; the CSL-JSON is also a download of its own (``?format=csl``).

The BibTeX is read back with bibtexparser and the CSL-JSON validated against the CSL schema's own
definitions of item types and variables (as citeproc-py ships them) and read by citeproc-py, as
reference managers would.
"""

import datetime
import json
import re
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware
from bs4 import BeautifulSoup
from django.utils import dateformat, timezone
from jsonschema import Draft7Validator
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from core.permalinks import permanent_path
from meetings.models import Declaration, Meeting
from people.models import Country, Official, Organisation
from sources.models import Source
from tests.factories import make_meeting

# The CSL schema (citation-style-language/schema) as citeproc-py installs it: its RELAX NG files
# name every item type and variable, by kind. The JSON Schema below is made from them each run.
CSL_SCHEMA_DIR = Path(__import__("citeproc").__file__).parent / "data" / "schema" / "schemas" / "styles"


def rnc_choices(file_name, pattern):
    """The quoted names a RELAX NG compact definition ``pattern = "a" | "b" ...`` lists."""
    text = (CSL_SCHEMA_DIR / file_name).read_text(encoding="utf-8")
    body = re.search(rf"^\s*{re.escape(pattern)}\s*=(.*?)(?=^\s*##|^\s*[\w.-]+\s*=|\Z)", text, re.M | re.S)
    assert body, f"{pattern} not found in {file_name}"
    return re.findall(r'"([^"]+)"', body[1])


def csl_data_schema():
    """A JSON Schema for CSL-JSON items from the CSL schema's own lists of types and variables."""
    date = {
        "type": "object",
        "properties": {
            "date-parts": {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": {"type": ["integer", "string"]},
                    "minItems": 1,
                    "maxItems": 3,
                },
                "minItems": 1,
                "maxItems": 2,
            },
            "literal": {"type": "string"},
            "raw": {"type": "string"},
        },
        "additionalProperties": False,
    }
    name = {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}}
    properties = {
        "id": {"type": ["string", "number"]},
        "type": {"enum": rnc_choices("csl-types.rnc", "item-types")},
    }
    for variable in rnc_choices("csl-variables.rnc", "variables.dates"):
        properties[variable] = date
    for variable in rnc_choices("csl-variables.rnc", "variables.names"):
        properties[variable] = {"type": "array", "items": name}
    for group in ("variables.numbers", "variables.strings", "variables.titles"):
        for variable in rnc_choices("csl-variables.rnc", group):
            properties.setdefault(variable, {"type": ["string", "number"]})
    item = {
        "type": "object",
        "required": ["id", "type"],
        "properties": properties,
        "additionalProperties": False,
    }
    return {"type": "array", "items": item}


CSL_DATA_SCHEMA = csl_data_schema()
CSL_MEDIA_TYPE = "application/vnd.citationstyles.csl+json"

# Every kind of record page, on the fixture: the page and how to find its record.
PAGES = [
    ("/meetings/accsm-21-heads-of-civil-service/", Meeting, {"slug": "accsm-21-heads-of-civil-service"}),
    ("/officials/pham-thi-thanh-tra/", Official, {"slug": "pham-thi-thanh-tra"}),
    ("/organisations/moha-viet-nam/", Organisation, {"slug": "moha-viet-nam"}),
    (
        "/declarations/civil-service-catalyst-declaration/",
        Declaration,
        {"slug": "civil-service-catalyst-declaration"},
    ),
    ("/countries/vn/", Country, {"code": "VN"}),
    ("/sources/vna-heads-of-civil-service-hanoi/", Source, {"slug": "vna-heads-of-civil-service-hanoi"}),
]
PAGE_IDS = [page for page, _model, _lookup in PAGES]

HOSTILE_TITLE = (
    'Braces } and { a \\ back-slash, 100% & $5 #1 my_name ~ ^ @misc{x, <script>alert("x")</script>'
)


def the_record(model, lookup):
    return model.objects.get(**lookup)


def expected_url(record, page):
    """The permanent link; a country, which has none, is cited by its page's address."""
    return "http://testserver" + (permanent_path(record) or page)


def cite_section(response):
    section = BeautifulSoup(response.content.decode(), "html.parser").select_one("section.cite-record")
    assert section is not None, "the page has no Cite section"
    return section


def bibtex_of(response):
    return cite_section(response).select_one("pre").get_text()


def latex_decoder():
    """pylatexenc's LaTeX-to-text, knowing the text commands LaTeX has for braces and the caret (it
    reads \\textbraceleft as nothing, and \\textasciicircum as a modifier letter)."""
    context = get_default_latex_context_db()
    context.add_context_category(
        "latex-text-symbols",
        prepend=True,
        macros=[
            MacroTextSpec("textbraceleft", "{"),
            MacroTextSpec("textbraceright", "}"),
            MacroTextSpec("textasciicircum", "^"),
        ],
    )
    return LatexNodes2Text(latex_context=context)


def parsed_bibtex(text):
    """The one entry of ``text``, its fields' LaTeX read back into text."""
    library = bibtexparser.parse_string(
        text, append_middleware=[LatexDecodingMiddleware(decoder=latex_decoder())]
    )
    assert library.failed_blocks == []
    assert len(library.entries) == 1
    return library.entries[0]


def csl_items(client, page):
    response = client.get(page, {"format": "csl"})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith(CSL_MEDIA_TYPE)
    items = json.loads(response.content)
    Draft7Validator.check_schema(CSL_DATA_SCHEMA)
    Draft7Validator(CSL_DATA_SCHEMA).validate(items)
    return response, items


def apa_date(day):
    return dateformat.format(day, "Y, F j")


@pytest.mark.parametrize(("page", "model", "lookup"), PAGES, ids=PAGE_IDS)
def test_cite_section_gives_the_permanent_link_and_the_last_change_on_every_record_page(
    client, accsm_records, page, model, lookup
):
    record = the_record(model, lookup)
    section = cite_section(client.get(page))
    text = " ".join(section.get_text().split())
    url = expected_url(record, page)
    changed = timezone.localdate(record.updated)
    today = timezone.localdate()
    assert section.find("h2").get_text() == "Cite this record"
    apa = " ".join(section.select_one(".cite-record-apa").get_text().split())
    assert apa.startswith(f"ACCSM Records. ({apa_date(changed)}). ")
    assert apa.endswith(f"Retrieved {dateformat.format(today, 'F j, Y')}, from {url}")
    assert section.select_one(".cite-record-apa a")["href"] == url
    assert section.find("time", datetime=changed.isoformat()) is not None
    assert f"last changed ({dateformat.format(changed, 'j F Y')})" in text
    download = section.find("a", type=CSL_MEDIA_TYPE)
    assert download["href"] == f"{page}?format=csl"


@pytest.mark.parametrize(("page", "model", "lookup"), PAGES, ids=PAGE_IDS)
def test_cite_bibtex_parses_with_bibtexparser_giving_the_title_and_permanent_link(
    client, accsm_records, page, model, lookup
):
    record = the_record(model, lookup)
    entry = parsed_bibtex(bibtex_of(client.get(page)))
    title = cite_section(client.get(page)).select_one(".cite-record-apa cite").get_text()
    assert entry.entry_type == "misc"
    assert entry["title"] == title
    assert title in (
        getattr(record, "name", None),
        getattr(record, "title", None),
        getattr(record, "headline", None),
    )
    assert entry["url"] == expected_url(record, page)
    assert entry["urldate"] == timezone.localdate().isoformat()
    assert entry["date"] == timezone.localdate(record.updated).isoformat()
    assert entry["author"] == "ACCSM Records"


@pytest.mark.parametrize(("page", "model", "lookup"), PAGES, ids=PAGE_IDS)
def test_cite_csl_json_download_validates_against_the_csl_data_schema(
    client, accsm_records, page, model, lookup
):
    record = the_record(model, lookup)
    response, items = csl_items(client, page)
    (item,) = items
    changed, today = timezone.localdate(record.updated), timezone.localdate()
    assert item["URL"] == expected_url(record, page)
    assert item["issued"] == {"date-parts": [[changed.year, changed.month, changed.day]]}
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    assert item["container-title"] == item["publisher"] == "ACCSM Records"
    assert item["type"] == "webpage"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="{item["id"]}.csl.json"' in disposition
    # Data under the licence, like every other download.
    assert 'rel="license"' in response["Link"]
    # The page's own citation and the download are the same item.
    html_title = cite_section(client.get(page)).select_one(".cite-record-apa cite").get_text()
    assert item["title"] == html_title


def test_cite_csl_json_is_read_by_a_csl_processor(client, accsm_records):
    # citeproc-py, with the one style it ships, reads the item as a reference manager's processor would.
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    page = "/meetings/accsm-21-heads-of-civil-service/"
    _response, items = csl_items(client, page)
    styles = Path(__import__("citeproc").__file__).parent / "data" / "styles"
    style = CitationStylesStyle(str(next(styles.glob("*.csl"))), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    (reference,) = [str(entry) for entry in bibliography.bibliography()]
    meeting = Meeting.objects.get(slug="accsm-21-heads-of-civil-service")
    assert meeting.name in reference
    assert items[0]["URL"] in reference
    assert dateformat.format(timezone.localdate(), "F j, Y") in reference


@pytest.mark.parametrize("query", ["format=pdf", "format=", "format=CSL", "format=csl&format=csl"])
def test_cite_unknown_format_is_400_saying_what_the_page_takes(client, accsm_records, query):
    response = client.get(f"/meetings/accsm-21-heads-of-civil-service/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "format=csl" in response.content.decode()


def test_cite_draft_meeting_csl_json_is_404_like_its_page_but_staff_get_it(client, admin_client, db):
    make_meeting(slug="draft-meeting", name="Unannounced retreat", status="draft")
    assert client.get("/meetings/draft-meeting/").status_code == 404
    response = client.get("/meetings/draft-meeting/", {"format": "csl"})
    assert response.status_code == 404
    assert b"Unannounced retreat" not in response.content
    _response, items = csl_items(admin_client, "/meetings/draft-meeting/")
    assert items[0]["title"] == "Unannounced retreat"


def test_cite_hostile_title_is_escaped_in_html_and_round_trips_through_bibtex_and_csl(client, db):
    make_meeting(slug="hostile-title", name=HOSTILE_TITLE)
    response = client.get("/meetings/hostile-title/")
    assert response.status_code == 200
    assert '<script>alert("x")' not in response.content.decode()
    section = cite_section(response)
    assert section.select_one(".cite-record-apa cite").get_text() == HOSTILE_TITLE
    entry = parsed_bibtex(bibtex_of(response))
    assert entry["title"] == HOSTILE_TITLE
    _response, items = csl_items(client, "/meetings/hostile-title/")
    assert items[0]["title"] == HOSTILE_TITLE


def test_cite_access_date_is_the_day_of_reading_even_for_a_page_cached_the_day_before(
    client, db, monkeypatch
):
    meeting = make_meeting(slug="cached-citation", name="Workshop on citing")
    first = client.get("/meetings/cached-citation/")
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    local_date = timezone.localdate

    def next_day(value=None, timezone=None):
        # Only "today" moves on; a record's own dates stay as they were stored.
        return local_date(value, timezone) if value is not None else tomorrow

    monkeypatch.setattr("django.utils.timezone.localdate", next_day)
    # The browser revalidates the copy it kept yesterday: it must not be told to keep it.
    again = client.get("/meetings/cached-citation/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    apa = cite_section(again).select_one(".cite-record-apa").get_text()
    assert f"Retrieved {dateformat.format(tomorrow, 'F j, Y')}, from" in apa
    assert f"({apa_date(timezone.localdate(meeting.updated))})" in apa


def test_cite_csl_schema_check_refuses_what_is_not_csl():
    validator = Draft7Validator(CSL_DATA_SCHEMA)
    good = {"id": "x", "type": "webpage", "title": "T", "issued": {"date-parts": [[2022, 8, 5]]}}
    assert validator.is_valid([good])
    assert not validator.is_valid([{**good, "type": "web page"}])
    assert not validator.is_valid([{**good, "tittle": "T"}])
    assert not validator.is_valid([{**good, "issued": "2022-08-05"}])
    assert not validator.is_valid([{**good, "author": "ACCSM Records"}])


# Countries have no permanent link: their address is their code.
WITH_PERMANENT_LINKS = [(page, model, lookup) for page, model, lookup in PAGES if model is not Country]


@pytest.mark.parametrize(
    ("page", "model", "lookup"), WITH_PERMANENT_LINKS, ids=[p for p, _, _ in WITH_PERMANENT_LINKS]
)
def test_cite_csl_json_at_the_permanent_address_is_the_pages_own(client, accsm_records, page, model, lookup):
    record = the_record(model, lookup)
    address = permanent_path(record).rstrip("/") + ".csl.json"
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(CSL_MEDIA_TYPE)
    Draft7Validator(CSL_DATA_SCHEMA).validate(json.loads(response.content))
    assert response.content == client.get(page, {"format": "csl"}).content


def test_cite_csl_json_at_the_permanent_address_hides_drafts_and_unknown_ids(client, admin_client, db):
    draft = make_meeting(slug="draft-meeting", name="Unannounced retreat", status="draft")
    address = f"/m/{draft.pk}.csl.json"
    response = client.get(address)
    assert response.status_code == 404
    assert b"Unannounced retreat" not in response.content
    assert json.loads(admin_client.get(address).content)[0]["title"] == "Unannounced retreat"
    assert client.get(f"/m/{draft.pk + 1000}.csl.json").status_code == 404
    assert client.get("/m/99999999999999999999.csl.json").status_code == 404
