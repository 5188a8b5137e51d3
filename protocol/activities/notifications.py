from django.utils.translation import gettext_lazy as _

from protocol.notifications.kinds import NotificationKind, register
from protocol.notifications.models import Channel

from .selectors import activities_visible_to


def _area_of(activity) -> str:
    return activity.area


ACTIVITY_LOGGED = register(
    NotificationKind(
        key="activity.logged",
        subject=_("%(actor)s logged “%(title)s” — please confirm it"),
        body=_("As a coordinator of your party, please confirm this joint activity or return it with a comment."),
        visible_to=activities_visible_to,
        label=_("Activities for you to confirm"),
        area_of=_area_of,
        task=True,
    )
)
ACTIVITY_CONFIRMED = register(
    NotificationKind(
        key="activity.confirmed",
        subject=_("%(actor)s confirmed “%(title)s”"),
        body=_("The other party confirmed the activity you logged. It is now locked."),
        visible_to=activities_visible_to,
        label=_("Your activities confirmed by the other party"),
        area_of=_area_of,
        default=Channel.DIGEST,
    )
)
ACTIVITY_RETURNED = register(
    NotificationKind(
        key="activity.returned",
        subject=_("%(actor)s returned “%(title)s”"),
        body=_("Comment: %(comment)s"),
        visible_to=activities_visible_to,
        label=_("Your activities returned with a comment"),
        area_of=_area_of,
        task=True,
    )
)
ACTIVITY_UNCONFIRMED = register(
    NotificationKind(
        key="activity.unconfirmed_reminder",
        subject=_("Reminder: “%(title)s” has waited %(days)s days for your party's confirmation"),
        body=_("%(actor)s logged it. Please confirm it or return it with a comment."),
        visible_to=activities_visible_to,
        label=_("Reminder: activities still waiting for confirmation"),
        area_of=_area_of,
        task=True,
    )
)
