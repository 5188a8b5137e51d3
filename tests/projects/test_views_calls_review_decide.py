"""The review and decision forms through their pages: bad scores and decisions refused with a clear message and
nothing stored or changed; a full call says so; the applicant is told the decision in their own language. The
clock stands at FIXED_NOW (Beijing time)."""

import pytest
from django.urls import reverse

from cooperation.projects import services
from cooperation.projects.models import Application, ApplicationStatus, Participant, Review, Score
from protocol.notifications.models import Notification, OutboxMessage
from protocol.parties.models import Language
from tests.pages import messages_of
from tests.projects.pages import ALERT, errors, last_message, text_of

pytestmark = pytest.mark.usefixtures("fixed_clock", "english")

SCORES_1_TO_5 = "Scores are from 1 to 5."
TOO_LONG = "This can be at most 2000 characters long; it has 2001."
SAY_WHY = "Say why the application is declined: the applicant reads it."


def review_url(application) -> str:
    return reverse("projects:review", args=[application.pk])


def decide_url(application) -> str:
    return reverse("projects:decide", args=[application.pk])


def review_post(application, values, *, action="submit", comment="") -> dict:
    """The review form: a score (radio button) per criterion, None for one left unticked."""
    data = {"action": action, "comment": comment}
    for criterion, value in zip(application.call.criteria.all(), values, strict=True):
        if value is not None:
            data[f"score_{criterion.pk}"] = str(value)
        data[f"note_{criterion.pk}"] = f"On {criterion.name}"
    return data


def reviews_stored() -> tuple:
    return (
        list(Review.objects.values_list("pk", "reviewer_id", "comment", "submitted_at")),
        list(Score.objects.values_list("pk", "criterion_id", "score", "comment")),
    )


def decision_stored() -> tuple:
    return (
        list(Application.objects.values_list("pk", "status", "decided_at", "decision_comment")),
        list(Participant.objects.values_list("pk", "user_id")),
        list(OutboxMessage.objects.filter(kind__in=DECISION_KINDS).values_list("pk")),
    )


DECISION_KINDS = ["projects.accepted", "projects.waitlisted", "projects.declined"]


# Reviewing.


@pytest.mark.parametrize("values", [(6, 4), (0, 4), (4, -1), ("abc", 4), (4, "4.5")], ids=str)
@pytest.mark.parametrize("action", ["submit", "draft"])
def test_a_score_outside_1_to_5_or_not_a_number_is_refused_beside_it_and_nothing_stored(
    client, application, sipo_official, values, action
):
    client.force_login(sipo_official)
    response = client.post(review_url(application), review_post(application, values, action=action, comment="Hm"))
    bad = next(c for c, v in zip(application.call.criteria.all(), values, strict=True) if v not in (1, 2, 3, 4, 5))
    assert errors(response) == {f"score_{bad.pk}": [SCORES_1_TO_5]}
    assert SCORES_1_TO_5 in text_of(response) and ALERT in text_of(response)
    assert reviews_stored() == ([], [])


def test_submitting_without_every_score_is_refused_and_the_draft_kept_as_it_was(client, application, sipo_official):
    client.force_login(sipo_official)
    missing = "Score every criterion before submitting the review."
    response = client.post(review_url(application), review_post(application, (4, None), comment="First look"))
    assert errors(response) == {"__all__": [missing]}
    assert missing in text_of(response)
    assert reviews_stored() == ([], [])
    # As a draft it is kept, with the one score given.
    draft = client.post(review_url(application), review_post(application, (4, None), action="draft"))
    assert draft.status_code == 302
    assert messages_of(draft) == ["Review saved as a draft. Only you see it until you submit it."]
    kept = reviews_stored()
    assert [score for _pk, _criterion, score, _note in kept[1]] == [4] and kept[0][0][3] is None
    # Submitted again with a score missing: refused, the draft untouched.
    page = client.post(review_url(application), review_post(application, (None, 5), comment="Changed"))
    assert errors(page) == {"__all__": [missing]}
    assert reviews_stored() == kept
    # The draft's score is on the form again.
    assert client.get(review_url(application)).context["form"].initial == {
        f"score_{application.call.criteria.first().pk}": 4,
        f"note_{application.call.criteria.first().pk}": "On Expertise",
        "comment": "",
    }


def test_a_submitted_review_is_final(client, application, sipo_official, score):
    score(application, sipo_official, (4, 5))
    before = reviews_stored()
    client.force_login(sipo_official)
    for response in (client.get(review_url(application)),
                     client.post(review_url(application), review_post(application, (1, 1)))):  # fmt: skip
        assert response.status_code == 303 and response["Location"] == application.get_absolute_url()
        assert last_message(response) == "Your review is submitted and can no longer change."
    assert reviews_stored() == before


def test_a_withdrawn_application_is_no_longer_reviewed(client, application, cas_official, sipo_official):
    services.application_withdraw(application=application, by=cas_official)
    client.force_login(sipo_official)
    # Withdrawn, the organiser no longer sees it at all.
    assert client.post(review_url(application), review_post(application, (4, 4))).status_code == 404
    assert reviews_stored() == ([], [])


# Deciding.


@pytest.mark.parametrize(
    ("data", "found"),
    [
        ({"decision": "declined", "comment": ""}, {"comment": [SAY_WHY]}),
        ({"decision": "declined", "comment": "  \n "}, {"comment": [SAY_WHY]}),
        ({"comment": "Good."}, {"decision": ["Choose accept, waitlist or decline."]}),
        ({"decision": "maybe"}, {"decision": ["Select a valid choice. maybe is not one of the available choices."]}),
        ({"decision": "accepted", "comment": "x" * 2001}, {"comment": [TOO_LONG]}),
    ],
    ids=["decline-no-comment", "decline-blank-comment", "no-decision", "unknown-decision", "comment-too-long"],
)  # fmt: skip
def test_a_bad_decision_is_refused_and_nothing_changes(client, application, sipo_coordinator, data, found):
    client.force_login(sipo_coordinator)
    before = decision_stored()
    response = client.post(decide_url(application), data)
    assert errors(response) == found
    assert next(iter(found.values()))[0] in text_of(response)
    assert decision_stored() == before
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED


def test_waitlisting_needs_no_comment(client, application, sipo_coordinator):
    client.force_login(sipo_coordinator)
    response = client.post(decide_url(application), {"decision": "waitlisted", "comment": ""})
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert messages_of(response) == ["Li Ming is waitlisted and told so."]
    assert Application.objects.get().status == ApplicationStatus.WAITLISTED


def test_accepting_when_every_place_is_taken_says_so_and_changes_nothing(
    client, call, application, sipo_coordinator, cas_applicant, cas_coordinator, apply
):
    for person in (cas_applicant, cas_coordinator):  # the call's two places
        services.application_decide(application=apply(call, person), by=sipo_coordinator, decision="accepted",
                                    comment="")  # fmt: skip
    client.force_login(sipo_coordinator)
    assert "2 of 2 taken" in text_of(client.get(decide_url(application)))
    before = decision_stored()
    response = client.post(decide_url(application), {"decision": "accepted", "comment": ""})
    assert response.status_code == 303 and response["Location"] == application.get_absolute_url()
    assert last_message(response) == "All 2 places of this call are taken: waitlist the application instead."
    assert decision_stored() == before
    # Waitlisted instead, as the message says.
    assert client.post(decide_url(application), {"decision": "waitlisted"}).status_code == 302
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.WAITLISTED


def test_a_decided_application_is_not_decided_again_from_a_stale_page(client, application, sipo_coordinator):
    client.force_login(sipo_coordinator)
    assert client.post(decide_url(application), {"decision": "declined", "comment": "Not now."}).status_code == 302
    before = decision_stored()
    again = client.post(decide_url(application), {"decision": "accepted"})
    assert again.status_code == 303 and last_message(again) == "This application has already been decided."
    assert decision_stored() == before


# The applicant is told in their language.

# What the applicant reads, in Chinese, of each decision on cas_official's application to the call.
IN_CHINESE = {
    "accepted": ("已录用：您对“征集专利分析专家”的申请", "Zhao Lei"),
    "waitlisted": ("候补：您对“征集专利分析专家”的申请", "Zhao Lei"),
    "declined": ("未录用：您对“征集专利分析专家”的申请", "Zhao Lei未录用您的申请：名额有限，欢迎下次申请。"),
}
IN_ENGLISH = {
    "accepted": "Accepted: your application to “征集专利分析专家”",
    "waitlisted": "Waitlisted: your application to “征集专利分析专家”",
    "declined": "Declined: your application to “征集专利分析专家”",
}


@pytest.mark.parametrize("decision", list(IN_CHINESE))
def test_the_applicant_is_told_the_decision_in_their_language_whatever_the_coordinators(
    client, application, cas_official, sipo_coordinator, django_capture_on_commit_callbacks, mailoutbox, decision
):
    cas_official.preferred_language = Language.CHINESE
    cas_official.save(update_fields=["preferred_language"])
    client.force_login(sipo_coordinator)  # who reads English
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(application), {"decision": decision, "comment": "名额有限，欢迎下次申请。"})
    assert response.status_code == 302
    assert "told" in last_message(response)  # the coordinator's message in English
    subject, said = IN_CHINESE[decision]
    [mail] = [message for message in mailoutbox if message.to == [cas_official.email]]
    assert subject in mail.subject and said in mail.body
    assert 'lang="zh-hans"' in mail.alternatives[0].content
    [notice] = Notification.objects.filter(recipient=cas_official, kind=f"projects.{decision}")
    assert notice.url == application.get_absolute_url()
    # And the notice in their inbox, in Chinese.
    client.force_login(cas_official)
    assert f"未读：{subject}" in text_of(client.get(reverse("notifications:inbox")))


def test_an_applicant_reading_english_is_told_in_english(
    client, application, cas_official, sipo_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    sipo_coordinator.preferred_language = Language.CHINESE
    sipo_coordinator.save(update_fields=["preferred_language"])
    client.force_login(sipo_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(application), {"decision": "declined", "comment": "Places are limited."})
    [mail] = [message for message in mailoutbox if message.to == [cas_official.email]]
    assert IN_ENGLISH["declined"] in mail.subject
    assert "Zhao Lei declined your application: Places are limited." in mail.body
    assert 'lang="en"' in mail.alternatives[0].content
