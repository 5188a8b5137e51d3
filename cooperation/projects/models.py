"""Project support: IP projects one party organises and the other party's staff support.

The organising party publishes a project (until then it is internal to it), reports its indicators against
their targets, and opens calls for participation: the other party's staff apply, the organiser's reviewers
score each application against the call's criteria, and its coordinator decides. Accepted applicants are
the project's participants; what they contribute is confirmed by the organiser's coordinator (a one-party
sign-off, protocol.signoff), which records it in the ledger (services.py)."""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from protocol.language import Titles, list_separator, titles_for_reader
from protocol.parties.models import Party


class ProjectType(models.TextChoices):
    PATENT_NAVIGATION = "patent_navigation", _("Patent navigation")
    IP_ANALYSIS = "ip_analysis", _("IP analysis and assessment")
    STANDARD_DRAFTING = "standard_drafting", _("Standard drafting")
    POLICY_RESEARCH = "policy_research", _("Policy research")
    AWARENESS = "awareness", _("Awareness and training")
    OTHER = "other", pgettext_lazy("project type", "Other")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("support project", "Planned")
    OPEN = "open", pgettext_lazy("support project", "Open for participation")
    RUNNING = "running", pgettext_lazy("support project", "Running")
    CLOSED = "closed", pgettext_lazy("support project", "Closed")


# The one way through a project's life; `services.project_advance` moves it a step at a time.
NEXT_STATUS = {
    ProjectStatus.PLANNED: ProjectStatus.OPEN,
    ProjectStatus.OPEN: ProjectStatus.RUNNING,
    ProjectStatus.RUNNING: ProjectStatus.CLOSED,
}


class Project(models.Model):
    title = models.CharField(_("title"), max_length=200)
    title_other = models.CharField(_("title in the other language"), max_length=200, blank=True)
    organising_party = models.ForeignKey(
        Party, verbose_name=_("organising party"), on_delete=models.PROTECT, related_name="support_projects"
    )
    project_type = models.CharField(_("type"), max_length=20, choices=ProjectType.choices)
    description = models.TextField(_("description"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("documents"), related_name="support_projects", blank=True
    )
    # Internal to the organising party until published; publishing cannot be undone.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("IP project")
        verbose_name_plural = _("IP projects")
        indexes = [
            models.Index(fields=["-starts_on", "-id"], name="projects_newest"),
            models.Index(fields=["organising_party", "-starts_on", "-id"], name="projects_of_party"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="projects_ends_after_start",
                violation_error_message=_("The project must end on or after its start."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project", args=[self.pk])

    @property
    def titles(self) -> Titles:
        return titles_for_reader(self.title, self.title_other)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Indicator(models.Model):
    """A result the project aims at: "patent families analysed: baseline 0, target 5,000"."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=Decimal(0))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=F("baseline")),
                name="projects_indicator_target_differs",
                violation_error_message=_("The target must differ from the baseline."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """The value an indicator reached by the end of one reporting period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_end = models.DateField(_("period ending"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period_end", "pk"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_end"], name="projects_one_value_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_end}: {self.value}"


class Sought(models.TextChoices):
    EXPERTS = "experts", _("Experts")
    DATA = "data", _("Data")
    ANALYSIS = "analysis", _("Analysis")
    CO_ORGANISATION = "co_organisation", _("Co-organisation")


class Call(models.Model):
    """A call for the other party's participation in a project."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="calls")
    title = models.CharField(_("title"), max_length=200)
    # Sought values (Sought), in the order chosen.
    sought = models.JSONField(_("what is sought"), default=list)
    description = models.TextField(_("description"))
    places = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("deadline"))
    # Departments of the other party whose staff may apply, one per line; none: all its staff.
    departments = models.TextField(
        _("eligible departments"),
        blank=True,
        help_text=_("One per line; leave empty for all of the other party's staff."),
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewers"), related_name="calls_to_review", blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(blank=True, db_default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["closes_at", "pk"]
        verbose_name = _("call for participation")
        verbose_name_plural = _("calls for participation")
        indexes = [models.Index(fields=["closes_at", "id"], name="projects_calls_closing")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="projects_call_closes_after_opening",
                violation_error_message=_("The deadline must come after the opening."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:call", args=[self.pk])

    @property
    def department_list(self) -> list[str]:
        return [line.strip() for line in self.departments.splitlines() if line.strip()]

    @property
    def sought_text(self) -> str:
        """What the call seeks, as a run-in list in the reader's language."""
        return list_separator().join(str(Sought(value).label) for value in self.sought if value in Sought.values)


class Criterion(models.Model):
    """What reviewers score an application on, from 1 to 5."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("application", "Submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("application", "Withdrawn")
    ACCEPTED = "accepted", pgettext_lazy("application", "Accepted")
    WAITLISTED = "waitlisted", pgettext_lazy("application", "Waitlisted")
    DECLINED = "declined", pgettext_lazy("application", "Declined")


# What the organiser reads and decides on; a decided application may be decided again (a waitlisted one
# accepted when a place is free), a draft or a withdrawn one is the applicant's alone.
IN_REVIEW = (ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED)
DECIDED = (ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED)
SEEN_BY_ORGANISER = (ApplicationStatus.SUBMITTED, *DECIDED)


class Decision(models.TextChoices):
    ACCEPT = "accepted", _("Accept")
    WAITLIST = "waitlisted", _("Waitlist")
    DECLINE = "declined", _("Decline")


class Application(models.Model):
    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="applications"
    )
    # The applicant's party, copied: visibility and eligibility go by it.
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    motivation = models.TextField(_("motivation"), blank=True)
    contribution = models.TextField(_("proposed contribution"), blank=True)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), related_name="application_teams", blank=True
    )
    attachments = models.ManyToManyField(
        "documents.Document", verbose_name=_("attachments"), related_name="applications", blank=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "applicant"],
                name="projects_one_application_per_call",
                violation_error_message=_("You have already applied to this call."),
            )
        ]
        indexes = [
            models.Index(fields=["applicant", "-created_at", "-id"], name="projects_applications_of"),
            models.Index(fields=["call", "status", "submitted_at", "id"], name="projects_applications_in"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.call}"

    def get_absolute_url(self) -> str:
        return reverse("projects:application", args=[self.pk])


class Review(models.Model):
    """One reviewer's scores of one application; the others' stay hidden until this one is submitted."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="projects_one_review_per_reviewer")
        ]
        indexes = [models.Index(fields=["reviewer", "submitted_at"], name="projects_reviews_of")]

    def __str__(self) -> str:
        return f"review {self.pk}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="projects_one_score_per_criterion"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5),
                name="projects_score_1_to_5",
                violation_error_message=_("A score is from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class Participant(models.Model):
    """An accepted applicant, taking part in the project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="+"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="participant")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="projects_participant_once")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.project_id}"


class ContributionKind(models.TextChoices):
    EXPERT_DAYS = "expert_days", _("Expert days")
    DATA_SET = "data_set", _("Data set")
    DOCUMENT = "document", _("Document")
    ANALYSIS = "analysis", _("Analysis")
    EVENT = "event", _("Event co-organised")


class ContributionStatus(models.TextChoices):
    RECORDED = "recorded", _("Waiting for confirmation")
    RETURNED = "returned", _("Changes asked for")
    CONFIRMED = "confirmed", pgettext_lazy("contribution", "Confirmed")


class Contribution(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contributions")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="contributions")
    # The contributor's party, copied: per-party figures go by it.
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=ContributionKind.choices)
    on = models.DateField(_("date"))
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=1, default=Decimal(1), validators=[MinValueValidator(0)]
    )
    description = models.TextField(_("description"))
    evidence = models.ManyToManyField(
        "documents.Document", verbose_name=_("evidence"), related_name="contributions", blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ContributionStatus.choices, default=ContributionStatus.RECORDED
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="contribution"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [
            models.Index(fields=["project", "-on", "-id"], name="projects_contributions"),
            models.Index(fields=["status", "project"], name="projects_contributions_state"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"
