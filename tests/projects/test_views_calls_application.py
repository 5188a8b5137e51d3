"""An application's page and its withdrawal: what each reader sees of the reviews (a reviewer the others' once
theirs is submitted, the organiser's coordinator all of them and the average, the applicant's party none), who
sees the application at all (a draft its applicant alone), and withdrawing: a confirmation first, the applicant
alone, until the deadline. The clock stands at FIXED_NOW (Beijing time); the call closes in ten days."""

import lxml.html
import pytest
import time_machine
from django.urls import reverse

from cooperation.projects import services
from cooperation.projects.models import Application, ApplicationStatus
from cooperation.projects.services import ApplicationFields
from protocol.notifications.models import OutboxMessage
from tests.pages import messages_of
from tests.projects.pages import last_message, text_of

pytestmark = pytest.mark.usefixtures("fixed_clock", "english")

# What sipo_reviewer wrote: none of it may reach a reader not entitled to it.
SUN_NOTE = "Sun: strong on battery chemistry"
SUN_COMMENT = "Sun overall: a good fit for the analysis work."
WANG_DRAFT = "Wang draft: still reading the attachments"
WANG_COMMENT = "Wang overall: recommended."


def page(client, application):
    response = client.get(application.get_absolute_url())
    assert response.status_code == 200
    return response


def reviews_shown(response) -> dict[str, list[str]]:
    """Reviewer's username → the scores shown in their review."""
    html = lxml.html.fromstring(response.content.decode())
    return {
        article.get("data-reviewer"): [cell.text_content().strip() for cell in article.xpath(".//td[@class='score']")]
        for article in html.xpath("//article[contains(@class, 'review')]")
    }


def review_post(application, values, *, action="submit", comment="", notes=()) -> dict:
    data = {"action": action, "comment": comment}
    for criterion, value, note in zip(application.call.criteria.all(), values, [*notes, "", ""], strict=False):
        if value is not None:
            data[f"score_{criterion.pk}"] = str(value)
        data[f"note_{criterion.pk}"] = note
    return data


@pytest.fixture
def reviewed_by_sun(application, sipo_reviewer):
    """sipo_reviewer's submitted review of cas_official's application: 2 and 3, with a note and a comment."""
    expertise, availability = application.call.criteria.all()
    services.review_save(application=application, by=sipo_reviewer, comment=SUN_COMMENT, submit=True,
                         scores={expertise.pk: (2, SUN_NOTE), availability.pk: (3, "")})  # fmt: skip
    return application


def assert_nothing_of_the_reviews(response) -> None:
    text = text_of(response)
    for secret in (SUN_NOTE, SUN_COMMENT, WANG_DRAFT, WANG_COMMENT):
        assert secret not in text
    assert reviews_shown(response) == {}
    assert "Average score" not in text and "Reviews" not in text


# The reviews on the application's page.


def test_a_reviewer_reads_the_others_scores_only_once_theirs_is_submitted(client, reviewed_by_sun, sipo_official):
    application = reviewed_by_sun
    client.force_login(sipo_official)
    before = page(client, application)
    assert_nothing_of_the_reviews_but_the_heading(before)
    assert "Not begun. You read the other reviewers' scores once yours is submitted." in text_of(before)
    # Their own draft changes nothing of that.
    review_url = reverse("projects:review", args=[application.pk])
    draft = client.post(review_url, review_post(application, (5, None), action="draft", comment=WANG_DRAFT))
    assert draft.status_code == 302
    with_draft = page(client, application)
    assert_nothing_of_the_reviews_but_the_heading(with_draft)
    assert "A draft: submit it to read the other reviewers' scores." in text_of(with_draft)
    assert "Continue your review" in text_of(with_draft)
    # Submitted: both reviews, scores and comments.
    submitted = client.post(review_url, review_post(application, (5, 4), comment=WANG_COMMENT))
    assert submitted.status_code == 302 and submitted["Location"] == application.get_absolute_url()
    assert messages_of(submitted) == ["Review submitted. You now see the other reviewers' scores."]
    after = page(client, application)
    assert reviews_shown(after) == {"sipo_reviewer": ["2", "3"], "sipo_official": ["5", "4"]}
    for text in (SUN_NOTE, SUN_COMMENT, WANG_COMMENT):
        assert text in text_of(after)
    assert WANG_DRAFT not in text_of(after)
    # A reviewer reads no average: that is the coordinator's.
    assert "Average score" not in text_of(after)


def assert_nothing_of_the_reviews_but_the_heading(response) -> None:
    text = text_of(response)
    for secret in (SUN_NOTE, SUN_COMMENT):
        assert secret not in text
    assert reviews_shown(response) == {}
    assert "The other reviewers' scores are shown once you have submitted your review." in text


def test_the_coordinator_reads_every_submitted_review_the_average_and_who_is_missing(
    client, reviewed_by_sun, sipo_official, sipo_coordinator, score
):
    application = reviewed_by_sun
    score(application, sipo_official, (5, None), submit=False)  # a draft: neither shown nor counted
    client.force_login(sipo_coordinator)
    response = page(client, application)
    assert reviews_shown(response) == {"sipo_reviewer": ["2", "3"]}
    assert SUN_NOTE in text_of(response) and SUN_COMMENT in text_of(response)
    assert "Average score: 2.50" in text_of(response)
    missing = lxml.html.fromstring(response.content.decode()).xpath("//ul[@class='reviews-missing']/li/text()")
    assert missing == ["Wang Fang"]
    score(application, sipo_official, (5, 4))
    response = page(client, application)
    assert reviews_shown(response) == {"sipo_reviewer": ["2", "3"], "sipo_official": ["5", "4"]}
    assert "Average score: 3.50" in text_of(response)
    assert "Every reviewer has submitted a review." in text_of(response)
    assert reverse("projects:decide", args=[application.pk]) in response.text


def test_the_applicant_and_their_team_never_read_the_reviews_before_or_after_the_decision(
    client, call, cas_official, cas_applicant, sipo_official, sipo_coordinator, apply, score
):
    application = apply(call, cas_official, team=[cas_applicant])
    expertise, availability = call.criteria.all()
    services.review_save(application=application, by=sipo_official, comment=SUN_COMMENT, submit=True,
                         scores={expertise.pk: (5, SUN_NOTE), availability.pk: (4, "")})  # fmt: skip
    reader_pages = [application.get_absolute_url(), call.get_absolute_url(), reverse("projects:applications")]
    for reader in (cas_official, cas_applicant):
        client.force_login(reader)
        assert_nothing_of_the_reviews(page(client, application))
        for url in reader_pages[1:]:
            assert SUN_NOTE not in text_of(client.get(url)) and "4.50" not in text_of(client.get(url))
    services.application_decide(application=application, by=sipo_coordinator, decision="accepted", comment="Welcome.")
    for reader in (cas_official, cas_applicant):
        client.force_login(reader)
        response = page(client, application)
        assert_nothing_of_the_reviews(response)
        assert "Accepted" in text_of(response) and "Welcome." in text_of(response)
        # Nor does the review page exist for them.
        assert client.get(reverse("projects:review", args=[application.pk])).status_code == 404


@pytest.mark.parametrize("username", ["cas_coordinator", "cas_docadmin", "cas_applicant"])
def test_the_other_partys_staff_who_did_not_apply_get_404(client, reviewed_by_sun, personas, cas_applicant, username):
    reader = cas_applicant if username == "cas_applicant" else personas[username]
    client.force_login(reader)
    for name in ("application", "application_edit", "application_withdraw", "review", "decide"):
        url = reverse(f"projects:{name}", args=[reviewed_by_sun.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"decision": "accepted", "motivation": "x"}).status_code == 404, name
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED


def test_a_draft_is_its_applicants_alone(client, call, cas_official, cas_applicant, personas, apply):
    draft = apply(call, cas_official, submit=False, team=[cas_applicant])
    client.force_login(cas_official)
    assert "A draft: only you see it until you submit it." in text_of(page(client, draft))
    # Not their colleagues', not even the team's; not the organiser's.
    for reader in (
        cas_applicant,
        *(personas[name] for name in ("cas_coordinator", "sipo_official", "sipo_coordinator")),
    ):
        client.force_login(reader)
        assert client.get(draft.get_absolute_url()).status_code == 404, reader.username
    services.application_update(application=draft, by=cas_official, submit=True,
                                fields=ApplicationFields(motivation=draft.motivation, contribution=draft.contribution,
                                                         team=[cas_applicant]))  # fmt: skip
    for reader in (cas_applicant, personas["sipo_official"], personas["sipo_coordinator"]):
        client.force_login(reader)
        assert client.get(draft.get_absolute_url()).status_code == 200, reader.username


# Withdrawing.


def withdraw_url(application) -> str:
    return reverse("projects:application_withdraw", args=[application.pk])


def test_withdrawing_asks_first_then_withdraws(client, application, cas_official):
    client.force_login(cas_official)
    assert withdraw_url(application) in page(client, application).text
    confirm = client.get(withdraw_url(application))
    assert confirm.status_code == 200
    assert "Withdraw your application?" in text_of(confirm)
    assert "25 Jun 2026, 10:00 Beijing time" in text_of(confirm)
    assert 'method="post"' in confirm.text
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED  # asking changed nothing
    response = client.post(withdraw_url(application))
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert messages_of(response) == ["Application withdrawn. You may submit it again until the deadline."]
    assert Application.objects.get().status == ApplicationStatus.WITHDRAWN
    # The reviewers are no longer asked; the organiser no longer sees it.
    assert not OutboxMessage.objects.filter(kind="projects.review_requested", done_at__isnull=True).exists()
    assert withdraw_url(application) not in page(client, application).text


@pytest.mark.parametrize(("username", "code"), [("sipo_official", 403), ("sipo_coordinator", 403),
                                                ("cas_applicant", 403), ("cas_coordinator", 404)])  # fmt: skip
def test_nobody_but_the_applicant_withdraws(client, call, cas_official, cas_applicant, personas, apply, username, code):
    """Who sees the application (the organiser's reviewers and coordinator, the team) is refused (403), as in
    permissions.can_withdraw; whoever does not see it gets 404."""
    application = apply(call, cas_official, team=[cas_applicant])
    client.force_login(cas_applicant if username == "cas_applicant" else personas[username])
    assert client.get(withdraw_url(application)).status_code == code
    assert client.post(withdraw_url(application)).status_code == code
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED
    if code == 403:
        assert withdraw_url(application) not in page(client, application).text


def test_only_a_submitted_application_is_withdrawn(client, call, cas_official, apply):
    draft = apply(call, cas_official, submit=False)
    client.force_login(cas_official)
    for response in (client.get(withdraw_url(draft)), client.post(withdraw_url(draft))):
        assert response.status_code == 303 and response["Location"] == draft.get_absolute_url()
        assert last_message(response) == "Only a submitted application can be withdrawn."
    assert Application.objects.get().status == ApplicationStatus.DRAFT


def test_a_decided_application_is_not_withdrawn(client, application, cas_official, sipo_coordinator):
    services.application_decide(application=application, by=sipo_coordinator, decision="waitlisted", comment="")
    client.force_login(cas_official)
    response = client.post(withdraw_url(application))
    assert response.status_code == 303 and last_message(response) == "Only a submitted application can be withdrawn."
    assert Application.objects.get().status == ApplicationStatus.WAITLISTED


def test_after_the_deadline_withdrawing_is_refused_with_the_closing_time(client, call, application, cas_official):
    client.force_login(cas_official)
    closed = "The call closed at 25 Jun 2026, 10:00 Beijing time; no application can be made or changed after that."
    with time_machine.travel(call.closes_at, tick=False):
        for response in (client.get(withdraw_url(application)), client.post(withdraw_url(application))):
            assert response.status_code == 303 and response["Location"] == call.get_absolute_url()
            assert last_message(response) == closed
        assert withdraw_url(application) not in page(client, application).text
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED
