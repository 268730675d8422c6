"""The CSV exports for Excel: ``?bom=1`` starts the file with a UTF-8 byte order mark, which Excel needs to
read Vietnamese diacritics as UTF-8; without it the files start with their header, as before."""

import codecs
import io

import pandas as pd
import pytest

from opendata.exports import CSV_PARAMETERS
from tests.factories import body_of

EXPORTS = ["/meetings.csv", "/participations.csv", "/officials.csv"]


@pytest.mark.usefixtures("accsm_records")
class TestBom:
    @pytest.mark.parametrize("url", EXPORTS)
    def test_csv_with_bom_starts_with_the_bom_and_is_otherwise_the_same_file(self, client, url):
        plain = body_of(client.get(url))
        response = client.get(f"{url}?bom=1")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        with_bom = body_of(response)
        assert with_bom.startswith(codecs.BOM_UTF8)
        assert with_bom[len(codecs.BOM_UTF8) :] == plain
        assert not plain.startswith(codecs.BOM_UTF8)

    def test_csv_with_bom_read_as_utf_8_sig_keeps_vietnamese_diacritics(self, client):
        officials = pd.read_csv(io.BytesIO(body_of(client.get("/officials.csv?bom=1"))), encoding="utf-8-sig")
        # The BOM is not taken into the first column's name.
        assert officials.columns[0] == "slug"
        assert "Phạm Thị Thanh Trà" in officials["native_name"].tolist()

    def test_csv_with_bom_keeps_the_lists_filters(self, client):
        meetings = pd.read_csv(
            io.BytesIO(body_of(client.get("/meetings.csv?bom=1&year=2022&country=vn"))), encoding="utf-8-sig"
        )
        plain = pd.read_csv(io.BytesIO(body_of(client.get("/meetings.csv?year=2022&country=vn"))))
        assert meetings["slug"].tolist() == plain["slug"].tolist() != []

    @pytest.mark.parametrize("url", EXPORTS)
    @pytest.mark.parametrize("value", ["yes", "2", "", "1\x00"])
    def test_csv_with_a_bom_value_not_understood_is_400(self, client, url, value):
        response = client.get(url, {"bom": value})
        assert response.status_code == 400
        assert "bom" in response.content.decode()

    def test_csv_bom_with_a_filter_not_understood_is_400(self, client):
        assert client.get("/meetings.csv?bom=1&year=abc").status_code == 400


def test_csv_parameters_name_bom_for_the_unknown_parameter_check():
    # The check that answers 400 to parameters an export does not know reads this set.
    assert "bom" in CSV_PARAMETERS
