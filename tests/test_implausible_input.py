"""What cannot be right is refused with a message (minutes before the meeting, actions due in the past,
activity dates outside a sane window); what is unusual but possible (recording a past meeting) is asked."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cooperation.meetings import services as meetings
from cooperation.meetings.models import Meeting
from protocol.activities.models import Activity
from protocol.notifications.models import OutboxMessage
from tests.meetings.data import form_data as meeting_data
from tests.once import as_draft, once

# Mid-year, so "two years ahead" crosses no leap day and no year end in Beijing.
NOW = datetime(2026, 6, 15, 2, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"start_date": "1999-12-31"}, "start_date"),
        ({"start_date": "2028-06-16"}, "start_date"),
        ({"end_date": "2028-06-16"}, "end_date"),
    ],
    ids=["before-2000", "start-beyond-two-years", "end-beyond-two-years"],
)
def test_activity_dates_outside_a_sane_window_are_refused(client, frozen, cas_official, activity_post, change, field):
    client.force_login(cas_official)
    response = client.post(reverse("activities:create"), as_draft(activity_post, change))
    assert response.status_code == 200 and not Activity.objects.exists()
    assert response.context["form"].errors[field] == ["Give a date between 1 Jan 2000 and 15 Jun 2028."]


def test_activity_dates_at_the_edges_of_the_window_are_accepted(client, frozen, cas_official, activity_post):
    client.force_login(cas_official)
    response = client.post(
        reverse("activities:create"),
        as_draft(activity_post, {"start_date": "2000-01-01", "end_date": "2028-06-15"}),
    )
    assert response.status_code == 302 and Activity.objects.exists()


def test_scheduling_a_meeting_in_the_past_asks_first_and_stores_nothing(client, frozen, cas_official, sipo_official):
    client.force_login(cas_official)
    data = meeting_data(
        attendees=[cas_official, sipo_official], starts_at="2026-06-01T10:00", ends_at="2026-06-01T11:00"
    )
    response = client.post(reverse("meetings:create"), data)
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert "tick the box" in response.context["form"].errors["record_past"][0]
    assert 'name="record_past"' in response.text


def test_a_confirmed_past_meeting_is_recorded_and_nobody_is_invited(client, frozen, cas_official, sipo_official):
    client.force_login(cas_official)
    data = meeting_data(
        attendees=[cas_official, sipo_official], starts_at="2026-06-01T10:00", ends_at="2026-06-01T11:00"
    ) | {"record_past": "on"}
    response = client.post(reverse("meetings:create"), data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert not OutboxMessage.objects.exists()


def test_a_future_meeting_asks_nothing(client, frozen, cas_official, sipo_official):
    client.force_login(cas_official)
    response = client.get(reverse("meetings:create"))
    assert 'name="record_past"' not in response.text
    data = meeting_data(
        attendees=[cas_official, sipo_official], starts_at="2026-06-20T10:00", ends_at="2026-06-20T11:00"
    )
    assert client.post(reverse("meetings:create"), data).status_code == 302
    assert OutboxMessage.objects.exists()


def test_an_action_item_due_in_the_past_is_refused(client, frozen, cas_official, sipo_official):
    meeting = meetings.meeting_schedule(
        by=cas_official,
        fields=meetings.MeetingFields(
            title="Liaison",
            kind="liaison",
            starts_at=NOW - timedelta(hours=3),
            ends_at=NOW - timedelta(hours=2),
            attendees=[cas_official, sipo_official],
            minute_taker=cas_official,
        ),
        record_past=True,
    )
    client.force_login(cas_official)
    response = client.post(
        reverse("meetings:action_create", args=[meeting.pk]),
        once(description="Send the statistics", owner=sipo_official.pk, due_date="2026-06-14"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["due_date"] == ["The due date is in the past; give a date from today on."]
    assert not meeting.action_items.exists()
    assert date(2026, 6, 14) < timezone.localdate()
