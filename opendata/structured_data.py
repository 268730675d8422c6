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


OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
ATTENDANCE_MODES = {
    MeetingFormat.IN_PERSON: OFFLINE,
    MeetingFormat.VIRTUAL: "https://schema.org/OnlineEventAttendanceMode",
    MeetingFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
# Nothing in the records says a meeting was cancelled, postponed or moved online, and schema.org
# calls an event that went ahead as planned, past or future, scheduled.
EVENT_SCHEDULED = "https://schema.org/EventScheduled"


def attendance_mode(meeting):
    """The schema.org attendance mode of a meeting, also when the sources do not give its format.

    schema.org has no "unknown" mode. A meeting held online or in both ways is recorded so
    because its source says so (it is the news); a meeting whose source gives no format was
    reported as held at its place, in its host country, as these meetings are: offline.
    Offline is also what consumers assume of an Event that names no mode, so it claims no more
    than leaving the property out would, while Mixed or Online would claim something no source
    said.
    """
    return ATTENDANCE_MODES.get(meeting.format, OFFLINE)


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
    data["eventAttendanceMode"] = attendance_mode(meeting)
    data["eventStatus"] = EVENT_SCHEDULED
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
