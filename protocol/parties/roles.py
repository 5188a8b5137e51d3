"""Roles are Django groups; these are their names, created by a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICIAL = "official", _("Official")
    DOCUMENT_ADMIN = "document_admin", _("Document admin")
    COORDINATOR = "coordinator", _("Coordinator")
