"""`seed_demo` gives the training area something to try: every state of a session, through the services."""

from datetime import date

from django.core.management import call_command

from cooperation.training import demo, selectors
from cooperation.training.models import (
    Certificate,
    Course,
    Enrolment,
    EnrolmentStatus,
    Feedback,
    TrainingSession,
)
from protocol.activities.models import Status as ActivityStatus
from protocol.notifications.models import OutboxMessage
from protocol.parties.models import User
from protocol.signoff.models import Decision, SignOff
from tests.demo import NOW, in_one_worker

pytestmark = in_one_worker(__name__)

TODAY = date(2026, 6, 10)


def sessions_of(title) -> list[TrainingSession]:
    return list(TrainingSession.objects.filter(course__title=title).order_by("starts_at"))


def statuses(session) -> dict[str, tuple[str, str | None]]:
    rows = session.enrolments.values_list("user__username", "status", "seat_of__code")
    return {username: (status, seat) for username, status, seat in rows}


def test_the_open_session_has_its_seats_taken_and_a_waitlist_per_party(seeded):
    _past, upcoming = sessions_of(demo.EXAMINATION)
    assert upcoming.course.organising_party.code == "SIPO"
    assert upcoming.enrolment_opens_at < upcoming.enrolment_closes_at < upcoming.starts_at
    assert statuses(upcoming) == {
        "cas_official": (EnrolmentStatus.ENROLLED, "CAS"),
        "cas_docadmin": (EnrolmentStatus.ENROLLED, "CAS"),
        "training_cas_staff": (EnrolmentStatus.WAITLISTED, None),
        "sipo_docadmin": (EnrolmentStatus.ENROLLED, "SIPO"),
        "sipo_coordinator": (EnrolmentStatus.ENROLLED, "SIPO"),
        "training_sipo_staff": (EnrolmentStatus.WAITLISTED, None),
    }
    seats = {row.party.code: (row.reserved, row.left, row.waiting) for row in selectors.seats_of(upcoming)}
    assert seats == {"CAS": (2, 0, 1), "SIPO": (2, 0, 1)}
    waiting = OutboxMessage.objects.filter(kind="training.waitlisted").values_list("recipient__username", flat=True)
    assert sorted(waiting) == ["training_cas_staff", "training_sipo_staff"]


def test_a_session_that_needs_approval_has_an_enrolment_waiting_for_the_cas_coordinator(seeded):
    (session,) = sessions_of(demo.SEARCH)
    assert session.needs_approval and session.online_link
    assert statuses(session) == {
        "cas_docadmin": (EnrolmentStatus.ENROLLED, "CAS"),
        "cas_official": (EnrolmentStatus.PENDING, "CAS"),
    }
    to_decide = selectors.enrolments_to_decide(User.objects.get(username="cas_coordinator"))
    assert [e.user.username for e in to_decide] == ["cas_official"]


def test_the_past_session_is_countersigned_with_certificates_one_revoked_and_feedback(seeded):
    past, _upcoming = sessions_of(demo.EXAMINATION)
    assert past.ends_at < NOW and past.starts_at.astimezone(NOW.tzinfo).date() == date(2026, 5, 11)
    assert past.attendance_locked_at is not None
    marked = dict(past.enrolments.values_list("user__username", "attendance"))
    assert marked == {"cas_official": "present", "cas_docadmin": "partly", "training_cas_staff": "absent",
                      "sipo_docadmin": "present"}  # fmt: skip
    assert list(SignOff.objects.of(past).values_list("party__code", "decision")) == [("CAS", Decision.APPROVED)]
    assert past.activity.status == ActivityStatus.CONFIRMED
    certificates = {c.enrolment.user.username: c for c in Certificate.objects.filter(enrolment__session=past)}
    assert set(certificates) == {"cas_official", "cas_docadmin", "sipo_docadmin"}
    assert [name for name, c in certificates.items() if not c.is_valid] == ["sipo_docadmin"]
    assert certificates["sipo_docadmin"].revoked_reason
    (feedback,) = Feedback.objects.filter(enrolment__session=past)
    assert feedback.enrolment.user.username == "cas_official" and set(feedback.ratings.values()) <= {4, 5}


def test_a_cas_course_has_a_sipo_official_enrolled(seeded):
    (session,) = sessions_of(demo.IP_MANAGEMENT)
    assert session.course.organising_party.code == "CAS" and session.starts_at > NOW
    assert statuses(session) == {"sipo_official": (EnrolmentStatus.ENROLLED, "SIPO")}


def test_the_demo_staff_cannot_sign_in(seeded):
    assert not any(user.has_usable_password() for user in User.objects.filter(username__startswith="training_"))


def test_seeding_again_adds_nothing(seeded, django_capture_on_commit_callbacks):
    counts = (Course.objects.count(), TrainingSession.objects.count(), Enrolment.objects.count(),
              Certificate.objects.count(), User.objects.count(), OutboxMessage.objects.count())  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    assert (Course.objects.count(), TrainingSession.objects.count(), Enrolment.objects.count(),
            Certificate.objects.count(), User.objects.count(), OutboxMessage.objects.count()) == counts  # fmt: skip
    assert counts[:4] == (3, 4, 13, 3)
