"""What project support tells people. Notices about an application follow the application's visibility (its
applicant, team, reviewers and the organiser's coordinators), the others the project's."""

from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.notifications.kinds import area_kinds
from protocol.notifications.models import Channel
from protocol.parties.roles import Role

from .selectors import applications_visible_to, projects_visible_to

_about_application = area_kinds(prefix="projects", area=Area.PROJECTS, visible_to=applications_visible_to)
_about_project = area_kinds(prefix="projects", area=Area.PROJECTS, visible_to=projects_visible_to)


REVIEW_REQUESTED = _about_application(
    "review_requested",
    _("Application to review: %(applicant)s for “%(call)s”"),
    _("Score each criterion of the call from 1 to 5. You see the other reviewers' scores once yours is submitted."),
    _("Applications to review"),
    default=Channel.IMMEDIATE,
    task=True,
)
DECISION_NEEDED = _about_application(
    "decision_needed",
    _("Reviews complete: %(applicant)s for “%(call)s”"),
    _("Every reviewer has scored the application (average %(average)s). Accept, waitlist or decline it."),
    _("Applications to decide"),
    default=Channel.DIGEST,
    role_defaults={Role.COORDINATOR: Channel.IMMEDIATE},
    task=True,
)
ACCEPTED = _about_application(
    "accepted",
    _("Accepted: your application to “%(call)s”"),
    _("%(actor)s accepted your application: you take part in “%(project)s”. %(comment)s"),
    _("Applications accepted"),
)
WAITLISTED = _about_application(
    "waitlisted",
    _("Waitlisted: your application to “%(call)s”"),
    _("%(actor)s put your application on the waitlist; you will hear if a place becomes free. %(comment)s"),
    _("Applications waitlisted"),
)
DECLINED = _about_application(
    "declined",
    _("Declined: your application to “%(call)s”"),
    _("%(actor)s declined your application: %(comment)s"),
    _("Applications declined"),
)
CALL_CLOSING = _about_application(
    "call_closing",
    _("“%(call)s” closes %(when)s: your application is not submitted"),
    _("A draft is not an application: submit it before the deadline, or it will not be considered."),
    _("Reminder: calls closing with your application unsubmitted"),
    task=True,
)
REVIEW_PENDING = _about_application(
    "review_pending",
    _("Review overdue: %(applicant)s for “%(call)s”"),
    _("The call closed three days ago and your review is not submitted yet."),
    _("Reminder: reviews pending after the deadline"),
    task=True,
)
DECISION_PENDING = _about_application(
    "decision_pending",
    _("Decision pending a week: %(applicant)s for “%(call)s”"),
    _("The call closed a week ago; the applicant is waiting for your decision."),
    _("Reminder: decisions pending a week"),
    task=True,
)
CONTRIBUTION_RECORDED = _about_project(
    "contribution_recorded",
    _("Contribution to confirm: %(person)s for “%(title)s”"),
    _("%(kind)s on %(due)s: confirm it, or ask for changes. Once confirmed it enters the activity ledger."),
    _("Contributions to confirm"),
    default=Channel.DIGEST,
    role_defaults={Role.COORDINATOR: Channel.IMMEDIATE},
    task=True,
)
CONTRIBUTION_CONFIRMED = _about_project(
    "contribution_confirmed",
    _("Contribution confirmed: “%(title)s”"),
    _("%(actor)s confirmed your contribution (%(kind)s on %(due)s); it is in the activity ledger."),
    _("Contributions confirmed"),
    default=Channel.DIGEST,
)
CONTRIBUTION_RETURNED = _about_project(
    "contribution_returned",
    _("Changes asked for: your contribution to “%(title)s”"),
    _("%(actor)s: %(comment)s"),
    _("Contributions returned for changes"),
)
