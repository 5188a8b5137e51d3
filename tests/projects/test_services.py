"""Project support's rules, through its services: projects and their order of life, calls, applications and
their deadline. Reviews and decisions: test_services_reviews.py; contributions: test_services_contributions.py."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cooperation.projects import services
from cooperation.projects.models import Application, ApplicationStatus, Call, Project, ProjectStatus
from cooperation.projects.services import ApplicationFields, IndicatorRow
from protocol.notifications.models import OutboxMessage

pytestmark = pytest.mark.usefixtures("english")


def sent(kind: str) -> list[str]:
    return sorted(OutboxMessage.objects.filter(kind=f"projects.{kind}").values_list("recipient__username", flat=True))


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return {name: [str(message) for message in messages] for name, messages in error.message_dict.items()}


# Projects.


def test_a_project_ending_before_it_starts_is_refused_and_nothing_stored(sipo_coordinator, project_fields):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.project_create(
            by=sipo_coordinator, fields=project_fields(starts_on=today, ends_on=today - timedelta(1))
        )
    assert messages_of(refused.value) == {"ends_on": ["The project must end on or after its start."]}
    assert not Project.objects.exists()


def test_an_indicator_whose_target_is_its_baseline_is_refused_by_name(sipo_coordinator, project_fields):
    rows = [IndicatorRow(name="Reports delivered", baseline=Decimal(2), target=Decimal(2))]
    with pytest.raises(ValidationError) as refused:
        services.project_create(by=sipo_coordinator, fields=project_fields(indicators=rows))
    assert messages_of(refused.value) == {
        "indicators": ["“Reports delivered”: the target must differ from the baseline."]
    }
    with pytest.raises(ValidationError, match="Give every indicator a name"):
        services.project_check(fields=project_fields(indicators=[IndicatorRow(name=" ", target=Decimal(1))]))
    assert not Project.objects.exists()


def test_the_contact_is_one_of_the_organising_partys_staff(
    sipo_coordinator, cas_official, sipo_official, project_fields
):
    with pytest.raises(ValidationError) as refused:
        services.project_create(by=sipo_coordinator, fields=project_fields(contact=cas_official))
    assert messages_of(refused.value) == {"contact": ["The contact is one of the organising party's staff."]}
    assert not Project.objects.exists()
    project = services.project_create(by=sipo_coordinator, fields=project_fields(contact=sipo_official))
    assert project.contact == sipo_official and project.organising_party == sipo_coordinator.party


def test_a_new_project_is_planned_with_its_indicators_in_order_and_internal(sipo_coordinator, project_fields):
    project = services.project_create(by=sipo_coordinator, fields=project_fields())
    assert project.status == ProjectStatus.PLANNED and not project.is_published
    assert list(project.indicators.values_list("name", "position")) == [
        ("Patent families analysed", 0),
        ("Reports delivered", 1),
    ]


def test_a_document_admin_does_not_organise_projects(sipo_docadmin, project_fields):
    with pytest.raises(PermissionDenied):
        services.project_create(by=sipo_docadmin, fields=project_fields())


def test_editing_keeps_an_indicators_reported_values_and_drops_the_indicators_left_out(
    project, sipo_coordinator, project_fields
):
    first, _second = project.indicators.all()
    services.indicator_report(indicator=first, by=sipo_coordinator, period_end=project.starts_on, value=Decimal(100))
    rows = [IndicatorRow(name="Families analysed", baseline=Decimal(0), target=Decimal(6000), id=first.pk)]
    services.project_update(project=project, by=sipo_coordinator, fields=project_fields(indicators=rows))
    [kept] = project.indicators.all()
    assert (kept.pk, kept.name, kept.target) == (first.pk, "Families analysed", Decimal(6000))
    assert list(kept.values.values_list("value", flat=True)) == [Decimal(100)]


def test_a_result_is_reported_within_the_projects_period_and_a_period_reported_again_is_corrected(
    project, sipo_coordinator
):
    indicator = project.indicators.first()
    with pytest.raises(ValidationError, match="within the project's period"):
        services.indicator_report(
            indicator=indicator, by=sipo_coordinator, period_end=project.ends_on + timedelta(1), value=Decimal(1)
        )
    for value in (Decimal(10), Decimal(12)):
        services.indicator_report(indicator=indicator, by=sipo_coordinator, period_end=project.starts_on, value=value)
    assert list(indicator.values.values_list("value", flat=True)) == [Decimal(12)]


def test_the_other_party_reports_no_results(project, cas_coordinator):
    with pytest.raises(services.ProjectError):
        services.indicator_report(
            indicator=project.indicators.first(), by=cas_coordinator, period_end=project.starts_on, value=Decimal(1)
        )


def test_a_project_is_published_once_before_it_moves_on(draft_project, sipo_coordinator):
    with pytest.raises(services.ProjectError, match="has moved on"):
        services.project_advance(project=draft_project, by=sipo_coordinator, to=ProjectStatus.OPEN)
    project = services.project_publish(project=draft_project, by=sipo_coordinator)
    assert project.is_published
    with pytest.raises(services.ProjectError, match="already published"):
        services.project_publish(project=project, by=sipo_coordinator)


def test_only_the_organisers_coordinator_publishes(draft_project, sipo_official, cas_coordinator):
    for person in (sipo_official, cas_coordinator):
        with pytest.raises(PermissionDenied):
            services.project_publish(project=draft_project, by=person)
    draft_project.refresh_from_db()
    assert not draft_project.is_published


def test_a_project_moves_one_step_at_a_time_and_a_closed_one_no_longer_changes(
    draft_project, sipo_coordinator, project_fields
):
    project = services.project_publish(project=draft_project, by=sipo_coordinator)
    with pytest.raises(services.ProjectError):
        services.project_advance(project=project, by=sipo_coordinator, to=ProjectStatus.RUNNING)
    for step in (ProjectStatus.OPEN, ProjectStatus.RUNNING, ProjectStatus.CLOSED):
        project = services.project_advance(project=project, by=sipo_coordinator, to=step)
        assert project.status == step
    with pytest.raises(services.ProjectError):
        services.project_advance(project=project, by=sipo_coordinator, to=ProjectStatus.PLANNED)
    with pytest.raises(services.ProjectError, match="can no longer be changed"):
        services.project_update(project=project, by=sipo_coordinator, fields=project_fields(title="Renamed"))
    project.refresh_from_db()
    assert project.title == "专利导航：新能源汽车"


# Calls.


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"closes_at": "before"}, "closes_at", "The deadline must come after the opening."),
        ({"criteria": []}, "criteria", "Name at least one criterion the reviewers score."),
        ({"criteria": [" ", ""]}, "criteria", "Name at least one criterion the reviewers score."),
        ({"criteria": ["Expertise", "Expertise "]}, "criteria", "Each criterion once."),
        ({"reviewers": "cas"}, "reviewers", "Reviewers are active staff of the organising party."),
        ({"places": 0}, "places", "Offer at least one place."),
        ({"sought": ["money"]}, "sought", "Choose what is sought from the list."),
    ],
    ids=["deadline-before-opening", "no-criteria", "blank-criteria", "duplicate-criteria", "other-party-reviewer",
         "no-places", "unknown-sought"],
)  # fmt: skip
def test_a_call_breaking_a_rule_is_refused_with_the_reason_and_nothing_stored(
    project, sipo_coordinator, call_fields, cas_official, overrides, field, message
):
    if overrides.get("closes_at") == "before":
        overrides = {"closes_at": timezone.now() - timedelta(days=2)}
    if overrides.get("reviewers") == "cas":
        overrides = {"reviewers": [cas_official]}
    with pytest.raises(ValidationError) as refused:
        services.call_create(project=project, by=sipo_coordinator, fields=call_fields(**overrides))
    assert messages_of(refused.value) == {field: [message]}
    assert not Call.objects.exists()


def test_a_call_keeps_its_criteria_in_order_and_what_is_sought_in_the_lists_order(
    project, sipo_coordinator, call_fields
):
    call = services.call_create(
        project=project, by=sipo_coordinator, fields=call_fields(sought=["analysis", "experts"], departments=" A \n\nB")
    )
    assert list(call.criteria.values_list("name", flat=True)) == ["Expertise", "Availability"]
    assert call.sought == ["experts", "analysis"]
    assert call.department_list == ["A", "B"]


def test_calls_are_opened_while_the_project_is_planned_or_open_only(project, sipo_coordinator, call_fields):
    services.project_advance(project=project, by=sipo_coordinator, to=ProjectStatus.RUNNING)
    with pytest.raises(services.ProjectError, match="Calls are opened while"):
        services.call_create(project=project, by=sipo_coordinator, fields=call_fields())


def test_the_places_cannot_fall_below_those_accepted(
    call, sipo_coordinator, call_fields, cas_official, cas_applicant, apply
):
    for person in (cas_official, cas_applicant):
        services.application_decide(
            application=apply(call, person), by=sipo_coordinator, decision="accepted", comment=""
        )
    with pytest.raises(ValidationError) as refused:
        services.call_update(call=call, by=sipo_coordinator, fields=call_fields(places=1))
    assert messages_of(refused.value) == {
        "places": ["2 applicants are already accepted: offer at least as many places."]
    }
    call.refresh_from_db()
    assert call.places == 2
    services.call_update(call=call, by=sipo_coordinator, fields=call_fields(places=3))
    call.refresh_from_db()
    assert call.places == 3


def test_once_a_review_has_begun_the_criteria_stay(call, sipo_coordinator, sipo_official, call_fields, application):
    services.call_update(call=call, by=sipo_coordinator, fields=call_fields(criteria=["Expertise", "Time", "Team"]))
    assert list(call.criteria.values_list("name", flat=True)) == ["Expertise", "Time", "Team"]
    expertise = call.criteria.get(name="Expertise")
    services.review_save(application=application, by=sipo_official, scores={expertise.pk: (4, "")}, comment="",
                         submit=False)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.call_update(call=call, by=sipo_coordinator, fields=call_fields(criteria=["Expertise"]))
    assert messages_of(refused.value) == {"criteria": ["Reviews have begun: the criteria can no longer change."]}
    # The rest of the call still changes, its criteria as they are.
    services.call_update(call=call, by=sipo_coordinator,
                         fields=call_fields(title="Renamed", criteria=["Expertise", "Time", "Team"]))  # fmt: skip
    call.refresh_from_db()
    assert call.title == "Renamed"
    assert call.criteria.first().pk == expertise.pk


def test_the_other_party_does_not_change_a_call(call, cas_coordinator, call_fields):
    with pytest.raises(services.ProjectError, match="can no longer be changed"):
        services.call_update(call=call, by=cas_coordinator, fields=call_fields(title="Renamed"))
    call.refresh_from_db()
    assert call.title == "征集专利分析专家"


# Applications.


def test_a_submitted_application_asks_each_reviewer_for_a_review(call, cas_official, apply):
    application = apply(call, cas_official)
    assert application.status == ApplicationStatus.SUBMITTED and application.submitted_at is not None
    assert application.party == cas_official.party
    assert sent("review_requested") == ["sipo_official", "sipo_reviewer"]
    row = OutboxMessage.objects.filter(kind="projects.review_requested").first()
    assert row.target == application
    assert row.params["applicant"] == "Li Ming" and row.params["call"] == "征集专利分析专家"


def test_one_application_per_applicant_per_call(call, cas_official, apply):
    first = apply(call, cas_official, submit=False)
    with pytest.raises(services.ProjectError, match="already applied") as refused:
        apply(call, cas_official)
    assert refused.value.record == first
    assert Application.objects.count() == 1


def test_the_organisers_own_staff_cannot_apply(call, sipo_coordinator, apply):
    with pytest.raises(ValidationError) as refused:
        apply(call, sipo_coordinator)
    assert refused.value.messages == ["The organising party's own staff cannot apply to its calls."]
    assert not Application.objects.exists()


def test_a_call_for_some_departments_refuses_the_others_naming_them(
    project, sipo_coordinator, call_fields, cas_official, cas_applicant, apply
):
    call = services.call_create(
        project=project, by=sipo_coordinator, fields=call_fields(departments="文献情报中心\n计算技术研究所")
    )
    cas_official.department = "物理研究所"
    cas_official.save(update_fields=["department"])
    with pytest.raises(ValidationError) as refused:
        apply(call, cas_official)
    assert refused.value.messages == [
        "This call is open to some departments of your party only: 文献情报中心、计算技术研究所."
    ]
    cas_applicant.department = "计算技术研究所"
    cas_applicant.save(update_fields=["department"])
    assert apply(call, cas_applicant).status == ApplicationStatus.SUBMITTED
    assert list(Application.objects.values_list("applicant__username", flat=True)) == ["cas_applicant"]


def test_a_draft_needs_no_motivation_asks_nobody_and_is_submitted_later(call, cas_official, apply):
    draft = apply(call, cas_official, submit=False, motivation="", contribution="")
    assert draft.status == ApplicationStatus.DRAFT and draft.submitted_at is None
    assert sent("review_requested") == []
    with pytest.raises(ValidationError) as refused:
        services.application_update(
            application=draft, by=cas_official, fields=ApplicationFields(motivation=" ", contribution=""), submit=True
        )
    assert set(refused.value.message_dict) == {"motivation", "contribution"}
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    fields = ApplicationFields(motivation="Battery patents.", contribution="Five days.")
    services.application_update(application=draft, by=cas_official, fields=fields, submit=True)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED
    assert sent("review_requested") == ["sipo_official", "sipo_reviewer"]


def test_the_team_is_active_staff_of_the_applicants_party(call, cas_official, cas_applicant, sipo_official, apply):
    with pytest.raises(ValidationError) as refused:
        apply(call, cas_official, team=[sipo_official])
    assert messages_of(refused.value) == {"team": ["The team is active staff of your own party."]}
    application = apply(call, cas_official, team=[cas_applicant, cas_official])
    assert list(application.team.all()) == [cas_applicant]  # the applicant is not their own team


def test_until_the_deadline_the_applicant_edits_withdraws_and_submits_again(call, cas_official, application):
    fields = ApplicationFields(motivation="Changed.", contribution="Twenty days.")
    services.application_update(application=application, by=cas_official, fields=fields, submit=False)
    application.refresh_from_db()
    assert (application.status, application.contribution) == (ApplicationStatus.SUBMITTED, "Twenty days.")
    with pytest.raises(ValidationError):  # a submitted application stays complete
        services.application_update(
            application=application, by=cas_official, fields=ApplicationFields("", ""), submit=False
        )
    services.application_withdraw(application=application, by=cas_official)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(services.ProjectError, match="Only a submitted application"):
        services.application_withdraw(application=application, by=cas_official)
    services.application_update(application=application, by=cas_official, fields=fields, submit=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_nobody_else_edits_or_withdraws_an_application(application, cas_applicant, sipo_coordinator):
    fields = ApplicationFields(motivation="Mine now.", contribution="None.")
    for person in (cas_applicant, sipo_coordinator):
        with pytest.raises(services.ProjectError):
            services.application_update(application=application, by=person, fields=fields, submit=False)
        with pytest.raises(services.ProjectError):
            services.application_withdraw(application=application, by=person)
    application.refresh_from_db()
    assert application.motivation == "I analysed battery patents for five years."


# The deadline, in Beijing time: 2026-03-12 10:00 there is 02:00 UTC.
OPENED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 3, 12, 2, 0, tzinfo=UTC)


@pytest.fixture
def dated_call(sipo_coordinator, project_fields, call_fields):
    with time_machine.travel(OPENED, tick=False):
        project = services.project_create(by=sipo_coordinator, fields=project_fields())
        project = services.project_publish(project=project, by=sipo_coordinator)
        project = services.project_advance(project=project, by=sipo_coordinator, to=ProjectStatus.OPEN)
        return services.call_create(
            project=project, by=sipo_coordinator, fields=call_fields(opens_at=OPENED, closes_at=DEADLINE)
        )


def test_after_the_deadline_nothing_is_applied_changed_or_withdrawn_and_the_message_says_when_in_beijing_time(
    dated_call, cas_official, cas_applicant, apply
):
    with time_machine.travel(DEADLINE - timedelta(minutes=1), tick=False):
        submitted = apply(dated_call, cas_official)
    closed = "The call closed at 12 Mar 2026, 10:00 Beijing time; no application can be made or changed after that."
    with time_machine.travel(DEADLINE, tick=False):
        with pytest.raises(services.CallClosed) as refused:
            apply(dated_call, cas_applicant)
        assert str(refused.value) == closed
        with pytest.raises(services.CallClosed, match="10:00 Beijing time"):
            services.application_update(application=submitted, by=cas_official,
                                        fields=ApplicationFields("Late.", "Late."), submit=False)  # fmt: skip
        with pytest.raises(services.CallClosed, match="10:00 Beijing time"):
            services.application_withdraw(application=submitted, by=cas_official)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.motivation) == (
        ApplicationStatus.SUBMITTED,
        "I analysed battery patents for five years.",
    )
    assert list(Application.objects.values_list("applicant__username", flat=True)) == ["cas_official"]


def test_before_the_opening_a_call_takes_no_application(dated_call, cas_official, apply):
    with (
        time_machine.travel(OPENED - timedelta(minutes=1), tick=False),
        pytest.raises(services.CallClosed, match="not open for applications"),
    ):
        apply(dated_call, cas_official)
    assert not Application.objects.exists()


def test_a_call_of_a_project_no_longer_taking_part_takes_no_application(call, sipo_coordinator, cas_official, apply):
    for step in (ProjectStatus.RUNNING, ProjectStatus.CLOSED):
        services.project_advance(project=call.project, by=sipo_coordinator, to=step)
    with pytest.raises(services.CallClosed, match="not open for applications"):
        apply(call, cas_official)


def test_withdrawing_resolves_the_review_requests(application, cas_official):
    services.application_withdraw(application=application, by=cas_official)
    rows = OutboxMessage.objects.filter(kind="projects.review_requested")
    assert rows.count() == 2 and not rows.filter(done_at__isnull=True).exists()
