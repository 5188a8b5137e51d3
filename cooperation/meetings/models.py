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
from protocol.signoff.content import Version


class Series(models.Model):
    """Meetings that follow one another, e.g. the Joint Working Group."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return self.name


class MeetingKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("Working group meeting")
    LIAISON = "liaison", _("Liaison meeting")
    WORKSHOP = "workshop", _("Workshop or seminar")
    VIDEO_CALL = "video_call", _("Video call")
    OTHER = "other", _("Other")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    title_other = models.CharField(_("title in the other language"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.WORKING_GROUP)
    organising_party = models.ForeignKey(
        Party, verbose_name=_("organising party"), on_delete=models.PROTECT, related_name="organised_meetings"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    minute_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minute-taker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Attendance", verbose_name=_("attendees"), related_name="meetings"
    )
    external_attendees = models.TextField(
        _("external attendees"), blank=True, help_text=_("People from outside both parties, one per line.")
    )
    materials = models.ManyToManyField(
        "documents.Document", verbose_name=_("materials"), related_name="meetings", blank=True
    )
    internal = models.BooleanField(
        _("internal to the organising party"), default=False, help_text=_("Invisible to the other party.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    # Bumped on every change an invitation carries, so calendar clients replace the older copy.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("scheduled by"), on_delete=models.PROTECT, related_name="+"
    )
    # The ledger entry recorded when the meeting is marked held.
    activity = models.OneToOneField(
        "activities.Activity",
        verbose_name=_("ledger activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_text = models.TextField(blank=True, db_default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["starts_at", "id"], name="meeting_by_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def titles(self) -> Titles:
        return titles_for_reader(self.title, self.title_other)

    @property
    def ics_uid(self) -> str:
        return self.ics_uid_at(identity.domain())

    def ics_uid_at(self, domain: str) -> str:
        """The calendar UID, unique to this installation (a staging copy's would not replace ours)."""
        return identity.unique_id("meeting", self.pk, at=domain)


class Rsvp(models.TextChoices):
    PENDING = "pending", pgettext_lazy("RSVP", "No answer yet")
    ATTENDING = "attending", _("Attending")
    NOT_ATTENDING = "not_attending", _("Not attending")
    MAYBE = "maybe", _("Maybe")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances")
    rsvp = models.CharField(_("answer"), max_length=14, choices=Rsvp.choices, default=Rsvp.PENDING)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["user__party__code", "user__full_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_meeting")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.meeting_id}: {self.rsvp}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("item"), max_length=200)
    presenter = models.CharField(_("presenter"), max_length=150, blank=True)
    planned_minutes = models.PositiveSmallIntegerField(_("planned minutes"), null=True, blank=True)
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("library documents"), related_name="agenda_items", blank=True
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A user's personal calendar URL; the token is the only key, so it can be revoked by regenerating."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar of {self.user_id}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:feed", args=[self.token])


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved by both parties")


class Minutes(models.Model):
    """The record of one meeting: a chain of revisions, final when both parties approve the same one
    (their decisions are sign-off records of protocol.signoff, naming a revision's hash and number)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(_("status"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    current_revision = models.ForeignKey(
        "MinutesRevision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The last text both parties approved; it stays readable while an amendment is under way.
    approved_revision = models.ForeignKey(
        "MinutesRevision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # The approved text, segmented: what every reader of the meeting may find (drafts are not searched).
    search_text = models.TextField(blank=True, db_default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        # With a context: the bare word "minutes" is also a unit of time (the admin's schedules).
        verbose_name = pgettext_lazy("meeting record", "minutes")
        verbose_name_plural = pgettext_lazy("meeting record", "minutes")

    def __str__(self) -> str:
        return f"minutes of {self.meeting_id}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:minutes", args=[self.meeting_id])

    @property
    def is_locked(self) -> bool:
        return self.status == MinutesStatus.APPROVED


class MinutesRevision(models.Model):
    """One saved text of the minutes; never changed once written."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    text = models.TextField(_("text"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("minutes revision")
        verbose_name_plural = _("minutes revisions")
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="one_number_per_revision")]

    def __str__(self) -> str:
        return f"{self.minutes_id} r{self.number}"

    @property
    def version(self) -> Version:
        """What the coordinators sign off: this text's hash, labelled by the revision number."""
        return Version(sha256=self.sha256, label=str(self.number))


class ActionItemStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action item status", "Open")
    DONE = "done", pgettext_lazy("action item status", "Done")


class ActionItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="action_items"
    )
    description = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="action_items"
    )
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=6, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    done_note = models.TextField(_("note"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [
            models.Index(fields=["owner", "status", "due_date"], name="action_items_of_owner"),
            # A coordinator's "open for my party", soonest due first, paged by keyset.
            models.Index(fields=["due_date", "id"], name="action_items_open", condition=Q(status="open")),
        ]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("meetings:actions")
