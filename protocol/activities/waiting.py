"""What waits in the ledger, for the dashboard's one panel (protocol.waiting): for a coordinator, the other
party's activities to confirm; and, among their party's overdue items, its own activities left unconfirmed."""

from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from protocol.registry import Waiting
from protocol.waiting import waiting_rows

from . import selectors
from .models import Status
from .reminders import CONFIRMATION_REMINDER_DAYS


def _list_url() -> str:
    return f"{reverse('activities:list')}?{urlencode({'status': Status.LOGGED})}"


def waiting(user) -> list[Waiting]:
    if not user.is_coordinator:
        return []
    return waiting_rows(
        selectors.activities_awaiting_confirmation_by(user),
        area=None,
        what=_("Confirm the activity"),
        since="logged_at",
        title=lambda activity: activity.title,
        list_url=_list_url(),
    )


def overdue(user) -> list[Waiting]:
    """Logged a week ago (when the other party's coordinators are reminded) and still unconfirmed."""
    logged_before = timezone.now() - timedelta(days=CONFIRMATION_REMINDER_DAYS)
    return waiting_rows(
        selectors.activities_unconfirmed_of_party(user, logged_before=logged_before),
        area=None,
        what=_("Activity unconfirmed by the other party"),
        since="logged_at",
        title=lambda activity: activity.title,
        list_url=_list_url(),
    )
