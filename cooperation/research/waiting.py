"""What waits in joint research, for the dashboard's one panel (protocol.waiting): plans to approve (a
coordinator), deliverables to accept (a PI); for a coordinator, their party's overdue milestones."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from protocol.areas import Area
from protocol.registry import Waiting
from protocol.waiting import waiting_rows

from . import selectors


def _awaiting_list() -> str:
    return f"{reverse('research:list')}?scope=awaiting"


def waiting(user) -> list[Waiting]:
    return [
        *waiting_rows(
            selectors.plans_to_approve(user),
            area=Area.RESEARCH,
            what=_("Approve the research plan"),
            since="plan_version__proposed_at",
            title=lambda project: project.titles.first,
            url=lambda project: reverse("research:plan_version", args=[project.pk, project.plan_version.number]),
            list_url=_awaiting_list(),
        ),
        *waiting_rows(
            selectors.deliverables_to_accept(user),
            area=Area.RESEARCH,
            what=_("Accept the deliverable"),
            since="submitted_at",
            title=lambda deliverable: f"{deliverable.title} ({deliverable.project.titles.first})",
            url=lambda item: reverse("research:deliverable_review", args=[item.project_id, item.pk]),
            list_url=_awaiting_list(),
        ),
    ]


def overdue(user) -> list[Waiting]:
    return waiting_rows(
        selectors.milestones_overdue_for_party(user, today=timezone.localdate()),
        area=Area.RESEARCH,
        what=_("Milestone overdue"),
        since="due_date",
        due="due_date",
        title=lambda milestone: f"{milestone.title} ({milestone.owner.full_name})",
        url=lambda milestone: milestone.project.get_absolute_url(),
        list_url=reverse("research:list"),
    )
