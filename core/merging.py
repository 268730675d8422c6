"""Merging two records of one kind that are one thing (two officials for one person), and undoing it.

``plan_merge(survivor, merged, values)`` says what a merge would do before anything changes: the
rows that refer to the merged record and would move to the survivor, the rows that would then
repeat one the survivor has (dropped), and the conflicts that forbid it (two posts that would
clash, an organisation that would become its own parent). ``merge(plan, user)`` does it in one
transaction and writes a ``RecordMerge`` holding all it needs to be undone; ``undo_merge`` undoes it.

What a record holds is found by introspection, so that core needs none of the models: every
foreign key or one-to-one relation to the record's model (but the hidden ones, such as the history
tables'), and every row of any model with a generic foreign key naming the record (citations,
former slugs). A model may keep the merged record's name by defining
``merged_name_rows(merged, former)``: unsaved rows (an alias) the merge saves on the survivor.

Every row is changed with ``save()``, so that its history, the data version, the search text and
the former slugs follow, each history row saying why. The merged record's slug becomes one of the
survivor's former slugs, so the merged record's old addresses answer 301 with the survivor's
(public/addresses.py); its id stays in the ``RecordMerge``, so its permanent link does too.
"""

import json
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q, RestrictedError, UniqueConstraint
from django.utils import timezone

from . import search
from .backup import ExactJSONEncoder
from .models import FormerSlug, RecordMerge, SearchableModel
from .permalinks import former_slugs_of, has_permanent_link

TIMESTAMPS = ("created", "updated")
# Rows of rows: a dropped duplicate's own citations move to the row it repeats, and so on, this deep.
MAX_DEPTH = 3
UNDONE = "Merge undone"
# simple-history's history_change_reason column; PostgreSQL refuses a longer text, SQLite did not.
REASON_LENGTH = 100


class MergeRefused(Exception):
    """A merge or an undo that cannot be done safely; the message says why, in staff's words."""


def mergeable_fields(model):
    """The fields staff choose a value of when merging: what they edit, but the id and the times."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in TIMESTAMPS and f.serialize
    ]


def plain(value):
    """``value`` as the snapshot stores it (times as ISO text, to the microsecond), so that values
    compare after a round trip."""
    return json.loads(json.dumps(value, cls=ExactJSONEncoder))


def serialize(row):
    """Every stored value of ``row`` by column, the id included; derived columns (search text) left out."""
    return {
        f.attname: plain(getattr(row, f.attname))
        for f in row._meta.concrete_fields
        if f.serialize or f.primary_key
    }


def rebuild(model, values):
    """An unsaved ``model`` row with the ``values`` that ``serialize`` gave."""
    row = model()
    for f in model._meta.concrete_fields:
        if f.attname in values:
            setattr(row, f.attname, f.to_python(values[f.attname]))
    return row


def describe(row):
    return f"{row._meta.verbose_name} “{row}”"


@dataclass
class Move:
    """A row that refers to the merged record in ``fields`` (columns) and will refer to the survivor."""

    row: object
    fields: tuple
    label: str

    def key(self):
        return (self.row._meta.label, self.row.pk)


@dataclass
class Duplicate:
    """A row that, moved, would repeat ``twin``, which the survivor already has: it is dropped, and
    whatever refers to it moves to the twin (``plan``)."""

    row: object
    twin: object
    label: str
    plan: "Plan"

    def key(self):
        return (self.row._meta.label, self.row.pk)


@dataclass
class Plan:
    """What merging ``merged`` into ``survivor`` would do; nothing has changed yet."""

    survivor: object
    merged: object
    values: dict
    moves: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)

    @property
    def can_merge(self):
        return not self.conflicts

    def row_keys(self):
        """Every row the plan moves or drops, nested ones included: to see whether anything changed since."""
        found = {move.key() for move in self.moves}
        for duplicate in self.duplicates:
            found |= {duplicate.key(), *duplicate.plan.row_keys()}
        return found

    def holdings(self):
        """What the merged record holds, by kind: [(kind, [labels])], the kinds in a stable order."""
        kinds = {}
        for item in self.moves:
            kinds.setdefault(str(item.row._meta.verbose_name_plural), []).append(item.label)
        for item in self.duplicates:
            label = f"{item.label} (the other has it too: kept once)"
            kinds.setdefault(str(item.row._meta.verbose_name_plural), []).append(label)
        return sorted(kinds.items())


def relations_to(model):
    """{related model: [foreign keys to ``model``]}: every visible relation a row elsewhere holds to it.

    Hidden relations (``related_name="+"``) are the history tables', which record what a row was and
    must keep pointing where it pointed; a many-to-many relation is found through its own table.
    """
    found = {}
    for relation in model._meta.related_objects:
        if relation.hidden or relation.many_to_many:
            continue
        found.setdefault(relation.related_model, []).append(relation.field)
    return found


def generic_relations():
    """[(model, GenericForeignKey)]: every installed model's references to a record of any kind."""
    return [
        (model, private)
        for model in apps.get_models()
        for private in model._meta.private_fields
        if isinstance(private, GenericForeignKey)
    ]


def forward_relations(model, leaving_out=()):
    """The names of ``model``'s foreign keys but ``leaving_out``: joined, so that rows name themselves
    in the one query that finds them."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.many_to_one and f.name not in leaving_out
    ]


def rows_referring_to(record, exclude_pks=()):
    """[(row, columns)]: every row that refers to ``record``, with the columns that do, one query a kind.

    Each row's reference is set to ``record`` itself in memory, so naming the rows asks nothing more.
    """
    model = type(record)
    found = []
    for related, fks in relations_to(model).items():
        rows = (
            related._base_manager.filter(reduce(or_, (Q(**{fk.name: record.pk}) for fk in fks)))
            .exclude(pk__in=[pk for pk in exclude_pks if related is model])
            .select_related(*forward_relations(related, leaving_out=[fk.name for fk in fks]))
            .order_by("pk")
        )
        for row in rows:
            columns = []
            for fk in fks:
                if getattr(row, fk.attname) == record.pk:
                    setattr(row, fk.name, record)
                    columns.append(fk.attname)
            found.append((row, tuple(columns)))
    content_type = ContentType.objects.get_for_model(model)
    for related, generic in generic_relations():
        rows = (
            related._base_manager.filter(**{generic.ct_field: content_type, generic.fk_field: record.pk})
            .select_related(*forward_relations(related, leaving_out=[generic.ct_field]))
            .order_by("pk")
        )
        for row in rows:
            generic.set_cached_value(row, record)
            found.append((row, (related._meta.get_field(generic.fk_field).attname,)))
    return found


def unique_keys(model):
    """[(columns, message)]: the sets of columns no two rows of ``model`` share, from its unique fields
    and its unconditional unique constraints on plain fields."""
    keys = [
        ((f.attname,), f.error_messages["unique"])
        for f in model._meta.concrete_fields
        if f.unique and not f.primary_key
    ]
    for constraint in model._meta.total_unique_constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.fields:
            columns = tuple(model._meta.get_field(name).attname for name in constraint.fields)
            keys.append((columns, constraint.get_violation_error_message()))
    for together in model._meta.unique_together:
        keys.append(
            (tuple(model._meta.get_field(name).attname for name in together), "These values are taken.")
        )
    return keys


def compared_values(row, moved=None):
    """What makes a row the row it is: every stored value but its id, times and derived columns, with
    the columns in ``moved`` replaced by their new values."""
    values = {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if f.serialize and not f.primary_key and f.name not in TIMESTAMPS
    }
    return values | (moved or {})


def collect(plan, target, source, depth=0):
    """Fill ``plan`` with what moving every row that refers to ``source`` over to ``target`` would do."""
    by_model = {}
    for row, columns in rows_referring_to(source, exclude_pks=(target.pk, source.pk)):
        by_model.setdefault(type(row), []).append((row, columns))
    for model, rows in by_model.items():
        moved_columns = {column for _, columns in rows for column in columns}
        keys = [(columns, message) for columns, message in unique_keys(model) if moved_columns & set(columns)]
        existing = []
        if keys:
            # The target's own rows of this kind: the only ones a moved row could clash with.
            existing = list(
                model._base_manager.filter(reduce(or_, (Q(**{c: target.pk}) for c in moved_columns)))
            )
        for row, columns in rows:
            label = describe(row)
            after = compared_values(row, dict.fromkeys(columns, target.pk))
            clash, message = find_clash(after, keys, existing)
            if clash is None:
                plan.moves.append(Move(row, columns, label))
            elif compared_values(clash) == after and depth < MAX_DEPTH:
                nested = Plan(clash, row, {})
                collect(nested, clash, row, depth + 1)
                plan.conflicts.extend(nested.conflicts)
                plan.duplicates.append(Duplicate(row, clash, label, nested))
            else:
                plan.conflicts.append(f"{label[0].upper()}{label[1:]}: {message}")


def find_clash(values, keys, existing):
    """(the row of ``existing`` that a row with ``values`` would share a unique key with, the key's
    message), or (None, None). A key with an empty value clashes with nothing, as in the database."""
    for key, message in keys:
        wanted = tuple(values[column] for column in key)
        if None in wanted:
            continue
        for other in existing:
            if tuple(getattr(other, column) for column in key) == wanted:
                return other, message
    return None, None


def self_relations(model):
    return [
        f for f in model._meta.concrete_fields if f.is_relation and f.many_to_one and f.related_model is model
    ]


def loops(survivor, merged, values):
    """The conflicts of a record that would, merged, be part of itself (its own parent or ancestor)."""
    model = type(survivor)
    found = []
    for relation in self_relations(model):
        seen = set()
        current = values.get(relation.attname, getattr(survivor, relation.attname))
        while current is not None and current not in seen:
            # After the merge, whatever referred to the merged record refers to the survivor.
            if current in (survivor.pk, merged.pk):
                found.append(
                    f"“{survivor}” would become its own {relation.verbose_name}: choose another "
                    f"{relation.verbose_name}, or leave it empty."
                )
                break
            seen.add(current)
            current = model._base_manager.filter(pk=current).values_list(relation.attname, flat=True).first()
    return found


def value_conflicts(survivor, merged, values):
    """The rules the survivor with the chosen values would break, other than repeating the merged record
    itself (which will be gone)."""
    model = type(survivor)
    candidate = model._base_manager.get(pk=survivor.pk)
    for name, value in values.items():
        setattr(candidate, name, value)
    found = []
    for constraint in model._meta.constraints:
        try:
            if isinstance(constraint, UniqueConstraint) and constraint.fields:
                lookup = {
                    name: getattr(candidate, model._meta.get_field(name).attname)
                    for name in constraint.fields
                }
                if model._base_manager.filter(**lookup).exclude(pk__in=[survivor.pk, merged.pk]).exists():
                    raise ValidationError(constraint.get_violation_error_message())
            elif not isinstance(constraint, UniqueConstraint):
                constraint.validate(model, candidate)
        except ValidationError as error:
            found.extend(error.messages)
    return found


def default_values(survivor):
    """The survivor's own value of every field staff may choose, as an empty choice would be."""
    return {f.attname: getattr(survivor, f.attname) for f in mergeable_fields(type(survivor))}


def plan_merge(survivor, merged, values=None):
    """What merging ``merged`` into ``survivor`` would do, with the survivor taking ``values``
    ({column: value}; the survivor's own values where not given). Changes nothing."""
    if type(survivor) is not type(merged):
        raise MergeRefused("Only two records of the same kind can be merged.")
    if survivor.pk == merged.pk:
        raise MergeRefused("A record cannot be merged into itself.")
    chosen = default_values(survivor) | (values or {})
    plan = Plan(survivor, merged, chosen)
    collect(plan, survivor, merged)
    found = [*loops(survivor, merged, chosen), *value_conflicts(survivor, merged, chosen), *plan.conflicts]
    # A rule broken two ways (its own parent: the loop and the constraint) is said once.
    plan.conflicts = list(dict.fromkeys(found))
    return plan


def because(row, reason):
    """Give ``row``'s next history entry ``reason``, cut to what its column holds (100 characters)."""
    row._change_reason = reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"


def save_row(row, reason):
    """Save a row the merge changes, its rules checked first, its history saying why."""
    try:
        row.validate_constraints()
    except ValidationError as error:
        raise MergeRefused(f"{describe(row)}: {' '.join(error.messages)}") from None
    because(row, reason)
    row.save()


def carry_out(plan, reason, moved, dropped):
    """Move and drop the rows of ``plan`` (and of its duplicates' plans), noting each for the undo."""
    for move in plan.moves:
        row = move.row
        before = {column: getattr(row, column) for column in move.fields}
        for column in move.fields:
            setattr(row, column, plan.survivor.pk)
        # The cached merged record would otherwise still be named through the relation.
        row._state.fields_cache.clear()
        save_row(row, reason)
        moved.append(
            {
                "model": row._meta.label,
                "pk": row.pk,
                "before": plain(before),
                "after": plain(dict.fromkeys(move.fields, plan.survivor.pk)),
            }
        )
    for duplicate in plan.duplicates:
        carry_out(duplicate.plan, reason, moved, dropped)
        row = duplicate.row
        dropped.append({"model": row._meta.label, "fields": serialize(row)})
        because(row, f"{reason}: the same as {describe(duplicate.twin)}, which it keeps")
        row.delete()


def merge(plan, user=None):
    """Merge as ``plan`` says, in one transaction; returns the ``RecordMerge``.

    Refuses (``MergeRefused``, nothing changed) when the plan has conflicts, or when what the two
    records hold changed since it was made: staff confirm what they were shown, nothing else.
    """
    try:
        with transaction.atomic():
            return _merge(plan, user)
    except IntegrityError as error:
        raise MergeRefused(f"These records cannot be merged: {error}") from None


def _merge(plan, user):
    model = type(plan.survivor)
    locked = {
        record.pk: record
        for record in model._base_manager.select_for_update().filter(
            pk__in=[plan.survivor.pk, plan.merged.pk]
        )
    }
    if len(locked) < 2:
        raise MergeRefused("One of the two records no longer exists; nothing was merged.")
    survivor, merged = locked[plan.survivor.pk], locked[plan.merged.pk]
    fresh = plan_merge(survivor, merged, plan.values)
    if fresh.conflicts:
        raise MergeRefused("These records cannot be merged: " + " ".join(fresh.conflicts))
    if fresh.row_keys() != plan.row_keys():
        raise MergeRefused(
            "What the two records hold changed since the merge was shown; nothing was merged. "
            "Look at it again."
        )
    content_type = ContentType.objects.get_for_model(model)
    fields = [f.attname for f in mergeable_fields(model)]
    snapshot = {
        "merged": serialize(merged),
        "survivor_before": {name: plain(getattr(survivor, name)) for name in fields},
        "moved": [],
        "dropped": [],
        "created": [],
    }
    reason = f"Moved from “{merged}” by merging into “{survivor}”"
    carry_out(fresh, reason, snapshot["moved"], snapshot["dropped"])

    merged_name, merged_pk = str(merged), merged.pk
    former = model._base_manager.get(pk=survivor.pk)
    # The survivor's own reference to the merged record (its parent) goes first, or it would protect
    # the record; the survivor's save below records the value in its history.
    for relation in self_relations(model):
        if getattr(survivor, relation.attname) == merged.pk:
            chosen = fresh.values[relation.attname]
            model._base_manager.filter(pk=survivor.pk).update(**{relation.attname: chosen})
    because(merged, f"Merged into “{survivor}” (#{survivor.pk})")
    try:
        merged.delete()
    except (ProtectedError, RestrictedError) as error:
        held = ", ".join(describe(row) for row in list(error.args[1])[:5])
        raise MergeRefused(f"“{merged_name}” is still referred to by {held}; nothing was merged.") from None
    merged.pk = merged_pk

    slugs_before = set(former_slugs_of(model).filter(object_id=survivor.pk).values_list("pk", flat=True))
    for name, value in fresh.values.items():
        setattr(survivor, name, value)
    because(survivor, f"Merged “{merged_name}” (#{merged_pk}) into this record")
    survivor.save()
    created = [
        *former_slugs_of(model).filter(object_id=survivor.pk).exclude(pk__in=slugs_before),
    ]
    for row in getattr(survivor, "merged_name_rows", lambda *args: [])(merged, former):
        save_row(row, f"The name of “{merged_name}”, merged into this record")
        created.append(row)
    slug = getattr(merged, "slug", None)
    if slug and has_permanent_link(model) and slug != survivor.slug:
        # The merged record's addresses now lead to the survivor's (public/addresses.py).
        row, made = FormerSlug.objects.get_or_create(
            content_type=content_type, object_id=survivor.pk, slug=slug
        )
        if made:
            created.append(row)
    snapshot["survivor_after"] = {name: plain(getattr(survivor, name)) for name in fields}
    snapshot["created"] = [{"model": row._meta.label, "pk": row.pk} for row in created]
    return RecordMerge.objects.create(
        content_type=content_type,
        survivor_id=survivor.pk,
        merged_id=merged_pk,
        merged_name=merged_name[:300],
        merged_slug=slug or "",
        snapshot=snapshot,
        merged_by=user,
    )


def undo_merge(record_merge, user=None):
    """Undo a merge in one transaction; returns the merged record, back with its id and slug.

    The survivor gets back the values it had only where it still has those the merge gave it (a later
    edit by staff wins); rows moved get back to the merged record only where they still point at the
    survivor as the merge left them; dropped duplicates are made again; the rows the merge made (an
    alias, a former slug) go, unless staff changed or cited them since.
    """
    try:
        with transaction.atomic():
            return _undo(record_merge, user)
    except (IntegrityError, ProtectedError, RestrictedError) as error:
        raise MergeRefused(f"This merge cannot be undone: {error}") from None


def _undo(record_merge, user):
    merge_row = RecordMerge.objects.select_for_update().get(pk=record_merge.pk)
    if merge_row.undone_at is not None:
        raise MergeRefused(f"This merge was undone already, on {merge_row.undone_at:%d %B %Y at %H:%M}.")
    model = merge_row.content_type.model_class()
    survivor = model._base_manager.select_for_update().filter(pk=merge_row.survivor_id).first()
    if survivor is None:
        raise MergeRefused(
            f"The record “{merge_row.merged_name}” was merged into no longer exists (deleted, or merged "
            "into another: undo that merge first), so this merge cannot be undone."
        )
    if model._base_manager.filter(pk=merge_row.merged_id).exists():
        raise MergeRefused(
            f"Another record has the id {merge_row.merged_id} now; this merge cannot be undone."
        )
    snapshot = merge_row.snapshot

    for item in snapshot["created"]:
        row = apps.get_model(item["model"])._base_manager.filter(pk=item["pk"]).first()
        if row is not None and not worked_on_since(row, merge_row.merged_at):
            because(row, UNDONE)
            row.delete()

    before, after = snapshot["survivor_before"], snapshot["survivor_after"]
    for name, value in before.items():
        if plain(getattr(survivor, name)) == after.get(name):
            setattr(survivor, name, model._meta.get_field(_field_name(model, name)).to_python(value))
    because(survivor, UNDONE)
    survivor.save()
    if merge_row.merged_slug and has_permanent_link(model):
        # The slug is the merged record's again, not a former one of the survivor's.
        former_slugs_of(model).filter(slug=merge_row.merged_slug).delete()

    merged = restore(model, snapshot["merged"])
    for item in reversed(snapshot["dropped"]):
        restore(apps.get_model(item["model"]), item["fields"])
    for item in snapshot["moved"]:
        row = apps.get_model(item["model"])._base_manager.filter(pk=item["pk"]).first()
        if row is None or any(
            plain(getattr(row, column)) != value for column, value in item["after"].items()
        ):
            continue
        for column, value in item["before"].items():
            setattr(row, column, value)
        because(row, UNDONE)
        row.save()

    for record in (survivor, merged):
        if isinstance(record, SearchableModel):
            search.refresh(record)
    merge_row.undone_at = timezone.now()
    merge_row.undone_by = user
    merge_row.save(update_fields=["undone_at", "undone_by"])
    return merged


def worked_on_since(row, moment):
    """Whether staff changed ``row`` after ``moment``, or something (a citation) refers to it now: a
    row a merge made (the merged name kept as an alias) is then theirs, and an undo leaves it."""
    updated = getattr(row, "updated", None)
    return (updated is not None and updated > moment) or bool(rows_referring_to(row))


def restore(model, values):
    """Make again, with its id, a row that ``serialize`` gave ``values`` of."""
    row = rebuild(model, values)
    because(row, UNDONE)
    row.save(force_insert=True)
    if "created" in values:
        # The row was made when it was first made, not now.
        created = model._meta.get_field("created").to_python(values["created"])
        model._base_manager.filter(pk=row.pk).update(created=created)
        row.created = created
    return row


def _field_name(model, attname):
    return next(f.name for f in model._meta.concrete_fields if f.attname == attname)
