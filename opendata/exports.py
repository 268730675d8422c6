"""CSV exports of the meetings, participations and officials lists, streamed row by row.

Each export applies its list's FilterSet to the same GET parameters as the HTML
list, so a filtered page and its CSV hold the same records.
"""

import csv

from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse

from core.dates import format_range, partial_date
from core.filters import filter_problems
from meetings.filters import MeetingFilter
from meetings.models import Meeting, Participation
from people.filters import OfficialFilter
from people.models import Country, Official

# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 1000


def spreadsheet_safe(value):
    """The cell's text, with a leading apostrophe where a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def page_urls(request, url_name):
    """A function from a record's slug to the full URL of its page, for long exports.

    The URL is reversed once with a marker in place of the slug: reversing it
    for every row took a quarter of the time of a 500-meeting export. Slugs are
    URL-safe by their constraints, so no quoting is lost.
    """
    marker = "slug-marker"
    prefix, suffix = request.build_absolute_uri(reverse(url_name, args=[marker])).split(marker)
    return lambda slug: f"{prefix}{slug}{suffix}"


class _Passthrough:
    """A file-like object whose write() hands back the line, so csv.writer can feed a stream."""

    def write(self, line):
        return line


def csv_response(filename, header, rows):
    """Stream ``rows`` (iterables of cell values) as a UTF-8 CSV file with ``header`` first."""
    writer = csv.writer(_Passthrough())

    def lines():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([spreadsheet_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def filtered_or_error(request, filterset_class, queryset):
    """The rows the list's filters select, or a 400 response naming the filters not understood."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        message = "\n".join(filter_problems(filterset)) + "\n"
        return None, HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    return filterset.qs, None


def officials_csv(request):
    officials, error = filtered_or_error(
        request, OfficialFilter, Official.objects.with_list_data().prefetch_related("aliases")
    )
    if error:
        return error
    header = ["slug", "name", "native_name", "country", "aliases", "positions", "url"]
    page_url = page_urls(request, "public:official_detail")

    def rows():
        for official in officials.iterator(chunk_size=CHUNK_SIZE):
            positions = [
                f"{p.title}, {p.organisation.name}" + (f" ({p.period_display})" if p.period_display else "")
                for p in official.positions.all()
            ]
            yield [
                official.slug,
                official.name,
                official.native_name,
                official.country.code.lower() if official.country else "",
                "; ".join(alias.name for alias in official.aliases.all()),
                "; ".join(positions),
                page_url(official.slug),
            ]

    return csv_response("officials.csv", header, rows())


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
    page_url = page_urls(request, "public:meeting_detail")

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
