"""Reads of project support, already scoped to the reader (protocol.visibility).

A project is its organising party's alone until published. An application is its applicant's (a draft only
theirs); once submitted, its team, the call's reviewers and the organiser's coordinators read it too. A
reviewer reads the other reviewers' scores only after submitting their own; the applicant's party never
reads reviews."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from protocol import search
from protocol.parties.models import User
from protocol.parties.roles import Role
from protocol.parties.selectors import coordinators_of
from protocol.visibility import has_party, holds_role, party_scoped

from .models import (
    IN_REVIEW,
    SEEN_BY_ORGANISER,
    Application,
    ApplicationStatus,
    Call,
    Contribution,
    ContributionStatus,
    Indicator,
    IndicatorValue,
    Participant,
    Project,
    Review,
    Score,
)
from .permissions import TAKING_PART


def projects_visible_to(user) -> QuerySet[Project]:
    """Projects of both parties, except the other party's unpublished ones."""
    rows = Project.objects.select_related("organising_party").defer("search_text", "search_vector")
    return party_scoped(rows, user, owner="organising_party", shared=Q(published_at__isnull=False))


def projects_listed(user) -> QuerySet[Project]:
    """Every visible project, newest start first (keyset on the index projects_newest)."""
    return projects_visible_to(user).order_by("-starts_on", "-pk")


def project_visible_to(user, pk: int) -> Project:
    return projects_visible_to(user).select_related("contact", "contact__party").get(pk=pk)


def calls_visible_to(user) -> QuerySet[Call]:
    rows = Call.objects.select_related("project", "project__organising_party")
    return party_scoped(rows, user, owner="project__organising_party", shared=Q(project__published_at__isnull=False))


def calls_open(user, *, now=None) -> QuerySet[Call]:
    """Calls taking applications now, the one closing soonest first (keyset on projects_calls_closing)."""
    now = now or timezone.now()
    return (
        calls_visible_to(user)
        .filter(
            project__published_at__isnull=False,
            project__status__in=TAKING_PART,
            opens_at__lte=now,
            closes_at__gt=now,
        )
        .order_by("closes_at", "pk")
    )


def calls_of(project: Project) -> QuerySet[Call]:
    return project.calls.order_by("closes_at", "pk")


def reviewer_ids(call: Call) -> set[int]:
    return set(call.reviewers.values_list("pk", flat=True))


def applications_visible_to(user) -> QuerySet[Application]:
    rows = Application.objects.select_related(
        "applicant", "applicant__party", "call", "call__project", "call__project__organising_party"
    )
    if not has_party(user):
        return rows.none()
    own = Q(applicant_id=user.pk)
    on_team = Q(status__in=SEEN_BY_ORGANISER) & Q(
        Exists(Application.team.through.objects.filter(application_id=OuterRef("pk"), user_id=user.pk))
    )
    organiser = Q(call__project__organising_party_id=user.party_id, status__in=SEEN_BY_ORGANISER)
    if user.has_role(Role.COORDINATOR):
        reads = organiser
    else:
        reads = organiser & Q(
            Exists(Call.reviewers.through.objects.filter(call_id=OuterRef("call_id"), user_id=user.pk))
        )
    return rows.filter(own | on_team | reads)


def application_visible_to(user, pk: int) -> Application:
    return applications_visible_to(user).get(pk=pk)


def applications_of(user) -> QuerySet[Application]:
    """The reader's own applications, newest first (keyset on projects_applications_of)."""
    return applications_visible_to(user).filter(applicant_id=user.pk).order_by("-created_at", "-pk")


def application_of(user, call: Call) -> Application | None:
    return Application.objects.filter(call=call, applicant_id=user.pk).first()


def applications_to_review(user) -> QuerySet[Application]:
    """Submitted applications to calls the reader reviews, not yet reviewed by them, oldest first."""
    if not has_party(user):
        return Application.objects.none()
    mine = Review.objects.filter(application_id=OuterRef("pk"), reviewer_id=user.pk, submitted_at__isnull=False)
    return (
        Application.objects.filter(
            status__in=IN_REVIEW,
            call__reviewers=user,
            call__project__organising_party_id=user.party_id,
        )
        .exclude(Exists(mine))
        .select_related("applicant", "applicant__party", "call", "call__project")
        .order_by("submitted_at", "pk")
    )


def applications_to_decide(user) -> QuerySet[Application]:
    """For a coordinator: applications to their party's calls waiting for a decision, oldest first."""
    if not holds_role(user, Role.COORDINATOR):
        return Application.objects.none()
    return (
        Application.objects.filter(call__project__organising_party_id=user.party_id, status__in=IN_REVIEW)
        .select_related("applicant", "applicant__party", "call", "call__project")
        .order_by("submitted_at", "pk")
    )


def applications_in(call: Call) -> QuerySet[Application]:
    """What the organiser reads of one call: every submitted or decided application, in order of arrival."""
    return (
        call.applications.filter(status__in=SEEN_BY_ORGANISER)
        .select_related("applicant", "applicant__party")
        .order_by("submitted_at", "pk")
    )


def with_average(rows: QuerySet[Application]) -> QuerySet[Application]:
    """Each application with `average`: the mean of the submitted reviews' scores (None before any)."""
    return rows.annotate(average=Avg("reviews__scores__score", filter=Q(reviews__submitted_at__isnull=False)))


def given_averages(applications: list[Application]) -> list[Application]:
    """Each application of a page given `average`, in one query for the page: annotating the whole list instead
    would aggregate every application waiting before the page could be cut (seconds at ten years)."""
    ids = [application.pk for application in applications]
    averages = dict(
        Score.objects.filter(review__application_id__in=ids, review__submitted_at__isnull=False)
        .values_list("review__application_id")
        .annotate(average=Avg("score"))
        .order_by()
    )
    for application in applications:
        application.average = averages.get(application.pk)
    return applications


def accepted_count(call: Call) -> int:
    return call.applications.filter(status=ApplicationStatus.ACCEPTED).count()


def review_of(application: Application, reviewer: User) -> Review | None:
    return (
        Review.objects.filter(application=application, reviewer=reviewer)
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .first()
    )


def reviews_readable_by(user, application: Application) -> QuerySet[Review]:
    """The organiser's coordinators read every submitted review; a reviewer who submitted theirs reads the others'
    submitted ones; anyone else, none (their own draft is `review_of`)."""
    submitted = (
        Review.objects.filter(application=application, submitted_at__isnull=False)
        .select_related("reviewer", "reviewer__party")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .order_by("submitted_at", "pk")
    )
    if not has_party(user) or user.party_id != application.call.project.organising_party_id:
        return submitted.none()
    if user.has_role(Role.COORDINATOR):
        return submitted
    if submitted.filter(reviewer_id=user.pk).exists():
        return submitted
    return submitted.none()


def average_of(application: Application) -> Decimal | None:
    value = Score.objects.filter(review__application=application, review__submitted_at__isnull=False).aggregate(
        average=Avg("score")
    )["average"]
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def reviews_missing(application: Application) -> QuerySet[User]:
    """The call's reviewers who have not submitted a review of the application."""
    done = Review.objects.filter(application=application, submitted_at__isnull=False).values("reviewer_id")
    return application.call.reviewers.exclude(pk__in=done)


def participants_of(project: Project) -> QuerySet[Participant]:
    return project.participants.select_related("user", "user__party", "party").order_by("joined_at", "pk")


def participant_of(user, project: Project) -> Participant | None:
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(project=project, user_id=user.pk).first()


def contributions_visible_to(user) -> QuerySet[Contribution]:
    """Contributions to the projects the reader may see (only published projects have participants)."""
    return Contribution.objects.filter(project__in=projects_visible_to(user).values("pk")).select_related(
        "project", "project__organising_party", "participant__user", "participant__user__party", "party"
    )


def contribution_visible_to(user, pk: int) -> Contribution:
    return contributions_visible_to(user).get(pk=pk)


def contributions_of(project: Project) -> QuerySet[Contribution]:
    """A project's contributions, latest first (keyset on projects_contributions)."""
    return (
        project.contributions.select_related("participant__user", "participant__user__party", "party", "activity")
        .prefetch_related("evidence")
        .order_by("-on", "-pk")
    )


def contributions_to_confirm(user) -> QuerySet[Contribution]:
    """For a coordinator: contributions to their party's projects waiting for confirmation, oldest first."""
    if not holds_role(user, Role.COORDINATOR):
        return Contribution.objects.none()
    return (
        Contribution.objects.filter(project__organising_party_id=user.party_id, status=ContributionStatus.RECORDED)
        .select_related("project", "participant__user", "participant__user__party")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class Progress:
    """Where an indicator stands: its latest reported value against the way from baseline to target."""

    indicator: Indicator
    latest: IndicatorValue | None

    @property
    def actual(self) -> Decimal:
        return self.latest.value if self.latest else self.indicator.baseline

    @property
    def percent(self) -> int:
        """Share of the way from baseline to target covered, 0 to 100 (beyond the target counts as 100)."""
        span = self.indicator.target - self.indicator.baseline
        done = (self.actual - self.indicator.baseline) / span
        return int(max(Decimal(0), min(Decimal(1), done)) * 100)


def indicators_of(project: Project) -> list[Progress]:
    """Each indicator with its values (oldest first) and its progress, in two queries."""
    indicators = list(
        project.indicators.prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("period_end", "pk"))
        )
    )
    return [Progress(indicator=row, latest=(list(row.values.all()) or [None])[-1]) for row in indicators]


def coordinators_of_organiser(project: Project) -> QuerySet[User]:
    return coordinators_of([project.organising_party_id])


def matching(rows: QuerySet, query: str, *, through: str = "", rank_limit: int = search.RANK_LIMIT) -> QuerySet:
    """A ranked search of projects (or calls: `through="project"`) by title and description, in either
    language (protocol.search)."""
    prefix = f"{through}__" if through else ""
    return search.apply_search(
        rows, query, text_field=f"{prefix}search_text", vector_field=f"{prefix}search_vector", rank_limit=rank_limit
    )


# --- C ---

from cooperation.documents.links import library  # noqa: E402  (helper C's section: reads of evidence)


def contributions_listed(user, project: Project) -> QuerySet[Contribution]:
    """`contributions_of`, each with `visible_evidence`: only the documents the reader may see (one query)."""
    return (
        contributions_of(project)
        .prefetch_related(None)
        .prefetch_related(Prefetch("evidence", queryset=library.visible_to(user), to_attr="visible_evidence"))
    )


def contribution_for(user, pk: int) -> Contribution:
    """One contribution the reader may see, with the evidence they may see (`visible_evidence`) and the number
    of evidence documents hidden from them (`hidden_evidence`): the confirm page shows what it confirms."""
    contribution = (
        contributions_visible_to(user)
        .select_related("activity", "confirmed_by")
        .prefetch_related(Prefetch("evidence", queryset=library.visible_to(user), to_attr="visible_evidence"))
        .get(pk=pk)
    )
    contribution.hidden_evidence = contribution.evidence.count() - len(contribution.visible_evidence)
    return contribution


def applications_exported(call: Call) -> QuerySet[Application]:
    """`applications_in(call)` with their `average` and their submitted reviews (reviewer and scores), for the
    organiser's export: three queries whatever the number of applications."""
    submitted = (
        Review.objects.filter(submitted_at__isnull=False)
        .select_related("reviewer")
        .prefetch_related("scores")
        .order_by("submitted_at", "pk")
    )
    return with_average(applications_in(call)).prefetch_related(
        Prefetch("reviews", queryset=submitted, to_attr="submitted_reviews")
    )


def reviewers_of(call: Call) -> list[User]:
    """The call's reviewers with anyone who reviewed one of its applications and is no longer one, by name."""
    reviewed = Review.objects.filter(application__call=call, submitted_at__isnull=False).values("reviewer_id")
    reviewing = Call.reviewers.through.objects.filter(call_id=call.pk).values("user_id")
    return list(User.objects.filter(Q(pk__in=reviewing) | Q(pk__in=reviewed)).order_by("full_name", "pk"))


def call_for_export(user, pk: int) -> Call:
    """A call the reader may see, with its criteria (the export's columns)."""
    return calls_visible_to(user).prefetch_related("criteria").get(pk=pk)


# --- A ---


def project_detail(user, pk: int) -> Project:
    """One visible project with its contact and the linked documents the reader may see (`visible_documents`);
    DoesNotExist otherwise."""
    from cooperation.documents.links import library

    return (
        projects_visible_to(user)
        .select_related("contact", "contact__party")
        .prefetch_related(Prefetch("documents", queryset=library.visible_to(user), to_attr="visible_documents"))
        .get(pk=pk)
    )


# --- B ---


def call_detail(user, pk: int) -> Call:
    """One visible call with its criteria and reviewers (for the call's page and its form)."""
    return (
        calls_visible_to(user)
        .prefetch_related("criteria", Prefetch("reviewers", queryset=User.objects.select_related("party")))
        .get(pk=pk)
    )


def application_detail(user, pk: int) -> Application:
    """One visible application with its team, its call's criteria and reviewers, and `visible_attachments`:
    the attachments the reader may see (a document internal to the applicant's party stays theirs)."""
    from cooperation.documents.links import library

    return (
        applications_visible_to(user)
        .prefetch_related(
            Prefetch("team", queryset=User.objects.select_related("party")),
            Prefetch("attachments", queryset=library.visible_to(user), to_attr="visible_attachments"),
            "call__criteria",
            "call__reviewers",
        )
        .get(pk=pk)
    )
