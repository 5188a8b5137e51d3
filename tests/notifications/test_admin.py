"""The outbox in the admin: a portal admin sees what failed and why, and sends it again once the
mail server is back. Nobody else gets in."""

import re

import lxml.html
import pytest
from django.contrib import messages
from django.urls import reverse
from django.utils import timezone

from protocol.activities.notifications import ACTIVITY_LOGGED
from protocol.notifications import identity, outbox
from protocol.notifications.models import Channel, Notification, NotificationPreference, OutboxMessage, OutboxStatus
from tests.factories import UserFactory

CHANGELIST = reverse("admin:notifications_outboxmessage_changelist")
ADMIN_LOGIN = reverse("admin:login")
REFUSAL = "SMTPException: 451 4.3.0 Mail server temporarily unavailable"


@pytest.fixture
def deliver_to(settings, smtp, cas_logged, django_capture_on_commit_callbacks):
    """One activity.logged row for `recipient`, delivered as after commit while the mail server is up or down.
    One attempt only, so a refusal leaves the row failed at once."""
    settings.OUTBOX_MAX_ATTEMPTS = 1

    def deliver(recipient, *, server_down: bool) -> OutboxMessage:
        smtp.down = server_down
        with django_capture_on_commit_callbacks(execute=True):
            [pk] = outbox.enqueue(
                kind=ACTIVITY_LOGGED,
                recipients=[recipient],
                target=cas_logged,
                params={"actor": "Li Ming", "title": cas_logged.title},
            )
        smtp.down = False
        return OutboxMessage.objects.get(pk=pk)

    return deliver


@pytest.fixture
def failed(deliver_to, sipo_coordinator):
    row = deliver_to(sipo_coordinator, server_down=True)
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.FAILED, 1, REFUSAL)
    return row


@pytest.fixture
def sent(deliver_to, sipo_official):
    row = deliver_to(sipo_official, server_down=False)
    assert row.status == OutboxStatus.SENT
    return row


def row_html(page: str, row: OutboxMessage) -> str:
    match = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*/outboxmessage/{row.pk}/change/.*?</tr>", page, re.S)
    assert match, f"row {row.pk} is listed"
    return match[0]


def cells(page: str, row: OutboxMessage) -> dict[str, str]:
    """{column: text} for the row, by the changelist's column classes (field-status, field-attempts, …)."""
    tr = lxml.html.fromstring(row_html(page, row))
    return {
        cell.get("class").removeprefix("field-"): cell.text_content().strip()
        for cell in tr.xpath("./td|./th")
        if (cell.get("class") or "").startswith("field-")
    }


def messages_of(response) -> list[tuple[int, str]]:
    return [(message.level, str(message)) for message in response.context["messages"]]


def retry(client, *rows):
    return client.post(CHANGELIST, {"action": "retry_failed", "_selected_action": [row.pk for row in rows]})


def test_the_changelist_shows_status_attempts_and_the_last_error_of_failed_rows(client, portal_admin, failed, sent):
    client.force_login(portal_admin)

    page = client.get(CHANGELIST).content.decode()

    shown = cells(page, failed)
    assert shown["status"] == "Failed"
    assert shown["attempts"] == "1"
    assert shown["short_error"] == REFUSAL
    assert cells(page, sent)["status"] == "Sent"
    assert cells(page, sent)["short_error"] == "-"  # empty: the admin's placeholder
    assert "Retry the selected failed messages" in page


def test_a_long_error_is_cut_short_in_the_list(client, portal_admin, failed):
    OutboxMessage.objects.filter(pk=failed.pk).update(last_error="SMTPException: " + "x" * 500)
    client.force_login(portal_admin)

    shown = cells(client.get(CHANGELIST).content.decode(), failed)

    assert shown["short_error"] == ("SMTPException: " + "x" * 500)[:80]


def test_the_changelist_filters_by_status(client, portal_admin, failed, sent, deliver_to, cas_coordinator):
    failed_too = deliver_to(cas_coordinator, server_down=True)
    client.force_login(portal_admin)

    response = client.get(CHANGELIST, {"status__exact": OutboxStatus.FAILED})

    assert response.status_code == 200
    assert sorted(row.pk for row in response.context["cl"].result_list) == [failed.pk, failed_too.pk]
    assert f"/outboxmessage/{sent.pk}/change/" not in response.content.decode()
    sent_only = client.get(CHANGELIST, {"status__exact": OutboxStatus.SENT}).context["cl"].result_list
    assert [row.pk for row in sent_only] == [sent.pk]


def test_retrying_a_failed_row_queues_it_afresh_and_delivers_it(
    client, portal_admin, failed, sipo_coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    assert mailoutbox == []
    assert Notification.objects.filter(outbox=failed).count() == 1  # in the inbox since the first attempt
    client.force_login(portal_admin)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = retry(client, failed)

    assert response.status_code == 302 and response.url == CHANGELIST
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboxStatus.PENDING, 0)
    assert failed.next_attempt_at <= timezone.now()
    assert mailoutbox == []

    for callback in callbacks:  # the commit: published, and (eagerly) delivered
        callback()

    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.channel) == (OutboxStatus.SENT, 1, Channel.IMMEDIATE)
    assert failed.sent_at is not None
    [email] = mailoutbox
    assert email.to == [sipo_coordinator.email]
    assert email.extra_headers["Message-ID"] == f"<{identity.unique_id('outbox', failed.pk)}>"
    assert Notification.objects.filter(outbox=failed).count() == 1
    page = client.get(CHANGELIST)
    assert messages_of(page) == [(messages.SUCCESS, "1 message queued again.")]
    assert cells(page.content.decode(), failed)["status"] == "Sent"


def test_retrying_a_sent_row_retries_nothing_and_warns(
    client, portal_admin, sent, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    before = OutboxMessage.objects.values().get(pk=sent.pk)
    client.force_login(portal_admin)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = retry(client, sent)

    assert callbacks == []
    assert OutboxMessage.objects.values().get(pk=sent.pk) == before
    assert mailoutbox == []
    assert messages_of(client.get(response.url)) == [(messages.WARNING, "0 messages queued again.")]


def test_only_the_failed_rows_of_a_mixed_selection_are_retried(
    client, portal_admin, failed, sent, deliver_to, cas_coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    failed_too = deliver_to(cas_coordinator, server_down=True)
    mailoutbox.clear()
    client.force_login(portal_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = retry(client, failed, sent, failed_too)

    statuses = dict(OutboxMessage.objects.values_list("pk", "status"))
    assert statuses == {failed.pk: OutboxStatus.SENT, sent.pk: OutboxStatus.SENT, failed_too.pk: OutboxStatus.SENT}
    assert sorted(email.to[0] for email in mailoutbox) == [
        "cas_coordinator@example.org",
        "sipo_coordinator@example.org",
    ]
    assert messages_of(client.get(response.url)) == [(messages.SUCCESS, "2 messages queued again.")]


def test_a_retry_while_the_mail_server_is_still_down_fails_again_and_can_be_retried_again(
    client, portal_admin, failed, smtp, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(portal_admin)
    smtp.down = True
    with django_capture_on_commit_callbacks(execute=True):
        retry(client, failed)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboxStatus.FAILED, 1)

    smtp.down = False
    with django_capture_on_commit_callbacks(execute=True):
        retry(client, failed)
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.SENT
    assert len(mailoutbox) == 1
    assert len(smtp.refused) == 2  # the first delivery and the first retry


@pytest.mark.parametrize("persona", ["cas_coordinator", "sipo_docadmin", "outsider"])
def test_other_users_are_sent_to_the_admin_login(client, personas, persona, failed, mailoutbox):
    client.force_login(personas[persona])

    for response in (client.get(CHANGELIST), retry(client, failed)):
        assert response.status_code == 302
        assert response.url == f"{ADMIN_LOGIN}?next={CHANGELIST}"

    failed.refresh_from_db()
    assert failed.status == OutboxStatus.FAILED
    assert mailoutbox == []


def test_anonymous_visitors_are_sent_to_the_admin_login(client, failed):
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and response.url == f"{ADMIN_LOGIN}?next={CHANGELIST}"


def test_staff_without_the_permission_may_not_see_or_retry(client, failed, mailoutbox):
    staff = UserFactory(username="helpdesk", party=None, is_staff=True)
    client.force_login(staff)

    assert client.get(CHANGELIST).status_code == 403
    assert retry(client, failed).status_code == 403
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.FAILED


def test_rows_cannot_be_added_by_hand(client, portal_admin):
    client.force_login(portal_admin)
    assert client.get(reverse("admin:notifications_outboxmessage_add")).status_code == 403


def test_a_retried_row_follows_the_recipients_switch_to_the_digest(
    client, portal_admin, failed, sipo_coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    # After the failure, and before the admin's retry, the coordinator takes these by digest.
    NotificationPreference.objects.create(user=sipo_coordinator, kind=ACTIVITY_LOGGED.key, channel=Channel.DIGEST)
    client.force_login(portal_admin)

    with django_capture_on_commit_callbacks(execute=True):
        retry(client, failed)

    failed.refresh_from_db()
    assert (failed.status, failed.channel) == (OutboxStatus.SENT, Channel.DIGEST)
    assert mailoutbox == []
    notification = Notification.objects.get(outbox=failed)
    assert (notification.channel, notification.digest) == (Channel.DIGEST, None)  # the next digest carries it
