from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from protocol.areas import Area


class OutboxStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("outbox message", "Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", pgettext_lazy("outbox message", "Failed")
    # The recipient may no longer see the target; nothing was delivered.
    WITHHELD = "withheld", _("Withheld")


class Channel(models.TextChoices):
    """How a user wants one kind of notification: every kind is always in the portal's inbox."""

    IMMEDIATE = "immediate", _("E-mail at once")
    DIGEST = "digest", _("Daily digest")
    PORTAL = "portal", _("In the portal only")


class AreaMode(models.TextChoices):
    FOLLOW = "follow", _("Follow")
    DEFAULT = "default", _("As set per kind")
    MUTE = "mute", _("Mute")


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
    # The cooperation area the target belongs to; empty for what concerns no single area.
    area = models.CharField(_("area"), max_length=20, choices=Area.choices, blank=True)
    # Set by reminders: one row per recipient and key, however often beat runs.
    dedupe_key = models.CharField(_("reminder key"), max_length=100, blank=True)
    # Chosen at delivery from the recipient's preferences at that moment.
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # A task (confirm, review, decide, answer) someone has since done: delivered late, it is not e-mailed.
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="outbox_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.status})"


class Digest(models.Model):
    """One user's daily e-mail of the notifications they chose to receive that way."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    # The day in the portal's time zone (Asia/Shanghai): at most one digest per user per day.
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "pk"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.day}"

    def get_absolute_url(self) -> str:
        return reverse("notifications:inbox")


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
    area = models.CharField(_("area"), max_length=20, choices=Area.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.IMMEDIATE)
    # The digest that carried it by e-mail; empty while a digest notification waits for the next one.
    digest = models.ForeignKey(
        Digest,
        verbose_name=_("digest"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # When what a task asked for was done, by its reader or by a colleague; it then leaves "to do".
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox"),
            # The inbox's own order (unread first, newest first), so that a keyset page starts in the index.
            models.Index(
                F("recipient"),
                ExpressionWrapper(Q(read_at__isnull=True), output_field=models.BooleanField()).desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="notification_inbox_order",
            ),
            models.Index(
                fields=["recipient"],
                condition=models.Q(channel="digest", digest__isnull=True),
                name="notification_awaiting_digest",
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def is_task(self) -> bool:
        from .kinds import get_kind

        return get_kind(self.kind).task

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def message(self) -> str:
        from .kinds import get_kind

        return get_kind(self.kind).render_subject(self.params)


class NotificationPreference(models.Model):
    """A user's choice for one kind; without a row the kind's default for the user's roles applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=64)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.channel}"


class AreaSubscription(models.Model):
    """Follow an area (also hear of new documents shared in it) or mute it (its notifications stay
    in the portal, never e-mailed)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="area_subscriptions")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=AreaMode.choices)

    class Meta:
        verbose_name = _("area subscription")
        verbose_name_plural = _("area subscriptions")
        constraints = [models.UniqueConstraint(fields=["user", "area"], name="one_subscription_per_area")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.area}: {self.mode}"


class Installation(models.Model):
    """This installation of the portal, made by its first migration: a random key that a copy of the
    database (staging) or a database started afresh does not share, so that their Message-IDs and
    calendar UIDs never collide with those people already hold from this one."""

    key = models.CharField(_("key"), max_length=32, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("installation")
        verbose_name_plural = _("installations")

    def __str__(self) -> str:
        return self.key
