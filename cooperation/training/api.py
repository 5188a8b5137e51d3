"""Training in the REST API: courses and sessions as their lists and pages show them (scopes, filters, search,
seats per party), the reader's own enrolments, and the two writes a trainee makes, enrolling and cancelling,
through the same services (their rules, their audit, their notifications) as the pages."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from protocol import registry, search
from protocol.api.base import ReadOnlyViewSet, check_if_match
from protocol.api.serializers import LinkedDocumentSerializer, PersonSerializer
from protocol.visibility import visible_or_404

from . import permissions, selectors, services
from .filters import CourseFilter, SessionFilter
from .models import Course, Enrolment, EnrolmentStatus, TrainingSession

SEARCH = OpenApiParameter("q", str, description="Search the course's title and description, in Chinese or English.")


class CourseSerializer(serializers.ModelSerializer):
    organising_party = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Course
        fields = ["id", "title", "title_other", "organising_party", "internal", "created_at"]
        read_only_fields = fields


class SeatsSerializer(serializers.Serializer):
    party = serializers.CharField(source="party.code", read_only=True)
    reserved = serializers.IntegerField(read_only=True)
    taken = serializers.IntegerField(read_only=True, help_text="Of this party's reserved seats, by anyone.")
    left = serializers.IntegerField(read_only=True)
    waiting = serializers.IntegerField(read_only=True, help_text="On this party's waitlist.")


class SessionSerializer(serializers.ModelSerializer):
    course = CourseSerializer(read_only=True)
    seats = SeatsSerializer(source="seat_rows", many=True, read_only=True, help_text="Per party.")
    seats_left = serializers.IntegerField(read_only=True)
    my_status = serializers.SerializerMethodField(
        help_text="Your latest enrolment's status on it (the `mine` scope only; else null)."
    )

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "course",
            "starts_at",
            "ends_at",
            "location",
            "online_link",
            "status",
            "enrolment_opens_at",
            "enrolment_closes_at",
            "needs_approval",
            "seats",
            "seats_left",
            "my_status",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=EnrolmentStatus.choices, allow_null=True))
    def get_my_status(self, session) -> str | None:
        return getattr(session, "my_status", None)


class CourseSessionSerializer(serializers.ModelSerializer):
    seats_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingSession
        fields = ["id", "starts_at", "ends_at", "location", "status", "seats_left"]
        read_only_fields = fields


class CourseDetailSerializer(CourseSerializer):
    contact = PersonSerializer(read_only=True)
    materials = LinkedDocumentSerializer(
        source="visible_materials", many=True, read_only=True, help_text="Library documents you may see."
    )
    sessions = serializers.SerializerMethodField(help_text="The upcoming first (soonest first), then the past.")

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "description", "audience", "prerequisites", "contact", "materials"]
        fields += ["sessions"]
        read_only_fields = fields

    @extend_schema_field(CourseSessionSerializer(many=True))
    def get_sessions(self, course):
        return CourseSessionSerializer(selectors.sessions_of_course(course), many=True).data


class EnrolmentSerializer(serializers.ModelSerializer):
    session = serializers.PrimaryKeyRelatedField(read_only=True)
    course = serializers.CharField(source="session.course.title", read_only=True)
    starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)
    person = PersonSerializer(source="user", read_only=True)
    waitlist_position = serializers.SerializerMethodField(help_text="Your place on the waitlist (1 is next), or null.")
    can_cancel = serializers.SerializerMethodField(help_text="Whether you may cancel it now.")

    class Meta:
        model = Enrolment
        fields = ["id", "session", "course", "starts_at", "person", "status", "queued_at", "attendance"]
        fields += ["waitlist_position", "can_cancel"]
        read_only_fields = fields

    def get_waitlist_position(self, enrolment) -> int | None:
        return self.context.get("positions", {}).get(enrolment.session_id)

    def get_can_cancel(self, enrolment) -> bool:
        return permissions.can_cancel(self.context["request"].user, enrolment, enrolment.session)


class MyEnrolmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enrolment
        fields = ["id", "status", "queued_at", "attendance"]
        read_only_fields = fields


class SessionDetailSerializer(SessionSerializer):
    trainers = PersonSerializer(many=True, read_only=True)
    my_enrolment = serializers.SerializerMethodField(help_text="Yours still in the running for a seat, or null.")
    actions = serializers.SerializerMethodField(help_text="What you may do now.")

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "trainers", "external_trainers", "release_unused_at"]
        fields += ["my_enrolment", "actions"]
        read_only_fields = fields

    @extend_schema_field(MyEnrolmentSerializer(allow_null=True))
    def get_my_enrolment(self, session):
        mine = self.context.get("mine")
        return MyEnrolmentSerializer(mine).data if mine is not None else None

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "boolean"}})
    def get_actions(self, session) -> dict:
        # The session page's own questions, asked the same way.
        user, mine = self.context["request"].user, self.context.get("mine")
        return {
            "enrol": mine is None and permissions.can_enrol(user, session),
            "cancel_mine": mine is not None and permissions.can_cancel(user, mine, session),
            "nominate": permissions.can_nominate(user, session),
            "edit": permissions.can_edit_session(user, session),
        }


@extend_schema_view(
    list=extend_schema(
        summary="Training courses",
        description="The courses you may see (the other party's internal ones are not), newest first, with the "
        "course list's filters.",
        parameters=[SEARCH],
    ),
    retrieve=extend_schema(
        summary="One course", description="With the materials you may see and its sessions, with seats left."
    ),
)
class CourseViewSet(ReadOnlyViewSet):
    matching = staticmethod(search.apply_search)
    filterset_class = CourseFilter
    queryset = Course.objects.none()  # for the schema; rows come from `visible`

    def visible(self, user):
        return selectors.courses_visible_to(user)

    def get_serializer_class(self):
        return CourseSerializer if self.action == "list" else CourseDetailSerializer

    def get_object(self):
        super().get_object()  # 404 for an id that is no visible course's
        return visible_or_404(selectors.course_detail, self.request.user, int(self.kwargs["pk"]))


SESSION_SCOPE = OpenApiParameter(
    "scope",
    str,
    enum=list(selectors.SESSION_LISTS),
    description="Upcoming sessions, soonest first (the default); those you enrolled on, newest first; or past "
    "ones, latest first.",
)


@extend_schema_view(
    list=extend_schema(
        summary="Training sessions",
        description="The sessions you may see, with the session list's scopes and filters and each party's seats.",
        parameters=[SESSION_SCOPE, SEARCH],
    ),
    retrieve=extend_schema(
        summary="One session",
        description="With its trainers, seats per party, your enrolment, and what you may do now.",
    ),
)
class SessionViewSet(ReadOnlyViewSet):
    matching = staticmethod(selectors.matching)
    filterset_class = SessionFilter
    queryset = TrainingSession.objects.none()  # for the schema; rows come from `visible`
    http_method_names = ["get", "post", "head", "options"]

    def visible(self, user):
        if self.action != "list":
            return selectors.sessions_visible_to(user)
        scope = self.request.query_params.get("scope")
        # An unknown scope is the default one, as on the page.
        return selectors.SESSION_LISTS.get(scope, selectors.sessions_upcoming)(user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # The seats of the whole page in two queries, as the list page reads them.
        return selectors.with_seats(list(page)) if page is not None else None

    def get_serializer_class(self):
        if self.action == "enrol":
            return EnrolmentSerializer
        return SessionSerializer if self.action == "list" else SessionDetailSerializer

    def get_object(self):
        super().get_object()  # 404 for an id that is no visible session's
        session = visible_or_404(selectors.session_detail, self.request.user, int(self.kwargs["pk"]))
        self.mine = selectors.my_enrolment(self.request.user, session)
        return session

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "mine": getattr(self, "mine", None)}

    @extend_schema(
        summary="Enrol on a session",
        description="Yourself, while its enrolment is open: a seat of your party if one is left (waiting for "
        "your coordinator's approval where the session needs it), else a place on your party's waitlist.",
        request=None,
        responses={201: EnrolmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def enrol(self, request, pk=None):
        session = self.get_object()
        check_if_match(request, SessionDetailSerializer(session, context=self.get_serializer_context()).data)
        # The service answers every question: open (else 400 with its reason), already enrolled (400), cancelled
        # since read (409).
        enrolment = services.enrolment_create(session=session, user=request.user)
        return Response(_enrolment_data(self, enrolment), status=status.HTTP_201_CREATED)


def _enrolment_data(view, enrolment: Enrolment) -> dict:
    enrolment = Enrolment.objects.select_related("session__course", "user__party").get(pk=enrolment.pk)
    positions = selectors.waitlist_positions(view.request.user, [enrolment.session_id])
    context = {**view.get_serializer_context(), "positions": positions}
    return EnrolmentSerializer(enrolment, context=context).data


@extend_schema_view(
    list=extend_schema(
        summary="Your enrolments",
        description="On sessions you may still see, the latest made first, each with your place on the waitlist "
        "where you wait.",
    ),
    retrieve=extend_schema(
        summary="One of your enrolments",
        description="With your place on the waitlist where you wait; another's is not found (404).",
    ),
)
class EnrolmentViewSet(ReadOnlyViewSet):
    serializer_class = EnrolmentSerializer
    queryset = Enrolment.objects.none()  # for the schema; rows come from `visible`
    http_method_names = ["get", "post", "head", "options"]

    def visible(self, user):
        if self.action == "cancel":
            # As the page's: a coordinator withdraws their party's staff (the service decides who may).
            return selectors.enrolments_visible_to(user).select_related("session__course", "user__party")
        # Newest first by their own time, not their session's: a keyset pages by the list's own columns.
        return selectors.enrolments_of(user).select_related("user__party").order_by("-queued_at", "-pk")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.positions = selectors.waitlist_positions(
            self.request.user, [e.session_id for e in page if e.status == EnrolmentStatus.WAITLISTED]
        )
        return page

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "positions": getattr(self, "positions", {})}

    def get_object(self):
        enrolment = super().get_object()
        self.positions = selectors.waitlist_positions(self.request.user, [enrolment.session_id])
        return enrolment

    @extend_schema(
        summary="Cancel an enrolment",
        description="Your own, until enrolment closes; after that your party's coordinator withdraws you. The "
        "seat goes to the first on the waitlist at once. An enrolment no longer in the running (cancelled "
        "already, declined, withdrawn) is answered 409.",
        request=None,
        responses=EnrolmentSerializer,
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        enrolment = self.get_object()
        check_if_match(request, self.get_serializer(enrolment).data)
        enrolment = services.enrolment_cancel(enrolment=enrolment, by=request.user)
        return Response(_enrolment_data(self, enrolment))


def api_routes() -> list[registry.ApiRoute]:
    return [
        registry.ApiRoute("training/courses", CourseViewSet, "training-course"),
        registry.ApiRoute("training/sessions", SessionViewSet, "training-session"),
        registry.ApiRoute("training/enrolments", EnrolmentViewSet, "training-enrolment"),
    ]
