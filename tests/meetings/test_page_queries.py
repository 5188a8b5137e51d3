"""A meeting's page and its minutes page cost the same queries for a small meeting and a large one (issue 10:
at most 12, whatever the attendees, agenda rows, materials, revisions and action items).

The meeting is held, its minutes approved by both parties and its ledger entry made, so every panel of
the pages is filled: the chair, the minute-taker and the ledger activity are read with the meeting.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.meetings import services
from cooperation.meetings.models import Meeting
from cooperation.meetings.services import AgendaRow
from protocol.parties.roles import Role
from tests.factories import UserFactory
from tests.meetings.data import schedule, write

MOST = 12


def _grow(meeting: Meeting, *, count: int, by, party) -> None:
    """Add `count` attendees, agenda rows and action items through the services, as users would."""
    guests = [UserFactory(party=party, roles=[Role.OFFICIAL]) for _ in range(count)]
    fields = services.MeetingFields(
        title=meeting.title,
        kind=meeting.kind,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        attendees=[*meeting.attendees.all(), *guests],
        location=meeting.location,
        chair=meeting.chair,
        minute_taker=meeting.minute_taker,
        agenda=[AgendaRow(title=f"Item {number}") for number in range(count)],
    )
    services.meeting_update(meeting=meeting, by=by, fields=fields)
    for number, owner in enumerate(guests):
        services.action_item_create(
            meeting=meeting,
            by=meeting.minute_taker,
            description=f"Action {number}",
            owner=owner,
            due_date=timezone.localdate() + timedelta(days=number + 1),
        )


def _held_with_approved_minutes(count, *, cas_official, sipo_official, cas_coordinator, sipo_coordinator, sipo):
    meeting = schedule(cas_official, [cas_official, sipo_official], chair=cas_official, minute_taker=sipo_official)
    _grow(meeting, count=count, by=cas_official, party=sipo)
    minutes = write(meeting, submit=True)
    for coordinator in (cas_coordinator, sipo_coordinator):
        minutes = services.minutes_approve(minutes=minutes, revision=minutes.current_revision.number, by=coordinator)
    services.meeting_mark_held(meeting=meeting, by=cas_official)
    return meeting


def _queries(client, url: str, expected: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert expected in response.text
    return len(queries)


@pytest.mark.parametrize("page", ["detail", "minutes"])
def test_a_meeting_page_costs_the_same_few_queries_for_1_and_50_of_everything(
    client, cas_official, sipo_official, cas_coordinator, sipo_coordinator, sipo, page
):
    people = {
        "cas_official": cas_official,
        "sipo_official": sipo_official,
        "cas_coordinator": cas_coordinator,
        "sipo_coordinator": sipo_coordinator,
        "sipo": sipo,
    }
    small = _held_with_approved_minutes(1, **people)
    large = _held_with_approved_minutes(50, **people)
    client.force_login(sipo_official)
    shown = {"detail": "Item 0", "minutes": "Action 0"}[page]
    costs = [_queries(client, reverse(f"meetings:{page}", args=[m.pk]), shown) for m in (small, large)]
    assert costs[0] == costs[1]
    assert costs[0] <= MOST, costs
