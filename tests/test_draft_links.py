"""A published record never names or links a draft it is related to, in any public output.

The cases come from the models themselves: every relation (foreign key, reverse
foreign key, many-to-many either way) between a publishable model (one whose
``status`` takes PublicationStatus) and any record model. For each, a draft with a
unique name is joined to a public record through that relation, and every public
output is read: the lists, the home page, each public record's page, API entry,
feed and calendar, the CSV exports, Popolo, the sitemaps. A relation added later is
covered without editing this file; a record model added later needs only its
factory, ``make_<model_name>`` in tests/factories.py.
"""

import contextlib
import re

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, get_resolver, resolve, reverse

from core.models import record_models
from meetings.models import Chairmanship, Declaration, Meeting, PublicationStatus
from opendata.sitemaps import SITEMAPS
from people.models import Organisation
from tests import factories

SECRET_NAME = "Secret draft 7f3a"
SECRET_SLUG = "secret-draft-7f3a"
# The fields a record is named by, each given the secret name on the draft.
NAMING_FIELDS = {"name", "short_name", "title", "acronym"}
# Searches that find the public records the factories make (their names start with these).
SEARCHES = ["meeting", "declaration", "organisation", "official", "country"]


def is_publishable(model):
    try:
        status = model._meta.get_field("status")
    except FieldDoesNotExist:
        return False
    return {value for value, _ in status.choices} == set(PublicationStatus.values)


def relations():
    """Each relation of a publishable model to a record model, as (model, field)."""
    records = set(record_models())
    return [
        (model, field)
        for model in record_models()
        if is_publishable(model)
        for field in model._meta.get_fields()
        if field.is_relation and field.related_model in records
    ]


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def build(model, **fields):
    """One record made by its factory in tests/factories.py; a publishable one is published."""
    factory = getattr(factories, f"make_{snake(model.__name__)}", None)
    assert factory, f"tests/factories.py has no make_{snake(model.__name__)} for {model.__name__}"
    if is_publishable(model):
        fields.setdefault("status", PublicationStatus.PUBLISHED)
    if model is Chairmanship:
        # The home page shows the chairs of the ACCSM only.
        fields.setdefault("organisation", accsm())
    return factory(**fields)


def accsm():
    body = Organisation.objects.filter(slug="accsm").first()
    return body or factories.make_organisation(slug="accsm", name="ASEAN Cooperation on Civil Service")


def secret_fields(model):
    fields = {"status": PublicationStatus.DRAFT, "slug": SECRET_SLUG}
    for field in model._meta.concrete_fields:
        if field.name in NAMING_FIELDS:
            fields[field.name] = SECRET_NAME
    return fields


def link(model, field, draft, other):
    """Joins ``draft`` to ``other`` through a many-to-many ``field`` of ``model``, either way round."""
    forward = field.concrete
    m2m = field if forward else field.remote_field
    through = m2m.remote_field.through
    # m2m_field_name is the through model's link to the model that declares the field.
    own, their = (draft, other) if forward else (other, draft)
    names = {m2m.m2m_field_name(): own, m2m.m2m_reverse_field_name(): their}
    if through._meta.auto_created:
        through.objects.create(**names)
    else:
        build(through, **names)


def draft_joined_by(model, field):
    """A draft ``model`` and a public record joined to it through ``field``."""
    if field.many_to_many:
        draft, other = build(model, **secret_fields(model)), build(field.related_model)
        link(model, field, draft, other)
    elif field.concrete:
        # The draft points at the public record (e.g. a draft sub-meeting of a published one).
        other = build(field.related_model)
        draft = build(model, **secret_fields(model), **{field.name: other})
    else:
        # The public record points at the draft (e.g. a published sub-meeting of a draft).
        draft = build(model, **secret_fields(model))
        other = build(field.related_model, **{field.field.name: draft})
    return draft, other


def is_public(record):
    return not is_publishable(type(record)) or record.status == PublicationStatus.PUBLISHED


def pages_of(record):
    """The page of a public record and, where they exist, its API entry, feed and calendar."""
    page = record.get_absolute_url()
    urls = [page]
    match = resolve(page)
    if match.view_name == f"public:{record._meta.model_name}_detail":
        name = record._meta.model_name
        for view_name in (f"api:{name}-detail", f"opendata:feed_{name}", f"opendata:{name}_ics"):
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse(view_name, kwargs=match.kwargs))
    return urls


def addresses_without_arguments():
    """Every public address that takes no argument: lists, exports, feeds, Popolo, the sitemap index."""
    urls = []
    for namespace in ("public", "opendata", "api"):
        _, resolver = get_resolver().namespace_dict[namespace]
        for pattern in resolver.url_patterns:
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse(f"{namespace}:{pattern.name}"))
    return urls


def public_outputs():
    urls = addresses_without_arguments()
    urls += [reverse("opendata:sitemap_section", args=[section]) for section in SITEMAPS]
    urls += [f"{reverse('public:search')}?q={word}" for word in SEARCHES]
    for model in record_models():
        for record in model.objects.all():
            if is_public(record):
                urls += pages_of(record)
    # A record that only belongs to a draft (a participation in it) has the draft's page as its own.
    return [url for url in dict.fromkeys(urls) if SECRET_SLUG not in url]


def text_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    # Unfolded, as iCalendar folds long lines (RFC 5545, 3.1) wherever the 75th octet falls.
    return content.decode().replace("\r\n ", "").lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"),
    relations(),
    ids=lambda value: value.__name__ if isinstance(value, type) else value.name,
)
def test_draft_links_draft_is_named_in_no_public_output(client, model, field):
    draft, other = draft_joined_by(model, field)
    # The case is real: the draft and the public record are joined through the relation.
    assert model.objects.filter(pk=draft.pk, **{field.name: other}).exists()
    urls = public_outputs()
    leaks = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        if SECRET_NAME.lower() in text or SECRET_SLUG in text:
            leaks.append(url)
    assert leaks == [], f"{draft._meta.label} draft named through {field.name!r} by: {', '.join(leaks)}"


def test_draft_links_cover_every_relation_of_the_publishable_models():
    # The cases above are only as good as this list: both sides of the hierarchies and of
    # the links to declarations, and the chairs handed over at meetings, are among them.
    covered = {f"{model.__name__}.{field.name}" for model, field in relations()}
    assert {
        "Meeting.parent",
        "Meeting.children",
        "Meeting.chair_handovers",
        "Meeting.declarations",
        "Declaration.meetings",
        "Declaration.implements",
        "Declaration.implementations",
    } <= covered


@pytest.mark.django_db
def test_draft_links_published_relations_are_still_shown(client):
    # Only drafts are hidden: published parents, parts, implemented documents and
    # handover meetings are still named and linked wherever they were.
    parent = build(Meeting, name="Open parent 5c2e", slug="open-parent-5c2e")
    child = build(Meeting, name="Open child 5c2e", slug="open-child-5c2e", parent=parent)
    chair = build(Chairmanship, handed_over_at=parent)
    implemented = build(Declaration, title="Open declaration 5c2e", slug="open-declaration-5c2e")
    plan = build(Declaration, implements=implemented)
    shown = {
        child.get_absolute_url(): ["Open parent 5c2e"],
        parent.get_absolute_url(): ["Open child 5c2e"],
        reverse("public:meeting_list"): ["Open parent 5c2e"],
        reverse("public:home"): ["handed over at", "Open parent 5c2e"],
        chair.country.get_absolute_url(): ["received the chair at", "Open parent 5c2e"],
        plan.get_absolute_url(): ["Open declaration 5c2e"],
        reverse("opendata:meetings_csv"): ["open-parent-5c2e"],
        reverse("api:meeting-detail", args=[child.slug]): ['"parent":"open-parent-5c2e"'],
        reverse("api:meeting-detail", args=[parent.slug]): ['"children":["open-child-5c2e"]'],
        reverse("api:meeting-list"): ['"parent":"open-parent-5c2e"'],
        reverse("api:declaration-list"): ['"implements":"open-declaration-5c2e"'],
        reverse("api:declaration-detail", args=[plan.slug]): ['"implements":"open-declaration-5c2e"'],
    }
    for url, texts in shown.items():
        text = text_of(client.get(url))
        for expected in texts:
            assert expected.lower() in text, url
    assert '"superEvent"' in client.get(child.get_absolute_url()).content.decode()
