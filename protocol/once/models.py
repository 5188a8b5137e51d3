from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_MAX_LENGTH = 64


class SubmittedForm(models.Model):
    """A create form's one-time token, once submitted, and what its submission created."""

    # Unique: of two submissions of one token, only one can commit its record.
    token = models.CharField(_("token"), max_length=TOKEN_MAX_LENGTH, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.CASCADE, related_name="+"
    )
    # Empty only inside the creating transaction: the token is claimed before the record exists.
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("record id"), null=True)
    record = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.content_type_id}/{self.object_id}"
