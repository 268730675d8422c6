"""The numbered notes of one page: every fact's marker leads to a note, the notes close the page.

A view builds ``page_citations(records)`` from the records it shows (one query, sources.citing);
the template marks each fact with ``{% cite record "field" %}`` (public/templatetags/citations.py)
and ends with ``{% include "includes/citation_notes.html" %}``. Notes are numbered in the order the
page first uses them; a note used again keeps its number, and each marker has its own id
(``cite-ref-3-a``, ``cite-ref-3-b``) so that the note links back to the first.

A note is one citation, or, where the sources disagree on a fact (a citation the record does not
follow, ``stated_in_record`` False), all of that fact's citations together: the fact is disputed and
its note shows every claim with its source.
"""

import string
from dataclasses import dataclass, field

from sources.models import Citation


def marker_suffix(position):
    """a, b, ..., z, aa, ab, ...: the letter of a note's nth marker (from 0)."""
    letters = string.ascii_lowercase
    suffix = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, len(letters))
        suffix = letters[remainder] + suffix
    return suffix


@dataclass
class Note:
    number: int
    citations: list
    disputed: bool
    markers: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"cite-{self.number}"

    @property
    def first_marker(self):
        return self.markers[0] if self.markers else ""

    def new_marker(self):
        marker = f"cite-ref-{self.number}-{marker_suffix(len(self.markers))}"
        self.markers.append(marker)
        return marker

    @property
    def claims(self):
        """Where disputed: the claim the record follows first, then the others."""
        return sorted(self.citations, key=lambda citation: not citation.stated_in_record)


@dataclass
class Mark:
    """What a marker shows: the note it leads to, and its own id."""

    note: Note
    marker: str


class PageNotes:
    """The notes of one page, numbered as the template first uses them."""

    def __init__(self, index):
        self.index = index
        self._notes = {}

    def mark(self, record, *fields):
        """The markers for the facts ``fields`` of ``record`` (its whole if none), one per note, and
        whether any of them is disputed."""
        fields = fields or ("",)
        groups = []
        for name in fields:
            citations = self.index.of(record, name)
            if not citations:
                continue
            if any(not citation.stated_in_record for citation in citations):
                groups.append(citations)
            else:
                groups += [[citation] for citation in citations]
        marks, seen, disputed = [], set(), False
        for group in groups:
            key = tuple(citation.pk for citation in group)
            if key in seen:
                continue
            seen.add(key)
            note = self._notes.get(key)
            if note is None:
                is_disputed = any(not citation.stated_in_record for citation in group)
                note = Note(len(self._notes) + 1, group, is_disputed)
                self._notes[key] = note
            disputed = disputed or note.disputed
            marks.append(Mark(note, note.new_marker()))
        return marks, disputed

    @property
    def notes(self):
        """The notes used so far, by number; read at the end of the page, every one of them."""
        return [note for note in self._notes.values() if note.markers]


def page_citations(records):
    """The notes of a page showing ``records`` (the main record and the related rows it lists)."""
    return PageNotes(Citation.objects.for_records(records))
