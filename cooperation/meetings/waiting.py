"""What waits in the communication mechanism, for the dashboard's one panel (protocol.waiting): minutes to write
or review, the reader's action items due soon or overdue; for a coordinator, their party's overdue items."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from protocol.areas import Area
from protocol.registry import Waiting
from protocol.visibility import has_party
from protocol.waiting import waiting_rows

from . import selectors
from .reminders import DUE_SOON_DAYS


def waiting(user) -> list[Waiting]:
    if not has_party(user):
        return []
    today = timezone.localdate()
    meetings = reverse("meetings:list")
    actions = reverse("meetings:actions")
    return [
        *waiting_rows(
            selectors.minutes_to_write(user),
            area=Area.COMMUNICATION,
            what=_("Write the minutes"),
            since="starts_at",
            title=lambda meeting: meeting.title,
            url=lambda meeting: reverse("meetings:minutes", args=[meeting.pk]),
            list_url=f"{meetings}?scope=mine",
        ),
        *waiting_rows(
            selectors.minutes_to_review(user),
            area=Area.COMMUNICATION,
            what=_("Review the minutes"),
            since="current_revision__submitted_at",
            title=lambda minutes: minutes.meeting.title,
            list_url=f"{meetings}?scope=past",
        ),
        *waiting_rows(
            selectors.action_items_due_for(user, today=today, within_days=DUE_SOON_DAYS),
            area=Area.COMMUNICATION,
            what=_("Do the action item"),
            since="created_at",
            due="due_date",
            title=lambda item: item.description,
            url=lambda item: actions,
            list_url=actions,
        ),
    ]


def overdue(user) -> list[Waiting]:
    actions = reverse("meetings:actions")
    return waiting_rows(
        selectors.action_items_overdue_for_party(user, today=timezone.localdate()),
        area=Area.COMMUNICATION,
        what=_("Action item overdue"),
        since="created_at",
        due="due_date",
        title=lambda item: f"{item.description} ({item.owner.full_name})",
        url=lambda item: item.meeting.get_absolute_url(),
        list_url=actions,
    )
