from django.utils.translation import gettext_lazy as _

from protocol.notifications.kinds import NotificationKind, register

from .models import Confidentiality
from .selectors import documents_visible_to


def _level_in_words(params: dict) -> dict:
    level = params.get("level")
    return params | {"level": Confidentiality(level).label} if level in Confidentiality.values else params


DOCUMENT_SHARED = register(
    NotificationKind(
        key="document.shared",
        subject=_("%(party)s shared a document: “%(title)s”"),
        body=_("A new document is in the library for your party: %(level)s."),
        visible_to=documents_visible_to,
        localise=_level_in_words,
    )
)
ACCESS_REQUESTED = register(
    NotificationKind(
        key="document.access_requested",
        subject=_("%(actor)s asks to download “%(title)s”"),
        body=_("Reason given: %(reason)s"),
        visible_to=documents_visible_to,
    )
)
ACCESS_GRANTED = register(
    NotificationKind(
        key="document.access_granted",
        subject=_("You may now download “%(title)s”"),
        body=_("%(actor)s granted your request. %(comment)s"),
        visible_to=documents_visible_to,
    )
)
ACCESS_REFUSED = register(
    NotificationKind(
        key="document.access_refused",
        subject=_("Your request to download “%(title)s” was refused"),
        body=_("%(actor)s: %(comment)s"),
        visible_to=documents_visible_to,
    )
)
