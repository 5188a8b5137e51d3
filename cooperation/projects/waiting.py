"""What waits in project support, for the dashboard's one panel (protocol.waiting): applications to review (a
reviewer) or decide and contributions to confirm (a coordinator); for a coordinator, decisions pending a week
after the call's deadline."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from protocol.areas import Area
from protocol.registry import Waiting
from protocol.waiting import waiting_rows

from . import selectors
from .reminders import DECISION_LATE


def _application(application) -> str:
    return f"{application.applicant.full_name} — {application.call.title}"


def waiting(user) -> list[Waiting]:
    return [
        *waiting_rows(
            selectors.applications_to_review(user),
            area=Area.PROJECTS,
            what=_("Review the application"),
            since="submitted_at",
            title=_application,
            url=lambda application: reverse("projects:review", args=[application.pk]),
            list_url=reverse("projects:to_review"),
        ),
        *waiting_rows(
            selectors.applications_to_decide(user),
            area=Area.PROJECTS,
            what=_("Decide on the application"),
            since="submitted_at",
            title=_application,
            url=lambda application: reverse("projects:decide", args=[application.pk]),
            list_url=reverse("projects:to_decide"),
        ),
        *waiting_rows(
            selectors.contributions_to_confirm(user),
            area=Area.PROJECTS,
            what=_("Confirm the contribution"),
            since="created_at",
            title=lambda contribution: f"{contribution.participant.user.full_name} — {contribution.project.title}",
            url=lambda contribution: reverse("projects:contribution_confirm", args=[contribution.pk]),
            list_url=reverse("projects:to_confirm"),
        ),
    ]


def overdue(user) -> list[Waiting]:
    """Undecided a week after the call's deadline, when the coordinators are reminded."""
    return waiting_rows(
        selectors.applications_to_decide(user).filter(call__closes_at__lte=timezone.now() - DECISION_LATE),
        area=Area.PROJECTS,
        what=_("Decision pending"),
        since="call__closes_at",
        title=_application,
        url=lambda application: reverse("projects:decide", args=[application.pk]),
        list_url=reverse("projects:to_decide"),
    )
