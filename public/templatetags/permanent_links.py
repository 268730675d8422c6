"""A record's permanent link as a full address: ``{% load permanent_links %}``, then
``{% permanent_url record as address %}`` (empty for a kind of record without one). Made from the
record's id alone: no query."""

from django import template

from core.permalinks import permanent_path

register = template.Library()


@register.simple_tag(takes_context=True)
def permanent_url(context, record):
    path = permanent_path(record)
    request = context.get("request")
    if path is None or request is None:
        return ""
    return request.build_absolute_uri(path)
