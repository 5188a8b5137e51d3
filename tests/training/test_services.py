"""Training's rules, through its services: seats per party, waitlists that promote themselves, approval,
attendance countersigned by the other party, certificates anyone can verify, feedback once."""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from cooperation.training import services
from cooperation.training.models import Attendance, Certificate, EnrolmentStatus, Verification
from cooperation.training.services import CourseFields
from protocol.activities.models import Status as ActivityStatus
from protocol.notifications.models import OutboxMessage

# The portal speaks Chinese by default; these tests read the English messages.
pytestmark = pytest.mark.usefixtures("english")


def statuses(session) -> dict[str, str]:
    return dict(session.enrolments.values_list("user__username", "status"))


def sent(kind: str) -> list[str]:
    return sorted(OutboxMessage.objects.filter(kind=f"training.{kind}").values_list("recipient__username", flat=True))


def enrol(session, people):
    return [services.enrolment_create(session=session, user=person) for person in people]


# Seats per party and waitlists.


def test_a_partys_seats_then_its_waitlist_in_order(session, cas_staff):
    people = cas_staff(4)
    enrolments = enrol(session, people)
    assert [e.status for e in enrolments] == ["enrolled", "enrolled", "waitlisted", "waitlisted"]
    assert {e.seat_of.code for e in enrolments[:2]} == {"CAS"}
    assert sent("enrolled") == ["cas_staff_0", "cas_staff_1"]
    assert sent("waitlisted") == ["cas_staff_2", "cas_staff_3"]
    # The SIPO seats are SIPO's: a CAS waitlist does not take them before the release moment.
    assert enrolments[2].seat_of is None


def test_a_freed_seat_goes_to_the_first_of_the_same_partys_waitlist_at_once(session, cas_staff):
    first, *_ = enrol(session, cas_staff(4))
    services.enrolment_cancel(enrolment=first, by=first.user)
    assert statuses(session) == {
        "cas_staff_0": "cancelled",
        "cas_staff_1": "enrolled",
        "cas_staff_2": "enrolled",
        "cas_staff_3": "waitlisted",
    }
    assert sent("promoted") == ["cas_staff_2"]


def test_after_the_release_moment_unused_seats_go_to_the_other_partys_waitlist(make_session, cas_staff):
    release = timezone.now() + timedelta(days=2)
    session = make_session(release_unused_at=release)
    enrol(session, cas_staff(3))
    assert statuses(session)["cas_staff_2"] == "waitlisted"
    with time_machine.travel(release + timedelta(minutes=1)):
        assert services.seats_release_due() == 1
    enrolment = session.enrolments.get(user__username="cas_staff_2")
    assert enrolment.status == EnrolmentStatus.ENROLLED and enrolment.seat_of.code == "SIPO"


def test_with_approval_a_seat_is_held_until_the_coordinator_decides(make_session, cas_staff, cas_coordinator):
    session = make_session(needs_approval=True)
    first, second, third = enrol(session, cas_staff(3))
    assert [first.status, second.status, third.status] == ["pending", "pending", "waitlisted"]
    assert sent("approval_needed") == ["cas_coordinator", "cas_coordinator"]
    services.enrolment_decide(enrolment=first, by=cas_coordinator, approve=True)
    with pytest.raises(ValidationError):
        services.enrolment_decide(enrolment=second, by=cas_coordinator, approve=False, comment=" ")
    services.enrolment_decide(enrolment=second, by=cas_coordinator, approve=False, comment="Not this year.")
    assert statuses(session) == {"cas_staff_0": "enrolled", "cas_staff_1": "declined", "cas_staff_2": "pending"}
    assert sent("declined") == ["cas_staff_1"] and sent("promoted") == ["cas_staff_2"]


def test_only_the_enrolees_own_coordinator_decides(make_session, cas_staff, sipo_coordinator):
    session = make_session(needs_approval=True)
    (enrolment,) = enrol(session, cas_staff(1))
    with pytest.raises(PermissionDenied):
        services.enrolment_decide(enrolment=enrolment, by=sipo_coordinator, approve=True)


def test_enrolment_outside_its_window_is_refused_with_the_reason(make_session, cas_official):
    later = make_session(enrolment_opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ValidationError, match="Enrolment opens on"):
        services.enrolment_create(session=later, user=cas_official)
    closed = make_session(enrolment_closes_at=timezone.now() - timedelta(minutes=1),
                          enrolment_opens_at=timezone.now() - timedelta(days=3))  # fmt: skip
    with pytest.raises(ValidationError, match="Enrolment has closed"):
        services.enrolment_create(session=closed, user=cas_official)
    assert not later.enrolments.exists() and not closed.enrolments.exists()


def test_after_closing_only_the_coordinator_withdraws_someone(session, cas_official, cas_coordinator):
    (enrolment,) = enrol(session, [cas_official])
    with time_machine.travel(session.enrolment_closes_at + timedelta(minutes=1)):
        with pytest.raises(services.TrainingError, match="ask your party's coordinator"):
            services.enrolment_cancel(enrolment=enrolment, by=cas_official)
        services.enrolment_cancel(enrolment=enrolment, by=cas_coordinator)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


def test_a_coordinator_nominates_staff_of_their_own_party_only(
    session, cas_coordinator, sipo_coordinator, cas_official
):
    enrolment = services.enrolment_create(session=session, user=cas_official, by=cas_coordinator)
    assert enrolment.nominated_by == cas_coordinator
    other = services.enrolment_create
    with pytest.raises(PermissionDenied):
        other(session=session, user=cas_official, by=sipo_coordinator)


def test_nobody_enrols_twice(session, cas_official):
    enrol(session, [cas_official])
    with pytest.raises(ValidationError, match="already enrolled"):
        enrol(session, [cas_official])


def internal_sipo_session(sipo_coordinator, sipo):
    """A session of a SIPO course internal to SIPO, open for enrolment, seats for SIPO only."""
    course = services.course_create(
        by=sipo_coordinator, fields=CourseFields(title="内部培训", description="SIPO only.", internal=True)
    )
    start = timezone.now() + timedelta(days=7)
    return services.session_create(
        course=course,
        by=sipo_coordinator,
        fields=services.SessionFields(
            starts_at=start, ends_at=start + timedelta(hours=2), enrolment_opens_at=timezone.now() - timedelta(days=1),
            enrolment_closes_at=start - timedelta(days=1), seats={sipo.pk: 5},
        ),
    )  # fmt: skip


def test_the_other_party_cannot_enrol_on_an_internal_course(sipo_coordinator, sipo, cas, cas_official):
    session = internal_sipo_session(sipo_coordinator, sipo)
    with pytest.raises(PermissionDenied):
        services.enrolment_create(session=session, user=cas_official)


# Attendance, countersigned by the other party; the ledger; certificates.


@pytest.fixture
def held(session, cas_staff):
    """The session with three CAS staff enrolled, after it started."""
    enrolments = enrol(session, cas_staff(2))
    traveller = time_machine.travel(session.starts_at + timedelta(hours=1))
    traveller.start()
    yield session, enrolments
    traveller.stop()


def test_attendance_is_marked_after_the_start_and_countersigned_by_the_other_party(
    held, sipo_official, cas_coordinator, sipo_coordinator
):
    session, (first, second) = held
    services.attendance_mark(session=session, by=sipo_official, marks={first.pk: Attendance.PRESENT})
    with pytest.raises(ValidationError, match="Not every member"):
        services.attendance_countersign(
            session=session, by=cas_coordinator, version=services.attendance_version(session, first.party_id).sha256
        )
    services.attendance_mark(session=session, by=sipo_official, marks={second.pk: Attendance.ABSENT})
    seen = services.attendance_version(session, first.party_id).sha256
    with pytest.raises(PermissionDenied):
        services.attendance_countersign(session=session, by=sipo_coordinator, version=seen)
    services.attendance_countersign(session=session, by=cas_coordinator, version=seen)
    session.refresh_from_db()
    assert session.attendance_locked_at is not None
    assert session.activity.status == ActivityStatus.CONFIRMED and session.activity.area == "training"
    assert list(Certificate.objects.values_list("enrolment__user__username", flat=True)) == ["cas_staff_0"]
    assert sent("certificate_issued") == ["cas_staff_0"] and sent("feedback_requested") == ["cas_staff_0"]
    with pytest.raises(services.TrainingError, match="locked"):
        services.attendance_mark(session=session, by=sipo_official, marks={second.pk: Attendance.PRESENT})


def test_a_countersignature_of_attendance_that_changed_since_it_was_read_is_refused(
    held, sipo_official, cas_coordinator
):
    session, (first, second) = held
    marks = {first.pk: Attendance.PRESENT, second.pk: Attendance.PRESENT}
    services.attendance_mark(session=session, by=sipo_official, marks=marks)
    seen = services.attendance_version(session, first.party_id).sha256
    services.attendance_mark(session=session, by=sipo_official, marks={second.pk: Attendance.PARTLY})
    with pytest.raises(services.TrainingError, match="changed since you read it"):
        services.attendance_countersign(session=session, by=cas_coordinator, version=seen)
    session.refresh_from_db()
    assert session.attendance_locked_at is None


def test_attendance_is_not_marked_before_the_session_nor_by_others(session, cas_staff, sipo_official, cas_official):
    (enrolment,) = enrol(session, cas_staff(1))
    with pytest.raises(PermissionDenied):
        services.attendance_mark(session=session, by=sipo_official, marks={enrolment.pk: Attendance.PRESENT})
    with time_machine.travel(session.starts_at + timedelta(minutes=5)), pytest.raises(PermissionDenied):
        services.attendance_mark(session=session, by=cas_official, marks={enrolment.pk: Attendance.PRESENT})


def test_a_certificate_verifies_without_revealing_anything_for_a_wrong_code(
    held, sipo_official, cas_coordinator, sipo_coordinator
):
    session, (first, second) = held
    marks = {first.pk: Attendance.PRESENT, second.pk: Attendance.PARTLY}
    services.attendance_mark(session=session, by=sipo_official, marks=marks)
    seen = services.attendance_version(session, first.party_id).sha256
    services.attendance_countersign(session=session, by=cas_coordinator, version=seen)
    certificate = Certificate.objects.get(enrolment=first)
    assert len(certificate.code) >= 20
    assert services.certificate_verify(code=certificate.code, address="10.0.0.1") == certificate
    assert services.certificate_verify(code="not-a-code", address="10.0.0.2") is None
    assert list(Verification.objects.order_by("pk").values_list("code", "certificate", "address")) == [
        (certificate.code, certificate.pk, "10.0.0.1"),
        ("not-a-code", None, "10.0.0.2"),
    ]
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(certificate=certificate, by=cas_coordinator, reason="Wrong person.")
    services.certificate_revoke(certificate=certificate, by=sipo_coordinator, reason="Wrong person.")
    certificate.refresh_from_db()
    assert not certificate.is_valid and certificate.revoked_reason == "Wrong person."


def test_feedback_is_given_once_by_an_attendee_after_the_session(held, sipo_official, cas_coordinator):
    session, (first, second) = held
    marks = {first.pk: Attendance.PRESENT, second.pk: Attendance.ABSENT}
    services.attendance_mark(session=session, by=sipo_official, marks=marks)
    with pytest.raises(ValidationError, match="after the session"):
        services.feedback_give(enrolment=first, by=first.user, ratings={"Content": 5, "Trainer": 4})
    with time_machine.travel(session.ends_at + timedelta(hours=1)):
        with pytest.raises(ValidationError):
            services.feedback_give(enrolment=first, by=first.user, ratings={"Content": 6, "Trainer": 4})
        with pytest.raises(PermissionDenied):
            services.feedback_give(enrolment=second, by=second.user, ratings={"Content": 5, "Trainer": 4})
        services.feedback_give(enrolment=first, by=first.user, ratings={"Content": 5, "Trainer": 4}, comment="好")
        with pytest.raises(services.TrainingError, match="already given"):
            services.feedback_give(enrolment=first, by=first.user, ratings={"Content": 1, "Trainer": 1})


# No overbooking under load: PostgreSQL only.


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_enrolments_for_ten_seats_give_ten_enrolled_and_forty_waitlisted_in_order(
    monkeypatch, make_session, cas_staff, cas, sipo
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks and runs one writer at a time")
    session = make_session(seats={cas.pk: 10, sipo.pk: 10})
    people = cas_staff(50)
    # Hold each transaction open a moment after it counted the seats, so they overlap every time: without the
    # session's row lock many would count the same free seat and the party would be overbooked.
    real = services._seat_counts

    def slowly(session):
        counts = real(session)
        time.sleep(0.02)
        return counts

    monkeypatch.setattr(services, "_seat_counts", slowly)
    barrier = threading.Barrier(len(people))
    errors = []

    def run(person):
        try:
            barrier.wait(timeout=30)
            services.enrolment_create(session=session, user=person)
        except Exception as exc:  # reported below, where pytest shows it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    rows = list(session.enrolments.order_by("queued_at", "pk").values_list("status", flat=True))
    assert rows.count(EnrolmentStatus.ENROLLED) == 10 and rows.count(EnrolmentStatus.WAITLISTED) == 40
    # In order: whoever got the lock first got a seat; the waitlist follows the order they came in.
    assert rows == [EnrolmentStatus.ENROLLED] * 10 + [EnrolmentStatus.WAITLISTED] * 40
    positions = (
        OutboxMessage.objects.filter(kind="training.waitlisted")
        .order_by("pk")
        .values_list("params__position", flat=True)
    )
    assert list(positions) == list(range(1, 41))


def test_the_course_and_session_lists_read_the_organising_party_in_their_one_query(
    session, cas_official, django_assert_num_queries
):
    from cooperation.training import selectors

    with django_assert_num_queries(1):
        (course,) = selectors.courses_visible_to(cas_official)
        assert (course.pk, course.organising_party.code) == (session.course_id, "SIPO")
        # The search columns are large and no list reads them.
        assert {"search_text", "search_vector"} <= course.get_deferred_fields()
    with django_assert_num_queries(1):
        (row,) = selectors.sessions_visible_to(cas_official)
        assert (row.pk, row.course.title, row.course.organising_party.code) == (session.pk, "专利审查实务", "SIPO")


def test_each_reader_sees_their_own_enrolments_their_partys_and_those_on_their_partys_courses(
    session, sipo_coordinator, sipo, cas, personas
):
    from cooperation.training import selectors

    cas_official, sipo_official = personas["cas_official"], personas["sipo_official"]
    internal_session = internal_sipo_session(sipo_coordinator, sipo)
    on_internal = services.enrolment_create(session=internal_session, user=sipo_official)
    visiting = services.enrolment_create(session=session, user=cas_official)
    own_course = services.enrolment_create(session=session, user=sipo_official)

    def seen(user):
        return set(selectors.enrolments_visible_to(user).values_list("pk", flat=True))

    # SIPO organises both courses: its staff see every enrolment, on its internal course too.
    assert seen(sipo_official) == seen(sipo_coordinator) == {on_internal.pk, visiting.pk, own_course.pk}
    # CAS sees its own party's enrolment, not SIPO's, and nothing of the internal course.
    assert seen(cas_official) == seen(personas["cas_coordinator"]) == {visiting.pk}
    assert seen(personas["outsider"]) == set()
    # Moved to CAS, the SIPO official still sees their own enrolment on SIPO's shared course (by its enrolee alone:
    # neither the enrolment's party nor the course's is theirs now), not the internal course's.
    sipo_official.party = cas
    sipo_official.save(update_fields=["party"])
    assert seen(sipo_official) == {visiting.pk, own_course.pk}
    assert seen(personas["cas_coordinator"]) == {visiting.pk}
