"""Fixtures shared by the whole suite."""

import html
import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def accsm_records(db):
    """The records derived from the two source articles, as `make run` loads them."""
    call_command("loaddata", "accsm", verbosity=0)


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
