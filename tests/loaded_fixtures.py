"""The records `make run` loads, loaded the real way once per test run and copied into each test.

``loaddata accsm`` parses the fixture and saves every record through the ORM, one at a time, with
its signals: over a second a test on SQLite and more on PostgreSQL. Hundreds of tests ask for the
records, and that alone made the suite outgrow CI's time. So the first test to ask loads the fixture
the real way in a transaction that is then rolled back, noting the rows the load added to each
table; every test (the first one too) then inserts those rows directly, in its own transaction as
before. Tests of loading itself (tests/test_fixtures.py) still call ``loaddata``, and one of them
checks that the copy holds what a real load holds.
"""

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from core import freshness
from core.models import DataVersion

# The one table a load changes that holds no record: the data version is bumped, not copied, since
# a test may have read it (and so created its row) before asking for the records.
NOT_COPIED = {DataVersion._meta.db_table}


def read_tables():
    """Every table's columns and rows: {table: (columns, set of row tuples)}.

    PostgreSQL hands the values back as text, which it turns back into each column's type when they
    are inserted (dates, JSON, search vectors alike); SQLite's values go back in as they came out.
    """
    quote = connection.ops.quote_name
    as_text = connection.vendor == "postgresql"
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)} WHERE 1 = 0")
            columns = [column[0] for column in cursor.description]
            selected = ", ".join(f"{quote(column)}::text" if as_text else quote(column) for column in columns)
            cursor.execute(f"SELECT {selected} FROM {quote(table)}")
            tables[table] = (columns, set(cursor.fetchall()))
    return tables


class LoadedRecords:
    """The rows ``loaddata accsm`` adds to a freshly migrated database, and a way to add them again."""

    def __init__(self, added, content_types):
        # {table: (columns, [rows])}, only the tables the load added rows to.
        self.added = added
        # {id: (app label, model)} as the content types were when the rows were read.
        self.content_types = content_types

    @classmethod
    def capture(cls):
        """Load the fixture in a transaction that is rolled back, and keep the rows it added."""
        with transaction.atomic():
            before = read_tables()
            call_command("loaddata", "accsm", verbosity=0)
            after = read_tables()
            transaction.set_rollback(True)
        added = {}
        for table, (columns, rows) in after.items():
            if table in NOT_COPIED:
                continue
            old_rows = before.get(table, (columns, set()))[1]
            if old_rows - rows:
                # A load that changed or removed rows it did not add cannot be replayed by inserting.
                raise RuntimeError(f"Loading the fixture changed rows already in {table}: cannot copy it.")
            if new_rows := rows - old_rows:
                added[table] = (columns, sorted(new_rows, key=repr))
        return cls(added, content_type_names())

    def insert(self):
        """Add the rows to the database, in one transaction, as a load would have left them."""
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            # Foreign keys are checked at the end of the transaction, so the tables go in any order.
            for table, (columns, rows) in self.with_content_types_now().items():
                names = ", ".join(quote(column) for column in columns)
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})", rows)
            # New rows after these take the next free ids, as after a load (PostgreSQL's sequences
            # do not follow explicit ids by themselves).
            models = [
                model
                for model in apps.get_models(include_auto_created=True)
                if model._meta.db_table in self.added
            ]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
            freshness.bump()

    def with_content_types_now(self):
        """The rows, their content types renumbered to the ids those have now.

        A transactional test empties the database after itself, and the content types are made
        again with new ids; rows that name a kind of record (citations, former slugs) must follow.
        """
        now = {name: pk for pk, name in content_type_names().items()}
        renumbered = {str(pk): now[name] for pk, name in self.content_types.items() if name in now}
        if all(old == str(new) for old, new in renumbered.items()):
            return self.added
        rows_by_table = {}
        for table, (columns, rows) in self.added.items():
            positions = [columns.index(column) for column in content_type_columns().get(table, ())]
            if positions:
                rows = [
                    tuple(
                        renumbered.get(str(value), value) if i in positions else value
                        for i, value in enumerate(row)
                    )
                    for row in rows
                ]
            rows_by_table[table] = (columns, rows)
        return rows_by_table


def content_type_names():
    from django.contrib.contenttypes.models import ContentType

    return {
        pk: (app_label, model)
        for pk, app_label, model in ContentType.objects.values_list("pk", "app_label", "model")
    }


def content_type_columns():
    """{table: [columns]} of every foreign key to a content type."""
    from django.contrib.contenttypes.models import ContentType

    columns = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is ContentType:
                columns.setdefault(model._meta.db_table, []).append(field.column)
    return columns
