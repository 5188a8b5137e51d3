"""The outbox: services write rows in their own transaction; delivery happens after commit,
once per row, however often a task or the sweep runs."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .. import outages
from . import identity, mail, selectors
from .kinds import NotificationKind, get_kind
from .models import Channel, Notification, OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)


def enqueue(
    *,
    kind: NotificationKind,
    recipients: Iterable,
    target: models.Model,
    params: dict | None = None,
    dedupe_key: str = "",
) -> list[int]:
    """Write one outbox row per distinct recipient; publish them only once the caller commits.

    With a `dedupe_key` (reminders), a recipient who already has a row with that key gets no other,
    however often this runs. Returns the ids of the rows written now."""
    target_type = ContentType.objects.get_for_model(target)
    unique_recipients = {recipient.pk: recipient for recipient in recipients}
    if dedupe_key:
        already = OutboxMessage.objects.filter(dedupe_key=dedupe_key, recipient__in=list(unique_recipients))
        for recipient_id in already.values_list("recipient_id", flat=True):
            unique_recipients.pop(recipient_id)
    rows = [
        OutboxMessage(
            kind=kind.key,
            recipient=recipient,
            target_type=target_type,
            target_id=target.pk,
            params=params or {},
            area=kind.area_for(target),
            dedupe_key=dedupe_key,
        )
        for recipient in unique_recipients.values()
    ]
    if dedupe_key:
        # A concurrent run may have written the same reminder since the check: the constraint wins.
        OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
        ids = list(
            OutboxMessage.objects.filter(
                dedupe_key=dedupe_key, recipient__in=list(unique_recipients), status=OutboxStatus.PENDING
            ).values_list("pk", flat=True)
        )
    else:
        ids = [row.pk for row in OutboxMessage.objects.bulk_create(rows)]
    if ids:
        transaction.on_commit(lambda: publish(ids))
    return ids


def publish(message_ids: list[int]) -> None:
    from .tasks import deliver_outbox_task

    for message_id in message_ids:
        try:
            deliver_outbox_task.delay(message_id)
        except Exception as exc:
            # Broker unreachable (or eager delivery failed): the row stays pending and the
            # beat sweep delivers it later. The user's change is already committed.
            outages.broker.failed(exc, "outbox message %s not published; the sweep will deliver it", message_id)
            return
        outages.broker.succeeded()


@dataclass
class Batch:
    """What a sweep reads once for all its rows instead of once per row: the recipients, their
    preferences, an SMTP session, and the targets (with their links) already loaded."""

    recipients: dict
    preferences: selectors.Preferences
    connection: object = None
    targets: dict = field(default_factory=dict)
    # The right-hand side of the Message-IDs (this installation's), read once for the batch.
    domain: str = field(default_factory=identity.domain)

    @classmethod
    def of(cls, recipient_ids, *, connection=None) -> "Batch":
        recipient_ids = set(recipient_ids)
        recipients = get_user_model().objects.in_bulk(recipient_ids)
        return cls(recipients=recipients, preferences=selectors.preferences_of(recipient_ids), connection=connection)


def deliver(*, message_id: int, batch: Batch | None = None) -> bool:
    """Deliver one pending row: in-app notification, then e-mail if the recipient wants it now.
    Returns True when sent now. Each row commits on its own, so a killed worker repeats at most
    the one e-mail it was sending, and that one carries the same Message-ID."""
    now = timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if message is None:
            return False  # already sent, failed, not due, or claimed by another worker
        batch = batch or Batch.of([message.recipient_id])
        kind = get_kind(message.kind)
        recipient = batch.recipients.get(message.recipient_id)
        # Visibility is checked now, for this reader, whatever it was when the row was written.
        visible = kind.visible_to(recipient).filter(pk=message.target_id) if recipient else None
        if visible is None or not recipient.is_active or not visible.exists():
            return _withhold(message)
        target_key = (message.target_type_id, message.target_id)
        if target_key not in batch.targets:
            target = visible.get()
            batch.targets[target_key] = (target, target.get_absolute_url())
        target, url = batch.targets[target_key]
        url = kind.link(target) if kind.link else url
        message.recipient = recipient
        if not kind.configurable:
            channel = Channel.IMMEDIATE
        else:
            # The recipient's choice as it stands now (the batch's start), not when the change happened.
            channel = batch.preferences.channel(recipient.pk, kind=kind, area=message.area)
        message.channel = channel
        if kind.in_app:
            # One query, no savepoint; a retry (or a second worker) finds the row already there.
            Notification.objects.bulk_create(
                [
                    Notification(
                        outbox=message,
                        recipient=recipient,
                        kind=message.kind,
                        params=message.params,
                        url=url,
                        area=message.area,
                        channel=channel,
                        done_at=message.done_at,
                        read_at=message.done_at,
                    )
                ],
                ignore_conflicts=True,
            )
            if message.attempts or message.last_error:
                # A retry after a failed e-mail (an admin's retry starts again from 0 attempts but
                # keeps the error): the channel chosen now decides, the digest's included.
                Notification.objects.filter(outbox=message).exclude(channel=channel).update(channel=channel)
        message.attempts += 1
        try:
            # A task done before it was delivered (a reminder a colleague made moot) is not e-mailed.
            if channel == Channel.IMMEDIATE and recipient.email and message.done_at is None:
                email = _email(message=message, kind=kind, url=url, target=target, domain=batch.domain)
                if email is None:
                    return _withhold(message)
                email.connection = batch.connection
                email.send()
        except Exception as exc:  # SMTP and network errors alike: record, retry later
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxStatus.FAILED
            else:
                delay = settings.OUTBOX_RETRY_SECONDS * 2 ** (message.attempts - 1)
                message.next_attempt_at = now + timedelta(seconds=delay)
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "channel"])
            logger.warning("Outbox message %s: e-mail failed (%s)", message.pk, message.last_error)
            return False
        message.status = OutboxStatus.SENT
        message.sent_at = now
        message.last_error = ""
        message.save(update_fields=["attempts", "status", "sent_at", "channel", "last_error"])
    return True


def _withhold(message: OutboxMessage) -> bool:
    message.status = OutboxStatus.WITHHELD
    message.save(update_fields=["status"])
    return False


def sweep(*, limit: int = 500) -> int:
    """Deliver rows left pending (broker down, worker killed, retry due). Returns how many were sent."""
    due = list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("pk")
        .values_list("pk", "recipient_id")[:limit]
    )
    if not due:
        return 0
    # One SMTP session for the whole batch; a message that fails is retried on its own later.
    with get_connection() as connection:
        batch = Batch.of((recipient_id for _, recipient_id in due), connection=connection)
        return sum(deliver(message_id=message_id, batch=batch) for message_id, _ in due)


def _email(
    *, message: OutboxMessage, kind: NotificationKind, url: str, target: models.Model, domain: str
) -> EmailMultiAlternatives | None:
    recipient = message.recipient
    with translation.override(recipient.preferred_language):
        if kind.compose:
            composed = kind.compose(target, message.params)
            if composed is None:
                return None
            subject, text, html = composed
        else:
            subject = kind.render_subject(message.params)
            context = {
                "recipient": recipient,
                "subject": subject,
                "body": kind.render_body(message.params),
                "url": f"{settings.SITE_URL}{url}",
            } | email_footer_context()
            text = render_to_string("notifications/email/message.txt", context)
            html = render_to_string("notifications/email/message.html", context)
        subject, sender = mail.subject(subject), mail.sender()
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=sender,
        to=[recipient.email],
        headers=mail.headers()
        | {
            # A stable Message-ID lets mail systems drop a duplicate if a delivery is ever repeated; the
            # installation's key keeps another installation's (a staging copy's) from being dropped as ours.
            "Message-ID": f"<{identity.unique_id('outbox', message.pk, at=domain)}>",
        },
    )
    email.attach_alternative(html, "text/html")
    attachments = kind.attachments(target, message.params, recipient) if kind.attachments else []
    for filename, content, mimetype in attachments:
        email.attach(filename, content, mimetype)
    return email


def email_footer_context() -> dict:
    """Every e-mail links to the portal and to the page where its reader can change what they get."""
    return {"site_url": settings.SITE_URL, "preferences_url": mail.preferences_url()}
