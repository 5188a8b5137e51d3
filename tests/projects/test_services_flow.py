"""The whole way through project support, service by service: what the browser journey does, in one test."""

import pytest

from cooperation.projects import services
from cooperation.projects.models import ApplicationStatus, ContributionStatus
from protocol.activities.models import Status


@pytest.fixture(autouse=True)
def _english(english):
    pass


def test_accepted_applicant_contributes_and_the_confirmation_confirms_the_ledger_entry(
    call, cas_official, cas_applicant, sipo_official, sipo_reviewer, sipo_coordinator, apply, score
):
    first, second = apply(call, cas_official), apply(call, cas_applicant)
    for application in (first, second):
        score(application, sipo_official, (4, 5))
        score(application, sipo_reviewer, (3, 4))
    services.application_decide(application=first, by=sipo_coordinator, decision="accepted", comment="")
    services.application_decide(application=second, by=sipo_coordinator, decision="waitlisted", comment="")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED)
    from django.utils import timezone

    from tests.projects.conftest import ContributionFields

    contribution = services.contribution_record(
        project=call.project,
        by=cas_official,
        fields=ContributionFields(kind="analysis", on=timezone.localdate(), description="电池专利分析"),
    )
    version = services.contribution_version(contribution)
    services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=version.sha256)
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.CONFIRMED
    assert contribution.activity.status == Status.CONFIRMED
    assert contribution.activity.area == "projects"
