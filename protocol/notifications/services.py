from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import outbox
from .digests import DIGEST
from .kinds import NotificationKind, configurable_kinds, get_kind
from .models import (
    AreaMode,
    AreaSubscription,
    Channel,
    Digest,
    Notification,
    NotificationPreference,
    OutboxMessage,
    OutboxStatus,
)


def notification_mark_read(*, notification: Notification) -> Notification:
    with transaction.atomic():
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user, up_to: int) -> int:
    """Mark read the unread notifications the user was shown the count of (ids up to `up_to`); what
    arrived after the confirmation stays unread."""
    with transaction.atomic():
        unread = Notification.objects.filter(recipient=user, read_at__isnull=True, pk__lte=up_to)
        return unread.update(read_at=timezone.now())


def notifications_withdraw_unseen(*, target: models.Model) -> int:
    """Remove inbox entries about `target` from those who may no longer see it (a document made
    internal, a meeting made internal): the inbox must not keep a title its reader may not know."""
    with transaction.atomic():
        about_target = Notification.objects.filter(
            outbox__target_type=ContentType.objects.get_for_model(target), outbox__target_id=target.pk
        ).select_related("recipient")
        unseen = [
            note.pk
            for note in about_target
            if not get_kind(note.kind).visible_to(note.recipient).filter(pk=target.pk).exists()
        ]
        return Notification.objects.filter(pk__in=unseen).delete()[0]


def notifications_resolve(
    *, target: models.Model, kinds: Iterable[NotificationKind], recipients=None, params: dict | None = None
) -> int:
    """What these notifications about `target` asked for is done (an activity confirmed, minutes reviewed,
    a request decided, an invitation answered), by their reader or by a colleague: they leave "to do" and
    count as read, and the ones not yet delivered are not e-mailed. Call it inside the acting service's
    transaction. `recipients` narrows it to those whose task it was (one party's coordinators), `params`
    to the notifications about one item of the target (one access request of a document). Returns how
    many inbox entries it resolved."""
    now = timezone.now()
    with transaction.atomic():
        rows = OutboxMessage.objects.filter(
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
            kind__in=[kind.key for kind in kinds],
            done_at__isnull=True,
        )
        if recipients is not None:
            rows = rows.filter(recipient__in=recipients)
        for key, value in (params or {}).items():
            rows = rows.filter(**{f"params__{key}": value})
        resolved = Notification.objects.filter(outbox__in=rows).update(
            done_at=now, read_at=Coalesce("read_at", Value(now))
        )
        rows.update(done_at=now)
    return resolved


def outbox_messages_retry(*, message_ids: list[int]) -> int:
    """Give failed messages a fresh set of attempts (a portal admin's decision, once the mail
    server is back). Returns how many were queued again; sent or pending ones are left alone."""
    with transaction.atomic():
        failed = list(
            OutboxMessage.objects.select_for_update()
            .filter(pk__in=message_ids, status=OutboxStatus.FAILED)
            .values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=failed).update(
            status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        if failed:
            transaction.on_commit(lambda: outbox.publish(failed))
    return len(failed)


def digests_build(*, now: datetime | None = None) -> int:
    """Gather each user's waiting digest notifications into today's digest and queue its e-mail.
    A user gets at most one digest a day: what arrives after today's is kept for tomorrow's."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    waiting = Notification.objects.filter(channel=Channel.DIGEST, digest__isnull=True, created_at__lte=now)
    built = 0
    for recipient in get_user_model().objects.filter(pk__in=waiting.values("recipient_id")).order_by("pk"):
        with transaction.atomic():
            digest, created = Digest.objects.get_or_create(recipient=recipient, day=day)
            if not created:
                continue
            waiting.filter(recipient=recipient).update(digest=digest)
            outbox.enqueue(kind=DIGEST, recipients=[recipient], target=digest)
            built += 1
    return built


def notification_preferences_save(*, user, channels: dict[str, str], areas: dict[str, str]) -> None:
    """Store the user's choices: a row only where they differ from the default, so a changed
    default reaches everyone who never chose."""
    kinds = {kind.key: kind for kind in configurable_kinds()}
    with transaction.atomic():
        NotificationPreference.objects.filter(user=user).delete()
        NotificationPreference.objects.bulk_create(
            NotificationPreference(user=user, kind=key, channel=channel)
            for key, channel in channels.items()
            if key in kinds and channel != kinds[key].default_for(user.role_names)
        )
        AreaSubscription.objects.filter(user=user).delete()
        AreaSubscription.objects.bulk_create(
            AreaSubscription(user=user, area=area, mode=mode)
            for area, mode in areas.items()
            if mode != AreaMode.DEFAULT
        )
