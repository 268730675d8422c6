"""CSV exports of the meetings, participations and officials lists, streamed row by row.

Each export applies its list's FilterSet to the same GET parameters as the HTML
list, so a filtered page and its CSV hold the same records.
"""

import codecs
import csv
import functools
import itertools
from operator import attrgetter, itemgetter

from django.http import HttpResponse
from django.urls import reverse

from core.dates import format_range, partial_date
from core.filters import filter_problems, unknown_parameters, unknown_parameters_message
from meetings.filters import MeetingFilter, ParticipationExportFilter
from meetings.models import Meeting, Participation
from people.filters import OfficialFilter
from people.models import Country, Official
from sources.models import Citation

from .streaming import started_stream, unavailable_without_database

# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 1000
# What the CSV exports take besides their list's filters: ``bom=1`` starts the file with a UTF-8
# byte order mark, for Excel (see with_bom_option). Anything else is a filter or not understood.
CSV_PARAMETERS = frozenset({"bom"})


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


def csv_response(filename, columns, records):
    """Stream ``records`` as a UTF-8 CSV file, once the first of them has been read.

    ``columns`` maps each column's header to the function that writes its cell
    from a record, so a header and its values are defined together.
    """
    writer = csv.writer(_Passthrough())
    cells = list(columns.values())

    def lines():
        rows = (writer.writerow([spreadsheet_safe(cell(record)) for cell in cells]) for record in records)
        # The header leaves with the first row, once the records are known to be readable.
        yield writer.writerow(columns) + next(rows, "")
        yield from rows

    response = started_stream(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def with_bom_option(view):
    """Lets a CSV view take ``bom=1`` (or ``bom=0``, the default): the file then starts with a UTF-8 BOM.

    Excel opens a CSV file without a BOM in the computer's legacy code page, so
    "Phạm Thị Thanh Trà" comes out as mojibake; the BOM tells it the file is UTF-8.
    Other software mostly takes the BOM as part of the first header, so it is not the default.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        bom = request.GET.get("bom", "0")
        if bom not in ("0", "1"):
            message = f"bom: {bom!r} is not understood; bom=1 starts the file with a BOM, for Excel."
            return plain_bad_request(message)
        response = view(request, *args, **kwargs)
        if bom == "1" and response.status_code == 200 and response.streaming:
            # The stream's own closer stays registered with the response, so a client
            # going away still lets the export's cursor go.
            response.streaming_content = itertools.chain([codecs.BOM_UTF8], response.streaming_content)
        return response

    return wrapped


def plain_bad_request(message):
    return HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")


def filtered_or_error(request, filterset_class, queryset, also_takes=frozenset()):
    """The rows the list's filters select, or a 400 response naming what was not understood:
    a filter's value, or a parameter that neither the filters nor ``also_takes`` name."""
    unknown = unknown_parameters(request.GET, {*filterset_class.base_filters, *also_takes})
    if unknown:
        return None, plain_bad_request(unknown_parameters_message(unknown))
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        return None, plain_bad_request("\n".join(filter_problems(filterset)))
    return filterset.qs, None


@unavailable_without_database()
@with_bom_option
def officials_csv(request):
    officials, error = filtered_or_error(
        request,
        OfficialFilter,
        Official.objects.with_list_data().prefetch_related("aliases"),
        also_takes=CSV_PARAMETERS,
    )
    if error:
        return error
    page_url = page_urls(request, "public:official_detail")
    columns = {
        "slug": attrgetter("slug"),
        "name": attrgetter("name"),
        "native_name": attrgetter("native_name"),
        "country": lambda official: official.country.code.lower() if official.country else "",
        "aliases": lambda official: "; ".join(alias.name for alias in official.aliases.all()),
        "positions": lambda official: "; ".join(
            f"{p.title}, {p.organisation.name}" + (f" ({p.period_display})" if p.period_display else "")
            for p in official.positions.all()
        ),
        "url": lambda official: page_url(official.slug),
    }
    return csv_response("officials.csv", columns, officials.iterator(chunk_size=CHUNK_SIZE))


# What the meetings CSV reads of each meeting: plain values rather than model
# instances, which were most of a long export's time.
MEETING_FIELDS = (
    *("slug", "name", "short_name", "kind", "ordinal", "start_date", "end_date", "date_precision"),
    *("city", "country__code", "venue", "format", "host__slug", "published_parent_slug", "theme"),
)


def _with_partial_dates(meetings):
    """Each meeting's values, with its start and end as PartialDates."""
    for meeting in meetings:
        meeting["start"] = partial_date(meeting["start_date"], meeting["date_precision"])
        meeting["end"] = partial_date(meeting["end_date"], meeting["date_precision"])
        yield meeting


@unavailable_without_database()
@with_bom_option
def meetings_csv(request):
    meetings, error = filtered_or_error(
        request, MeetingFilter, Meeting.objects.published(), also_takes=CSV_PARAMETERS
    )
    if error:
        return error
    page_url = page_urls(request, "public:meeting_detail")
    columns = {
        **{name: itemgetter(name) for name in ("slug", "name", "short_name", "kind", "ordinal")},
        "start_date": lambda m: m["start"].isoformat(),
        "end_date": lambda m: m["end"].isoformat() if m["end"] else "",
        "date_precision": itemgetter("date_precision"),
        "date": lambda m: format_range(m["start"], m["end"]),
        "city": itemgetter("city"),
        "country": lambda m: (m["country__code"] or "").lower(),
        "venue": itemgetter("venue"),
        "format": itemgetter("format"),
        "host": itemgetter("host__slug"),
        "parent": itemgetter("published_parent_slug"),
        "theme": itemgetter("theme"),
        "url": lambda m: page_url(m["slug"]),
    }
    values = meetings.with_published_parent_slug().values(*MEETING_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    return csv_response("meetings.csv", columns, _with_partial_dates(values))


def _participant(participation):
    """What kind of participant took part, and its key: a slug, or a country's code."""
    if participation.official_id:
        return "official", participation.official.slug
    if participation.organisation_id:
        return "organisation", participation.organisation.slug
    return "country", participation.country.code.lower()


@unavailable_without_database()
@with_bom_option
def participations_csv(request):
    """Who took part in the meetings the meeting-list filters select, narrowed to one meeting
    (``meeting``) or one role (``role``) if asked."""
    own = {*ParticipationExportFilter.base_filters, *CSV_PARAMETERS}
    meetings, error = filtered_or_error(request, MeetingFilter, Meeting.objects.published(), also_takes=own)
    if error:
        return error
    every = Participation.objects.filter(meeting__in=meetings.values("pk"))
    also = {*MeetingFilter.base_filters, *CSV_PARAMETERS}
    participations, error = filtered_or_error(request, ParticipationExportFilter, every, also_takes=also)
    if error:
        return error
    participations = (
        participations.select_related(
            "meeting", "official", "organisation", "country", "represents_organisation"
        )
        # Only the columns written below: building model instances is most of an export's time.
        .only(
            *("role", "printed_name", "printed_title", "statement", "represents_country"),
            *("meeting__slug", "meeting__name", "meeting__start_date", "meeting__date_precision"),
            *("official__slug", "official__name", "country__code", "country__name"),
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
    columns = {
        "meeting": lambda p: p.meeting.slug,
        "meeting_name": lambda p: p.meeting.name,
        "meeting_date": lambda p: p.meeting.start.isoformat(),
        "participant_type": lambda p: _participant(p)[0],
        "participant": lambda p: _participant(p)[1],
        "participant_name": lambda p: str(p.participant),
        "role": attrgetter("role"),
        "represents_organisation": lambda p: (
            p.represents_organisation.slug if p.represents_organisation else ""
        ),
        "represents_country": lambda p: (
            country_codes[p.represents_country_id].lower() if p.represents_country_id else ""
        ),
        "printed_name": attrgetter("printed_name"),
        "printed_title": attrgetter("printed_title"),
        "statement": attrgetter("statement"),
        "sources": lambda p: " ".join(dict.fromkeys(citation.source.slug for citation in p.citations)),
        "quotes": lambda p: QUOTE_SEPARATOR.join(
            dict.fromkeys(citation.quote for citation in p.citations if citation.quote)
        ),
    }
    return csv_response(
        "participations.csv", columns, with_citations(participations.iterator(chunk_size=CHUNK_SIZE))
    )


# Between two quotes in one cell: a line break, which spreadsheets show and CSV readers keep.
QUOTE_SEPARATOR = "\n"


def with_citations(records):
    """The records, each with ``citations`` (every citation of it), read a chunk of records at a time."""
    for chunk in iter(lambda: list(itertools.islice(records, CHUNK_SIZE)), []):
        index = Citation.objects.for_records(chunk)
        for record in chunk:
            record.citations = index.every(record)
            yield record
