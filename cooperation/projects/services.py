"""Writes of project support: projects and their results, calls, applications, reviews and decisions,
contributions. Each service is atomic; deciding on an application locks its call's row, so two coordinators
accepting at once never fill more places than the call has."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.documents.links import library
from protocol import search
from protocol.activities import ledger
from protocol.areas import Area
from protocol.counts import counts_changed
from protocol.errors import RecordMovedOn
from protocol.language import date_in_words, datetime_in_words
from protocol.locking import locked
from protocol.notifications import outbox
from protocol.notifications.services import notifications_resolve
from protocol.parties.models import User
from protocol.signoff import services as signoff
from protocol.signoff.content import Version, canonical_sha256

from . import permissions
from .models import (
    NEXT_STATUS,
    Application,
    ApplicationStatus,
    Call,
    Contribution,
    ContributionStatus,
    Criterion,
    Decision,
    Indicator,
    IndicatorValue,
    Participant,
    Project,
    Review,
    Score,
    Sought,
)
from .notifications import (
    ACCEPTED,
    CALL_CLOSING,
    CONTRIBUTION_CONFIRMED,
    CONTRIBUTION_RECORDED,
    CONTRIBUTION_RETURNED,
    DECISION_NEEDED,
    DECISION_PENDING,
    DECLINED,
    REVIEW_PENDING,
    REVIEW_REQUESTED,
    WAITLISTED,
)
from .selectors import average_of, coordinators_of_organiser, reviewer_ids, reviews_missing

COUNTS = "projects"
LOWEST_SCORE, HIGHEST_SCORE = 1, 5


class ProjectError(RecordMovedOn):
    """The project, call, application or contribution moved on since the page was loaded."""


class CallClosed(ProjectError):
    """The deadline passed (or the call is not open yet)."""


# Projects and their results.


@dataclass(frozen=True)
class IndicatorRow:
    name: str
    target: Decimal
    baseline: Decimal = Decimal(0)
    unit: str = ""
    id: int | None = None  # an existing indicator's, to keep its reported values


@dataclass(frozen=True)
class ProjectFields:
    title: str
    project_type: str
    description: str
    starts_on: date
    ends_on: date
    title_other: str = ""
    contact: User | None = None
    documents: list = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)


def project_check(*, fields: ProjectFields, party_id: int | None = None) -> None:
    """The project's rules, per field, for the form (early) and the services alike."""
    errors: dict[str, list[str]] = {}
    if fields.starts_on and fields.ends_on and fields.ends_on < fields.starts_on:
        errors.setdefault("ends_on", []).append(_("The project must end on or after its start."))
    if fields.contact is not None and party_id is not None and fields.contact.party_id != party_id:
        errors.setdefault("contact", []).append(_("The contact is one of the organising party's staff."))
    for row in fields.indicators:
        if not row.name.strip():
            errors.setdefault("indicators", []).append(_("Give every indicator a name."))
        elif row.target == row.baseline:
            errors.setdefault("indicators", []).append(
                _("“%(name)s”: the target must differ from the baseline.") % {"name": row.name}
            )
    if errors:
        raise ValidationError(errors)


def project_create(*, by: User, fields: ProjectFields) -> Project:
    """A new project of the author's party, internal to it until a coordinator publishes it."""
    if not permissions.can_organise(by):
        raise PermissionDenied
    project_check(fields=fields, party_id=by.party_id)
    with transaction.atomic():
        project = Project(organising_party_id=by.party_id, created_by=by)
        _apply_project(project, fields, by=by)
        counts_changed(COUNTS)
    return project


def project_update(*, project: Project, by: User, fields: ProjectFields) -> Project:
    project_check(fields=fields, party_id=project.organising_party_id)
    with transaction.atomic():
        project = locked(project)
        if not permissions.can_edit_project(by, project):
            raise ProjectError(_("This project can no longer be changed."), record=project)
        _apply_project(project, fields, by=by)
        counts_changed(COUNTS)
    return project


def project_publish(*, project: Project, by: User) -> Project:
    """Make the project visible to the other party, for good."""
    with transaction.atomic():
        project = locked(project)
        if not permissions.is_organising_coordinator(by, project):
            raise PermissionDenied
        if not permissions.can_publish(by, project):
            raise ProjectError(_("This project is already published."), record=project)
        project.published_at = timezone.now()
        project.save(update_fields=["published_at", "updated_at"])
        counts_changed(COUNTS)
    return project


def project_advance(*, project: Project, by: User, to: str) -> Project:
    """Move the project one step on: planned → open for participation → running → closed."""
    with transaction.atomic():
        project = locked(project)
        if not permissions.can_advance(by, project) or NEXT_STATUS.get(project.status) != to:
            raise ProjectError(_("This project has moved on; see where it stands now."), record=project)
        project.status = to
        project.save(update_fields=["status", "updated_at"])
        counts_changed(COUNTS)
    return project


def indicator_report(
    *, indicator: Indicator, by: User, period_end: date, value: Decimal, note: str = ""
) -> IndicatorValue:
    """The value an indicator reached by `period_end`; reporting the same period again corrects it."""
    with transaction.atomic():
        project = locked(indicator.project)
        if not permissions.can_report_results(by, project):
            raise ProjectError(_("This project's results can no longer be reported."), record=project)
        if not project.starts_on <= period_end <= max(project.ends_on, project.starts_on):
            raise ValidationError({"period_end": _period_error(project)})
        row, _created = IndicatorValue.objects.update_or_create(
            indicator=indicator,
            period_end=period_end,
            defaults={"value": value, "note": note.strip(), "reported_by": by},
        )
        counts_changed(COUNTS)
    return row


def _apply_project(project: Project, fields: ProjectFields, *, by: User) -> None:
    for name in ("title", "title_other", "project_type", "description", "starts_on", "ends_on", "contact"):
        setattr(project, name, getattr(fields, name))
    project.search_text = search.segment(" ".join([fields.title, fields.title_other, fields.description]))
    project.save()
    search.refresh_search_vector(Project.objects.filter(pk=project.pk))
    project.documents.set(library.links_kept(current=project.documents.all(), chosen=fields.documents, by=by))
    existing = {row.pk: row for row in project.indicators.all()}
    kept = {row.id for row in fields.indicators if row.id in existing}
    project.indicators.exclude(pk__in=kept).delete()
    for position, row in enumerate(fields.indicators):
        indicator = existing.get(row.id) if row.id else None
        indicator = indicator or Indicator(project=project)
        indicator.name, indicator.unit = row.name.strip(), row.unit.strip()
        indicator.baseline, indicator.target, indicator.position = row.baseline, row.target, position
        indicator.save()


def _period_error(project: Project) -> str:
    return _("Give a date within the project's period, %(start)s to %(end)s.") % {
        "start": date_in_words(project.starts_on),
        "end": date_in_words(project.ends_on),
    }


# Calls for participation.


@dataclass(frozen=True)
class CallFields:
    title: str
    description: str
    places: int
    opens_at: datetime
    closes_at: datetime
    sought: list[str] = field(default_factory=list)
    departments: str = ""
    reviewers: list[User] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)


def call_check(*, fields: CallFields, party_id: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if fields.opens_at and fields.closes_at and fields.closes_at <= fields.opens_at:
        errors.setdefault("closes_at", []).append(_("The deadline must come after the opening."))
    if fields.places is not None and fields.places < 1:
        errors.setdefault("places", []).append(_("Offer at least one place."))
    if any(value not in Sought.values for value in fields.sought):
        errors.setdefault("sought", []).append(_("Choose what is sought from the list."))
    criteria = [name.strip() for name in fields.criteria if name.strip()]
    if not criteria:
        errors.setdefault("criteria", []).append(_("Name at least one criterion the reviewers score."))
    elif len(set(criteria)) != len(criteria):
        errors.setdefault("criteria", []).append(_("Each criterion once."))
    if party_id is not None and any(person.party_id != party_id or not person.is_active for person in fields.reviewers):
        errors.setdefault("reviewers", []).append(_("Reviewers are active staff of the organising party."))
    if errors:
        raise ValidationError(errors)


def call_create(*, project: Project, by: User, fields: CallFields) -> Call:
    call_check(fields=fields, party_id=project.organising_party_id)
    with transaction.atomic():
        project = locked(project)
        if not permissions.can_add_call(by, project):
            raise ProjectError(
                _("Calls are opened while a project is planned or open for participation."), record=project
            )
        call = Call(project=project, created_by=by)
        _apply_call(call, fields, criteria_fixed=False)
        counts_changed(COUNTS)
    return call


def call_update(*, call: Call, by: User, fields: CallFields) -> Call:
    """Change a call; its criteria stay as they are once a review has begun, and it keeps the places taken."""
    call_check(fields=fields, party_id=call.project.organising_party_id)
    with transaction.atomic():
        call = locked(call)
        if not permissions.can_edit_call(by, call):
            raise ProjectError(_("This call can no longer be changed."), record=call)
        accepted = call.applications.filter(status=ApplicationStatus.ACCEPTED).count()
        if fields.places < accepted:
            raise ValidationError(
                {"places": _("%(accepted)d applicants are already accepted: offer at least as many places.") % {
                    "accepted": accepted}}
            )  # fmt: skip
        reviewed = Review.objects.filter(application__call=call).exists()
        current = list(call.criteria.values_list("name", flat=True))
        if reviewed and [name.strip() for name in fields.criteria if name.strip()] != current:
            raise ValidationError({"criteria": _("Reviews have begun: the criteria can no longer change.")})
        _apply_call(call, fields, criteria_fixed=reviewed)
        counts_changed(COUNTS)
    return call


def _apply_call(call: Call, fields: CallFields, *, criteria_fixed: bool) -> None:
    for name in ("title", "description", "places", "opens_at", "closes_at"):
        setattr(call, name, getattr(fields, name))
    call.sought = [value for value in Sought.values if value in fields.sought]
    call.departments = "\n".join(line.strip() for line in fields.departments.splitlines() if line.strip())
    call.search_text = search.segment(f"{fields.title} {fields.description}")
    call.save()
    search.refresh_search_vector(Call.objects.filter(pk=call.pk))
    call.reviewers.set(fields.reviewers)
    if criteria_fixed:
        return
    names = [name.strip() for name in fields.criteria if name.strip()]
    existing = {criterion.name: criterion for criterion in call.criteria.all()}
    call.criteria.exclude(name__in=names).delete()
    for position, name in enumerate(names):
        criterion = existing.get(name) or Criterion(call=call, name=name)
        criterion.position = position
        criterion.save()


# Applications.


@dataclass(frozen=True)
class ApplicationFields:
    motivation: str
    contribution: str
    team: list[User] = field(default_factory=list)
    attachments: list = field(default_factory=list)


def application_check(*, fields: ApplicationFields, submit: bool, party_id: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if submit and not fields.motivation.strip():
        errors.setdefault("motivation", []).append(_("Say why you apply: an application needs a motivation."))
    if submit and not fields.contribution.strip():
        errors.setdefault("contribution", []).append(_("Say what you would contribute."))
    if party_id is not None and any(person.party_id != party_id or not person.is_active for person in fields.team):
        errors.setdefault("team", []).append(_("The team is active staff of your own party."))
    if errors:
        raise ValidationError(errors)


def application_start(*, call: Call, by: User, fields: ApplicationFields, submit: bool) -> Application:
    """The applicant's application to `call`: kept as their draft, or submitted at once."""
    _check_may_apply(call, by)
    application_check(fields=fields, submit=submit, party_id=by.party_id)
    with transaction.atomic():
        call = locked(call)
        call_open_check(call=call)
        application = Application(call=call, applicant=by, party_id=by.party_id)
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            existing = Application.objects.get(call=call, applicant=by)
            raise ProjectError(_("You have already applied to this call."), record=existing) from None
        _apply_application(application, fields, by=by)
        if submit:
            _submit(application, by=by)
        counts_changed(COUNTS)
    return application


def application_update(*, application: Application, by: User, fields: ApplicationFields, submit: bool) -> Application:
    """Change the application until the deadline; `submit` sends a draft (or a withdrawn one) in again."""
    application_check(fields=fields, submit=submit or application.status == ApplicationStatus.SUBMITTED,
                      party_id=application.party_id)  # fmt: skip
    with transaction.atomic():
        call = locked(application.call)
        application = locked(application)
        application.call = call
        call_open_check(call=call)
        if not permissions.can_edit_application(by, application):
            raise ProjectError(_("This application can no longer be changed."), record=application)
        _apply_application(application, fields, by=by)
        if submit and application.status != ApplicationStatus.SUBMITTED:
            _submit(application, by=by)
        counts_changed(COUNTS)
    return application


def application_withdraw(*, application: Application, by: User) -> Application:
    """The applicant takes a submitted application back, until the deadline; it may be submitted again."""
    with transaction.atomic():
        call = locked(application.call)
        application = locked(application)
        application.call = call
        call_open_check(call=call)
        if not permissions.can_withdraw(by, application):
            raise ProjectError(_("Only a submitted application can be withdrawn."), record=application)
        application.status = ApplicationStatus.WITHDRAWN
        application.save(update_fields=["status", "updated_at"])
        notifications_resolve(target=application, kinds=[REVIEW_REQUESTED, DECISION_NEEDED])
        counts_changed(COUNTS)
    return application


def application_eligibility_check(*, call: Call, by: User) -> None:
    """Refuse (ValidationError, saying why) a reader who may not apply to `call`: the apply page says so first."""
    _check_may_apply(call, by)


def _check_may_apply(call: Call, by: User) -> None:
    if not permissions.is_eligible(by, call):
        if by.party_id == call.project.organising_party_id:
            raise ValidationError(_("The organising party's own staff cannot apply to its calls."))
        raise ValidationError(_("This call is open to some departments of your party only: %(departments)s.") % {
            "departments": "、".join(call.department_list)})  # fmt: skip


def call_open_check(*, call: Call) -> None:
    """Refuse (CallClosed) when the call takes no applications now, naming the time it closed if it has."""
    now = timezone.now()
    if now >= call.closes_at:
        raise CallClosed(
            _("The call closed at %(when)s; no application can be made or changed after that.")
            % {"when": datetime_in_words(call.closes_at)},
            record=call,
        )
    if not permissions.call_is_open(call, now=now):
        raise CallClosed(_("This call is not open for applications."), record=call)


def _apply_application(application: Application, fields: ApplicationFields, *, by: User) -> None:
    application.motivation, application.contribution = fields.motivation.strip(), fields.contribution.strip()
    application.save()
    application.team.set([person for person in fields.team if person.pk != application.applicant_id])
    application.attachments.set(
        library.links_kept(current=application.attachments.all(), chosen=fields.attachments, by=by)
    )


def _submit(application: Application, *, by: User) -> None:
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    notifications_resolve(target=application, kinds=[CALL_CLOSING])
    outbox.enqueue(
        kind=REVIEW_REQUESTED,
        recipients=application.call.reviewers.filter(is_active=True),
        target=application,
        params=_application_params(application),
    )


def _application_params(application: Application, **more) -> dict:
    return {
        "applicant": application.applicant.full_name,
        "call": application.call.title,
        "project": application.call.project.title,
        **more,
    }


# Reviews and decisions.


def review_save(
    *, application: Application, by: User, scores: dict[int, tuple[int | None, str]], comment: str, submit: bool
) -> Review:
    """The reviewer's scores (criterion id → score and comment), kept as a draft or submitted for good; a
    submitted review needs a score for every criterion, each from 1 to 5."""
    with transaction.atomic():
        application = locked(application)
        if not permissions.can_review(by, application, reviewer_ids=reviewer_ids(application.call)):
            raise PermissionDenied
        criteria = list(application.call.criteria.all())
        _check_scores(criteria, scores, submit=submit)
        review, _created = Review.objects.get_or_create(application=application, reviewer=by)
        review = locked(review)
        if review.submitted_at is not None:
            raise ProjectError(_("Your review is submitted and can no longer change."), record=application)
        review.comment = comment.strip()
        if submit:
            review.submitted_at = timezone.now()
        review.save()
        for criterion in criteria:
            score, note = scores.get(criterion.pk, (None, ""))
            if score is None:
                Score.objects.filter(review=review, criterion=criterion).delete()
                continue
            Score.objects.update_or_create(
                review=review, criterion=criterion, defaults={"score": score, "comment": (note or "").strip()}
            )
        if submit:
            notifications_resolve(target=application, kinds=[REVIEW_REQUESTED, REVIEW_PENDING], recipients=[by])
            if not reviews_missing(application).exists():
                average = average_of(application)
                outbox.enqueue(
                    kind=DECISION_NEEDED,
                    recipients=coordinators_of_organiser(application.call.project),
                    target=application,
                    params=_application_params(application, average=str(average)),
                )
        counts_changed(COUNTS)
    return review


def _check_scores(criteria: list[Criterion], scores: dict, *, submit: bool) -> None:
    errors = []
    known = {criterion.pk for criterion in criteria}
    for criterion_id, (score, _note) in scores.items():
        if criterion_id not in known:
            raise ValidationError(_("A score names a criterion of another call."))
        if score is not None and not LOWEST_SCORE <= score <= HIGHEST_SCORE:
            errors.append(_("Scores are from 1 to 5."))
            break
    if submit and any(scores.get(criterion.pk, (None, ""))[0] is None for criterion in criteria):
        errors.append(_("Score every criterion before submitting the review."))
    if errors:
        raise ValidationError({"scores": errors})


def decision_check(*, decision: str, comment: str) -> None:
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose accept, waitlist or decline.")})
    if decision == Decision.DECLINE and not comment.strip():
        raise ValidationError({"comment": _("Say why the application is declined: the applicant reads it.")})


def application_decide(*, application: Application, by: User, decision: str, comment: str) -> Application:
    """Accept, waitlist or decline; an accepted applicant becomes the project's participant. The call's row
    is locked first, so the places are counted by one decision at a time."""
    decision_check(decision=decision, comment=comment)
    with transaction.atomic():
        call = locked(application.call, related=["project"])
        application = locked(application)
        application.call = call
        if not permissions.is_organising_coordinator(by, call.project):
            raise PermissionDenied
        if not permissions.can_decide(by, application):
            raise ProjectError(_("This application has already been decided."), record=application)
        if decision == Decision.ACCEPT:
            accepted = call.applications.filter(status=ApplicationStatus.ACCEPTED).count()
            if accepted >= call.places:
                raise ProjectError(
                    _("All %(places)d places of this call are taken: waitlist the application instead.")
                    % {"places": call.places},
                    record=application,
                )
        application.status = decision
        application.decided_at, application.decided_by = timezone.now(), by
        application.decision_comment = comment.strip()
        application.save(update_fields=["status", "decided_at", "decided_by", "decision_comment", "updated_at"])
        if decision == Decision.ACCEPT:
            Participant.objects.create(
                project=call.project, user=application.applicant, party_id=application.party_id, application=application
            )
        if decision != Decision.WAITLIST:
            notifications_resolve(
                target=application, kinds=[DECISION_NEEDED, DECISION_PENDING, REVIEW_REQUESTED, REVIEW_PENDING]
            )
        kind = {Decision.ACCEPT: ACCEPTED, Decision.WAITLIST: WAITLISTED, Decision.DECLINE: DECLINED}[decision]
        outbox.enqueue(
            kind=kind,
            recipients=[application.applicant],
            target=application,
            params=_application_params(application, actor=by.full_name, comment=application.decision_comment),
        )
        counts_changed(COUNTS)
    return application


# Contributions: recorded by a participant, confirmed by the organiser's coordinator (a one-party sign-off).


@dataclass(frozen=True)
class ContributionFields:
    kind: str
    on: date
    description: str
    quantity: Decimal = Decimal(1)
    evidence: list = field(default_factory=list)


def contribution_check(*, project: Project, fields: ContributionFields) -> None:
    errors: dict[str, list[str]] = {}
    if fields.on and not project.starts_on <= fields.on <= project.ends_on:
        errors.setdefault("on", []).append(_period_error(project))
    if fields.quantity is not None and fields.quantity <= 0:
        errors.setdefault("quantity", []).append(_("Give a quantity above zero."))
    if errors:
        raise ValidationError(errors)


def contribution_record(*, project: Project, by: User, fields: ContributionFields) -> Contribution:
    """A participant records what they contributed, for the organiser's coordinator to confirm."""
    contribution_check(project=project, fields=fields)
    with transaction.atomic():
        project = locked(project)
        participant = Participant.objects.filter(project=project, user=by).first()
        if not permissions.can_record_contribution(by, project, participant=participant):
            raise PermissionDenied
        contribution = Contribution(project=project, participant=participant, party_id=by.party_id, created_by=by)
        _apply_contribution(contribution, fields, by=by)
        _ask_to_confirm(contribution)
        counts_changed(COUNTS)
    return contribution


def contribution_update(*, contribution: Contribution, by: User, fields: ContributionFields) -> Contribution:
    """Change a contribution not yet confirmed; one returned for changes goes back for confirmation."""
    contribution_check(project=contribution.project, fields=fields)
    with transaction.atomic():
        contribution = locked(contribution, related=["project", "participant"])
        if not permissions.can_edit_contribution(by, contribution):
            raise ProjectError(
                _("This contribution is confirmed and can no longer change."), record=contribution.project
            )
        was_returned = contribution.status == ContributionStatus.RETURNED
        contribution.status = ContributionStatus.RECORDED
        _apply_contribution(contribution, fields, by=by)
        notifications_resolve(target=contribution.project, kinds=[CONTRIBUTION_RETURNED], recipients=[by],
                              params={"contribution_id": contribution.pk})  # fmt: skip
        if was_returned:
            _ask_to_confirm(contribution)
        counts_changed(COUNTS)
    return contribution


def contribution_version(contribution: Contribution) -> Version:
    """What the organiser's coordinator confirms: this content, named by its SHA-256."""
    content = {
        "kind": contribution.kind,
        "on": contribution.on.isoformat(),
        # As stored (one decimal place), whether read back or just written.
        "quantity": str(Decimal(contribution.quantity).quantize(Decimal("0.1"))),
        "description": contribution.description,
        "evidence": sorted(contribution.evidence.values_list("pk", flat=True)),
    }
    return Version(sha256=canonical_sha256(content), label=contribution.on.isoformat())


def contribution_confirm(*, contribution: Contribution, by: User, sha256: str) -> Contribution:
    """Confirm the contribution as it was shown (`sha256`); it enters the ledger as a project-support activity
    confirmed by this confirmation: nobody is asked to confirm it again."""
    with transaction.atomic():
        contribution = locked(contribution, related=["project", "participant__user"])
        project = contribution.project
        if not permissions.can_confirm_contribution(by, contribution):
            raise ProjectError(_("This contribution is not waiting for confirmation."), record=project)
        current = contribution_version(contribution)
        signoff.signoff_approve(
            target=contribution,
            version=Version(sha256=sha256, label=current.label),
            current=current,
            by=by,
            required_parties=[project.organising_party_id],
        )
        contribution.status = ContributionStatus.CONFIRMED
        contribution.confirmed_at, contribution.confirmed_by = timezone.now(), by
        contributor = contribution.participant.user
        contribution.activity = ledger.ledger_entry_record(
            source=project,
            by=contributor,
            fields=_activity_fields(contribution, confirmed_by=by),
            signed_off_by=by,
            comment=_("Contribution confirmed by the organising party."),
        )
        contribution.save(update_fields=["status", "confirmed_at", "confirmed_by", "activity", "updated_at"])
        notifications_resolve(
            target=project, kinds=[CONTRIBUTION_RECORDED], params={"contribution_id": contribution.pk}
        )
        outbox.enqueue(
            kind=CONTRIBUTION_CONFIRMED,
            recipients=[contributor],
            target=project,
            params=_contribution_params(contribution, actor=by.full_name),
        )
        counts_changed(COUNTS)
    return contribution


def contribution_return(*, contribution: Contribution, by: User, sha256: str, comment: str) -> Contribution:
    """Ask the contributor for changes, saying which."""
    with transaction.atomic():
        contribution = locked(contribution, related=["project", "participant__user"])
        project = contribution.project
        if not permissions.can_confirm_contribution(by, contribution):
            raise ProjectError(_("This contribution is not waiting for confirmation."), record=project)
        current = contribution_version(contribution)
        signoff.signoff_request_changes(
            target=contribution,
            version=Version(sha256=sha256, label=current.label),
            current=current,
            by=by,
            comment=comment,
            required_parties=[project.organising_party_id],
        )
        contribution.status = ContributionStatus.RETURNED
        contribution.save(update_fields=["status", "updated_at"])
        notifications_resolve(
            target=project, kinds=[CONTRIBUTION_RECORDED], params={"contribution_id": contribution.pk}
        )
        outbox.enqueue(
            kind=CONTRIBUTION_RETURNED,
            recipients=[contribution.participant.user],
            target=project,
            params=_contribution_params(contribution, actor=by.full_name, comment=comment.strip()),
        )
        counts_changed(COUNTS)
    return contribution


def _apply_contribution(contribution: Contribution, fields: ContributionFields, *, by: User) -> None:
    for name in ("kind", "on", "description", "quantity"):
        setattr(contribution, name, getattr(fields, name))
    contribution.description = contribution.description.strip()
    contribution.save()
    contribution.evidence.set(library.links_kept(current=contribution.evidence.all(), chosen=fields.evidence, by=by))


def _ask_to_confirm(contribution: Contribution) -> None:
    outbox.enqueue(
        kind=CONTRIBUTION_RECORDED,
        recipients=coordinators_of_organiser(contribution.project),
        target=contribution.project,
        params=_contribution_params(contribution, person=contribution.participant.user.full_name),
    )


def _contribution_params(contribution: Contribution, **more) -> dict:
    return {
        "title": contribution.project.title,
        "kind": contribution.get_kind_display(),
        "due": contribution.on.isoformat(),
        "contribution_id": contribution.pk,
        **more,
    }


def _activity_fields(contribution: Contribution, *, confirmed_by: User) -> ledger.ActivityFields:
    project = contribution.project
    what = contribution.get_kind_display()
    title = f"{project.title}: {what}"
    participants = [contribution.participant.user, confirmed_by]
    if project.contact is not None and project.contact not in participants:
        participants.append(project.contact)
    return ledger.ActivityFields(
        area=Area.PROJECTS,
        kind=ledger.Kind.PROJECT_SUPPORT,
        # A ledger title holds 200 characters: a long project title gives way to what was done.
        title=title if len(title) <= 200 else what,
        title_other=project.title_other,
        description=contribution.description,
        start_date=contribution.on,
        lead_party=project.organising_party,
        participants=participants,
        documents=list(contribution.evidence.all()),
    )
