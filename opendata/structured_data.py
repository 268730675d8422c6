"""schema.org JSON-LD for search engines: a meeting page's Event and an official page's Person."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from meetings.models import MeetingFormat

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


ATTENDANCE_MODES = {
    MeetingFormat.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    MeetingFormat.VIRTUAL: "https://schema.org/OnlineEventAttendanceMode",
    MeetingFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def event_ld(meeting, absolute):
    """The Event a meeting page is about (uses the prefetched detail data)."""
    url = absolute(meeting.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.name,
        "startDate": meeting.start.isoformat(),
        "endDate": (meeting.end or meeting.start).isoformat(),
        "url": url,
    }
    description = meeting.theme or meeting.summary
    if description:
        data["description"] = description
    # Where the sources do not say how it was held, say nothing rather than guess.
    if meeting.format:
        data["eventAttendanceMode"] = ATTENDANCE_MODES[meeting.format]
    locations = []
    if meeting.city or meeting.country:
        address = {"@type": "PostalAddress"}
        if meeting.city:
            address["addressLocality"] = meeting.city
        if meeting.country:
            address["addressCountry"] = meeting.country.code
        locations.append({"@type": "Place", "name": meeting.place, "address": address})
    if meeting.format in (MeetingFormat.VIRTUAL, MeetingFormat.HYBRID):
        locations.append({"@type": "VirtualLocation", "url": url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if meeting.host:
        data["organizer"] = organisation_ld(meeting.host, absolute)
    parent = meeting.public_parent
    if parent:
        data["superEvent"] = {
            "@type": "Event",
            "name": parent.name,
            "url": absolute(parent.get_absolute_url()),
        }
    people = [p.official for p in meeting.participations.all() if p.official_id]
    if people:
        data["attendee"] = [
            {"@type": "Person", "name": o.name, "url": absolute(o.get_absolute_url())} for o in people
        ]
    return data
