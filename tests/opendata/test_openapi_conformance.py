"""The OpenAPI document tells the truth: checked by independent clients against a live server.

- openapi-spec-validator checks the document is valid OpenAPI 3.
- schemathesis, with every check it has, generates requests from the document (valid ones and
  invalid ones) and checks each answer against it: status codes, content types, headers and
  bodies, and that invalid requests are refused and valid ones accepted. It runs over the
  fixture and over synthetic data, which has every kind of empty and missing value.

A fixed seed keeps the suite repeatable; run the same command with another seed, or more
examples, to look further (the README's Open data section shows how).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from openapi_spec_validator import validate

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
# Enough for every operation's coverage phase, and some fuzzing and stateful links.
MAX_EXAMPLES = 15


def run_schemathesis(base_url, tmp_path):
    """Run schemathesis over the whole document; return its exit code and what it printed."""
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{base_url}/api/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        "1",
        # One request at a time: the test server shares one SQLite connection between threads.
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        "--report-dir",
        str(tmp_path),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def fixture_site(live_server, transactional_db):
    call_command("loaddata", "accsm", verbosity=0)
    return live_server.url


@pytest.fixture
def synthetic_site(live_server, transactional_db):
    call_command("loaddata", "accsm", verbosity=0)
    call_command("generate_synthetic", meetings=40, seed=3, verbosity=0)
    return live_server.url


def test_openapi_document_is_valid_openapi_3(client, accsm_records):
    response = client.get("/api/openapi.json")
    document = json.loads(response.content)
    validate(document)
    assert document["info"]["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"


def test_openapi_document_covers_every_endpoint_and_error(client, accsm_records):
    document = json.loads(client.get("/api/openapi.json").content)
    paths = document["paths"]
    new = ("/api/", "/api/popolo.json", "/api/participations/", "/api/sources/", "/api/sources/{slug}/")
    assert set(new) <= set(paths)
    for path, operations in paths.items():
        responses = operations["get"]["responses"]
        assert {"200", "400", "404", "406"} <= set(responses), path


def test_openapi_filters_are_typed_as_the_api_reads_them(client, accsm_records):
    document = json.loads(client.get("/api/openapi.json").content)
    parameters = {p["name"]: p["schema"] for p in document["paths"]["/api/meetings/"]["get"]["parameters"]}
    assert parameters["country"] == {"type": "string", "pattern": "^[A-Za-z]{2}$"}
    assert parameters["year"]["type"] == "integer"
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 100}
    # What the document says a country is, the API takes.
    assert client.get("/api/meetings/?country=vn").status_code == 200


def test_api_conforms_to_its_document_with_the_fixture(fixture_site, tmp_path):
    status, output = run_schemathesis(fixture_site, tmp_path)
    assert status == 0, output[-6000:]
    assert "No issues found" in output


def test_api_conforms_to_its_document_with_synthetic_data(synthetic_site, tmp_path):
    status, output = run_schemathesis(synthetic_site, tmp_path)
    assert status == 0, output[-6000:]
    assert "No issues found" in output
