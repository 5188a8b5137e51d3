"""The agreement itself: its parties, dates and areas, the amendments both parties approve, and the liaisons
its communication mechanism names.

The agreement is one row (kept by portal admins); an amendment is proposed by a coordinator of one party, frozen
as a numbered `AmendmentVersion` (its canonical text and SHA-256) that a coordinator of each party approves
through protocol.signoff. Once both approved a version the amendment is in force and locked."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from protocol.areas import Area
from protocol.language import is_chinese
from protocol.parties.models import Party
from protocol.signoff.models import FrozenVersion


class Agreement(models.Model):
    """The cooperation agreement between the parties: one row, its dates entered by the portal admins."""

    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    term_start = models.DateField(_("in force from"), null=True, blank=True)
    term_end = models.DateField(_("in force until"), null=True, blank=True)
    signed_at_zh = models.CharField(_("place of signing (Chinese)"), max_length=200, blank=True)
    signed_at_en = models.CharField(_("place of signing (English)"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreement")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="agreement_term_ends_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return str(_("The cooperation agreement"))

    def get_absolute_url(self) -> str:
        return reverse("about")

    @property
    def signed_at(self) -> str:
        return self.signed_at_zh if is_chinese() else self.signed_at_en


class AgreementArea(models.Model):
    """What the agreement says of one of its five areas, in both languages."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    text_zh = models.TextField(_("text (Chinese)"))
    text_en = models.TextField(_("text (English)"))

    class Meta:
        verbose_name = _("area of the agreement")
        verbose_name_plural = _("areas of the agreement")
        constraints = [models.UniqueConstraint(fields=["agreement", "area"], name="agreement_area_once")]

    def __str__(self) -> str:
        return self.get_area_display()

    @property
    def text(self) -> str:
        return self.text_zh if is_chinese() else self.text_en


class DateKind(models.TextChoices):
    REVIEW = "review", pgettext_lazy("agreement date", "Review")
    RENEWAL = "renewal", pgettext_lazy("agreement date", "Renewal")


class KeyDate(models.Model):
    """A date the agreement sets beside its term: a review of its implementation, a decision on renewal."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="dates")
    kind = models.CharField(_("kind"), max_length=10, choices=DateKind.choices)
    on = models.DateField(_("date"))
    note_zh = models.CharField(_("note (Chinese)"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("review or renewal date")
        verbose_name_plural = _("review and renewal dates")
        indexes = [models.Index(fields=["on"], name="agreement_dates_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on.isoformat()}"

    @property
    def note(self) -> str:
        return self.note_zh if is_chinese() else self.note_en


class AmendmentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("amendment", "Draft")
    IN_REVIEW = "in_review", _("Waiting for both parties' approval")
    EDITING = "editing", _("Being revised")
    IN_FORCE = "in_force", _("In force")


class Amendment(models.Model):
    """A change to the agreement (to one area or to the whole), proposed by one party's coordinator.

    The text in these fields is the proposing party's working copy; what the parties approve is a frozen
    `AmendmentVersion`. A draft (never proposed) is the proposing party's alone."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="amendments")
    party = models.ForeignKey(Party, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+")
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    text_zh = models.TextField(_("text (Chinese)"))
    text_en = models.TextField(_("text (English)"))
    # Blank: the amendment concerns the agreement as a whole.
    area = models.CharField(_("concerns"), max_length=20, choices=Area.choices, blank=True)
    effective_on = models.DateField(_("effective from"))
    status = models.CharField(
        _("status"), max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.DRAFT
    )
    # The version under review (or last reviewed), and the one both parties approved.
    current_version = models.ForeignKey(
        "AmendmentVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_version = models.ForeignKey(
        "AmendmentVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreement:amendment", args=[self.pk])

    @property
    def title(self) -> str:
        return self.title_zh if is_chinese() else self.title_en

    @property
    def text(self) -> str:
        return self.text_zh if is_chinese() else self.text_en

    @property
    def is_locked(self) -> bool:
        return self.status == AmendmentStatus.IN_FORCE

    @property
    def scope(self) -> str:
        return self.get_area_display() if self.area else str(_("The agreement as a whole"))


# The sign-off's label of an amendment's version: "amendment-2".
VERSION_PREFIX = "amendment-"


class AmendmentVersion(FrozenVersion):
    """One proposed text of an amendment, frozen."""

    LABEL_PREFIX = VERSION_PREFIX

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="versions")

    class Meta(FrozenVersion.Meta):
        verbose_name = _("amendment version")
        verbose_name_plural = _("amendment versions")
        constraints = [models.UniqueConstraint(fields=["amendment", "number"], name="agreement_amendment_version_once")]

    def __str__(self) -> str:
        return f"{self.amendment_id} v{self.number}"

    @property
    def title(self) -> str:
        return self.content["title_zh"] if is_chinese() else self.content["title_en"]

    @property
    def text(self) -> str:
        return self.content["text_zh"] if is_chinese() else self.content["text_en"]

    @property
    def effective_on(self) -> date:
        return date.fromisoformat(self.content["effective_on"])


class Liaison(models.Model):
    """The person a party names for the communication mechanism, for one area or for the agreement as a whole.
    A portal user (linked) or just a name."""

    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="liaisons")
    # Blank: the liaison for the agreement as a whole.
    area = models.CharField(_("area"), max_length=20, choices=Area.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    full_name = models.CharField(_("name"), max_length=150)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["party_id", "area", "full_name", "id"]
        verbose_name = _("liaison")
        verbose_name_plural = _("liaisons")
        indexes = [models.Index(fields=["party", "area", "full_name", "id"], name="agreement_liaison_order")]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("agreement:liaisons")

    @property
    def scope(self) -> str:
        return self.get_area_display() if self.area else str(_("The agreement as a whole"))
