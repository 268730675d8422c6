"""Only http(s) addresses are stored or linked: a javascript:, vbscript: or data: address runs
as a script in the page of whoever follows the link.

Every URL field of the record models is found from the models, and each refuses such an
address however it arrives: a save through the ORM, a fixture or a restore, the admin form,
and a migration over rows already stored. Should one get in all the same, the pages, the
API and Popolo link only http(s) addresses.
"""

import contextlib
import json
import re

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AddConstraint

from core.models import record_models
from people.models import Country, Organisation
from sources.models import Source
from tests import factories
from tests.admin_forms import change_form_data
from tests.factories import assert_db_rejects, assert_invalid, make_meeting

REFUSED = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    # Not a script, but not a web page either: Django's own URL check lets it through.
    "ftp://example.org/file",
]
ACCEPTED = ["https://example.org", "HTTP://EXAMPLE.ORG", "http://example.org/path?q=1", ""]
MESSAGE = "An address must start with http:// or https://, or be left empty."


def url_fields():
    return [
        (model, field)
        for model in record_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.URLField)
    ]


def field_id(value):
    return value.__name__ if isinstance(value, type) else value.name


def constraint_name(model, field):
    return f"{model._meta.model_name}_{field.name}_http_only"


def make(model, **fields):
    """One record made by its factory in tests/factories.py (``make_<model_name>``)."""
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()
    return getattr(factories, f"make_{name}")(**fields)


each_url_field = pytest.mark.parametrize(("model", "field"), url_fields(), ids=field_id)


def rule_came_with_the_field(model, field):
    """Whether the migration adding the field's http-only rule also adds the field: then no row
    can predate the rule, and there is nothing for that migration to clean."""
    name = constraint_name(model, field)
    for migration in MigrationLoader(None, ignore_no_migrations=True).disk_migrations.values():
        if any(isinstance(op, AddConstraint) and op.constraint.name == name for op in migration.operations):
            return any(
                getattr(op, "name", None) == field.name
                and getattr(op, "model_name", None) == model._meta.model_name
                for op in migration.operations
            )
    return False


each_url_field_older_than_its_rule = pytest.mark.parametrize(
    ("model", "field"),
    [(model, field) for model, field in url_fields() if not rule_came_with_the_field(model, field)],
    ids=field_id,
)


def test_url_schemes_every_url_field_of_the_records_is_covered():
    assert {f"{model.__name__}.{field.name}" for model, field in url_fields()} >= {
        "Source.url",
        "Organisation.website",
    }


# Through the ORM


@pytest.mark.django_db
@each_url_field
@pytest.mark.parametrize("address", REFUSED)
def test_url_schemes_orm_save_of_other_scheme_is_refused(model, field, address):
    assert_db_rejects(model, constraint_name(model, field), lambda: make(model, **{field.name: address}))
    record = make(model)
    assert_db_rejects(
        model,
        constraint_name(model, field),
        lambda: model.objects.filter(pk=record.pk).update(**{field.name: address}),
    )
    setattr(record, field.name, address)
    assert_invalid(record, MESSAGE, check=record.validate_constraints)


@pytest.mark.django_db
@each_url_field
@pytest.mark.parametrize("address", ACCEPTED)
def test_url_schemes_orm_save_of_http_or_blank_is_accepted(model, field, address):
    record = make(model, **{field.name: address})
    record.refresh_from_db()
    assert getattr(record, field.name) == address
    record.validate_constraints()


# Through a fixture or a restore


def fixture_records(model, field, address):
    """A new country (valid) and then a record of ``model`` whose ``field`` holds ``address``.

    Both are made, dumped as the fixtures are (natural keys) and deleted again, so
    each record has every field a real fixture gives it.
    """
    country = factories.make_country(name="Nowhere Land")
    record = make(model)
    text = serializers.serialize(
        "json", [country, record], use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    record.delete()
    country.delete()
    records = json.loads(text)
    records[1]["fields"][field.name] = address
    return records


def record_counts():
    return {model._meta.label: model._base_manager.count() for model in record_models()}


def assert_load_refused(model, field, address, tmp_path, load, error):
    """``load(path)`` of a file whose record has ``address`` fails, naming the file and the rule."""
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(fixture_records(model, field, address)))
    before = record_counts()

    with pytest.raises(error) as failure:
        load(str(path))

    assert "hostile.json" in str(failure.value)
    assert constraint_name(model, field) in str(failure.value)
    # The valid country ahead of the refused record was undone with it.
    assert record_counts() == before
    assert not Country.objects.filter(name="Nowhere Land").exists()


@pytest.mark.django_db
@each_url_field
@pytest.mark.parametrize("address", REFUSED)
def test_url_schemes_fixture_with_other_scheme_fails_and_changes_nothing(tmp_path, model, field, address):
    assert_load_refused(
        model,
        field,
        address,
        tmp_path,
        lambda path: call_command("loaddata", path, verbosity=0),
        IntegrityError,
    )


# Outside the test's transaction: a restore replaces what the database holds (on PostgreSQL
# with TRUNCATE, which the pending checks of an open transaction's writes would refuse).
@pytest.mark.django_db(transaction=True)
@each_url_field
@pytest.mark.parametrize("address", REFUSED)
def test_url_schemes_restore_with_other_scheme_fails_and_changes_nothing(tmp_path, model, field, address):
    # What the database held, which the failed restore must leave in place.
    factories.make_meeting()
    assert_load_refused(
        model,
        field,
        address,
        tmp_path,
        lambda path: call_command("restore", path, replace=True, verbosity=0),
        CommandError,
    )


@pytest.mark.django_db
@each_url_field
def test_url_schemes_fixture_with_http_address_loads(tmp_path, model, field):
    path = tmp_path / "fine.json"
    path.write_text(json.dumps(fixture_records(model, field, "HTTPS://example.org/a")))
    call_command("loaddata", str(path), verbosity=0)
    assert model.objects.filter(**{field.name: "HTTPS://example.org/a"}).exists()


# Through the admin


def admin_change(admin_pages, model, field, address):
    record = make(model, **{field.name: "https://before.example.org"})
    page = admin_pages.get(model, "change", record.pk)
    data = change_form_data(page) | {field.name: address}
    return record, admin_pages.post(model, "change", data, pk=record.pk)


@pytest.mark.django_db
@each_url_field
@pytest.mark.parametrize("address", REFUSED)
def test_url_schemes_admin_form_refuses_other_scheme(admin_pages, model, field, address):
    record, response = admin_change(admin_pages, model, field, address)
    assert response.status_code == 200
    # Beside the field: Django's own check of an address, or where that lets it pass, the rule's.
    errors = response.context["adminform"].form.errors[field.name]
    assert errors in (["Enter a valid URL."], [MESSAGE])
    assert errors[0] in admin_pages.text(response)
    record.refresh_from_db()
    assert getattr(record, field.name) == "https://before.example.org"


@pytest.mark.django_db
@each_url_field
@pytest.mark.parametrize("address", ["https://example.org", "HTTP://EXAMPLE.ORG", ""])
def test_url_schemes_admin_form_saves_http_or_blank(admin_pages, model, field, address):
    record, response = admin_change(admin_pages, model, field, address)
    assert response.status_code == 302, admin_pages.text(response)
    record.refresh_from_db()
    assert getattr(record, field.name).lower() == address.lower()


# Through a migration over rows stored before the rule


def migration_adding(model, name):
    """The (app, migration) that adds the named constraint, and the one before it in the app."""
    loader = MigrationLoader(connection)
    for key, migration in loader.disk_migrations.items():
        if any(isinstance(op, AddConstraint) and op.constraint.name == name for op in migration.operations):
            before = [parent for parent in migration.dependencies if parent[0] == key[0]]
            return key, before[0]
    raise LookupError(f"No migration adds {name}.")


def stored_at(migration, model, **values):
    """A row saved by ``model`` as it was at ``migration`` (app, name): today's may have more columns.

    Every text field that must be filled and has no default gets a value too.
    """
    past = MigrationLoader(connection).project_state(migration).apps.get_model(model._meta.label)
    for field in past._meta.concrete_fields:
        required = not (field.blank or field.null or field.has_default() or field.primary_key)
        if required and isinstance(field, models.CharField):
            values.setdefault(field.name, "stored-before-the-rule")
    return past.objects.create(**values)


@pytest.mark.django_db(transaction=True)
@each_url_field_older_than_its_rule
def test_url_schemes_migration_names_the_rows_it_cannot_keep(model, field):
    (app, adding), (_, before) = migration_adding(model, constraint_name(model, field))
    call_command("migrate", app, before, verbosity=0)
    try:
        stored = stored_at((app, before), model, **{field.name: "javascript:alert(1)"})
        with pytest.raises(CommandError) as failure:
            call_command("migrate", app, adding, verbosity=0)
        message = str(failure.value)
        assert stored.slug in message and "'javascript:alert(1)'" in message
        assert "start with http:// or https://" in message
        stored.delete()
    finally:
        # Every app, not only this one: going back also took back the migrations of other apps that
        # depend on this one's (meetings' citations depend on sources'), which the next tests need.
        call_command("migrate", verbosity=0)
    assert_db_rejects(model, constraint_name(model, field), lambda: make(model, **{field.name: "vbscript:x"}))


# What the pages, the API and Popolo link, should an address get in another way


@contextlib.contextmanager
def constraint_lifted(model, name):
    """The named CHECK constraint set aside, to store what only an older database could hold."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
            try:
                yield
            finally:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
        else:
            # Put back when the test's transaction is rolled back.
            quote = connection.ops.quote_name
            cursor.execute(f"ALTER TABLE {quote(model._meta.db_table)} DROP CONSTRAINT {quote(name)}")
            yield


def text_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


@pytest.mark.django_db
def test_url_schemes_pages_link_no_other_scheme_stored_before_the_rule(client):
    with constraint_lifted(Source, "source_url_http_only"):
        source = factories.make_source(url="JavaScript:alert(1)")
    with constraint_lifted(Organisation, "organisation_website_http_only"):
        organisation = factories.make_organisation(website="javascript:alert(2)")
    meeting = make_meeting(host=organisation)
    factories.make_citation(meeting, source=source)
    urls = [
        source.get_absolute_url(),
        meeting.get_absolute_url(),
        organisation.get_absolute_url(),
        f"/api/meetings/{meeting.slug}/",
        f"/api/organisations/{organisation.slug}/",
        "/api/popolo.json",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "javascript:" not in text_of(response).lower(), url
    # The source is still cited, through its page on this site.
    popolo = json.loads(text_of(client.get("/api/popolo.json")))
    [event] = popolo["events"]
    assert event["sources"][0]["url"].endswith(source.get_absolute_url())


@pytest.mark.django_db
def test_url_schemes_pages_link_http_addresses(client):
    source = factories.make_source(url="https://news.example.org/accsm-21")
    organisation = factories.make_organisation(website="HTTPS://moha.example.gov")
    meeting = make_meeting(host=organisation)
    factories.make_citation(meeting, source=source)
    assert 'href="https://news.example.org/accsm-21"' in text_of(client.get(source.get_absolute_url()))
    assert 'href="https://news.example.org/accsm-21"' in text_of(client.get(meeting.get_absolute_url()))
    assert 'href="HTTPS://moha.example.gov"' in text_of(client.get(organisation.get_absolute_url()))
    popolo = text_of(client.get("/api/popolo.json"))
    assert "https://news.example.org/accsm-21" in popolo and "HTTPS://moha.example.gov" in popolo
