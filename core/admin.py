"""What every record's admin shares: ``RecordAdmin`` for the pages, ``RecordForm`` for the forms,
``RecordInline`` for the inlines and ``HierarchyForm`` for records with a parent. A record with a
permanent link shows it and its former slugs beside its slug, and may not take another's former slug.
``MergeableAdmin`` lets publishers merge two records that are one, and undo it (core/merging.py).

Every model keeps its history (django-simple-history): who changed what and
when, viewable and revertible from each record's History page.
"""

import contextlib
import copy
import datetime
import hashlib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CheckConstraint, UniqueConstraint
from django.forms.models import BaseInlineFormSet, InlineForeignKeyField, construct_instance
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst, get_text_list
from simple_history.admin import SimpleHistoryAdmin

from .merging import MergeRefused, merge, mergeable_fields, plan_merge, undo_merge
from .models import RecordMerge
from .permalinks import (
    former_slugs_of,
    has_permanent_link,
    permanent_path,
    slug_used_before_by,
    slug_used_before_message,
)

TIMESTAMPS = ("created", "updated")
RECORD_FIELDSET = ("Record", {"fields": TIMESTAMPS})
# Shown read-only under the slug of a saved record with a permanent link (RecordAdmin).
ADDRESS_FIELDS = ("permanent_link", "former_slugs")


def field_for_constraint(constraint, model, form_fields):
    """The form field a CHECK constraint's message belongs beside, or None to show it above the form.

    A rule about one field belongs to that field. A rule between two belongs to
    the one declared later, which is the one that depends on the other: an end
    on its start, the date a country joined on its being a member. A rule among
    more fields ("exactly one of three") is about the record as a whole.
    """
    if not isinstance(constraint, CheckConstraint):
        return None
    named = constraint.condition.referenced_base_fields
    on_form = [f.name for f in model._meta.concrete_fields if f.name in named and f.name in form_fields]
    return on_form[-1] if 1 <= len(on_form) <= 2 else None


class RecordForm(forms.ModelForm):
    """Puts a broken rule's message beside the field to correct, rather than at the top of the form.

    Django already checks the models' named constraints on every admin form,
    but shows a CHECK's message above the form, where "The end date cannot be
    before the start" does not say which of two dozen fields to change. This
    checks those constraints first against the record as it would be saved and
    attaches the message to its field; Django then skips the constraint, as it
    skips every rule about a field that already has an error, so each message
    is shown once.
    """

    def clean(self):
        cleaned = super().clean()
        model = self._meta.model
        self.check_slug_unused(cleaned)
        targets = [
            (constraint, field)
            for constraint in model._meta.constraints
            if (field := field_for_constraint(constraint, model, self.fields))
        ]
        if not targets:
            return cleaned
        candidate = self.record_as_saved()
        for constraint, field in targets:
            # One message to a field: an invalid value, or another rule, said it first.
            if field in self.errors:
                continue
            try:
                constraint.validate(model, candidate, exclude=self.fields_not_to_check())
            except ValidationError as error:
                self.add_error(field, error)
        return cleaned

    def check_slug_unused(self, cleaned):
        """A slug another record had before may not be taken (core/permalinks.py): its old addresses
        lead to that record. Said beside the slug, rather than refused by the save as a server error."""
        slug = cleaned.get("slug")
        if not slug or "slug" in self.errors or not has_permanent_link(self._meta.model):
            return
        candidate = copy.copy(self.instance)
        candidate.slug = slug
        owner = slug_used_before_by(candidate)
        if owner is not None:
            self.add_error("slug", slug_used_before_message(owner))

    def record_as_saved(self):
        """A copy of the record with the form's values and the model's own clean-up (date truncation)."""
        candidate = construct_instance(self, copy.copy(self.instance), self._meta.fields, self._meta.exclude)
        # An error here is reported when Django validates the record itself.
        with contextlib.suppress(ValidationError):
            candidate.clean()
        return candidate

    def fields_not_to_check(self):
        # As Django's own validation: fields not on the form, fields already in
        # error, and the link to the parent record of an inline (maybe unsaved).
        return {
            field.name
            for field in self._meta.model._meta.fields
            if field.name not in self.fields
            or field.name in self.errors
            or isinstance(self.fields[field.name], InlineForeignKeyField)
        }


class RecordInlineFormSet(BaseInlineFormSet):
    """Says which rows repeat each other in words, using the constraint's own message where it has one."""

    def get_unique_error_message(self, unique_check):
        for constraint in self.model._meta.constraints:
            if (
                isinstance(constraint, UniqueConstraint)
                and tuple(constraint.fields) == tuple(unique_check)
                and constraint.violation_error_message != constraint.default_violation_error_message
            ):
                return constraint.get_violation_error_message()
        # Every row shares the parent record, so naming it would not help.
        fields = [
            str(self.model._meta.get_field(name).verbose_name)
            for name in unique_check
            if name != self.fk.name
        ]
        return (
            f"Two {self.model._meta.verbose_name_plural} have the same {get_text_list(fields, 'and')}; "
            "change or remove one of them."
        )


def key_field(model, to_field=None):
    """The field a relation to ``model`` stores: ``to_field``, or the primary key."""
    return model._meta.get_field(to_field or model._meta.pk.name)


def is_possible_value(field, value):
    """Whether ``value`` is one the database could hold in ``field`` (of the right type, within range)."""
    try:
        field.clean(value, None)
    except ValidationError:
        return False
    return True


class PossibleKeysOnly:
    """An autocomplete widget that shows a posted value which cannot be a record's key as no choice.

    To show the form again after an error, Django's autocomplete widget looks the
    posted values up to label them; a value that is no key at all ("VN" for a
    country's id, or a number too large for the column) makes that lookup raise,
    so the page answered 500 instead of showing the field's own "Select a valid
    choice". Such a value matches no record anyway, so it is left out of the lookup.
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = key_field(remote.model, getattr(remote, "field_name", None))
        return super().optgroups(name, [item for item in value if is_possible_value(key, item)], attr)


class RecordAutocompleteSelect(PossibleKeysOnly, AutocompleteSelect):
    pass


class RecordAutocompleteSelectMultiple(PossibleKeysOnly, AutocompleteSelectMultiple):
    pass


class RecordMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses a value that cannot be a record's key before the values are looked up together.

    Django's own check catches "VN" for an id, but lets through a number too large
    for the column, on which SQLite's lookup raises OverflowError (a 500).
    """

    def clean(self, value):
        if isinstance(value, list | tuple):
            key = key_field(self.queryset.model, self.to_field_name)
            for item in value:
                if not is_possible_value(key, item):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                    )
        return super().clean(value)


class RecordFormFields:
    """What the admin pages and the inlines share in building their forms' fields."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RecordAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", RecordMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RecordAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RecordInline(RecordFormFields):
    """What every inline shares: messages beside the field to correct and no empty rows to skip."""

    form = RecordForm
    formset = RecordInlineFormSet
    extra = 0
    # Each row's evidence is cited on the row's own page (inlines do not nest), so each row links there.
    show_change_link = True


class RecordAdminExtensions:
    """What a higher layer adds to every record's admin, without core knowing of it or any admin
    class being edited: inlines shown on each record's form (sources' citations), and notices shown
    at the top of a record's change form (its unsourced facts).

    A higher layer registers into ``record_admin_extensions`` from its admin module, which the admin
    imports at start-up, before any page is served.
    """

    def __init__(self):
        self.inlines = []
        self.notices = []

    def add_inline(self, inline, applies_to=None):
        """Show ``inline`` on the form of every record model for which ``applies_to(model)`` is true."""
        if inline not in [registered for registered, _ in self.inlines]:
            self.inlines.append((inline, applies_to or (lambda model: True)))
        return inline

    def add_notice(self, notice):
        """``notice(record)`` gives a line (or nothing) to show atop a saved record's change form."""
        if notice not in self.notices:
            self.notices.append(notice)
        return notice

    def inlines_for(self, model):
        return [inline for inline, applies_to in self.inlines if applies_to(model)]

    def notices_for(self, record):
        return [line for notice in self.notices if (line := notice(record))]


record_admin_extensions = RecordAdminExtensions()


class RecordAdmin(RecordFormFields, SimpleHistoryAdmin):
    """What every record's admin shares: timestamps shown read-only, history, sensible paging, and
    what higher layers register in ``record_admin_extensions`` (inlines, notices)."""

    form = RecordForm
    readonly_fields = TIMESTAMPS
    list_per_page = 50
    save_on_top = True
    # Django's change form, with the registered notices at its top.
    change_form_template = "admin/record_change_form.html"

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *record_admin_extensions.inlines_for(self.model)]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["record_notices"] = record_admin_extensions.notices_for(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and has_permanent_link(self.model):
            return (*fields, *ADDRESS_FIELDS)
        return fields

    @admin.display(description="Permanent link")
    def permanent_link(self, record):
        path = permanent_path(record)
        return format_html('<a href="{}">{}</a>', path, path)

    @admin.display(description="Former slugs")
    def former_slugs(self, record):
        former = former_slugs_of(type(record)).filter(object_id=record.pk).order_by("-replaced", "-pk")
        if not former:
            return "None: its addresses have not changed."
        # The newest first; each one's old addresses redirect to the record's addresses now.
        return "; ".join(f"{row.slug} (until {date_format(row.replaced, 'j F Y')})" for row in former)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return beside_slug(fieldsets, ADDRESS_FIELDS) if has_permanent_link(self.model) else fieldsets
        # A record not yet saved has no times to show.
        kept = []
        for name, options in fieldsets:
            fields = [field for field in options["fields"] if field not in TIMESTAMPS]
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return kept


def beside_slug(fieldsets, names):
    """``fieldsets`` with the fields ``names`` on the lines right after the slug (or last, if none)."""
    placed, found = [], False
    for title, options in fieldsets:
        fields = [field for field in options["fields"] if field not in names]
        for index, field in enumerate(fields):
            if not found and (field == "slug" or (isinstance(field, list | tuple) and "slug" in field)):
                fields[index + 1 : index + 1] = names
                found = True
        placed.append((title, {**options, "fields": fields}))
    if not found and placed:
        title, options = placed[-1]
        placed[-1] = (title, {**options, "fields": [*options["fields"], *names]})
    return placed


def creates_cycle(record, parent, parent_field="parent"):
    """Whether making ``parent`` the record's parent would make the record its own ancestor."""
    seen = set()
    current = parent
    while current is not None and current.pk not in seen:
        if current.pk == record.pk:
            return True
        seen.add(current.pk)
        current = getattr(current, parent_field)
    return False


class HierarchyForm(RecordForm):
    """Refuses a parent that would make the record its own ancestor, with a message naming the loop.

    The models' constraints refuse a record as its own parent; a longer loop
    needs the chain walked, which only Python can do.
    """

    parent_field = "parent"

    def clean(self):
        cleaned = super().clean()
        # Empty when the field is in error, e.g. the record named as its own parent.
        parent = cleaned.get(self.parent_field)
        if (
            parent is not None
            and self.instance.pk is not None
            and creates_cycle(self.instance, parent, self.parent_field)
        ):
            self.add_error(
                self.parent_field,
                f"“{parent}” is part of “{self.instance}” already, so it cannot also contain it.",
            )
        return cleaned


def shown_value(record, field):
    """A field's value as staff read it on the merge page: the related record's name, the choice's label."""
    value = getattr(record, field.attname)
    if value is None or value == "":
        return "(empty)"
    if field.is_relation:
        return str(getattr(record, field.name))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return str(value)


def holdings_fingerprint(*plans):
    """A short digest of the rows the plans move or drop: unchanged between the page and its form's post
    unless someone changed what the records hold meanwhile."""
    keys = sorted(f"{label}:{pk}" for plan in plans for label, pk in plan.row_keys())
    return hashlib.sha256("|".join(keys).encode()).hexdigest()[:32]


class MergeForm(forms.Form):
    """Which of two records is kept, and for each field (or line of fields) whose values differ, which
    record's value it keeps."""

    def __init__(self, records, groups, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = records
        self.groups = groups
        self.fields["survivor"] = forms.TypedChoiceField(
            label="Record to keep",
            coerce=int,
            widget=forms.RadioSelect,
            initial=records[0].pk,
            choices=[
                (record.pk, f"“{record}” (#{record.pk}, recorded {date_format(record.created, 'j F Y')})")
                for record in records
            ],
            help_text="It keeps its id and permanent link; the other's addresses lead to it from then on.",
        )
        for name, fields in groups:
            shown = [", ".join(shown_value(record, f) for f in fields) for record in records]
            if shown[0] == shown[1]:
                continue
            # The older record's value, unless it has none and the other has.
            first_empty = all(getattr(records[0], f.attname) in (None, "") for f in fields)
            self.fields[f"keep_{name}"] = forms.TypedChoiceField(
                label=capfirst(" and ".join(str(f.verbose_name) for f in fields)),
                coerce=int,
                widget=forms.RadioSelect,
                initial=records[1 if first_empty else 0].pk,
                choices=[(record.pk, text) for record, text in zip(records, shown, strict=True)],
            )

    def chosen(self):
        """(survivor, merged, {column: value}) as staff chose them."""
        by_pk = {record.pk: record for record in self.records}
        survivor = by_pk[self.cleaned_data["survivor"]]
        merged = next(record for record in self.records if record is not survivor)
        values = {}
        for name, fields in self.groups:
            source = by_pk.get(self.cleaned_data.get(f"keep_{name}"), survivor)
            values.update({f.attname: getattr(source, f.attname) for f in fields})
        return survivor, merged, values


class MergeableAdmin:
    """Merging two records that are one (core/merging.py) from the admin, and undoing it from the
    survivor's History page: for staff who may delete records of the kind (Publishers), as a merge
    deletes one.

    The changelist's action "Merge the two selected …" leads to a page showing both records side by
    side, with what each holds, where staff choose the record kept and each value it keeps; the
    conflicts that forbid the merge are named at its top, and there is no button to confirm while any
    remains.
    """

    actions = ["merge_selected"]
    object_history_template = "admin/record_object_history.html"

    def has_merge_permission(self, request):
        return self.has_delete_permission(request)

    @admin.action(description="Merge the two selected %(verbose_name_plural)s", permissions=["merge"])
    def merge_selected(self, request, queryset):
        pks = sorted(queryset.values_list("pk", flat=True)[:3])
        if len(pks) != 2:
            self.message_user(
                request,
                f"Select exactly two {self.opts.verbose_name_plural} to merge; {len(pks)} "
                f"{'were' if len(pks) != 1 else 'was'} selected.",
                messages.WARNING,
            )
            return None
        return HttpResponseRedirect(self.admin_url("merge", *pks))

    def admin_url(self, view, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=args)

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/merge/<path:other_id>/",
                self.admin_site.admin_view(self.merge_view),
                name=f"{info}_merge",
            ),
            path(
                "<int:object_id>/history/merges/<int:merge_id>/undo/",
                self.admin_site.admin_view(self.undo_merge_view),
                name=f"{info}_undo_merge",
            ),
            *super().get_urls(),
        ]

    def merge_groups(self, request, record):
        """[(name, [fields])]: the fields staff choose a value of, a line of the form's fields together
        (a date and its precision), in the form's order."""
        mergeable = {f.name: f for f in mergeable_fields(self.model)}
        groups, placed = [], set()
        for _, options in self.get_fieldsets(request, record):
            for line in options["fields"]:
                names = [
                    name for name in (line if isinstance(line, list | tuple) else [line]) if name in mergeable
                ]
                if names:
                    groups.append((names[0], [mergeable[name] for name in names]))
                    placed.update(names)
        groups += [(name, [f]) for name, f in mergeable.items() if name not in placed]
        return groups

    def merge_view(self, request, object_id, other_id):
        if not self.has_merge_permission(request):
            raise PermissionDenied
        records = [self.get_object(request, object_id), self.get_object(request, other_id)]
        if None in records or records[0].pk == records[1].pk:
            raise Http404("Two different records are needed to merge.")
        records.sort(key=lambda record: record.pk)
        groups = self.merge_groups(request, records[0])
        form = MergeForm(records, groups, request.POST or None)
        # What each holds: what would move were the other kept.
        holdings = [plan_merge(records[1], records[0]), plan_merge(records[0], records[1])]
        fingerprint = holdings_fingerprint(*holdings)
        plan = holdings[1]
        if request.method == "POST" and form.is_valid():
            survivor, merged, values = form.chosen()
            plan = plan_merge(survivor, merged, values)
            if request.POST.get("holdings") != fingerprint:
                form.add_error(
                    None, "What the two records hold changed since the page was shown; look again."
                )
            elif plan.can_merge:
                try:
                    record_merge = merge(plan, request.user)
                except MergeRefused as refused:
                    form.add_error(None, str(refused))
                else:
                    return self.merged(request, survivor, record_merge)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Merge two {self.opts.verbose_name_plural}",
            "records": records,
            "form": form,
            "rows": self.merge_rows(form, records, groups),
            "holdings": self.holdings_rows(holdings),
            "conflicts": plan.conflicts,
            "fingerprint": fingerprint,
        }
        return TemplateResponse(request, "admin/merge_records.html", context)

    @staticmethod
    def merge_rows(form, records, groups):
        """The records' values side by side, line by line: each cell a value, and where they differ, the
        radio button that keeps it."""
        rows = []
        for name, fields in groups:
            label = capfirst(" and ".join(str(f.verbose_name) for f in fields))
            texts = [", ".join(shown_value(record, f) for f in fields) for record in records]
            radios = list(form[f"keep_{name}"]) if f"keep_{name}" in form.fields else [None, None]
            rows.append({"label": label, "cells": list(zip(texts, radios, strict=True))})
        return rows

    @staticmethod
    def holdings_rows(plans):
        """What each record holds, kind by kind: [(kind, [labels of the first's, labels of the second's])]."""
        held = [dict(plan.holdings()) for plan in plans]
        kinds = sorted(held[0].keys() | held[1].keys())
        return [(capfirst(kind), [held[0].get(kind, []), held[1].get(kind, [])]) for kind in kinds]

    def merged(self, request, survivor, record_merge):
        merged = f"“{record_merge.merged_name}” (#{record_merge.merged_id})"
        self.log_change(request, survivor, f"Merged {merged} into it.")
        self.message_user(
            request,
            format_html(
                '“{}” was merged into <a href="{}">{}</a>; its addresses lead there now. To undo it, open '
                "the History of “{}” and choose “Undo this merge”.",
                record_merge.merged_name,
                self.admin_url("change", survivor.pk),
                survivor,
                survivor,
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self.admin_url("change", survivor.pk))

    def history_view(self, request, object_id, extra_context=None):
        merges = []
        if str(object_id).isdigit():
            may_undo = self.has_merge_permission(request)
            for record_merge in (
                RecordMerge.objects.of_kind(self.model)
                .filter(survivor_id=object_id)
                .select_related("merged_by")
            ):
                if may_undo and not record_merge.is_undone:
                    record_merge.undo_url = self.admin_url("undo_merge", object_id, record_merge.pk)
                merges.append(record_merge)
        return super().history_view(request, object_id, {**(extra_context or {}), "record_merges": merges})

    def undo_merge_view(self, request, object_id, merge_id):
        if not self.has_merge_permission(request):
            raise PermissionDenied
        record_merge = get_object_or_404(
            RecordMerge.objects.of_kind(self.model), pk=merge_id, survivor_id=object_id
        )
        survivor = self.get_object(request, object_id)
        problem = None
        if request.method == "POST":
            try:
                restored = undo_merge(record_merge, request.user)
            except MergeRefused as refused:
                problem = str(refused)
            else:
                self.log_change(request, restored, f"Brought back by undoing its merge into “{survivor}”.")
                self.message_user(
                    request,
                    format_html(
                        'The merge was undone: <a href="{}">{}</a> is back, with its id and addresses.',
                        self.admin_url("change", restored.pk),
                        restored,
                    ),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self.admin_url("change", restored.pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Undo this merge",
            "record_merge": record_merge,
            "survivor": survivor,
            "snapshot": record_merge.snapshot,
            "problem": problem or ("This merge was undone already." if record_merge.is_undone else None),
        }
        return TemplateResponse(request, "admin/undo_merge.html", context)
