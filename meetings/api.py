"""The read-only JSON API for meetings and declarations."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from people.api import CountryLinkField, PageLinkField, RecordViewSet, SlugOf, api_link

from .filters import DeclarationFilter, MeetingFilter
from .models import Declaration, Meeting


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
    parent = SlugOf()
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
    url = serializers.CharField()
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
    implements = SlugOf()
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
