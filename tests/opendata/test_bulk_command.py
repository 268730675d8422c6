"""``build_bulk_data``: builds every /data/ file ahead of the first download, for the site's address."""

import gzip
import io

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from tests.factories import body_of

FILENAMES = {
    "popolo.json.gz",
    "meetings.csv.gz",
    "participations.csv.gz",
    "officials.csv.gz",
    "meetings.ics.gz",
}


def built(bulk_data_dir):
    return {path.name: path for path in bulk_data_dir.glob("*/*/*.gz")}


def identities(bulk_data_dir):
    """Each built file's inode and modification time: both stay the same unless it is written again."""
    return {
        name: (path.stat().st_ino, path.stat().st_mtime_ns) for name, path in built(bulk_data_dir).items()
    }


@pytest.mark.usefixtures("accsm_records")
class TestCommand:
    def test_build_bulk_data_builds_every_file_and_downloads_serve_them_as_built(self, client, bulk_data_dir):
        call_command("build_bulk_data", "--base-url", "http://testserver", stdout=io.StringIO())
        files = built(bulk_data_dir)
        assert set(files) == FILENAMES
        before = identities(bulk_data_dir)
        for name, path in files.items():
            cache.clear()
            response = client.get(f"/data/{name}")
            assert response.status_code == 200
            assert body_of(response) == path.read_bytes()
        # Served as the command built them, not built again.
        assert identities(bulk_data_dir) == before

    def test_build_bulk_data_writes_the_links_of_the_address_given(self, bulk_data_dir):
        call_command("build_bulk_data", "--base-url", "https://testserver/", stdout=io.StringIO())
        content = gzip.decompress(built(bulk_data_dir)["meetings.csv.gz"].read_bytes()).decode()
        assert "https://testserver/meetings/accsm-21/" in content

    def test_build_bulk_data_keeps_files_of_this_version_unless_forced(self, bulk_data_dir):
        call_command("build_bulk_data", "--base-url", "http://testserver", stdout=io.StringIO())
        before = {name: path.stat().st_ino for name, path in built(bulk_data_dir).items()}
        call_command("build_bulk_data", "--base-url", "http://testserver", stdout=io.StringIO())
        assert {name: path.stat().st_ino for name, path in built(bulk_data_dir).items()} == before
        call_command("build_bulk_data", "--base-url", "http://testserver", "--force", stdout=io.StringIO())
        after = {name: path.stat().st_ino for name, path in built(bulk_data_dir).items()}
        assert all(after[name] != before[name] for name in FILENAMES)

    @pytest.mark.parametrize(
        "base_url",
        ["testserver", "ftp://testserver", "http://testserver/data/", "http://not-allowed.example"],
    )
    def test_build_bulk_data_refuses_an_address_it_cannot_use(self, base_url, bulk_data_dir):
        with pytest.raises(CommandError):
            call_command("build_bulk_data", "--base-url", base_url, stdout=io.StringIO())
        assert built(bulk_data_dir) == {}
