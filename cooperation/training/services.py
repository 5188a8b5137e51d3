"""Writes of the training area: courses and sessions, enrolment with per-party seats and waitlists,
attendance countersigned by the other party, certificates and feedback. Each service is atomic; every
change to a session's seats happens with the session's row locked, so seats are never given twice."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.documents.links import library
from protocol import search
from protocol.activities import ledger
from protocol.areas import Area
from protocol.audit import services as audit_services
from protocol.audit.models import Action as AuditAction
from protocol.counts import counts_changed
from protocol.errors import RecordMovedOn
from protocol.locking import locked
from protocol.notifications import outbox
from protocol.notifications.services import notifications_resolve, notifications_withdraw_unseen
from protocol.parties.models import User
from protocol.signoff import services as signoff
from protocol.signoff.content import Version, canonical_sha256

from . import permissions
from .models import (
    HOLDS_SEAT,
    Attendance,
    Certificate,
    Course,
    Enrolment,
    EnrolmentStatus,
    Feedback,
    Seats,
    SessionStatus,
    TrainingSession,
    Verification,
    attendance_label,
)
from .notifications import (
    APPROVAL_NEEDED,
    APPROVED,
    CERTIFICATE_ISSUED,
    DECLINED,
    ENROLLED,
    FEEDBACK_REQUESTED,
    PROMOTED,
    SESSION_CANCELLED,
    SESSION_CHANGED,
    SESSION_WITHDRAWN,
    WAITLISTED,
)
from .selectors import coordinators_of_party, sessions_visible_to, trainer_ids

COUNTS = "training"
ATTENDED = (Attendance.PRESENT, Attendance.PARTLY)


class TrainingError(RecordMovedOn):
    """The session or the enrolment moved on since the page was loaded."""


@dataclass(frozen=True)
class CourseFields:
    title: str
    description: str
    title_other: str = ""
    audience: str = ""
    prerequisites: str = ""
    contact: User | None = None
    feedback_questions: list[str] = field(default_factory=list)
    internal: bool = False
    materials: list = field(default_factory=list)


@dataclass(frozen=True)
class SessionFields:
    starts_at: datetime
    ends_at: datetime
    enrolment_opens_at: datetime
    enrolment_closes_at: datetime
    # Party id → seats reserved for it.
    seats: Mapping[int, int]
    location: str = ""
    online_link: str = ""
    trainers: list[User] = field(default_factory=list)
    external_trainers: str = ""
    release_unused_at: datetime | None = None
    needs_approval: bool = False


# Courses and sessions.


def course_create(*, by: User, fields: CourseFields) -> Course:
    if not permissions.can_organise(by):
        raise PermissionDenied
    with transaction.atomic():
        course = Course(organising_party_id=by.party_id, created_by=by)
        _apply_course(course, fields, by=by)
        counts_changed(COUNTS)
    return course


def course_update(*, course: Course, by: User, fields: CourseFields) -> Course:
    with transaction.atomic():
        course = locked(course)
        if not permissions.can_edit_course(by, course):
            raise PermissionDenied
        was_internal = course.internal
        _apply_course(course, fields, by=by)
        if course.internal and not was_internal:
            for session in course.sessions.all():
                notifications_withdraw_unseen(target=session)
            _withdraw_invitations(course)
        counts_changed(COUNTS)
    return course


def _withdraw_invitations(course: Course) -> None:
    """The other party's staff enrolled on the course's sessions may hold their invitations in their calendars,
    and may no longer know of them: a withdrawal that names nothing but the calendar entry to drop (a
    cancellation would be withheld). Its sequence is above that of any invitation they were sent."""
    sessions = course.sessions.filter(status=SessionStatus.SCHEDULED)
    sessions.update(sequence=F("sequence") + 1)  # in the database: a change of a session meanwhile keeps its own
    for session in sessions.order_by("pk"):
        others = User.objects.filter(enrolments__session=session).exclude(party_id=course.organising_party_id)
        # Delivery keeps only those e-mailed an invitation (a waitlisted one never was).
        outbox.enqueue(kind=SESSION_WITHDRAWN, recipients=others.distinct().order_by("pk"), target=session)


def _apply_course(course: Course, fields: CourseFields, *, by: User) -> None:
    questions = [question.strip() for question in fields.feedback_questions if question.strip()]
    for name in ("title", "title_other", "description", "audience", "prerequisites", "contact", "internal"):
        setattr(course, name, getattr(fields, name))
    course.feedback_questions = questions
    course.search_text = search.segment(
        " ".join([fields.title, fields.title_other, fields.description, fields.audience])
    )
    course.save()
    search.refresh_search_vector(Course.objects.filter(pk=course.pk))
    course.materials.set(library.links_kept(current=course.materials.all(), chosen=fields.materials, by=by))


def session_check(*, fields: SessionFields) -> None:
    errors: dict[str, list[str]] = {}
    if fields.starts_at and fields.ends_at and fields.ends_at <= fields.starts_at:
        errors.setdefault("ends_at", []).append(_("The session must end after it starts."))
    opens, closes = fields.enrolment_opens_at, fields.enrolment_closes_at
    if opens and closes and closes <= opens:
        errors.setdefault("enrolment_closes_at", []).append(_("Enrolment must close after it opens."))
    if closes and fields.starts_at and closes > fields.starts_at:
        errors.setdefault("enrolment_closes_at", []).append(_("Enrolment closes before the session starts."))
    release = fields.release_unused_at
    if release and closes and not (opens or release) <= release <= closes:
        errors.setdefault("release_unused_at", []).append(
            _("Unused seats are released while enrolment is open: between its opening and its closing.")
        )
    if fields.seats is not None and (any(n < 0 for n in fields.seats.values()) or not any(fields.seats.values())):
        errors.setdefault("seats", []).append(_("Reserve at least one seat, and no negative number."))
    if any(not person.party_id or not person.is_active for person in fields.trainers):
        errors.setdefault("trainers", []).append(_("Trainers of the parties must be active staff."))
    if errors:
        raise ValidationError(errors)


def session_create(*, course: Course, by: User, fields: SessionFields) -> TrainingSession:
    if not permissions.can_edit_course(by, course):
        raise PermissionDenied
    session_check(fields=fields)
    with transaction.atomic():
        session = TrainingSession(course=course, created_by=by)
        _apply_session(session, fields)
        counts_changed(COUNTS)
    return session


def session_update(*, session: TrainingSession, by: User, fields: SessionFields) -> TrainingSession:
    """Change a session; fewer seats never take a seat from anyone (they count as taken until freed), more
    seats go to the waitlists at once; the enrolled are sent the changed invitation."""
    session_check(fields=fields)
    with transaction.atomic():
        session = _lock(session)
        if not permissions.can_edit_session(by, session):
            raise TrainingError(_("This session can no longer be changed."), record=session)
        session.sequence += 1
        _apply_session(session, fields)
        _fill_seats(session)
        _tell_enrolled(session, kind=SESSION_CHANGED)
        counts_changed(COUNTS)
    return session


def session_cancel(*, session: TrainingSession, by: User) -> TrainingSession:
    with transaction.atomic():
        session = _lock(session)
        if not permissions.can_edit_session(by, session):
            raise TrainingError(_("Only a scheduled session can be cancelled."), record=session)
        session.status = SessionStatus.CANCELLED
        session.sequence += 1
        session.save(update_fields=["status", "sequence"])
        _tell_enrolled(session, kind=SESSION_CANCELLED, waitlisted_too=True)
        notifications_resolve(target=session, kinds=[APPROVAL_NEEDED])
        counts_changed(COUNTS)
    return session


def _apply_session(session: TrainingSession, fields: SessionFields) -> None:
    for name in (
        "starts_at", "ends_at", "enrolment_opens_at", "enrolment_closes_at", "location", "online_link",
        "external_trainers", "release_unused_at", "needs_approval",
    ):  # fmt: skip
        setattr(session, name, getattr(fields, name))
    session.save()
    session.trainers.set(fields.trainers)
    session.seats.exclude(party_id__in=list(fields.seats)).delete()
    for party_id, reserved in fields.seats.items():
        Seats.objects.update_or_create(session=session, party_id=party_id, defaults={"reserved": reserved})


# Enrolment: seats per party, waitlists that promote themselves.


def enrolment_create(*, session: TrainingSession, user: User, by: User | None = None) -> Enrolment:
    """Enrol `user` (themselves, or nominated by a coordinator of their party, `by`): a seat of their party if
    one is left (waiting for approval where the course needs it), else a place on their party's waitlist."""
    by = by or user
    if not user.is_active or not user.party_id:
        raise ValidationError(_("Only active staff of either party enrol."))
    if by.pk != user.pk and not (permissions.can_nominate(by, session) and by.party_id == user.party_id):
        raise PermissionDenied
    with transaction.atomic():
        # Every enrolment of the session queues here: seats are counted and given one at a time.
        session = _lock(session)
        if not sessions_visible_to(user).filter(pk=session.pk).exists():
            raise PermissionDenied
        _check_window(session)
        # Those already waiting come first: seats released since the last change go to them, not to a newcomer.
        _fill_seats(session)
        if Enrolment.objects.filter(
            session=session, user=user, status__in=[*HOLDS_SEAT, EnrolmentStatus.WAITLISTED]
        ).exists():
            raise ValidationError(_("%(name)s is already enrolled or on the waitlist.") % {"name": user.full_name})
        seat = _seat_for(session, user.party_id)
        enrolment = Enrolment.objects.create(
            session=session,
            user=user,
            party_id=user.party_id,
            seat_of_id=seat,
            status=_holding_status(session) if seat else EnrolmentStatus.WAITLISTED,
            queued_at=timezone.now(),
            nominated_by=by if by.pk != user.pk else None,
        )
        _announce(session, enrolment, by=by)
        counts_changed(COUNTS)
    return enrolment


def enrolment_decide(*, enrolment: Enrolment, by: User, approve: bool, comment: str = "") -> Enrolment:
    """The enrolee's party's coordinator approves (the seat is theirs) or declines (with a reason; the seat goes
    to the first on the waitlist)."""
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say why the enrolment is declined.")})
    with transaction.atomic():
        session = _lock(enrolment.session)
        enrolment = locked(enrolment, related=("user",))
        if not permissions.can_decide(by, enrolment):
            if enrolment.status != EnrolmentStatus.PENDING:
                raise TrainingError(_("This enrolment has already been decided."), record=session)
            raise PermissionDenied
        enrolment.status = EnrolmentStatus.ENROLLED if approve else EnrolmentStatus.DECLINED
        if not approve:
            enrolment.seat_of = None
        enrolment.decided_by, enrolment.comment = by, comment.strip()
        enrolment.save(update_fields=["status", "seat_of", "decided_by", "comment"])
        notifications_resolve(target=session, kinds=[APPROVAL_NEEDED], params={"enrolment": enrolment.pk})
        params = _params(session, by) | {"comment": comment.strip(), "enrolment": enrolment.pk}
        outbox.enqueue(
            kind=APPROVED if approve else DECLINED, recipients=[enrolment.user], target=session, params=params
        )
        if not approve:
            _fill_seats(session)
        counts_changed(COUNTS)
    return enrolment


def enrolment_cancel(*, enrolment: Enrolment, by: User) -> Enrolment:
    """The enrolee cancels until enrolment closes; afterwards their coordinator withdraws them. Either way the
    seat goes to the first on the waitlist at once."""
    with transaction.atomic():
        session = _lock(enrolment.session)
        enrolment = locked(enrolment, related=("user",))
        if not permissions.can_cancel(by, enrolment, session):
            own = enrolment.user_id == by.pk
            # Who may cancel it hears that it moved on (cancelled, withdrawn or declined since they read it, or
            # the session's attendance locked); anyone else is refused, whatever its state.
            if (own or permissions.coordinates_enrolee(by, enrolment)) and not permissions.is_cancellable(
                enrolment, session
            ):
                raise TrainingError(
                    _(
                        "This enrolment can no longer be cancelled: it was cancelled, declined or withdrawn, or the "
                        "session's attendance is locked."
                    ),
                    record=session,
                )
            if own:
                raise TrainingError(
                    _("Enrolment has closed: ask your party's coordinator to withdraw you."), record=session
                )
            raise PermissionDenied
        withdrawn = by.pk != enrolment.user_id
        enrolment.status = EnrolmentStatus.WITHDRAWN if withdrawn else EnrolmentStatus.CANCELLED
        enrolment.seat_of = None
        enrolment.decided_by = by if withdrawn else enrolment.decided_by
        enrolment.save(update_fields=["status", "seat_of", "decided_by"])
        notifications_resolve(target=session, kinds=[APPROVAL_NEEDED], params={"enrolment": enrolment.pk})
        _fill_seats(session)
        counts_changed(COUNTS)
    return enrolment


def seats_release_due(*, now: datetime | None = None) -> int:
    """Beat: sessions whose release moment has passed give their parties' unused seats to the other waitlists."""
    now = now or timezone.now()
    due = TrainingSession.objects.filter(
        status=SessionStatus.SCHEDULED,
        release_unused_at__lte=now,
        enrolment_closes_at__gt=now,
        enrolments__status=EnrolmentStatus.WAITLISTED,
    ).distinct()
    promoted = 0
    for session in due:
        with transaction.atomic():
            promoted += _fill_seats(_lock(session))
    return promoted


def _check_window(session: TrainingSession) -> None:
    now = timezone.now()
    if session.status != SessionStatus.SCHEDULED:
        raise TrainingError(_("This session is cancelled."), record=session)
    if now < session.enrolment_opens_at:
        local = timezone.localtime(session.enrolment_opens_at).strftime("%Y-%m-%d %H:%M")
        raise ValidationError(_("Enrolment opens on %(when)s.") % {"when": local})
    if now >= session.enrolment_closes_at:
        raise ValidationError(_("Enrolment has closed."))


def _released(session: TrainingSession) -> bool:
    return session.release_unused_at is not None and timezone.now() >= session.release_unused_at


def _seat_counts(session: TrainingSession) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """Reserved, taken and waiting per party, read under the session's lock."""
    reserved = dict(session.seats.values_list("party_id", "reserved"))
    taken: dict[int, int] = {}
    waiting: dict[int, int] = {}
    for seat_of, party, status in Enrolment.objects.filter(
        session=session, status__in=[*HOLDS_SEAT, EnrolmentStatus.WAITLISTED]
    ).values_list("seat_of", "party", "status"):
        if status == EnrolmentStatus.WAITLISTED:
            waiting[party] = waiting.get(party, 0) + 1
        elif seat_of is not None:
            taken[seat_of] = taken.get(seat_of, 0) + 1
    return reserved, taken, waiting


def _seat_for(session: TrainingSession, party_id: int, counts=None) -> int | None:
    """Whose seat a person of `party_id` gets: their party's if one is left; after the release moment, the
    other party's unused one (none its own waitlist is waiting for); None: the waitlist."""
    reserved, taken, waiting = counts or _seat_counts(session)
    if taken.get(party_id, 0) < reserved.get(party_id, 0):
        return party_id
    if _released(session):
        for other, seats in sorted(reserved.items()):
            if other != party_id and taken.get(other, 0) < seats and not waiting.get(other, 0):
                return other
    return None


def _fill_seats(session: TrainingSession) -> int:
    """Give every free seat to the first on a waitlist: a party's own seats to its own waitlist, and after the
    release moment the unused seats of one party to the other's. Returns how many were promoted."""
    promoted = 0
    while (promotion := _next_promotion(session)) is not None:
        party_id, seat = promotion
        first = (
            Enrolment.objects.select_for_update()
            .filter(session=session, party_id=party_id, status=EnrolmentStatus.WAITLISTED)
            .order_by("queued_at", "pk")
            .select_related("user")
            .first()
        )
        first.status = _holding_status(session)
        first.seat_of_id = seat
        first.save(update_fields=["status", "seat_of"])
        outbox.enqueue(kind=PROMOTED, recipients=[first.user], target=session, params=_params(session, first.user))
        if first.status == EnrolmentStatus.PENDING:
            _ask_approval(session, first)
        promoted += 1
    return promoted


def _next_promotion(session: TrainingSession) -> tuple[int, int] | None:
    """(the waitlist's party, whose seat it gets) for the next promotion, or None when nobody can move up."""
    counts = reserved, taken, waiting = _seat_counts(session)
    for party_id in sorted(waiting):
        if taken.get(party_id, 0) < reserved.get(party_id, 0):
            return party_id, party_id
    for party_id in sorted(waiting):
        if (seat := _seat_for(session, party_id, counts)) is not None:
            return party_id, seat
    return None


def _holding_status(session: TrainingSession) -> str:
    return EnrolmentStatus.PENDING if session.needs_approval else EnrolmentStatus.ENROLLED


def _announce(session: TrainingSession, enrolment: Enrolment, *, by: User) -> None:
    params = _params(session, by)
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        position = Enrolment.objects.filter(
            session=session, party_id=enrolment.party_id, status=EnrolmentStatus.WAITLISTED
        ).count()
        outbox.enqueue(
            kind=WAITLISTED, recipients=[enrolment.user], target=session, params=params | {"position": position}
        )
    elif enrolment.status == EnrolmentStatus.PENDING:
        _ask_approval(session, enrolment)
    else:
        outbox.enqueue(kind=ENROLLED, recipients=[enrolment.user], target=session, params=params)


def _ask_approval(session: TrainingSession, enrolment: Enrolment) -> None:
    outbox.enqueue(
        kind=APPROVAL_NEEDED,
        recipients=coordinators_of_party(enrolment.party_id),
        target=session,
        params=_params(session, enrolment.user) | {"person": enrolment.user.full_name, "enrolment": enrolment.pk},
    )


def _tell_enrolled(session: TrainingSession, *, kind, waitlisted_too: bool = False) -> None:
    statuses = [*HOLDS_SEAT, EnrolmentStatus.WAITLISTED] if waitlisted_too else list(HOLDS_SEAT)
    people = [e.user for e in session.enrolments.filter(status__in=statuses).select_related("user")]
    if people:
        outbox.enqueue(kind=kind, recipients=people, target=session, params=_params(session, None))


# Attendance, countersigned by the other party; certificates; feedback.


def attendance_mark(*, session: TrainingSession, by: User, marks: Mapping[int, str]) -> int:
    """Record attendance (enrolment id → present / partly / absent) of the enrolled; returns how many changed."""
    if any(mark not in Attendance.values for mark in marks.values()):
        raise ValidationError(_("Attendance is present, partly present or absent."))
    with transaction.atomic():
        session = _lock(session)
        if not permissions.can_mark_attendance(by, session, trainer_ids=trainer_ids(session)):
            if session.attendance_locked_at is not None:
                raise TrainingError(_("The attendance is countersigned and locked."), record=session)
            raise PermissionDenied
        enrolled = {e.pk: e for e in session.enrolments.filter(status=EnrolmentStatus.ENROLLED, pk__in=list(marks))}
        unknown = set(marks) - set(enrolled)
        if unknown:
            raise ValidationError(_("Only the enrolled are marked."))
        changed = [e for pk, e in enrolled.items() if e.attendance != marks[pk]]
        for enrolment in changed:
            enrolment.attendance = marks[enrolment.pk]
        Enrolment.objects.bulk_update(changed, ["attendance"])
    return len(changed)


def attendance_version(session: TrainingSession, party_id: int) -> Version:
    """What a party's coordinator countersigns: the attendance of its staff on the session, as marked now."""
    rows = list(
        session.enrolments.filter(status=EnrolmentStatus.ENROLLED, party_id=party_id)
        .order_by("user_id")
        .values_list("user_id", "attendance")
    )
    return Version(sha256=canonical_sha256([list(row) for row in rows]), label=attendance_label(party_id))


def attendance_countersign(*, session: TrainingSession, by: User, version: str) -> TrainingSession:
    """The other party's coordinator countersigns its staff's attendance as marked (`version`: the hash they
    read). When every other party with staff enrolled has, the attendance is locked, certificates issued, and the
    session's training activity enters the ledger confirmed by this countersignature."""
    with transaction.atomic():
        session = _lock(session)
        if not permissions.can_countersign(by, session):
            if session.attendance_locked_at is not None:
                raise TrainingError(_("The attendance is countersigned and locked."), record=session)
            raise PermissionDenied
        mine = session.enrolments.filter(status=EnrolmentStatus.ENROLLED, party_id=by.party_id)
        if not mine.exists():
            raise ValidationError(_("None of your party's staff is enrolled on this session."))
        if mine.filter(attendance="").exists():
            raise ValidationError(_("Not every member of your party's staff is marked yet."))
        current = attendance_version(session, by.party_id)
        if version != current.sha256:
            raise TrainingError(_("The attendance changed since you read it; check it again."), record=session)
        state = signoff.signoff_approve(
            target=session, version=current, current=current, by=by, required_parties=_countersigning(session)
        )
        if state.complete:
            _lock_attendance(session, by=by)
        counts_changed(COUNTS)
    return session


def _countersigning(session: TrainingSession) -> set[int]:
    organiser = session.course.organising_party_id
    parties = session.enrolments.filter(status=EnrolmentStatus.ENROLLED).values_list("party_id", flat=True)
    return set(parties) - {organiser}


def _lock_attendance(session: TrainingSession, *, by: User) -> None:
    session.attendance_locked_at = timezone.now()
    attendees = list(
        session.enrolments.filter(status=EnrolmentStatus.ENROLLED, attendance__in=ATTENDED).select_related("user")
    )
    course = session.course
    session.activity = ledger.ledger_entry_record(
        source=session,
        by=by,
        fields=ledger.ActivityFields(
            area=Area.TRAINING,
            kind=ledger.Kind.TRAINING_SESSION,
            title=course.title,
            title_other=course.title_other,
            description=course.description,
            start_date=timezone.localdate(session.starts_at),
            end_date=timezone.localdate(session.ends_at),
            location=session.location,
            lead_party=course.organising_party,
            participants=[*session.trainers.all(), *(e.user for e in attendees)],
            external_participants=session.external_trainers,
            documents=list(course.materials.all()),
        ),
        internal=course.internal,
        # The countersignature is the other party's confirmation: nobody is asked to confirm again.
        signed_off_by=by,
        comment=_("Attendance countersigned by the other party."),
    )
    session.save(update_fields=["attendance_locked_at", "activity"])
    for enrolment in attendees:
        Certificate.objects.create(enrolment=enrolment)
    people = [e.user for e in attendees]
    if people:
        params = _params(session, by)
        outbox.enqueue(kind=CERTIFICATE_ISSUED, recipients=people, target=session, params=params)
        outbox.enqueue(kind=FEEDBACK_REQUESTED, recipients=people, target=session, params=params)


def certificate_revoke(*, certificate: Certificate, by: User, reason: str) -> Certificate:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    with transaction.atomic():
        certificate = locked(certificate, related=("enrolment__session__course",))
        if not permissions.can_revoke_certificate(by, certificate.enrolment.session):
            raise PermissionDenied
        if certificate.revoked_at is not None:
            raise TrainingError(_("This certificate is already revoked."), record=certificate.enrolment.session)
        certificate.revoked_at, certificate.revoked_reason, certificate.revoked_by = timezone.now(), reason.strip(), by
        certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    return certificate


def certificate_verify(*, code: str, address: str | None) -> Certificate | None:
    """The public look-up, logged whatever it finds; a wrong code finds nothing and says nothing more."""
    from .selectors import certificate_by_code

    code = code.strip()[:64]
    certificate = certificate_by_code(code) if code else None
    with transaction.atomic():
        Verification.objects.create(certificate=certificate, code=code, address=address or None)
        audit_services.event_record(
            action=AuditAction.CERTIFICATE_VERIFIED,
            target=certificate,
            target_type=Certificate,
            target_repr=code,
            address=address or None,
            detail={"code": code, "found": certificate is not None},
        )
    return certificate


def feedback_give(*, enrolment: Enrolment, by: User, ratings: Mapping[str, int], comment: str = "") -> Feedback:
    """Once per attendee, after the session: a rating from 1 to 5 for each of the course's questions."""
    with transaction.atomic():
        enrolment = locked(enrolment, related=("session__course",))
        session = enrolment.session
        if enrolment.user_id != by.pk or enrolment.attendance not in ATTENDED:
            raise PermissionDenied
        if session.ends_at > timezone.now():
            raise ValidationError(_("Feedback comes after the session."))
        if Feedback.objects.filter(enrolment=enrolment).exists():
            raise TrainingError(_("You have already given your feedback on this session."), record=session)
        questions = session.course.feedback_questions
        if set(ratings) != set(questions) or any(not 1 <= int(value) <= 5 for value in ratings.values()):
            raise ValidationError({"ratings": _("Rate every question from 1 to 5.")})
        feedback = Feedback.objects.create(
            enrolment=enrolment, ratings={q: int(ratings[q]) for q in questions}, comment=comment.strip()
        )
        notifications_resolve(target=session, kinds=[FEEDBACK_REQUESTED], recipients=[by])
    return feedback


def _lock(session: TrainingSession) -> TrainingSession:
    return locked(session, related=("course", "course__organising_party"))


def _params(session: TrainingSession, by: User | None) -> dict:
    when = timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")
    return {"title": session.course.title, "when": when} | ({"actor": by.full_name} if by else {})
