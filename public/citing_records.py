"""Cite this record: a ready citation of a record's page, as an APA-style line, BibTeX and CSL-JSON.

Not to be confused with sources/citing.py and public/citations.py, which are about the sources a
page cites; this is about how others cite the page.

The citation names the record's permanent link (core/permalinks.py; a country, which has none, by
its page's address), the date the record last changed as its date, and today as the date it was
read. All three formats are written from one CSL-JSON item, so they cannot disagree. Where the
record has a version a reader may follow (public/versions.py), the citation names its number too,
and the section links to that version's page: what the reader saw, however the record changes.

The APA-style line is written here rather than by citeproc-py: its HTML output does not escape the
text it is given (a title holding ``<script>`` comes out as markup), and APA's own CSL style
leaves the access date out of any item that has a date, where this line must give both. The tests
read the CSL-JSON with citeproc-py, as reference managers' processors would.
"""

import json
from dataclasses import dataclass
from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import dateformat, timezone
from django.utils.html import format_html

from core.permalinks import PREFIXES, permanent_path
from opendata.exports import plain_bad_request

from .versions import VERSION, current_version

SITE_NAME = "ACCSM Records"
# The media type registered for CSL-JSON (IANA), so that a reference manager knows the download.
CSL_MEDIA_TYPE = "application/vnd.citationstyles.csl+json"
# The one value ``?format=`` takes on a record's page; without it the page is HTML.
CSL_FORMAT = "csl"

# What the record's page is, by model label: the words in the citation's brackets (APA's
# description of a work that is not an article or a book), and the field that names the record.
KINDS = {
    "meetings.meeting": ("Record of a meeting", "name"),
    "meetings.declaration": ("Record of a declaration, framework or plan", "title"),
    "people.official": ("Record of an official", "name"),
    "people.organisation": ("Record of an organisation", "name"),
    "people.country": ("Record of a country", "name"),
    "sources.source": ("Record of a source", "headline"),
}

# Characters that LaTeX reads as commands, written so that BibTeX and LaTeX print them as they are.
# Braces are spelt out, not escaped as \{ and \}: BibTeX counts every brace of a field, escaped or
# not, so one brace of a title would unbalance the entry.
LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


@dataclass(frozen=True)
class RecordCitation:
    """One record's citation: its CSL-JSON item and what is written from it."""

    key: str
    title: str
    genre: str
    url: str
    last_changed: date
    accessed: date
    # The version the page shows (public/versions.py), and that version's own page; None and "" for
    # a record with none to follow.
    version: int | None = None
    version_url: str = ""

    @property
    def csl_item(self):
        """The item in CSL-JSON, with the item types and variables the CSL schema defines."""
        item = {
            "id": self.key,
            "type": "webpage",
            "genre": self.genre,
            "title": self.title,
            # The compilers are the author: APA's group author, and the credit the licence asks for.
            "author": [{"literal": SITE_NAME}],
            "container-title": SITE_NAME,
            "publisher": SITE_NAME,
            "URL": self.url,
            "issued": csl_date(self.last_changed),
            "accessed": csl_date(self.accessed),
            "language": "en",
        }
        if self.version is not None:
            item["version"] = str(self.version)
        return item

    @property
    def csl_json(self):
        """The CSL-JSON document: a list of items, here the one."""
        return json.dumps([self.csl_item], ensure_ascii=False, indent=2) + "\n"

    @property
    def filename(self):
        return f"{self.key}.csl.json"

    @property
    def apa(self):
        """The APA-style reference, as HTML: the title as a <cite>, the permanent link a link.

        APA 7 for a page whose content changes: the group author, the date of this version, the
        title in italics with a description in brackets, and "Retrieved <date>, from <URL>". The
        site name is left out because it is the author's (APA 9.33).
        """
        return format_html(
            '{}. ({}). <cite>{}</cite> [{}]. Retrieved {}, from <a href="{}">{}</a>',
            SITE_NAME,
            dateformat.format(self.last_changed, "Y, F j"),
            self.title,
            self.genre,
            dateformat.format(self.accessed, "F j, Y"),
            self.url,
            self.url,
        )

    @property
    def bibtex(self):
        """A BibTeX @misc entry: url and urldate for biblatex, howpublished and note for BibTeX's own
        styles, which print neither. Text is UTF-8, as biblatex with biber reads it."""
        fields = [
            # Double braces keep a corporate author whole and a title's capitals as they are.
            ("author", f"{{{latex(SITE_NAME)}}}"),
            ("title", f"{{{latex(self.title)}}}"),
            ("howpublished", f"\\url{{{bibtex_url(self.url)}}}"),
            ("url", bibtex_url(self.url)),
            ("year", str(self.last_changed.year)),
            ("date", self.last_changed.isoformat()),
            ("urldate", self.accessed.isoformat()),
            ("note", latex(self.note)),
        ]
        if self.version is not None:
            # biblatex's own field; BibTeX's styles print the note, which names it too.
            fields.insert(-1, ("version", str(self.version)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}\n"

    @property
    def note(self):
        changed = dateformat.format(self.last_changed, "j F Y")
        accessed = dateformat.format(self.accessed, "j F Y")
        version = f", version {self.version}" if self.version is not None else ""
        return f"{self.genre} in {SITE_NAME}{version}, last changed {changed}; accessed {accessed}"


def csl_date(day):
    return {"date-parts": [[day.year, day.month, day.day]]}


def latex(text):
    return "".join(LATEX_ESCAPES.get(character, character) for character in text)


def bibtex_url(url):
    """The URL with any brace or backslash percent-encoded: \\url and BibTeX take the rest as it is.
    Our own addresses hold neither; this keeps a strange host name from breaking the entry."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def citation_key(record):
    """``accsm-m12``: the permanent link's letter and id, which never change; a country's code."""
    prefix = PREFIXES.get(record._meta.label_lower)
    if prefix is not None:
        return f"accsm-{prefix}{record.pk}"
    return f"accsm-country-{record.code.lower()}"


def cite(record, request):
    """The citation of ``record``'s page as read through ``request`` (its host, and today's date)."""
    genre, name_field = KINDS[record._meta.label_lower]
    path = permanent_path(record) or record.get_absolute_url()
    version = current_version(record)
    return RecordCitation(
        key=citation_key(record),
        title=getattr(record, name_field),
        genre=genre,
        url=request.build_absolute_uri(path),
        # The site's own calendar, as "Record last updated" on the page gives it.
        last_changed=timezone.localdate(record.updated),
        accessed=timezone.localdate(),
        version=version,
        # The permanent link with the version: it outlives a change of slug and leads to that version.
        version_url=request.build_absolute_uri(f"{path}?{VERSION}={version}") if version is not None else "",
    )


def render_citable(request, template_name, context, record):
    """A record's page with its "Cite this record" section, or the citation alone as CSL-JSON
    (``?format=csl``). Any other ``format`` answers 400 saying what it takes."""
    formats = request.GET.getlist("format")
    if not formats:
        return render(request, template_name, {**context, "citation": cite(record, request)})
    if formats != [CSL_FORMAT]:
        problem = "Format is given more than once" if len(formats) > 1 else f"No format {formats[0][:40]!r}"
        return plain_bad_request(
            f"{problem}. This page is HTML without a format, or its citation as CSL-JSON with "
            f"format={CSL_FORMAT}."
        )
    return csl_download(record, request)


def csl_download(record, request):
    """The record's citation as a CSL-JSON file (``?format=csl`` on its page, or ``/m/123.csl.json``)."""
    citation = cite(record, request)
    response = HttpResponse(citation.csl_json, content_type=f"{CSL_MEDIA_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{citation.filename}"'
    return response
