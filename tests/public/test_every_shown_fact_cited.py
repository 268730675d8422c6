"""Every fact a public detail page shows cites a source, and carries a marker next to it.

The walker opens, on the fixture (fixtures/accsm.json), the public page of every published record
that has one, and reads what the page's main content (its ``<article>``, the notes aside) shows:

- Each ``{% cite record "field" ... %}`` of the page is recorded as it renders (the real
  ``PageNotes.mark`` runs; the walker only notes which record and fields each marker id stands for),
  so every marker in the HTML says which facts it vouches for.
- The page is cut into fact elements: the innermost ``li``, ``dd`` or ``p`` around each piece of
  text (a title ``h1`` belongs to its ``header``). A field of a record the page shows (the record
  itself, and every row the view reads citations for or a marker names) is *shown* in an element
  when its display value (choice label, partial date as the page writes it, related record's
  name) appears in the element's own text, or a ``<time>`` in it carries the date.
- A shown value must sit in an element holding a marker whose ``{% cite %}`` names that field (or
  the whole record) with that value; a link to another record's page must be explained the same
  way (its text covered by the values the markers beside it name). So a field newly rendered
  without ``{% cite %}`` fails, whatever citations its record has.
- The page's *parts* are its own record and the rows the view read citations for or a marker names
  (participations, positions, outcomes, declaration links, names, chairmanships, the children it
  lists as its own). Their facts must be marked as above. A list item (``li``) that links to the
  page of a record which is neither the page's record nor one of its parts is a *summary* of that
  record (``includes/meeting_item.html`` on an organisation's or a country's page: the meeting's
  name, date, kind, place, format, "Part of"): the facts of the records it links to are marked on
  their own pages, one click away, so they need no marker here. The exemption covers only those
  records' own facts: a link that states a fact of a part or of the page's record (a
  participation's ``meeting``, a position's ``official``, the page's ``implements``; a row the view
  read citations for that joins the page's record to the linked one, if no marker names it) must
  still be marked. Where a value shown in a list item could be the fact of several records, it is taken for
  the item's subject, the record its first link leads to (the summarised meeting's date, not its
  parent's end date).
- Every fact shown (summaries' facts included), and every fact a marker names, must have a
  citation in the database (``Citation.objects``: the field's own or the whole record's), and every
  marker must lead to a note on the page that names a source.

Each failure names the page URL, the record and the field.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.test import Client, override_settings
from django.urls import resolve

from core.dates import partial_date
from core.models import record_models
from public.citations import PageNotes
from sources import citing
from sources.models import Citation

# Columns that are bookkeeping, not facts a page states.
NOT_FACTS = {"id", "slug", "created", "updated", "status", "search_text", "search_vector"}
# The elements a fact is written in; text outside them (section headings, labels) states none.
CONTAINERS = {"li", "dd", "p"}
WORD = r"[\w]"


@dataclass(frozen=True)
class Problem:
    url: str
    record: str
    field: str
    reason: str

    def __str__(self):
        return f"{self.url}: {self.record} · {self.field or '(whole record)'}: {self.reason}"


@dataclass
class Element:
    """One fact element: its own text, the <time>s in it, the markers and record links in it."""

    tag: object
    text: str = ""
    times: list = field(default_factory=list)  # (datetime attribute, shown text)
    in_header: bool = False


# --- What the page rendered: the records indexed and the cite calls -------------------


class Recorder:
    """Notes, as a page renders, which record and fields each citation marker stands for."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.indexed = []  # the records the view read citations for
        self.calls = []  # (record, fields, [marker ids])

    def install(self, monkeypatch):
        mark, index_init = PageNotes.mark, citing.CitationIndex.__init__
        recorder = self

        def recording_mark(notes, record, *fields):
            marks, disputed = mark(notes, record, *fields)
            recorder.calls.append((record, fields, [m.marker for m in marks]))
            return marks, disputed

        def recording_index_init(index, records, citations):
            records = list(records)
            recorder.indexed += [record for record in records if record is not None]
            index_init(index, records, citations)

        monkeypatch.setattr(PageNotes, "mark", recording_mark)
        monkeypatch.setattr(citing.CitationIndex, "__init__", recording_index_init)


# --- Records and their display values --------------------------------------------------


def key(record):
    return (record._meta.label, record.pk)


def label(record):
    return f"{record._meta.label} {record.pk} “{record}”"


def fact_fields(model):
    """The concrete fields of ``model`` that state something: not its id, slug, timestamps, search
    columns, or the precision beside a date (the date's display uses it)."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in NOT_FACTS
        and not f.name.endswith("precision")
        and not isinstance(f, (models.AutoField, models.BooleanField))
    ]


def precision_of(record, name):
    """The precision kept beside a date field: ``adopted_on`` → ``adopted_precision``, a meeting's
    ``start_date`` → ``date_precision``."""
    names = {f.name for f in record._meta.concrete_fields}
    stem = re.sub(r"_(date|on)$", "", name)
    for candidate in (f"{stem}_precision", "date_precision"):
        if candidate in names:
            return getattr(record, candidate)
    return None


def normal(text):
    return " ".join(str(text).split())


def display_values(record, model_field):
    """The strings a page may write for one field of a record; empty if the field is not set."""
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return []
    if model_field.choices:
        shown = str(getattr(record, f"get_{model_field.name}_display")())
        return [shown, shown.lower()]
    if model_field.is_relation:
        target = getattr(record, model_field.name)
        names = [str(target)]
        names += [
            str(getattr(target, a)) for a in ("name", "title", "abbreviation") if getattr(target, a, "")
        ]
        return names
    if isinstance(model_field, models.DateField):
        return [str(partial_date(value, precision_of(record, model_field.name)))]
    return [normal(value)]


def date_iso(record, model_field):
    value = getattr(record, model_field.attname)
    if not isinstance(model_field, models.DateField) or value is None:
        return None
    return partial_date(value, precision_of(record, model_field.name)).isoformat()


def occurrences(text, value):
    """Where ``value`` stands in ``text`` as whole words: [(start, end), ...]."""
    if not value:
        return []
    pattern = rf"(?<!{WORD}){re.escape(value)}(?!{WORD})"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def field_spans(element, record, model_field):
    """Where the element shows one field of a record: its text, and the <time>s carrying its date."""
    spans = []
    for value in display_values(record, model_field):
        spans += occurrences(element.text, value)
    iso = date_iso(record, model_field)
    if iso:
        for datetime, start, end in element.times:
            if datetime == iso:
                spans.append((start, end))
    return spans


def within(span, spans):
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def covered(text, span, spans):
    """Whether every word character of ``text`` in ``span`` lies in one of ``spans``: a link
    written "Name (ABBR)" is explained by markers naming the name and the abbreviation."""
    return span[0] < span[1] and all(
        any(start <= i < end for start, end in spans) for i in range(*span) if re.match(WORD, text[i])
    )


# --- Reading the page -----------------------------------------------------------------


def fact_elements(article):
    """{container tag: Element} for the article's text, each string given to its innermost
    container; labels (dt), markers and the notes are no fact text."""
    elements = {}
    for string in article.find_all(string=True):
        if not isinstance(string, NavigableString) or not string.strip():
            continue
        parents = list(string.parents)
        if any(p.name in {"dt", "sup", "script", "style"} for p in parents if p is not article):
            continue
        container = next((p for p in parents if p.name in CONTAINERS or p.name == "header"), None)
        if container is None or container is article:
            continue
        element = elements.setdefault(id(container), Element(container, in_header=container.name == "header"))
        piece = " ".join(string.split())
        if element.text and not element.text.endswith(" "):
            element.text += " "
        start = len(element.text)
        element.text += piece
        time = string.parent if string.parent.name == "time" else None
        if time is not None and time.get("datetime"):
            element.times.append((time["datetime"], start, len(element.text)))
    return list(elements.values())


def record_urls():
    """{public URL: record} for every published record with a page."""
    urls = {}
    for model in record_models():
        if not hasattr(model, "get_absolute_url"):
            continue
        manager = model._default_manager
        records = manager.published() if hasattr(manager.all(), "published") else manager.all()
        for record in records:
            url = record.get_absolute_url()
            # A row without a page of its own (a participation) links to its parent's page.
            if resolve(url).url_name == f"{model._meta.model_name}_detail":
                urls[url] = record
    return urls


def cited_in_database(record, name):
    content_type = ContentType.objects.get_for_model(record)
    return Citation.objects.filter(
        content_type=content_type, object_id=record.pk, field__in=[name, ""]
    ).exists()


def pointers(record, target):
    """The names of the fields of ``record`` that point to ``target``."""
    return [
        f.name
        for f in record._meta.concrete_fields
        if f.many_to_one and f.related_model is type(target) and getattr(record, f.attname) == target.pk
    ]


def relations(linked, page_record, parts=(), unmarked_rows=()):
    """What a bare link between the page's record and another record states: the field of a part
    marked beside it that points to the linked record (a participation's ``meeting``); else the
    field of a row the view read citations for, marked nowhere on the page, that joins the page's
    record to the linked one (a declaration's meeting link, its marker forgotten); else the fields
    of either record that point to the other (a child's ``parent``, the meeting's ``host``); else
    the linked record as a whole."""
    for rows in (parts, [row for row in unmarked_rows if pointers(row, page_record)]):
        names = [(row, name) for row in rows for name in pointers(row, linked)]
        if names:
            return names
    names = [
        f.name
        for f in linked._meta.concrete_fields
        if f.many_to_one
        and f.related_model is type(page_record)
        and getattr(linked, f.attname) == page_record.pk
    ]
    if names:
        return [(linked, name) for name in names]
    names = [
        f.name
        for f in page_record._meta.concrete_fields
        if f.many_to_one and f.related_model is type(linked) and getattr(page_record, f.attname) == linked.pk
    ]
    if names:
        return [(page_record, name) for name in names]
    return [(linked, "")]


def is_set(record, model_field):
    return bool(display_values(record, model_field))


def scope_of(element, article):
    """Where the markers of an element may stand: its list item (a row of a list), else itself."""
    for tag in [element.tag, *element.tag.parents]:
        if tag is article:
            break
        if tag.name == "li":
            return tag
    return element.tag


def read_notes(article):
    """{note id: note <li>}, after taking the notes and the page's own date out of the article."""
    notes = {}
    section = article.select_one("section.citation-notes")
    if section is not None:
        notes = {item.get("id"): item for item in section.select("li.note-item")}
        section.extract()
    for updated in article.select("p.updated"):
        updated.extract()
    return notes


def walk_page(client, recorder, url, page_record, urls):
    """The problems of one page: facts shown without a marker naming them, facts no citation
    supports, markers without a note naming a source."""
    recorder.reset()
    cache.clear()  # the page is rendered, not served from the page cache: its cite calls are seen
    response = client.get(url)
    if response.status_code != 200:
        return [Problem(url, label(page_record), "", f"the page answers {response.status_code}")]
    article = BeautifulSoup(response.content.decode(), "html.parser").select_one("main article")
    if article is None:
        return [Problem(url, label(page_record), "", "the page has no <article> in <main>")]
    problems = []
    notes = read_notes(article)

    # Each marker stands for the record and fields its {% cite %} named.
    marker_calls = {}
    for record, fields, markers in recorder.calls:
        for marker in markers:
            marker_calls[marker] = (record, fields)
        if not markers:
            for name in fields:
                model_field = record._meta.get_field(name)
                if is_set(record, model_field):
                    problems.append(
                        Problem(url, label(record), name, "{% cite %} renders no marker: nothing cites it")
                    )

    # Each marker leads to a note on the page, and the note names a source.
    for link in article.select("sup.cite a"):
        record, fields = marker_calls.get(link.get("id"), (page_record, ()))
        note = notes.get(link.get("href", "").removeprefix("#"))
        sources = note.select(".cited-source") if note is not None else []
        for name in fields or ("",):
            if note is None:
                problems.append(
                    Problem(url, label(record), name, f"marker {link.get('href')} leads to no note")
                )
            elif not sources or not all(s.get_text(strip=True) for s in sources):
                problems.append(Problem(url, label(record), name, f"note {note.get('id')} names no source"))

    # The records the page shows: its own, the rows the view read citations for, those marked.
    shown = {key(page_record): page_record}
    for record in [*recorder.indexed, *(call[0] for call in recorder.calls)]:
        if record is not None and record.pk is not None:
            shown.setdefault(key(record), record)
    # A source's page describes the source itself, what every note points to: nothing to cite.
    own_cited = bool(getattr(type(page_record), "cited_fields", ()))
    title = normal(article.h1.get_text()) if article.h1 else ""

    marked_anywhere = {key(record) for record, _fields in marker_calls.values()}
    to_check = set()  # (record key, field): facts shown, to find in Citation
    summarised = {}  # record key: record, for the records summarised in a list item
    for element in fact_elements(article) if own_cited else []:
        scope = scope_of(element, article)
        cited = [marker_calls[a.get("id")] for a in scope.select("sup.cite a") if a.get("id") in marker_calls]
        parts = list({key(record): record for record, _fields in cited if key(record) in shown}.values())
        unmarked_rows = [
            record for k, record in shown.items() if k not in marked_anywhere and k != key(page_record)
        ]
        # What the markers beside the element explain: the values of the facts they name.
        explained = []
        for record, fields in cited:
            model_fields = [record._meta.get_field(n) for n in fields] or fact_fields(type(record))
            for model_field in model_fields:
                explained += field_spans(element, record, model_field)
                if is_set(record, model_field) and key(record) in shown:
                    to_check.add((key(record), model_field.name if fields else ""))
        if not element.in_header and title:
            explained += occurrences(element.text, title)  # the record's own name, used as a label
        # The records the element is about: those marked or linked beside it; the page's own
        # where nothing beside it is about another record.
        linked = [urls.get(a["href"]) for a in scope.find_all("a", href=True)]
        linked = [record for record in linked if record is not None and record is not page_record]
        # A list item linking to records that are neither the page's nor its parts summarises them.
        summaries = (
            {key(record): record for record in linked if key(record) not in shown}
            if scope.name == "li"
            else {}
        )
        subject = key(linked[0]) if linked else None
        about = {key(record): record for record, _fields in cited}
        if not linked and all(key(record) == key(page_record) for record in about.values()) and own_cited:
            about[key(page_record)] = page_record
        link_spans = []
        for link in element.tag.find_all("a", href=True):
            record = urls.get(link["href"])
            if record is None or record is page_record:
                continue
            about.setdefault(key(record), record)
            spans = occurrences(element.text, normal(link.get_text()))
            link_spans += spans
            stated = relations(record, page_record, parts, unmarked_rows)
            if key(record) in summaries and all(other is record for other, _name in stated):
                # The summarised record's own relation to the page: cited on its own page.
                summarised[key(record)] = record
                to_check.update((key(record), name) for _other, name in stated if name)
                continue
            if own_cited and not (spans and all(covered(element.text, span, explained) for span in spans)):
                for related, name in stated:
                    problems.append(
                        Problem(
                            url,
                            label(related),
                            name,
                            f"linked as “{normal(link.get_text())}” without a citation marker naming it,"
                            f" in “{element.text[:90]}”",
                        )
                    )
        for record in linked:
            about.setdefault(key(record), record)
        marked = {key(record) for record, _fields in cited}
        unexplained = defaultdict(list)  # span: [(record, field)]
        for record in about.values():
            for model_field in fact_fields(type(record)):
                for span in field_spans(element, record, model_field):
                    # A link's text is a summarised record's fact too (its name): to find in Citation.
                    in_link = within(span, link_spans) and key(record) not in summaries
                    if not within(span, explained) and not in_link:
                        unexplained[span].append((record, model_field))
        for candidates in unexplained.values():
            # A value a marked row seems to show, but a linked record's field also has, is that
            # record's (the meeting's place beside a participation's role).
            if any(key(record) not in marked for record, _f in candidates):
                candidates = [(r, f) for r, f in candidates if key(r) not in marked]
            # A value the item's subject has is the subject's (its date, not its parent's end date).
            if any(key(record) == subject for record, _f in candidates):
                candidates = [(r, f) for r, f in candidates if key(r) == subject]
            for record, model_field in candidates:
                if key(record) in summaries:
                    summarised[key(record)] = record
                    to_check.add((key(record), model_field.name))
                    continue
                if key(record) in shown:
                    to_check.add((key(record), model_field.name))
                problems.append(
                    Problem(
                        url,
                        label(record),
                        model_field.name,
                        f"shown without a citation marker naming it, in “{element.text[:90]}”",
                    )
                )

    for record_key, name in sorted(to_check, key=str):
        record = shown.get(record_key) or summarised[record_key]
        if not cited_in_database(record, name):
            problems.append(
                Problem(url, label(record), name, "shown, but no Citation names it or its record")
            )
    return problems


def walk(client, recorder):
    urls = record_urls()
    problems = []
    for url, record in sorted(urls.items()):
        problems += walk_page(client, recorder, url, record, urls)
    return urls, list(dict.fromkeys(problems))


@pytest.fixture
def recorder(monkeypatch):
    recorder = Recorder()
    recorder.install(monkeypatch)
    return recorder


def test_every_fact_shown_on_every_detail_page_is_cited(accsm_records, recorder):
    urls, problems = walk(Client(), recorder)
    kinds = {type(record)._meta.model_name for record in urls.values()}
    assert {"meeting", "official", "organisation", "declaration", "country", "source"} <= kinds
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(map(str, problems))


# --- The walker finds what it is meant to find -------------------------------------------


def reported(problems):
    return {(problem.url, problem.record, problem.field) for problem in problems}


def uncite(record, uncited):
    """Leave one field of ``record`` uncited: its own citations go, and the record's whole ones
    become the other fields'."""
    citations = Citation.objects.of(record)
    citations.filter(field=uncited).delete()
    for citation in citations.filter(field=""):
        for name in record.cited_fields:
            if name != uncited and not citations.filter(field=name).exists():
                Citation.objects.create(
                    content_type=citation.content_type,
                    object_id=citation.object_id,
                    field=name,
                    source=citation.source,
                    quote=citation.quote,
                    locator=citation.locator,
                    basis=citation.basis,
                    reasoning=citation.reasoning,
                )
        citation.delete()


def test_the_walker_reports_a_fact_whose_citation_is_deleted(accsm_records, recorder):
    from meetings.models import Meeting

    meeting = Meeting.objects.published().exclude(format="").first()
    url = meeting.get_absolute_url()
    urls = record_urls()
    before = walk_page(Client(), recorder, url, meeting, urls)
    uncite(meeting, "format")
    after = walk_page(Client(), recorder, url, meeting, urls)
    assert reported(after) - reported(before) == {(url, label(meeting), "format")}, after


def test_a_summarised_meeting_needs_no_marker_but_still_a_citation(accsm_records, recorder):
    from meetings.models import Meeting

    # The Heads of Civil Service Meeting, summarised (includes/meeting_item.html) on its country's page.
    meeting = Meeting.objects.get(slug="accsm-21-heads-of-civil-service")
    country = meeting.country
    url = country.get_absolute_url()
    urls = record_urls()
    response = Client().get(url)
    assert meeting.get_absolute_url() in response.content.decode()
    before = walk_page(Client(), recorder, url, country, urls)
    # Its facts carry no marker here, and none is asked for: they are marked on its own page.
    assert not [problem for problem in before if problem.record == label(meeting)], before
    uncite(meeting, "start_date")
    after = walk_page(Client(), recorder, url, country, urls)
    # The summary's date still has to be cited somewhere: without any Citation it is reported.
    assert reported(after) - reported(before) == {(url, label(meeting), "start_date")}, after
    assert "no Citation" in next(problem.reason for problem in after if problem.record == label(meeting))


def test_the_walker_reports_a_fact_a_template_shows_without_cite(accsm_records, recorder):
    from meetings.models import Meeting

    meeting = Meeting.objects.published().exclude(format="").first()
    url = meeting.get_absolute_url()
    urls = record_urls()
    before = walk_page(Client(), recorder, url, meeting, urls)
    name = "public/meeting_detail.html"
    source = (Path(settings.BASE_DIR) / "templates" / name).read_text()
    assert '{% cite meeting "format" %}' in source
    uncited = source.replace('{% cite meeting "format" %}', "")
    engine = settings.TEMPLATES[0]
    options = {key: value for key, value in engine.get("OPTIONS", {}).items() if key != "loaders"}
    options["loaders"] = [
        ("django.template.loaders.locmem.Loader", {name: uncited}),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    with override_settings(TEMPLATES=[{**engine, "APP_DIRS": False, "OPTIONS": options}]):
        after = walk_page(Client(), recorder, url, meeting, urls)
    # The citation is still there: only the marker beside the fact is gone.
    assert Citation.objects.of(meeting).filter(field="format").exists()
    assert reported(after) - reported(before) == {(url, label(meeting), "format")}, after
