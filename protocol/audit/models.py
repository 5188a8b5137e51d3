"""The audit trail: one table for every recorded write (django-auditlog's entries, through its swappable
log-entry model) and for the actions that are not writes (sign-in, downloads, exports, admin actions...).
One table, so that one search finds everything a person did."""

from auditlog.models import AbstractLogEntry
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.IntegerChoices):
    # auditlog's own four, with its numbers (it writes them).
    CREATE = 0, _("record created")
    UPDATE = 1, _("record changed")
    DELETE = 2, _("record deleted")
    ACCESS = 3, _("record viewed")
    # The portal's, recorded by protocol.audit.services.
    SIGN_IN = 10, _("signed in")
    SIGN_OUT = 11, _("signed out")
    SIGN_IN_FAILED = 12, _("sign-in failed")
    DOWNLOAD = 13, _("file downloaded")
    PREVIEW = 14, _("file previewed")
    EXPORT = 15, _("list exported")
    ADMIN_ACTION = 16, _("admin action")
    CERTIFICATE_VERIFIED = 17, _("certificate verified")
    PURGE = 18, _("trail purged")
    ACCESS_REFUSED = 19, _("access refused")
    # Two-factor sign-in (protocol/mfa/services.py).
    MFA_ENROLLED = 30, _("two-factor sign-in set up")
    MFA_FAILED = 31, _("two-factor code refused")
    MFA_RESET = 32, _("two-factor sign-in reset")


class Entry(AbstractLogEntry):
    """Who (actor, from which address), when, what (the object's type, id and name when recorded) and the
    change (auditlog's {field: [before, after]}) or, for an event, its details (`additional_data`)."""

    Action = Action

    # An event may concern no one object (a failed sign-in for an unknown name, the purge itself).
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("object type"),
    )
    action = models.PositiveSmallIntegerField(choices=Action.choices, verbose_name=_("what was done"), db_index=True)
    # Indexed with the id below: the trail is read newest first, by keyset on (timestamp, id).
    timestamp = models.DateTimeField(default=timezone.now, verbose_name=_("time"))

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-timestamp", "-id"]
        indexes = [
            models.Index(fields=["timestamp", "id"], name="audit_entry_time"),
            models.Index(fields=["actor", "timestamp"], name="audit_entry_actor_time"),
            models.Index(fields=["content_type", "object_id"], name="audit_entry_object"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}".strip()
