"""Meetings for the page tests, scheduled through the service as a user would (tests/meetings/data.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cooperation.meetings.models import Meeting
from tests.meetings.data import schedule


@pytest.fixture
def make_meeting(cas_official, sipo_official):
    """Schedule a meeting; by default the CAS official's, a week ahead, with the SIPO official invited."""

    def make(*, by=None, attendees=None, starts_at=None, hours: float = 1.5, **overrides) -> Meeting:
        by = by or cas_official
        starts_at = starts_at or timezone.now().replace(microsecond=0) + timedelta(days=7)
        attendees = [by, sipo_official] if attendees is None else attendees
        return schedule(
            by, attendees, starts_at=starts_at, hours=hours, **({"title": "Joint Working Group"} | overrides)
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
