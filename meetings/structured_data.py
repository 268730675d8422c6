"""schema.org Event JSON-LD for a meeting page."""

from people.structured_data import organisation_ld

from .models import MeetingFormat

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
    if meeting.parent:
        data["superEvent"] = {
            "@type": "Event",
            "name": meeting.parent.name,
            "url": absolute(meeting.parent.get_absolute_url()),
        }
    people = [p.official for p in meeting.participations.all() if p.official_id]
    if people:
        data["attendee"] = [
            {"@type": "Person", "name": o.name, "url": absolute(o.get_absolute_url())} for o in people
        ]
    return data
