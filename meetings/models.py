"""Meetings, who took part, what they decided and under which declarations."""

from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.dates import DatePrecision, format_range, partial_date, truncate
from core.models import (
    Record,
    SearchableModel,
    SlugManager,
    choices_constraint,
    lowercase_slug_constraint,
    period_constraint,
    search_columns,
)
from core.second_factor import is_verified_staff
from people.models import Country, Official, Organisation
from sources.models import Citation


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


def place_parts(venue, city, country):
    """The parts of a meeting's place that are known, from the smallest to the country."""
    return [part for part in (venue, city, country) if part]


def place_of(venue, city, country_name):
    """Where a meeting was, as every output writes it: the parts known, joined by commas."""
    return ", ".join(place_parts(venue, city, country_name))


def published_index(name, *fields):
    """An index over the published records only, which are all the public site reads."""
    return models.Index(fields=list(fields), name=name, condition=Q(status=PublicationStatus.PUBLISHED))


class PublishableQuerySet(models.QuerySet):
    """What meetings and declarations, the records with a publication status, share."""

    def published(self):
        """What the public may see; every public page, export, feed and API uses this."""
        return self.filter(status=PublicationStatus.PUBLISHED)

    def visible_to(self, user):
        """Staff also see drafts (with a banner); everyone else sees what is published."""
        return self if is_verified_staff(user) else self.published()


def published_or_none(record):
    """``record`` if it is published, else None: what a public output may name of a related record.

    A published record linked to a draft (its parent, the plan it implements)
    must not name or link the draft.
    """
    return record if record is not None and record.is_published else None


def cited_from(model, source):
    """The ids of the ``model`` records that cite ``source`` for any fact, as a subquery."""
    return Citation.objects.of_kind(model).filter(source=source).values("object_id")


class MeetingQuerySet(PublishableQuerySet):
    def recorded_from(self, source):
        """The meetings the source supports a fact of: of the meeting, or of who took part, what it
        decided or the declarations it dealt with."""
        condition = Q(pk__in=cited_from(Meeting, source))
        for part in (Participation, Outcome, MeetingDeclaration):
            condition |= Q(pk__in=part.objects.filter(pk__in=cited_from(part, source)).values("meeting_id"))
        return self.filter(condition)

    def with_list_data(self):
        # The parent is read for ``public_parent``, which names it only if it is published.
        return self.select_related("country", "parent").defer(*search_columns("country", "parent"))

    def with_published_parent_slug(self):
        """Each meeting with its parent's slug as ``published_parent_slug``, None where the parent is a draft.

        For the exports that read values rather than meetings (CSV, Popolo): a part of
        a draft meeting is published without its parent.
        """
        parent = Meeting.objects.published().filter(pk=OuterRef("parent_id")).values("slug")
        return self.annotate(published_parent_slug=Subquery(parent))

    def for_calendar(self):
        """Only the columns a calendar event reads (meetings/calendar.py), for long calendars."""
        return self.select_related("country").only(
            "slug",
            "name",
            "kind",
            "start_date",
            "end_date",
            "date_precision",
            "date_note",
            "city",
            "venue",
            "theme",
            "summary",
            "created",
            "updated",
            "country__name",
        )

    def with_detail_data(self):
        return self.select_related("country", "host", "parent").prefetch_related(
            # Its published parts only: no public page names a draft.
            Prefetch(
                "children",
                queryset=Meeting.objects.published().select_related("country").order_by("start_date", "name"),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related(
                    "official",
                    "organisation",
                    "country",
                    "represents_country",
                    "represents_organisation",
                ),
            ),
            Prefetch(
                "declaration_links",
                queryset=MeetingDeclaration.objects.filter(
                    declaration__status=PublicationStatus.PUBLISHED
                ).select_related("declaration"),
            ),
            "outcomes",
        )

    def attended_by(self, official):
        return self.filter(Exists(Participation.objects.filter(meeting=OuterRef("pk"), official=official)))

    def involving_organisation(self, organisation):
        """Meetings the organisation hosted, attended, or was represented at."""
        took_part = Participation.objects.filter(meeting=OuterRef("pk")).filter(
            Q(organisation=organisation) | Q(represents_organisation=organisation)
        )
        return self.filter(Q(host=organisation) | Exists(took_part))

    def dealing_with(self, declaration):
        return self.filter(
            Exists(MeetingDeclaration.objects.filter(meeting=OuterRef("pk"), declaration=declaration))
        )


class MeetingKind(models.TextChoices):
    CONFERENCE = "conference", "Conference"
    HEADS_OF_CIVIL_SERVICE = "heads", "Heads of Civil Service Meeting"
    SENIOR_OFFICIALS = "som", "Senior Officials' Meeting"
    SENIOR_OFFICIALS_PLUS_THREE = "som_plus_three", "Senior Officials' Meeting Plus Three"
    WORKSHOP = "workshop", "Workshop"
    FORUM = "forum", "Forum"
    OTHER = "other", "Other"


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIRTUAL = "virtual", "Virtual"
    HYBRID = "hybrid", "Hybrid"


class Meeting(SearchableModel, Record):
    """A conference, meeting or workshop, possibly part of a larger one."""

    Kind = MeetingKind

    Format = MeetingFormat

    slug = models.SlugField(max_length=120, db_index=False)
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=60, blank=True, help_text='e.g. "ACCSM 21".')
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ordinal = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Its number within its series: 21 for the 21st ACCSM."
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The meeting this one is part of, e.g. ACCSM 21 for its Senior Officials' Meeting.",
    )
    start_date = models.DateField(
        help_text="For a month or a year, any day in it; it is stored as the first day."
    )
    end_date = models.DateField(null=True, blank=True, help_text="Leave empty for a one-day meeting.")
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the date the sources give.",
    )
    date_note = models.CharField(
        max_length=300, blank=True, help_text='How the date is known, e.g. "year inferred from ...".'
    )
    city = models.CharField(max_length=100, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    venue = models.CharField(max_length=200, blank=True)
    format = models.CharField(
        max_length=10, choices=Format.choices, blank=True, help_text="Leave empty if the sources do not say."
    )
    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name="host organisation",
    )
    theme = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    status = models.CharField(
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text="Only published meetings appear on the public site, in exports and feeds.",
    )
    declarations = models.ManyToManyField(
        "Declaration", through="MeetingDeclaration", blank=True, related_name="meetings"
    )

    objects = SlugManager.from_queryset(MeetingQuerySet)()
    history = HistoricalRecords()

    # The fields public pages show as facts: each needs a citation (sources/provenance.py).
    cited_fields = (
        "name",
        "kind",
        "ordinal",
        "start_date",
        "end_date",
        "city",
        "country",
        "venue",
        "format",
        "theme",
        "host",
        "parent",
    )

    class Meta:
        ordering = ["-start_date", "name"]
        permissions = [("publish_meeting", "Can publish and unpublish meetings")]
        # The public site reads only published meetings, so its indexes leave drafts
        # out. One per sort of the list (MeetingFilter), and one per filter with the
        # default sort after it, so that a page of a filtered list is read in order
        # from an index rather than sorted from the whole table.
        indexes = [
            published_index("meeting_newest", "-start_date", "name"),
            published_index("meeting_oldest", "start_date", "name"),
            published_index("meeting_by_name", "name", "-start_date"),
            published_index("meeting_country_newest", "country", "-start_date", "name"),
            published_index("meeting_kind_newest", "kind", "-start_date", "name"),
            published_index("meeting_format_newest", "format", "-start_date", "name"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="meeting_slug_unique"),
            lowercase_slug_constraint("meeting_slug_lowercase"),
            period_constraint("start_date", "end_date", "meeting_end_not_before_start", "The end date"),
            choices_constraint("kind", MeetingKind, "meeting_kind_valid"),
            choices_constraint("format", MeetingFormat, "meeting_format_valid", allow_blank=True),
            choices_constraint("date_precision", DatePrecision, "meeting_date_precision_valid"),
            choices_constraint("status", PublicationStatus, "meeting_status_valid"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("pk")),
                name="meeting_not_own_parent",
                violation_error_message="A meeting cannot be part of itself.",
            ),
            models.CheckConstraint(
                condition=Q(ordinal__isnull=True) | Q(ordinal__gte=1),
                name="meeting_ordinal_positive",
                violation_error_message="The ordinal starts at 1.",
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        self.truncate_dates()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("public:meeting_detail", args=[self.slug])

    def clean(self):
        # Validate the dates as they will be stored.
        self.truncate_dates()

    def truncate_dates(self):
        self.start_date = truncate(self.start_date, self.date_precision)
        self.end_date = truncate(self.end_date, self.date_precision)

    def participants_by_role(self):
        """The participations, grouped by role in the order of ParticipationRole."""
        groups = {role: [] for role in ParticipationRole}
        for participation in self.participations.all():
            groups[ParticipationRole(participation.role)].append(participation)
        return [(role.label, people) for role, people in groups.items() if people]

    def chairs(self):
        return [p for p in self.participations.all() if p.role == ParticipationRole.CHAIR]

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED

    @property
    def public_parent(self):
        """The meeting this one is part of, if it is published: what every public output names.

        A published part of a draft meeting must not name or link the draft, so the
        pages, the API and JSON-LD read this rather than ``parent``. The querysets
        select the parent with the meeting, so this costs no query.
        """
        return published_or_none(self.parent)

    def search_terms(self):
        return [self.name, self.short_name, self.theme, self.summary, self.city]

    def natural_key(self):
        return (self.slug,)

    @property
    def start(self):
        return partial_date(self.start_date, self.date_precision)

    @property
    def end(self):
        return partial_date(self.end_date, self.date_precision)

    @property
    def date_display(self):
        return format_range(self.start, self.end)

    @property
    def place(self):
        return place_of(self.venue, self.city, self.country and self.country.name)

    def place_with_links(self):
        """The parts of ``place`` as (text, link) pairs: the country links to its page."""
        parts = [(part, None) for part in place_parts(self.venue, self.city, None)]
        if self.country:
            parts.append((self.country.name, self.country.get_absolute_url()))
        return parts


class DeclarationQuerySet(PublishableQuerySet):
    def recorded_from(self, source):
        """The declarations the source supports a fact of."""
        return self.filter(pk__in=cited_from(Declaration, source))

    def with_list_data(self):
        return self.select_related("adopting_body", "implements")

    def with_detail_data(self):
        return self.select_related("adopting_body", "implements").prefetch_related(
            Prefetch("implementations", queryset=Declaration.objects.published()),
            Prefetch(
                "meeting_links",
                queryset=MeetingDeclaration.objects.filter(meeting__status=PublicationStatus.PUBLISHED)
                .select_related("meeting")
                .order_by("-meeting__start_date", "relation"),
            ),
        )


class DeclarationKind(models.TextChoices):
    DECLARATION = "declaration", "Declaration"
    FRAMEWORK = "framework", "Framework"
    STRATEGY = "strategy", "Strategy"
    WORK_PLAN = "work_plan", "Work plan"
    ACTION_PLAN = "action_plan", "Action plan"
    VISION = "vision", "Vision"
    OTHER = "other", "Other"


class TitleStatus(models.TextChoices):
    OFFICIAL = "official", "Official title (verified)"
    SOURCE_WORDING = "source_wording", "The source's wording (not verified as the official title)"


class Declaration(SearchableModel, Record):
    """A declaration, framework, strategy, work plan, action plan or vision document."""

    Kind = DeclarationKind

    TitleStatus = TitleStatus

    slug = models.SlugField(max_length=120, db_index=False)
    title = models.CharField(max_length=400)
    title_status = models.CharField(
        max_length=20,
        choices=TitleStatus.choices,
        default=TitleStatus.SOURCE_WORDING,
        help_text="Mark a title official only once it is checked against the document itself.",
    )
    acronym = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    adopted_on = models.DateField(null=True, blank=True, help_text="Leave empty if unknown.")
    adopted_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    adoption_note = models.CharField(
        max_length=300, blank=True, help_text="Where it was adopted, e.g. 30th ASEAN Summit, Manila."
    )
    adopting_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_declarations",
    )
    period_start = models.PositiveSmallIntegerField(
        "period from (year)", null=True, blank=True, help_text="e.g. 2021 for a 2021–2025 work plan."
    )
    period_end = models.PositiveSmallIntegerField("period to (year)", null=True, blank=True)
    implements = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="implementations",
        help_text="The declaration this plan implements.",
    )
    summary = models.TextField(blank=True)
    status = models.CharField(
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text="Only published documents appear on the public site, in exports and feeds.",
    )

    objects = SlugManager.from_queryset(DeclarationQuerySet)()
    history = HistoricalRecords()

    # The fields public pages show as facts: each needs a citation (sources/provenance.py).
    cited_fields = (
        "title",
        "acronym",
        "kind",
        "adopted_on",
        "adopting_body",
        "period_start",
        "period_end",
        "implements",
    )

    class Meta:
        ordering = ["title"]
        permissions = [("publish_declaration", "Can publish and unpublish declarations")]
        # As for meetings: the sorts of DeclarationFilter and its kind filter. The
        # sorts by date put undated documents last, which SQLite cannot index;
        # there are some fifty times fewer declarations than meetings.
        indexes = [
            published_index("declaration_by_title", "title"),
            published_index("declaration_kind", "kind", "title"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="declaration_slug_unique"),
            lowercase_slug_constraint("declaration_slug_lowercase"),
            choices_constraint("kind", DeclarationKind, "declaration_kind_valid"),
            choices_constraint("title_status", TitleStatus, "declaration_title_status_valid"),
            choices_constraint("status", PublicationStatus, "declaration_status_valid"),
            choices_constraint("adopted_precision", DatePrecision, "declaration_adopted_precision_valid"),
            period_constraint(
                "period_start", "period_end", "declaration_period_ordered", "The last year of the period"
            ),
            models.CheckConstraint(
                condition=Q(implements__isnull=True) | ~Q(implements=F("pk")),
                name="declaration_not_own_implementation",
                violation_error_message="A document cannot implement itself.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.adopted_on = truncate(self.adopted_on, self.adopted_precision)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("public:declaration_detail", args=[self.slug])

    def clean(self):
        self.adopted_on = truncate(self.adopted_on, self.adopted_precision)

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED

    @property
    def public_implements(self):
        """The declaration this one implements, if it is published: what every public output names."""
        return published_or_none(self.implements)

    def search_terms(self):
        return [self.title, self.acronym, self.summary]

    def natural_key(self):
        return (self.slug,)

    @property
    def adopted(self):
        return partial_date(self.adopted_on, self.adopted_precision)

    @property
    def period_display(self):
        if self.period_start and self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or self.period_end or "")


class MeetingDeclarationManager(models.Manager):
    def get_by_natural_key(self, meeting_slug, declaration_slug, relation):
        return self.get(meeting__slug=meeting_slug, declaration__slug=declaration_slug, relation=relation)


class DeclarationRelation(models.TextChoices):
    HELD_UNDER = "held_under", "Held under"
    ADOPTED = "adopted", "Adopted"
    REVIEWED = "reviewed", "Reviewed"
    DISCUSSED = "discussed", "Discussed"
    BRIEFED_ON = "briefed_on", "Briefed on"


class MeetingDeclaration(Record):
    """How a meeting dealt with a declaration: discussed it, reviewed it, was held under it..."""

    Relation = DeclarationRelation

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declaration_links")
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="meeting_links")
    relation = models.CharField(max_length=20, choices=Relation.choices)
    note = models.CharField(max_length=300, blank=True)

    objects = MeetingDeclarationManager()
    history = HistoricalRecords()

    # The fields public pages show as facts: each needs a citation (sources/provenance.py).
    cited_fields = ("relation",)

    class Meta:
        ordering = ["meeting", "relation", "declaration"]
        verbose_name = "declaration dealt with"
        verbose_name_plural = "declarations dealt with"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "declaration", "relation"],
                name="meeting_declaration_unique",
                violation_error_message="This meeting already has this relation to this declaration.",
            ),
            choices_constraint("relation", DeclarationRelation, "meeting_declaration_relation_valid"),
        ]

    def __str__(self):
        return f"{self.meeting} {self.get_relation_display().lower()} {self.declaration}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()

    def natural_key(self):
        return self.meeting.natural_key() + self.declaration.natural_key() + (self.relation,)

    natural_key.dependencies = ["meetings.meeting", "meetings.declaration"]


class ParticipationQuerySet(models.QuerySet):
    def public(self):
        """Participations in published meetings, with what an official's page shows of them."""
        return self.filter(meeting__status=PublicationStatus.PUBLISHED).select_related(
            "meeting__country", "represents_country", "represents_organisation"
        )


class ParticipationManager(models.Manager.from_queryset(ParticipationQuerySet)):
    def get_by_natural_key(self, meeting_slug, role, official_slug, organisation_slug, country_code):
        return self.get(
            meeting__slug=meeting_slug,
            role=role,
            official__slug=official_slug,
            organisation__slug=organisation_slug,
            country__code=country_code,
        )


class ParticipationRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    HOST = "host", "Host"
    SPEAKER = "speaker", "Speaker"
    BRIEFER = "briefer", "Briefer"
    PARTICIPANT = "participant", "Participant"
    OBSERVER = "observer", "Observer"


class Participation(Record):
    """Someone at a meeting: an official, or where no person is named, an organisation or a country."""

    Role = ParticipationRole

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    # Indexed with the meeting below (Meta.indexes) rather than alone.
    official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        db_index=False,
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text="Only where no person is named.",
        db_index=False,
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text="Only where no person or organisation is named.",
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    represents_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="represented_at"
    )
    represents_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_at",
        db_index=False,
    )
    printed_name = models.CharField(
        "name as printed", max_length=200, blank=True, help_text="Exactly as the source writes it."
    )
    printed_title = models.CharField(
        "title as printed", max_length=300, blank=True, help_text="Exactly as the source writes it."
    )
    statement = models.TextField(blank=True, help_text="A short paraphrase of what they said.")

    objects = ParticipationManager()
    history = HistoricalRecords()

    # The fields public pages show as facts: each needs a citation (sources/provenance.py).
    cited_fields = (
        "role",
        "official",
        "organisation",
        "country",
        "represents_organisation",
        "represents_country",
        "printed_name",
        "printed_title",
        "statement",
    )

    class Meta:
        ordering = ["meeting", "role", "printed_name"]
        # The meetings an official or organisation took part in (their pages, and the
        # meeting list's official and organisation filters) are read from the index
        # alone: an organisation at 5,000 meetings took 90 ms through the heap.
        indexes = [
            models.Index(fields=["official", "meeting"], name="participation_official_meeting"),
            models.Index(fields=["organisation", "meeting"], name="participation_org_meeting"),
            models.Index(fields=["represents_organisation", "meeting"], name="participation_repr_meeting"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(official__isnull=False, organisation__isnull=True, country__isnull=True)
                | Q(official__isnull=True, organisation__isnull=False, country__isnull=True)
                | Q(official__isnull=True, organisation__isnull=True, country__isnull=False),
                name="participation_names_one_participant",
                violation_error_message="A participation names exactly one of: an official, "
                "an organisation or a country.",
            ),
            models.UniqueConstraint(
                fields=["meeting", "official", "role"],
                name="participation_official_role_unique",
                violation_error_message="This official already has that role at this meeting.",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation", "role"],
                name="participation_organisation_role_unique",
                violation_error_message="This organisation already has that role at this meeting.",
            ),
            models.UniqueConstraint(
                fields=["meeting", "country", "role"],
                name="participation_country_role_unique",
                violation_error_message="This country already has that role at this meeting.",
            ),
            choices_constraint("role", ParticipationRole, "participation_role_valid"),
        ]

    def __str__(self):
        return f"{self.participant} ({self.get_role_display().lower()}) at {self.meeting}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()

    @property
    def participant(self):
        return self.official or self.organisation or self.country

    def natural_key(self):
        return (
            self.meeting.slug,
            self.role,
            self.official.slug if self.official_id else None,
            self.organisation.slug if self.organisation_id else None,
            self.country.code if self.country_id else None,
        )

    natural_key.dependencies = [
        "meetings.meeting",
        "people.official",
        "people.organisation",
        "people.country",
    ]


class OutcomeManager(models.Manager):
    def get_by_natural_key(self, meeting_slug, slug):
        return self.get(meeting__slug=meeting_slug, slug=slug)


class OutcomeKind(models.TextChoices):
    DECISION = "decision", "Decision"
    HANDOVER = "handover", "Handover"
    REPORT = "report", "Report"
    AGREEMENT = "agreement", "Agreement"
    STATEMENT = "statement", "Progress statement"


class Outcome(Record):
    """Something a meeting decided or did: a decision, a handover, a report, an agreement."""

    Kind = OutcomeKind

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    slug = models.SlugField(max_length=100, db_index=False, help_text="Unique within the meeting.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()

    objects = OutcomeManager()
    history = HistoricalRecords()

    # The fields public pages show as facts: each needs a citation (sources/provenance.py).
    cited_fields = ("text",)

    class Meta:
        ordering = ["meeting", "kind", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "slug"],
                name="outcome_slug_unique_per_meeting",
                violation_error_message="This meeting already has an outcome with that slug.",
            ),
            lowercase_slug_constraint("outcome_slug_lowercase"),
            choices_constraint("kind", OutcomeKind, "outcome_kind_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()

    def natural_key(self):
        return self.meeting.natural_key() + (self.slug,)

    natural_key.dependencies = ["meetings.meeting"]


class ChairmanshipManager(models.Manager):
    def get_by_natural_key(self, organisation_slug, country_code, start_year):
        return self.get(
            organisation__slug=organisation_slug, country__code=country_code, start_year=start_year
        )


class Chairmanship(Record):
    """A country's turn chairing a body such as the ACCSM, and where the chair was handed over."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="chairmanships")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="chairmanships")
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    handed_over_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chair_handovers",
        help_text="The meeting at which this country received the chair.",
    )
    note = models.CharField(max_length=300, blank=True)

    objects = ChairmanshipManager()
    history = HistoricalRecords()

    # The fields public pages show as facts: each needs a citation (sources/provenance.py).
    cited_fields = ("country", "start_year", "end_year", "handed_over_at")

    class Meta:
        ordering = ["organisation", "start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "country", "start_year"],
                name="chairmanship_unique",
                violation_error_message="That chairmanship (body, country, first year) is already recorded.",
            ),
            period_constraint("start_year", "end_year", "chairmanship_end_not_before_start", "The last year"),
        ]

    def __str__(self):
        body = self.organisation.abbreviation or self.organisation.name
        return f"{self.country} chairs {body}, {self.period_display}"

    def get_absolute_url(self):
        return self.country.get_absolute_url()

    @property
    def period_display(self):
        return f"{self.start_year}–{self.end_year}" if self.end_year else f"{self.start_year}–"

    @property
    def public_handover(self):
        """The meeting at which the chair was handed over, if it is published: what the pages name."""
        return published_or_none(self.handed_over_at)

    def natural_key(self):
        return self.organisation.natural_key() + self.country.natural_key() + (self.start_year,)

    natural_key.dependencies = ["people.organisation", "people.country", "meetings.meeting"]
