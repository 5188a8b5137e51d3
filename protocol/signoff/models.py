"""The record of two-party sign-off: each required party's decision on one exact version of a record."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from protocol.parties.models import Party

from .content import Version


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes", _("Changes requested")


class SignOffQuerySet(models.QuerySet):
    def of(self, target: models.Model) -> "SignOffQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)

    def naming(self, version: Version) -> "SignOffQuerySet":
        return self.filter(sha256=version.sha256, version=version.label)

    def approvals(self) -> "SignOffQuerySet":
        return self.filter(decision=Decision.APPROVED)


class SignOff(models.Model):
    """One party's decision, by one of its coordinators, on one version of one record; never changed."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    version = models.CharField(_("version"), max_length=40, blank=True)
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    # A default rather than auto_now_add, so records copied from elsewhere keep their time.
    at = models.DateTimeField(_("decided at"), default=timezone.now, editable=False)

    objects = SignOffQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("sign-off decision")
        verbose_name_plural = _("sign-off decisions")
        indexes = [models.Index(fields=["content_type", "object_id", "version"], name="signoff_of_target")]
        constraints = [
            # A party approves a version once, whoever of its coordinators does it.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "sha256", "version", "party"],
                condition=Q(decision="approved"),
                name="signoff_one_approval_per_party",
            )
        ]

    def __str__(self) -> str:
        return f"{self.party_id} {self.decision} {self.content_type_id}:{self.object_id} {self.version}"


class FrozenVersion(models.Model):
    """One proposed content of a record (a plan, an amendment's text), frozen: never changed once written. The
    parties sign off its hash; approved when every required party approved it. A concrete version adds the
    foreign key to its record, the constraint numbering versions once per record, and its label's prefix."""

    LABEL_PREFIX = ""

    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-number"]

    @property
    def version(self) -> Version:
        return Version(sha256=self.sha256, label=f"{self.LABEL_PREFIX}{self.number}")
