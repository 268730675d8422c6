"""Small factories for test records, helpers that check a constraint is enforced, and helpers that
read a response as a visitor sees it.

Every ``make_*`` function saves one record through the model's ordinary
``save()`` (so the date truncation and the search signals run) and returns it.
Arguments not given get sensible defaults; slugs and country codes are unique
within a test run, so a test can call a factory as often as it likes. Related
records that are needed but not given are made with their own factory.

    meeting = make_meeting(kind="som", ordinal=21)
    make_participation(meeting=meeting, role="chair")  # a new official chairs it

The ``assert_*`` helpers check that the database refuses a row (with the
constraint named, where the database says which) and that model validation
refuses it with the expected message.

``text_of``, ``listed_names`` and ``body_of`` read a response: its visible
text, the records a list page shows, its whole body (streamed or not).
"""

import datetime
import itertools
import re
import string
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, UniqueConstraint

from meetings.models import (
    Chairmanship,
    Declaration,
    Meeting,
    MeetingDeclaration,
    Outcome,
    Participation,
)
from people.models import (
    Country,
    CountryName,
    Identifier,
    Official,
    OfficialAlias,
    Organisation,
    OrganisationName,
    Position,
)
from sources.models import Citation, Source

_serial = itertools.count(1)

# Q, J and K first: few real countries have codes starting with them (and the
# QA-QZ range is reserved for private use), and tests/world.py grows W-Z.
_CODES = [first + second for first in "QJKWXYZ" for second in string.ascii_uppercase] + [
    first + second for first in "ABCDEFGHILMNOPRSTUV" for second in string.ascii_uppercase
]
_code_position = itertools.count()


def unique_slug(prefix):
    """A lower-case slug no other factory call in this run has produced."""
    return f"{prefix}-{next(_serial)}"


def unique_country_code():
    """Two capital letters no country in the database has yet."""
    taken = set(Country.objects.values_list("code", flat=True))
    for _ in range(len(_CODES)):
        code = _CODES[next(_code_position) % len(_CODES)]
        if code not in taken:
            return code
    raise RuntimeError("Every two-letter country code is taken.")


def make_country(code=None, name=None, **fields):
    code = code or unique_country_code()
    fields.setdefault("alpha3", code + "X")
    fields.setdefault("asean_status", Country.AseanStatus.MEMBER)
    return Country.objects.create(code=code, name=name or f"Country {code}", **fields)


def make_country_name(country=None, name=None, **fields):
    return CountryName.objects.create(
        country=country or make_country(), name=name or f"Other country name {next(_serial)}", **fields
    )


def make_organisation(slug=None, name=None, **fields):
    slug = slug or unique_slug("test-organisation")
    fields.setdefault("classification", Organisation.Classification.MINISTRY)
    return Organisation.objects.create(slug=slug, name=name or f"Organisation {slug}", **fields)


def make_organisation_name(organisation=None, name=None, **fields):
    return OrganisationName.objects.create(
        organisation=organisation or make_organisation(),
        name=name or f"Other name {next(_serial)}",
        **fields,
    )


def make_official(slug=None, name=None, **fields):
    slug = slug or unique_slug("test-official")
    return Official.objects.create(slug=slug, name=name or f"Official {slug}", **fields)


def make_official_alias(official=None, name=None, **fields):
    return OfficialAlias.objects.create(
        official=official or make_official(), name=name or f"Alias {next(_serial)}", **fields
    )


def make_position(official=None, organisation=None, title=None, **fields):
    return Position.objects.create(
        official=official or make_official(),
        organisation=organisation or make_organisation(),
        title=title or f"Director {next(_serial)}",
        **fields,
    )


def make_identifier(identifier=None, **owner_and_fields):
    """A Wikidata id, of an official made for it unless an official, organisation or country is given."""
    if not {"official", "organisation", "country"} & set(owner_and_fields):
        owner_and_fields["official"] = make_official()
    return Identifier.objects.create(identifier=identifier or f"Q{next(_serial)}", **owner_and_fields)


def make_source(slug=None, headline=None, **fields):
    slug = slug or unique_slug("test-source")
    fields.setdefault("publisher", "Viet Nam News Agency")
    return Source.objects.create(slug=slug, headline=headline or f"Report {slug}", **fields)


def make_citation(record, field="", source=None, **fields):
    """A citation of ``field`` of ``record`` ("" for the whole record), from a new source unless given."""
    return Citation.objects.create(record=record, field=field, source=source or make_source(), **fields)


def make_meeting(slug=None, name=None, **fields):
    slug = slug or unique_slug("test-meeting")
    fields.setdefault("kind", Meeting.Kind.HEADS_OF_CIVIL_SERVICE)
    fields.setdefault("start_date", datetime.date(2022, 8, 5))
    fields.setdefault("status", "published")
    return Meeting.objects.create(slug=slug, name=name or f"Meeting {slug}", **fields)


def make_declaration(slug=None, title=None, **fields):
    slug = slug or unique_slug("test-declaration")
    fields.setdefault("kind", Declaration.Kind.DECLARATION)
    fields.setdefault("status", "published")
    return Declaration.objects.create(slug=slug, title=title or f"Declaration {slug}", **fields)


def make_meeting_declaration(meeting=None, declaration=None, **fields):
    fields.setdefault("relation", MeetingDeclaration.Relation.DISCUSSED)
    return MeetingDeclaration.objects.create(
        meeting=meeting or make_meeting(), declaration=declaration or make_declaration(), **fields
    )


def make_participation(meeting=None, **fields):
    """A participation; names a new official unless an official, organisation or country is given."""
    if not any(fields.get(key) for key in ("official", "organisation", "country")):
        fields["official"] = make_official()
    return Participation.objects.create(meeting=meeting or make_meeting(), **fields)


def make_outcome(meeting=None, slug=None, **fields):
    fields.setdefault("kind", Outcome.Kind.DECISION)
    fields.setdefault("text", "The meeting agreed to meet again next year.")
    return Outcome.objects.create(
        meeting=meeting or make_meeting(), slug=slug or unique_slug("test-outcome"), **fields
    )


def make_chairmanship(organisation=None, country=None, start_year=2022, **fields):
    return Chairmanship.objects.create(
        organisation=organisation or make_organisation(),
        country=country or make_country(),
        start_year=start_year,
        **fields,
    )


def bulk_meetings(count, first_day=datetime.date(1900, 1, 1)):
    """``count`` published workshops "Bulk 0", "Bulk 1", ..., a day apart from ``first_day``, oldest first.

    Saved with one ``bulk_create`` (no signals, no search text): for lists that must stop at a size.
    """
    return Meeting.objects.bulk_create(
        Meeting(
            slug=f"bulk-{number}",
            name=f"Bulk {number}",
            kind=Meeting.Kind.WORKSHOP,
            start_date=first_day + datetime.timedelta(days=number),
            status="published",
        )
        for number in range(count)
    )


# The admin meeting form: the prefixes of its inlines, and what it posts.
PARTICIPATIONS, OUTCOMES, DECLARATION_LINKS = "participations", "outcomes", "declaration_links"


def meeting_form(meeting=None, participations=(), outcomes=(), declaration_links=(), **fields):
    """What the meeting form posts: ``meeting``'s values or a new workshop's, with new inline rows."""
    data = {
        "name": "Workshop on e-government",
        "short_name": "",
        "slug": "workshop-e-government",
        "kind": "workshop",
        "ordinal": "",
        "parent": "",
        "start_date": "2023-05-10",
        "end_date": "",
        "date_precision": "day",
        "date_note": "",
        "city": "Hanoi",
        "country": "",
        "venue": "",
        "format": "in_person",
        "host": "",
        "theme": "",
        "summary": "",
        "status": "draft",
    }
    if meeting is not None:
        data.update(name=meeting.name, slug=meeting.slug, kind=meeting.kind, status=meeting.status)
        data.update(start_date=meeting.start_date.isoformat(), date_precision=meeting.date_precision)
    for prefix, rows in [
        (PARTICIPATIONS, participations),
        (OUTCOMES, outcomes),
        (DECLARATION_LINKS, declaration_links),
    ]:
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"})
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{field}": value for field, value in row.items()})
    return data | fields


def _constraint(model, name):
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return constraint
    raise LookupError(f"{model.__name__} has no constraint named {name!r}.")


def assert_db_rejects(model, constraint_name, write):
    """Check that calling ``write()`` (a save, bulk_create or update) makes the database refuse the row.

    ``write`` runs in its own ``transaction.atomic()`` block, so the test can go
    on using the database afterwards. PostgreSQL names the violated constraint
    in its message, and so does SQLite for a CHECK; for a UNIQUE constraint
    SQLite names the columns instead.
    """
    constraint = _constraint(model, constraint_name)
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    message = str(caught.value)
    if connection.vendor == "sqlite" and isinstance(constraint, UniqueConstraint):
        table = model._meta.db_table
        columns = ", ".join(f"{table}.{model._meta.get_field(f).column}" for f in constraint.fields)
        assert f"UNIQUE constraint failed: {columns}" in message
    else:
        assert constraint_name in message
    return caught.value


def assert_invalid(instance, message, field=None, check=None):
    """Check that ``instance.full_clean()`` (or ``check``, e.g. ``instance.validate_constraints``) refuses it.

    ``message`` must be among the errors, under ``field`` if one is given
    (errors not tied to one field are under ``__all__``).
    """
    with pytest.raises(ValidationError) as caught:
        (check or instance.full_clean)()
    errors = caught.value.message_dict
    messages = errors.get(field or "__all__", [])
    assert message in messages, errors
    return caught.value


def choice_case(constraint_name, make, field, message):
    """One case for ``assert_choices_enforced``: the record ``make()`` saves, named after its constraint."""
    return pytest.param(constraint_name, make, field, message, id=constraint_name)


def assert_choices_enforced(record, constraint_name, field, message):
    """Check that a ``*_valid`` constraint (``core.models.choices_constraint``) keeps ``field`` to its values.

    The database refuses an update to a value outside them and keeps the old
    value; model validation refuses it beside the field, and the constraint
    itself refuses it with ``message``, which lists the values allowed.
    """
    model = type(record)
    stored = getattr(record, field)
    assert_db_rejects(
        model, constraint_name, lambda: model.objects.filter(pk=record.pk).update(**{field: "bogus"})
    )
    assert getattr(model.objects.get(pk=record.pk), field) == stored
    setattr(record, field, "bogus")
    assert_invalid(record, "Value 'bogus' is not a valid choice.", field=field)
    assert_invalid(record, message, check=record.validate_constraints)


def assert_self_reference_refused(record, field, constraint_name, message):
    """Check that a record cannot name itself in ``field`` (its own parent, its own implementation).

    The database refuses it through an update and through a save, and model
    validation refuses it with ``message``.
    """
    model = type(record)
    assert_db_rejects(
        model, constraint_name, lambda: model.objects.filter(pk=record.pk).update(**{field: F("pk")})
    )
    setattr(record, field, record)
    assert_db_rejects(model, constraint_name, record.save)
    assert_invalid(record, message)


class ConstraintLedger:
    """Which of an app's named constraints the tests show at work, so none goes untested."""

    def __init__(self, app_label):
        self.app_label = app_label
        self.exercised = set()

    def exercises(self, *constraint_names):
        """Mark a test as the one that shows the named constraints at work."""
        self.exercised.update(constraint_names)
        return lambda test: test

    def assert_every_constraint_exercised(self):
        from django.apps import apps

        named = {
            constraint.name
            for model in apps.get_app_config(self.app_label).get_models()
            for constraint in model._meta.constraints
        }
        assert named - self.exercised == set()
        assert self.exercised - named == set()


# Reading a response as a visitor sees it.

INLINE_TAGS = r"</?(?:a|time|span|strong|em|abbr)\b[^>]*>"


def body_of(response):
    """The whole body as bytes; a streamed one (CSV, Popolo) is read to the end, so generation runs fully."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def text_of(response):
    """The page's visible text with tags removed and white space folded, to assert on what a reader sees."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(INLINE_TAGS, "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def listed_names(response):
    """The record titles of a list page, in order."""
    titles = re.findall(r'<h3 class="record-title"><a href="[^"]+">([^<]+)</a>', response.content.decode())
    return [unescape(title) for title in titles]
