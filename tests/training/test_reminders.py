"""What beat does for training: the reminder the day before, and the release of unused seats every 15 minutes."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from cooperation.training import reminders, services
from cooperation.training.models import EnrolmentStatus
from cooperation.training.tasks import seats_release_due_task
from protocol.celery import app as celery_app
from protocol.notifications.models import OutboxMessage

TOMORROW = "training.tomorrow_reminder"


def reminded() -> list[str]:
    return sorted(OutboxMessage.objects.filter(kind=TOMORROW).values_list("recipient__username", flat=True))


def morning_before(session, *, days: int = 1) -> datetime:
    """08:00 Beijing time, `days` calendar days before the session's day."""
    day = timezone.localdate(session.starts_at) - timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(8, 0)))


def test_the_day_before_those_holding_a_seat_are_reminded_once(make_session, cas_staff, cas_coordinator):
    session = make_session(needs_approval=True, seats={cas_coordinator.party_id: 2})
    approved, pending, waiting, cancelled = [services.enrolment_create(session=session, user=p) for p in cas_staff(4)]
    services.enrolment_decide(enrolment=approved, by=cas_coordinator, approve=True)
    services.enrolment_cancel(enrolment=cancelled, by=cancelled.user)
    assert (pending.status, waiting.status) == (EnrolmentStatus.PENDING, EnrolmentStatus.WAITLISTED)

    with time_machine.travel(morning_before(session, days=2)):
        assert reminders.sessions_tomorrow(now=timezone.now()) == 0
    with time_machine.travel(morning_before(session)):
        assert reminders.sessions_tomorrow(now=timezone.now()) == 2
        assert reminders.sessions_tomorrow(now=timezone.now() + timedelta(hours=3)) == 0  # beat runs again

    assert reminded() == ["cas_staff_0", "cas_staff_1"]
    message = OutboxMessage.objects.filter(kind=TOMORROW).first()
    assert message.params["title"] == "专利审查实务" and message.target == session


def test_a_cancelled_session_is_not_reminded_of(session, cas_official, sipo_coordinator):
    services.enrolment_create(session=session, user=cas_official)
    services.session_cancel(session=session, by=sipo_coordinator)
    with time_machine.travel(morning_before(session)):
        assert reminders.sessions_tomorrow(now=timezone.now()) == 0
    assert reminded() == []


def test_a_session_moved_to_another_day_is_reminded_of_again(session, cas_official, sipo_coordinator, cas, sipo):
    services.enrolment_create(session=session, user=cas_official)
    with time_machine.travel(morning_before(session)):
        reminders.sessions_tomorrow(now=timezone.now())
    later = session.starts_at + timedelta(days=3)
    fields = services.SessionFields(
        starts_at=later, ends_at=later + timedelta(hours=3), enrolment_opens_at=session.enrolment_opens_at,
        enrolment_closes_at=session.enrolment_closes_at, seats={cas.pk: 2, sipo.pk: 2},
    )  # fmt: skip
    session = services.session_update(session=session, by=sipo_coordinator, fields=fields)
    with time_machine.travel(morning_before(session)):
        assert reminders.sessions_tomorrow(now=timezone.now()) == 1
    assert reminded() == ["cas_official", "cas_official"]


# The release of unused seats, on beat.


def test_beat_gives_the_unused_seats_to_the_other_partys_waitlist_after_the_release_moment(make_session, cas_staff):
    release = timezone.now() + timedelta(days=2)
    session = make_session(release_unused_at=release)
    for person in cas_staff(4):
        services.enrolment_create(session=session, user=person)

    with time_machine.travel(release - timedelta(minutes=1)):
        assert seats_release_due_task() == 0
    with time_machine.travel(release + timedelta(minutes=1)):
        assert seats_release_due_task() == 2
        assert seats_release_due_task() == 0  # idempotent: nobody left to promote

    moved = session.enrolments.filter(user__username__in=["cas_staff_2", "cas_staff_3"])
    assert {(e.status, e.seat_of.code) for e in moved} == {(EnrolmentStatus.ENROLLED, "SIPO")}
    promoted = OutboxMessage.objects.filter(kind="training.promoted").values_list("recipient__username", flat=True)
    assert sorted(promoted) == ["cas_staff_2", "cas_staff_3"]


def test_after_enrolment_closes_beat_releases_nothing(make_session, cas_staff):
    release = timezone.now() + timedelta(days=2)
    session = make_session(release_unused_at=release)
    for person in cas_staff(3):
        services.enrolment_create(session=session, user=person)
    with time_machine.travel(session.enrolment_closes_at + timedelta(minutes=1)):
        assert seats_release_due_task() == 0
    assert session.enrolments.filter(status=EnrolmentStatus.WAITLISTED).count() == 1


@pytest.mark.django_db
def test_the_release_runs_every_fifteen_minutes_as_a_task_the_worker_knows():
    row = PeriodicTask.objects.get(name="Release unused training seats to the other party")

    assert (row.interval.every, row.interval.period, row.enabled) == (15, "minutes", True)
    celery_app.loader.import_default_modules()
    assert row.task in celery_app.tasks
