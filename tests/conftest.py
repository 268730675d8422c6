"""Fixtures shared by the whole suite."""

import html
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .loaded_fixtures import LoadedRecords


class SecondFactorClient(Client):
    """A test client whose ``force_login`` signs in as staff really do: password and second factor.

    Django's ``force_login`` skips the sign-in form, and with it the second factor the staff admin
    requires (core/admin_site.py). This one also verifies the session with the user's confirmed
    authenticator device (one is made if they have none), as django-otp records a verified sign-in.
    Tests of the sign-in itself post the form instead.
    """

    def force_login(self, user, backend=None):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def client():
    """pytest-django's ``client``, whose ``force_login`` includes the second factor."""
    return SecondFactorClient()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's ``admin_client``: a superuser signed in, second factor included."""
    client = SecondFactorClient()
    client.force_login(admin_user)
    return client


@pytest.fixture(scope="session")
def loaded_accsm_records(django_db_setup, django_db_blocker):
    """The rows `loaddata accsm` adds, found once per run by a real load (tests/loaded_fixtures.py)."""
    with django_db_blocker.unblock():
        return LoadedRecords.capture()


@pytest.fixture
def accsm_records(db, loaded_accsm_records):
    """The records derived from the two source articles, as `make run` loads them."""
    loaded_accsm_records.insert()


class AdminPages:
    """The staff admin opened as a superuser, its pages read as a person reads them: text without tags."""

    def __init__(self, client):
        self.client = client

    @staticmethod
    def url(model, view="changelist", pk=None):
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        return base + {"changelist": "", "add": "add/", "change": f"{pk}/change/"}[view]

    def get(self, model, view="changelist", pk=None, **params):
        return self.client.get(self.url(model, view, pk), params)

    def post(self, model, view, data, pk=None):
        return self.client.post(self.url(model, view, pk), data)

    @staticmethod
    def text(response):
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())

    def assert_pages_name(self, record, name):
        """The changelist, add form and change form open; the list and the change form show ``name``."""
        model = type(record)
        changelist = self.get(model)
        assert changelist.status_code == 200
        assert name in self.text(changelist)
        add = self.get(model, "add")
        assert add.status_code == 200
        assert f"Add {model._meta.verbose_name}" in self.text(add)
        change = self.get(model, "change", record.pk)
        assert change.status_code == 200
        assert name in self.text(change)

    def changelist_query_counts(self, model, build, sizes=(1, 10)):
        """Queries the changelist runs with each number of records made by ``build(name)``."""
        built = 0
        counts = []
        for size in sizes:
            for number in range(built, size):
                build(f"Record {number}")
            built = size
            if not counts:
                self.get(model)  # Fills what a first request caches (content types, permissions).
            with CaptureQueriesContext(connection) as queries:
                response = self.get(model)
            assert f"Record {size - 1}" in self.text(response)
            counts.append(len(queries))
        return counts

    @staticmethod
    def prepopulated(response):
        """What the form's script fills in as staff type: {"#id_slug": ["#id_name"]}."""
        found = re.search(r'data-prepopulated-fields="([^"]*)"', response.content.decode())
        fields = json.loads(html.unescape(found[1])) if found else []
        return {field["id"]: field["dependency_ids"] for field in fields}


@pytest.fixture
def admin_pages(admin_client):
    """Opens and posts admin pages as a superuser (pytest-django's ``admin_client``)."""
    return AdminPages(admin_client)


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with an empty cache, as the cache outlives the test's database transaction."""
    cache.clear()


@pytest.fixture(autouse=True)
def bulk_data_dir(settings, tmp_path):
    """Each test builds the /data/ files (opendata/bulk.py) in a folder of its own, never the project's."""
    settings.BULK_DATA_DIR = tmp_path / "bulk"
    return settings.BULK_DATA_DIR
