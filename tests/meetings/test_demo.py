"""`seed_demo` gives the communication area something to try: meetings in every state, through the services."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command

from cooperation.meetings import demo
from cooperation.meetings.models import (
    ActionItem,
    ActionItemStatus,
    Meeting,
    MeetingStatus,
    MinutesStatus,
    Rsvp,
    Series,
)
from protocol.activities.models import Status
from protocol.notifications.models import Notification
from tests.demo import in_one_worker

pytestmark = in_one_worker(__name__)


def meeting(title):
    return Meeting.objects.select_related("minutes", "activity").get(title=title)


def test_seed_demo_makes_a_meeting_in_every_state(seeded):
    upcoming, held, review, cancelled = (meeting(title) for title in demo.TITLES)
    assert upcoming.status == MeetingStatus.SCHEDULED
    assert {a.rsvp for a in upcoming.attendances.all()} == {
        Rsvp.PENDING,
        Rsvp.ATTENDING,
        Rsvp.MAYBE,
        Rsvp.NOT_ATTENDING,
    }
    assert held.status == MeetingStatus.HELD
    assert held.minutes.status == MinutesStatus.APPROVED
    assert held.activity.status == Status.CONFIRMED
    assert review.status == MeetingStatus.HELD
    assert review.minutes.status == MinutesStatus.IN_REVIEW
    assert review.minutes.revisions.count() == 3  # the agenda, a draft and the submitted text: a diff to compare
    assert cancelled.status == MeetingStatus.CANCELLED
    assert upcoming.series.name == review.series.name == demo.SERIES  # carried-over actions can be tried


def test_seed_demo_makes_open_overdue_and_done_action_items(seeded):
    with time_machine.travel(datetime(2026, 6, 10, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        items = ActionItem.objects.all()
        today = datetime(2026, 6, 10).date()
        assert items.filter(status=ActionItemStatus.OPEN, due_date__gte=today).exists()
        assert items.filter(status=ActionItemStatus.OPEN, due_date__lt=today).exists()
        assert items.filter(status=ActionItemStatus.DONE).exists()


def test_seed_demo_inboxes_hold_what_the_steps_notified(seeded):
    review = meeting(demo.IN_REVIEW)
    cancelled = meeting(demo.CANCELLED)

    def kinds(username, target):
        rows = Notification.objects.filter(recipient__username=username, url__contains=f"/{target.pk}/")
        return set(rows.values_list("kind", flat=True))

    assert "minutes.submitted" in kinds("cas_coordinator", review)
    assert {"meeting.invited", "meeting.cancelled"} <= kinds("cas_official", cancelled)
    assert Notification.objects.filter(recipient__username="sipo_official", kind="meeting.action_assigned").exists()


def test_seed_demo_adds_no_second_meeting_when_run_again(seeded):
    before = (Meeting.objects.count(), ActionItem.objects.count(), Series.objects.count())
    call_command("seed_demo", force=True)
    assert (Meeting.objects.count(), ActionItem.objects.count(), Series.objects.count()) == before == (4, 4, 1)
