"""What waits in training, for the dashboard's one panel (protocol.waiting): for a coordinator, their party's
enrolments to approve and the attendance of their staff on the other party's sessions to countersign."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from protocol.areas import Area
from protocol.registry import Waiting
from protocol.waiting import waiting_rows

from . import selectors


def _session(session) -> str:
    return f"{session.course.titles.first}, {date_format(timezone.localdate(session.starts_at))}"


def waiting(user) -> list[Waiting]:
    return [
        *waiting_rows(
            selectors.enrolments_to_decide(user),
            area=Area.TRAINING,
            what=_("Approve the enrolment"),
            since="queued_at",
            title=lambda enrolment: f"{enrolment.user.full_name} — {_session(enrolment.session)}",
            url=lambda enrolment: reverse("training:enrolment_decide", args=[enrolment.pk]),
            list_url=f"{reverse('training:list')}?scope=approve",
        ),
        *waiting_rows(
            selectors.sessions_to_countersign(user),
            area=Area.TRAINING,
            what=_("Countersign the attendance"),
            since="ends_at",
            title=_session,
            url=lambda session: reverse("training:countersign", args=[session.pk]),
            list_url=f"{reverse('training:list')}?scope=past",
        ),
    ]
