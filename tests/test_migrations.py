"""A database migrated before Source and DataVersion moved app upgrades with nothing lost.

Commit 4d25239 moved Source from the meetings app to sources and DataVersion from
people to core. This builds a database the way a deployment from just before it
(commit 9a67240) has one: that code's migrations, its fixture, then staff work
in it (a source corrected twice by a publisher, a source added and withdrawn, a
participation edited, a publisher and a user given a permission by hand, an
admin log entry). Then today's code migrates the same database, and the tests
compare what both versions of the code read from it: the rows with their ids,
the history and who made it, every link to a source, the public pages, sitemap
and API at the same addresses, the data version, the staff's permissions and the
admin log, a full dump of the records; and that the old tables are gone with
every foreign key and constraint now on the renamed ones.

It runs on whichever database DATABASE_URL selects, in a throw-away database of
its own (a temporary SQLite file, or a new database on the same PostgreSQL
server), through ``manage.py`` subprocesses: the tests never touch
pytest-django's test database.
"""

import inspect
import json
import os
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
BEFORE_THE_MOVE = "9a67240"
# Labels in a dump from the code before the move, as today's code names the same models.
MOVED_MODELS = {
    "meetings.source": "sources.source",
    "meetings.historicalsource": "sources.historicalsource",
    "people.dataversion": "core.dataversion",
}
RESULT_MARKER = "RESULT:"


# The functions below run in `manage.py shell` of either checkout, not in pytest: `Checkout.call`
# sends their source over. They import what they need themselves.


def work_done_before_the_move():
    """The fixture as `make fixtures` loads it, then staff work that no fixture holds."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import Group, Permission, User
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    from meetings.models import Participation, Source

    call_command("loaddata", "accsm", verbosity=0)
    publisher = User.objects.create_user("pat")
    publisher.groups.add(Group.objects.get(name="Publishers"))
    # A permission granted by hand: no group sync after a migrate would give it back if it were lost.
    auditor = User.objects.create_user("audrey")
    auditor.user_permissions.add(
        Permission.objects.get(content_type__app_label="meetings", codename="view_source")
    )

    source = Source.objects.order_by("id").first()
    source._history_user = publisher
    source.headline += " (corrected)"
    source.save()
    source.note = "The second paragraph names the wrong ministry."
    source.save()
    withdrawn = Source(slug="withdrawn-report", headline="A report later withdrawn", publisher="Nobody")
    withdrawn._history_user = publisher
    withdrawn.save()
    withdrawn.delete()
    # Its history row keeps a source_id that points at the moved table afterwards.
    Participation.objects.exclude(source=None).order_by("id").first().save()
    LogEntry.objects.create(
        user=publisher,
        content_type=ContentType.objects.get(app_label="meetings", model="source"),
        object_id=str(source.pk),
        object_repr=str(source),
        action_flag=CHANGE,
        change_message="Corrected the headline.",
    )
    return {"corrected headline": source.headline}


def what_the_move_must_keep():
    """Everything about sources that staff and visitors see, read through the installed code."""
    import re
    from urllib.parse import urlsplit

    from django.apps import apps
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.models import Group, User
    from django.contrib.contenttypes.models import ContentType
    from django.test import Client

    def model_named(name):
        # Whichever app the installed code keeps it in.
        return next(model for model in apps.get_models() if model.__name__ == name)

    Source, DataVersion = model_named("Source"), model_named("DataVersion")
    label = Source._meta.app_label
    client = Client()

    def locations(sitemap):
        return [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", client.get(sitemap).text)]

    def links(page, prefixes):
        return sorted(
            {href for href in re.findall(r'href="([^"]+)"', page.text) if href.startswith(prefixes)}
        )

    def page_title(page):
        found = re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S)
        return found and found[1].strip()

    def source_page(path):
        page = client.get(path)
        return [page.status_code, page_title(page), links(page, ("/meetings/", "/declarations/"))]

    def has_field(model, name):
        return any(field.name == name for field in model._meta.get_fields())

    def cited(record):
        """The slugs of the sources a record's citations name (meetings 0011 made its evidence citations)."""
        citations = apps.get_model("sources", "Citation").objects.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )
        return sorted(citations.values_list("source__slug", flat=True))

    def sources_of(record):
        if has_field(type(record), "sources"):
            return sorted(source.slug for source in record.sources.all())
        return cited(record)

    cited_by = {}
    for name in ("Participation", "Outcome", "MeetingDeclaration", "Chairmanship"):
        model = apps.get_model("meetings", name)
        if not has_field(model, "source"):
            for record in model._base_manager.order_by("pk"):
                for slug in cited(record):
                    cited_by[f"{name} {record.pk}"] = slug
            continue
        for record in model._base_manager.exclude(source=None).order_by("pk"):
            cited_by[f"{name} {record.pk}"] = record.source.slug
        for past in model.history.exclude(source=None).order_by("history_id"):
            cited_by[f"{name} {past.id} as of change {past.history_id}"] = past.source.slug
    content_types = {
        model._meta.model_name: ContentType.objects.filter(
            app_label=model._meta.app_label, model=model._meta.model_name
        )
        .values_list("id", flat=True)
        .first()
        for model in (Source, Source.history.model, DataVersion)
    }
    admin_log = []
    for entry in LogEntry.objects.order_by("id"):
        # Not get_edited_object(): an entry left on a content type without a model would crash it.
        model = entry.content_type.model_class()
        edited = model and model._base_manager.filter(pk=entry.object_id).first()
        about = edited and [type(edited).__name__, edited.slug]
        admin_log.append([entry.id, entry.content_type_id, entry.user.username, entry.change_message, about])

    return {
        # Read before any page: a page creates a data version if none is left.
        "data version": list(DataVersion.objects.values_list("id", "token")),
        "sources": [
            [source.id, source.slug, source.headline, source.publisher, source.url, source.note]
            for source in Source.objects.order_by("id")
        ],
        "source history": [
            [
                past.history_id,
                past.id,
                past.slug,
                past.headline,
                past.history_type,
                past.history_user.username,
            ]
            for past in Source.history.order_by("history_id")
        ],
        "meeting sources": {
            meeting.slug: sources_of(meeting)
            for meeting in apps.get_model("meetings", "Meeting")._base_manager.order_by("slug")
        },
        "declaration sources": {
            declaration.slug: sources_of(declaration)
            for declaration in apps.get_model("meetings", "Declaration")._base_manager.order_by("slug")
        },
        "cited by": cited_by,
        "content type ids": content_types,
        "publishers' source permission ids": sorted(
            Group.objects.get(name="Publishers")
            .permissions.filter(content_type_id=content_types["source"])
            .values_list("id", flat=True)
        ),
        "what staff may do to sources": {
            user.username: sorted(
                action
                for action in ("view", "add", "change", "delete")
                if user.has_perm(f"{label}.{action}_source")
            )
            for user in User.objects.order_by("username")
        },
        "admin log": admin_log,
        "source pages": {path: source_page(path) for path in locations("/sitemap-sources.xml")},
        "sources on meeting pages": {
            path: links(client.get(path), ("/sources/",)) for path in locations("/sitemap-meetings.xml")
        },
        # Since the move, the API gives no address as null rather than "" (not a URI).
        "sources in the API": {
            # The permanent link each source gained later (core/permalinks.py) is no part of the move.
            path: [
                {
                    **{key: value for key, value in source.items() if key != "permalink"},
                    "url": source["url"] or None,
                }
                for source in client.get(f"/api{path}").json()["sources"]
            ]
            for path in locations("/sitemap-meetings.xml")
        },
    }


def every_record():
    """`manage.py dumpdata` of the record apps, whichever of them the installed code has."""
    import json
    from io import StringIO

    from django.apps import apps
    from django.core.management import call_command

    installed = [app for app in ("sources", "core", "meetings", "people") if apps.is_installed(app)]
    out = StringIO()
    call_command("dumpdata", *installed, natural_foreign=True, natural_primary=True, stdout=out)
    return json.loads(out.getvalue())


def how_the_move_left_the_schema():
    """The tables and foreign keys after the move, and whether the constraints still hold.

    The constraints are tried rather than introspected: Django's SQLite introspection splits a table's
    SQL at every ", ", so it fails on a CHECK that calls SUBSTR("url", 1, 7).
    """
    from django.db import IntegrityError, connection, transaction

    from sources.models import Source

    # Since the evidence became citations (meetings 0011, 0012), only citations refer to sources.
    referring = ["sources_citation"]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        references = {
            table: connection.introspection.get_relations(cursor, table)["source_id"][1]
            for table in referring
        }

    def refused(**fields):
        try:
            with transaction.atomic():
                Source.objects.create(publisher="Test", headline="Test", **fields)
        except IntegrityError:
            return True
        return False

    newest_before = Source.objects.order_by("-id").values_list("id", flat=True)[0]
    with transaction.atomic():
        connection.check_constraints()
        behaviour = {
            "a taken slug refused": refused(slug=Source.objects.order_by("id")[0].slug),
            "a capitalised slug refused": refused(slug="Upper-Case"),
            "a new source gets a new id": Source.objects.create(
                slug="added-after-the-move", publisher="Test", headline="Test"
            ).id
            > newest_before,
        }
        transaction.set_rollback(True)

    return {
        "tables": sorted(table for table in tables if "source" in table or "dataversion" in table),
        "tables referring to sources": references,
        "behaviour": behaviour,
    }


class Checkout:
    """A copy of the code whose `manage.py` runs, with the project's interpreter, against one database."""

    def __init__(self, root, database_url):
        self.root = root
        self.env = {
            key: value
            for key, value in os.environ.items()
            # Nothing from the code under test, nor a cache shared with it.
            if key not in {"PYTHONPATH", "REDIS_URL"}
        }
        self.env |= {
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "1",
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "accsm.settings",
        }

    def manage(self, *args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if done.returncode:
            pytest.fail(
                f"manage.py {args[0]} failed in {self.root}:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}"
            )
        return done.stdout

    def call(self, *functions):
        """Run functions from above, in turn, in one `manage.py shell` here (each start costs seconds)."""
        calls = ", ".join(f"{function.__name__}()" for function in functions)
        script = "\n".join(
            [
                *(inspect.getsource(function) for function in functions),
                "import json",
                f"print({RESULT_MARKER!r} + json.dumps([{calls}], default=str))",
            ]
        )
        output = self.manage("shell", "--command", script)
        return json.loads(output.split(RESULT_MARKER, 1)[1])


def by_model(records):
    """Dumped records grouped by model, under the labels today's code gives the moved ones."""
    grouped = {}
    for record in records:
        grouped.setdefault(MOVED_MODELS.get(record["model"], record["model"]), []).append(record["fields"])
    return grouped


def pre_move_code(destination):
    """The project as it was just before the move, extracted from git history."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "archive", "--format=tar", BEFORE_THE_MOVE],
            capture_output=True,
            check=False,
        )
        problem = archive.returncode and archive.stderr.decode(errors="replace").strip()
    except OSError as error:
        problem = f"git did not run: {error}"
    if problem:
        reason = f"needs commit {BEFORE_THE_MOVE} from the git history (clone with full history): {problem}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    destination.mkdir()
    subprocess.run(["tar", "-x", "-C", str(destination)], input=archive.stdout, check=True)
    return destination


@contextmanager
def throw_away_database(directory):
    """A database URL of the same kind as DATABASE_URL's, for a database nobody else uses."""
    current = os.environ.get("DATABASE_URL", "")
    if not current.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{directory / 'upgraded.sqlite3'}"
        return
    import psycopg2
    from psycopg2 import sql

    settings = dj_database_url.parse(current)
    server = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )
    server.autocommit = True
    name = f"accsm_migration_{uuid.uuid4().hex[:12]}"
    with server.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(current)._replace(path=f"/{name}").geturl()
    finally:
        with server.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        server.close()


@pytest.fixture(scope="module")
def upgrade(tmp_path_factory):
    """One database taken through the upgrade (two full migrates, so built once for the module)."""
    directory = tmp_path_factory.mktemp("upgrade")
    try:
        code_before = pre_move_code(directory / "before")
        with throw_away_database(directory) as database_url:
            before_code = Checkout(code_before, database_url)
            before_code.manage("migrate", "--no-input")
            work, before, dump_before = before_code.call(
                work_done_before_the_move, what_the_move_must_keep, every_record
            )
            today = Checkout(REPO_ROOT, database_url)
            today.manage("migrate", "--no-input")
            # The schema checks write test rows (then roll them back), so they run after what is compared.
            after, schema, dump_after = today.call(
                what_the_move_must_keep, how_the_move_left_the_schema, every_record
            )
            yield {
                "work": work,
                "before": before,
                "after": after,
                "schema": schema,
                "dump before": by_model(dump_before),
                "dump after": by_model(dump_after),
            }
    finally:
        # pytest keeps its last three temporary folders: not with a copy of the project in each.
        shutil.rmtree(directory, ignore_errors=True)


def test_source_rows_keep_their_ids_slugs_and_headlines_after_the_move(upgrade):
    before, after = upgrade["before"], upgrade["after"]
    assert len(before["sources"]) >= 2
    assert after["sources"] == before["sources"]
    assert upgrade["work"]["corrected headline"] in [source[2] for source in after["sources"]]


def test_source_history_survives_the_move_with_who_made_it(upgrade):
    before, after = upgrade["before"], upgrade["after"]
    # Two corrections of one source, and the withdrawn source's creation and deletion.
    assert [row[4] for row in before["source history"]] == ["~", "~", "+", "-"]
    assert after["source history"] == before["source history"]
    assert {row[5] for row in after["source history"]} == {"pat"}


def test_links_to_sources_resolve_after_the_move(upgrade):
    before, after = upgrade["before"], upgrade["after"]
    for links in ("meeting sources", "declaration sources"):
        assert any(before[links].values()), f"the fixture should give some {links}"
        assert after[links] == before[links], links
    # Each record's evidence is now its citation. What it cited in earlier versions went with the
    # history's evidence columns (meetings 0012): the citations' own history starts at the upgrade.
    assert any(" as of change " in citation for citation in before["cited by"])
    now = {record: slug for record, slug in before["cited by"].items() if " as of change " not in record}
    assert after["cited by"] == now


def test_source_pages_keep_their_addresses_and_contents_after_the_move(upgrade):
    before, after = upgrade["before"], upgrade["after"]
    assert after["source pages"] == before["source pages"]
    assert all(status == 200 for status, _, _ in after["source pages"].values())
    titles = [title for _, title, _ in after["source pages"].values()]
    assert upgrade["work"]["corrected headline"] in titles
    assert "/sources/withdrawn-report/" not in after["source pages"]


def test_meeting_pages_and_api_cite_the_same_sources_after_the_move(upgrade):
    before, after = upgrade["before"], upgrade["after"]
    assert any(before["sources on meeting pages"].values())
    assert after["sources on meeting pages"] == before["sources on meeting pages"]
    assert after["sources in the API"] == before["sources in the API"]


def test_data_version_token_survives_the_move(upgrade):
    before, after = upgrade["before"], upgrade["after"]
    assert len(before["data version"]) == 1
    assert after["data version"] == before["data version"]


def test_staff_permissions_and_admin_log_follow_sources_to_their_new_app(upgrade):
    before, after = upgrade["before"], upgrade["after"]
    # The same content type and permission rows, moved rather than made again after the migrate.
    assert after["content type ids"] == before["content type ids"]
    assert after["publishers' source permission ids"] == before["publishers' source permission ids"]
    assert after["what staff may do to sources"] == before["what staff may do to sources"]
    assert after["what staff may do to sources"]["pat"] == ["add", "change", "delete", "view"]
    assert after["what staff may do to sources"]["audrey"] == ["view"]
    assert after["admin log"] == before["admin log"]
    first_source = after["sources"][0][1]
    assert [entry[4] for entry in after["admin log"]] == [["Source", first_source]]


def test_old_tables_are_gone_and_every_link_uses_the_renamed_ones_after_the_move(upgrade):
    schema = upgrade["schema"]
    assert schema["tables"] == [
        "core_dataversion",
        "sources_citation",
        "sources_historicalcitation",
        "sources_historicalsource",
        "sources_source",
    ]
    assert set(schema["tables referring to sources"].values()) == {"sources_source"}


def test_source_constraints_still_hold_after_the_move(upgrade):
    schema = upgrade["schema"]
    assert schema["behaviour"] == {
        "a taken slug refused": True,
        "a capitalised slug refused": True,
        "a new source gets a new id": True,
    }


def test_every_record_dumps_the_same_after_the_move(upgrade):
    before, after = upgrade["dump before"], upgrade["dump after"]
    # The records' evidence became citations (meetings 0011), each with the start of its history.
    assert set(after) == set(before) | {"sources.citation", "sources.historicalcitation"}
    assert len(after["sources.citation"]) == len(after["sources.historicalcitation"]) > 0
    assert {"sources.source", "sources.historicalsource", "core.dataversion"} <= set(after)
    for model, records in before.items():
        assert len(after[model]) == len(records), model
        # A field a later migration adds (organisations' founding dates) is no part of the move.
        kept = [
            {key: value for key, value in now.items() if key in then}
            for now, then in zip(after[model], records, strict=True)
        ]
        assert kept == [without_evidence(record) for record in records], model


def without_evidence(fields):
    """A record's dumped fields without those that became citations (meetings 0011, 0012)."""
    return {key: value for key, value in fields.items() if key not in {"source", "quote", "sources"}}
