"""Project support in the REST API: IP projects (the list's filters and search, the project's page with its
indicators, calls and participants) and calls for participation (the open calls, as their list shows them, and
any call's page), through the same selectors and predicates. Read only."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from protocol import registry
from protocol.api.base import ReadOnlyViewSet
from protocol.api.serializers import ActionsField, LinkedDocumentSerializer, PersonSerializer
from protocol.visibility import visible_or_404

from . import permissions, selectors
from .filters import ProjectFilter
from .models import Call, Participant, Project

PROJECT_ACTIONS = {
    "edit": permissions.can_edit_project,
    "publish": permissions.can_publish,
    "advance": permissions.can_advance,
    "add_call": permissions.can_add_call,
    "report_results": permissions.can_report_results,
}


class ProjectSerializer(serializers.ModelSerializer):
    organising_party = serializers.SlugRelatedField(slug_field="code", read_only=True)
    published = serializers.BooleanField(source="is_published", read_only=True)

    class Meta:
        model = Project
        fields = ["id", "title", "title_other", "organising_party", "project_type", "status", "starts_on", "ends_on"]
        fields += ["published", "published_at", "created_at", "updated_at"]
        read_only_fields = fields


class ProgressSerializer(serializers.Serializer):
    """An indicator and where it stands (selectors.Progress)."""

    name = serializers.CharField(source="indicator.name", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    baseline = serializers.DecimalField(source="indicator.baseline", max_digits=14, decimal_places=2, read_only=True)
    target = serializers.DecimalField(source="indicator.target", max_digits=14, decimal_places=2, read_only=True)
    actual = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, help_text="The latest value reported, else the baseline."
    )
    period_end = serializers.DateField(
        source="latest.period_end", read_only=True, allow_null=True, help_text="Of the latest value reported."
    )
    percent = serializers.IntegerField(read_only=True, help_text="Of the way from baseline to target, 0 to 100.")


class ProjectCallSerializer(serializers.ModelSerializer):
    class Meta:
        model = Call
        fields = ["id", "title", "places", "opens_at", "closes_at"]
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer):
    person = PersonSerializer(source="user", read_only=True)

    class Meta:
        model = Participant
        fields = ["person", "joined_at"]
        read_only_fields = fields


class ProjectDetailSerializer(ProjectSerializer):
    contact = PersonSerializer(read_only=True, allow_null=True)
    documents = LinkedDocumentSerializer(
        source="visible_documents", many=True, read_only=True, help_text="Linked library documents you may see."
    )
    indicators = serializers.SerializerMethodField()
    calls = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()
    actions = ActionsField(PROJECT_ACTIONS, help_text="What you may do to it now (on its page).")

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "description", "contact", "documents", "indicators", "calls"]
        fields += ["participants", "actions"]
        read_only_fields = fields

    @extend_schema_field(ProgressSerializer(many=True))
    def get_indicators(self, project):
        return ProgressSerializer(selectors.indicators_of(project), many=True).data

    @extend_schema_field(ProjectCallSerializer(many=True))
    def get_calls(self, project):
        return ProjectCallSerializer(selectors.calls_of(project), many=True).data

    @extend_schema_field(ParticipantSerializer(many=True))
    def get_participants(self, project):
        return ParticipantSerializer(selectors.participants_of(project), many=True).data


class CallSerializer(serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(read_only=True)
    project_title = serializers.CharField(source="project.title", read_only=True)
    organising_party = serializers.CharField(source="project.organising_party.code", read_only=True)
    sought = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Call
        fields = ["id", "title", "project", "project_title", "organising_party", "sought", "places"]
        fields += ["opens_at", "closes_at"]
        read_only_fields = fields


class MyApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True)


class CallDetailSerializer(CallSerializer):
    criteria = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    reviewers = PersonSerializer(many=True, read_only=True)
    departments = serializers.ListField(
        source="department_list",
        child=serializers.CharField(),
        read_only=True,
        help_text="Of the other party, whose staff may apply; empty: all its staff.",
    )
    is_open = serializers.SerializerMethodField(help_text="Taking applications now.")
    accepted = serializers.SerializerMethodField(help_text="Applications accepted so far.")
    my_application = serializers.SerializerMethodField(help_text="Yours, if you started one.")
    can_apply = serializers.SerializerMethodField()

    class Meta(CallSerializer.Meta):
        fields = [*CallSerializer.Meta.fields, "description", "departments", "criteria", "reviewers", "is_open"]
        fields += ["accepted", "my_application", "can_apply"]
        read_only_fields = fields

    def get_is_open(self, call) -> bool:
        return permissions.call_is_open(call)

    def get_accepted(self, call) -> int:
        return selectors.accepted_count(call)

    @extend_schema_field(MyApplicationSerializer(allow_null=True))
    def get_my_application(self, call):
        mine = self.context.get("mine")
        return {"id": mine.pk, "status": mine.status} if mine is not None else None

    def get_can_apply(self, call) -> bool:
        # As the call's page asks it: not for who started an application already.
        return self.context.get("mine") is None and permissions.can_apply(self.context["request"].user, call)


SEARCH = OpenApiParameter("q", str, description="Search titles and descriptions, in Chinese or English.")


@extend_schema_view(
    list=extend_schema(
        summary="IP projects",
        description="The projects you may see (the other party's are seen once published), newest start first, "
        "with the list page's filters.",
        parameters=[SEARCH],
    ),
    retrieve=extend_schema(
        summary="One IP project",
        description="With its indicators and their progress, its calls, its participants and the linked documents "
        "you may see.",
    ),
)
class ProjectViewSet(ReadOnlyViewSet):
    matching = staticmethod(selectors.matching)
    filterset_class = ProjectFilter
    queryset = Project.objects.none()  # for the schema; rows come from `visible`

    def visible(self, user):
        return selectors.projects_listed(user)

    def get_serializer_class(self):
        return ProjectSerializer if self.action == "list" else ProjectDetailSerializer

    def get_object(self):
        super().get_object()  # 404 for an id that is no visible project's
        return visible_or_404(selectors.project_detail, self.request.user, int(self.kwargs["pk"]))


@extend_schema_view(
    list=extend_schema(
        summary="Open calls for participation",
        description="The calls taking applications now, the one closing soonest first, as their list shows them.",
    ),
    retrieve=extend_schema(
        summary="One call", description="Open or not, with its criteria, reviewers and your application, if any."
    ),
)
class CallViewSet(ReadOnlyViewSet):
    queryset = Call.objects.none()  # for the schema; rows come from `visible`

    def visible(self, user):
        return selectors.calls_open(user) if self.action == "list" else selectors.calls_visible_to(user)

    def get_serializer_class(self):
        return CallSerializer if self.action == "list" else CallDetailSerializer

    def get_object(self):
        super().get_object()  # 404 for an id that is no visible call's
        call = visible_or_404(selectors.call_detail, self.request.user, int(self.kwargs["pk"]))
        self.mine = selectors.application_of(self.request.user, call)
        return call

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "mine": getattr(self, "mine", None)}


def api_routes() -> list[registry.ApiRoute]:
    return [
        registry.ApiRoute("projects/projects", ProjectViewSet, "ip-project"),
        registry.ApiRoute("projects/calls", CallViewSet, "ip-call"),
    ]
