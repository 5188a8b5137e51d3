"""Reads of the training area, already scoped to the reader (protocol.visibility)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from cooperation.documents.links import library
from protocol import search
from protocol.parties.models import Party, User
from protocol.parties.roles import Role
from protocol.signoff import selectors as signoff_selectors
from protocol.visibility import has_party, holds_role, party_scoped

from .models import (
    ACTIVE,
    HOLDS_SEAT,
    Certificate,
    Course,
    Enrolment,
    EnrolmentStatus,
    Seats,
    TrainingSession,
    attendance_label,
)


def courses_visible_to(user) -> QuerySet[Course]:
    """Courses of both parties, except those internal to the other party."""
    rows = Course.objects.select_related("organising_party").defer("search_text", "search_vector")
    return party_scoped(rows, user, owner="organising_party", shared=Q(internal=False))


def sessions_visible_to(user) -> QuerySet[TrainingSession]:
    rows = TrainingSession.objects.select_related("course", "course__organising_party")
    return party_scoped(rows, user, owner="course__organising_party", shared=Q(course__internal=False))


def sessions_upcoming(user) -> QuerySet[TrainingSession]:
    return sessions_visible_to(user).filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")


def sessions_past(user) -> QuerySet[TrainingSession]:
    return sessions_visible_to(user).filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")


def enrolments_of(user) -> QuerySet[Enrolment]:
    """The reader's own enrolments, on sessions they may still see, soonest first."""
    sessions = sessions_visible_to(user).values("pk")
    return (
        Enrolment.objects.filter(user_id=user.pk, session__in=sessions)
        .select_related("session", "session__course", "session__course__organising_party")
        .order_by("-session__starts_at", "-pk")
    )


def enrolments_to_decide(user) -> QuerySet[Enrolment]:
    """For a coordinator: their party's enrolments waiting for approval."""
    if not user.is_authenticated or not user.has_role(Role.COORDINATOR) or not has_party(user):
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(party_id=user.party_id, status=EnrolmentStatus.PENDING)
        .filter(session__in=sessions_visible_to(user).values("pk"))
        .select_related("user", "session", "session__course")
        .order_by("queued_at", "pk")
    )


@dataclass(frozen=True)
class SeatsOfParty:
    party: Party
    reserved: int
    taken: int  # of this party's reserved seats, by anyone
    waiting: int  # on this party's waitlist

    @property
    def left(self) -> int:
        return max(self.reserved - self.taken, 0)


def seats_of(session: TrainingSession) -> list[SeatsOfParty]:
    """Seats reserved, taken and left per party, and each party's waitlist length, in two queries."""
    taken = dict(
        Enrolment.objects.filter(session=session, status__in=HOLDS_SEAT, seat_of__isnull=False)
        .values_list("seat_of")
        .annotate(n=Count("pk"))
    )
    waiting = dict(
        Enrolment.objects.filter(session=session, status=EnrolmentStatus.WAITLISTED)
        .values_list("party")
        .annotate(n=Count("pk"))
    )
    return [
        SeatsOfParty(party=row.party, reserved=row.reserved, taken=taken.get(row.party_id, 0),
                     waiting=waiting.get(row.party_id, 0))
        for row in session.seats.select_related("party").order_by("party__code")
    ]  # fmt: skip


def waitlist_of(session: TrainingSession, party_id: int) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(session=session, party_id=party_id, status=EnrolmentStatus.WAITLISTED).order_by(
        "queued_at", "pk"
    )


def trainer_ids(session: TrainingSession) -> set[int]:
    return set(session.trainers.values_list("pk", flat=True))


def coordinators_of_party(party_id: int) -> QuerySet[User]:
    return User.objects.filter(is_active=True, party_id=party_id, groups__name=Role.COORDINATOR)


def certificate_by_code(code: str) -> Certificate | None:
    """The public look-up: what the verification page shows, nothing more."""
    return (
        Certificate.objects.select_related(
            "enrolment__user", "enrolment__session__course", "enrolment__session__course__organising_party"
        )
        .filter(code=code)
        .first()
    )


# The pages' reads (views.py): a fixed number of queries per page, whatever the number of rows.


def sessions_mine(user) -> QuerySet[TrainingSession]:
    """Sessions the reader enrolled on (or tried to), newest first, with their latest enrolment's status."""
    latest = Enrolment.objects.filter(session=OuterRef("pk"), user_id=user.pk).order_by("-queued_at", "-pk")
    return (
        sessions_visible_to(user)
        .filter(pk__in=Enrolment.objects.filter(user_id=user.pk).values("session"))
        .annotate(my_status=Subquery(latest.values("status")[:1]))
        .order_by("-starts_at", "-pk")
    )


# The session list's scopes (`?scope=`) that list sessions, for its page and the API: the first is the default.
SESSION_LISTS = {"upcoming": sessions_upcoming, "mine": sessions_mine, "past": sessions_past}


def enrolments_to_decide_in(user, sessions: QuerySet[TrainingSession]) -> QuerySet[Enrolment]:
    """`enrolments_to_decide`, on the sessions a list's filters kept."""
    return (
        enrolments_to_decide(user)
        .filter(session__in=sessions.values("pk"))
        .select_related("session__course__organising_party", "user__party")
    )


def matching(rows: QuerySet, query: str, *, through: str = "course", rank_limit: int = search.RANK_LIMIT) -> QuerySet:
    """A ranked search of sessions (or enrolments: `through="session__course"`) by their course's title and
    description, in either language (protocol.search)."""
    return search.apply_search(
        rows,
        query,
        text_field=f"{through}__search_text",
        vector_field=f"{through}__search_vector",
        rank_limit=rank_limit,
    )


def with_seats(sessions: list[TrainingSession]) -> list[TrainingSession]:
    """Each session given `seat_rows` (SeatsOfParty per party, what `seats_of` reads for one) in two queries
    for the whole list, however many sessions it holds."""
    ids = [session.pk for session in sessions]
    if not ids:
        return sessions
    taken: dict[tuple[int, int], int] = {}
    waiting: dict[tuple[int, int], int] = {}
    counted = (
        Enrolment.objects.filter(session_id__in=ids, status__in=ACTIVE)
        .values_list("session_id", "status", "seat_of_id", "party_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for session_id, status, seat_of, party, n in counted:
        if status == EnrolmentStatus.WAITLISTED:
            waiting[session_id, party] = waiting.get((session_id, party), 0) + n
        elif seat_of is not None:
            taken[session_id, seat_of] = taken.get((session_id, seat_of), 0) + n
    rows: dict[int, list[SeatsOfParty]] = {pk: [] for pk in ids}
    for seats in Seats.objects.filter(session_id__in=ids).select_related("party").order_by("party__code"):
        key = (seats.session_id, seats.party_id)
        rows[seats.session_id].append(
            SeatsOfParty(
                party=seats.party, reserved=seats.reserved, taken=taken.get(key, 0), waiting=waiting.get(key, 0)
            )
        )
    for session in sessions:
        session.seat_rows = rows[session.pk]
        session.seats_left = sum(row.left for row in session.seat_rows)
    return sessions


def with_my_enrolment(user, sessions: list[TrainingSession]) -> list[TrainingSession]:
    """Each of `sessions_mine`'s sessions given `my_status_label` and `my_position` (the reader's place on the
    waitlist, None when not waiting), in one query for the whole list."""
    waiting = [s.pk for s in sessions if s.my_status == EnrolmentStatus.WAITLISTED]
    positions = waitlist_positions(user, waiting)
    for session in sessions:
        session.my_status_label = EnrolmentStatus(session.my_status).label if session.my_status else ""
        session.my_position = positions.get(session.pk)
    return sessions


def waitlist_positions(user, session_ids) -> dict[int, int]:
    """Session id → the reader's place on their party's waitlist there (1 is next), in one query."""
    if not has_party(user) or not session_ids:
        return {}
    positions: dict[int, int] = {}
    seen: dict[int, int] = {}
    waiting = (
        Enrolment.objects.filter(
            session_id__in=list(session_ids), party_id=user.party_id, status=EnrolmentStatus.WAITLISTED
        )
        .order_by("session_id", "queued_at", "pk")
        .values_list("session_id", "user_id")
    )
    for session_id, user_id in waiting:
        seen[session_id] = seen.get(session_id, 0) + 1
        if user_id == user.pk:
            positions[session_id] = seen[session_id]
    return positions


def course_detail(user, pk: int) -> Course:
    """One visible course with its contact and the materials the reader may see; DoesNotExist otherwise."""
    return (
        courses_visible_to(user)
        .select_related("contact", "contact__party")
        .prefetch_related(Prefetch("materials", queryset=library.visible_to(user), to_attr="visible_materials"))
        .get(pk=pk)
    )


def sessions_of_course(course: Course) -> list[TrainingSession]:
    """A course's sessions, the upcoming first (soonest first), then the past (latest first), with their seats."""
    now = timezone.now()
    rows = TrainingSession.objects.filter(course=course).select_related("course__organising_party")
    upcoming = list(rows.filter(ends_at__gte=now).order_by("starts_at", "pk"))
    past = list(rows.filter(ends_at__lt=now).order_by("-starts_at", "-pk"))
    return with_seats(upcoming + past)


def session_detail(user, pk: int) -> TrainingSession:
    """One visible session with its trainers and seats; DoesNotExist otherwise."""
    session = (
        sessions_visible_to(user)
        .select_related("course__contact")
        .prefetch_related(Prefetch("trainers", queryset=User.objects.select_related("party")))
        .get(pk=pk)
    )
    with_seats([session])
    return session


def enrolees_of(session: TrainingSession) -> list[Enrolment]:
    """Everyone on the session or its waitlists and those no longer, by party, then status and order."""
    return list(
        session.enrolments.select_related("user__party", "party", "certificate").order_by(
            "party__code", "status", "queued_at", "pk"
        )
    )


def my_enrolment(user, session: TrainingSession) -> Enrolment | None:
    """The reader's enrolment still in the running on the session, or None."""
    return (
        session.enrolments.filter(user_id=user.pk, status__in=ACTIVE).select_related("certificate", "feedback").first()
    )


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    """Enrolments on visible sessions that are the reader's own, their party's, or on their party's course."""
    if not has_party(user):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(session__in=sessions_visible_to(user).values("pk")).filter(
        Q(user_id=user.pk) | Q(party_id=user.party_id) | Q(session__course__organising_party_id=user.party_id)
    )


def enrolment_detail(user, pk: int) -> Enrolment:
    return enrolments_visible_to(user).select_related("user__party", "session__course__organising_party").get(pk=pk)


# Attendance, certificates, feedback (views_attendance).


def session_for_attendance(user, pk: int) -> TrainingSession:
    """A session the reader may see, for its attendance, countersigning and feedback pages (404 otherwise)."""
    return sessions_visible_to(user).get(pk=pk)


def enrolled_on(session: TrainingSession, *, party_id: int | None = None) -> QuerySet[Enrolment]:
    """Who holds a confirmed seat on the session (of one party if given), by party, then by name."""
    rows = session.enrolments.filter(status=EnrolmentStatus.ENROLLED)
    if party_id is not None:
        rows = rows.filter(party_id=party_id)
    return rows.select_related("user", "party").order_by("party__code", "user__full_name", "pk")


def own_enrolment(user, pk: int) -> Enrolment:
    """The reader's own enrolment on a session they may still see (the feedback form): 404 for anyone else's."""
    return enrolments_of(user).select_related("session__course").get(pk=pk)


def certificate_for(user, enrolment_pk: int) -> Certificate:
    """The certificate of an enrolment, for its holder and the staff of the course's organising party only."""
    if not has_party(user):
        raise Certificate.DoesNotExist
    return (
        Certificate.objects.select_related(
            "enrolment__user", "enrolment__session__course", "enrolment__session__course__organising_party"
        )
        .filter(Q(enrolment__user_id=user.pk) | Q(enrolment__session__course__organising_party_id=user.party_id))
        .get(enrolment_id=enrolment_pk)
    )


def certificate_visible_to(user, pk: int) -> Certificate:
    """A certificate on a session the reader may see (the revoke page decides who may act)."""
    return (
        Certificate.objects.select_related("enrolment__user", "enrolment__session__course__organising_party")
        .filter(enrolment__session__in=sessions_visible_to(user).values("pk"))
        .get(pk=pk)
    )


def feedback_on(session: TrainingSession) -> list[tuple[dict, str]]:
    """Every (ratings, comment) given on the session, ordered by the comment: no order that tells who gave which."""
    from .models import Feedback

    rows = Feedback.objects.filter(enrolment__session=session).order_by("comment")
    return list(rows.values_list("ratings", "comment"))


def sessions_to_countersign(user) -> QuerySet[TrainingSession]:
    """For a coordinator: the other party's sessions that have started, their attendance not locked, with staff of
    the reader's party enrolled and every one of them marked, that the reader's party has not countersigned yet
    (what `permissions.can_countersign` and `services.attendance_countersign` accept)."""
    if not holds_role(user, Role.COORDINATOR) or not has_party(user):
        return TrainingSession.objects.none()
    ours = Enrolment.objects.filter(session=OuterRef("pk"), status=EnrolmentStatus.ENROLLED, party_id=user.party_id)
    signed = signoff_selectors.approvals_by_party(user.party_id, model=TrainingSession).filter(
        object_id=OuterRef("pk"), version=attendance_label(user.party_id)
    )
    return (
        sessions_visible_to(user)
        .exclude(course__organising_party_id=user.party_id)
        .filter(attendance_locked_at__isnull=True, starts_at__lte=timezone.now())
        .filter(Exists(ours), ~Exists(ours.filter(attendance="")), ~Exists(signed))
    )
