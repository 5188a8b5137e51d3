from django.utils.translation import gettext_lazy as _

from protocol.notifications.kinds import NotificationKind, register

from .selectors import activities_visible_to

ACTIVITY_LOGGED = register(
    NotificationKind(
        key="activity.logged",
        subject=_("%(actor)s logged “%(title)s” — please confirm it"),
        body=_("As a coordinator of your party, please confirm this joint activity or return it with a comment."),
        visible_to=activities_visible_to,
    )
)
ACTIVITY_CONFIRMED = register(
    NotificationKind(
        key="activity.confirmed",
        subject=_("%(actor)s confirmed “%(title)s”"),
        body=_("The other party confirmed the activity you logged. It is now locked."),
        visible_to=activities_visible_to,
    )
)
ACTIVITY_RETURNED = register(
    NotificationKind(
        key="activity.returned",
        subject=_("%(actor)s returned “%(title)s”"),
        body=_("Comment: %(comment)s"),
        visible_to=activities_visible_to,
    )
)
