"""The call and application forms through their pages: bad input on each is refused with a clear message beside
its field (or the page's one alert) and nothing stored or changed; a create form sent twice makes one record.
The clock stands at FIXED_NOW (Beijing time): the call fixture opened a day ago and closes in ten days."""

import pytest
import time_machine
from django.urls import reverse

from cooperation.projects import services
from cooperation.projects.models import Application, ApplicationStatus, Call, Criterion, Participant
from protocol.language import datetime_in_words
from protocol.notifications.models import OutboxMessage
from protocol.parties.roles import Role
from tests.factories import UserFactory
from tests.once import once
from tests.pages import messages_of
from tests.projects.pages import ALERT, errors, last_message, local, text_of

pytestmark = pytest.mark.usefixtures("fixed_clock", "english")

ALREADY = "This form was already submitted; here is what it created."


def call_post(reviewers, **change) -> dict:
    """The call form as its page posts it (times in Beijing time, as the datetime-local inputs send them)."""
    return {
        "title": "征集专利分析专家",
        "description": "Experts in battery patents.",
        "sought": ["experts", "analysis"],
        "places": "2",
        "opens_at": "2026-06-15T09:00",
        "closes_at": "2026-06-25T18:00",
        "departments": "",
        "reviewers": [person.pk for person in reviewers],
        "criteria": "Expertise\nAvailability",
    } | change


def calls_stored() -> tuple:
    return (
        list(Call.objects.values_list("pk", "title", "places", "opens_at", "closes_at", "departments", "sought")),
        list(Criterion.objects.values_list("pk", "call_id", "name", "position")),
    )


def application_post(**change) -> dict:
    return {"motivation": "I analysed battery patents for five years.", "contribution": "Ten expert days."} | change


def applications_stored() -> list:
    return list(Application.objects.values_list("pk", "applicant_id", "status", "motivation", "contribution"))


# The call form: new.

TWENTY_ONE = "\n".join(f"Criterion {n}" for n in range(21))


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"closes_at": "2026-06-14T18:00"}, "closes_at", "The deadline must come after the opening."),
        ({"closes_at": "2026-06-15T09:00"}, "closes_at", "The deadline must come after the opening."),
        ({"places": "0"}, "places", "Offer at least one place."),
        ({"places": "-3"}, "places", "Offer at least one place."),
        ({"places": ""}, "places", "Say how many places the call offers."),
        ({"places": "two"}, "places", "Enter a whole number."),
        ({"criteria": ""}, "criteria", "Name at least one criterion the reviewers score."),
        ({"criteria": "  \n \n"}, "criteria", "Name at least one criterion the reviewers score."),
        ({"criteria": "Expertise\n Expertise "}, "criteria", "Each criterion once."),
        ({"criteria": TWENTY_ONE}, "criteria", "At most 20 criteria."),
        ({"title": ""}, "title", "Give the call a title."),
        ({"description": ""}, "description", "Say what the call is for."),
        ({"opens_at": ""}, "opens_at", "Say when the call opens."),
        ({"closes_at": ""}, "closes_at", "Give the deadline."),
        ({"closes_at": "next week"}, "closes_at", "Enter a valid date/time."),
        ({"sought": ["money"]}, "sought", "Select a valid choice. money is not one of the available choices."),
    ],
)
def test_bad_call_input_is_refused_beside_its_field_and_nothing_stored(
    client, project, sipo_coordinator, sipo_official, change, field, message
):
    client.force_login(sipo_coordinator)
    response = client.post(
        reverse("projects:call_create", args=[project.pk]), once(call_post([sipo_official], **change))
    )
    assert errors(response)[field] == [message]
    assert ALERT in text_of(response) and message in text_of(response)
    assert calls_stored() == ([], [])


def test_every_problem_of_a_call_shows_on_one_submit(client, project, sipo_coordinator, sipo_official):
    client.force_login(sipo_coordinator)
    data = call_post([sipo_official], places="0", closes_at="2026-06-01T09:00", criteria="")
    found = errors(client.post(reverse("projects:call_create", args=[project.pk]), once(data)))
    assert found == {
        "places": ["Offer at least one place."],
        "closes_at": ["The deadline must come after the opening."],
        "criteria": ["Name at least one criterion the reviewers score."],
    }
    assert calls_stored() == ([], [])


def test_a_reviewer_of_the_other_party_or_inactive_is_refused(
    client, project, sipo, sipo_coordinator, sipo_official, cas_official
):
    gone = UserFactory(username="sipo_gone", full_name="Gone Away", party=sipo, roles=[Role.OFFICIAL], is_active=False)
    client.force_login(sipo_coordinator)
    url = reverse("projects:call_create", args=[project.pk])
    for person in (cas_official, gone):
        found = errors(client.post(url, once(call_post([sipo_official, person]))))
        assert found["reviewers"] == [
            "That person cannot be chosen here. Search by name and choose someone from the list."
        ]
    assert calls_stored() == ([], [])


def test_no_eligible_department_means_all_of_the_other_partys_staff(
    client, project, sipo_coordinator, sipo_official, cas_official
):
    """There is no "eligibility required" rule: a call naming no department is open to all the other party's
    staff; one naming some is open to those alone, and the apply page names them."""
    client.force_login(sipo_coordinator)
    url = reverse("projects:call_create", args=[project.pk])
    assert client.post(url, once(call_post([sipo_official], departments=" \n "))).status_code == 302
    everyone = Call.objects.get()
    assert everyone.departments == "" and everyone.department_list == []
    client.post(url, once(call_post([sipo_official], title="Examiners only", departments="审查部\n 检索中心 \n")))
    some = Call.objects.get(title="Examiners only")
    assert some.department_list == ["审查部", "检索中心"]
    client.force_login(cas_official)  # of no department
    assert client.get(reverse("projects:apply", args=[everyone.pk])).status_code == 200
    refused = client.post(reverse("projects:apply", args=[some.pk]), once(application_post(action="submit")))
    assert refused.status_code == 403
    assert "This call is open to some departments of your party only: 审查部、检索中心." in text_of(refused)
    assert applications_stored() == []


def test_a_call_is_saved_in_beijing_time_and_a_second_submission_leads_to_it(
    client, project, sipo_coordinator, sipo_official, sipo_reviewer
):
    client.force_login(sipo_coordinator)
    url = reverse("projects:call_create", args=[project.pk])
    data = once(call_post([sipo_official, sipo_reviewer]))
    first = client.post(url, data)
    call = Call.objects.get()
    assert first.status_code == 302 and first["Location"] == call.get_absolute_url()
    assert messages_of(first) == ["Call saved."]
    assert datetime_in_words(call.closes_at) == "25 Jun 2026, 18:00 Beijing time"
    assert list(call.criteria.values_list("name", flat=True)) == ["Expertise", "Availability"]
    # The same form sent again (a double click, the back button): the call made, no second one.
    second = client.post(url, data)
    assert second.status_code == 302 and second["Location"] == call.get_absolute_url()
    assert last_message(second) == ALREADY
    assert Call.objects.count() == 1 and Criterion.objects.count() == 2


def test_a_call_form_without_its_one_time_token_is_refused(client, project, sipo_coordinator, sipo_official):
    client.force_login(sipo_coordinator)
    response = client.post(reverse("projects:call_create", args=[project.pk]), call_post([sipo_official]))
    assert errors(response)["__all__"] == ["This form had expired. Check it and submit it again."]
    assert calls_stored() == ([], [])


# The call form: editing.


def call_post_of(call, **change) -> dict:
    """The edit page's form as loaded, with `change`."""
    form = call_post(
        list(call.reviewers.all()),
        title=call.title,
        description=call.description,
        sought=list(call.sought),
        places=str(call.places),
        opens_at=local(call.opens_at),
        closes_at=local(call.closes_at),
        departments=call.departments,
        criteria="\n".join(call.criteria.values_list("name", flat=True)),
    )
    return form | change


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"closes_at": "2026-06-01T09:00"}, "closes_at", "The deadline must come after the opening."),
        ({"places": "0"}, "places", "Offer at least one place."),
        ({"places": "-1"}, "places", "Offer at least one place."),
        ({"criteria": ""}, "criteria", "Name at least one criterion the reviewers score."),
        ({"criteria": "Expertise\nExpertise"}, "criteria", "Each criterion once."),
        ({"title": ""}, "title", "Give the call a title."),
    ],
)
def test_a_bad_edit_is_refused_and_the_call_unchanged(client, call, sipo_coordinator, change, field, message):
    client.force_login(sipo_coordinator)
    before = calls_stored()
    response = client.post(reverse("projects:call_edit", args=[call.pk]), call_post_of(call, **change))
    assert errors(response)[field] == [message]
    # The heading names the call as stored, whatever was typed.
    assert f"Edit “{call.title}”" in text_of(response) and ALERT in text_of(response)
    assert calls_stored() == before


def test_the_places_cannot_fall_below_those_accepted(
    client, call, sipo_coordinator, cas_official, cas_applicant, apply
):
    for person in (cas_official, cas_applicant):
        services.application_decide(application=apply(call, person), by=sipo_coordinator, decision="accepted",
                                    comment="")  # fmt: skip
    client.force_login(sipo_coordinator)
    before = calls_stored()
    response = client.post(reverse("projects:call_edit", args=[call.pk]), call_post_of(call, title="New", places="1"))
    # Past the form, the service's rule: on its field, and the title not saved either.
    assert errors(response) == {"places": ["2 applicants are already accepted: offer at least as many places."]}
    assert calls_stored() == before


def test_once_a_review_has_begun_the_criteria_stay(client, call, application, sipo_coordinator, sipo_official, score):
    score(application, sipo_official, (3, None), submit=False)
    client.force_login(sipo_coordinator)
    before = calls_stored()
    response = client.post(
        reverse("projects:call_edit", args=[call.pk]), call_post_of(call, title="New", criteria="Expertise\nPrice")
    )
    assert errors(response)["criteria"] == ["Reviews have begun: the criteria can no longer change."]
    assert "Reviews have begun: the criteria can no longer change." in text_of(response)
    assert calls_stored() == before
    # The other fields still change, the criteria posted as they are.
    assert (
        client.post(reverse("projects:call_edit", args=[call.pk]), call_post_of(call, title="New")).status_code == 302
    )
    assert Call.objects.get().title == "New"


# The application form: new.


@pytest.mark.parametrize(
    ("change", "found"),
    [
        ({"motivation": ""}, {"motivation": ["Say why you apply: an application needs a motivation."]}),
        ({"motivation": "   "}, {"motivation": ["Say why you apply: an application needs a motivation."]}),
        ({"contribution": ""}, {"contribution": ["Say what you would contribute."]}),
        (
            {"motivation": "", "contribution": ""},
            {
                "motivation": ["Say why you apply: an application needs a motivation."],
                "contribution": ["Say what you would contribute."],
            },
        ),
    ],
)
def test_an_application_submitted_without_its_motivation_or_contribution_is_refused_and_nothing_stored(
    client, call, cas_applicant, change, found
):
    client.force_login(cas_applicant)
    response = client.post(reverse("projects:apply", args=[call.pk]), once(application_post(action="submit", **change)))
    assert errors(response) == found
    for messages in found.values():
        assert messages[0] in text_of(response)
    assert ALERT in text_of(response)
    assert applications_stored() == [] and not OutboxMessage.objects.filter(kind="projects.review_requested").exists()


def test_a_draft_needs_neither_and_is_the_applicants_alone(client, call, cas_applicant):
    client.force_login(cas_applicant)
    response = client.post(
        reverse("projects:apply", args=[call.pk]),
        once(application_post(action="draft", motivation="", contribution="")),
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert application.status == ApplicationStatus.DRAFT
    assert messages_of(response) == ["Draft saved. Only you see it until you submit it."]
    assert not OutboxMessage.objects.filter(kind="projects.review_requested").exists()


def test_a_team_member_of_the_other_party_is_refused(client, call, cas_applicant, sipo_official):
    client.force_login(cas_applicant)
    data = once(application_post(action="submit", team=[sipo_official.pk]))
    found = errors(client.post(reverse("projects:apply", args=[call.pk]), data))
    assert found["team"] == ["That person cannot be chosen here. Search by name and choose someone from the list."]
    assert applications_stored() == []


def test_an_application_sent_twice_is_made_once(client, call, cas_applicant):
    client.force_login(cas_applicant)
    url = reverse("projects:apply", args=[call.pk])
    data = once(application_post(action="submit"))
    first = client.post(url, data)
    application = Application.objects.get()
    assert first.status_code == 302 and first["Location"] == application.get_absolute_url()
    second = client.post(url, data)
    assert second.status_code == 302 and second["Location"] == application.get_absolute_url()
    assert last_message(second) == ALREADY
    assert Application.objects.count() == 1
    # The reviewers were asked once.
    assert OutboxMessage.objects.filter(kind="projects.review_requested").count() == 2
    # A fresh form (another tab) finds the application made: one per applicant per call.
    third = client.post(url, once(application_post(action="submit", motivation="Again")))
    assert third.status_code == 302 and third["Location"] == application.get_absolute_url()
    assert last_message(third) == "You have already applied to this call."
    assert applications_stored() == [
        (application.pk, cas_applicant.pk, "submitted", application.motivation, application.contribution)
    ]


# The application form: editing.


def test_a_submitted_application_emptied_is_refused_and_unchanged(client, application, cas_official):
    client.force_login(cas_official)
    before = applications_stored()
    url = reverse("projects:application_edit", args=[application.pk])
    # A submitted application's page has one button, "Save changes" (action=submit); a hand-made draft
    # action is held to the same rule: it stays submitted.
    for action in ("submit", "draft"):
        response = client.post(url, application_post(action=action, motivation="", contribution=""))
        assert errors(response) == {
            "motivation": ["Say why you apply: an application needs a motivation."],
            "contribution": ["Say what you would contribute."],
        }
    assert applications_stored() == before


def test_a_draft_submitted_from_its_edit_page_needs_its_motivation(client, call, cas_official, apply):
    draft = apply(call, cas_official, submit=False, motivation="", contribution="")
    client.force_login(cas_official)
    url = reverse("projects:application_edit", args=[draft.pk])
    response = client.post(url, application_post(action="submit", motivation=" "))
    assert errors(response) == {"motivation": ["Say why you apply: an application needs a motivation."]}
    draft.refresh_from_db()
    assert (draft.status, draft.motivation, draft.submitted_at) == (ApplicationStatus.DRAFT, "", None)
    assert client.post(url, application_post(action="submit")).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED


def test_after_the_deadline_the_application_is_not_changed_and_the_page_says_when_it_closed(
    client, call, application, cas_official
):
    client.force_login(cas_official)
    url = reverse("projects:application_edit", args=[application.pk])
    before = applications_stored()
    closed = "The call closed at 25 Jun 2026, 10:00 Beijing time; no application can be made or changed after that."
    with time_machine.travel(call.closes_at, tick=False):
        for response in (client.get(url), client.post(url, application_post(action="submit", motivation="Late."))):
            assert response.status_code == 303 and response["Location"] == call.get_absolute_url()
            assert last_message(response) == closed
    assert applications_stored() == before
    assert not Participant.objects.exists()


def test_an_application_sent_again_after_the_deadline_still_leads_to_the_one_made(client, call, cas_applicant):
    """The resubmission is answered before the deadline is checked: what was made stands, nothing more is."""
    client.force_login(cas_applicant)
    url = reverse("projects:apply", args=[call.pk])
    data = once(application_post(action="submit"))
    assert client.post(url, data).status_code == 302
    application = Application.objects.get()
    with time_machine.travel(call.closes_at, tick=False):
        again = client.post(url, data)
    assert again.status_code == 302 and again["Location"] == application.get_absolute_url()
    assert last_message(again) == ALREADY
    assert Application.objects.count() == 1
