from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_MAX_LENGTH = 64


class StagedUpload(models.Model):
    """A file chosen on a form that was shown again (a validation error): kept so it need not be chosen twice.

    Bound to the user who chose it; spent when the form goes through, swept when it is old."""

    token = models.CharField(_("token"), max_length=TOKEN_MAX_LENGTH, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chosen by"), on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="staged/", max_length=255)
    original_name = models.CharField(_("original name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    created_at = models.DateTimeField(_("kept since"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("kept upload")
        verbose_name_plural = _("kept uploads")

    def __str__(self) -> str:
        return self.original_name
