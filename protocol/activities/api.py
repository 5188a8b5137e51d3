"""The ledger in the REST API: the list page's filters and search, the detail page's record, and its writes
(log, edit, confirm, return, delete a draft) through the same services, `ActivityFields` and predicates."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from protocol import library, registry, search
from protocol.api.base import ReadOnlyViewSet, check_if_match
from protocol.api.serializers import ActionsField, LinkedDocumentSerializer, PersonSerializer, text_field
from protocol.parties.models import User
from protocol.parties.selectors import parties_all, staff_of_parties
from protocol.visibility import visible_or_404

from . import permissions, selectors, services
from .filters import ActivityFilter
from .models import Activity, StatusChange

ACTIONS = {
    "edit": permissions.can_edit,
    "delete": permissions.can_delete,
    "log": permissions.can_submit,
    "review": permissions.can_review,
}


class StatusChangeSerializer(serializers.ModelSerializer):
    by = PersonSerializer(read_only=True)

    class Meta:
        model = StatusChange
        fields = ["status", "by", "at", "comment"]
        read_only_fields = fields


class ActivitySerializer(serializers.ModelSerializer):
    lead_party = serializers.SlugRelatedField(slug_field="code", read_only=True)
    party = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="The party that keeps the record."
    )
    author = PersonSerializer(read_only=True)
    participants = PersonSerializer(many=True, read_only=True)
    actions = ActionsField(ACTIONS, help_text="What you may do to it now.")

    class Meta:
        model = Activity
        fields = [
            "id",
            *services.EDITABLE_FIELDS,
            "party",
            "author",
            "status",
            "logged_at",
            "created_at",
            "updated_at",
            "actions",
        ]
        read_only_fields = fields


class ActivityDetailSerializer(ActivitySerializer):
    history = StatusChangeSerializer(many=True, read_only=True)
    documents = LinkedDocumentSerializer(
        source="visible_documents", many=True, read_only=True, help_text="Linked library documents you may see."
    )

    class Meta(ActivitySerializer.Meta):
        fields = [*ActivitySerializer.Meta.fields, "history", "documents"]
        read_only_fields = fields


class ActivityWriteSerializer(serializers.ModelSerializer):
    """What the page's form takes; the ledger's rules are the service's (`activity_check`), reported per field."""

    lead_party = serializers.PrimaryKeyRelatedField(queryset=parties_all())
    participants = serializers.PrimaryKeyRelatedField(
        many=True, queryset=staff_of_parties(), help_text="Staff ids; at least one of the other party."
    )
    documents = serializers.PrimaryKeyRelatedField(
        many=True, required=False, default=list, queryset=User.objects.none(), help_text="Library document ids."
    )
    description = text_field()
    external_participants = text_field(help_text="People from outside both parties, one per line.")
    outcomes = text_field()
    log = serializers.BooleanField(
        default=False, write_only=True, help_text="Log it for the other party to confirm (else a draft)."
    )

    class Meta:
        model = Activity
        fields = [*services.EDITABLE_FIELDS, "documents", "log"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        face = library.face()
        request = self.context.get("request")
        # Only what the writer may see can be linked, as on the page.
        if face is not None and request is not None:
            self.fields["documents"].child_relation.queryset = face.visible_to(request.user)

    def to_fields(self) -> services.ActivityFields:
        data = dict(self.validated_data)
        data.pop("log", None)
        data["participants"] = list(data["participants"])
        data["documents"] = list(data.get("documents") or [])
        return services.ActivityFields(**data)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


ACTIVITY_EXAMPLE = OpenApiExample(
    "A workshop",
    value={
        "area": "training",
        "kind": "workshop",
        "title": "Patent search workshop",
        "start_date": "2026-03-10",
        "lead_party": 1,
        "participants": [3, 7],
        "log": True,
    },
    request_only=True,
)


@extend_schema_view(
    list=extend_schema(summary="The ledger", description="The activities you may see, with the list page's filters."),
    retrieve=extend_schema(summary="One activity", description="With its history and the documents you may see."),
    create=extend_schema(
        summary="Record an activity",
        description="As a draft, or logged for the other party to confirm (`log`). Officials and coordinators.",
        request=ActivityWriteSerializer,
        responses={201: ActivityDetailSerializer},
        examples=[ACTIVITY_EXAMPLE],
    ),
    update=extend_schema(
        summary="Edit an activity",
        description="Its author, or a coordinator of its party, while not confirmed.",
        request=ActivityWriteSerializer,
        responses=ActivityDetailSerializer,
        examples=[ACTIVITY_EXAMPLE],
    ),
    destroy=extend_schema(
        summary="Delete a draft", description="Its author, or a coordinator of its party, while it is a draft."
    ),
)
class ActivityViewSet(ReadOnlyViewSet):
    matching = staticmethod(search.apply_search)
    filterset_class = ActivityFilter
    queryset = Activity.objects.none()  # for the schema; rows come from `visible`
    http_method_names = ["get", "post", "put", "delete", "head", "options"]

    def visible(self, user):
        people = User.objects.select_related("party").order_by("party__code", "full_name")
        # The author's party is shown with each row (PersonSerializer): joined, or one query per row.
        rows = selectors.activities_visible_to(user).select_related("author__party")
        return rows.prefetch_related(Prefetch("participants", queryset=people))

    def get_serializer_class(self):
        if self.action in ("create", "update"):
            return ActivityWriteSerializer
        if self.action == "list":
            return ActivitySerializer
        if self.action in ("confirm", "return_", "log"):
            return CommentSerializer
        return ActivityDetailSerializer

    def get_object(self):
        super().get_object()  # 404 for an id that is no visible activity's
        return visible_or_404(selectors.activity_detail, self.request.user, int(self.kwargs["pk"]))

    def _answer(self, activity: Activity, *, code=status.HTTP_200_OK) -> Response:
        fresh = visible_or_404(selectors.activity_detail, self.request.user, activity.pk)
        return Response(ActivityDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def _read(self):
        activity = self.get_object()
        check_if_match(self.request, ActivityDetailSerializer(activity, context=self.get_serializer_context()).data)
        return activity

    def create(self, request):
        if not permissions.can_log(request.user):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = services.activity_create(
            author=request.user, fields=serializer.to_fields(), log=serializer.validated_data["log"]
        )
        return self._answer(activity, code=status.HTTP_201_CREATED)

    def update(self, request, pk=None):
        activity = self._read()
        if not permissions.can_edit(request.user, activity):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = services.activity_update(
            activity=activity, by=request.user, fields=serializer.to_fields(), log=serializer.validated_data["log"]
        )
        return self._answer(activity)

    def destroy(self, request, pk=None):
        activity = self._read()
        if not permissions.can_delete(request.user, activity):
            raise PermissionDenied
        services.activity_delete(activity=activity, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Log a draft or a returned activity",
        description="For the other party's coordinators to confirm.",
        request=None,
        responses=ActivityDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def log(self, request, pk=None):
        activity = self._read()
        if not permissions.can_submit(request.user, activity):
            raise PermissionDenied
        return self._answer(services.activity_log(activity=activity, by=request.user))

    @extend_schema(
        summary="Confirm an activity",
        description="A coordinator of the other party, while it awaits confirmation. It is then locked.",
        request=CommentSerializer,
        responses=ActivityDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        activity = self._read()
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The service answers both questions: still awaiting confirmation (else 409), and by whom (else 403).
        activity = services.activity_confirm(
            activity=activity, by=request.user, comment=serializer.validated_data["comment"]
        )
        return self._answer(activity)

    @extend_schema(
        summary="Return an activity to its author",
        description="A coordinator of the other party, saying what should change (`comment`, required).",
        request=CommentSerializer,
        responses=ActivityDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        activity = self._read()
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = services.activity_return(
            activity=activity, by=request.user, comment=serializer.validated_data["comment"]
        )
        return self._answer(activity)


def api_routes() -> list[registry.ApiRoute]:
    return [registry.ApiRoute("activities", ActivityViewSet, "activity")]
