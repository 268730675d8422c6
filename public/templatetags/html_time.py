"""The value of a ``<time datetime>``: ``{% load html_time %}``, ``{{ record.updated|html_datetime }}``."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def html_datetime(value):
    """``value`` as HTML's valid global date and time string, to the second, in the site's time zone.

    ``isoformat()`` and the date filter's "c" write the microseconds that an edit leaves in a
    timestamp; HTML allows at most three digits after the seconds, and a page says the day anyway.
    """
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()
