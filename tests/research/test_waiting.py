"""Research on the dashboard and the calendar: a milestone past its date is overdue for the coordinators of its
owner's party; milestones are all-day events in the calendar of the project's team, the page and the feed."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from cooperation.meetings import services as meetings
from protocol.areas import Area
from protocol.calendar import day_start
from tests.dashboard import waiting_items

pytestmark = pytest.mark.usefixtures("english")

DASHBOARD = reverse("dashboard")


def test_a_milestone_past_its_date_is_overdue_for_its_owners_coordinators(
    client, active_project, cas_coordinator, sipo_coordinator
):
    milestone = active_project.milestones.order_by("due_date").first()  # owned by the CAS official
    client.force_login(cas_coordinator)
    assert [item for item in waiting_items(client.get(DASHBOARD), "overdue") if item.area == Area.RESEARCH] == []
    with time_machine.travel(day_start(milestone.due_date) + timedelta(days=2, hours=9), tick=False):
        (item,) = [i for i in waiting_items(client.get(DASHBOARD), "overdue") if i.area == Area.RESEARCH]
        assert item.due == milestone.due_date and item.url == active_project.get_absolute_url()
        client.force_login(sipo_coordinator)
        assert [i for i in waiting_items(client.get(DASHBOARD), "overdue") if i.area == Area.RESEARCH] == []


def test_milestones_are_on_the_teams_calendar_page_and_feed(client, active_project, cas_official, sipo_docadmin):
    milestone = active_project.milestones.order_by("due_date").first()
    week = f"{reverse('calendar')}?view=week&day={milestone.due_date.isoformat()}"
    client.force_login(cas_official)
    page = client.get(week).content.decode()
    assert f"Milestone: {milestone.title}" in page and "all day" in page
    client.force_login(sipo_docadmin)  # sees the project, is not on its team
    assert milestone.title not in client.get(week).content.decode()
    feed = client.get(meetings.calendar_feed_of(user=cas_official).get_absolute_url()).content.decode()
    assert f"DTSTART;VALUE=DATE:{milestone.due_date:%Y%m%d}" in feed
    assert f"DTEND;VALUE=DATE:{milestone.due_date + timedelta(days=1):%Y%m%d}" in feed


def test_a_window_reads_only_the_milestones_in_it(active_project, cas_official):
    from cooperation.research.ics import events_for

    first = active_project.milestones.order_by("due_date").first()
    start = day_start(first.due_date)
    inside = events_for(cas_official, domain="example.org", start=start, end=start + timedelta(days=1))
    assert [event.summary for event in inside] == [f"Milestone: {first.title} ({active_project.title})"]
    assert (
        events_for(cas_official, domain="example.org", start=start + timedelta(days=1), end=start + timedelta(days=2))
        == []
    )
    assert isinstance(inside[0].start, datetime) and inside[0].all_day
