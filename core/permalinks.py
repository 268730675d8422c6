"""Addresses that keep working: permanent links, and the slugs records had before.

Permanent links: a short address for each public record that never changes (``/m/123/``). A
record's page lives at an address made from its slug, which staff may change; the permanent link
is made from its database id, which never changes and is never reused, and redirects to wherever
the page is now (public/views.py ``permanent_link``). The models are named by label, so that core
needs none of them.

Former slugs: when a record with a permanent link is saved under a new slug, the slug it had is
kept (``core.models.FormerSlug``), and the addresses made from it (its page, API entry and
per-record exports) redirect to those made from the new one (public/addresses.py). A slug that
belonged to one record is never given to another of the same kind: saving a record under another's
former slug is refused here (the admin form says so beside the slug first), and the database
refuses one former slug for two records (``former_slug_once_per_kind``). Like the data version
(core/freshness.py), this sees only what goes through ``save()``: code that changes slugs with
``QuerySet.update()`` records their former slugs itself.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError
from django.db.models.signals import post_delete, post_save, pre_save

from .models import FormerSlug

# The kind of record, by model label, and the letter its permanent links start with.
PREFIXES = {
    "meetings.meeting": "m",
    "meetings.declaration": "d",
    "people.official": "p",
    "people.organisation": "o",
    "sources.source": "s",
}
MODELS = {prefix: label for label, prefix in PREFIXES.items()}


def has_permanent_link(model):
    """Whether records of ``model`` have permanent links, and so keep their former slugs."""
    return model._meta.label_lower in PREFIXES


def model_for(prefix):
    """The model whose permanent links start with ``prefix`` (a key of MODELS)."""
    return apps.get_model(MODELS[prefix])


def permanent_path(record):
    """The record's permanent link as a path (``/m/123/``), or None for a kind of record without one."""
    prefix = PREFIXES.get(record._meta.label_lower)
    if prefix is None or record.pk is None:
        return None
    return f"/{prefix}/{record.pk}/"


def permanent_urls(request, model):
    """A function from the id of a ``model`` record to its full permanent link, for long exports."""
    start = request.build_absolute_uri(f"/{PREFIXES[model._meta.label_lower]}/")
    return lambda pk: f"{start}{pk}/"


def former_slugs_of(model):
    """The former slugs of ``model``'s records; the content type is joined, not looked up first, so
    that a query that uses this is one query whatever is cached."""
    return FormerSlug.objects.filter(
        content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
    )


def record_by_former_slug(queryset, slug):
    """The record of ``queryset`` that had ``slug`` before, or None; one query."""
    owners = former_slugs_of(queryset.model).filter(slug=slug).values("object_id")
    return queryset.filter(pk__in=owners).first()


def slug_used_before_by(record):
    """The other record of ``record``'s kind that had ``record.slug`` before, or None."""
    model = type(record)
    owners = former_slugs_of(model).filter(slug=record.slug)
    if record.pk is not None:
        owners = owners.exclude(object_id=record.pk)
    return model._base_manager.filter(pk__in=owners.values("object_id")).first()


def slug_used_before_message(owner):
    return f"This slug was used by “{owner}” before; choose another."


def check_slug(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save: refuses a slug another record had before, and notes the slug being replaced."""
    # A fixture names records by their slugs, so loading one never renames anything.
    if raw or (update_fields is not None and "slug" not in update_fields):
        return
    before = None
    if instance.pk is not None:
        before = sender._base_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if before == instance.slug:
        return
    owner = slug_used_before_by(instance)
    if owner is not None:
        raise IntegrityError(slug_used_before_message(owner))
    instance._replaced_slug = before


def keep_former_slug(sender, instance, raw=False, **kwargs):
    """post_save: keeps the slug the save replaced, now that the record is saved under its new one."""
    before = instance.__dict__.pop("_replaced_slug", None)
    if raw or before is None:
        return
    content_type = ContentType.objects.get_for_model(sender)
    # Back to a slug it had before: that one is its own again, no longer a former one.
    FormerSlug.objects.filter(content_type=content_type, object_id=instance.pk, slug=instance.slug).delete()
    FormerSlug.objects.get_or_create(content_type=content_type, object_id=instance.pk, slug=before)


def forget_former_slugs(sender, instance, **kwargs):
    """post_delete: a record's former slugs go with it, as its citations do."""
    former_slugs_of(sender).filter(object_id=instance.pk).delete()


def connect_signals():
    for label in PREFIXES:
        model = apps.get_model(label)
        uid = f"former-slugs-{label}"
        pre_save.connect(check_slug, sender=model, dispatch_uid=uid)
        post_save.connect(keep_former_slug, sender=model, dispatch_uid=uid)
        post_delete.connect(forget_former_slugs, sender=model, dispatch_uid=uid)
    # Dumped after the records it names, so a dump loads back in one pass.
    FormerSlug.natural_key.dependencies = list(PREFIXES)
