"""The user's own notifications in the REST API: the inbox's filters and order, and marking read."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from protocol import registry
from protocol.api.base import ReadOnlyViewSet
from protocol.areas import Area

from . import selectors, services
from .forms import InboxFilterForm, MarkAllReadForm
from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    message = serializers.CharField(read_only=True, help_text="In the request's language.")
    url = serializers.SerializerMethodField(help_text="The record's page in the portal.")
    is_task = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "area", "url", "is_task", "created_at", "read_at", "done_at"]
        read_only_fields = fields

    def get_url(self, notification) -> str:
        return self.context["request"].build_absolute_uri(notification.url)


class MarkAllReadSerializer(serializers.Serializer):
    up_to = serializers.IntegerField(min_value=1, help_text="The newest notification id you have seen.")
    marked = serializers.IntegerField(read_only=True)


FILTERS = [
    OpenApiParameter("area", str, enum=Area.values, description="One area's notifications."),
    OpenApiParameter("state", str, enum=["unread", "read"], description="Only unread, or only read ones."),
    OpenApiParameter("tab", str, enum=["todo", "info"], description="Only tasks still to do, or only the rest."),
]


@extend_schema_view(
    list=extend_schema(summary="Your notifications", description="Unread first, newest first.", parameters=FILTERS),
    retrieve=extend_schema(
        summary="One of your notifications", description="Another's is not found (404), as one that does not exist."
    ),
)
class NotificationViewSet(ReadOnlyViewSet):
    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema; rows come from `visible`

    def visible(self, user):
        if self.action == "list":
            # The inbox's own filter form: an unknown value filters nothing, as on the page.
            return selectors.notifications_for(user, **InboxFilterForm(self.request.query_params).filters())
        return selectors.notifications_for(user)

    @extend_schema(
        summary="Mark one read",
        description="Marking it again keeps the time it was first read.",
        request=None,
        responses=NotificationSerializer,
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(notification=self.get_object())
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        summary="Mark all read",
        description="Those up to `up_to` (the newest you were shown): what arrived since stays unread.",
        request=MarkAllReadSerializer,
        responses=MarkAllReadSerializer,
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        serializer = MarkAllReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        form = MarkAllReadForm(serializer.validated_data)
        form.is_valid()
        count = services.notifications_mark_all_read(user=request.user, up_to=form.cleaned_data["up_to"])
        return Response({"up_to": form.cleaned_data["up_to"], "marked": count})


def api_routes() -> list[registry.ApiRoute]:
    return [registry.ApiRoute("notifications", NotificationViewSet, "notification")]
