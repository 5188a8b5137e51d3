from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from .kinds import get_kind
from .models import Notification


def notification_mark_read(*, notification: Notification) -> Notification:
    with transaction.atomic():
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    with transaction.atomic():
        return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


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
