"""Joint (strategic analysis) research: a project of both parties, its plan, and what it delivers.

The plan (objectives, dates, team, milestones, deliverables) is edited in these rows; each proposal freezes
it as a `PlanVersion` (canonical JSON and its SHA-256) that a coordinator of each party approves through
protocol.signoff. The last version both approved is the baseline in force while an amendment is under way.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from protocol.language import Titles, titles_for_reader
from protocol.parties.models import Party
from protocol.signoff.content import Version
from protocol.signoff.models import FrozenVersion


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("research project", "Draft")
    PROPOSED = "proposed", pgettext_lazy("research project", "Proposed")
    APPROVED = "approved", pgettext_lazy("research project", "Approved")
    ACTIVE = "active", pgettext_lazy("research project", "Active")
    COMPLETED = "completed", pgettext_lazy("research project", "Completed")
    WITHDRAWN = "withdrawn", pgettext_lazy("research project", "Withdrawn")
    CANCELLED = "cancelled", pgettext_lazy("research project", "Cancelled")


# After approval the project runs on a baseline; before it, the plan is still being agreed.
RUNNING = (ProjectStatus.APPROVED, ProjectStatus.ACTIVE)
ENDED = (ProjectStatus.COMPLETED, ProjectStatus.WITHDRAWN, ProjectStatus.CANCELLED)


class PlanState(models.TextChoices):
    EDITING = "editing", _("Being prepared")
    IN_REVIEW = "in_review", _("Waiting for both parties' approval")
    AGREED = "agreed", _("Approved by both parties")


class ResearchProject(models.Model):
    title = models.CharField(_("title"), max_length=200)
    title_other = models.CharField(_("title in the other language"), max_length=200, blank=True)
    topic = models.TextField(_("topic"), blank=True)
    technology_field = models.CharField(_("technology field"), max_length=200, blank=True)
    # IPC classes as codes separated by spaces ("G06F H04L"), like a library document's.
    ipc_classes = models.CharField(_("IPC classes"), max_length=300, blank=True)
    objectives = models.TextField(_("objectives"))
    expected_outputs = models.TextField(_("expected outputs"), blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    lead_party = models.ForeignKey(
        Party, verbose_name=_("lead party"), on_delete=models.PROTECT, related_name="research_projects"
    )
    internal = models.BooleanField(
        _("internal to the lead party"),
        default=False,
        help_text=_("A party's own preparatory project: invisible to the other party."),
    )
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("library documents"), related_name="research_projects", blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT)
    plan_state = models.CharField(_("plan"), max_length=10, choices=PlanState.choices, default=PlanState.EDITING)
    # The version of the plan under review (or last reviewed), and the one both parties approved last.
    plan_version = models.ForeignKey(
        "PlanVersion", verbose_name=_("plan version"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    baseline = models.ForeignKey(
        "PlanVersion", verbose_name=_("baseline"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Segmented titles, topic, field and objectives (jieba for Chinese); see protocol/search.py.
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")
        indexes = [
            # Every list pages newest start first by keyset on this index (and the oldest page backwards).
            models.Index(fields=["-start_date", "-id"], name="research_newest"),
            models.Index(fields=["status", "lead_party"], name="research_status_party"),
            models.Index(fields=["plan_state"], name="research_in_review", condition=Q(plan_state="in_review")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="research_ends_after_start",
                violation_error_message=_("The end cannot be before the start."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("research:detail", args=[self.pk])

    @property
    def titles(self) -> Titles:
        return titles_for_reader(self.title, self.title_other)

    @property
    def ipc_class_list(self) -> list[str]:
        return self.ipc_classes.split()

    @property
    def amendment_under_way(self) -> bool:
        return self.baseline_id is not None and self.plan_state != PlanState.AGREED


class TeamRole(models.TextChoices):
    PRINCIPAL_INVESTIGATOR = "pi", _("Principal investigator")
    RESEARCHER = "researcher", _("Researcher")
    ANALYST = "analyst", _("Analyst")
    REVIEWER = "reviewer", _("Reviewer")
    CONTACT = "contact", _("Contact")


class TeamMember(models.Model):
    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    # The party the member stands for: their own, copied so that "one PI per party" is a constraint.
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices)

    class Meta:
        ordering = ["party__code", "role", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="research_member_once"),
            models.UniqueConstraint(
                fields=["project", "party"], condition=Q(role="pi"), name="research_one_pi_per_party"
            ),
        ]
        indexes = [models.Index(fields=["user", "project"], name="research_team_of_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} @ {self.project_id}"


class Milestone(models.Model):
    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("note"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The ledger entry recorded when the milestone is done.
    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="research_milestone"
    )

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [
            # The reminders' "open milestones due around today".
            models.Index(fields=["due_date"], name="research_milestones_open", condition=Q(done_on__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("deliverable", "Planned")
    SUBMITTED = "submitted", pgettext_lazy("deliverable", "Submitted for acceptance")
    FIXES_REQUESTED = "fixes", pgettext_lazy("deliverable", "Fixes requested")
    ACCEPTED = "accepted", pgettext_lazy("deliverable", "Accepted by both parties")


class Deliverable(models.Model):
    """What the project delivers, e.g. "patent landscape report, final": a library document, accepted when the
    PI of each party accepts the same version of its file (sign-off records naming the file's SHA-256)."""

    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(_("deliverable"), max_length=200)
    due_date = models.DateField(_("due"))
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("library document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="research_deliverables",
    )
    # The file submitted for acceptance: the document's version number and its SHA-256, pinned at submission.
    version_number = models.PositiveIntegerField(_("version"), null=True, blank=True)
    version_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliverableStatus.choices, default=DeliverableStatus.PLANNED
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="research_deliverable"
    )

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        indexes = [
            models.Index(fields=["status"], name="research_deliverables_waiting", condition=Q(status="submitted"))
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.status == DeliverableStatus.ACCEPTED

    @property
    def version(self) -> Version | None:
        """What the PIs accept: the submitted file's hash, labelled by the document and its version number."""
        if not self.version_sha256:
            return None
        return Version(sha256=self.version_sha256, label=f"{self.document_id}v{self.version_number}")


class PlanVersion(FrozenVersion):
    """One proposed plan, frozen. Approved when both parties approved its hash."""

    LABEL_PREFIX = "plan-"

    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="plan_versions")

    class Meta(FrozenVersion.Meta):
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="research_plan_number_once")]

    def __str__(self) -> str:
        return f"{self.project_id} plan {self.number}"


class ReportStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


class StatusReport(models.Model):
    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="reports")
    as_of = models.DateField(_("as of"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices)
    text = models.TextField(_("progress"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-pk"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")

    def __str__(self) -> str:
        return f"{self.project_id} {self.as_of} {self.status}"
