"""Generated hostile input against every public page, API endpoint, export and feed.

Hypothesis builds query strings from the real parameter names (values of every
kind: control characters, NUL, unicode, 5000-character strings, huge and
negative numbers, dates real and impossible, repeated parameters, raw ``%``),
random slugs for the detail addresses, and random request headers. Whatever
arrives, a public address must answer with an ordinary status and never with a
server error or a traceback.

Each example sends its input to every endpoint of a group, so every endpoint is
exercised in every example; the fixture records are loaded once per test and
only read, so the examples can share them.
"""

import csv
import io
import json
from email.utils import format_datetime
from urllib.parse import quote, urlencode

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from meetings.models import Meeting
from tests.factories import body_of

# Everything a public address may answer; a 500 or any other status is a bug.
ALLOWED_STATUSES = {200, 301, 302, 304, 400, 404, 405}
# Text only a traceback or a debug page would put in a response body.
TRACEBACK_MARKERS = ("Traceback", "django.core", 'File "')

# A real record of each kind in fixtures/accsm.json, for the detail addresses.
REAL = {
    "meeting": "accsm-21",
    "official": "pham-thi-thanh-tra",
    "organisation": "accsm",
    "declaration": "civil-service-catalyst-declaration",
    "country": "vn",
    "source": "vna-heads-of-civil-service-hanoi",
    "section": "meetings",
}

# The public addresses, grouped by what serves them; {kind} is filled with a slug or code.
ENDPOINT_GROUPS = {
    "html-lists": [
        "/",
        "/meetings/",
        "/officials/",
        "/organisations/",
        "/declarations/",
        "/countries/",
        "/search/",
    ],
    "html-details": [
        "/meetings/{meeting}/",
        "/officials/{official}/",
        "/organisations/{organisation}/",
        "/declarations/{declaration}/",
        "/countries/{country}/",
        "/sources/{source}/",
    ],
    "api": [
        "/api/meetings/",
        "/api/meetings/{meeting}/",
        "/api/officials/",
        "/api/officials/{official}/",
        "/api/organisations/",
        "/api/organisations/{organisation}/",
        "/api/declarations/",
        "/api/declarations/{declaration}/",
        "/api/countries/",
        "/api/countries/{country}/",
        "/api/popolo.json",
        "/api/openapi.json",
    ],
    "exports": [
        "/meetings.csv",
        "/officials.csv",
        "/participations.csv",
        "/meetings.ics",
        "/meetings/{meeting}.ics",
    ],
    "feeds": [
        "/feeds/meetings/",
        "/feeds/officials/{official}/",
        "/feeds/organisations/{organisation}/",
        "/feeds/countries/{country}/",
    ],
    "site-files": ["/sitemap.xml", "/sitemap-{section}.xml", "/robots.txt"],
}
ALL_ENDPOINTS = [endpoint for group in ENDPOINT_GROUPS.values() for endpoint in group]
DETAIL_ENDPOINTS = [endpoint for endpoint in ALL_ENDPOINTS if "{" in endpoint]

# The GET parameters the lists, exports and API take (README and */filters.py),
# plus the sitemap's page and the schema view's language and version.
PARAMETER_NAMES = [
    "q",
    "year",
    "kind",
    "country",
    "format",
    "organisation",
    "official",
    "declaration",
    "date_after",
    "date_before",
    "sort",
    "page",
    "page_size",
    "classification",
    "asean_status",
    "p",
    "lang",
    "version",
]
# Values each parameter understands, so that valid filters combine with hostile ones
# and the deeper code (filtering, paging, ordering) runs too.
VALID_VALUES = [
    "heads",
    "som",
    "vn",
    "VN",
    " la ",
    "in_person",
    "virtual",
    "accsm",
    "pham-thi-thanh-tra",
    "civil-service-catalyst-declaration",
    "2022-08-05",
    "2021",
    "newest",
    "oldest",
    "name",
    "-updated",
    "title",
    "1",
    "2",
    "100",
    "ministry",
    "member",
    "en",
    "vi",
    "tra",
    "Phạm Thị Thanh Trà",
]
# Hand-picked values that have broken parsers elsewhere: encodings, number forms, escapes.
TRICKY_VALUES = [
    "",
    " ",
    "%",
    "%%",
    "%00",
    "%zz",
    "'",
    "\"'--",
    "<",
    "<script>alert(1)</script>",
    "\x00",
    "a\x00b",
    "\u202e",
    "\ufeff",
    "𝔘𝔫𝔦",
    "２０２２",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "-0",
    "0x10",
    "1_000",
    " 12 ",
    "9" * 5000,
    "2022-02-30",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "-2022-01-01",
    "2022-08-05T25:61:61",
    "zz",
    "../../etc/passwd",
    "*",
    "null",
    "[]",
    "{}",
]


def _no_marker(text):
    """True unless ``text`` holds a traceback marker, which a page may rightly echo back."""
    return not any(marker in text for marker in TRACEBACK_MARKERS)


# st.text() includes control characters, NUL and every plane (not surrogates).
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(min_size=200, max_size=5000),
    # One character repeated: a cheap way to reach thousands of characters every time.
    st.builds(lambda character, count: character * count, st.characters(), st.integers(1000, 5000)),
).filter(_no_marker)
dates = st.one_of(
    st.dates().map(lambda day: day.isoformat()),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.builds("{}-{:02d}-{:02d}".format, st.integers(-99999, 99999), st.integers(0, 99), st.integers(0, 99)),
)
values = st.one_of(
    st.sampled_from(VALID_VALUES),
    st.sampled_from(TRICKY_VALUES),
    hostile_text,
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    dates,
)
names = st.one_of(st.sampled_from(PARAMETER_NAMES), hostile_text)
# Encoded pairs, the same name possibly several times; or a raw string with its
# "%", "&" and "=" left as they are, the way a hand-typed or broken link arrives.
encoded_queries = st.lists(st.tuples(names, values), max_size=8).map(urlencode)
raw_queries = (
    st.lists(
        st.one_of(hostile_text, st.sampled_from(["&", "=", "%", "%zz", "%ff", "%C3", "+", ";", "&&", "=="]))
    )
    .map("".join)
    .map(lambda text: quote(text, safe="%&=+;"))
)
# Encoded pairs twice as often as raw strings: they reach past the parser into the filters.
query_strings = st.one_of(encoded_queries, encoded_queries, raw_queries)

http_dates = st.datetimes(timezones=st.timezones()).map(lambda moment: format_datetime(moment, usegmt=False))
# Servers pass header values as latin-1 text and refuse CR, LF and NUL before
# Django sees them, so those are left out; everything else in latin-1 is fair.
header_text = st.text(
    alphabet=st.characters(min_codepoint=1, max_codepoint=255, exclude_characters="\r\n")
).filter(_no_marker)
HEADER_EXAMPLES = {
    "Accept": [
        "*/*",
        "application/json",
        "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
        "text/csv",
        "*/*;q=abc",
    ],
    "Accept-Language": ["vi-VN,vi;q=0.9,en;q=0.8", "*", "xx-YY;q=2", "en;q=-1"],
    "If-None-Match": ['"abc"', 'W/"abc"', "*", '"' + "x" * 5000 + '"'],
    "If-Modified-Since": ["Sat, 29 Oct 1994 19:43:31 GMT", "yesterday", "Sun, 31 Dec 9999 23:59:59 GMT"],
    "X-Request-ID": ["abc-123", "x" * 65, "../etc", "id with spaces"],
    "Range": ["bytes=0-0", "bytes=-1", "bytes=99999999999999999999-", "bytes=5-1", "lines=1-2"],
    "User-Agent": ["Mozilla/5.0", "", "curl/8.0", "' OR 1=1 --"],
}
headers = st.fixed_dictionaries(
    {},
    optional={
        name: st.one_of(
            st.sampled_from(examples), header_text, *([http_dates] if name == "If-Modified-Since" else [])
        )
        for name, examples in HEADER_EXAMPLES.items()
    },
)
# Slugs of any text, percent-encoded as a browser would send them ("/" included).
slugs = st.one_of(
    st.text(min_size=1, max_size=60),
    st.text(min_size=200, max_size=500),
    st.sampled_from(["%00", "\x00", "..", ".", "a.json", "a.csv", "vn.json", "VN%2F..", " vn", "v n", "ǅ"]),
    # Real slugs and codes, in other cases too: each is a real record at some of the addresses.
    st.sampled_from([*REAL.values(), "VN", "Vn", "ACCSM-21", "Accsm"]),
).map(lambda text: quote(text, safe=""))

FUZZ_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    # Examples share the test's database transaction, which is fine for read-only requests.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # No example database: nothing is written into the working tree.
    database=None,
)


def ensure_records():
    """Load fixtures/accsm.json once per test: later examples see the rows the first one loaded."""
    if Meeting.objects.count() == 0:
        call_command("loaddata", "accsm", verbosity=0)


def fill(endpoint, slug=None):
    """The endpoint's address with a real record in each {kind} (or ``slug`` if given)."""
    return endpoint.format(**{kind: real if slug is None else slug for kind, real in REAL.items()})


def fetch(client, path, query="", request_headers=None):
    """GET ``path?query`` and check the answer is an ordinary one; returns the response and its body.

    Each request runs in its own savepoint: were one to break the transaction
    (PostgreSQL aborts it on any error), the following examples still run.
    """
    url = f"{path}?{query}" if query else path
    with transaction.atomic():
        response = client.get(url, headers=request_headers or {})
        body = body_of(response)
    allowed = set(ALLOWED_STATUSES)
    if path.startswith("/api/") and "Accept" in (request_headers or {}):
        # The API negotiates its format: an Accept header that rules out JSON is
        # answered 406 Not Acceptable (RFC 9110 15.5.7), in JSON, as DRF does.
        allowed.add(406)
    assert response.status_code in allowed, f"{url!r} answered {response.status_code}: {body[:300]!r}"
    text = body.decode("utf-8", errors="replace")
    for marker in TRACEBACK_MARKERS:
        assert marker not in text, f"{url!r} answered with {marker!r} in its body: {text[:500]!r}"
    return response, body


def check_format(path, response, body):
    """The body is what its address promises: JSON from the API, a readable CSV or calendar."""
    content_type = response.get("Content-Type", "")
    if response.status_code == 304:
        # "If-None-Match: *" of a page that exists: not modified, and no body (RFC 9110 15.4.5).
        assert body == b""
    elif path.startswith("/api/"):
        # Errors too: the API answers JSON whatever went wrong.
        json.loads(body)
    elif response.status_code == 200 and content_type.startswith("text/csv"):
        list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    elif response.status_code == 200 and content_type.startswith("text/calendar"):
        Calendar.from_ical(body)


@pytest.mark.django_db
@pytest.mark.parametrize("group", list(ENDPOINT_GROUPS))
@FUZZ_SETTINGS
@given(query=query_strings, request_headers=headers)
@example(query="year=abc&year=99999&page=-1&page=0&page_size=0&sort=sort", request_headers={})
@example(
    query=urlencode([("q", "\x00" * 300), ("country", "v\x00n"), ("official", "\x00")]), request_headers={}
)
@example(
    query=urlencode([("date_after", "0001-01-01"), ("date_before", "9999-12-31"), ("page", "9" * 5000)]),
    request_headers={},
)
@example(query="", request_headers={"Accept": "text/html", "If-None-Match": "*", "Range": "bytes=0-0"})
def test_endpoints_answer_hostile_query_strings_and_headers(group, query, request_headers):
    # Query and headers go together: Hypothesis drops the headers from a failing
    # example if they play no part, and one request per endpoint and example
    # keeps the file fast.
    ensure_records()
    client = Client()
    for endpoint in ENDPOINT_GROUPS[group]:
        path = fill(endpoint)
        response, body = fetch(client, path, query, request_headers)
        check_format(path, response, body)


@pytest.mark.django_db
@FUZZ_SETTINGS
@given(slug=slugs, query=st.one_of(st.just(""), query_strings), request_headers=headers)
# A NUL in a country code reached PostgreSQL, which refuses it with a ValueError (a 500).
@example(slug="%00", query="", request_headers={})
@example(slug="vn%00", query="", request_headers={})
# A newline in an /api/ address escaped the JSON catch-all and got the HTML 404 page.
@example(slug="a%0A", query="", request_headers={})
def test_detail_endpoints_answer_hostile_slugs(slug, query, request_headers):
    ensure_records()
    client = Client()
    for endpoint in DETAIL_ENDPOINTS:
        path = fill(endpoint, slug)
        response, body = fetch(client, path, query, request_headers)
        check_format(path, response, body)
