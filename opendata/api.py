"""The read-only JSON API: meetings, declarations, officials, organisations and countries.

Lists take the HTML lists' FilterSets through django-filter's DRF backend, so
the same GET parameters give the same rows in both places.
"""

from django.http import JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import pagination, serializers, viewsets
from rest_framework.reverse import reverse
from rest_framework.views import exception_handler as drf_exception_handler

from core.models import http_url
from core.paging import BoundedPaginator
from meetings.filters import DeclarationFilter, MeetingFilter
from meetings.models import Declaration, Meeting
from meetings.queries import officials_with_meetings
from people.filters import CountryListFilter, OfficialFilter, OrganisationFilter
from people.models import Country, Official, Organisation

from .streaming import RETRY_AFTER_SECONDS


class Pagination(pagination.PageNumberPagination):
    """Numbered pages, through the first MAX_BROWSABLE_ROWS rows at most, like the HTML lists."""

    django_paginator_class = BoundedPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "There is no page {page_number}. {message}"


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
    """An address on another site, given only if it is http(s): a consumer may well link it."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return http_url(value)


def api_link(view_name):
    return serializers.HyperlinkedIdentityField(view_name=view_name, lookup_field="slug")


class CountrySerializer(serializers.ModelSerializer):
    code = CountryLinkField(source="*")
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
            "note",
            "url",
            "html_url",
            "updated",
        ]


class OrganisationSerializer(serializers.ModelSerializer):
    country = CountryLinkField(read_only=True)
    parent = SlugOf()
    url = api_link("api:organisation-detail")
    html_url = PageLinkField()

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

    class Meta(OrganisationSerializer.Meta):
        fields = [
            *OrganisationSerializer.Meta.fields,
            "description",
            "website",
            "alternative_names",
            "children",
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
    country = CountryLinkField(read_only=True)
    url = api_link("api:official-detail")
    html_url = PageLinkField()

    class Meta:
        model = Official
        fields = ["slug", "name", "native_name", "country", "url", "html_url", "updated"]


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

    class Meta(OfficialSerializer.Meta):
        fields = [*OfficialSerializer.Meta.fields, "biography", "aliases", "positions", "participations"]


class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    """A list (filtered, paged) and a detail endpoint; the detail may carry more than a list row."""

    lookup_field = "slug"
    detail_serializer_class = None
    pagination_class = Pagination

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
    filterset_class = CountryListFilter
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


@extend_schema_field(OpenApiTypes.STR)
class PartialDateField(serializers.Field):
    """A date at the precision it is known, ISO 8601 style: "2022", "2022-08" or "2022-08-05"."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, partial):
        return partial.isoformat() if partial else None


class MeetingSerializer(serializers.ModelSerializer):
    start_date = PartialDateField(source="start")
    end_date = PartialDateField(source="end")
    date = serializers.CharField(source="date_display", read_only=True)
    country = CountryLinkField(read_only=True)
    # A part of a draft meeting is published without its parent.
    parent = SlugOf(source="public_parent")
    url = api_link("api:meeting-detail")
    html_url = PageLinkField()

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
            "updated",
        ]


class ParticipationSerializer(serializers.Serializer):
    official = SlugOf()
    organisation = SlugOf()
    country = CountryLinkField(read_only=True)
    role = serializers.CharField()
    represents_organisation = SlugOf()
    represents_country = CountryLinkField(read_only=True)
    printed_name = serializers.CharField()
    printed_title = serializers.CharField()
    statement = serializers.CharField()
    source = SlugOf()
    quote = serializers.CharField()


class DeclarationLinkSerializer(serializers.Serializer):
    declaration = SlugOf()
    title = serializers.CharField(source="declaration.title")
    relation = serializers.CharField()
    note = serializers.CharField()
    source = SlugOf()
    quote = serializers.CharField()


class OutcomeSerializer(serializers.Serializer):
    slug = serializers.CharField()
    kind = serializers.CharField()
    text = serializers.CharField()
    source = SlugOf()
    quote = serializers.CharField()


class SourceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    headline = serializers.CharField()
    publisher = serializers.CharField()
    published_on = serializers.DateField()
    url = HttpUrlField()
    html_url = PageLinkField()


class MeetingDetailSerializer(MeetingSerializer):
    host = SlugOf()
    children = SlugOf(many=True)
    participations = ParticipationSerializer(many=True, read_only=True)
    declarations = DeclarationLinkSerializer(source="declaration_links", many=True, read_only=True)
    outcomes = OutcomeSerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True, read_only=True)

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
        ]


class DeclarationSerializer(serializers.ModelSerializer):
    adopted_on = PartialDateField(source="adopted")
    adopting_body = SlugOf()
    implements = SlugOf(source="public_implements")
    url = api_link("api:declaration-detail")
    html_url = PageLinkField()

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
    sources = SourceSerializer(many=True, read_only=True)

    class Meta(DeclarationSerializer.Meta):
        fields = [*DeclarationSerializer.Meta.fields, "summary", "implementations", "meetings", "sources"]


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
