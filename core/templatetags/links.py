"""Template filters for links to other sites: ``{% load links %}``."""

from django import template

from core import models

register = template.Library()


@register.filter
def http_url(value):
    """The address if it is http(s), else "": ``{% with address=source.url|http_url %}``.

    The database refuses other addresses; this keeps a javascript: one that got
    in another way out of the page's links.
    """
    return models.http_url(value)
