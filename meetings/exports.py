"""CSV exports of meetings and of their participations, filtered like the meeting list."""

from people.dates import format_range, partial_date
from people.exports import CHUNK_SIZE, csv_response, filtered_or_error, page_urls
from people.models import Country

from .filters import MeetingFilter
from .models import Meeting, Participation

# What the meetings CSV reads of each meeting, in the order rows() takes them.
MEETING_COLUMNS = (
    *("slug", "name", "short_name", "kind", "ordinal", "start_date", "end_date", "date_precision"),
    *("city", "country__code", "venue", "format", "host__slug", "parent__slug", "theme"),
)


def meetings_csv(request):
    meetings, error = filtered_or_error(request, MeetingFilter, Meeting.objects.published())
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
        # Plain tuples rather than model instances, which were most of a long export's time.
        values = meetings.values_list(*MEETING_COLUMNS).iterator(chunk_size=CHUNK_SIZE)
        for slug, name, short_name, kind, ordinal, start_date, end_date, precision, *rest in values:
            city, country, venue, meeting_format, host, parent, theme = rest
            start, end = partial_date(start_date, precision), partial_date(end_date, precision)
            yield [
                slug,
                name,
                short_name,
                kind,
                ordinal,
                start.isoformat(),
                end.isoformat() if end else "",
                precision,
                format_range(start, end),
                city,
                country.lower() if country else "",
                venue,
                meeting_format,
                host or "",
                parent or "",
                theme,
                page_url(slug),
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
