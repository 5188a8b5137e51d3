"""The annual implementation reports in the REST API: the versions a reader may see (staff the records both
parties approved, coordinators every version), one version with its sections and sign-off, its files, and the
coordinators' highlights, through the same selectors and predicates as the pages. Read only."""

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.reverse import reverse

from protocol import registry
from protocol.api.base import ReadOnlyViewSet
from protocol.api.serializers import PersonSerializer
from protocol.visibility import visible_or_404

from . import permissions, selectors
from .content import localised
from .filters import HighlightFilter, ReportFilter
from .models import AnnualReport, Edition, Highlight
from .views import file_response


class ReportSerializer(serializers.ModelSerializer):
    requested_by = PersonSerializer(read_only=True)
    locked = serializers.BooleanField(source="is_locked", read_only=True, help_text="Approved by both parties.")

    class Meta:
        model = AnnualReport
        fields = ["id", "year", "version", "status", "progress", "requested_by", "requested_at", "generated_at"]
        fields += ["sha256", "locked", "locked_at"]
        read_only_fields = fields


class DecisionSerializer(serializers.Serializer):
    party = serializers.CharField(source="party.code", read_only=True)
    decision = serializers.CharField(read_only=True)
    by = PersonSerializer(read_only=True)
    at = serializers.DateTimeField(read_only=True)
    comment = serializers.CharField(read_only=True)


class FileSerializer(serializers.Serializer):
    edition = serializers.ChoiceField(choices=Edition.choices, read_only=True)
    sha256 = serializers.CharField(read_only=True)
    url = serializers.URLField(read_only=True)


class ReportDetailSerializer(ReportSerializer):
    error = serializers.CharField(read_only=True)
    stalled = serializers.SerializerMethodField(help_text="Under way, and silent for long: it may be generated again.")
    record = serializers.SerializerMethodField(help_text="This version is the year's record.")
    content = serializers.SerializerMethodField(help_text="The sections by area, in the request's language.")
    decisions = serializers.SerializerMethodField(help_text="Each party's decisions on this version, oldest first.")
    files = serializers.SerializerMethodField()
    can_review = serializers.SerializerMethodField(help_text="Whether you may approve it, or request changes.")

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "error", "stalled", "record", "content", "decisions", "files"]
        fields += ["can_review"]
        read_only_fields = fields

    def get_stalled(self, report) -> bool:
        return selectors.is_stalled(report)

    def get_record(self, report) -> bool:
        record = selectors.year_record(year=report.year)
        return record is not None and record.pk == report.pk

    @extend_schema_field({"type": "object", "nullable": True, "additionalProperties": True})
    def get_content(self, report):
        if not report.data:
            return None
        language = "zh" if self.context["request"].LANGUAGE_CODE.startswith("zh") else "en"
        return localised(json.loads(report.data), language)

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decisions(self, report):
        return DecisionSerializer(selectors.decisions_on(report) if report.is_ready else [], many=True).data

    @extend_schema_field(FileSerializer(many=True))
    def get_files(self, report):
        if not report.is_ready:
            return []
        request = self.context["request"]
        files = []
        for edition in Edition:
            if report.file_of(edition):
                url = reverse("annual-report-file", args=[report.pk, edition.value], request=request)
                sha256 = getattr(report, f"{edition.value.replace('-', '_')}_sha256")
                files.append({"edition": edition.value, "sha256": sha256, "url": url})
        return FileSerializer(files, many=True).data

    def get_can_review(self, report) -> bool:
        return permissions.can_review(self.context["request"].user, report)


@extend_schema_view(
    list=extend_schema(
        summary="Annual reports",
        description="The versions you may see, the latest year and version first: the records both parties "
        "approved for staff of either party, every version for coordinators. `year`: one year's versions, as its "
        "page lists them.",
    ),
    retrieve=extend_schema(
        summary="One annual report version",
        description="With its sections by area, each party's decisions and its files.",
    ),
)
class ReportViewSet(ReadOnlyViewSet):
    filterset_class = ReportFilter
    queryset = AnnualReport.objects.none()  # for the schema; rows come from `visible`

    def visible(self, user):
        return selectors.reports_visible_to(user)

    def get_serializer_class(self):
        return ReportSerializer if self.action == "list" else ReportDetailSerializer

    def get_object(self):
        report = super().get_object()  # 404 for an id that is no visible version's
        return visible_or_404(selectors.report_of, self.request.user, year=report.year, version=report.version)

    @extend_schema(
        summary="One file of a version",
        description="A ready version's PDF (Chinese or English) or XLSX, as its page's download.",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], url_path=r"files/(?P<edition>[a-z-]+)", url_name="file")
    def file(self, request, pk=None, edition=None):
        return file_response(self.get_object(), edition)


class HighlightSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="code", read_only=True)
    by = PersonSerializer(read_only=True)

    class Meta:
        model = Highlight
        fields = ["id", "year", "area", "activity", "text_zh", "text_en", "party", "by", "created_at"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="Highlights",
        description="The coordinators' highlights the next version of a year is built from (coordinators only; "
        "an empty list for anyone else), the latest year first, by area.",
    ),
    retrieve=extend_schema(summary="One highlight", description="Coordinators only; for anyone else, not found (404)."),
)
class HighlightViewSet(ReadOnlyViewSet):
    filterset_class = HighlightFilter
    serializer_class = HighlightSerializer
    queryset = Highlight.objects.none()  # for the schema; rows come from `visible`

    def visible(self, user):
        return selectors.highlights_visible_to(user)


def api_routes() -> list[registry.ApiRoute]:
    return [
        registry.ApiRoute("reports/annual", ReportViewSet, "annual-report"),
        registry.ApiRoute("reports/highlights", HighlightViewSet, "report-highlight"),
    ]
