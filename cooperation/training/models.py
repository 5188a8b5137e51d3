"""Training: courses a party runs, sessions with seats reserved per party, enrolment, attendance, certificates.

A session's seats are reserved per party; an enrolment holds the seat of a party (`seat_of`): its own, or,
after the session's release date, the other party's unused one. Whoever finds no seat waits on their own
party's waitlist, in order; a freed seat goes to the first of that waitlist at once (services.py)."""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from protocol.language import Titles, titles_for_reader
from protocol.notifications import identity
from protocol.parties.models import Party


class Course(models.Model):
    title = models.CharField(_("title"), max_length=200)
    title_other = models.CharField(_("title in the other language"), max_length=200, blank=True)
    organising_party = models.ForeignKey(
        Party, verbose_name=_("organising party"), on_delete=models.PROTECT, related_name="courses"
    )
    description = models.TextField(_("description"))
    audience = models.TextField(_("audience"), blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    materials = models.ManyToManyField(
        "documents.Document", verbose_name=_("materials"), related_name="courses", blank=True
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The questions attendees rate from 1 to 5 after a session, in the order asked.
    feedback_questions = models.JSONField(_("feedback questions"), default=list, blank=True)
    internal = models.BooleanField(
        _("internal to the organising party"), default=False, help_text=_("Invisible to the other party.")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        indexes = [models.Index(fields=["-created_at", "-id"], name="course_newest")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:course", args=[self.pk])

    @property
    def titles(self) -> Titles:
        return titles_for_reader(self.title, self.title_other)


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("training session", "Scheduled")
    CANCELLED = "cancelled", pgettext_lazy("training session", "Cancelled")


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), related_name="trained_sessions", blank=True
    )
    external_trainers = models.TextField(
        _("external trainers"), blank=True, help_text=_("Trainers from outside both parties, one per line.")
    )
    enrolment_opens_at = models.DateTimeField(_("enrolment opens"))
    enrolment_closes_at = models.DateTimeField(_("enrolment closes"))
    # From this moment a party's unused seats go to the other party's waitlist.
    release_unused_at = models.DateTimeField(_("release unused seats to the other party from"), null=True, blank=True)
    needs_approval = models.BooleanField(
        _("enrolment needs approval"),
        default=False,
        help_text=_("The enrolee's own party's coordinator approves or declines each enrolment."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    # Bumped on every change an invitation carries, so calendar clients replace the older copy.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Locked once the other party countersigned the attendance of its staff.
    attendance_locked_at = models.DateTimeField(_("attendance locked at"), null=True, blank=True)
    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="training_session"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [models.Index(fields=["starts_at", "id"], name="training_session_by_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="training_session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(enrolment_closes_at__gt=F("enrolment_opens_at")),
                name="training_enrolment_closes_after_opening",
                violation_error_message=_("Enrolment must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("training:session", args=[self.pk])

    @property
    def ics_uid(self) -> str:
        return self.ics_uid_at(identity.domain())

    def ics_uid_at(self, domain: str) -> str:
        """The calendar UID, unique to this installation; `domain` read once for a whole feed."""
        return identity.unique_id("training-session", self.pk, at=domain)


class Seats(models.Model):
    """The seats of a session reserved for one party."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="seats")
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+")
    reserved = models.PositiveIntegerField(_("seats"))

    class Meta:
        ordering = ["party__code"]
        verbose_name = _("seats reserved")
        verbose_name_plural = _("seats reserved")
        constraints = [models.UniqueConstraint(fields=["session", "party"], name="training_seats_once_per_party")]

    def __str__(self) -> str:
        return f"{self.session_id} {self.party_id}: {self.reserved}"


class EnrolmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("On the waitlist")
    DECLINED = "declined", pgettext_lazy("enrolment", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("enrolment", "Cancelled")
    WITHDRAWN = "withdrawn", pgettext_lazy("enrolment", "Withdrawn by the coordinator")


# What holds a seat, and what is still in the running for one.
HOLDS_SEAT = (EnrolmentStatus.PENDING, EnrolmentStatus.ENROLLED)
ACTIVE = (*HOLDS_SEAT, EnrolmentStatus.WAITLISTED)


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    PARTLY = "partly", _("Partly present")
    ABSENT = "absent", _("Absent")


def attendance_label(party_id: int) -> str:
    """The sign-off version label of a party's countersignature of its staff's attendance on a session."""
    return f"attendance-{party_id}"


class Enrolment(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="enrolments"
    )
    # The enrolee's party, copied: seats, waitlists and countersigning go by it.
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=EnrolmentStatus.choices)
    # Whose reserved seats this enrolment takes (its own party's, or the other's released ones); None if none.
    seat_of = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The waitlist's order: when the person joined it (or enrolled, for the rest).
    queued_at = models.DateTimeField(_("since"))
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    attendance = models.CharField(_("attendance"), max_length=8, choices=Attendance.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            # One place in the running per person and session; cancelled and declined rows stay as history.
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(status__in=["pending", "enrolled", "waitlisted"]),
                name="training_one_active_enrolment",
            )
        ]
        indexes = [
            models.Index(fields=["session", "party", "status", "queued_at"], name="training_waitlist"),
            models.Index(fields=["user", "status"], name="training_enrolments_of_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.session_id}: {self.status}"


def new_certificate_code() -> str:
    # 128 bits: unguessable, and short enough for a QR code and to type in.
    return secrets.token_urlsafe(16)


class Certificate(models.Model):
    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("verification code"), max_length=32, unique=True, default=new_certificate_code)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"certificate {self.pk}"

    def get_verification_url(self) -> str:
        return reverse("training:verify", args=[self.code])

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class Verification(models.Model):
    """Every look-up of a code on the public page, found or not."""

    certificate = models.ForeignKey(Certificate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    code = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("certificate verification")
        verbose_name_plural = _("certificate verifications")

    def __str__(self) -> str:
        return f"{self.code} at {self.at}"


class Feedback(models.Model):
    """An attendee's answers, once; shown to trainers only in aggregate, never with who gave them."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="feedback")
    ratings = models.JSONField(_("ratings"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"feedback {self.pk}"
