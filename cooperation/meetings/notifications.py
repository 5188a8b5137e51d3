from django.utils.translation import gettext_lazy as _

from protocol.notifications.kinds import NotificationKind, register

from . import ics
from .models import MeetingStatus
from .selectors import meetings_visible_to


def _invitation(method: str):
    def attach(meeting, params) -> list[tuple[str, bytes, str]]:
        # Delivered late (a retry) after a cancellation, an invitation must not bring the meeting back.
        sent = "CANCEL" if meeting.status == MeetingStatus.CANCELLED else method
        return [("invite.ics", ics.invitation(meeting, method=sent), f"text/calendar; method={sent}")]

    return attach


MEETING_INVITED = register(
    NotificationKind(
        key="meeting.invited",
        subject=_("Invitation: “%(title)s”, %(when)s"),
        body=_("%(actor)s invites you. Please answer in the portal; the attached invitation adds it to your calendar."),
        visible_to=meetings_visible_to,
        attachments=_invitation("REQUEST"),
    )
)
MEETING_UPDATED = register(
    NotificationKind(
        key="meeting.updated",
        subject=_("Changed: “%(title)s”, %(when)s"),
        body=_("%(actor)s changed the meeting. The attached invitation replaces the earlier one."),
        visible_to=meetings_visible_to,
        attachments=_invitation("REQUEST"),
    )
)
MEETING_CANCELLED = register(
    NotificationKind(
        key="meeting.cancelled",
        subject=_("Cancelled: “%(title)s”, %(when)s"),
        body=_("%(actor)s cancelled the meeting. The attachment removes it from your calendar."),
        visible_to=meetings_visible_to,
        attachments=_invitation("CANCEL"),
    )
)
MINUTES_SUBMITTED = register(
    NotificationKind(
        key="minutes.submitted",
        subject=_("Minutes of “%(title)s” are waiting for your review (revision %(revision)s)"),
        body=_("%(actor)s submitted the minutes. Approve them for your party or request changes."),
        visible_to=meetings_visible_to,
    )
)
MINUTES_CHANGES_REQUESTED = register(
    NotificationKind(
        key="minutes.changes_requested",
        subject=_("Changes requested to the minutes of “%(title)s”"),
        body=_("%(actor)s: %(comment)s"),
        visible_to=meetings_visible_to,
    )
)
MINUTES_APPROVED = register(
    NotificationKind(
        key="minutes.approved",
        subject=_("The minutes of “%(title)s” are approved by both parties"),
        body=_("The approved minutes and their PDF are on the meeting's page."),
        visible_to=meetings_visible_to,
    )
)
ACTION_ASSIGNED = register(
    NotificationKind(
        key="meeting.action_assigned",
        subject=_("Action for you from “%(title)s”: %(action)s (due %(due)s)"),
        body=_("%(actor)s assigned you this action item."),
        visible_to=meetings_visible_to,
    )
)
