from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.calendar import invitation_attachments, withdrawal_kind
from protocol.notifications.kinds import NotificationKind, register
from protocol.notifications.models import Channel
from protocol.parties.roles import Role

from . import ics
from .models import Meeting
from .selectors import meetings_visible_to

MEETING_INVITED = register(
    NotificationKind(
        key="meeting.invited",
        subject=_("Invitation: “%(title)s”, %(when)s"),
        body=_("%(actor)s invites you. Please answer in the portal; the attached invitation adds it to your calendar."),
        visible_to=meetings_visible_to,
        attachments=invitation_attachments("REQUEST", ics.invitation_event),
        label=_("Meeting invitations"),
        area=Area.COMMUNICATION,
        task=True,
    )
)
MEETING_UPDATED = register(
    NotificationKind(
        key="meeting.updated",
        subject=_("Changed: “%(title)s”, %(when)s"),
        body=_("%(actor)s changed the meeting. The attached invitation replaces the earlier one."),
        visible_to=meetings_visible_to,
        attachments=invitation_attachments("REQUEST", ics.invitation_event),
        label=_("Changes to your meetings"),
        area=Area.COMMUNICATION,
    )
)
MEETING_CANCELLED = register(
    NotificationKind(
        key="meeting.cancelled",
        subject=_("Cancelled: “%(title)s”, %(when)s"),
        body=_("%(actor)s cancelled the meeting. The attachment removes it from your calendar."),
        visible_to=meetings_visible_to,
        attachments=invitation_attachments("CANCEL", ics.invitation_event),
        label=_("Cancelled meetings"),
        area=Area.COMMUNICATION,
    )
)


def _meetings_list(meeting) -> str:
    return reverse("meetings:list")


# For the other party's attendees of a meeting made internal (services.meeting_update).
MEETING_WITHDRAWN = withdrawal_kind(
    key="meeting.withdrawn",
    subject=_("A meeting invitation was withdrawn"),
    area=Area.COMMUNICATION,
    rows=Meeting.objects.select_related("created_by"),
    visible_to=meetings_visible_to,
    invitations=[MEETING_INVITED, MEETING_UPDATED],
    event_of=ics.invitation_event,
    link=_meetings_list,
)
MINUTES_SUBMITTED = register(
    NotificationKind(
        key="minutes.submitted",
        subject=_("Minutes of “%(title)s” are waiting for your review (revision %(revision)s)"),
        body=_("%(actor)s submitted the minutes. Approve them for your party or request changes."),
        visible_to=meetings_visible_to,
        label=_("Minutes to review"),
        area=Area.COMMUNICATION,
        default=Channel.DIGEST,
        role_defaults={Role.COORDINATOR: Channel.IMMEDIATE},
        task=True,
    )
)
MINUTES_CHANGES_REQUESTED = register(
    NotificationKind(
        key="minutes.changes_requested",
        subject=_("Changes requested to the minutes of “%(title)s”"),
        body=_("%(actor)s: %(comment)s"),
        visible_to=meetings_visible_to,
        label=_("Changes requested to minutes"),
        area=Area.COMMUNICATION,
        task=True,
    )
)
MINUTES_APPROVED = register(
    NotificationKind(
        key="minutes.approved",
        subject=_("The minutes of “%(title)s” are approved by both parties"),
        body=_("The approved minutes and their PDF are on the meeting's page."),
        visible_to=meetings_visible_to,
        label=_("Minutes approved by both parties"),
        area=Area.COMMUNICATION,
        default=Channel.DIGEST,
    )
)
ACTION_ASSIGNED = register(
    NotificationKind(
        key="meeting.action_assigned",
        subject=_("Action for you from “%(title)s”: %(action)s (due %(due)s)"),
        body=_("%(actor)s assigned you this action item."),
        visible_to=meetings_visible_to,
        label=_("Action items assigned to you"),
        area=Area.COMMUNICATION,
        task=True,
    )
)
MEETING_TOMORROW = register(
    NotificationKind(
        key="meeting.tomorrow_reminder",
        subject=_("Reminder: “%(title)s” is tomorrow, %(when)s"),
        body=_("The agenda and materials are on the meeting's page."),
        visible_to=meetings_visible_to,
        label=_("Reminder: your meetings tomorrow"),
        area=Area.COMMUNICATION,
    )
)
ACTION_DUE_SOON = register(
    NotificationKind(
        key="meeting.action_due_soon_reminder",
        subject=_("Reminder: your action “%(action)s” is due on %(due)s"),
        body=_("From the meeting “%(title)s”. Mark it done in the portal when it is."),
        visible_to=meetings_visible_to,
        label=_("Reminder: your action items due in three days"),
        area=Area.COMMUNICATION,
        task=True,
    )
)
ACTION_DUE_TODAY = register(
    NotificationKind(
        key="meeting.action_due_today_reminder",
        subject=_("Reminder: your action “%(action)s” is due today"),
        body=_("From the meeting “%(title)s”. Mark it done in the portal when it is."),
        visible_to=meetings_visible_to,
        label=_("Reminder: your action items due today"),
        area=Area.COMMUNICATION,
        task=True,
    )
)
ACTION_OVERDUE = register(
    NotificationKind(
        key="meeting.action_overdue_reminder",
        subject=_("Overdue: “%(action)s” (%(owner)s) was due on %(due)s"),
        body=_("From the meeting “%(title)s”. It is a week overdue; your party's coordinators are told too."),
        visible_to=meetings_visible_to,
        label=_("Escalation: action items a week overdue"),
        area=Area.COMMUNICATION,
        task=True,
    )
)
MINUTES_WAITING = register(
    NotificationKind(
        key="minutes.review_reminder",
        subject=_("Reminder: the minutes of “%(title)s” have waited %(days)s days for your party's review"),
        body=_("Approve them for your party or request changes."),
        visible_to=meetings_visible_to,
        label=_("Reminder: minutes still waiting for your review"),
        area=Area.COMMUNICATION,
        task=True,
    )
)
