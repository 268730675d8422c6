"""The bulk data page /data/ and its compressed files, read back with real parsers (gzip, json + the Popolo
schemas, pandas, icalendar) and compared with the uncompressed exports they copy."""

import gzip
import io
import json

import pandas as pd
import pytest
from django.core.cache import cache
from icalendar import Calendar

from meetings.models import Meeting
from people.models import Official
from tests.factories import body_of, text_of
from tests.opendata.test_popolo import schema_errors, validators  # noqa: F401 (a fixture)

# Each compressed file and the export whose bytes it holds.
FILES = {
    "popolo.json.gz": "/api/popolo.json",
    "meetings.csv.gz": "/meetings.csv",
    "participations.csv.gz": "/participations.csv",
    "officials.csv.gz": "/officials.csv",
    "meetings.ics.gz": "/meetings.ics",
}
HEADS = "accsm-21-heads-of-civil-service"


def download(client, filename, **headers):
    """GET a bulk file afresh (not from the page cache) and return the response and its decompressed bytes."""
    cache.clear()
    response = client.get(f"/data/{filename}", **headers)
    assert response.status_code == 200, body_of(response)[:500]
    return response, gzip.decompress(body_of(response))


def built_file(bulk_data_dir, filename):
    """The one built copy of ``filename`` under the bulk data folder."""
    (path,) = bulk_data_dir.glob(f"*/*/{filename}")
    return path


def read_csv(data, **options):
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, **options)


@pytest.mark.usefixtures("accsm_records")
class TestFiles:
    @pytest.mark.parametrize(("filename", "export"), FILES.items())
    def test_bulk_file_is_gzip_of_the_export_with_download_headers(self, client, filename, export):
        response, content = download(client, filename)
        assert response["Content-Type"] == "application/gzip"
        assert "Content-Encoding" not in response
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
        assert response["ETag"] and response["Last-Modified"]
        assert content == body_of(client.get(export))

    def test_bulk_popolo_validates_against_the_popolo_schemas(self, client, validators):  # noqa: F811
        document = json.loads(download(client, "popolo.json.gz")[1])
        assert len(document["events"]) == Meeting.objects.published().count() > 0
        assert schema_errors(validators, document) == []

    def test_bulk_csv_files_read_with_pandas(self, client):
        meetings = read_csv(download(client, "meetings.csv.gz")[1]).set_index("slug")
        assert len(meetings) == Meeting.objects.published().count()
        assert meetings.loc[HEADS, "start_date"] == "2022-08-05"
        # Dates stay as written, with their precision beside them.
        assert meetings.loc["accsm-21", ["start_date", "end_date", "date_precision"]].tolist() == [
            "2022-08-03",
            "2022-08-05",
            "day",
        ]
        officials = read_csv(download(client, "officials.csv.gz")[1])
        assert "Phạm Thị Thanh Trà" in officials["native_name"].tolist()
        participations = read_csv(download(client, "participations.csv.gz")[1])
        assert set(participations["meeting"]) <= set(meetings.index)

    def test_bulk_calendar_holds_every_published_meeting(self, client):
        calendar = Calendar.from_ical(download(client, "meetings.ics.gz")[1])
        slugs = {str(event["URL"]).rstrip("/").rsplit("/", 1)[1] for event in calendar.walk("VEVENT")}
        assert slugs == set(Meeting.objects.published().values_list("slug", flat=True))

    def test_bulk_file_examples_on_the_page_work_with_pandas(self, client):
        # The pandas example of the page: compression inferred from the name, as from its URL.
        meetings = pd.read_csv(
            io.BytesIO(body_of(client.get("/data/meetings.csv.gz"))),
            compression="gzip",
            dtype=str,
            keep_default_na=False,
        )
        participations = pd.read_csv(
            io.BytesIO(body_of(client.get("/data/participations.csv.gz"))),
            compression="gzip",
            dtype=str,
            keep_default_na=False,
        )
        joined = participations.merge(meetings, left_on="meeting", right_on="slug")
        assert joined.groupby("country").size()["vn"] > 0

    def test_bulk_file_is_not_rebuilt_while_the_data_is_unchanged(self, client, bulk_data_dir):
        first = download(client, "meetings.csv.gz")[1]
        path = built_file(bulk_data_dir, "meetings.csv.gz")
        before = path.stat()
        second = download(client, "meetings.csv.gz")[1]
        after = path.stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
        assert second == first

    def test_bulk_file_is_rebuilt_after_a_record_changes(self, client, bulk_data_dir):
        download(client, "meetings.csv.gz")
        old_path = built_file(bulk_data_dir, "meetings.csv.gz")
        meeting = Meeting.objects.get(slug=HEADS)
        meeting.name = "Heads of Civil Service Meeting, renamed"
        meeting.save()
        content = download(client, "meetings.csv.gz")[1]
        assert read_csv(content).set_index("slug").loc[HEADS, "name"] == meeting.name
        new_path = built_file(bulk_data_dir, "meetings.csv.gz")
        assert new_path != old_path
        # The old version's files are gone.
        assert not old_path.exists()

    def test_bulk_file_being_downloaded_stays_whole_when_a_newer_version_replaces_it(
        self, client, bulk_data_dir
    ):
        cache.clear()
        response = client.get("/data/officials.csv.gz")
        official = Official.objects.get(slug="pham-thi-thanh-tra")
        official.biography = "Changed while an old copy was being downloaded."
        official.save()
        download(client, "officials.csv.gz")
        # The old copy's folder was removed, but what was opened is read to its end.
        old = read_csv(gzip.decompress(body_of(response)))
        assert "Phạm Thị Thanh Trà" in old["native_name"].tolist()
        assert [path.name for path in bulk_data_dir.glob("*/*/*.tmp")] == []

    def test_bulk_file_revalidated_with_its_etag_is_not_modified(self, client):
        response, _ = download(client, "meetings.ics.gz")
        again = client.get("/data/meetings.ics.gz", headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304

    def test_bulk_file_with_a_parameter_is_refused_naming_it(self, client):
        response = client.get("/data/meetings.csv.gz?country=vn")
        assert response.status_code == 400
        assert "country" in response.content.decode()

    @pytest.mark.parametrize(
        "filename", ["meetings.csv", "nothing.gz", "..%2Fsettings.py.gz", "popolo.json.gz.gz", "%00.gz"]
    )
    def test_bulk_file_unknown_is_not_found(self, client, filename):
        assert client.get(f"/data/{filename}").status_code == 404


@pytest.mark.usefixtures("accsm_records")
class TestPage:
    def test_data_page_lists_every_file_with_counts_licence_and_dates(self, client):
        response = client.get("/data/")
        assert response.status_code == 200
        text = text_of(response)
        for filename in FILES:
            assert filename in text
        assert "5 persons, 11 organizations, 6 memberships, 5 events, 14 areas" in text
        assert f"{Meeting.objects.published().count()} meetings" in text
        assert "CC BY 4.0" in text and "credit “ACCSM Records, compiled from the sources cited" in text
        assert "Dates of mixed precision" in text and "2022-08" in text
        assert "How to use this data" in text and "curl" in text and "pandas" in text and "Excel" in text

    def test_data_page_counts_match_what_the_files_hold(self, client):
        page = text_of(client.get("/data/"))
        document = json.loads(download(client, "popolo.json.gz")[1])
        counts = ", ".join(
            f"{len(document[section])} {section}"
            for section in ("persons", "organizations", "memberships", "events", "areas")
        )
        assert counts in page
        participations = read_csv(download(client, "participations.csv.gz")[1])
        assert f"{len(participations)} participations" in page
        officials = read_csv(download(client, "officials.csv.gz")[1])
        assert f"{len(officials)} officials" in page

    def test_data_page_shows_the_size_of_files_built_and_not_of_others(self, client, bulk_data_dir):
        assert text_of(client.get("/data/")).count("Not built yet") == len(FILES)
        download(client, "popolo.json.gz")
        size = built_file(bulk_data_dir, "popolo.json.gz").stat().st_size
        cache.clear()
        text = text_of(client.get("/data/"))
        assert f"({size} bytes)" in text
        assert text.count("Not built yet") == len(FILES) - 1

    def test_data_page_links_each_download_and_the_excel_variant(self, client):
        page = client.get("/data/").content.decode()
        for filename, export in FILES.items():
            assert f'href="/data/{filename}"' in page
            assert f'href="{export}"' in page
        for export in ("/meetings.csv", "/participations.csv", "/officials.csv"):
            assert f'href="{export}?bom=1"' in page
        assert "for Excel" in text_of(client.get("/data/"))

    def test_data_page_is_linked_from_the_site_navigation(self, client):
        home = client.get("/").content.decode()
        assert '<a href="/data/">Open data</a>' in home
        assert '<a href="/data/" aria-current="page">Open data</a>' in client.get("/data/").content.decode()
