"""Reads of the training area, already scoped to the reader (protocol.visibility)."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from protocol.parties.models import Party, User
from protocol.parties.roles import Role
from protocol.visibility import has_party, party_scoped

from .models import HOLDS_SEAT, Certificate, Course, Enrolment, EnrolmentStatus, TrainingSession


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
