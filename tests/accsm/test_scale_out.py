"""Scaling out: two app servers (gunicorn, on different ports) share one PostgreSQL database and one
Redis. A staff member edits a meeting through server A's admin, and server B's public outputs (the
HTML page, the API, CSV, iCalendar, the Atom feed and Popolo) show the change on the very next
request, although B had just served, and cached, every one of them with the old name.

The sign-in is the real one, password and second factor: the test enrols an authenticator device
and computes its current code, as the staff member's app would.

Needs PostgreSQL (DATABASE_URL; the test makes a database of its own beside the suite's and drops
it), a Redis server (.ci/run starts one) and gunicorn. It is skipped on SQLite, which two servers
cannot share over a network; on PostgreSQL under CI a missing Redis or gunicorn fails it.
"""

import html
import http.cookies
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser

import dj_database_url
import psycopg2
import pytest
from django_otp.oath import totp

from tests.accsm.services import Gunicorn, fetch, manage, shared_redis_url

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = DATABASE_URL.startswith(("postgres://", "postgresql://"))
MEETING = "accsm-21-heads-of-civil-service"

pytestmark = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="two app servers share a PostgreSQL database: run with DATABASE_URL=postgres://... "
    "(.ci/run's second pass does)",
)

# Enrols a superuser with an authenticator device, as create_staff_user does, and prints what the
# test needs: the device's key, to compute codes with, and the meeting's primary key.
ENROL = """
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from meetings.models import Meeting
user = get_user_model().objects.create_superuser("scale", "scale@example.org", "{password}")
device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
print(device.key, Meeting.objects.get(slug="{slug}").pk)
"""


@pytest.fixture(scope="module")
def shared_database():
    """A database of this test's own on the suite's PostgreSQL server, migrated and with the fixtures."""
    server = dj_database_url.parse(DATABASE_URL)
    name = f"accsm_scale_{uuid.uuid4().hex[:12]}"
    maintenance = psycopg2.connect(
        dbname="postgres",
        user=server["USER"],
        password=server["PASSWORD"],
        host=server["HOST"],
        port=server["PORT"] or 5432,
    )
    maintenance.autocommit = True
    with maintenance.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = urllib.parse.urlparse(DATABASE_URL)._replace(path=f"/{name}").geturl()
    try:
        manage("migrate", "--no-input", DATABASE_URL=url)
        manage("loaddata", "accsm", DATABASE_URL=url)
        # The servers run with debug off, which serves static files by their hashed names.
        manage("collectstatic", "--no-input", "--verbosity", "0", DATABASE_URL=url)
        yield url
    finally:
        with maintenance.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        maintenance.close()


@pytest.fixture(scope="module")
def two_servers(shared_database, tmp_path_factory):
    """Servers A and B: each its own gunicorn with two workers, the database and Redis shared."""
    redis_url = shared_redis_url()
    logs = tmp_path_factory.mktemp("scale-out")
    servers = []
    try:
        for name in ("a", "b"):
            servers.append(
                Gunicorn(logs / f"{name}.log", workers=2, DATABASE_URL=shared_database, REDIS_URL=redis_url)
            )
        yield servers
    finally:
        for server in servers:
            server.stop()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A staff member's browser on one server: keeps its cookies, and shows redirects without following."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirects)

    def request(self, path, fields=None):
        data = urllib.parse.urlencode(fields, doseq=True).encode() if fields is not None else None
        request = urllib.request.Request(self.base + path, data=data)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in http.cookies.SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, response.read().decode()


class FormFields(HTMLParser):
    """The fields a browser would submit from the form with the given id, as (name, value) pairs."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.in_form = False
        self.fields = []
        self.select = None  # [name, options, chosen, multiple] of the select being read
        self.textarea = None  # [name, text] of the textarea being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
        if not self.in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select = [attrs["name"], [], [], "multiple" in attrs]
        elif tag == "option" and self.select:
            self.select[1].append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select[2].append(attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select:
            name, options, chosen, multiple = self.select
            # A single select with nothing marked submits its first option, as a browser does.
            values = chosen if chosen or multiple else options[:1]
            self.fields += [(name, value) for value in values]
            self.select = None
        elif tag == "textarea" and self.textarea:
            # Browsers drop the newline that follows <textarea>.
            name, text = self.textarea
            self.fields.append((name, html.unescape(text.removeprefix("\n"))))
            self.textarea = None


def form_fields(page, form_id):
    parser = FormFields(form_id)
    parser.feed(page)
    return parser.fields


def csrf_token(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


# Every public output of the meeting, and how the name appears in it.
OUTPUTS = {
    f"/meetings/{MEETING}/": "<h1>{name}</h1>",
    f"/api/meetings/{MEETING}/": '"name":"{name}"',
    "/meetings.csv": f"{MEETING},{{name}},",
    "/meetings.ics": "SUMMARY:{name}\r\n",
    "/feeds/meetings/": "<title>{name}</title>",
    "/api/popolo.json": '"id": "event/' + MEETING + '", "name": "{name}"',
}


def outputs_of(server):
    """Each output, read from the server as an anonymous visitor."""
    bodies = {}
    for path in OUTPUTS:
        status, _, body = fetch(server.url + path)
        assert status == 200, f"{server.url}{path}: {status}"
        bodies[path] = body.decode()
    return bodies


def test_edit_through_server_a_is_read_at_once_from_every_output_of_server_b(two_servers, shared_database):
    a, b = two_servers
    password = uuid.uuid4().hex
    enrolled = manage(
        "shell", "-c", ENROL.format(password=password, slug=MEETING), DATABASE_URL=shared_database
    )
    # The last line: the site's log lines (JSON, on stdout) come before it.
    key, meeting_pk = enrolled.splitlines()[-1].split()

    # B serves, and caches, every output with the old name; each is read twice, so the second comes
    # from the cache Redis holds for both servers (or from a worker that rendered it).
    old_name = "Heads of Civil Service Meeting"
    for _ in range(2):
        for path, body in outputs_of(b).items():
            assert OUTPUTS[path].format(name=old_name) in body, path

    # Staff sign in to A with password and code, open the meeting's form and rename it.
    staff = Browser(a.url)
    status, _, page = staff.request("/admin/login/?next=/admin/")
    assert status == 200
    code = f"{totp(bytes.fromhex(key)):06d}"
    status, headers, _ = staff.request(
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": csrf_token(page),
            "username": "scale",
            "password": password,
            "otp_token": code,
            "next": "/admin/",
        },
    )
    assert (status, headers["Location"]) == (302, "/admin/"), "signing in to server A failed"
    change = f"/admin/meetings/meeting/{meeting_pk}/change/"
    status, _, page = staff.request(change)
    assert status == 200
    new_name = f"Renamed through server A {uuid.uuid4().hex[:8]}"
    fields = form_fields(page, "meeting_form")
    fields = [(name, new_name if name == "name" else value) for name, value in fields]
    assert ("name", new_name) in fields
    status, headers, page = staff.request(change, [*fields, ("_save", "Save")])
    errors = re.findall(r'class="errorlist[^>]*>(.*?)</ul>', page, re.S)
    assert status == 302, f"the change was not saved: {errors}"

    # At once, B shows the new name everywhere.
    for path, body in outputs_of(b).items():
        assert OUTPUTS[path].format(name=new_name) in body, path
        assert OUTPUTS[path].format(name=old_name) not in body, path
