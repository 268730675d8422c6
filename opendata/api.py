"""The read-only JSON API: meetings, participations, declarations, officials, organisations,
countries and sources.

Lists take the HTML lists' FilterSets through django-filter's DRF backend, so
the same GET parameters give the same rows in both places. The API is stricter
than the HTML forms about what it is given (ApiFilterBackend): a program that
sends a misspelt or empty parameter is told, rather than handed every row.

The OpenAPI document (/api/openapi.json) is generated from this module, and the
test suite checks the API against it with schemathesis (every check), so what
is written here is what a client gets.
"""

import re

import django_filters
from django.http import JsonResponse
from django.urls import reverse as url_reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import exceptions, mixins, pagination, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import exception_handler as drf_exception_handler

from core.filters import unknown_parameters, unknown_parameters_message
from core.licence import licence_json
from core.models import http_url
from core.paging import BoundedPaginator
from core.permalinks import permanent_path
from meetings.filters import DeclarationFilter, MeetingFilter, ParticipationFilter
from meetings.models import Declaration, Meeting, Participation
from meetings.queries import officials_with_meetings
from people.filters import CountryListFilter, OfficialFilter, OrganisationFilter
from people.models import Country, Official, Organisation
from sources.models import Citation, Source

from .streaming import RETRY_AFTER_SECONDS

WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


class Pagination(pagination.PageNumberPagination):
    """Numbered pages, through the first MAX_BROWSABLE_ROWS rows at most, like the HTML lists.

    ``page`` and ``page_size`` must be whole numbers in range: DRF would quietly use the
    default for ``page_size=abc`` and the largest size for ``page_size=1000``.
    """

    django_paginator_class = BoundedPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    # "page=last" would be a second spelling of a number, which the schema cannot describe.
    last_page_strings = ()
    invalid_page_message = "There is no page {page_number}. {message}"

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not WHOLE_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {"page_size": [f"The page size must be a whole number from 1 to {self.max_page_size}."]}
            )
        return int(raw)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param, "1")
        if not WHOLE_NUMBER.fullmatch(raw) or int(raw) < 1:
            raise exceptions.ValidationError({"page": ["The page must be a whole number from 1."]})
        return raw

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "in": "query",
                "required": False,
                "description": "Page number, from 1; a page past the last answers 404.",
                "schema": {"type": "integer", "minimum": 1, "maximum": 999_999_999},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Rows per page (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


class ApiFilterBackend(DjangoFilterBackend):
    """The lists' FilterSets, read strictly.

    - A parameter that no filter or paging option takes answers 400 naming it.
    - An empty value answers 400: a form sends empty fields for "any", a program means something.
    - A filter naming a record that does not exist (``?official=nobody``) answers 404, since the
      schema can only say "a slug"; any other value not understood answers 400.
    """

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", "list") != "list":
            # A record's own address takes no parameters (DRF would apply the list's filters to it).
            reject_unknown_parameters(request, view)
            return queryset
        filterset_class = self.get_filterset_class(view, queryset)
        reject_unknown_parameters(request, view, filterset_class)
        empty = sorted(name for name, value in request.query_params.items() if value == "")
        if empty:
            raise exceptions.ValidationError(
                {name: ["Give a value, or leave the parameter out."] for name in empty}
            )
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            errors = filterset.form.errors.as_data()
            if all(is_missing_record(filterset.filters[name], errors[name]) for name in errors):
                names = ", ".join(f"{name}={request.query_params[name]}" for name in errors)
                raise exceptions.NotFound(f"There is no such record: {names}.")
            raise exceptions.ValidationError(
                {name: list(messages) for name, messages in filterset.form.errors.items()}
            )
        return filterset.qs


def is_missing_record(filter_, errors):
    return isinstance(filter_, django_filters.ModelChoiceFilter) and all(
        error.code == "invalid_choice" for error in errors
    )


def known_parameters(view, filterset_class=None):
    known = set(filterset_class.base_filters) if filterset_class else set()
    paginator = getattr(view, "paginator", None)
    if paginator is not None and getattr(view, "action", None) == "list":
        known |= {paginator.page_query_param, paginator.page_size_query_param}
    return known


def reject_unknown_parameters(request, view, filterset_class=None):
    unknown = unknown_parameters(request.query_params, known_parameters(view, filterset_class))
    if unknown:
        raise exceptions.ValidationError({name: [unknown_parameters_message([name])] for name in unknown})


class ErrorSerializer(serializers.Serializer):
    """What every error answer holds."""

    message = serializers.CharField(help_text="What went wrong, in a sentence for people.")
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a 400: each parameter not understood, with what was wrong with it.",
    )

    class Meta:
        ref_name = "Error"


# The error answers every operation can give, with when.
ERROR_ANSWERS = {
    400: "A parameter not understood: unknown, empty, or a value out of range; `errors` names each.",
    404: "No such record; a filter naming a record that does not exist; or a page past the last.",
    406: "The Accept header excludes JSON.",
}


# What a record's address answers under a slug the record had before (public/addresses.py).
MOVED = {
    "description": "The record's slug has changed: `Location` is this address with its slug now.",
    "headers": {"Location": {"schema": {"type": "string"}, "description": "The record's address now."}},
}


class ApiSchema(AutoSchema):
    """drf-spectacular's schema, with the error answers (ERROR_ANSWERS) on every operation, and the
    redirect from a former slug (MOVED) on every record's own address.

    Added to the finished operation, so that operations whose responses are declared with
    extend_schema (the API root, Popolo) get them too.
    """

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        for status, description in ERROR_ANSWERS.items():
            operation["responses"].setdefault(
                str(status), {"content": {"application/json": {"schema": error}}, "description": description}
            )
        if "{slug}" in self.path:
            operation["responses"].setdefault("301", MOVED)
        return operation


def exception_handler(exc, context):
    """Every API error is JSON: a message for people, the status, and per-field errors if any."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        body = {"message": str(data["detail"])}
    else:
        body = {"message": "Some of the request was not understood.", "errors": data}
    response.data = {**body, "status": response.status_code}
    return response


def not_found(request, path=""):
    """Unknown addresses under /api/ answer in JSON too."""
    return JsonResponse({"message": f"There is no API endpoint at /api/{path}.", "status": 404}, status=404)


def unavailable():
    """What an API export answers when the database cannot be read (opendata/streaming.py)."""
    response = JsonResponse(
        {"message": "The records cannot be read just now; please try again in a minute.", "status": 503},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@extend_schema_field(OpenApiTypes.URI)
class PageLinkField(serializers.Field):
    """The absolute address of the record's HTML page."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class PermanentLinkField(serializers.Field):
    """The record's permanent link (core/permalinks.py): an address that leads to its page and stays
    the same when its slug, and so its other addresses, change. Made from the id alone: no query."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, record):
        return self.context["request"].build_absolute_uri(permanent_path(record))


@extend_schema_field(OpenApiTypes.STR)
class CountryLinkField(serializers.Field):
    """A country as its lower-case code, the form the URLs and filters use."""

    def to_representation(self, country):
        return country.code.lower()


@extend_schema_field(OpenApiTypes.URI)
class CountryApiLinkField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, country):
        return reverse("api:country-detail", args=[country.code.lower()], request=self.context["request"])


@extend_schema_field(OpenApiTypes.STR)
class SlugOf(serializers.SlugRelatedField):
    """A related record as its slug."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", read_only=True, **kwargs)


class HttpUrlField(serializers.URLField):
    """An address on another site, given only if it is http(s): a consumer may well link it.

    null when none is recorded (or it is not http), never "", which is not a URI.
    """

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs["allow_null"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return http_url(value) or None


def api_link(view_name):
    return serializers.HyperlinkedIdentityField(view_name=view_name, lookup_field="slug")


class CitationSerializer(serializers.Serializer):
    """Where one fact of the record comes from, in the source's words where we have them."""

    field = serializers.CharField(help_text='The field the source supports; "" for the record as a whole.')
    source = SlugOf()
    source_url = serializers.SerializerMethodField()
    quote = serializers.CharField(help_text="The source's own words, verbatim, or empty.")
    locator = serializers.CharField()
    basis = serializers.ChoiceField(choices=Citation.Basis.choices, read_only=True)
    reasoning = serializers.CharField()
    claim = serializers.CharField(help_text="Where sources disagree: what this source says.")
    stated_in_record = serializers.BooleanField()

    def get_source_url(self, citation) -> str:
        return reverse("api:source-detail", args=[citation.source.slug], request=self.context["request"])


@extend_schema_field(CitationSerializer(many=True))
class CitationsField(serializers.Field):
    """The record's citations: from the response's citation index where the view read one for every
    record it shows (``cited_in_context``), else one query for the record."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, record):
        index = self.context.get("citations")
        citations = index.every(record) if index is not None else Citation.objects.of(record)
        return CitationSerializer(citations, many=True, context=self.context).data


def cited_in_context(serializer, records):
    """Reads the citations of every record a response shows in one query, for its CitationsFields."""
    serializer.context["citations"] = Citation.objects.for_records(records)


def sources_cited(index, records):
    """The sources the records' citations name, each once, in the order first cited."""
    sources = {}
    for record in records:
        for citation in index.every(record):
            sources.setdefault(citation.source.pk, citation.source)
    return list(sources.values())


@extend_schema_field(OpenApiTypes.STR)
class PartialDateField(serializers.Field):
    """A date at the precision it is known, ISO 8601 style: "2022", "2022-08" or "2022-08-05"."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, partial):
        return partial.isoformat() if partial else None


class CountrySerializer(serializers.ModelSerializer):
    code = CountryLinkField(source="*")
    joined_asean = PartialDateField(source="joined", allow_null=True)
    url = CountryApiLinkField()
    html_url = PageLinkField()

    class Meta:
        model = Country
        fields = [
            "code",
            "alpha3",
            "name",
            "asean_status",
            "joined_asean",
            "joined_asean_precision",
            "note",
            "url",
            "html_url",
            "updated",
        ]


class OrganisationSerializer(serializers.ModelSerializer):
    country = CountryLinkField(read_only=True, allow_null=True)
    parent = SlugOf(allow_null=True)
    url = api_link("api:organisation-detail")
    html_url = PageLinkField()
    permalink = PermanentLinkField()

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "abbreviation",
            "classification",
            "parent",
            "country",
            "url",
            "html_url",
            "permalink",
            "updated",
        ]


class AlternativeNameSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    start_year = serializers.IntegerField(allow_null=True)
    end_year = serializers.IntegerField(allow_null=True)
    note = serializers.CharField()


class OrganisationDetailSerializer(OrganisationSerializer):
    website = HttpUrlField()
    alternative_names = AlternativeNameSerializer(many=True, read_only=True)
    children = SlugOf(many=True)
    citations = CitationsField()

    class Meta(OrganisationSerializer.Meta):
        fields = [
            *OrganisationSerializer.Meta.fields,
            "description",
            "website",
            "alternative_names",
            "children",
            "citations",
        ]


class PositionSerializer(serializers.Serializer):
    title = serializers.CharField()
    organisation = SlugOf()
    start_date = serializers.SerializerMethodField()
    end_date = serializers.SerializerMethodField()

    def get_start_date(self, position) -> str | None:
        return position.start.isoformat() if position.start else None

    def get_end_date(self, position) -> str | None:
        return position.end.isoformat() if position.end else None


class AliasSerializer(serializers.Serializer):
    name = serializers.CharField()
    note = serializers.CharField()


class OfficialSerializer(serializers.ModelSerializer):
    country = CountryLinkField(read_only=True, allow_null=True)
    url = api_link("api:official-detail")
    html_url = PageLinkField()
    permalink = PermanentLinkField()

    class Meta:
        model = Official
        fields = ["slug", "name", "native_name", "country", "url", "html_url", "permalink", "updated"]


class OfficialParticipationSerializer(serializers.Serializer):
    meeting = SlugOf()
    meeting_name = serializers.CharField(source="meeting.name")
    role = serializers.CharField()
    printed_name = serializers.CharField()
    printed_title = serializers.CharField()
    statement = serializers.CharField()


class OfficialDetailSerializer(OfficialSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    positions = PositionSerializer(many=True, read_only=True)
    # Newest first: meetings.queries.officials_with_meetings prefetches them in that order.
    participations = OfficialParticipationSerializer(many=True, read_only=True)
    citations = CitationsField()

    class Meta(OfficialSerializer.Meta):
        fields = [
            *OfficialSerializer.Meta.fields,
            *("biography", "aliases", "positions", "participations", "citations"),
        ]


class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    """A list (filtered, paged) and a detail endpoint; the detail may carry more than a list row."""

    lookup_field = "slug"
    detail_serializer_class = None
    pagination_class = Pagination
    filter_backends = [ApiFilterBackend]

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class

    def get_queryset(self):
        if self.action == "retrieve":
            return self.queryset.with_detail_data()
        return self.queryset.with_list_data()


class OfficialViewSet(RecordViewSet):
    """Officials: `q`, `country`, `organisation`, `sort` as on /officials/."""

    queryset = Official.objects.all()
    serializer_class = OfficialSerializer
    detail_serializer_class = OfficialDetailSerializer
    filterset_class = OfficialFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return officials_with_meetings(self.queryset)
        return super().get_queryset()


class OrganisationViewSet(RecordViewSet):
    """Organisations: `q`, `classification`, `country`, `sort` as on /organisations/."""

    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    detail_serializer_class = OrganisationDetailSerializer
    filterset_class = OrganisationFilter


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """Countries by lower-case ISO 3166-1 alpha-2 code: `q`, `asean_status` as on /countries/."""

    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    pagination_class = Pagination
    filter_backends = [ApiFilterBackend]
    filterset_class = CountryListFilter
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


class MeetingSerializer(serializers.ModelSerializer):
    start_date = PartialDateField(source="start")
    end_date = PartialDateField(source="end", allow_null=True)
    date = serializers.CharField(source="date_display", read_only=True)
    country = CountryLinkField(read_only=True, allow_null=True)
    # A part of a draft meeting is published without its parent.
    parent = SlugOf(source="public_parent", allow_null=True)
    url = api_link("api:meeting-detail")
    html_url = PageLinkField()
    permalink = PermanentLinkField()

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "ordinal",
            "start_date",
            "end_date",
            "date_precision",
            "date",
            "city",
            "country",
            "format",
            "parent",
            "url",
            "html_url",
            "permalink",
            "updated",
        ]


class ParticipationSerializer(serializers.Serializer):
    """Who took part: an official, or where no person is named an organisation or a country."""

    official = SlugOf(allow_null=True)
    organisation = SlugOf(allow_null=True)
    country = CountryLinkField(read_only=True, allow_null=True)
    role = serializers.ChoiceField(choices=Participation.Role.choices, read_only=True)
    represents_organisation = SlugOf(allow_null=True)
    represents_country = CountryLinkField(read_only=True, allow_null=True)
    printed_name = serializers.CharField()
    printed_title = serializers.CharField()
    statement = serializers.CharField()
    citations = CitationsField()


class DeclarationLinkSerializer(serializers.Serializer):
    declaration = SlugOf()
    title = serializers.CharField(source="declaration.title")
    relation = serializers.CharField()
    note = serializers.CharField()
    citations = CitationsField()


class OutcomeSerializer(serializers.Serializer):
    slug = serializers.CharField()
    kind = serializers.CharField()
    text = serializers.CharField()
    citations = CitationsField()


class SourceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    headline = serializers.CharField()
    publisher = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    url = HttpUrlField()
    html_url = PageLinkField()
    permalink = PermanentLinkField()


class MeetingDetailSerializer(MeetingSerializer):
    host = SlugOf(allow_null=True)
    children = SlugOf(many=True)
    participations = ParticipationSerializer(many=True, read_only=True)
    declarations = DeclarationLinkSerializer(source="declaration_links", many=True, read_only=True)
    outcomes = OutcomeSerializer(many=True, read_only=True)
    sources = serializers.SerializerMethodField(help_text="Every source cited for the meeting or its parts.")
    citations = CitationsField()

    def to_representation(self, meeting):
        cited_in_context(self, self.shown(meeting))
        return super().to_representation(meeting)

    @staticmethod
    def shown(meeting):
        return [
            meeting,
            *meeting.participations.all(),
            *meeting.declaration_links.all(),
            *meeting.outcomes.all(),
        ]

    @extend_schema_field(SourceSerializer(many=True))
    def get_sources(self, meeting):
        cited = sources_cited(self.context["citations"], self.shown(meeting))
        return SourceSerializer(cited, many=True, context=self.context).data

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "date_note",
            "venue",
            "host",
            "theme",
            "summary",
            "children",
            "participations",
            "declarations",
            "outcomes",
            "sources",
            "citations",
        ]


class DeclarationSerializer(serializers.ModelSerializer):
    adopted_on = PartialDateField(source="adopted", allow_null=True)
    adopting_body = SlugOf(allow_null=True)
    implements = SlugOf(source="public_implements", allow_null=True)
    url = api_link("api:declaration-detail")
    html_url = PageLinkField()
    permalink = PermanentLinkField()

    class Meta:
        model = Declaration
        fields = [
            "slug",
            "title",
            "title_status",
            "acronym",
            "kind",
            "adopted_on",
            "adopted_precision",
            "adoption_note",
            "adopting_body",
            "period_start",
            "period_end",
            "implements",
            "url",
            "html_url",
            "permalink",
            "updated",
        ]


class MeetingLinkSerializer(serializers.Serializer):
    meeting = SlugOf()
    meeting_name = serializers.CharField(source="meeting.name")
    relation = serializers.CharField()
    note = serializers.CharField()


class DeclarationDetailSerializer(DeclarationSerializer):
    implementations = SlugOf(many=True)
    meetings = MeetingLinkSerializer(source="meeting_links", many=True, read_only=True)
    sources = serializers.SerializerMethodField(help_text="Every source cited for the declaration.")
    citations = CitationsField()

    def to_representation(self, declaration):
        cited_in_context(self, [declaration])
        return super().to_representation(declaration)

    @extend_schema_field(SourceSerializer(many=True))
    def get_sources(self, declaration):
        cited = sources_cited(self.context["citations"], [declaration])
        return SourceSerializer(cited, many=True, context=self.context).data

    class Meta(DeclarationSerializer.Meta):
        fields = [
            *DeclarationSerializer.Meta.fields,
            *("summary", "implementations", "meetings", "sources", "citations"),
        ]


class MeetingViewSet(RecordViewSet):
    """Meetings: `q`, `year`, `kind`, `country`, `format`, `organisation`, `official`, `declaration`,
    `date_after`, `date_before`, `sort`, as on /meetings/."""

    queryset = Meeting.objects.published()
    serializer_class = MeetingSerializer
    detail_serializer_class = MeetingDetailSerializer
    filterset_class = MeetingFilter


class DeclarationViewSet(RecordViewSet):
    """Declarations, frameworks and plans: `q`, `kind`, `year`, `sort`, as on /declarations/."""

    queryset = Declaration.objects.published()
    serializer_class = DeclarationSerializer
    detail_serializer_class = DeclarationDetailSerializer
    filterset_class = DeclarationFilter


class ParticipationListSerializer(ParticipationSerializer):
    """A participation with the meeting it belongs to."""

    meeting = SlugOf()
    meeting_name = serializers.CharField(source="meeting.name")
    meeting_start_date = PartialDateField(source="meeting.start")
    meeting_url = serializers.SerializerMethodField()

    def get_meeting_url(self, participation) -> str:
        return reverse(
            "api:meeting-detail", args=[participation.meeting.slug], request=self.context["request"]
        )


class ParticipationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Who took part in which published meeting, newest meeting first: `meeting`, `official`,
    `organisation` (or one of its departments, or whom a participant represented), `country` (the
    participant's, or the one they represented), `role`, `year` (of the meeting)."""

    queryset = Participation.objects.public()
    serializer_class = ParticipationListSerializer
    filterset_class = ParticipationFilter
    pagination_class = Pagination
    filter_backends = [ApiFilterBackend]

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if args:  # the page of participations being listed
            cited_in_context(serializer, args[0])
        return serializer

    def get_queryset(self):
        return (
            self.queryset.select_related("official", "organisation", "country")
            .only(
                *("role", "printed_name", "printed_title", "statement"),
                *("meeting__slug", "meeting__name", "meeting__start_date", "meeting__date_precision"),
                *("official__slug", "organisation__slug", "country__code"),
                *("represents_country__code", "represents_organisation__slug"),
                # Selected by public(), so it cannot be deferred.
                "meeting__country",
            )
            .order_by("-meeting__start_date", "meeting__name", "role", "pk")
        )


class SourceListSerializer(SourceSerializer):
    api_url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")
    updated = serializers.DateTimeField()


class SourceDetailSerializer(SourceListSerializer):
    dateline = serializers.CharField()
    note = serializers.CharField()
    meetings = serializers.SerializerMethodField(help_text="The published meetings it supports a fact of.")
    declarations = serializers.SerializerMethodField(
        help_text="The published declarations it supports a fact of."
    )

    def get_meetings(self, source) -> list[str]:
        return list(Meeting.objects.published().recorded_from(source).values_list("slug", flat=True))

    def get_declarations(self, source) -> list[str]:
        return list(Declaration.objects.published().recorded_from(source).values_list("slug", flat=True))


class SourceViewSet(RecordViewSet):
    """The articles and pages the records come from, newest first."""

    queryset = Source.objects.all()
    serializer_class = SourceListSerializer
    detail_serializer_class = SourceDetailSerializer
    filterset_class = None

    def get_queryset(self):
        return self.queryset.order_by("-published_on", "headline", "pk")


ENDPOINTS = [
    # (key, URL name, what it is)
    ("meetings", "api:meeting-list", "Meetings, filtered and paged as on /meetings/."),
    ("participations", "api:participation-list", "Who took part in which meeting, in what role."),
    ("officials", "api:official-list", "Officials, as on /officials/."),
    ("organisations", "api:organisation-list", "Organisations, as on /organisations/."),
    ("declarations", "api:declaration-list", "Declarations, frameworks and plans, as on /declarations/."),
    ("countries", "api:country-list", "Countries by ISO 3166-1 alpha-2 code."),
    ("sources", "api:source-list", "The articles and pages the records come from."),
    ("popolo", "api:popolo", "Everything in one Popolo JSON document."),
    ("openapi", "api:openapi", "This API described in OpenAPI 3."),
    ("docs", "api:docs", "Interactive documentation of this API."),
    ("data", "opendata:data", "Bulk downloads (Popolo, CSV, iCalendar), the licence and how to use them."),
]


@extend_schema(
    summary="Every endpoint of the API",
    responses={
        200: inline_serializer(
            "ApiIndex",
            {
                "endpoints": serializers.DictField(
                    child=inline_serializer(
                        "ApiEndpoint", {"url": serializers.URLField(), "description": serializers.CharField()}
                    )
                ),
                "licence": inline_serializer(
                    "Licence",
                    {
                        "name": serializers.CharField(),
                        "title": serializers.CharField(),
                        "url": serializers.URLField(),
                        "attribution": serializers.CharField(),
                    },
                ),
            },
        )
    },
)
@api_view(["GET"])
def api_root(request):
    """What /api/ answers: a link to every endpoint, and the licence."""
    reject_unknown_parameters(request, None)
    endpoints = {
        key: {"url": request.build_absolute_uri(url_reverse(name)), "description": description}
        for key, name, description in ENDPOINTS
    }
    return Response({"endpoints": endpoints, "licence": licence_json()})
