"""The outbox: services write rows in their own transaction; delivery happens after commit,
once per row, however often a task or the sweep runs."""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .kinds import NotificationKind, get_kind
from .models import Notification, OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)


def enqueue(
    *, kind: NotificationKind, recipients: Iterable, target: models.Model, params: dict | None = None
) -> list[OutboxMessage]:
    """Write one outbox row per distinct recipient; publish them only once the caller commits."""
    target_type = ContentType.objects.get_for_model(target)
    unique_recipients = {recipient.pk: recipient for recipient in recipients}.values()
    rows = OutboxMessage.objects.bulk_create(
        OutboxMessage(
            kind=kind.key, recipient=recipient, target_type=target_type, target_id=target.pk, params=params or {}
        )
        for recipient in unique_recipients
    )
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: publish(ids))
    return rows


def publish(message_ids: list[int]) -> None:
    from .tasks import deliver_outbox_task

    for message_id in message_ids:
        try:
            deliver_outbox_task.delay(message_id)
        except Exception:
            # Broker unreachable (or eager delivery failed): the row stays pending and the
            # beat sweep delivers it later. The user's change is already committed.
            logger.warning("Outbox message %s not published; the sweep will deliver it.", message_id, exc_info=True)
            return


def deliver(*, message_id: int) -> bool:
    """Deliver one pending row: in-app notification, then e-mail. Returns True when sent now."""
    now = timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "target_type")
            .filter(pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if message is None:
            return False  # already sent, failed, not due, or claimed by another worker
        kind = get_kind(message.kind)
        recipient = message.recipient
        target = kind.visible_to(recipient).filter(pk=message.target_id).first()
        if target is None or not recipient.is_active:
            message.status = OutboxStatus.WITHHELD
            message.save(update_fields=["status"])
            return False
        url = target.get_absolute_url()
        Notification.objects.get_or_create(
            outbox=message,
            defaults={"recipient": recipient, "kind": message.kind, "params": message.params, "url": url},
        )
        message.attempts += 1
        try:
            if recipient.email:
                _send_email(message=message, kind=kind, url=url, target=target)
        except Exception as exc:  # SMTP and network errors alike: record, retry later
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxStatus.FAILED
            else:
                delay = settings.OUTBOX_RETRY_SECONDS * 2 ** (message.attempts - 1)
                message.next_attempt_at = now + timedelta(seconds=delay)
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            logger.warning("Outbox message %s: e-mail failed (%s)", message.pk, message.last_error)
            return False
        message.status = OutboxStatus.SENT
        message.sent_at = now
        message.save(update_fields=["attempts", "status", "sent_at"])
    return True


def sweep(*, limit: int = 500) -> int:
    """Deliver rows left pending (broker down, worker killed, retry due). Returns how many were sent."""
    due = (
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver(message_id=message_id) for message_id in list(due))


def _send_email(*, message: OutboxMessage, kind: NotificationKind, url: str, target: models.Model) -> None:
    recipient = message.recipient
    with translation.override(recipient.preferred_language):
        context = {
            "recipient": recipient,
            "subject": kind.render_subject(message.params),
            "body": kind.render_body(message.params),
            "url": f"{settings.SITE_URL}{url}",
            "site_url": settings.SITE_URL,
        }
        # A header is one line, whatever a title contains.
        subject = " ".join(render_to_string("notifications/email/subject.txt", context).split())
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[recipient.email],
        # A stable Message-ID lets mail systems drop a duplicate if a delivery is ever repeated.
        headers={"Message-ID": f"<outbox-{message.pk}@cooperation-portal>"},
    )
    email.attach_alternative(html, "text/html")
    for filename, content, mimetype in kind.attachments(target, message.params) if kind.attachments else []:
        email.attach(filename, content, mimetype)
    email.send()
