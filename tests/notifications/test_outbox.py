"""The outbox promise: a committed change is notified exactly once, in the recipient's
language; a rolled-back change never; nothing is lost when the broker or SMTP is down."""

import re
import time
from datetime import UTC, date, datetime, timedelta
from email.header import decode_header, make_header
from email.utils import parseaddr

import pytest
import time_machine
from django.core.mail.backends import locmem
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from protocol.activities import services
from protocol.activities.models import Activity, Status
from protocol.activities.notifications import ACTIVITY_LOGGED
from protocol.notifications import identity, outbox
from protocol.notifications.digests import DIGEST
from protocol.notifications.models import Digest, Notification, OutboxMessage, OutboxStatus
from protocol.notifications.services import notification_mark_read
from protocol.notifications.tasks import deliver_outbox_task
from protocol.parties.roles import Role
from tests.factories import UserFactory

CJK = re.compile(r"[\u4e00-\u9fff]")


class Abort(Exception):
    """Something later in the caller's transaction fails."""


def log_activity(author, fields):
    return services.activity_create(author=author, fields=fields, log=True)


def test_a_rolled_back_change_leaves_no_outbox_row_and_sends_nothing(
    cas_official, joint_fields, sipo_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Abort), transaction.atomic():
        log_activity(cas_official, joint_fields)
        assert OutboxMessage.objects.filter(recipient=sipo_coordinator).exists()  # written, then undone
        raise Abort

    assert callbacks == []
    assert not Activity.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_a_committed_change_is_delivered_once_however_often_the_task_runs(
    cas_official, joint_fields, sipo_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        activity = log_activity(cas_official, joint_fields)
    # One delivery scheduled (the other callbacks refresh the dashboard's cached counts).
    # (Matched loosely: `make mutation` runs this with enqueue renamed by mutmut's trampoline.)
    assert sum(re.fullmatch(r"\w*enqueue\w*\.<locals>\.<lambda>", c.__qualname__) is not None for c in callbacks) == 1
    message = OutboxMessage.objects.get()

    # A redelivered task message, a second worker, the beat sweep: none delivers again.
    deliver_outbox_task.delay(message.pk)
    deliver_outbox_task.apply(args=[message.pk])
    assert outbox.deliver(message_id=message.pk) is False
    assert outbox.sweep() == 0

    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 1)
    notification = Notification.objects.get()
    assert (notification.recipient, notification.outbox, notification.url) == (
        sipo_coordinator,
        message,
        activity.get_absolute_url(),
    )
    assert [m.to for m in mailoutbox] == [[sipo_coordinator.email]]


def test_a_commit_while_the_broker_is_down_keeps_the_change_and_the_sweep_delivers_it_later(
    cas_official,
    joint_fields,
    sipo_coordinator,
    unreachable_broker,
    django_capture_on_commit_callbacks,
    mailoutbox,
    caplog,
    settings,
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        activity = log_activity(cas_official, joint_fields)
    publishing_took = time.monotonic() - started

    # The user's request is not held up by connection retries: one refused connect, then give up.
    assert publishing_took < settings.CELERY_BROKER_CONNECTION_TIMEOUT
    assert "not published; the sweep will deliver it" in caplog.text
    assert Activity.objects.get(pk=activity.pk).status == Status.LOGGED
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)
    assert not Notification.objects.exists()
    assert mailoutbox == []

    assert outbox.sweep() == 1
    assert outbox.sweep() == 0

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert Notification.objects.get().recipient == sipo_coordinator
    assert [m.to for m in mailoutbox] == [[sipo_coordinator.email]]


START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def test_smtp_failures_are_recorded_retried_with_backoff_and_given_up_after_the_last_attempt(
    cas_official, joint_fields, sipo_coordinator, smtp, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_SECONDS = 60
    smtp.down = True

    with time_machine.travel(START, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            log_activity(cas_official, joint_fields)
        message = OutboxMessage.objects.get()
        assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
        assert message.last_error.startswith("SMTPException: 451")
        assert message.next_attempt_at == START + timedelta(seconds=60)

        clock.shift(timedelta(seconds=59))
        assert outbox.sweep() == 0
        message.refresh_from_db()
        assert message.attempts == 1, "a sweep before the retry is due must leave the row alone"

        clock.shift(timedelta(seconds=1))
        assert outbox.sweep() == 0
        message.refresh_from_db()
        assert (message.status, message.attempts) == (OutboxStatus.PENDING, 2)
        assert message.next_attempt_at == START + timedelta(seconds=60 + 120)

        clock.shift(timedelta(seconds=119))
        outbox.sweep()
        message.refresh_from_db()
        assert message.attempts == 2

        clock.shift(timedelta(seconds=1))
        outbox.sweep()
        message.refresh_from_db()
        assert (message.status, message.attempts) == (OutboxStatus.FAILED, 3)

        smtp.down = False
        clock.shift(timedelta(days=1))
        assert outbox.sweep() == 0

    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 3)
    assert len(smtp.refused) == 3
    assert mailoutbox == []
    # The in-app notification was made at the first attempt and never duplicated.
    assert Notification.objects.filter(recipient=sipo_coordinator).count() == 1


def test_a_task_delivered_again_while_its_row_waits_for_its_retry_leaves_the_row_alone(
    cas_official, joint_fields, sipo_coordinator, smtp, django_capture_on_commit_callbacks, mailoutbox, settings
):
    """A broker redelivers a task (acks_late, a worker lost): the claim itself must respect the backoff,
    not only the sweep's filter."""
    settings.OUTBOX_RETRY_SECONDS = 60
    smtp.down = True
    with time_machine.travel(START, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            log_activity(cas_official, joint_fields)
        message = OutboxMessage.objects.get()
        smtp.down = False
        clock.shift(timedelta(seconds=59))

        deliver_outbox_task(message.pk)

        message.refresh_from_db()
        assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
        assert mailoutbox == []
        clock.shift(timedelta(seconds=1))
        deliver_outbox_task(message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 2)
    assert len(mailoutbox) == 1


def test_an_e_mail_that_failed_is_sent_by_the_first_sweep_after_smtp_recovers_with_the_same_message_id(
    cas_official, joint_fields, sipo_coordinator, smtp, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.OUTBOX_RETRY_SECONDS = 60
    smtp.down = True
    with time_machine.travel(START, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            log_activity(cas_official, joint_fields)
        # The in-app notification is there at once; the coordinator reads it before the e-mail goes out.
        read = Notification.objects.get(recipient=sipo_coordinator)
        notification_mark_read(notification=read)
        smtp.down = False
        clock.shift(timedelta(seconds=60))
        assert outbox.sweep() == 1
        assert outbox.sweep() == 0

    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts, message.sent_at) == (OutboxStatus.SENT, 2, START + timedelta(seconds=60))
    [notification] = Notification.objects.filter(recipient=sipo_coordinator)
    assert (notification.pk, notification.is_unread) == (read.pk, False), "the retry must not renew the notification"
    assert len(mailoutbox) == 1
    stable_id = f"<{identity.unique_id('outbox', message.pk)}>"
    # A mail server that accepted the first attempt after all can drop the second as a duplicate.
    assert smtp.refused[0].message()["Message-ID"] == stable_id
    assert mailoutbox[0].message()["Message-ID"] == stable_id


def test_the_e_mail_carries_a_message_id_made_from_the_outbox_row(
    cas_official,
    joint_fields,
    sipo_coordinator,
    cas_coordinator,
    sipo_coordinator_2,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    second = sipo_coordinator_2
    with django_capture_on_commit_callbacks(execute=True):
        log_activity(cas_official, joint_fields)

    sent = {m.to[0]: m.message()["Message-ID"] for m in mailoutbox}
    expected = {
        row.recipient.email: f"<{identity.unique_id('outbox', row.pk)}>"
        for row in OutboxMessage.objects.select_related("recipient")
    }
    assert sent == expected
    assert set(sent) == {sipo_coordinator.email, second.email}


def test_nothing_is_delivered_about_an_activity_the_recipient_can_no_longer_see(
    cas_official, joint_fields, sipo_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        activity = log_activity(cas_official, joint_fields)
    # Before delivery the activity is back to a draft, which only CAS may see.
    Activity.objects.filter(pk=activity.pk).update(status=Status.DRAFT)
    for callback in callbacks:
        callback()

    message = OutboxMessage.objects.get()
    assert message.recipient == sipo_coordinator
    assert message.status == OutboxStatus.WITHHELD
    assert outbox.sweep() == 0
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_nothing_is_delivered_to_a_recipient_deactivated_before_delivery(
    cas_official, joint_fields, sipo_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        log_activity(cas_official, joint_fields)
    sipo_coordinator.is_active = False
    sipo_coordinator.save(update_fields=["is_active"])
    for callback in callbacks:
        callback()

    assert OutboxMessage.objects.get().status == OutboxStatus.WITHHELD
    assert not Notification.objects.exists()
    assert mailoutbox == []


@pytest.fixture
def sipo_coordinator_zh(sipo):
    return UserFactory(
        username="sipo_coordinator_zh",
        full_name="Sun Li",
        party=sipo,
        roles=[Role.COORDINATOR],
        preferred_language="zh-hans",
    )


def test_each_recipient_gets_the_e_mail_in_their_own_language(
    cas_official, joint_fields, sipo_coordinator, sipo_coordinator_zh, django_capture_on_commit_callbacks, mailoutbox
):
    # Whatever language the author's request was in, each recipient gets their own.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        log_activity(cas_official, joint_fields)

    mail = {m.to[0]: m for m in mailoutbox}
    english, chinese = mail[sipo_coordinator.email], mail[sipo_coordinator_zh.email]
    params = {"actor": "Li Ming", "title": "AI patent landscape"}
    with translation.override("zh-hans"):
        expected_chinese_subject = f"[{gettext('CAS–SIPO Cooperation')}] {ACTIVITY_LOGGED.render_subject(params)}"
    assert english.subject == "[CAS–SIPO Cooperation] Li Ming logged “AI patent landscape” — please confirm it"
    assert chinese.subject == expected_chinese_subject
    assert CJK.search(chinese.subject), "the zh_Hans catalogue should translate the subject"
    assert not CJK.search(english.subject + english.body)
    assert "Sun Li" in chinese.body and CJK.search(chinese.body)
    html = chinese.alternatives[0].content
    assert CJK.search(html)


def test_the_html_e_mail_declares_the_recipients_language(
    cas_official, joint_fields, sipo_coordinator, sipo_coordinator_zh, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        log_activity(cas_official, joint_fields)

    html_lang = {m.to[0]: re.search(r'<html lang="([^"]*)"', m.alternatives[0].content)[1] for m in mailoutbox}
    assert html_lang == {sipo_coordinator.email: "en", sipo_coordinator_zh.email: "zh-hans"}


# What every e-mail carries: automatic mail, a way to stop it, the portal's name as sender.


def test_every_e_mail_says_it_is_automatic_and_links_to_the_settings_to_stop_it(
    settings, cas_official, joint_fields, sipo_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    settings.SITE_URL = "https://portal.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        log_activity(cas_official, joint_fields)

    [message] = [mail.message() for mail in mailoutbox]
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe"] == "<https://portal.example.org/notifications/preferences/>"


def test_the_sender_is_the_portal_by_name_in_the_readers_language(
    settings,
    cas_official,
    joint_fields,
    sipo_coordinator,
    sipo_coordinator_zh,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    settings.DEFAULT_FROM_EMAIL = "Portal Mailer <noreply@portal.example.org>"
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        log_activity(cas_official, joint_fields)

    senders = {mail.to[0]: parseaddr(str(make_header(decode_header(mail.message()["From"])))) for mail in mailoutbox}
    assert senders == {
        sipo_coordinator.email: ("Cooperation Protocol Portal", "noreply@portal.example.org"),
        sipo_coordinator_zh.email: ("合作协议门户", "noreply@portal.example.org"),
    }


# The sweep (make mutation found these unguarded).


def test_a_sweep_of_one_row_takes_the_oldest_row_still_due_not_one_already_sent_or_in_backoff(
    cas_official, joint_fields, sipo_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    # Rows the sweep may not deliver must not take the places of its batch: behind 500 of them nothing would go.
    with django_capture_on_commit_callbacks(execute=False):
        for _ in range(3):
            log_activity(cas_official, joint_fields)
    sent, waiting, due = OutboxMessage.objects.order_by("pk")
    OutboxMessage.objects.filter(pk=sent.pk).update(status=OutboxStatus.SENT)
    OutboxMessage.objects.filter(pk=waiting.pk).update(next_attempt_at=timezone.now() + timedelta(hours=1))

    assert outbox.sweep(limit=1) == 1

    assert OutboxMessage.objects.get(pk=due.pk).status == OutboxStatus.SENT
    assert OutboxMessage.objects.get(pk=waiting.pk).status == OutboxStatus.PENDING
    assert len(mailoutbox) == 1


def test_a_sweep_counts_what_it_sent_not_what_it_withheld(
    cas_official, joint_fields, sipo_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False):
        activity = log_activity(cas_official, joint_fields)
    Activity.objects.filter(pk=activity.pk).update(status=Status.DRAFT)  # no longer SIPO's to see

    assert outbox.sweep() == 0
    assert OutboxMessage.objects.get().status == OutboxStatus.WITHHELD
    assert mailoutbox == []


def test_a_sweep_sends_its_e_mails_over_one_connection(
    cas_official, joint_fields, sipo_coordinator, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    opened = []
    initialise = locmem.EmailBackend.__init__

    def counted(backend, *args, **kwargs):
        opened.append(backend)
        initialise(backend, *args, **kwargs)

    with django_capture_on_commit_callbacks(execute=False):
        log_activity(cas_official, joint_fields)
        log_activity(cas_official, joint_fields)
    monkeypatch.setattr(locmem.EmailBackend, "__init__", counted)

    assert outbox.sweep() == 2
    assert len(mailoutbox) == 2
    assert len(opened) == 1


def test_a_digest_found_empty_when_sent_is_withheld_with_no_attempt_counted(
    sipo_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    # Everything it held was read (or became invisible) between building it and sending it.
    digest = Digest.objects.create(recipient=sipo_coordinator, day=date(2026, 3, 2))
    with django_capture_on_commit_callbacks(execute=False):
        [row_id] = outbox.enqueue(kind=DIGEST, recipients=[sipo_coordinator], target=digest)

    assert outbox.deliver(message_id=row_id) is False
    row = OutboxMessage.objects.get(pk=row_id)
    # Only the status changes: the mail server was never tried, so no attempt, channel or time is recorded.
    assert (row.status, row.attempts, row.channel, row.sent_at) == (OutboxStatus.WITHHELD, 0, "", None)
    assert mailoutbox == []


# The claim, the reminders' dedupe and the failure path in detail (make mutation found these unguarded).


def test_a_reminder_is_written_once_per_recipient_however_often_it_runs_and_only_its_new_rows_are_returned(
    cas_logged, cas_official, sipo_official, cas_coordinator, sipo_coordinator
):
    def remind(*people, key="reminder-1"):
        return outbox.enqueue(kind=ACTIVITY_LOGGED, recipients=people, target=cas_logged, dedupe_key=key)

    first = remind(cas_coordinator, sipo_coordinator)
    assert sorted(first) == sorted(OutboxMessage.objects.values_list("pk", flat=True)) and len(first) == 2
    # The same reminder for someone else, and another reminder for the newcomer below.
    remind(cas_official)
    remind(sipo_official, key="reminder-2")
    again = remind(sipo_coordinator, cas_coordinator, sipo_official)
    assert again == [OutboxMessage.objects.get(dedupe_key="reminder-1", recipient=sipo_official).pk]
    assert remind(cas_coordinator) == []
    assert OutboxMessage.objects.filter(dedupe_key="reminder-1").count() == 4


def test_a_delivery_sends_its_own_row_and_its_e_mail_links_the_record(
    cas_logged, cas_coordinator, sipo_coordinator, mailoutbox, settings
):
    (waiting,) = outbox.enqueue(kind=ACTIVITY_LOGGED, recipients=[sipo_coordinator], target=cas_logged)
    (mine,) = outbox.enqueue(kind=ACTIVITY_LOGGED, recipients=[cas_coordinator], target=cas_logged)
    assert outbox.deliver(message_id=mine) is True
    statuses = dict(OutboxMessage.objects.values_list("pk", "status"))
    assert statuses == {waiting: OutboxStatus.PENDING, mine: OutboxStatus.SENT}
    (email,) = mailoutbox
    assert email.to == [cas_coordinator.email]
    assert f"{settings.SITE_URL}{cas_logged.get_absolute_url()}" in email.body
    # The area the row was written for is the notification's (the inbox filters by it).
    assert set(OutboxMessage.objects.values_list("area", flat=True)) == {"research"}
    assert Notification.objects.get().area == "research"


def test_a_long_smtp_error_is_kept_to_2000_characters_logged_and_forgotten_once_the_e_mail_goes(
    cas_logged, sipo_coordinator, smtp, mailoutbox, caplog
):
    import logging
    import smtplib

    def refuse(backend, messages):
        raise smtplib.SMTPException("4" * 3000)

    smtp.send_messages = refuse
    (pk,) = outbox.enqueue(kind=ACTIVITY_LOGGED, recipients=[sipo_coordinator], target=cas_logged)
    with caplog.at_level(logging.WARNING, logger="protocol.notifications.outbox"):
        assert outbox.deliver(message_id=pk) is False
    message = OutboxMessage.objects.get(pk=pk)
    assert message.last_error == ("SMTPException: " + "4" * 3000)[:2000]
    logged = [record.getMessage() for record in caplog.records]
    assert any(line.startswith(f"Outbox message {pk}: e-mail failed (SMTPException: 4444") for line in logged)
    del smtp.send_messages  # the server is back
    OutboxMessage.objects.filter(pk=pk).update(next_attempt_at=timezone.now())
    assert outbox.deliver(message_id=pk) is True
    message.refresh_from_db()
    assert (message.status, message.last_error, message.attempts) == (OutboxStatus.SENT, "", 2)
    assert [m.to for m in mailoutbox] == [[sipo_coordinator.email]]


def test_a_row_not_published_is_named_in_the_log(
    cas_official, joint_fields, sipo_coordinator, unreachable_broker, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        log_activity(cas_official, joint_fields)
    message = OutboxMessage.objects.get()
    # The line names the row and the broker's error (its class, then its message).
    assert re.search(rf"outbox message {message.pk} not published; the sweep will deliver it \((\w+): ", caplog.text)
    assert "(NoneType: None)" not in caplog.text


def test_a_row_whose_recipient_the_batch_does_not_hold_is_withheld_not_sent(
    cas_logged, cas_coordinator, sipo_coordinator, mailoutbox
):
    # A batch is read once for the rows it was made for; a row of anyone else finds no recipient in it.
    (row,) = outbox.enqueue(kind=ACTIVITY_LOGGED, recipients=[sipo_coordinator], target=cas_logged)
    assert outbox.deliver(message_id=row, batch=outbox.Batch.of([cas_coordinator.pk])) is False
    assert OutboxMessage.objects.get(pk=row).status == OutboxStatus.WITHHELD
    assert mailoutbox == []
    assert not Notification.objects.exists()
