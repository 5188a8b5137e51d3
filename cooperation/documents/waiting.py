"""What waits in the library, for the dashboard's one panel (protocol.waiting): for a document admin, the other
party's requests for access to their party's documents."""

from django.utils.translation import gettext as _

from protocol.areas import Area
from protocol.registry import Waiting
from protocol.waiting import waiting_rows

from . import selectors


def waiting(user) -> list[Waiting]:
    return waiting_rows(
        selectors.access_requests_awaiting(user),
        area=Area.DOCUMENTS,
        what=_("Decide the access request"),
        since="created_at",
        title=lambda access: f"{access.document.title} — {access.requester.name_with_party}",
        url=lambda access: access.document.get_absolute_url(),
    )
