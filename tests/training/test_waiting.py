"""Training on the dashboard's one panel of what waits: the attendance of a coordinator's staff on the other
party's session, to countersign once every one of them is marked; enrolments to approve at a fixed cost."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.training import services
from cooperation.training.models import Attendance
from protocol.areas import Area
from tests.dashboard import waiting_items, waiting_more

pytestmark = pytest.mark.usefixtures("english")

DASHBOARD = reverse("dashboard")


def training_items(client) -> list[tuple[str, str]]:
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return [(item.what, item.url) for item in waiting_items(response) if item.area == Area.TRAINING]


@pytest.fixture
def held(session, cas_official, cas_staff):
    """The SIPO session with two of CAS's staff enrolled, an hour after it ended."""
    enrolments = [services.enrolment_create(session=session, user=person) for person in [cas_official, *cas_staff(1)]]
    traveller = time_machine.travel(session.ends_at + timedelta(hours=1))
    traveller.start()
    yield session, enrolments
    traveller.stop()


def test_the_other_partys_coordinator_is_asked_to_countersign_once_all_their_staff_are_marked(
    client, held, sipo_official, cas_coordinator, sipo_coordinator, cas_official
):
    session, (mine, other) = held
    countersign = ("Countersign the attendance", reverse("training:countersign", args=[session.pk]))
    client.force_login(cas_coordinator)
    assert countersign not in training_items(client)  # nobody marked yet
    services.attendance_mark(session=session, by=sipo_official, marks={mine.pk: Attendance.PRESENT})
    assert countersign not in training_items(client)  # one of them still unmarked
    services.attendance_mark(session=session, by=sipo_official, marks={other.pk: Attendance.ABSENT})
    assert training_items(client) == [countersign]
    for person in (sipo_coordinator, cas_official, sipo_official):  # the organiser's, and no coordinator
        client.force_login(person)
        assert countersign not in training_items(client)
    version = services.attendance_version(session, cas_coordinator.party_id).sha256
    services.attendance_countersign(session=session, by=cas_coordinator, version=version)
    client.force_login(cas_coordinator)
    assert training_items(client) == []


def test_a_session_ahead_asks_for_no_countersignature(client, session, cas_official, cas_coordinator):
    services.enrolment_create(session=session, user=cas_official)
    client.force_login(cas_coordinator)
    assert training_items(client) == []


def test_the_dashboard_costs_the_same_for_1_and_50_enrolments_to_approve(
    client, make_session, cas_staff, cas_coordinator, cas, sipo, django_assert_num_queries
):
    session = make_session(needs_approval=True, seats={cas.pk: 60, sipo.pk: 2})
    people = cas_staff(50)
    services.enrolment_create(session=session, user=people[0])
    client.force_login(cas_coordinator)
    client.get(DASHBOARD)
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        client.get(DASHBOARD)
    for person in people[1:]:
        services.enrolment_create(session=session, user=person)
    cache.clear()
    with django_assert_num_queries(len(one)):
        response = client.get(DASHBOARD)
    assert len([item for item in waiting_items(response) if item.area == Area.TRAINING]) == 5
    assert [more.count for more in waiting_more(response)] == [45]
