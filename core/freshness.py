"""Conditional GET and a page cache for the public site, both keyed on one data version.

Every change to a record of the people or meetings apps (a save, a delete or a
change of many-to-many links, from the admin, a fixture load or a command)
gives the single DataVersion row a new random token, in the same transaction
as the change. A public response is then identified by that token, its full
URL and the request's Accept header:

- its ETag is a hash of the three and its Last-Modified the time of the last
  change, so a client revalidating an unchanged page gets 304 before any view
  runs;
- the rendered response is kept in the cache under the same hash, so it is
  reused until the next change and never outlives it.

The token is read from the database on every request (one primary-key query)
rather than remembered, so a change made through one process is seen by the
next request to any other, whatever the cache backend.

Signed-in users are neither served from the cache nor stored in it, because
staff see drafts; their responses are marked ``private``.
"""

import datetime
import hashlib
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_etags

from .models import DataVersion

RECORD_APPS = ("people", "meetings")
CACHE_KEY_PREFIX = "page:"
# Kept for an hour at most: a newer version makes an entry unreachable anyway,
# and the timeout only lets the cache reclaim the space.
CACHE_SECONDS = 60 * 60
# Larger responses (a big export) are rendered each time rather than held in memory.
MAX_CACHED_BYTES = 1024 * 1024
# Shared caches and browsers may keep a copy but must ask whether it is still current.
PUBLIC_CACHE_CONTROL = {"public": True, "max_age": 0, "must_revalidate": True}


def current():
    """The data version now, created on first use (a flushed database has none).

    Read with plain SQL: it runs for every public request, and building the
    ORM query took as long as running it.
    """
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, changed_at FROM {table} WHERE id = %s", [DataVersion.SINGLETON])
        row = cursor.fetchone()
    if row is None:
        version, _ = DataVersion.objects.get_or_create(
            pk=DataVersion.SINGLETON, defaults={"token": _new_token(), "changed_at": timezone.now()}
        )
        return version
    token, changed_at = row
    if timezone.is_naive(changed_at):
        # SQLite hands back the stored UTC time without its zone.
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return DataVersion(id=DataVersion.SINGLETON, token=token, changed_at=changed_at)


def bump():
    """Record that the public records changed: every cached page and ETag goes stale."""
    values = {"token": _new_token(), "changed_at": timezone.now()}
    if not DataVersion.objects.filter(pk=DataVersion.SINGLETON).update(**values):
        DataVersion.objects.get_or_create(pk=DataVersion.SINGLETON, defaults=values)


def _new_token():
    return uuid.uuid4().hex


def is_record_model(model):
    """A model of the records: not the history tables beside them, nor the version row itself.

    Compared by label, so that it also holds for the models a migration sees.
    """
    meta = model._meta
    return (
        meta.app_label in RECORD_APPS
        and meta.label_lower != DataVersion._meta.label_lower
        and not hasattr(model, "instance_type")
    )


def record_changed(sender, **kwargs):
    """Signal receiver for saves, deletes and many-to-many changes of every model."""
    if not kwargs.get("action", "post_").startswith("post_"):
        return
    # A version row loaded from a hand-made dump would bring back a token that a
    # cache may already hold other pages under, so it is replaced at once.
    if is_record_model(sender) or (sender is DataVersion and kwargs.get("raw")):
        bump()


def connect_signals():
    # No sender: every model, including the automatic many-to-many tables.
    post_save.connect(record_changed, dispatch_uid="freshness-save")
    post_delete.connect(record_changed, dispatch_uid="freshness-delete")
    m2m_changed.connect(record_changed, dispatch_uid="freshness-m2m")


def fingerprint(token, request):
    """What a public response depends on: the records, the absolute URL and the Accept header."""
    parts = (token, request.build_absolute_uri(), request.headers.get("Accept", ""))
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def holds_this_version(request, etag):
    """Whether the client's If-None-Match names this very response.

    The ETag stands for the URL and the data version, so a match means the page
    exists and is unchanged, and 304 can be answered before the view runs.
    """
    held = parse_etags(request.headers.get("If-None-Match", ""))
    return etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in held}


class PublicCacheMiddleware:
    """Answers revalidations with 304 and serves unchanged public pages from the cache.

    Placed after the authentication middleware (it needs ``request.user``); the
    middleware before it still adds its headers to a cached or 304 response.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._excluded_prefixes = None

    def __call__(self, request):
        if not self.is_public_request(request):
            response = self.get_response(request)
            if request.user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            return response
        try:
            version = current()
        except DatabaseError:
            # Without the database the page answers (or fails) as it would without the cache.
            return self.get_response(request)
        key = fingerprint(version.token, request)
        validators = {"etag": f'W/"{key}"', "last_modified": int(version.changed_at.timestamp())}
        if holds_this_version(request, validators["etag"]):
            return self.mark_public(HttpResponseNotModified(), **validators)
        stored = cache.get(CACHE_KEY_PREFIX + key)
        if stored is not None:
            response = self.rebuild(stored)
        else:
            response = self.get_response(request)
            if not self.is_shareable(response):
                return response
            if request.method == "GET":
                self.store(response, CACHE_KEY_PREFIX + key)
        # A date alone, or "If-None-Match: *", is judged once the page is known to exist.
        response = get_conditional_response(request, response=response, **validators)
        return self.mark_public(response, **validators)

    def is_public_request(self, request):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return False
        return not request.path.startswith(self.excluded_prefixes())

    def excluded_prefixes(self):
        """The admin and the health check, which must reflect this very moment, and the
        addresses that show no records (robots.txt, the favicon), which need no database."""
        if self._excluded_prefixes is None:
            names = ("admin:index", "healthz", "robots_txt", "favicon")
            self._excluded_prefixes = tuple(reverse(name) for name in names)
        return self._excluded_prefixes

    @staticmethod
    def is_shareable(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    @staticmethod
    def store(response, key):
        """Keep the response for the next request; a streamed one once it has been sent whole."""
        headers = [(name, value) for name, value in response.items()]
        if not response.streaming:
            if len(response.content) <= MAX_CACHED_BYTES:
                cache.set(key, (response.content, headers), CACHE_SECONDS)
            return

        def stored_once_sent(chunks):
            kept, size = [], 0
            for chunk in chunks:
                yield chunk
                size += len(chunk)
                if size <= MAX_CACHED_BYTES:
                    kept.append(chunk)
            # Read to the end (not abandoned by the client) and small enough.
            if size <= MAX_CACHED_BYTES:
                cache.set(key, (b"".join(kept), headers), CACHE_SECONDS)

        response.streaming_content = stored_once_sent(response.streaming_content)

    @staticmethod
    def rebuild(stored):
        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response

    @staticmethod
    def mark_public(response, etag, last_modified):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
        return response
