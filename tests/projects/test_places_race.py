"""No more accepted than the call has places, however many coordinators decide at once: PostgreSQL only."""

import threading
import time

import pytest
from django.db import connection
from django.utils import translation

from cooperation.projects import services
from cooperation.projects.models import ApplicationStatus, Participant
from protocol.parties.roles import Role
from tests.factories import UserFactory

PEOPLE = 8


@pytest.mark.django_db(transaction=True)
def test_coordinators_accepting_at_once_fill_the_two_places_and_no_more(monkeypatch, call, cas, sipo, apply):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks and runs one writer at a time")
    assert call.places == 2
    applicants = [
        UserFactory(username=f"cas_staff_{n}", full_name=f"CAS Staff {n}", party=cas, roles=[Role.OFFICIAL])
        for n in range(PEOPLE)
    ]
    coordinators = [
        UserFactory(username=f"sipo_coord_{n}", full_name=f"SIPO Coordinator {n}", party=sipo, roles=[Role.COORDINATOR])
        for n in range(PEOPLE)
    ]
    applications = [apply(call, person) for person in applicants]
    # Hold each transaction open a moment after it counted the places and wrote its decision, so they overlap
    # every time: without the call's row lock each would count the places free and all would be accepted.
    real = services.counts_changed

    def slowly(topic):
        real(topic)
        time.sleep(0.05)

    monkeypatch.setattr(services, "counts_changed", slowly)
    barrier = threading.Barrier(PEOPLE)
    refused, errors = [], []

    def run(application, coordinator):
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):  # each thread starts in the portal's default language
                services.application_decide(application=application, by=coordinator, decision="accepted", comment="")
        except services.ProjectError as exc:
            refused.append(str(exc))
        except Exception as exc:  # reported below, where pytest shows it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in zip(applications, coordinators, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    statuses = list(call.applications.values_list("status", flat=True))
    assert statuses.count(ApplicationStatus.ACCEPTED) == 2
    assert statuses.count(ApplicationStatus.SUBMITTED) == PEOPLE - 2
    assert Participant.objects.count() == 2
    assert len(refused) == PEOPLE - 2
    assert set(refused) == {"All 2 places of this call are taken: waitlist the application instead."}
