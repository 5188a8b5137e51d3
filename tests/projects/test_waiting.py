"""Project support on the dashboard and the calendar: a decision pending a week after the deadline is overdue for
the organiser's coordinators; call deadlines are in the calendar of those who may see the call, the page and the
personal feed alike."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cooperation.meetings import services as meetings
from cooperation.projects import services
from protocol.areas import Area
from tests.dashboard import waiting_items

pytestmark = pytest.mark.usefixtures("english")

DASHBOARD = reverse("dashboard")


def overdue(client) -> list[str]:
    return [item.url for item in waiting_items(client.get(DASHBOARD), "overdue") if item.area == Area.PROJECTS]


def test_a_decision_pending_a_week_after_the_deadline_is_overdue_for_the_organisers_coordinators(
    client, application, sipo_coordinator, cas_coordinator
):
    decide = reverse("projects:decide", args=[application.pk])
    client.force_login(sipo_coordinator)
    assert overdue(client) == []
    assert decide in [item.url for item in waiting_items(client.get(DASHBOARD))]
    with time_machine.travel(application.call.closes_at + timedelta(days=8), tick=False):
        client.force_login(sipo_coordinator)  # a new sign-in: the idle timeout ended the old one
        assert overdue(client) == [decide]
        client.force_login(cas_coordinator)
        assert overdue(client) == []


def month_of(moment) -> str:
    return f"{reverse('calendar')}?view=month&day={timezone.localdate(moment).isoformat()}"


def test_a_call_deadline_is_on_the_calendar_of_those_who_may_see_the_call(
    client, call, draft_project, project_fields, call_fields, sipo_coordinator, cas_official, sipo_official
):
    hidden_project = services.project_create(by=sipo_coordinator, fields=project_fields(title="SIPO only"))
    hidden = services.call_create(project=hidden_project, by=sipo_coordinator, fields=call_fields(title="内部征集"))
    link = reverse("projects:call", args=[call.pk])
    client.force_login(cas_official)
    page = client.get(month_of(call.closes_at)).content.decode()
    assert link in page and "Call deadline: 征集专利分析专家" in page
    assert "内部征集" not in page
    client.force_login(sipo_official)  # the organising party sees both
    page = client.get(month_of(call.closes_at)).content.decode()
    assert link in page and reverse("projects:call", args=[hidden.pk]) in page


def test_the_feed_holds_the_same_deadlines(client, call, cas_official):
    feed = meetings.calendar_feed_of(user=cas_official)
    # A calendar client signs in as nobody: the feed speaks the language it asks for.
    body = client.get(feed.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "projects-call-deadline-" in body and "Call deadline: 征集专利分析专家" in body
