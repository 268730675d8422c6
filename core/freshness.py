"""The data version: one row whose token every change to a record replaces.

Every change to a record (a save, a delete or a change of many-to-many links,
from the admin, a fixture load or a command) gives the single DataVersion row
a new random token, in the same transaction as the change. The page cache and
conditional GET (accsm/page_cache.py) key every public response on it.

Code that writes with ``QuerySet.update()`` or ``bulk_create()`` sends no
signal, so it calls ``bump()`` itself.
"""

import datetime
import uuid

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .models import DataVersion, is_record_model


def current():
    """The data version now, created on first use (a flushed database has none).

    Read with plain SQL: it runs for every public request, and building the
    ORM query took as long as running it.
    """
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, changed_at FROM {table} WHERE id = %s", [DataVersion.SINGLETON])
        row = cursor.fetchone()
    if row is None:
        version, _ = DataVersion.objects.get_or_create(
            pk=DataVersion.SINGLETON, defaults={"token": _new_token(), "changed_at": timezone.now()}
        )
        return version
    token, changed_at = row
    if timezone.is_naive(changed_at):
        # SQLite hands back the stored UTC time without its zone.
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return DataVersion(id=DataVersion.SINGLETON, token=token, changed_at=changed_at)


def bump():
    """Record that the public records changed: every cached page and ETag goes stale."""
    values = {"token": _new_token(), "changed_at": timezone.now()}
    if not DataVersion.objects.filter(pk=DataVersion.SINGLETON).update(**values):
        DataVersion.objects.get_or_create(pk=DataVersion.SINGLETON, defaults=values)


def _new_token():
    return uuid.uuid4().hex


def record_changed(sender, **kwargs):
    """Signal receiver for saves and deletes of every model."""
    # A version row loaded from a hand-made dump would bring back a token that a
    # cache may already hold other pages under, so it is replaced at once.
    if is_record_model(sender) or (sender is DataVersion and kwargs.get("raw")):
        bump()


def links_changed(sender, instance, action, **kwargs):
    """Signal receiver for many-to-many changes: the sender is the link table, the instance a record."""
    if action.startswith("post_") and is_record_model(type(instance)):
        bump()


def connect_signals():
    # No sender: every model, including the automatic many-to-many tables.
    post_save.connect(record_changed, dispatch_uid="freshness-save")
    post_delete.connect(record_changed, dispatch_uid="freshness-delete")
    m2m_changed.connect(links_changed, dispatch_uid="freshness-m2m")
