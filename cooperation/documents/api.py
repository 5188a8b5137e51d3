"""The document library in the REST API: the list page's filters and search, a document's metadata and versions,
and a version's file, served through the same access rule and download log as the page (serving.py)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer

from protocol import registry
from protocol.api.base import ReadOnlyViewSet
from protocol.api.serializers import ActionsField, PersonSerializer

from . import permissions, selectors, serving
from .filters import DocumentFilter, includes_archived
from .models import Document, DocumentVersion

ACTIONS = {
    "download": permissions.can_download,
    "request_access": permissions.can_request_access,
    "manage": permissions.can_manage,
}
# A version number is a database integer: a larger one is no version's.
LARGEST_VERSION = 2**31 - 1


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentVersion
        fields = ["number", "original_name", "kind", "content_type", "size", "sha256", "change_note", "uploaded_at"]
        read_only_fields = fields


class DocumentVersionSerializer(VersionSerializer):
    uploaded_by = PersonSerializer(read_only=True)
    download_url = serializers.SerializerMethodField(help_text="The file, if you may download it; else null.")

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "uploaded_by", "download_url"]
        read_only_fields = fields

    def get_download_url(self, version) -> str | None:
        # `version.document` is the document the versions were prefetched for (with its `granted`).
        return _download_url(self.context["request"], version.document, version.number)


def _download_url(request, document: Document, number: int) -> str | None:
    if not permissions.can_download(request.user, document):
        return None
    return request.build_absolute_uri(reverse("document-download", args=[document.pk, number]))


class DocumentSerializer(serializers.ModelSerializer):
    owner_party = serializers.SlugRelatedField(slug_field="code", read_only=True)
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    patent_numbers = serializers.ListField(
        source="patent_number_list", child=serializers.CharField(), read_only=True, help_text="Publication numbers."
    )
    ipc_classes = serializers.ListField(source="ipc_class_list", child=serializers.CharField(), read_only=True)
    current_version = VersionSerializer(read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField(
        help_text="The current version's file, if there is one and you may download it; else null."
    )
    actions = ActionsField(ACTIONS, help_text="What you may do with it now.")

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "title_other",
            "summary",
            "doc_type",
            "area",
            "language",
            "tags",
            "patent_numbers",
            "ipc_classes",
            "owner_party",
            "confidentiality",
            "created_at",
            "updated_at",
            "archived_at",
            "current_version",
            "download_url",
            "actions",
        ]
        read_only_fields = fields

    def get_download_url(self, document) -> str | None:
        if document.current_version is None:
            return None
        return _download_url(self.context["request"], document, document.current_version.number)


class DocumentDetailSerializer(DocumentSerializer):
    versions = DocumentVersionSerializer(many=True, read_only=True, help_text="Newest first.")

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "versions"]
        read_only_fields = fields


ARCHIVED = OpenApiParameter(
    "archived", OpenApiTypes.BOOL, description="Archived documents too (left out unless asked for)."
)
SEARCH = OpenApiParameter(
    "q",
    OpenApiTypes.STR,
    description="Words or patent numbers, Chinese or English: the results are then ranked by relevance.",
)


@extend_schema_view(
    list=extend_schema(
        summary="The library",
        description="The documents you may see, newest first, with the list page's filters and search. "
        "Internal documents of the other party are not listed; on-request ones are, without their files.",
        parameters=[ARCHIVED, SEARCH],
    ),
    retrieve=extend_schema(
        summary="One document",
        description="Its metadata and versions (archived documents too).",
        responses=DocumentDetailSerializer,
    ),
)
class DocumentViewSet(ReadOnlyViewSet):
    matching = staticmethod(selectors.documents_matching)
    filterset_class = DocumentFilter
    queryset = Document.objects.none()  # for the schema; rows come from `visible`

    def visible(self, user):
        if self.action == "list":
            return selectors.documents_listed_for(user, include_archived=includes_archived(self.request.query_params))
        if self.action == "download":
            return selectors.documents_visible_to(user)
        return selectors.documents_detailed_for(user)

    def get_serializer_class(self):
        return DocumentSerializer if self.action == "list" else DocumentDetailSerializer

    def perform_content_negotiation(self, request, force=False):
        if self.action == "download":
            # The file answers for itself, whatever the client accepts; an error is JSON as everywhere.
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force)

    @extend_schema(
        summary="Download a version's file",
        description="Streamed as an attachment under its original name, and logged as a download on the page "
        "is (the owning party reads the other party's downloads). 404 when you may not download it.",
        filters=False,
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file."),
        },
    )
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>[0-9]+)/download", url_name="download")
    def download(self, request, pk=None, number=None):
        if int(number) > LARGEST_VERSION:
            raise NotFound
        version = serving.version_for_download_or_404(request.user, self.get_object(), int(number))
        return serving.download(request.user, version)


def api_routes() -> list[registry.ApiRoute]:
    return [registry.ApiRoute("documents", DocumentViewSet, "document")]
