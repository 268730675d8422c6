"""Running the site: the health check, one structured log line per request, and request ids.

Every request gets an id (the X-Request-ID the proxy sent, or a new one), which
comes back in the response header and is attached to every log record made
while the request is handled, errors included, so a report can be matched to
its log lines.
"""

import contextvars
import json
import logging
import re
import time
import uuid

from django.db import DatabaseError, connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static

from core.caching import shared_cache

request_id_var = contextvars.ContextVar("request_id", default="-")
request_log = logging.getLogger("accsm.requests")
# A proxy's id is kept only if it looks like one, so logs cannot be forged through it.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def healthz(request):
    """503 when the application cannot reach its database; otherwise 200, saying whether the cache works.

    A cache that fails leaves the site serving every page, only slower
    (core/caching.py), and every server shares the one Redis: were a down cache
    a 503, a load balancer would take every server out at once and a slowdown
    would become an outage. So it answers 200, "degraded", for monitoring to see.
    """
    cache_state = shared_cache.state()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        body = {"status": "unavailable", "database": "unreachable", "cache": cache_state}
        return JsonResponse(body, status=503)
    status = "ok" if cache_state == "ok" else "degraded"
    return JsonResponse({"status": status, "database": "ok", "cache": cache_state})


def favicon(request):
    # Resolved per request: the hashed name exists only once collectstatic has run.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


class RequestLogMiddleware:
    """Assigns the request id and logs method, path, status and duration when the response leaves.

    A streamed response (a CSV or Popolo export) has not left when the view
    returns, and may yet fail: it is logged when its stream ends, with the bytes
    sent and how it ended, so that the log says what the client actually got.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _SAFE_REQUEST_ID.match(offered) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        request.request_id = request_id
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            fields = {"method": request.method, "path": request.path, "status": response.status_code}
            # A file (static files, through WhiteNoise) may be sent by the server itself (sendfile).
            is_file = getattr(response, "file_to_stream", None) is not None
            if response.streaming and not response.is_async and not is_file:
                response.streaming_content = LoggedStream(
                    response.streaming_content, request_id, started, fields
                )
            else:
                request_log.info("request", extra={**fields, "duration_ms": elapsed_ms(started)})
            return response
        finally:
            request_id_var.reset(token)


def elapsed_ms(started):
    return round((time.perf_counter() - started) * 1000, 1)


class LoggedStream:
    """A response's stream, which logs the request once it ends: complete, failed, or closed before its end.

    Its chunks are produced while the server sends them, after the middleware has
    returned, so the request id is set again around each one: what is logged
    while they are produced (a database error, say) carries it too.
    """

    def __init__(self, chunks, request_id, started, fields):
        self.chunks = iter(chunks)
        self.request_id = request_id
        self.started = started
        self.fields = fields
        self.sent = 0
        self.logged = False

    def __iter__(self):
        return self

    def __next__(self):
        token = request_id_var.set(self.request_id)
        try:
            chunk = next(self.chunks)
        except StopIteration:
            self.log("complete")
            raise
        except Exception:
            # The status line has gone, so the client sees the connection cut short.
            self.log("failed", exc_info=True)
            raise
        finally:
            request_id_var.reset(token)
        self.sent += len(chunk)
        return chunk

    def close(self):
        """Called by the server when the response is done with; before the end if the client went away."""
        token = request_id_var.set(self.request_id)
        try:
            self.log("closed before the end")
        finally:
            request_id_var.reset(token)

    def log(self, outcome, exc_info=False):
        if self.logged:
            return
        self.logged = True
        level = logging.ERROR if outcome == "failed" else logging.INFO
        timing = {"duration_ms": elapsed_ms(self.started), "bytes": self.sent, "outcome": outcome}
        request_log.log(level, "request", extra={**self.fields, **timing}, exc_info=exc_info)


class RequestIdFilter(logging.Filter):
    """Puts the id of the request being handled on every log record."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: what log collectors read without parsing rules."""

    FIELDS = ("method", "path", "status", "duration_ms", "bytes", "outcome")

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update({field: getattr(record, field) for field in self.FIELDS if hasattr(record, field)})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
