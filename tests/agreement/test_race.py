"""Both parties' final approvals at the same moment both count and put the amendment in force once: PostgreSQL
only (the sign-off locks the amendment's row)."""

import threading
import time

import pytest
from django.db import connection

from protocol.agreement import services
from protocol.agreement.models import AmendmentStatus
from protocol.notifications.models import OutboxMessage
from protocol.signoff import services as signoff_services
from protocol.signoff.models import SignOff

from .conftest import amendment_fields


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_approving_at_once_both_count_and_it_comes_into_force_once(
    monkeypatch, agreement, cas_coordinator, sipo_coordinator
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks and runs one writer at a time")
    amendment = services.amendment_create(by=cas_coordinator, fields=amendment_fields())
    amendment = services.amendment_propose(amendment=amendment, by=cas_coordinator)
    # Hold each transaction open a moment after it has counted the approvals, so the two overlap every time:
    # without the row lock each would count only its own approval and neither would put it in force.
    real = signoff_services.parties_approved

    def slowly(target, *, version):
        parties = real(target, version=version)
        time.sleep(0.3)
        return parties

    monkeypatch.setattr(signoff_services, "parties_approved", slowly)
    barrier = threading.Barrier(2)
    errors = []

    def approve(person):
        try:
            barrier.wait(timeout=10)
            services.amendment_approve(amendment=amendment, version=1, by=person)
        except Exception as exc:  # reported below, where pytest shows it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(person,)) for person in (cas_coordinator, sipo_coordinator)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert sorted(SignOff.objects.of(amendment).approvals().values_list("party__code", flat=True)) == ["CAS", "SIPO"]
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.IN_FORCE and amendment.approved_version.number == 1
    assert OutboxMessage.objects.filter(kind="agreement.amendment_in_force").count() == 2
