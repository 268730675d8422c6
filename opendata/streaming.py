"""Exports that answer 503 when the database cannot be read, and streams that start only once it has been.

A streamed response's status line and headers leave with its first chunk, and
after that a failure can only cut the connection: a client that has been told
200 and sent a CSV header row cannot tell a lost database from an empty list.
So ``started_stream`` reads the first chunk inside the view, and the export's
view, wrapped in ``unavailable_without_database``, turns a database error
raised there (or anywhere before the response exists) into an honest 503: the
site's page (templates/503.html), or the API's JSON for the Popolo document.
A failure after the first chunk still cuts the connection, which a client sees
as an incomplete download; the request log records it (accsm/operations.py).

The Popolo document reads every table in one transaction, open from its first
chunk to its last: started in the view, that transaction would be left open
behind it, through the middleware and until the server closes the response (or,
for a response never read to its end, until it is garbage-collected). It asks
``check_database`` instead, just before its response is returned.
"""

import functools
import logging

from django.db import DatabaseError, OperationalError, connection
from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("opendata.streaming")
# How long a client is asked to wait before trying again.
RETRY_AFTER_SECONDS = 60


def unavailable_page():
    """The site's 503 page. It needs neither the database nor the request, which may be what failed."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def unavailable_without_database(unavailable=unavailable_page):
    """Decorates an export's view: a database error before the response exists answers ``unavailable()``."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            try:
                return view(*args, **kwargs)
            except DatabaseError as error:
                # One line, without a traceback: the cause is the database, not this code.
                cause = f"{type(error).__name__}: {error}"
                logger.warning("export unavailable: the database cannot be read (%s)", cause)
                return unavailable()

        return wrapped

    return decorator


def check_database():
    """Raise a database error now, in the view, if the database cannot be reached."""
    # Connects if there is no connection yet, which fails if the server is down; a connection kept
    # from an earlier request (CONN_MAX_AGE) is asked whether its server still answers.
    connection.ensure_connection()
    if not connection.is_usable():
        raise OperationalError("the database server no longer answers on this connection")


def started_stream(chunks, content_type):
    """A StreamingHttpResponse of ``chunks``, whose first chunk is read now, in the view.

    ``chunks`` must read the database before yielding its first chunk (a CSV
    export yields its header together with its first row), so that a database
    error is raised here, where the view can still answer 503.
    """
    chunks = iter(chunks)
    first = next(chunks, None)
    return StreamingHttpResponse(_Resumed(first, chunks), content_type=content_type)


class _Resumed:
    """The chunks again from the first, already read. Closing it closes them, as the response does when a
    client goes away, so that the export's database cursor is let go then rather than when collected."""

    def __init__(self, first, rest):
        self.first, self.rest = first, rest

    def __iter__(self):
        if self.first is not None:
            yield self.first
        yield from self.rest

    def close(self):
        if hasattr(self.rest, "close"):
            self.rest.close()
