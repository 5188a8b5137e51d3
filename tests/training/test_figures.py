"""Training in figures per party and year: seats offered and used, attendance rate, waitlist, feedback average,
in a fixed number of queries."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.training import services
from cooperation.training.figures import figures
from cooperation.training.models import Attendance

# The portal speaks Chinese by default; these tests read the English messages.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def year_of_training(make_session, cas_staff, sipo_docadmin, sipo_official, sipo_coordinator):
    """A held session (2 seats per party): three of CAS's staff enrolled for two seats (one waits), one of SIPO's;
    marked, and rated by those who attended. Beside it a cancelled session and one a year later."""
    session = make_session()
    first, second, _waiting = (services.enrolment_create(session=session, user=p) for p in cas_staff(3))
    own = services.enrolment_create(session=session, user=sipo_docadmin)
    services.session_cancel(session=make_session(), by=sipo_coordinator)
    later = make_session(starts_in=timedelta(days=400))
    with time_machine.travel(session.ends_at + timedelta(hours=1)):
        marks = {first.pk: Attendance.PRESENT, second.pk: Attendance.ABSENT, own.pk: Attendance.PARTLY}
        services.attendance_mark(session=session, by=sipo_official, marks=marks)
        services.feedback_give(enrolment=first, by=first.user, ratings={"Content": 5, "Trainer": 4})
        services.feedback_give(enrolment=own, by=own.user, ratings={"Content": 3, "Trainer": 3})
    return timezone.localtime(session.starts_at).year, timezone.localtime(later.starts_at).year


def as_numbers(rows):
    return [
        (row.year, row.party.code, row.seats_offered, row.seats_used, row.attendance_rate, row.waitlisted,
         row.feedback_average)
        for row in rows
    ]  # fmt: skip


def test_figures_per_party_and_year(year_of_training, cas_official):
    year, later = year_of_training
    assert as_numbers(figures(cas_official)) == [
        (later, "CAS", 2, 0, None, 0, None),
        (later, "SIPO", 2, 0, None, 0, None),
        (year, "CAS", 2, 2, 0.5, 1, 4.5),
        (year, "SIPO", 2, 1, 1.0, 0, 3.0),
    ]
    assert as_numbers(figures(cas_official, year=year)) == [
        (year, "CAS", 2, 2, 0.5, 1, 4.5),
        (year, "SIPO", 2, 1, 1.0, 0, 3.0),
    ]


def test_figures_cost_four_queries_however_many_sessions(make_session, cas_official, django_assert_num_queries):
    make_session()
    with django_assert_num_queries(4):
        figures(cas_official)
    for _ in range(20):
        make_session()
    with django_assert_num_queries(4):
        figures(cas_official)


def test_the_figures_page_shows_the_table_and_filters_by_year(client, year_of_training, cas_coordinator):
    year, later = year_of_training
    client.force_login(cas_coordinator)
    page = client.get(reverse("training:figures")).content.decode()
    assert "<td>CAS</td>" in page and "50%" in page and "4.5" in page and str(later) in page
    filtered = client.get(reverse("training:figures"), {"year": year}).content.decode()
    assert "50%" in filtered and f"<td>{later}</td>" not in filtered


def test_the_figures_page_costs_the_same_with_1_and_many_sessions(client, make_session, cas_coordinator):
    client.force_login(cas_coordinator)
    make_session()
    client.get(reverse("training:figures"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("training:figures"))
    for _ in range(10):
        make_session(starts_in=timedelta(days=400))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("training:figures"))
    assert len(one) == len(many)
