"""schema.org JSON-LD for search engines: the rendering every page shares, and an official's Person."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

# The same escapes as Django's json_script: nothing in the data can close the element.
_SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data):
    """A <script type="application/ld+json"> element holding ``data``; a data block, never executed."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def organisation_ld(organisation, absolute):
    return {
        "@type": "Organization",
        "name": organisation.name,
        "url": absolute(organisation.get_absolute_url()),
    }


def person_ld(official, absolute):
    """The Person an official page is about (uses the prefetched positions and aliases)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": official.name,
        "url": absolute(official.get_absolute_url()),
    }
    other_names = [official.native_name, *(alias.name for alias in official.aliases.all())]
    other_names = [name for name in dict.fromkeys(other_names) if name and name != official.name]
    if other_names:
        data["alternateName"] = other_names
    if official.country:
        data["nationality"] = {"@type": "Country", "name": official.country.name}
    positions = list(official.positions.all())
    if positions:
        data["jobTitle"] = [position.title for position in positions]
        data["affiliation"] = [organisation_ld(position.organisation, absolute) for position in positions]
    if official.biography:
        data["description"] = official.biography
    return data
