"""Joint research in the REST API: the project list's scopes, filters and search, and a project's page (its team,
milestones and deliverables), through the same selectors and predicates. Read only: the plan's writes need the
plan form's rows and two-party sign-off, which stay on the pages."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from protocol import registry
from protocol.api.base import ReadOnlyViewSet
from protocol.api.serializers import ActionsField, LinkedDocumentSerializer, PersonSerializer
from protocol.visibility import visible_or_404

from . import permissions, selectors
from .filters import ProjectFilter
from .models import Deliverable, Milestone, ResearchProject, TeamMember

ACTIONS = {
    "edit_plan": permissions.can_edit_plan,
    "propose": permissions.can_propose,
    "review_plan": permissions.can_review_plan,
    "start": permissions.can_start,
    "complete": permissions.can_complete,
    "report": permissions.can_report,
}


class ResearchProjectSerializer(serializers.ModelSerializer):
    lead_party = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ResearchProject
        fields = [
            "id",
            "title",
            "title_other",
            "technology_field",
            "start_date",
            "end_date",
            "lead_party",
            "internal",
            "status",
            "plan_state",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class TeamMemberSerializer(serializers.ModelSerializer):
    person = PersonSerializer(source="user", read_only=True)
    party = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="The party the member stands for."
    )

    class Meta:
        model = TeamMember
        fields = ["person", "party", "role"]
        read_only_fields = fields


class MilestoneSerializer(serializers.ModelSerializer):
    owner = PersonSerializer(read_only=True)
    done = serializers.BooleanField(source="is_done", read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "title", "due_date", "owner", "done", "done_on", "done_note"]
        read_only_fields = fields


class DeliverableSerializer(serializers.ModelSerializer):
    document = serializers.SerializerMethodField(
        help_text="The library document's id, or null when none is linked or it is internal to the other party."
    )

    class Meta:
        model = Deliverable
        fields = ["id", "title", "due_date", "status", "document", "version_number", "submitted_at", "accepted_at"]
        read_only_fields = fields

    def get_document(self, deliverable) -> int | None:
        # As on the page: a document the reader may not see is not named (selectors.documents_known_to).
        known = self.context.get("known_documents", set())
        return deliverable.document_id if deliverable.document_id in known else None


class ResearchProjectDetailSerializer(ResearchProjectSerializer):
    created_by = PersonSerializer(read_only=True)
    team = TeamMemberSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    deliverables = DeliverableSerializer(many=True, read_only=True)
    documents = LinkedDocumentSerializer(
        source="visible_documents", many=True, read_only=True, help_text="Linked library documents you may see."
    )
    actions = ActionsField(ACTIONS, help_text="What you may do to it now (on its page).")

    class Meta(ResearchProjectSerializer.Meta):
        fields = [
            *ResearchProjectSerializer.Meta.fields,
            "topic",
            "ipc_classes",
            "objectives",
            "expected_outputs",
            "end_reason",
            "created_by",
            "team",
            "milestones",
            "deliverables",
            "documents",
            "actions",
        ]
        read_only_fields = fields


SCOPE = OpenApiParameter(
    "scope",
    str,
    enum=list(selectors.PROJECT_LISTS),
    description="All you may see (the default), those you are on the team of or created, or those waiting for "
    "your decision (a plan to approve as coordinator, a deliverable to accept as PI).",
)
SEARCH = OpenApiParameter("q", str, description="Search titles, topic and objectives, in Chinese or English.")


@extend_schema_view(
    list=extend_schema(
        summary="Research projects",
        description="The projects you may see (the other party's drafts and internal projects are not), newest "
        "start first, with the list page's scopes and filters.",
        parameters=[SCOPE, SEARCH],
    ),
    retrieve=extend_schema(
        summary="One research project",
        description="With its team, milestones (due first), deliverables and the linked documents you may see.",
    ),
)
class ResearchProjectViewSet(ReadOnlyViewSet):
    matching = staticmethod(selectors.projects_matching)
    filterset_class = ProjectFilter
    queryset = ResearchProject.objects.none()  # for the schema; rows come from `visible`

    def visible(self, user):
        if self.action != "list":
            return selectors.projects_visible_to(user)
        scope = self.request.query_params.get("scope")
        # An unknown scope is the default one, as on the page.
        return selectors.PROJECT_LISTS.get(scope, selectors.projects_listed)(user)

    def get_serializer_class(self):
        return ResearchProjectSerializer if self.action == "list" else ResearchProjectDetailSerializer

    def get_object(self):
        super().get_object()  # 404 for an id that is no visible project's
        project = visible_or_404(selectors.project_detail, self.request.user, int(self.kwargs["pk"]))
        self.known_documents = selectors.documents_known_to(
            self.request.user, [deliverable.document for deliverable in project.deliverables.all()]
        )
        return project

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "known_documents": getattr(self, "known_documents", set())}


def api_routes() -> list[registry.ApiRoute]:
    return [registry.ApiRoute("research/projects", ResearchProjectViewSet, "research-project")]
