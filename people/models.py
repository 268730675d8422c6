"""Countries, organisations, officials and the posts officials hold."""

import string

from django.db import models
from django.db.models import F, Prefetch, Q, Value
from django.db.models.functions import Length, Replace, Substr
from django.db.models.lookups import Exact, GreaterThan, In
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.dates import DatePrecision, format_range, partial_date, truncate
from core.models import (
    Record,
    SearchableModel,
    SlugManager,
    capital_letters,
    choices_constraint,
    http_url_constraint,
    lowercase_slug_constraint,
    period_constraint,
    search_columns,
)

# The note on a name kept from a record merged into another (core/merging.py).
MERGED_NAME_NOTE = "Name of a record merged into this one"


class CountryManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class OrganisationQuerySet(models.QuerySet):
    def with_list_data(self):
        return self.select_related("country", "parent")

    def with_detail_data(self):
        return self.select_related("country", "parent").prefetch_related(
            "alternative_names",
            Prefetch("children", queryset=Organisation.objects.select_related("country")),
            Prefetch("positions", queryset=Position.objects.select_related("official")),
        )


class OfficialQuerySet(models.QuerySet):
    def with_list_data(self):
        return (
            self.select_related("country")
            .defer(*search_columns("country"))
            .prefetch_related(Prefetch("positions", queryset=Position.objects.select_related("organisation")))
        )


class AseanStatus(models.TextChoices):
    MEMBER = "member", "ASEAN member state"
    OBSERVER = "observer", "ASEAN observer"
    PLUS_THREE = "plus_three", "ASEAN Plus Three partner"
    DIALOGUE_PARTNER = "dialogue_partner", "ASEAN dialogue partner"
    OTHER = "other", "Other"


class Country(SearchableModel, Record):
    """A state: an ASEAN member, observer or partner."""

    AseanStatus = AseanStatus

    code = models.CharField(
        "ISO 3166-1 alpha-2 code", max_length=2, help_text="Two capital letters, e.g. VN."
    )
    alpha3 = models.CharField("ISO 3166-1 alpha-3 code", max_length=3, blank=True)
    name = models.CharField(max_length=100)
    asean_status = models.CharField(
        "ASEAN status", max_length=20, choices=AseanStatus.choices, default=AseanStatus.OTHER
    )
    joined_asean = models.DateField(
        "joined ASEAN", null=True, blank=True, help_text="Date it became a member state."
    )
    joined_asean_precision = models.CharField(
        "joined ASEAN, known to the", max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    note = models.TextField(blank=True)

    objects = CountryManager()
    history = HistoricalRecords()

    # The fields public pages show as facts: each needs a citation (sources/provenance.py).
    cited_fields = ("name", "asean_status", "joined_asean")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.UniqueConstraint(fields=["code"], name="country_code_unique"),
            models.CheckConstraint(
                condition=capital_letters("code", 2),
                name="country_code_two_capitals",
                violation_error_message="The country code is two capital letters (ISO 3166-1 alpha-2).",
            ),
            models.CheckConstraint(
                condition=Q(alpha3="") | capital_letters("alpha3", 3),
                name="country_alpha3_three_capitals",
                violation_error_message="The alpha-3 code is three capital letters.",
            ),
            choices_constraint(
                "asean_status", AseanStatus, "country_asean_status_valid", label="ASEAN status"
            ),
            models.CheckConstraint(
                condition=Q(joined_asean__isnull=True) | Q(asean_status="member"),
                name="country_joined_only_members",
                violation_error_message="Only a member state has a date it joined ASEAN.",
            ),
            choices_constraint(
                "joined_asean_precision",
                DatePrecision,
                "country_joined_asean_precision_valid",
                label="Joined ASEAN precision",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:country_detail", args=[self.code.lower()])

    def search_terms(self):
        return [self.name, self.code, self.alpha3, *self.alternative_names.values_list("name", flat=True)]

    def natural_key(self):
        return (self.code,)

    def save(self, *args, **kwargs):
        self.joined_asean = truncate(self.joined_asean, self.joined_asean_precision)
        super().save(*args, **kwargs)

    def clean(self):
        # Validate the date as it will be stored.
        self.joined_asean = truncate(self.joined_asean, self.joined_asean_precision)

    @property
    def joined(self):
        return partial_date(self.joined_asean, self.joined_asean_precision)


class CountryNameManager(models.Manager):
    def get_by_natural_key(self, country_code, name):
        return self.get(country__code=country_code, name=name)


class CountryNameKind(models.TextChoices):
    SHORT = "short", "Short name"
    OFFICIAL = "official", "Official name"
    DEMONYM = "demonym", "Demonym"
    FORMER = "former", "Former name"


class CountryName(Record):
    """Another name a country goes by or went by: a short name, a demonym, a former name."""

    Kind = CountryNameKind

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="alternative_names")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SHORT)
    note = models.CharField(max_length=255, blank=True)

    objects = CountryNameManager()
    history = HistoricalRecords()

    # The fields public pages show as facts: each needs a citation (sources/provenance.py).
    cited_fields = ("name", "kind")

    class Meta:
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"],
                name="country_name_unique",
                violation_error_message="This country already has that name recorded.",
            ),
            choices_constraint("kind", CountryNameKind, "country_name_kind_valid"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.country.get_absolute_url()

    def search_owner(self):
        return self.country

    def natural_key(self):
        return self.country.natural_key() + (self.name,)

    natural_key.dependencies = ["people.country"]


class OrganisationClassification(models.TextChoices):
    INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental body"
    SECRETARIAT = "secretariat", "Secretariat"
    PILLAR = "pillar", "Community pillar"
    MINISTRY = "ministry", "Ministry"
    DEPARTMENT = "department", "Department"
    AGENCY = "agency", "Agency"
    OTHER = "other", "Other"


class Organisation(SearchableModel, Record):
    """A body: an intergovernmental organisation, a ministry, a department, a pillar."""

    Classification = OrganisationClassification

    slug = models.SlugField(max_length=100, db_index=False)
    name = models.CharField(max_length=255)
    abbreviation = models.CharField(max_length=30, blank=True)
    classification = models.CharField(
        max_length=20, choices=Classification.choices, default=Classification.OTHER
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The body this one belongs to, e.g. a ministry for a department.",
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="Leave empty for regional and international bodies.",
    )
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    founding_date = models.DateField(
        null=True, blank=True, help_text="When it was founded or established; leave empty if unknown."
    )
    founding_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    dissolution_date = models.DateField(
        null=True, blank=True, help_text="When it was dissolved; leave empty if it still exists or unknown."
    )
    dissolution_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )

    objects = SlugManager.from_queryset(OrganisationQuerySet)()
    history = HistoricalRecords()

    # The fields public pages show as facts: each needs a citation (sources/provenance.py).
    cited_fields = ("name", "abbreviation", "classification", "parent", "country", "founding_date", "website")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="organisation_slug_unique"),
            lowercase_slug_constraint("organisation_slug_lowercase"),
            choices_constraint(
                "classification", OrganisationClassification, "organisation_classification_valid"
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("pk")),
                name="organisation_not_own_parent",
                violation_error_message="An organisation cannot be its own parent.",
            ),
            http_url_constraint("website", "organisation_website_http_only"),
            period_constraint(
                "founding_date",
                "dissolution_date",
                "organisation_dissolved_not_before_founded",
                "The dissolution date",
            ),
            choices_constraint("founding_precision", DatePrecision, "organisation_founding_precision_valid"),
            choices_constraint(
                "dissolution_precision", DatePrecision, "organisation_dissolution_precision_valid"
            ),
        ]

    def __str__(self):
        if self.abbreviation and self.abbreviation != self.name:
            return f"{self.name} ({self.abbreviation})"
        return self.name

    def get_absolute_url(self):
        return reverse("public:organisation_detail", args=[self.slug])

    def search_terms(self):
        return [self.name, self.abbreviation, *self.alternative_names.values_list("name", flat=True)]

    def natural_key(self):
        return (self.slug,)

    def merged_name_rows(self, merged, former):
        """The names this organisation no longer bears after ``merged`` was merged into it (core/merging.py):
        the merged one's, or its own former name if it took the other's, kept as alternative names."""
        known = {self.name, self.abbreviation, *self.alternative_names.values_list("name", flat=True)}
        rows = []
        for name, kind in (
            (merged.name, OrganisationNameKind.ALTERNATIVE),
            (former.name, OrganisationNameKind.ALTERNATIVE),
            (merged.abbreviation, OrganisationNameKind.ABBREVIATION),
            (former.abbreviation, OrganisationNameKind.ABBREVIATION),
        ):
            if name and name not in known:
                known.add(name)
                rows.append(OrganisationName(organisation=self, name=name, kind=kind, note=MERGED_NAME_NOTE))
        return rows

    def save(self, *args, **kwargs):
        self.truncate_dates()
        super().save(*args, **kwargs)

    def clean(self):
        # Validate the dates as they will be stored.
        self.truncate_dates()

    def truncate_dates(self):
        self.founding_date = truncate(self.founding_date, self.founding_precision)
        self.dissolution_date = truncate(self.dissolution_date, self.dissolution_precision)

    @property
    def founded(self):
        return partial_date(self.founding_date, self.founding_precision)

    @property
    def dissolved(self):
        return partial_date(self.dissolution_date, self.dissolution_precision)


class OrganisationNameManager(models.Manager):
    def get_by_natural_key(self, organisation_slug, name):
        return self.get(organisation__slug=organisation_slug, name=name)


class OrganisationNameKind(models.TextChoices):
    FORMER = "former", "Former name"
    ALTERNATIVE = "alternative", "Alternative name or spelling"
    ABBREVIATION = "abbreviation", "Other abbreviation"
    TRANSLATION = "translation", "Translation"


class OrganisationName(Record):
    """Another name an organisation has had or goes by: a former name, a spelling, a translation."""

    Kind = OrganisationNameKind

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="alternative_names")
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ALTERNATIVE)
    start_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="First year in use, if known."
    )
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Last year in use, if known."
    )
    note = models.CharField(max_length=255, blank=True)

    objects = OrganisationNameManager()
    history = HistoricalRecords()

    # The fields public pages show as facts: each needs a citation (sources/provenance.py).
    cited_fields = ("name", "start_year", "end_year")

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="organisation_name_unique",
                violation_error_message="This organisation already has that name recorded.",
            ),
            choices_constraint("kind", OrganisationNameKind, "organisation_name_kind_valid"),
            period_constraint("start_year", "end_year", "organisation_name_years_ordered", "The last year"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.organisation.get_absolute_url()

    def search_owner(self):
        return self.organisation

    def natural_key(self):
        return self.organisation.natural_key() + (self.name,)

    natural_key.dependencies = ["people.organisation"]


class Official(SearchableModel, Record):
    """A person who holds or held a post and appears in the records."""

    slug = models.SlugField(max_length=100, db_index=False)
    name = models.CharField(
        max_length=200,
        help_text="As commonly written in English, e.g. Pham Thi Thanh Tra. One field: "
        "names across ASEAN do not split into first and last.",
    )
    native_name = models.CharField(
        "name in native script",
        max_length=200,
        blank=True,
        help_text="With diacritics or in native script, e.g. Phạm Thị Thanh Trà.",
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="officials"
    )
    biography = models.TextField("short biography", blank=True)

    objects = SlugManager.from_queryset(OfficialQuerySet)()
    history = HistoricalRecords()

    # The fields public pages show as facts: each needs a citation (sources/provenance.py).
    cited_fields = ("name", "native_name", "country")

    class Meta:
        ordering = ["name"]
        # The sorts and the country filter of the officials list (OfficialFilter).
        indexes = [
            models.Index(fields=["name"], name="official_by_name"),
            models.Index(fields=["-updated", "name"], name="official_recently_updated"),
            models.Index(fields=["country", "name"], name="official_country_by_name"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="official_slug_unique"),
            lowercase_slug_constraint("official_slug_lowercase"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:official_detail", args=[self.slug])

    def search_terms(self):
        return [self.name, self.native_name, *self.aliases.values_list("name", flat=True)]

    def natural_key(self):
        return (self.slug,)

    def merged_name_rows(self, merged, former):
        """The names this official no longer bears after ``merged`` was merged into it (core/merging.py):
        the merged one's, or its own former name if it took the other's, kept as aliases."""
        known = {self.name, *self.aliases.values_list("name", flat=True)}
        rows = []
        for name in (merged.name, former.name):
            if name and name not in known:
                known.add(name)
                rows.append(OfficialAlias(official=self, name=name, note=MERGED_NAME_NOTE))
        return rows


class OfficialAliasManager(models.Manager):
    def get_by_natural_key(self, official_slug, name):
        return self.get(official__slug=official_slug, name=name)


class OfficialAlias(Record):
    """A spelling of an official's name seen in a source, misspellings included."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    note = models.CharField(
        max_length=255, blank=True, help_text="Where this spelling was seen, e.g. a misspelling in a source."
    )

    objects = OfficialAliasManager()
    history = HistoricalRecords()

    # The fields public pages show as facts: each needs a citation (sources/provenance.py).
    cited_fields = ("name",)

    class Meta:
        ordering = ["official", "name"]
        verbose_name_plural = "official aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["official", "name"],
                name="official_alias_unique",
                violation_error_message="This official already has that alias.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.official.get_absolute_url()

    def search_owner(self):
        return self.official

    def natural_key(self):
        return self.official.natural_key() + (self.name,)

    natural_key.dependencies = ["people.official"]


class PositionManager(models.Manager):
    def get_by_natural_key(self, official_slug, organisation_slug, title):
        return self.get(official__slug=official_slug, organisation__slug=organisation_slug, title=title)


class Position(Record):
    """A post an official holds or held in an organisation."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="positions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(max_length=255, help_text="e.g. Minister of Home Affairs.")
    start_date = models.DateField(null=True, blank=True, help_text="Leave empty if unknown.")
    start_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    end_date = models.DateField(null=True, blank=True, help_text="Leave empty if unknown or current.")
    end_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    note = models.CharField(max_length=255, blank=True)

    objects = PositionManager()
    history = HistoricalRecords()

    # The fields public pages show as facts: each needs a citation (sources/provenance.py).
    cited_fields = ("title", "organisation", "start_date", "end_date")

    class Meta:
        # Undated posts last on both databases (they sort NULLs differently).
        ordering = ["official", F("start_date").desc(nulls_last=True), "title"]
        constraints = [
            # An official holding the same post twice is recorded as one
            # position with a note; the title keeps posts apart.
            models.UniqueConstraint(
                fields=["official", "organisation", "title"],
                name="position_unique",
                violation_error_message="This official already holds that post in that organisation.",
            ),
            period_constraint("start_date", "end_date", "position_end_not_before_start", "The end date"),
            choices_constraint("start_precision", DatePrecision, "position_start_precision_valid"),
            choices_constraint("end_precision", DatePrecision, "position_end_precision_valid"),
        ]

    def __str__(self):
        return f"{self.title}, {self.organisation.name}"

    def save(self, *args, **kwargs):
        self.truncate_dates()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.official.get_absolute_url()

    def clean(self):
        # Validate the dates as they will be stored.
        self.truncate_dates()

    def truncate_dates(self):
        self.start_date = truncate(self.start_date, self.start_precision)
        self.end_date = truncate(self.end_date, self.end_precision)

    def natural_key(self):
        return self.official.natural_key() + self.organisation.natural_key() + (self.title,)

    natural_key.dependencies = ["people.official", "people.organisation"]

    @property
    def period_display(self):
        if self.start_date is None and self.end_date is None:
            return ""
        if self.end_date is None:
            return f"from {self.start}"
        if self.start_date is None:
            return f"until {self.end}"
        return format_range(self.start, self.end)

    @property
    def start(self):
        return partial_date(self.start_date, self.start_precision)

    @property
    def end(self):
        return partial_date(self.end_date, self.end_precision)


class IdentifierScheme(models.TextChoices):
    # Each scheme has a CHECK on the form of its identifiers (Identifier.Meta).
    WIKIDATA = "wikidata", "Wikidata"


def digits_only(expression):
    """``expression`` with every digit removed: empty exactly when it held nothing but digits.

    Portable where a regular expression is not (SQLite has one only through a
    Python function that other clients lack).
    """
    for digit in string.digits:
        expression = Replace(expression, Value(digit))
    return expression


def wikidata_item_id(field):
    """A condition that ``field`` is a Wikidata item id: Q and a number without leading zeros, e.g. Q881."""
    return Q(
        Exact(Substr(field, 1, 1), "Q"),
        GreaterThan(Length(field), 1),
        In(Substr(field, 2, 1), list("123456789")),
        Exact(digits_only(Substr(field, 2)), ""),
    )


class IdentifierManager(models.Manager):
    def get_by_natural_key(self, scheme, identifier):
        return self.get(scheme=scheme, identifier=identifier)


class Identifier(Record):
    """An id another register (Wikidata) gives an official, organisation or country, e.g. Q881."""

    Scheme = IdentifierScheme

    scheme = models.CharField(max_length=20, choices=Scheme.choices, default=Scheme.WIKIDATA)
    identifier = models.CharField(
        max_length=50, help_text="As the register writes it, e.g. Q881 for Viet Nam on Wikidata."
    )
    # Exactly one of the three: the record the identifier was issued to.
    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, null=True, blank=True, related_name="identifiers"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="identifiers"
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, null=True, blank=True, related_name="identifiers"
    )

    objects = IdentifierManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme", "identifier"]
        constraints = [
            # An issued identifier names one thing: two records with the same one are the same record.
            models.UniqueConstraint(
                fields=["scheme", "identifier"],
                name="identifier_issued_once",
                violation_error_message="Another record already has this identifier.",
            ),
            models.UniqueConstraint(
                fields=["official", "scheme"],
                name="identifier_one_per_official_and_scheme",
                violation_error_message="This official already has an identifier in this scheme.",
            ),
            models.UniqueConstraint(
                fields=["organisation", "scheme"],
                name="identifier_one_per_organisation_and_scheme",
                violation_error_message="This organisation already has an identifier in this scheme.",
            ),
            models.UniqueConstraint(
                fields=["country", "scheme"],
                name="identifier_one_per_country_and_scheme",
                violation_error_message="This country already has an identifier in this scheme.",
            ),
            models.CheckConstraint(
                condition=Q(official__isnull=False, organisation__isnull=True, country__isnull=True)
                | Q(official__isnull=True, organisation__isnull=False, country__isnull=True)
                | Q(official__isnull=True, organisation__isnull=True, country__isnull=False),
                name="identifier_of_exactly_one_record",
                violation_error_message=(
                    "An identifier belongs to exactly one official, organisation or country."
                ),
            ),
            choices_constraint("scheme", IdentifierScheme, "identifier_scheme_valid"),
            models.CheckConstraint(
                condition=~Q(scheme=IdentifierScheme.WIKIDATA) | wikidata_item_id("identifier"),
                name="identifier_wikidata_format",
                violation_error_message="A Wikidata id is Q followed by a number, e.g. Q881.",
            ),
        ]

    def __str__(self):
        return f"{self.get_scheme_display()} {self.identifier}"

    @property
    def owner(self):
        return self.official or self.organisation or self.country

    def get_absolute_url(self):
        owner = self.owner
        return owner.get_absolute_url() if owner else None

    def natural_key(self):
        return (self.scheme, self.identifier)
