"""CSV exports of meetings and of their participations, filtered like the meeting list."""

from people.exports import CHUNK_SIZE, csv_response, filtered_or_error, page_urls
from people.models import Country

from .filters import MeetingFilter
from .models import Meeting, Participation


def meetings_csv(request):
    # Only the columns written below: a long export spends most of its time building rows.
    exported = (
        Meeting.objects.published()
        .select_related("country", "host", "parent")
        .only(
            *("slug", "name", "short_name", "kind", "ordinal", "start_date", "end_date", "date_precision"),
            *("city", "venue", "format", "theme", "country__code", "host__slug", "parent__slug"),
        )
    )
    meetings, error = filtered_or_error(request, MeetingFilter, exported)
    if error:
        return error
    header = [
        "slug",
        "name",
        "short_name",
        "kind",
        "ordinal",
        "start_date",
        "end_date",
        "date_precision",
        "date",
        "city",
        "country",
        "venue",
        "format",
        "host",
        "parent",
        "theme",
        "url",
    ]
    page_url = page_urls(request, "meetings:meeting_detail")

    def rows():
        for meeting in meetings.iterator(chunk_size=CHUNK_SIZE):
            yield [
                meeting.slug,
                meeting.name,
                meeting.short_name,
                meeting.kind,
                meeting.ordinal,
                meeting.start.isoformat(),
                meeting.end.isoformat() if meeting.end else "",
                meeting.date_precision,
                meeting.date_display,
                meeting.city,
                meeting.country.code.lower() if meeting.country else "",
                meeting.venue,
                meeting.format,
                meeting.host.slug if meeting.host else "",
                meeting.parent.slug if meeting.parent else "",
                meeting.theme,
                page_url(meeting.slug),
            ]

    return csv_response("meetings.csv", header, rows())


def participations_csv(request):
    """Who took part in the meetings the meeting-list filters select."""
    meetings, error = filtered_or_error(request, MeetingFilter, Meeting.objects.published())
    if error:
        return error
    participations = (
        Participation.objects.filter(meeting__in=meetings.values("pk"))
        .select_related("meeting", "official", "organisation", "country", "represents_organisation", "source")
        # Only the columns written below: building model instances is most of an export's time.
        .only(
            *("role", "printed_name", "printed_title", "statement", "quote", "represents_country"),
            *("meeting__slug", "meeting__name", "meeting__start_date", "meeting__date_precision"),
            *("official__slug", "official__name", "country__code", "country__name", "source__slug"),
            *("organisation__slug", "organisation__name", "organisation__abbreviation"),
            "represents_organisation__slug",
        )
        .order_by("-meeting__start_date", "meeting__name", "role", "pk")
    )
    # The represented country comes from this map rather than one more join: with
    # eight tables joined beside the meeting subquery, PostgreSQL stops reordering
    # joins (join_collapse_limit) and joined all million participations before
    # filtering them (2.3 s for one country's year instead of 70 ms).
    country_codes = dict(Country.objects.values_list("pk", "code"))
    header = [
        "meeting",
        "meeting_name",
        "meeting_date",
        "participant_type",
        "participant",
        "participant_name",
        "role",
        "represents_organisation",
        "represents_country",
        "printed_name",
        "printed_title",
        "statement",
        "source",
        "quote",
    ]

    def rows():
        for p in participations.iterator(chunk_size=CHUNK_SIZE):
            if p.official_id:
                kind, key = "official", p.official.slug
            elif p.organisation_id:
                kind, key = "organisation", p.organisation.slug
            else:
                kind, key = "country", p.country.code.lower()
            yield [
                p.meeting.slug,
                p.meeting.name,
                p.meeting.start.isoformat(),
                kind,
                key,
                str(p.participant),
                p.role,
                p.represents_organisation.slug if p.represents_organisation else "",
                country_codes[p.represents_country_id].lower() if p.represents_country_id else "",
                p.printed_name,
                p.printed_title,
                p.statement,
                p.source.slug if p.source else "",
                p.quote,
            ]

    return csv_response("participations.csv", header, rows())
