from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.notifications.kinds import NotificationKind, register
from protocol.notifications.models import Channel
from protocol.parties.roles import Role

from .models import Confidentiality
from .selectors import documents_visible_to


def _area_of(document) -> str:
    return document.area


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
        label=_("New documents shared with your party"),
        area=Area.DOCUMENTS,
        area_of=_area_of,
        default=Channel.DIGEST,
        role_defaults={Role.DOCUMENT_ADMIN: Channel.IMMEDIATE},
    )
)
ACCESS_REQUESTED = register(
    NotificationKind(
        key="document.access_requested",
        subject=_("%(actor)s asks to download “%(title)s”"),
        body=_("Reason given: %(reason)s"),
        visible_to=documents_visible_to,
        label=_("Requests to download your party's documents"),
        area=Area.DOCUMENTS,
        area_of=_area_of,
        task=True,
    )
)
ACCESS_GRANTED = register(
    NotificationKind(
        key="document.access_granted",
        subject=_("You may now download “%(title)s”"),
        body=_("%(actor)s granted your request. %(comment)s"),
        visible_to=documents_visible_to,
        label=_("Your download requests granted"),
        area=Area.DOCUMENTS,
        area_of=_area_of,
    )
)
ACCESS_REFUSED = register(
    NotificationKind(
        key="document.access_refused",
        subject=_("Your request to download “%(title)s” was refused"),
        body=_("%(actor)s: %(comment)s"),
        visible_to=documents_visible_to,
        label=_("Your download requests refused"),
        area=Area.DOCUMENTS,
        area_of=_area_of,
    )
)
