"""What project support reminds people of; beat runs these through the notifications app, each once."""

from collections.abc import Iterator
from datetime import datetime, timedelta

from protocol.notifications.reminders import Due, reminder

from .models import IN_REVIEW, Application, ApplicationStatus, Review
from .notifications import CALL_CLOSING, DECISION_PENDING, REVIEW_PENDING
from .selectors import coordinators_of_organiser

CLOSING_SOON = timedelta(days=3)
REVIEWS_LATE = timedelta(days=3)
DECISION_LATE = timedelta(days=7)


def _params(application: Application) -> dict:
    return {
        "applicant": application.applicant.full_name,
        "call": application.call.title,
        "project": application.call.project.title,
        "when": application.call.closes_at.isoformat(),
    }


def _applications():
    return Application.objects.select_related("applicant", "call", "call__project")


@reminder
def calls_closing(*, now: datetime) -> Iterator[Due]:
    """Whoever started an application and has not submitted it, when the call closes within three days."""
    drafts = _applications().filter(
        status=ApplicationStatus.DRAFT, call__closes_at__gt=now, call__closes_at__lte=now + CLOSING_SOON
    )
    for application in drafts:
        yield Due(
            kind=CALL_CLOSING,
            recipients=[application.applicant],
            target=application,
            params=_params(application),
            dedupe_key=f"projects-closing:{application.pk}:{application.call.closes_at.isoformat()}",
        )


@reminder
def reviews_pending(*, now: datetime) -> Iterator[Due]:
    """The call's reviewers who have not submitted their review three days after the deadline."""
    applications = _applications().filter(status__in=IN_REVIEW, call__closes_at__lte=now - REVIEWS_LATE)
    for application in applications.prefetch_related("call__reviewers"):
        done = Review.objects.filter(application=application, submitted_at__isnull=False).values("reviewer_id")
        missing = application.call.reviewers.filter(is_active=True).exclude(pk__in=done)
        if missing:
            yield Due(
                kind=REVIEW_PENDING,
                recipients=list(missing),
                target=application,
                params=_params(application),
                dedupe_key=f"projects-review-pending:{application.pk}",
            )


@reminder
def decisions_pending(*, now: datetime) -> Iterator[Due]:
    """The organiser's coordinators, for an application still undecided a week after the deadline."""
    undecided = _applications().filter(status=ApplicationStatus.SUBMITTED, call__closes_at__lte=now - DECISION_LATE)
    for application in undecided:
        yield Due(
            kind=DECISION_PENDING,
            recipients=list(coordinators_of_organiser(application.call.project)),
            target=application,
            params=_params(application),
            dedupe_key=f"projects-decision-pending:{application.pk}",
        )
