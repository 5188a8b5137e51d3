from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.notifications.kinds import area_kinds
from protocol.notifications.models import Channel
from protocol.parties.roles import Role

from .selectors import projects_visible_to

_kind = area_kinds(prefix="research", area=Area.RESEARCH, visible_to=projects_visible_to)


PROJECT_PROPOSED = _kind(
    "proposed",
    _("Research project proposed: “%(title)s” (plan version %(version)s)"),
    _("%(actor)s proposed the project's plan; the coordinators of both parties now approve it."),
    _("Research projects you are on, proposed"),
    default=Channel.DIGEST,
)
PLAN_APPROVAL_NEEDED = _kind(
    "approval_needed",
    _("Approve the plan of “%(title)s” for your party (version %(version)s)"),
    _("%(actor)s sent the plan for approval. Approve it for your party or request changes."),
    _("Research plans to approve"),
    default=Channel.DIGEST,
    role_defaults={Role.COORDINATOR: Channel.IMMEDIATE},
    task=True,
)
PLAN_APPROVED = _kind(
    "approved",
    _("The plan of “%(title)s” is approved by both parties (version %(version)s)"),
    _("It is the project's baseline now."),
    _("Research plans approved by both parties"),
    default=Channel.DIGEST,
)
PLAN_CHANGES_REQUESTED = _kind(
    "changes_requested",
    _("Changes requested to the plan of “%(title)s”"),
    _("%(actor)s: %(comment)s"),
    _("Changes requested to a research plan"),
    task=True,
)
DELIVERABLE_SUBMITTED = _kind(
    "deliverable_submitted",
    _("Deliverable to accept: “%(deliverable)s” of “%(title)s”"),
    _("%(actor)s submitted version %(number)s of its file. Accept it for your party or request fixes."),
    _("Deliverables to accept"),
    task=True,
)
DELIVERABLE_ACCEPTED = _kind(
    "deliverable_accepted",
    _("Accepted by both parties: “%(deliverable)s” of “%(title)s”"),
    _("Version %(number)s of its file is accepted and locked."),
    _("Deliverables accepted by both parties"),
    default=Channel.DIGEST,
)
DELIVERABLE_FIXES_REQUESTED = _kind(
    "fixes_requested",
    _("Fixes requested to “%(deliverable)s” of “%(title)s”"),
    _("%(actor)s: %(comment)s"),
    _("Fixes requested to a deliverable"),
    task=True,
)
MILESTONE_DUE_SOON = _kind(
    "milestone_due_soon_reminder",
    _("Reminder: the milestone “%(milestone)s” of “%(title)s” is due on %(due)s"),
    _("Mark it done on the project's page when it is."),
    _("Reminder: your milestones due in a week"),
    task=True,
)
MILESTONE_DUE_TODAY = _kind(
    "milestone_due_today_reminder",
    _("Reminder: the milestone “%(milestone)s” of “%(title)s” is due today"),
    _("Mark it done on the project's page when it is."),
    _("Reminder: your milestones due today"),
    task=True,
)
MILESTONE_OVERDUE = _kind(
    "milestone_overdue_reminder",
    _("Overdue: the milestone “%(milestone)s” of “%(title)s” (%(owner)s) was due on %(due)s"),
    _("It is a week overdue; the project's coordinators are told too."),
    _("Escalation: research milestones a week overdue"),
    task=True,
)

MILESTONE_REMINDERS = [MILESTONE_DUE_SOON, MILESTONE_DUE_TODAY, MILESTONE_OVERDUE]
