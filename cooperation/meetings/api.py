"""The communication mechanism in the REST API: meetings (the list page's tabs and filters, a meeting's page), their
minutes (the approved text and its approvals; which revisions one sees is the draft rule of the minutes pages),
answering an invitation, and one's action items, marked done, through the pages' services and predicates."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from protocol import registry
from protocol.api.base import ReadOnlyViewSet, check_if_match
from protocol.api.serializers import ActionsField, PersonSerializer
from protocol.visibility import visible_or_404

from . import permissions, selectors, services
from .filters import MeetingFilter
from .models import ActionItem, ActionItemStatus, AgendaItem, Attendance, Meeting, MinutesRevision, MinutesStatus

MEETING_ACTIONS = {
    "edit": permissions.can_edit,
    "cancel": permissions.can_cancel,
    "answer": lambda user, meeting: permissions.can_answer(user, meeting, invited=meeting.invited),
}
ACTION_ITEM_ACTIONS = {
    # The page offers the button only on an open item; marking a done one again is refused as moved on (409).
    "mark_done": lambda user, item: item.status == ActionItemStatus.OPEN and permissions.can_mark_done(user, item),
}


class RefSerializer(serializers.Serializer):
    """A record named by its id and title: a library document, a meeting."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)


class SeriesRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class MeetingSerializer(serializers.ModelSerializer):
    organising_party = serializers.SlugRelatedField(slug_field="code", read_only=True)
    series = SeriesRefSerializer(read_only=True, allow_null=True)
    invited = serializers.BooleanField(read_only=True, help_text="Whether you are invited.")
    my_rsvp = serializers.ChoiceField(
        choices=Attendance._meta.get_field("rsvp").choices,
        read_only=True,
        allow_null=True,
        help_text="Your answer, if you are invited; else null.",
    )
    actions = ActionsField(MEETING_ACTIONS, help_text="What you may do to it now.")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "title_other",
            "kind",
            "status",
            "organising_party",
            "series",
            "starts_at",
            "ends_at",
            "location",
            "online_link",
            "internal",
            "invited",
            "my_rsvp",
            "actions",
        ]
        read_only_fields = fields


class AttendanceSerializer(serializers.ModelSerializer):
    person = PersonSerializer(source="user", read_only=True)

    class Meta:
        model = Attendance
        fields = ["person", "rsvp", "answered_at"]
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer):
    documents = RefSerializer(
        source="visible_documents", many=True, read_only=True, help_text="Library documents you may see."
    )

    class Meta:
        model = AgendaItem
        fields = ["position", "title", "presenter", "planned_minutes", "documents"]
        read_only_fields = fields


class MeetingDetailSerializer(MeetingSerializer):
    chair = PersonSerializer(read_only=True, allow_null=True)
    minute_taker = PersonSerializer(read_only=True, allow_null=True)
    attendees = AttendanceSerializer(source="attendances", many=True, read_only=True)
    agenda = AgendaItemSerializer(many=True, read_only=True)
    materials = RefSerializer(
        source="visible_materials", many=True, read_only=True, help_text="Library documents you may see."
    )
    activity = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The ledger activity recorded when it was held."
    )

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "chair",
            "minute_taker",
            "attendees",
            "external_attendees",
            "agenda",
            "materials",
            "activity",
        ]
        read_only_fields = fields


# The answers an invited person may give (SPECTACULAR_SETTINGS names their enum from this).
ANSWER_CHOICES = [(answer.value, answer.label) for answer in services.ANSWERS]


class RsvpSerializer(serializers.Serializer):
    rsvp = serializers.ChoiceField(choices=ANSWER_CHOICES)


class ApprovalSerializer(serializers.Serializer):
    party = serializers.CharField(source="party.code", read_only=True, help_text="The party it approved for.")
    by = PersonSerializer(read_only=True, help_text="The coordinator who approved it for their party.")
    at = serializers.DateTimeField(read_only=True)


class RevisionSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)

    class Meta:
        model = MinutesRevision
        fields = ["number", "sha256", "author", "created_at", "submitted_at"]
        read_only_fields = fields


class ApprovedTextSerializer(RevisionSerializer):
    text = serializers.CharField(read_only=True, help_text="Markdown, as approved.")
    approvals = ApprovalSerializer(many=True, read_only=True)

    class Meta(RevisionSerializer.Meta):
        fields = [*RevisionSerializer.Meta.fields, "text", "approvals"]
        read_only_fields = fields


class MinutesSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MinutesStatus.choices, read_only=True)
    approved_at = serializers.DateTimeField(read_only=True, allow_null=True)
    approved = ApprovedTextSerializer(
        read_only=True,
        allow_null=True,
        help_text="The last text both parties approved (it stays while an amendment is under way), or null.",
    )
    revisions = RevisionSerializer(
        many=True,
        read_only=True,
        help_text="Newest first: those you may follow. Attendees and coordinators follow every submitted revision "
        "(and their own party's drafts); other staff only the approved ones.",
    )


class ActionItemSerializer(serializers.ModelSerializer):
    meeting = RefSerializer(read_only=True, help_text="The meeting it was assigned at.")
    owner = PersonSerializer(read_only=True)
    actions = ActionsField(ACTION_ITEM_ACTIONS, help_text="What you may do to it now.")

    class Meta:
        model = ActionItem
        fields = ["id", "description", "meeting", "owner", "due_date", "status", "done_note", "done_at", "actions"]
        read_only_fields = fields


class DoneSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=2000, allow_blank=True, required=False, default="", help_text="What was done, or where to find it."
    )


SCOPE = OpenApiParameter(
    "scope",
    OpenApiTypes.STR,
    enum=list(selectors.MEETING_SCOPES),
    description="The list page's tabs: `upcoming` (the default: not yet ended, soonest first), `past` (latest "
    "first), or `mine` (those you are invited to or scheduled, latest first).",
)


@extend_schema_view(
    list=extend_schema(
        summary="Meetings",
        description="The meetings you may see (the other party's internal ones are not), with the list page's tab "
        "and filters.",
        parameters=[SCOPE],
    ),
    retrieve=extend_schema(
        summary="One meeting",
        description="With its attendees and their answers, its agenda and the library documents you may see.",
        responses=MeetingDetailSerializer,
    ),
)
class MeetingViewSet(ReadOnlyViewSet):
    filterset_class = MeetingFilter
    queryset = Meeting.objects.none()  # for the schema; rows come from `visible`

    def visible(self, user):
        if self.action == "list":
            scope = self.request.query_params.get("scope") or next(iter(selectors.MEETING_SCOPES))
            if scope not in selectors.MEETING_SCOPES:
                raise ValidationError({"scope": [_("Choose upcoming, past or mine.")]})
            return selectors.MEETING_SCOPES[scope](user)
        if self.action == "minutes":
            return selectors.meetings_visible_to(user)
        return selectors.meetings_detailed_for(user)

    def get_serializer_class(self):
        if self.action == "list":
            return MeetingSerializer
        if self.action == "rsvp":
            return RsvpSerializer
        return MeetingDetailSerializer

    def _detail(self, meeting: Meeting) -> dict:
        return MeetingDetailSerializer(meeting, context=self.get_serializer_context()).data

    @extend_schema(
        summary="Answer an invitation",
        description="Only the invited, while the meeting is ahead (else 409). As the page's buttons: attending, "
        "not attending or maybe.",
        request=RsvpSerializer,
        responses=MeetingDetailSerializer,
        examples=[OpenApiExample("Attending", value={"rsvp": "attending"}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def rsvp(self, request, pk=None):
        meeting = self.get_object()
        check_if_match(request, self._detail(meeting))
        serializer = RsvpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The service answers who may (the invited: else 403) and when (a scheduled meeting: else 409).
        services.attendance_answer(meeting=meeting, by=request.user, rsvp=serializer.validated_data["rsvp"])
        return Response(self._detail(visible_or_404(selectors.meeting_detail, request.user, meeting.pk)))

    @extend_schema(
        summary="A meeting's minutes",
        description="The approved text with its approval record (as the PDF prints it), and the revisions you may "
        "follow. 404 when the meeting has no minutes yet.",
        filters=False,
        responses=MinutesSerializer,
    )
    @action(detail=True, methods=["get"])
    def minutes(self, request, pk=None):
        meeting = self.get_object()
        minutes = selectors.minutes_of(meeting)
        if minutes is None:
            raise NotFound
        approved = minutes.approved_revision
        if approved is not None:
            approved.approvals = list(selectors.approvals_of(minutes, approved))
        data = {
            "status": minutes.status,
            "approved_at": minutes.approved_at,
            "approved": approved,
            "revisions": selectors.minutes_revisions_readable_by(request.user, meeting, minutes),
        }
        return Response(MinutesSerializer(data, context=self.get_serializer_context()).data)


ITEM_SCOPES = {
    # (scope, status) → the rows, as the action items page lists them.
    ("mine", ActionItemStatus.OPEN): selectors.action_items_open_of,
    ("mine", ActionItemStatus.DONE): selectors.action_items_done_of,
    ("party", ActionItemStatus.OPEN): selectors.open_action_items_for_party,
}


class ActionItemQuerySerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=["mine", "party"], default="mine", required=False)
    status = serializers.ChoiceField(choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN, required=False)


@extend_schema_view(
    list=extend_schema(
        summary="Action items",
        description="Yours (`scope=mine`, the default): open ones soonest due first, or done ones (`status=done`) "
        "latest first. For a coordinator, `scope=party`: the open items of your party's staff.",
        parameters=[ActionItemQuerySerializer],
    ),
    retrieve=extend_schema(summary="One action item", description="Of a meeting you may see."),
)
class ActionItemViewSet(ReadOnlyViewSet):
    serializer_class = ActionItemSerializer
    queryset = ActionItem.objects.none()  # for the schema; rows come from `visible`

    def visible(self, user):
        if self.action != "list":
            return selectors.action_items_visible_to(user)
        query = ActionItemQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        rows = ITEM_SCOPES.get((query.validated_data["scope"], query.validated_data["status"]))
        return rows(user) if rows else ActionItem.objects.none()

    @extend_schema(
        summary="Mark an action item done",
        description="Only its owner, once (a second time is 409), with an optional note.",
        request=DoneSerializer,
        responses=ActionItemSerializer,
        examples=[OpenApiExample("Done", value={"note": "Sent to both parties on Monday."}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        item = self.get_object()
        if not permissions.can_mark_done(request.user, item):
            raise PermissionDenied
        check_if_match(request, self.get_serializer(item).data)
        serializer = DoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.action_item_complete(item=item, by=request.user, note=serializer.validated_data["note"])
        return Response(self.get_serializer(visible_or_404(selectors.action_item_for, request.user, item.pk)).data)


def api_routes() -> list[registry.ApiRoute]:
    return [
        registry.ApiRoute("meetings", MeetingViewSet, "meeting"),
        registry.ApiRoute("action-items", ActionItemViewSet, "action-item"),
    ]
