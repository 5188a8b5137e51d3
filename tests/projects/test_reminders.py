"""What beat reminds people of in project support: a call closing with a draft unsubmitted, reviews late after
the deadline, decisions pending a week; each once however often beat runs."""

from datetime import timedelta

import pytest
import time_machine

from cooperation.projects import services
from protocol.notifications.models import OutboxMessage
from protocol.notifications.reminders import reminders_send

pytestmark = pytest.mark.usefixtures("english")


def reminded(kind: str) -> list[str]:
    return sorted(OutboxMessage.objects.filter(kind=f"projects.{kind}").values_list("recipient__username", flat=True))


def beat(at, *, times: int = 2) -> None:
    """Beat runs every reminder, at `at` and again an hour later."""
    for run in range(times):
        with time_machine.travel(at + timedelta(hours=run), tick=False):
            reminders_send()


def test_three_days_before_the_deadline_only_the_draft_applicants_are_reminded_once(
    call, cas_official, cas_applicant, apply
):
    apply(call, cas_official)  # submitted: nothing to remind of
    draft = apply(call, cas_applicant, submit=False)

    beat(call.closes_at - timedelta(days=3, hours=2))
    assert reminded("call_closing") == []

    beat(call.closes_at - timedelta(days=2))
    assert reminded("call_closing") == ["cas_applicant"]
    row = OutboxMessage.objects.get(kind="projects.call_closing")
    assert row.target == draft
    assert row.params["call"] == "征集专利分析专家" and row.params["when"] == call.closes_at.isoformat()


def test_a_draft_submitted_meanwhile_is_not_reminded_of(call, cas_applicant, apply):
    draft = apply(call, cas_applicant, submit=False)
    services.application_update(
        application=draft, by=cas_applicant, fields=services.ApplicationFields("Motivation.", "Days."), submit=True
    )
    beat(call.closes_at - timedelta(days=1))
    assert reminded("call_closing") == []


def test_reviews_pending_three_days_after_the_deadline_remind_the_missing_reviewers_only(
    call, application, sipo_official, score
):
    score(application, sipo_official)

    beat(call.closes_at + timedelta(days=2, hours=20))
    assert reminded("review_pending") == []

    beat(call.closes_at + timedelta(days=3))
    assert reminded("review_pending") == ["sipo_reviewer"]
    assert OutboxMessage.objects.get(kind="projects.review_pending").target == application


def test_no_review_reminder_once_every_reviewer_has_scored(call, application, sipo_official, sipo_reviewer, score):
    score(application, sipo_official)
    score(application, sipo_reviewer)
    beat(call.closes_at + timedelta(days=4))
    assert reminded("review_pending") == []


def test_a_decision_pending_a_week_reminds_the_organisers_coordinators_once(
    call, application, cas_applicant, sipo_coordinator, apply
):
    decided = apply(call, cas_applicant)
    services.application_decide(application=decided, by=sipo_coordinator, decision="accepted", comment="")

    beat(call.closes_at + timedelta(days=6, hours=20))
    assert reminded("decision_pending") == []

    beat(call.closes_at + timedelta(days=7))
    assert reminded("decision_pending") == ["sipo_coordinator"]
    assert OutboxMessage.objects.get(kind="projects.decision_pending").target == application
    # The reviewers, too, were reminded once of the review still missing.
    assert reminded("review_pending") == ["sipo_official", "sipo_reviewer"]
