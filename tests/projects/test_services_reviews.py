"""Reviews and decisions, through the services; who reads what, through the selectors."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cooperation.projects import selectors, services
from cooperation.projects.models import ApplicationStatus, Participant, Review, Score
from protocol.notifications.models import OutboxMessage
from protocol.parties.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def cas_staff(cas):
    """CAS officials beyond the personas: cas_staff(3) → three of them."""

    def make(count):
        return [
            UserFactory(username=f"cas_staff_{n}", full_name=f"CAS Staff {n}", party=cas, roles=[Role.OFFICIAL])
            for n in range(count)
        ]

    return make


def sent(kind: str) -> list[str]:
    return sorted(OutboxMessage.objects.filter(kind=f"projects.{kind}").values_list("recipient__username", flat=True))


def criteria(application):
    return list(application.call.criteria.all())


def decide(application, by, decision, comment=""):
    return services.application_decide(application=application, by=by, decision=decision, comment=comment)


# Reviews.


@pytest.mark.parametrize("values", [(0, 3), (6, 3), (3, -1)], ids=["zero", "six", "negative"])
def test_a_score_outside_1_to_5_is_refused_and_nothing_stored(application, sipo_official, values):
    scores = {criterion.pk: (value, "") for criterion, value in zip(criteria(application), values, strict=True)}
    for submit in (False, True):
        with pytest.raises(ValidationError) as refused:
            services.review_save(application=application, by=sipo_official, scores=scores, comment="", submit=submit)
        assert refused.value.message_dict["scores"][0] == "Scores are from 1 to 5."
    assert not Review.objects.exists() and not Score.objects.exists()


def test_submitting_needs_every_criterion_scored_a_draft_does_not(application, sipo_official):
    expertise, availability = criteria(application)
    partial = {expertise.pk: (4, "Strong.")}
    with pytest.raises(ValidationError) as refused:
        services.review_save(application=application, by=sipo_official, scores=partial, comment="", submit=True)
    assert refused.value.message_dict == {"scores": ["Score every criterion before submitting the review."]}
    assert not Review.objects.exists()
    draft = services.review_save(application=application, by=sipo_official, scores=partial, comment="", submit=False)
    assert draft.submitted_at is None
    assert list(draft.scores.values_list("criterion__name", "score", "comment")) == [("Expertise", 4, "Strong.")]
    full = {expertise.pk: (None, ""), availability.pk: (2, "")}
    with pytest.raises(ValidationError):
        services.review_save(application=application, by=sipo_official, scores=full, comment="", submit=True)
    # The draft changes: a score taken away is gone.
    services.review_save(application=application, by=sipo_official, scores=full, comment="", submit=False)
    assert list(draft.scores.values_list("criterion__name", "score")) == [("Availability", 2)]


def test_a_score_of_another_calls_criterion_is_refused(
    application, sipo_official, project, sipo_coordinator, call_fields
):
    other = services.call_create(project=project, by=sipo_coordinator, fields=call_fields(title="Another call"))
    foreign = other.criteria.first()
    with pytest.raises(ValidationError, match="another call"):
        services.review_save(application=application, by=sipo_official, scores={foreign.pk: (3, "")}, comment="",
                             submit=False)  # fmt: skip
    assert not Review.objects.exists()


def test_a_submitted_review_is_final(application, sipo_official, score):
    review = score(application, sipo_official, (4, 5))
    assert review.submitted_at is not None
    with pytest.raises(services.ProjectError, match="can no longer change"):
        score(application, sipo_official, (1, 1))
    assert sorted(review.scores.values_list("score", flat=True)) == [4, 5]
    assert list(selectors.applications_to_review(sipo_official)) == []


def test_only_the_calls_reviewers_review_and_only_a_submitted_application(
    call, application, sipo_coordinator, cas_official, cas_applicant, sipo_official, score, apply
):
    for person in (sipo_coordinator, cas_official):
        with pytest.raises(PermissionDenied):
            score(application, person)
    draft = apply(call, cas_applicant, submit=False)
    with pytest.raises(PermissionDenied):
        score(draft, sipo_official)
    assert not Review.objects.exists()


def test_the_last_review_asks_the_organisers_coordinators_to_decide_with_the_average(
    application, sipo_official, sipo_reviewer, score
):
    score(application, sipo_official, (4, 5))
    assert sent("decision_needed") == []
    score(application, sipo_reviewer, (3, 4))
    assert sent("decision_needed") == ["sipo_coordinator"]
    row = OutboxMessage.objects.get(kind="projects.decision_needed")
    assert row.target == application and row.params["average"] == "4.00"
    assert selectors.average_of(application) == 4
    assert selectors.with_average(selectors.applications_in(application.call)).get().average == 4
    # Each reviewer's request is done with once their review is in.
    assert not OutboxMessage.objects.filter(kind="projects.review_requested", done_at__isnull=True).exists()


def test_a_reviewer_reads_the_others_reviews_only_after_submitting_their_own(
    application, sipo_official, sipo_reviewer, sipo_coordinator, cas_official, cas_coordinator, score
):
    def readable(person):
        return sorted(review.reviewer.username for review in selectors.reviews_readable_by(person, application))

    score(application, sipo_reviewer, (2, 2), submit=False)  # a draft: nobody's reading
    score(application, sipo_official, (4, 5))
    assert readable(sipo_reviewer) == []
    assert readable(sipo_official) == ["sipo_official"]
    assert readable(sipo_coordinator) == ["sipo_official"]
    services.review_save(
        application=application,
        by=sipo_reviewer,
        scores={criterion.pk: (3, "") for criterion in criteria(application)},
        comment="",
        submit=True,
    )
    assert readable(sipo_reviewer) == ["sipo_official", "sipo_reviewer"]
    assert readable(sipo_official) == ["sipo_official", "sipo_reviewer"]
    assert readable(sipo_coordinator) == ["sipo_official", "sipo_reviewer"]
    # The applicant's party reads no review, not even its coordinator.
    assert readable(cas_official) == [] and readable(cas_coordinator) == []


def test_a_reviewers_list_to_review_holds_what_they_have_not_submitted(
    call, application, cas_applicant, sipo_official, sipo_reviewer, apply, score
):
    second = apply(call, cas_applicant)
    score(application, sipo_official)
    assert list(selectors.applications_to_review(sipo_official)) == [second]
    assert list(selectors.applications_to_review(sipo_reviewer)) == [application, second]


# Decisions.


def test_declining_needs_a_comment_the_applicant_reads(application, sipo_coordinator):
    with pytest.raises(ValidationError) as refused:
        decide(application, sipo_coordinator, "declined", "  ")
    assert refused.value.message_dict == {"comment": ["Say why the application is declined: the applicant reads it."]}
    with pytest.raises(ValidationError, match="accept, waitlist or decline"):
        decide(application, sipo_coordinator, "maybe")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and sent("declined") == []
    decide(application, sipo_coordinator, "declined", "Not this time.")
    application.refresh_from_db()
    assert (application.status, application.decision_comment) == (ApplicationStatus.DECLINED, "Not this time.")
    assert sent("declined") == ["cas_official"]
    assert OutboxMessage.objects.get(kind="projects.declined").params["comment"] == "Not this time."
    assert not Participant.objects.exists()


def test_accepting_makes_the_applicant_a_participant_and_tells_them(application, sipo_coordinator, cas_official):
    decide(application, sipo_coordinator, "accepted")
    application.refresh_from_db()
    assert (application.status, application.decided_by) == (ApplicationStatus.ACCEPTED, sipo_coordinator)
    participant = Participant.objects.get()
    assert (participant.project, participant.user, participant.party, participant.application) == (
        application.call.project, cas_official, cas_official.party, application)  # fmt: skip
    assert sent("accepted") == ["cas_official"]
    assert OutboxMessage.objects.get(kind="projects.accepted").params["actor"] == "Zhao Lei"
    with pytest.raises(services.ProjectError, match="already been decided"):
        decide(application, sipo_coordinator, "declined", "Changed my mind.")


def test_the_places_are_never_exceeded_and_a_waitlisted_applicant_is_accepted_when_one_is_free(
    call, sipo_coordinator, call_fields, cas_staff, apply
):
    first, second, third = [apply(call, person) for person in cas_staff(3)]
    decide(first, sipo_coordinator, "accepted")
    decide(second, sipo_coordinator, "accepted")
    with pytest.raises(services.ProjectError, match="All 2 places of this call are taken"):
        decide(third, sipo_coordinator, "accepted")
    third.refresh_from_db()
    assert third.status == ApplicationStatus.SUBMITTED
    decide(third, sipo_coordinator, "waitlisted")
    assert sent("waitlisted") == ["cas_staff_2"]
    assert list(selectors.applications_to_decide(sipo_coordinator)) == [third]
    services.call_update(call=call, by=sipo_coordinator, fields=call_fields(places=3))
    decide(third, sipo_coordinator, "accepted")
    third.refresh_from_db()
    assert third.status == ApplicationStatus.ACCEPTED
    assert selectors.accepted_count(call) == 3 and Participant.objects.count() == 3
    assert sent("accepted") == ["cas_staff_0", "cas_staff_1", "cas_staff_2"]


def test_only_the_organisers_coordinator_decides(application, cas_coordinator, sipo_official):
    for person in (cas_coordinator, sipo_official):
        with pytest.raises(PermissionDenied):
            decide(application, person, "accepted")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and not Participant.objects.exists()


def test_a_draft_or_a_withdrawn_application_is_not_decided(call, application, cas_official, cas_applicant,
                                                           sipo_coordinator, apply):  # fmt: skip
    draft = apply(call, cas_applicant, submit=False)
    services.application_withdraw(application=application, by=cas_official)
    for each in (draft, application):
        with pytest.raises(services.ProjectError):
            decide(each, sipo_coordinator, "accepted")
    assert not Participant.objects.exists()


# Who reads what.


def test_the_other_party_does_not_see_an_unpublished_project_or_its_calls(
    draft_project, sipo_coordinator, call_fields, cas_official, cas_coordinator, sipo_official, outsider
):
    call = services.call_create(project=draft_project, by=sipo_coordinator, fields=call_fields())
    for person in (cas_official, cas_coordinator, outsider):
        assert not selectors.projects_visible_to(person).exists()
        assert not selectors.calls_visible_to(person).exists()
        assert not selectors.calls_open(person).exists()
    assert list(selectors.projects_visible_to(sipo_official)) == [draft_project]
    assert list(selectors.calls_visible_to(sipo_official)) == [call]
    # Not open while its project is unpublished, even for its own party.
    assert not selectors.calls_open(sipo_official).exists()
    services.project_publish(project=draft_project, by=sipo_coordinator)
    assert list(selectors.projects_visible_to(cas_official)) == [draft_project]
    assert not selectors.calls_open(cas_official).exists()  # planned: not taking part yet


def test_calls_open_are_those_between_opening_and_deadline(call, project, sipo_coordinator, call_fields, cas_official):
    now = timezone.now()
    later = services.call_create(project=project, by=sipo_coordinator, fields=call_fields(
        title="Later", opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=5)))  # fmt: skip
    assert list(selectors.calls_open(cas_official)) == [call]
    assert list(selectors.calls_open(cas_official, now=now + timedelta(days=2))) == [later, call]
    assert list(selectors.calls_open(cas_official, now=call.closes_at)) == []


def test_an_application_is_its_applicants_a_draft_theirs_alone(
    call, cas_official, cas_applicant, cas_coordinator, sipo_official, sipo_reviewer, sipo_coordinator,
    sipo_docadmin, outsider, apply,
):  # fmt: skip
    draft = apply(call, cas_official, submit=False, team=[cas_applicant])

    def readers():
        people = (cas_official, cas_applicant, cas_coordinator, sipo_official, sipo_reviewer, sipo_coordinator,
                  sipo_docadmin, outsider)  # fmt: skip
        return [p.username for p in people if selectors.applications_visible_to(p).filter(pk=draft.pk).exists()]

    assert readers() == ["cas_official"]
    services.application_update(application=draft, by=cas_official, fields=services.ApplicationFields(
        "Motivation.", "Ten days.", team=[cas_applicant]), submit=True)  # fmt: skip
    # Submitted: its team, the call's reviewers and the organiser's coordinator read it; not the applicant's
    # coordinator, not the organiser's other staff.
    assert readers() == ["cas_official", "cas_applicant", "sipo_official", "sipo_reviewer", "sipo_coordinator"]
    services.application_withdraw(application=draft, by=cas_official)
    assert readers() == ["cas_official"]
    assert list(selectors.applications_of(cas_official)) == [draft]
    assert list(selectors.applications_of(cas_applicant)) == []


def test_one_applicant_does_not_see_anothers_application(call, cas_official, cas_applicant, apply):
    mine, theirs = apply(call, cas_official), apply(call, cas_applicant)
    assert list(selectors.applications_visible_to(cas_official)) == [mine]
    assert list(selectors.applications_visible_to(cas_applicant)) == [theirs]
    assert selectors.application_of(cas_official, call) == mine


def test_the_organiser_reads_only_submitted_and_decided_applications_of_a_call(
    call, cas_official, cas_applicant, sipo_coordinator, apply
):
    submitted = apply(call, cas_official)
    apply(call, cas_applicant, submit=False)
    assert list(selectors.applications_in(call)) == [submitted]
    assert list(selectors.applications_to_decide(sipo_coordinator)) == [submitted]
    decide(submitted, sipo_coordinator, "accepted")
    assert list(selectors.applications_in(call)) == [submitted]
    assert list(selectors.applications_to_decide(sipo_coordinator)) == []
