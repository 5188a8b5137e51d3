from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutboxStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("outbox message", "Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", pgettext_lazy("outbox message", "Failed")
    # The recipient may no longer see the target; nothing was delivered.
    WITHHELD = "withheld", _("Withheld")


class OutboxMessage(models.Model):
    """A notification owed to one recipient, written in the same transaction as the change
    that causes it and delivered after commit (in-app and e-mail)."""

    kind = models.CharField(_("kind"), max_length=64)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("target type"), on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(_("target id"))
    target = GenericForeignKey("target_type", "target_id")
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.status})"


class Notification(models.Model):
    """What the recipient sees in the inbox; made once per outbox message."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    outbox = models.OneToOneField(
        OutboxMessage, verbose_name=_("outbox message"), on_delete=models.CASCADE, related_name="notification"
    )
    kind = models.CharField(_("kind"), max_length=64)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.message

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def message(self) -> str:
        from .kinds import get_kind

        return get_kind(self.kind).render_subject(self.params)
