"""The API is read-only: every other method is answered 405 in the API's JSON, OPTIONS says what is
allowed, and a signed-in staff member reads it like anyone else; none of it logs an error."""

import logging

import pytest

from tests.factories import make_meeting

# Each endpoint, with what its document holds.
ENDPOINTS = {
    "/api/meetings/": b'"slug": "method-meeting"',
    "/api/meetings/method-meeting/": b'"name": "Meeting asked every method"',
    "/api/popolo.json": b'"id": "event/method-meeting"',
    "/api/openapi.json": b'"/api/meetings/{slug}/"',
}
REFUSED = ["post", "put", "patch", "delete", "trace"]


@pytest.fixture
def meeting(db):
    return make_meeting(slug="method-meeting", name="Meeting asked every method")


@pytest.fixture
def errors_logged(caplog):
    """Every log record at WARNING or above, and every one carrying a traceback, whoever logged it."""
    caplog.set_level(logging.INFO)
    return lambda: [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


def call(client, method, url):
    # raise_request_exception stays on: an exception in a view fails the test with its traceback.
    return getattr(client, method)(url, data="{}", content_type="application/json")


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize("method", REFUSED)
def test_api_refused_method_answers_405_in_json(client, meeting, errors_logged, url, method):
    response = call(client, method, url)
    assert response.status_code == 405
    assert response.json() == {"message": f'Method "{method.upper()}" not allowed.', "status": 405}
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    assert errors_logged() == []


@pytest.mark.parametrize("url", ENDPOINTS)
def test_api_options_answers_200_with_the_methods_allowed(client, meeting, errors_logged, url):
    response = client.options(url)
    assert response.status_code == 200
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    assert "application/json" in response.json()["renders"]
    assert errors_logged() == []


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize("method", ["get", "head"])
def test_api_read_by_signed_in_staff_answers_200_privately(admin_client, meeting, errors_logged, url, method):
    response = getattr(admin_client, method)(url)
    assert response.status_code == 200
    # Read to the end, as a server does (a HEAD's body is dropped, but its stream still ends).
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if method == "get":
        assert ENDPOINTS[url] in body.replace(b'":"', b'": "')
    # Staff are signed in, so their copy is neither shared nor cached.
    assert "private" in response["Cache-Control"]
    assert errors_logged() == []


@pytest.mark.parametrize("method", REFUSED)
def test_api_refused_method_by_signed_in_staff_answers_405(admin_client, meeting, errors_logged, method):
    response = call(admin_client, method, "/api/meetings/method-meeting/")
    assert response.status_code == 405
    assert response.json()["status"] == 405
    assert errors_logged() == []
