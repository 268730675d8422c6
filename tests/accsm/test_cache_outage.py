"""A page cache whose Redis fails (core/caching.py, accsm/page_cache.py): every public page is still
served, rendered without the cache; the failure is logged once a minute, not once a request; and
/healthz says the cache is unreachable while answering 200, since the site still serves."""

import logging
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.caching import FailSoftCache
from tests.accsm.services import RedisServer, closed_port, shared_redis_url
from tests.factories import body_of, make_meeting

PUBLIC_URLS = [
    "/",
    "/meetings/",
    "/meetings/outage-workshop/",
    "/search/?q=cache+down",
    "/api/meetings/",
    "/api/meetings/outage-workshop/",
    "/api/popolo.json",
    "/meetings.csv",
    "/meetings.ics",
    "/feeds/meetings/",
]
NAME = "Workshop held while the cache was down"


def redis_cache(url):
    # Timeouts as the settings give REDIS_URL's cache, so that a test never waits on a socket.
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def meeting(db):
    return make_meeting(slug="outage-workshop", name=NAME, kind="workshop")


@pytest.fixture
def unreachable_cache(settings):
    """The cache is a Redis at a port where nothing listens."""
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{closed_port()}/0")


@pytest.fixture
def redis_server(tmp_path, settings):
    """A Redis server of the test's own, which it may stop and start again, as the site's cache."""
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = redis_cache(server.url)
    yield server
    server.stop()


@pytest.fixture
def cache_warnings(caplog):
    caplog.set_level(logging.INFO, logger="core.caching")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "core.caching"]


def read(client, url):
    """(status, body, queries) of a page, read to its end as a server sends it."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body = body_of(response)
    return response.status_code, body, len(queries)


def test_public_pages_with_cache_unreachable_are_rendered_without_it(
    client, meeting, unreachable_cache, cache_warnings
):
    for url in PUBLIC_URLS:
        status, body, _ = read(client, url)
        assert status == 200, url
        assert NAME in body.decode(), url
    # Twenty reads and writes failed; one line says so.
    (warning,) = cache_warnings()
    assert warning.startswith("cache unreachable (read failed: ConnectionError:")
    assert "pages are served without it" in warning


def test_health_check_with_cache_unreachable_answers_200_and_says_so(client, db, unreachable_cache):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unreachable"}


def test_health_check_with_shared_redis_reports_both_ok(client, db, settings):
    settings.CACHES = redis_cache(shared_redis_url())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_pages_with_redis_stopped_are_rendered_and_cached_again_once_it_is_back(
    client, meeting, redis_server, cache_warnings
):
    url = "/meetings/outage-workshop/"
    _, rendered, rendering_queries = read(client, url)
    # From Redis: only the data version is read.
    assert read(client, url) == (200, rendered, 1)
    assert rendering_queries > 1

    redis_server.stop()
    for _ in range(3):
        assert read(client, url) == (200, rendered, rendering_queries)
    assert client.get("/healthz").json()["cache"] == "unreachable"
    assert len(cache_warnings()) == 1

    redis_server.start()
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert read(client, url) == (200, rendered, rendering_queries)
    assert read(client, url) == (200, rendered, 1)


def test_cache_failures_are_logged_again_once_the_interval_has_passed(unreachable_cache, cache_warnings):
    guarded = FailSoftCache(log_interval=0.5)
    for _ in range(4):
        assert guarded.get("page:anything", "missed") == "missed"
    guarded.set("page:anything", b"page", 60)
    assert len(cache_warnings()) == 1
    time.sleep(0.6)
    assert guarded.get("page:anything") is None
    first, second = cache_warnings()
    assert second.startswith("cache unreachable (read failed: ConnectionError:")
    assert second.endswith("(4 more failures since the last report)")


def test_cache_reconfigured_logs_its_own_failures(settings, cache_warnings):
    """The record of failures belongs to one cache backend: a new one's first failure is reported."""
    guarded = FailSoftCache()
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{closed_port()}/0")
    guarded.get("page:anything")
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{closed_port()}/1")
    guarded.get("page:anything")
    assert len(cache_warnings()) == 2
