from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Model, Q, QuerySet

from .kinds import NotificationKind, task_kinds
from .models import (
    AreaMode,
    AreaSubscription,
    Channel,
    Notification,
    NotificationPreference,
    OutboxMessage,
    OutboxStatus,
)


def notifications_for(
    user, *, area: str | None = None, unread: bool | None = None, todo: bool | None = None
) -> QuerySet[Notification]:
    """The user's inbox, unread first, newest first; optionally one area, only (un)read ones, or only
    what is still to do (a task nobody has done yet) or only the rest, for information."""
    notifications = Notification.objects.filter(recipient=user)
    if todo is not None:
        still_to_do = Q(kind__in=task_kinds(), done_at__isnull=True)
        notifications = notifications.filter(still_to_do if todo else ~still_to_do)
    if area is not None:
        notifications = notifications.filter(area=area)
    if unread is not None:
        notifications = notifications.filter(read_at__isnull=unread)
    return notifications.annotate(
        unread=ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    ).order_by("-unread", "-created_at", "-pk")


def emailed_about(user, *, kinds: Iterable[NotificationKind], model: type[Model]) -> QuerySet:
    """The ids of the `model` records `user` was e-mailed about by one of `kinds` (delivered on the immediate
    channel): what their mailbox, and the calendar it feeds, may still hold."""
    return OutboxMessage.objects.filter(
        recipient_id=user.pk,
        kind__in=[kind.key for kind in kinds],
        target_type=ContentType.objects.get_for_model(model),
        status=OutboxStatus.SENT,
        channel=Channel.IMMEDIATE,
    ).values("target_id")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def unread_summary(user) -> tuple[int, int | None]:
    """How many are unread, and the newest unread one's id (None when nothing is): what "mark all as
    read" asks to confirm, and how far it then goes."""
    summary = Notification.objects.filter(recipient=user, read_at__isnull=True).aggregate(
        count=Count("pk"), newest=Max("pk")
    )
    return summary["count"], summary["newest"]


def chosen_channels(user) -> dict[str, Channel]:
    """The kinds the user has set explicitly."""
    return dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))


def area_modes(user) -> dict[str, AreaMode]:
    """The areas the user follows or mutes; the others are absent."""
    return dict(AreaSubscription.objects.filter(user=user).values_list("area", "mode"))


@dataclass(frozen=True)
class Preferences:
    """Everything that decides the channels of a set of users, read in three queries."""

    chosen: dict[tuple[int, str], str]
    muted: set[tuple[int, str]]
    roles: dict[int, frozenset[str]]

    def channel(self, user_id: int, *, kind: NotificationKind, area: str) -> Channel:
        if area and (user_id, area) in self.muted:
            return Channel.PORTAL
        chosen = self.chosen.get((user_id, kind.key))
        return Channel(chosen) if chosen else kind.default_for(self.roles.get(user_id, frozenset()))


def preferences_of(user_ids) -> Preferences:
    user_ids = list(user_ids)
    chosen = NotificationPreference.objects.filter(user_id__in=user_ids).values_list("user_id", "kind", "channel")
    muted = AreaSubscription.objects.filter(user_id__in=user_ids, mode=AreaMode.MUTE).values_list("user_id", "area")
    roles = defaultdict(set)
    memberships = get_user_model().groups.through.objects.filter(user_id__in=user_ids)
    for user_id, role in memberships.values_list("user_id", "group__name"):
        roles[user_id].add(role)
    return Preferences(
        chosen={(user_id, kind): channel for user_id, kind, channel in chosen},
        muted=set(muted),
        roles={user_id: frozenset(names) for user_id, names in roles.items()},
    )
