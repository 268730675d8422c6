"""Citation markers: ``{% load citations %}``, then ``{% cite record "field" %}`` right after a fact.

The view puts a ``public.citations.PageNotes`` in the context as ``citations``; the page ends with
``{% include "includes/citation_notes.html" %}``. Several fields may be named at once
(``{% cite participation "official" "printed_title" %}``): one marker per note, each once. A
disputed fact says so before its marker. No query runs here: the view read every citation.
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag(takes_context=True)
def cite(context, record, *fields):
    notes = context.get("citations")
    if notes is None or record is None or not hasattr(notes, "mark"):
        return ""
    marks, disputed = notes.mark(record, *fields)
    if not marks:
        return ""
    markers = format_html_join(
        "",
        '<sup class="cite"><a href="#{}" id="{}" aria-label="Source {}">{}</a></sup>',
        ((mark.note.anchor, mark.marker, mark.note.number, mark.note.number) for mark in marks),
    )
    if disputed:
        return format_html(' <span class="disputed">(disputed)</span>{}', markers)
    return markers
