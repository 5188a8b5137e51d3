"""Contributions, through the services: recorded by a participant, confirmed (or returned) by the organiser's
coordinator, entering the ledger confirmed by that confirmation."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cooperation.projects import selectors, services
from cooperation.projects.models import Contribution, ContributionStatus, ProjectStatus
from cooperation.projects.services import ContributionFields
from protocol.activities.models import Activity, Status
from protocol.notifications.models import OutboxMessage
from protocol.signoff.services import StaleVersion

pytestmark = pytest.mark.usefixtures("english")


def sent(kind: str) -> list[str]:
    return sorted(OutboxMessage.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def fields(project, **overrides) -> ContributionFields:
    values = {"kind": "analysis", "on": project.starts_on, "description": "电池专利分析", "quantity": Decimal(1)}
    return ContributionFields(**(values | overrides))


def test_a_date_outside_the_projects_period_is_refused_and_nothing_stored(project, participant, cas_official):
    for day in (project.starts_on - timedelta(1), project.ends_on + timedelta(1)):
        with pytest.raises(ValidationError) as refused:
            services.contribution_record(project=project, by=cas_official, fields=fields(project, on=day))
        assert list(refused.value.message_dict) == ["on"]
        assert "Give a date within the project's period" in refused.value.message_dict["on"][0]
    with pytest.raises(ValidationError, match="above zero"):
        services.contribution_record(project=project, by=cas_official, fields=fields(project, quantity=Decimal(0)))
    assert not Contribution.objects.exists()


def test_only_a_participant_records_a_contribution(project, application, cas_applicant, sipo_coordinator):
    with pytest.raises(PermissionDenied):
        services.contribution_record(project=project, by=cas_applicant, fields=fields(project))
    # The applicant, before a decision, is not a participant yet.
    with pytest.raises(PermissionDenied):
        services.contribution_record(project=project, by=application.applicant, fields=fields(project))
    assert not Contribution.objects.exists()


def test_a_recorded_contribution_asks_the_organisers_coordinators_to_confirm(contribution, cas_official):
    assert contribution.status == ContributionStatus.RECORDED
    assert (contribution.participant.user, contribution.party) == (cas_official, cas_official.party)
    assert sent("projects.contribution_recorded") == ["sipo_coordinator"]
    row = OutboxMessage.objects.get(kind="projects.contribution_recorded")
    assert row.target == contribution.project
    assert row.params["person"] == "Li Ming" and row.params["contribution_id"] == contribution.pk
    assert list(selectors.contributions_to_confirm(row.recipient)) == [contribution]


def test_confirming_enters_the_ledger_confirmed_and_asks_nobody_else(contribution, sipo_coordinator, cas_official):
    OutboxMessage.objects.all().delete()
    version = services.contribution_version(contribution)

    services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=version.sha256)

    contribution.refresh_from_db()
    assert (contribution.status, contribution.confirmed_by) == (ContributionStatus.CONFIRMED, sipo_coordinator)
    activity = Activity.objects.get()
    assert contribution.activity == activity
    assert (activity.status, activity.area, activity.kind) == (Status.CONFIRMED, "projects", "project_support")
    assert activity.author == cas_official and activity.lead_party == sipo_coordinator.party
    assert activity.start_date == contribution.on and activity.description == "专家咨询三天"
    assert activity.title == "专利导航：新能源汽车: Expert days"
    assert (activity.source_type.model, activity.source_id) == ("project", contribution.project_id)
    assert set(activity.participants.values_list("username", flat=True)) == {"cas_official", "sipo_coordinator"}
    # The contributor hears twice (the area's notice and the ledger's); nobody is asked to confirm the entry.
    assert sorted(OutboxMessage.objects.values_list("kind", "recipient__username")) == [
        ("activity.confirmed", "cas_official"),
        ("projects.contribution_confirmed", "cas_official"),
    ]
    assert not OutboxMessage.objects.filter(kind="activity.logged").exists()
    assert list(selectors.contributions_to_confirm(sipo_coordinator)) == []


def test_a_confirmed_contribution_is_final(contribution, sipo_coordinator, cas_official):
    version = services.contribution_version(contribution)
    services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=version.sha256)
    with pytest.raises(services.ProjectError, match="not waiting for confirmation"):
        services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=version.sha256)
    with pytest.raises(services.ProjectError, match="confirmed and can no longer change"):
        services.contribution_update(
            contribution=contribution, by=cas_official, fields=fields(contribution.project, description="Changed.")
        )
    assert Activity.objects.count() == 1


def test_the_other_partys_coordinator_does_not_confirm(contribution, cas_coordinator):
    version = services.contribution_version(contribution)
    with pytest.raises(services.ProjectError):
        services.contribution_confirm(contribution=contribution, by=cas_coordinator, sha256=version.sha256)
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.RECORDED and not Activity.objects.exists()


def test_a_confirmation_of_content_since_changed_is_refused(contribution, sipo_coordinator, cas_official):
    shown = services.contribution_version(contribution)
    services.contribution_update(
        contribution=contribution, by=cas_official, fields=fields(contribution.project, description="Four days.")
    )
    with pytest.raises(StaleVersion):
        services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=shown.sha256)
    with pytest.raises(StaleVersion):
        services.contribution_return(contribution=contribution, by=sipo_coordinator, sha256=shown.sha256,
                                     comment="Which days?")  # fmt: skip
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.RECORDED and not Activity.objects.exists()


def test_returned_with_a_comment_then_edited_it_goes_back_for_confirmation(
    contribution, sipo_coordinator, cas_official
):
    version = services.contribution_version(contribution)
    with pytest.raises(ValidationError, match="Say what should change"):
        services.contribution_return(contribution=contribution, by=sipo_coordinator, sha256=version.sha256, comment=" ")
    services.contribution_return(
        contribution=contribution, by=sipo_coordinator, sha256=version.sha256, comment="Name the three days."
    )
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.RETURNED
    returned = OutboxMessage.objects.get(kind="projects.contribution_returned")
    assert (returned.recipient, returned.params["comment"]) == (cas_official, "Name the three days.")
    assert returned.params["actor"] == "Zhao Lei"
    # The coordinator's request is done with; a returned contribution waits for no confirmation.
    assert not OutboxMessage.objects.filter(kind="projects.contribution_recorded", done_at__isnull=True).exists()
    with pytest.raises(services.ProjectError, match="not waiting for confirmation"):
        services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=version.sha256)

    services.contribution_update(
        contribution=contribution,
        by=cas_official,
        fields=fields(contribution.project, kind="expert_days", description="3, 4 and 5 March.", quantity=Decimal(3)),
    )

    contribution.refresh_from_db()
    assert (contribution.status, contribution.description) == (ContributionStatus.RECORDED, "3, 4 and 5 March.")
    assert sent("projects.contribution_recorded") == ["sipo_coordinator", "sipo_coordinator"]
    assert OutboxMessage.objects.get(kind="projects.contribution_returned").done_at is not None
    version = services.contribution_version(contribution)
    services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=version.sha256)
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.CONFIRMED and contribution.activity.status == Status.CONFIRMED


def test_editing_a_contribution_still_waiting_asks_nobody_again(contribution, cas_official):
    services.contribution_update(
        contribution=contribution, by=cas_official, fields=fields(contribution.project, description="Four days.")
    )
    assert sent("projects.contribution_recorded") == ["sipo_coordinator"]


def test_nobody_else_edits_a_contribution(contribution, cas_applicant, sipo_coordinator):
    for person in (cas_applicant, sipo_coordinator):
        with pytest.raises(services.ProjectError):
            services.contribution_update(contribution=contribution, by=person, fields=fields(contribution.project))
    contribution.refresh_from_db()
    assert contribution.description == "专家咨询三天"


def test_the_version_names_the_content_as_stored(contribution):
    stored = Contribution.objects.get(pk=contribution.pk)
    assert services.contribution_version(stored) == services.contribution_version(contribution)


def test_a_closed_project_takes_no_contribution(project, participant, sipo_coordinator, cas_official):
    for step in (ProjectStatus.RUNNING, ProjectStatus.CLOSED):
        services.project_advance(project=project, by=sipo_coordinator, to=step)
    with pytest.raises(PermissionDenied):
        services.contribution_record(project=project, by=cas_official, fields=fields(project))


def test_the_other_party_sees_contributions_of_published_projects_only(contribution, cas_coordinator, outsider):
    assert list(selectors.contributions_visible_to(cas_coordinator)) == [contribution]
    assert list(selectors.contributions_visible_to(outsider)) == []
    assert list(selectors.contributions_of(contribution.project)) == [contribution]
