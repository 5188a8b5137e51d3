"""Meetings for the page tests, scheduled through the service as a user would."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cooperation.meetings import services
from cooperation.meetings.models import Meeting, MeetingKind
from cooperation.meetings.services import AgendaRow, MeetingFields


@pytest.fixture
def make_meeting(cas_official, sipo_official):
    """Schedule a meeting; by default the CAS official's, a week ahead, with the SIPO official invited."""

    def make(*, by=None, attendees=None, starts_at=None, hours: float = 1.5, **overrides) -> Meeting:
        by = by or cas_official
        starts_at = starts_at or timezone.now().replace(microsecond=0) + timedelta(days=7)
        fields = {
            "title": "Joint Working Group",
            "kind": MeetingKind.WORKING_GROUP,
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=hours),
            "attendees": [by, sipo_official] if attendees is None else attendees,
            "location": "中关村, Beijing",
            "agenda": [AgendaRow(title="Opening", planned_minutes=10), AgendaRow(title="专利信息资源共享")],
        }
        return services.meeting_schedule(
            by=by, fields=MeetingFields(**(fields | overrides)), record_past=starts_at < timezone.now()
        )

    return make


@pytest.fixture
def cas_meeting(make_meeting, cas_official, sipo_official, cas_coordinator):
    """Organised by CAS, visible to both parties; the SIPO official is invited, the docadmins are not."""
    return make_meeting(
        title="第五次联合工作组会议",
        attendees=[cas_official, sipo_official, cas_coordinator],
        chair=cas_official,
        minute_taker=sipo_official,
    )


@pytest.fixture
def cas_internal_meeting(make_meeting, cas_official, cas_coordinator):
    """Internal to CAS: SIPO must not learn it exists."""
    return make_meeting(title="CAS preparatory meeting", attendees=[cas_official, cas_coordinator], internal=True)
