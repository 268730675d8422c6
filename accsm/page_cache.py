"""Conditional GET and a page cache for the public site, both keyed on the data version.

A public response is identified by the data version's token (core/freshness.py),
its full URL, the request's Accept header and the day (a record's page cites itself
with today as the date it was read: public/citing_records.py):

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

The cache only saves work: when its backend cannot be reached (core/caching.py),
pages are rendered as if nothing had been cached.
"""

import hashlib

from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags

from core.caching import shared_cache as cache
from core.freshness import current

CACHE_KEY_PREFIX = "page:"
# Kept for an hour at most: a newer version makes an entry unreachable anyway,
# and the timeout only lets the cache reclaim the space.
CACHE_SECONDS = 60 * 60
# Larger responses (a big export) are rendered each time rather than held in memory.
MAX_CACHED_BYTES = 1024 * 1024
# Shared caches and browsers may keep a copy but must ask whether it is still current.
PUBLIC_CACHE_CONTROL = {"public": True, "max_age": 0, "must_revalidate": True}


def fingerprint(token, request):
    """What a public response depends on: the records, the absolute URL, the Accept header and the day.

    The day, in the site's time zone, because a record's page gives it as the date its citation was
    read: a copy kept from yesterday, by a browser or by this cache, is not today's page even where no
    record has changed since.
    """
    parts = (
        token,
        timezone.localdate().isoformat(),
        request.build_absolute_uri(),
        request.headers.get("Accept", ""),
    )
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def holds_this_version(request, etag):
    """Whether the client's If-None-Match names this very response.

    The ETag stands for the URL and the data version, so a match means the page
    exists and is unchanged, and 304 can be answered before the view runs.
    """
    held = parse_etags(request.headers.get("If-None-Match", ""))
    return etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in held}


def signed_in(request):
    """Whether a user is signed in; False where a view has set request.user to None, as DRF's do."""
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class PublicCacheMiddleware:
    """Answers revalidations with 304 and serves unchanged public pages from the cache.

    Placed after the authentication middleware (it needs ``request.user``); the
    middleware before it still adds its headers to a cached or 304 response.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._excluded_prefixes = None

    def __call__(self, request):
        # Read before the view runs: the API's views (DRF) replace request.user with None.
        was_signed_in = signed_in(request)
        if was_signed_in or not self.is_public_request(request):
            response = self.get_response(request)
            # Signed in before the view (staff), or by it (the sign-in form).
            if was_signed_in or signed_in(request):
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
        if request.method not in ("GET", "HEAD"):
            return False
        return not request.path.startswith(self.excluded_prefixes())

    def excluded_prefixes(self):
        """The admin and the health check, which must reflect this very moment, and the
        addresses that show no records (robots.txt, the favicon), which need no database."""
        if self._excluded_prefixes is None:
            names = ("admin:index", "healthz", "opendata:robots_txt", "favicon")
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
        # The fingerprint includes Accept, and the compression middleware chooses by Accept-Encoding:
        # a shared cache must keep one copy per value of each (a 304 too, RFC 9110 15.4.5).
        patch_vary_headers(response, ("Accept", "Accept-Encoding"))
        return response
