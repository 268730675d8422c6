"""The bulk data page (/data/) and the whole dataset's compressed downloads (/data/<file>.gz).

Each download is one of the whole-dataset exports (Popolo, the three CSV files,
iCalendar) as its own code writes it, gzip-compressed into a file once per data
version rather than once per request:

- Files live in ``BULK_DATA_DIR/<data version token>/<origin>/``. Any change to a
  record gives a new token (core/freshness.py), so every file goes stale at
  once; the next request for one finds no file for the new token and builds it.
  Once a file of the current version is built, the other versions' folders are
  removed.
- A file is written under a temporary name in its folder and renamed into place,
  which is atomic: a worker serves a whole file or none, whatever another is
  writing. A lock on the folder lets one worker build at a time, so a burst of
  requests after a change builds each file once while the rest wait for it.
- The exports write absolute URLs (each record's page), so a file depends on the
  address the site is reached at, the origin (``https://records.example.org``),
  and files are kept per origin.

``build_bulk_data`` builds every file ahead (for a deploy, or cron after edits).
The data page itself never builds: a large dataset's Popolo document takes long
to write, and after every edit the next visitor of the page would wait for it. It gives the record counts
from the database (a count each, cheap whatever the size) and the size of each
file already built for this version; a file not yet built says that its first
download builds it.
"""

import contextlib
import fcntl
import gzip
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from core import licence
from core.freshness import current
from meetings.models import Meeting, Participation
from people.models import Country, Official, Organisation, Position

from . import exports
from .calendar import CALENDAR_NAME, calendar_of
from .popolo import PopoloDocument
from .streaming import unavailable_page, unavailable_without_database

# Rows read at a time for the calendar, which has no chunked reading of its own.
CHUNK_SIZE = 2000
# How often a download tries again when a newer version's builder removes the folder it was using.
ATTEMPTS = 3


class ExportUnavailable(Exception):
    """An export answered something other than its file (a 503 when the database cannot be read)."""


@dataclass(frozen=True)
class BulkFile:
    """One whole-dataset download: the export it copies and how its records are counted."""

    name: str  # the uncompressed file's name; the download is name + ".gz"
    title: str
    format: str
    media_type: str  # of the uncompressed file
    export_url_name: str  # the live, uncompressed export
    chunks: Callable  # request -> the export's bytes, in pieces
    counted: tuple  # (count key, singular, plural) for each kind of record it holds
    for_excel: bool = False

    @property
    def filename(self):
        return f"{self.name}.gz"


def _view_chunks(view):
    """The bytes of a view's whole, unfiltered export: the exact file its URL serves."""

    def chunks(request):
        response = view(request)
        if response.status_code != 200:
            raise ExportUnavailable(f"{view.__name__} answered {response.status_code}")
        return response.streaming_content if response.streaming else [response.content]

    return chunks


def _popolo_chunks(request):
    return PopoloDocument(request).pieces()


def _calendar_chunks(request):
    """Every published meeting: meetings.ics keeps the newest 1,000, as a subscription is fetched
    often, while this file is the whole record, built once per change."""
    meetings = Meeting.objects.published().for_calendar().order_by("-start_date", "name", "pk")
    page_url = exports.page_urls(request, "public:meeting_detail")
    return [calendar_of(meetings.iterator(chunk_size=CHUNK_SIZE), page_url, CALENDAR_NAME).encode()]


FILES = (
    BulkFile(
        name="popolo.json",
        title="The whole dataset",
        format="Popolo JSON",
        media_type="application/json",
        export_url_name="api:popolo",
        chunks=_popolo_chunks,
        counted=(
            ("officials", "person", "persons"),
            ("organisations", "organization", "organizations"),
            ("positions", "membership", "memberships"),
            ("meetings", "event", "events"),
            ("countries", "area", "areas"),
        ),
    ),
    BulkFile(
        name="meetings.csv",
        title="Meetings",
        format="CSV",
        media_type="text/csv",
        export_url_name="opendata:meetings_csv",
        chunks=_view_chunks(exports.meetings_csv),
        counted=(("meetings", "meeting", "meetings"),),
        for_excel=True,
    ),
    BulkFile(
        name="participations.csv",
        title="Who took part in each meeting",
        format="CSV",
        media_type="text/csv",
        export_url_name="opendata:participations_csv",
        chunks=_view_chunks(exports.participations_csv),
        counted=(("participations", "participation", "participations"),),
        for_excel=True,
    ),
    BulkFile(
        name="officials.csv",
        title="Officials",
        format="CSV",
        media_type="text/csv",
        export_url_name="opendata:officials_csv",
        chunks=_view_chunks(exports.officials_csv),
        counted=(("officials", "official", "officials"),),
        for_excel=True,
    ),
    BulkFile(
        name="meetings.ics",
        title="Meetings as a calendar",
        format="iCalendar",
        media_type="text/calendar",
        export_url_name="opendata:meetings_ics",
        chunks=_calendar_chunks,
        counted=(("meetings", "event", "events"),),
    ),
)
FILES_BY_FILENAME = {bulk_file.filename: bulk_file for bulk_file in FILES}


class OriginRequest(HttpRequest):
    """A bare GET of the site at ``origin``: what an export needs to write its absolute URLs.

    The files are written through the exports' own code, which takes a request;
    ``build_bulk_data`` has none, and a download's own request carries its
    parameters, cookies and path, none of which the whole dataset depends on.
    """

    def __init__(self, origin):
        super().__init__()
        parts = urlsplit(origin)
        self._origin_scheme = parts.scheme
        self.method = "GET"
        self.path = self.path_info = "/"
        default_port = 443 if parts.scheme == "https" else 80
        self.META = {
            "HTTP_HOST": parts.netloc,
            "SERVER_NAME": parts.hostname or "",
            "SERVER_PORT": str(parts.port or default_port),
        }

    def _get_scheme(self):
        return self._origin_scheme


def origin_of(request):
    """The scheme and host a request reached the site at, as its files are keyed by."""
    return f"{request.scheme}://{request.get_host().lower()}"


def folder_of(token, origin):
    # The token is hex and the origin is quoted whole, so neither can leave BULK_DATA_DIR.
    return Path(settings.BULK_DATA_DIR) / token / quote(origin, safe="")


def built_path(bulk_file, origin, version):
    """The file's path for this data version and origin, or None if it has not been built."""
    path = folder_of(version.token, origin) / bulk_file.filename
    return path if path.is_file() else None


@contextlib.contextmanager
def one_builder(folder):
    """Hold the folder's lock: one builder at a time, the others wait (released when the file closes)."""
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def build(bulk_file, origin, version, force=False):
    """The path of the file for this data version and origin, built now if it is not yet (or ``force``).

    Raises FileNotFoundError if a builder of a newer version removes the folder
    meanwhile; the caller tries again with the newer version.
    """
    folder = folder_of(version.token, origin)
    path = folder / bulk_file.filename
    if path.is_file() and not force:
        return path
    folder.mkdir(parents=True, exist_ok=True)
    with one_builder(folder):
        # Another worker may have built it while this one waited for the lock.
        if force or not path.is_file():
            write_atomically(path, bulk_file, OriginRequest(origin), version)
    remove_other_versions(version.token)
    return path


def write_atomically(path, bulk_file, request, version):
    """Write the compressed export beside ``path`` under a temporary name, then rename it into place."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as raw:
            # The data version's time rather than now in the gzip header, so that the same
            # records give the same bytes whenever and wherever they are built.
            mtime = int(version.changed_at.timestamp())
            with gzip.GzipFile(filename=bulk_file.name, mode="wb", fileobj=raw, mtime=mtime) as compressed:
                for chunk in bulk_file.chunks(request):
                    compressed.write(chunk)
            raw.flush()
            # On disk before it has its name: a crash must not leave an empty file that looks built.
            os.fsync(raw.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def remove_other_versions(token):
    """Remove the files of every other data version, if ``token`` is still the current one."""
    # A builder that finishes after the data changed again leaves the cleaning to the newer one's.
    if current().token != token:
        return
    for entry in Path(settings.BULK_DATA_DIR).iterdir():
        if entry.name != token and entry.is_dir():
            # A download of an old file already open keeps reading it: POSIX frees it when closed.
            shutil.rmtree(entry, ignore_errors=True)


@unavailable_without_database()
def bulk_download(request, filename):
    """One compressed whole-dataset file, built for the current data version if it is not yet."""
    bulk_file = FILES_BY_FILENAME.get(filename)
    if bulk_file is None:
        raise Http404("No such bulk data file.")
    if request.GET:
        names = ", ".join(sorted(request.GET))
        message = f"Not understood: {names}. The bulk data files take no parameters.\n"
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    origin = origin_of(request)
    for _ in range(ATTEMPTS):
        version = current()
        try:
            handle = build(bulk_file, origin, version).open("rb")
        except FileNotFoundError:
            continue
        except ExportUnavailable:
            return unavailable_page()
        break
    else:
        return unavailable_page()
    response = FileResponse(
        handle, as_attachment=True, filename=bulk_file.filename, content_type="application/gzip"
    )
    # For a signed-in user; the page cache gives anonymous visitors its own, from the same version.
    response["ETag"] = f'"{version.token}-{bulk_file.name}"'
    response["Last-Modified"] = http_date(version.changed_at.timestamp())
    return response


def record_counts():
    """How many records of each kind the downloads hold: only published meetings and what is theirs."""
    published = Meeting.objects.published()
    return {
        "meetings": published.count(),
        "participations": Participation.objects.filter(meeting__in=published.values("pk")).count(),
        "officials": Official.objects.count(),
        "organisations": Organisation.objects.count(),
        "positions": Position.objects.count(),
        "countries": Country.objects.count(),
    }


def counted_text(bulk_file, counts):
    """ "5 persons, 11 organizations, …" """
    parts = []
    for key, singular, plural in bulk_file.counted:
        number = counts[key]
        parts.append(f"{number:,} {singular if number == 1 else plural}")
    return ", ".join(parts)


def data_page(request):
    """The bulk data page: every download with its size, record count, last change and licence."""
    version = current()
    origin = origin_of(request)
    counts = record_counts()
    downloads = []
    for bulk_file in FILES:
        path = built_path(bulk_file, origin, version)
        try:
            size = path.stat().st_size if path else None
        except FileNotFoundError:  # removed by a newer version's builder since
            size = None
        export_url = reverse(bulk_file.export_url_name)
        downloads.append(
            {
                "file": bulk_file,
                "url": reverse("opendata:bulk_file", args=[bulk_file.filename]),
                "size": size,
                "records": counted_text(bulk_file, counts),
                "export_url": export_url,
                "excel_url": f"{export_url}?bom=1" if bulk_file.for_excel else "",
            }
        )
    changed_at = timezone.localtime(version.changed_at).replace(microsecond=0)
    context = {
        "downloads": downloads,
        "changed_at": changed_at,
        "changed_at_value": changed_at.isoformat(),
        "origin": origin,
        "licence": licence,
    }
    return render(request, "opendata/data.html", context)
