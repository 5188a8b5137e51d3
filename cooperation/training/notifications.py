from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.calendar import invitation_attachments, withdrawal_kind
from protocol.notifications.kinds import area_kinds
from protocol.notifications.models import Channel
from protocol.parties.roles import Role

from . import ics
from .models import TrainingSession
from .selectors import sessions_visible_to

_kind = area_kinds(prefix="training", area=Area.TRAINING, visible_to=sessions_visible_to)


ENROLLED = _kind(
    "enrolled",
    _("Enrolled: “%(title)s”, %(when)s"),
    _("Your seat is confirmed. The attached invitation adds the session to your calendar."),
    _("Enrolment confirmed"),
    attachments=invitation_attachments("REQUEST", ics.invitation_event),
)
WAITLISTED = _kind(
    "waitlisted",
    _("On the waitlist: “%(title)s”, %(when)s"),
    _("Your party's seats are taken: you are number %(position)s on its waitlist, told when a seat is free."),
    _("On a waitlist"),
)
PROMOTED = _kind(
    "promoted",
    _("A seat is yours: “%(title)s”, %(when)s"),
    _("A seat was freed and you were first on the waitlist."),
    _("Promoted from a waitlist"),
    attachments=invitation_attachments("REQUEST", ics.invitation_event),
)
APPROVAL_NEEDED = _kind(
    "approval_needed",
    _("Enrolment to approve: %(person)s for “%(title)s”, %(when)s"),
    _("Approve or decline the enrolment of your party's staff."),
    _("Enrolments to approve"),
    default=Channel.DIGEST,
    role_defaults={Role.COORDINATOR: Channel.IMMEDIATE},
    task=True,
)
APPROVED = _kind(
    "approved",
    _("Enrolment approved: “%(title)s”, %(when)s"),
    _("%(actor)s approved your enrolment."),
    _("Enrolment approved"),
    attachments=invitation_attachments("REQUEST", ics.invitation_event),
)
DECLINED = _kind(
    "declined",
    _("Enrolment declined: “%(title)s”, %(when)s"),
    _("%(actor)s: %(comment)s"),
    _("Enrolment declined"),
)
SESSION_CHANGED = _kind(
    "session_changed",
    _("Changed: “%(title)s”, %(when)s"),
    _("The session was changed. The attached invitation replaces the earlier one."),
    _("Changes to your training sessions"),
    attachments=invitation_attachments("REQUEST", ics.invitation_event),
)


def _sessions_list(session) -> str:
    return reverse("training:list")


# For the other party's staff enrolled on the sessions of a course made internal (services.course_update).
SESSION_WITHDRAWN = withdrawal_kind(
    key="training.session_withdrawn",
    subject=_("A training session invitation was withdrawn"),
    area=Area.TRAINING,
    rows=TrainingSession.objects.select_related("created_by", "course"),
    visible_to=sessions_visible_to,
    invitations=[ENROLLED, PROMOTED, APPROVED, SESSION_CHANGED],
    event_of=ics.invitation_event,
    link=_sessions_list,
)
SESSION_CANCELLED = _kind(
    "session_cancelled",
    _("Cancelled: “%(title)s”, %(when)s"),
    _("The session is cancelled. The attachment removes it from your calendar."),
    _("Cancelled training sessions"),
    attachments=invitation_attachments("CANCEL", ics.invitation_event),
)
SESSION_TOMORROW = _kind(
    "tomorrow_reminder",
    _("Reminder: “%(title)s” is tomorrow, %(when)s"),
    _("The place, the link and the materials are on the session's page."),
    _("Reminder: your training sessions tomorrow"),
)
FEEDBACK_REQUESTED = _kind(
    "feedback_requested",
    _("How was “%(title)s”? Your feedback, please"),
    _("A few ratings and a comment; trainers see only the totals, never who said what."),
    _("Feedback on sessions you attended"),
    default=Channel.DIGEST,
    task=True,
)
CERTIFICATE_ISSUED = _kind(
    "certificate_issued",
    _("Your certificate for “%(title)s”"),
    _("Download it from the session's page; its code lets anyone verify it."),
    _("Training certificates"),
    default=Channel.DIGEST,
)
