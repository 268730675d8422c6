"""Accepting a proposal: the draft records it proposes, each fact cited to the article.

``accept(proposal, values=None, link_to=None, as_new=False)`` works in one transaction. ``values`` replaces
any of the proposal's values (staff corrected them); ``link_to`` (a record, or its slug or country code)
says which recorded record the proposal is, overriding the analysis's match; ``as_new`` says it is none
of them: a new record is made whatever the analysis matched. The values are checked first (``check_values``):
one missing or malformed is refused with an ``AcceptError`` naming it, as is anything the database refuses.
Then:

- a new meeting or declaration is made as a draft; officials, organisations and chair terms have no
  status, so a new one is public at once (``is_public_at_once``: the public lists, search and API show
  every official and organisation), though participations in draft meetings stay hidden until the
  meeting is published;
- every fact the article states is cited to the article's source (made on the first acceptance) with
  the sentence as a verbatim quote and basis "stated";
- a recorded record is never changed where it has a value: an empty field is filled, and where the
  article says otherwise (``conflicts``) its claim is kept as a second citation the record does not
  follow (``stated_in_record`` off, ``claim`` saying what the article says), so the fact shows as
  disputed for staff to settle;
- a proposal that refers to another not yet accepted ("meeting": "p2") accepts that one first;
- the proposal is then deleted, and the proposals that referred to it refer to the record instead.

``reject(proposal)`` deletes it. Both leave the article marked reviewed once nothing is left. The article's
``accepted`` keeps what each accepted proposal became: ``{"kind", "slug", "pk"}`` (``slug`` a country's
code, or null for the kinds without one).
"""

import datetime
import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils.text import slugify

from core.permalinks import former_slugs_of
from meetings.models import (
    Chairmanship,
    Declaration,
    Meeting,
    MeetingDeclaration,
    Outcome,
    Participation,
    PublicationStatus,
)
from people.models import Country, Official, OfficialAlias, Organisation, Position
from sources.models import Citation, CitationBasis, Source, SourceKind

from .models import ArticleImport, ImportStatus, Proposal

_PROPOSAL_ID = re.compile(r"p\d+")


class AcceptError(ValueError):
    """A proposal that cannot be accepted as it stands; the message says what to give or fix."""


class AlreadyDecided(AcceptError):
    """The proposal was accepted or rejected meanwhile (a double click, two staff at once): it is gone."""


# What each kind's values must give, whether the record is made or found: the words it is recorded by.
REQUIRED_VALUES = {
    "official": ("name",),
    "organisation": ("name",),
    "declaration": ("title",),
    "outcome": ("text", "meeting"),
    "participation": ("meeting",),
}
DATE_VALUES = ("start_date", "end_date")
WHOLE_NUMBER_VALUES = ("ordinal",)
# These have no publication status: one accepted is public at once (lists, search, the API; a chair term
# on its country's page and the home page), unlike meetings and declarations, which are made as drafts.
PUBLIC_AT_ONCE = (Official, Organisation, Chairmanship, OfficialAlias, Position)
# The records each kind's acceptance may make or change, besides the source and citations every one makes.
MODELS_TOUCHED = {
    "meeting": (Meeting,),
    "official": (Official, OfficialAlias, Position),
    "organisation": (Organisation,),
    "country": (),
    "participation": (Participation,),
    "declaration": (Declaration, MeetingDeclaration),
    "outcome": (Outcome,),
    "chair_statement": (Chairmanship,),
}


def is_public_at_once(record):
    """Whether ``record``, once accepted, is public before anyone publishes it: a record without a
    status; a published record (the values filled into it show at once); or what is attached to a
    published meeting or declaration (an outcome, a participation, a declaration's link to a meeting)."""
    if isinstance(record, PUBLIC_AT_ONCE):
        return True
    if getattr(record, "status", None) == PublicationStatus.PUBLISHED:
        return True
    for name in ("meeting", "declaration"):
        attached = getattr(record, name, None) if hasattr(type(record), name) else None
        if getattr(attached, "status", None) == PublicationStatus.PUBLISHED:
            return True
    return False


def check_permissions(user, kind):
    """Refuse, naming what is missing, when ``user`` may not add and change every record accepting a
    ``kind`` proposal may touch (the admin's staff; the command runs as the shell's operator)."""
    missing = []
    for model in (*MODELS_TOUCHED.get(kind, ()), Source, Citation):
        opts = model._meta
        for action in ("add", "change"):
            if not user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
                missing.append(f"{action} {opts.verbose_name_plural}")
    if missing:
        raise AcceptError(
            f"You may not {', '.join(missing)}, which accepting this {kind.replace('_', ' ')} would do: "
            "ask an administrator for the permission, or leave it to someone who has it."
        )


def check_values(kind, values):
    """Refuse, naming the value, what a ``kind`` proposal's ``values`` lack or give malformed."""
    what = kind.replace("_", " ")
    for name in REQUIRED_VALUES.get(kind, ()):
        value = values.get(name)
        if not isinstance(value, str) or not value.strip():
            raise AcceptError(f"The {what}'s {name} is missing: give its {name} before accepting.")
    for name in DATE_VALUES:
        value = values.get(name)
        if value in (None, ""):
            continue
        try:
            datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise AcceptError(
                f"The {what}'s {name} {value!r} is not a date: give it as YYYY-MM-DD."
            ) from None
    for name in WHOLE_NUMBER_VALUES:
        value = values.get(name)
        if value not in (None, "") and (isinstance(value, bool) or not isinstance(value, int)):
            raise AcceptError(f"The {what}'s {name} {value!r} is not a whole number.")


def unique_slug(model, text, max_length=100):
    """A lower-case slug made from ``text`` that no ``model`` record has, nor had before: a former slug
    still leads to its record (core.permalinks refuses to give it to another)."""
    base = slugify(text)[: max_length - 4].strip("-") or model._meta.model_name
    slug, number = base, 2
    while (
        model._default_manager.filter(slug=slug).exists() or former_slugs_of(model).filter(slug=slug).exists()
    ):
        slug, number = f"{base}-{number}", number + 1
    return slug


def source_of(article):
    """The article's source: the one it was found to be, the one recorded since for the same URL or
    text (the article imported twice before any acceptance), or one made from what is known of it."""
    if article.source_id:
        return article.source
    # The same article imported twice before either was accepted: the first acceptance made its source.
    source = Source.objects.filter(url=article.url).first() if article.url else None
    if source is None:
        earlier = (
            ArticleImport.objects.filter(fingerprint=article.fingerprint, source__isnull=False)
            .exclude(pk=article.pk)
            .select_related("source")
            .first()
        )
        source = earlier.source if earlier else None
    if source is not None:
        article.source = source
        article.save(update_fields=["source", "updated"])
        return source
    headline = article.headline or article.text.split("\n", 1)[0][:200]
    source = Source.objects.create(
        slug=unique_slug(Source, headline),
        headline=headline[:300],
        publisher=article.publisher or "Unknown publisher",
        kind=SourceKind.NEWS_ARTICLE,
        published_on=article.published_on,
        url=article.url,
    )
    article.source = source
    article.save(update_fields=["source", "updated"])
    return source


def _locator(article, start):
    return f"paragraph {article.text.count(chr(10) + chr(10), 0, start) + 1}"


class _Acceptance:
    """One accepted proposal: its values, its article's source, and the citations it makes."""

    def __init__(self, proposal, values, link_to, as_new=False, user=None):
        self.proposal = proposal
        self.user = user
        self.article = proposal.article
        self.values = {**proposal.values, **(values or {})}
        self.link_to = link_to
        self.as_new = as_new
        self.source = source_of(self.article)

    def cite(self, record, *fields, disputed=None):
        """Cite each of ``fields`` of ``record`` (or the whole record, with none) to the sentence."""
        content_type = ContentType.objects.get_for_model(record)
        for field in fields or ("",):
            claim = (disputed or {}).get(field, "")
            Citation.objects.get_or_create(
                content_type=content_type,
                object_id=record.pk,
                field=field,
                source=self.source,
                quote=self.proposal.sentence,
                defaults={
                    "locator": _locator(self.article, self.proposal.start),
                    "basis": CitationBasis.STATED,
                    "claim": str(claim)[:300],
                    "stated_in_record": not claim,
                },
            )

    def record(self, model, reference, what):
        """The record a value names: a slug (a country's code), or a proposal's id, accepted first."""
        if reference in (None, ""):
            return None
        if isinstance(reference, model):
            return reference
        reference = str(reference)
        if _PROPOSAL_ID.fullmatch(reference):
            other = Proposal.objects.filter(article=self.article, key=reference).first()
            if other is not None:
                try:
                    return accept(other, user=self.user)
                except AlreadyDecided:
                    pass  # accepted meanwhile: what it became is read below
            became = ArticleImport.objects.get(pk=self.article.pk).accepted.get(reference)
            if not became or not became.get("slug"):
                raise AcceptError(
                    f"The {what} {reference} was rejected; link this proposal to a recorded one."
                )
            reference = became["slug"]
        if model is Country:
            found = Country.objects.filter(code=reference.upper()).first()
        else:
            found = model._default_manager.filter(slug=reference).first()
        if found is None:
            raise AcceptError(f"No {what} {reference!r} is recorded.")
        return found

    def existing(self, model):
        """The recorded record this proposal is: the one staff linked it to, or the analysis's match."""
        if self.link_to is not None:
            return self.record(model, self.link_to, model._meta.verbose_name)
        if self.as_new:
            return None
        twin = self.twin_record(model)
        if twin is not None:
            return twin
        match = self.proposal.match
        if match and match.get("id") and model._default_manager.filter(pk=match["id"]).exists():
            return model._default_manager.get(pk=match["id"])
        if match and match.get("slug") and model is not Country:
            return model._default_manager.filter(slug=match["slug"]).first()
        return None

    def twin_record(self, model):
        """What this proposal became in an earlier import of the same text, analysed before it was
        accepted there: the same text gives the same proposals, so the same id of the same kind and
        words is the same record, and making it again would record it twice."""
        twins = ArticleImport.objects.filter(fingerprint=self.article.fingerprint).exclude(pk=self.article.pk)
        for accepted in twins.values_list("accepted", flat=True):
            became = (accepted or {}).get(self.proposal.key)
            if became and became.get("kind") == self.proposal.kind:
                found = model._default_manager.filter(pk=became.get("pk")).first()
                if found is not None:
                    return found
        return None

    def fill_and_cite(self, record, fields):
        """Give an existing record the values it lacks; cite each value; keep a differing one as a
        claim the record does not follow."""
        disputed = {}
        stated = []
        recorded_conflicts = {c["field"]: c["proposed"] for c in self.proposal.conflicts}
        changed = []
        for field, value in fields.items():
            if value in (None, ""):
                continue
            current = getattr(record, field)
            comparable = current.isoformat() if isinstance(current, datetime.date) else current
            if hasattr(current, "pk"):
                comparable = current.pk
                value = value.pk if hasattr(value, "pk") else value
            if comparable in (None, ""):
                setattr(record, field, fields[field])
                changed.append(field)
                stated.append(field)
            elif comparable == value or str(comparable) == str(value):
                stated.append(field)
            else:
                disputed[field] = recorded_conflicts.get(field, value)
        if changed:
            record.save()
        self.cite(record, *stated)
        if disputed:
            self.cite(record, *disputed, disputed=disputed)
        return record

    # Kinds -------------------------------------------------------------------------------------

    def meeting(self):
        values = self.values
        parent = self.record(Meeting, values.get("parent"), "meeting")
        country = self.record(Country, values.get("country"), "country")
        host = self.record(Organisation, values.get("host"), "organisation")
        fields = {
            "name": values.get("name"),
            "kind": values.get("kind"),
            "ordinal": values.get("ordinal"),
            "parent": parent,
            "start_date": _date(values.get("start_date")),
            "end_date": _date(values.get("end_date")),
            "city": values.get("city"),
            "country": country,
            "format": values.get("format"),
            "theme": values.get("theme"),
            "host": host,
        }
        meeting = self.existing(Meeting)
        if meeting is not None:
            return self.fill_and_cite(meeting, fields)
        if not values.get("start_date"):
            raise AcceptError(
                "The article does not give this meeting's date with its year: "
                "give start_date (and date_precision) before accepting."
            )
        name = values.get("name") or self.proposal.text
        meeting = Meeting.objects.create(
            slug=unique_slug(Meeting, f"{values.get('short_name') or name} {values['start_date'][:4]}", 120),
            name=name[:300],
            short_name=(values.get("short_name") or "")[:60],
            kind=values.get("kind") or Meeting.Kind.OTHER,
            ordinal=values.get("ordinal"),
            parent=parent,
            start_date=_date(values["start_date"]),
            end_date=_date(values.get("end_date")),
            date_precision=values.get("date_precision") or "day",
            date_note=(values.get("date_note") or "")[:300],
            city=(values.get("city") or "")[:100],
            country=country,
            format=values.get("format") or "",
            theme=(values.get("theme") or "")[:300],
            host=host,
            status=PublicationStatus.DRAFT,
        )
        self.cite(meeting, *(field for field, value in fields.items() if value not in (None, "")))
        return meeting

    def official(self):
        values = self.values
        country = self.record(Country, values.get("country"), "country")
        official = self.existing(Official)
        if official is None:
            official = Official.objects.create(
                slug=unique_slug(Official, values["name"]), name=values["name"][:200], country=country
            )
            self.cite(official, "name", *(["country"] if country else []))
        else:
            self.fill_and_cite(official, {"country": country})
            known = {official.name, official.native_name, *official.aliases.values_list("name", flat=True)}
            if values["name"] not in known:
                alias = OfficialAlias.objects.create(
                    official=official, name=values["name"][:200], note="As printed in an imported article."
                )
                self.cite(alias, "name")
        organisation = self.record(Organisation, values.get("organisation"), "organisation")
        if organisation is not None and values.get("title"):
            position, _ = Position.objects.get_or_create(
                official=official, organisation=organisation, title=values["title"][:255]
            )
            self.cite(position, "title", "organisation")
        return official

    def organisation(self):
        values = self.values
        parent = self.record(Organisation, values.get("parent"), "organisation")
        country = self.record(Country, values.get("country"), "country")
        organisation = self.existing(Organisation)
        fields = {
            "name": values.get("name"),
            "abbreviation": values.get("abbreviation"),
            "parent": parent,
            "country": country,
        }
        if organisation is not None:
            return self.fill_and_cite(organisation, fields)
        organisation = Organisation.objects.create(
            slug=unique_slug(Organisation, values.get("abbreviation") or values["name"]),
            name=values["name"][:255],
            abbreviation=(values.get("abbreviation") or "")[:30],
            classification=values.get("classification") or Organisation.Classification.OTHER,
            parent=parent,
            country=country,
        )
        self.cite(organisation, *(field for field, value in fields.items() if value))
        return organisation

    def country(self):
        country = self.record(Country, self.link_to or self.values.get("code"), "country")
        if country is None:
            raise AcceptError(
                "Countries are not made from articles: link this proposal to a recorded country."
            )
        return country

    def participation(self):
        values = self.values
        meeting = self.record(Meeting, values.get("meeting"), "meeting")
        official = self.record(Official, values.get("official"), "official")
        organisation = (
            None if official else self.record(Organisation, values.get("organisation"), "organisation")
        )
        if meeting is None or (official is None and organisation is None):
            raise AcceptError("A participation needs its meeting and its official or organisation.")
        represents_country = self.record(Country, values.get("represents_country"), "country")
        represents_organisation = self.record(
            Organisation, values.get("represents_organisation"), "organisation"
        )
        role = values.get("role") or Participation.Role.PARTICIPANT
        # One participation of a person or body at a meeting, whatever the role: a role the article
        # gives otherwise is kept as a disputed claim on the recorded one.
        participation = (
            Participation.objects.filter(meeting=meeting, official=official, organisation=organisation)
            .order_by("pk")
            .first()
        )
        if participation is not None:
            fields = {"role": role, "official" if official else "organisation": official or organisation}
            # How one article prints a name or title is no claim against another's: only filled if empty.
            printed = {
                "printed_name": (values.get("name_as_printed") or "")[:200],
                "printed_title": (values.get("title_as_printed") or "")[:300],
                "represents_country": represents_country,
                "represents_organisation": represents_organisation,
            }
            fields |= {name: value for name, value in printed.items() if not getattr(participation, name)}
            return self.fill_and_cite(participation, fields)
        participation = Participation.objects.create(
            meeting=meeting,
            official=official,
            organisation=organisation,
            role=role,
            printed_name=(values.get("name_as_printed") or "")[:200],
            printed_title=(values.get("title_as_printed") or "")[:300],
            represents_country=represents_country,
            represents_organisation=represents_organisation,
        )
        fields = ["role", "official" if official else "organisation"]
        fields += [
            name
            for name in ("printed_name", "printed_title", "represents_country", "represents_organisation")
            if getattr(participation, name)
        ]
        self.cite(participation, *fields)
        return participation

    def declaration(self):
        values = self.values
        declaration = self.existing(Declaration)
        if declaration is None:
            declaration = Declaration.objects.create(
                slug=unique_slug(Declaration, values["title"], 120),
                title=values["title"][:400],
                title_status=Declaration.TitleStatus.SOURCE_WORDING,
                acronym=(values.get("acronym") or "")[:30],
                kind=values.get("kind") or Declaration.Kind.OTHER,
                implements=self.record(Declaration, values.get("implements"), "declaration"),
                status=PublicationStatus.DRAFT,
            )
            self.cite(declaration, "title", "kind", *(["implements"] if declaration.implements_id else []))
        else:
            self.cite(declaration)
        meeting = self.record(Meeting, values.get("meeting"), "meeting")
        if meeting is not None:
            link, _ = MeetingDeclaration.objects.get_or_create(
                meeting=meeting,
                declaration=declaration,
                relation=values.get("relation") or MeetingDeclaration.Relation.DISCUSSED,
            )
            self.cite(link, "relation")
        return declaration

    def outcome(self):
        values = self.values
        if self.link_to is not None:
            raise AcceptError("Outcomes are not linked to recorded ones: accept it as found, or as new.")
        outcome = None if self.as_new else self.twin_record(Outcome)
        if outcome is None and not self.as_new and self.proposal.match and self.proposal.match.get("id"):
            outcome = Outcome.objects.filter(pk=self.proposal.match["id"]).first()
        if outcome is None:
            meeting = self.record(Meeting, values.get("meeting"), "meeting")
            base = slugify(values.get("text", ""))[:60].strip("-") or "outcome"
            slug, number = base, 2
            while Outcome.objects.filter(meeting=meeting, slug=slug).exists():
                slug, number = f"{base}-{number}", number + 1
            outcome = Outcome.objects.create(
                meeting=meeting,
                slug=slug,
                kind=values.get("kind") or Outcome.Kind.DECISION,
                text=values["text"],
            )
        self.cite(outcome, "text")
        return outcome

    def chair_statement(self):
        values = self.values
        reference = values.get("organisation") or ""
        if _PROPOSAL_ID.fullmatch(reference):
            organisation = self.record(Organisation, reference, "organisation")
        else:
            organisation = Organisation.objects.filter(slug=reference).first()
        if organisation is None:
            organisation = Organisation.objects.filter(abbreviation=values.get("organisation") or "~").first()
        if organisation is None:
            raise AcceptError(
                "Record the body whose chair is handed over first, then link this proposal to it."
            )
        country = self.record(Country, values.get("to_country"), "country")
        meeting = self.record(Meeting, values.get("meeting"), "meeting")
        start_year = _term_year(values.get("term")) or (meeting.start_date.year if meeting else None)
        if start_year is None:
            raise AcceptError(
                "Give the meeting at which the chair was handed over: its year starts the term."
            )
        # Only the term that handover starts: an earlier term of the same country is another term,
        # and filling its handover with this meeting would misdate it.
        chair = Chairmanship.objects.filter(
            organisation=organisation, country=country, start_year=start_year
        ).first()
        if chair is not None:
            return self.fill_and_cite(chair, {"handed_over_at": meeting})
        chair = Chairmanship.objects.create(
            organisation=organisation,
            country=country,
            start_year=start_year,
            handed_over_at=meeting,
        )
        self.cite(chair, "country", "start_year", "handed_over_at")
        return chair


def _term_year(term):
    """The year a handover's ``term`` gives, when it is one ("the chair for 2025"); a term numbered
    by its conference ("the chair of ACCSM 22") gives none."""
    try:
        year = int(term)
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2200 else None


def _date(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) and value else value


def _reference_of(record):
    return record.code if isinstance(record, Country) else getattr(record, "slug", None)


def accept(proposal, values=None, link_to=None, as_new=False, user=None):
    """Make or link the record ``proposal`` proposes, cite it, and delete the proposal; returns the record.

    ``as_new`` makes a new record even where the analysis matched a recorded one. Whatever the database
    refuses (a constraint, an invalid value) is an ``AcceptError`` too, the transaction rolled back, so
    callers have one refusal to handle and a refused proposal leaves nothing half made. With ``user``
    (the admin's staff member) it is refused unless they may add and change what it touches."""
    if as_new and link_to is not None:
        raise AcceptError("A proposal is either linked to a recorded record or made new, not both.")
    try:
        with transaction.atomic():
            return _accept(proposal, values, link_to, as_new, user)
    except (IntegrityError, DataError, ValidationError) as refused:
        message = "; ".join(refused.messages) if isinstance(refused, ValidationError) else str(refused)
        raise AcceptError(f"The records refuse it as it stands ({message}): correct its values.") from refused


def _accept(proposal, values, link_to, as_new, user=None):
    try:
        proposal = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("article__source")
            .get(pk=proposal.pk)
        )
    except Proposal.DoesNotExist:
        raise AlreadyDecided(f"{proposal.key} was decided already.") from None
    if user is not None:
        check_permissions(user, proposal.kind)
    acceptance = _Acceptance(proposal, values, link_to, as_new, user)
    handler = getattr(acceptance, proposal.kind, None)
    if handler is None:
        raise AcceptError(f"Proposals of kind {proposal.kind!r} cannot be accepted.")
    check_values(proposal.kind, acceptance.values)
    record = handler()
    reference = _reference_of(record)
    article = ArticleImport.objects.select_for_update().get(pk=proposal.article_id)
    article.accepted = {
        **article.accepted,
        proposal.key: {"kind": proposal.kind, "slug": reference, "pk": record.pk},
    }
    article.save(update_fields=["accepted", "updated"])
    if reference:
        for other in Proposal.objects.filter(article=proposal.article).exclude(pk=proposal.pk):
            changed = {k: reference for k, v in other.values.items() if v == proposal.key}
            if changed:
                other.values = {**other.values, **changed}
                other.save(update_fields=["values"])
    proposal.delete()
    _mark_reviewed(proposal.article)
    return record


def reject(proposal):
    """Decide against a proposal: it is deleted."""
    article = proposal.article
    proposal.delete()
    _mark_reviewed(article)


def accept_all(article, user=None):
    """Accept every proposal of ``article`` in text order (the command's --accept); returns what was
    accepted and, for each proposal that could not be, why. Each is accepted in its own savepoint, so
    one the records refuse (``accept`` turns the database's refusal into an AcceptError) is reported
    and the others still go in."""
    accepted, refused = [], []
    for proposal in Proposal.objects.filter(article=article).order_by("start", "pk"):
        if not Proposal.objects.filter(pk=proposal.pk).exists():
            continue  # accepted already, as another's dependency
        try:
            with transaction.atomic():
                accepted.append((proposal.key, accept(proposal, user=user)))
        except AcceptError as error:
            refused.append((proposal.key, str(error)))
    return accepted, refused


def _mark_reviewed(article):
    if not Proposal.objects.filter(article=article).exists() and article.status != ImportStatus.REVIEWED:
        ArticleImport.objects.filter(pk=article.pk).update(status=ImportStatus.REVIEWED)
