from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.language import Titles, titles_for_reader
from protocol.parties.models import Party


class Kind(models.TextChoices):
    VISIT = "visit", _("Visit")
    WORKSHOP = "workshop", _("Workshop or seminar")
    EXCHANGE = "exchange", _("Data or document exchange")
    JOINT_ANALYSIS = "joint_analysis", _("Joint analysis")
    TRAINING_SESSION = "training_session", _("Training session")
    MEETING = "meeting", _("Meeting")
    PROJECT_SUPPORT = "project_support", _("Contribution to a project of the other party")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LOGGED = "logged", _("Awaiting confirmation")
    RETURNED = "returned", _("Returned")
    CONFIRMED = "confirmed", _("Confirmed")


# Statuses the other party may see; a draft stays with its author's party.
SHARED_STATUSES = (Status.LOGGED, Status.RETURNED, Status.CONFIRMED)
EDITABLE_STATUSES = (Status.DRAFT, Status.LOGGED, Status.RETURNED)

END_BEFORE_START = _("The end date cannot be before the start date.")


class Activity(models.Model):
    """One joint activity of the two parties, as logged by one of them."""

    area = models.CharField(_("area of cooperation"), max_length=20, choices=Area.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_other = models.CharField(_("title in the other language"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    lead_party = models.ForeignKey(
        Party, verbose_name=_("lead party"), on_delete=models.PROTECT, related_name="led_activities"
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants"), related_name="activities", blank=True
    )
    external_participants = models.TextField(
        _("external participants"), blank=True, help_text=_("People from outside both parties, one per line.")
    )
    outcomes = models.TextField(_("outcomes"), blank=True)
    # The record of an area this entry came from (a meeting held…): set by the ledger's face, read through
    # the area registry, so the ledger needs no field or template branch per area.
    source_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)

    # The party that keeps the record: the author's party.
    party = models.ForeignKey(
        Party, verbose_name=_("logged by party"), on_delete=models.PROTECT, related_name="activities"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="authored_activities"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When it was last logged (again, after a return): since when the other party's confirmation waits. Also in
    # the history; kept here by the ledger's services so that what waits is an index range, not a subquery per row.
    logged_at = models.DateTimeField(_("logged at"), null=True, blank=True, editable=False)
    search_text = models.TextField(blank=True, db_default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["-start_date", "-id"], name="activity_newest"),
            # What waits for confirmation, oldest first (the dashboard, the reminder): read in order, the party
            # (one's own, or not) checked in the index, which also counts them without reading the table.
            models.Index(fields=["status", "logged_at", "id"], include=["party"], name="activity_waiting"),
            models.Index(fields=["source_type", "source_id"], name="activity_source"),
            # The dashboard's "latest activities": without it, every view sorts the whole table.
            models.Index(fields=["-created_at", "-id"], name="activity_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_ends_after_start",
                violation_error_message=END_BEFORE_START,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.pk])

    @property
    def titles(self) -> Titles:
        return titles_for_reader(self.title, self.title_other)

    def clean(self) -> None:
        # Report the date constraint against the field at fault rather than the whole form.
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": END_BEFORE_START})

    @property
    def is_locked(self) -> bool:
        return self.status == Status.CONFIRMED

    @property
    def external_participant_list(self) -> list[str]:
        return [line.strip() for line in self.external_participants.splitlines() if line.strip()]


class StatusChange(models.Model):
    """The activity's history: who moved it to which status, when, and why."""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("changed at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.status}"
