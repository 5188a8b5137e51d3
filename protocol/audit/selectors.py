from django.db.models import QuerySet

from .models import Entry
from .permissions import can_read_trail


def trail_for(user) -> QuerySet[Entry]:
    """The whole trail for a portal admin, nothing for anyone else; newest first, with who and what joined."""
    if not can_read_trail(user):
        return Entry.objects.none()
    return Entry.objects.select_related("actor__party", "content_type").order_by("-timestamp", "-id")
