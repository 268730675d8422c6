"""What a backup holds, how it is written, and what a restore replaces (``manage.py backup``/``restore``).

A backup holds every row a restore needs to bring the site back as it was: the records and their
history, users, groups and their permissions, staff's second-factor devices, the admin log and the
sign-in log -- every model of every installed app, so that an app added later is in it without a
change here -- except ``LEFT_OUT``.

Rows keep their ids: history rows and admin log entries refer to records by id, and a record deleted
since has no natural key left to find it by. References are written as natural keys (a meeting's
country as ``["VN"]``, a history row's author as ``["ana"]``) wherever the database guarantees that
the row referred to exists. Content types, permissions and groups, which ``migrate`` creates with ids
of its own, are written and matched by natural key only.
"""

import datetime

from django.apps import apps
from django.core.management.color import no_style
from django.core.serializers import json, sort_dependencies
from django.db import connection

LEFT_OUT = {
    # Sign-ins, not data: a restore signs everyone out rather than bringing back old cookies.
    "sessions.Session",
    # django-axes's lockout counters, which expire within the hour; its log of sign-ins is kept.
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    # The page cache's key, derived from every change: a restore replaces it.
    "core.DataVersion",
}
# Rows that ``migrate`` creates, with ids that differ between databases.
MADE_BY_MIGRATE = {"contenttypes.ContentType", "auth.Permission", "auth.Group"}
# Every running process caches content type ids, and permissions point at content types: a restore
# leaves these rows where they are and matches the backup's to them by natural key.
KEPT_BY_RESTORE = {"contenttypes.ContentType", "auth.Permission"}


def backed_up_models():
    """Every model a backup holds, each after those it refers to by natural key."""
    app_list = [
        (app_config, [model for model in app_config.get_models() if model._meta.label not in LEFT_OUT])
        for app_config in apps.get_app_configs()
    ]
    return sort_dependencies(app_list, allow_cycles=True)


def replaced_models():
    """The models whose rows a restore with ``--replace`` deletes before loading the backup's."""
    return [model for model in backed_up_models() if model._meta.label not in KEPT_BY_RESTORE]


def data_held():
    """The models of which the database holds rows that a restore would replace.

    A database that ``migrate`` alone has filled (content types, permissions, the staff roles'
    groups) holds none.
    """
    return [
        model._meta.label
        for model in replaced_models()
        if model._meta.label not in MADE_BY_MIGRATE and model._base_manager.exists()
    ]


def clear():
    """Delete every row a restore replaces, and every session, in the current transaction."""
    tables = set()
    for model in replaced_models():
        tables.add(model._meta.db_table)
        tables.update(
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        )
    if apps.is_installed("django.contrib.sessions"):
        # The users those sessions signed in are being replaced.
        tables.add(apps.get_model("sessions", "Session")._meta.db_table)
    statements = connection.ops.sql_flush(no_style(), sorted(tables), reset_sequences=True)
    connection.ops.execute_sql_flush(statements)


class ExactJSONEncoder(json.DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupSerializer(json.Serializer):
    """Django's JSON fixtures, with ids and natural keys as the module's docstring says."""

    def start_object(self, obj):
        self.use_natural_primary_keys = obj._meta.label in MADE_BY_MIGRATE
        super().start_object(obj)

    def handle_fk_field(self, obj, field):
        if field.db_constraint:
            super().handle_fk_field(obj, field)
        else:
            # A reference the database does not enforce (a history row's record) may point at a row
            # deleted since: it stays an id, which the restored rows keep.
            self._current[field.name] = self._value_from_field(obj, field)


def write(stream):
    """Write the backup of the whole database to ``stream``."""
    rows = (row for model in backed_up_models() for row in model._base_manager.order_by("pk").iterator())
    BackupSerializer().serialize(
        rows, stream=stream, indent=1, use_natural_foreign_keys=True, cls=ExactJSONEncoder
    )
