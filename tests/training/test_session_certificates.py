"""The session's page leads to the certificates once the attendance is locked: the holder downloads theirs, the
organising party's staff download each attendee's, its coordinators revoke them; a revoked one shows as revoked."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from cooperation.training import services
from cooperation.training.models import Attendance, Certificate

# The portal speaks Chinese by default; these tests read the English messages.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def locked(session, cas_official, cas_staff, sipo_official, cas_coordinator):
    """The CAS official present, another of CAS's staff absent, countersigned by CAS, an hour after the end."""
    mine, other = (services.enrolment_create(session=session, user=person) for person in [cas_official, *cas_staff(1)])
    with time_machine.travel(session.ends_at + timedelta(hours=1)):
        services.attendance_mark(
            session=session, by=sipo_official, marks={mine.pk: Attendance.PRESENT, other.pk: Attendance.ABSENT}
        )
        version = services.attendance_version(session, mine.party_id).sha256
        services.attendance_countersign(session=session, by=cas_coordinator, version=version)
        yield session, mine, Certificate.objects.get(enrolment=mine)


def links(client, person, session) -> tuple[bool, bool, bool]:
    """(the holder's own download, a download in the enrolees' list, a revoke link) on the session's page."""
    client.force_login(person)
    response = client.get(session.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    return 'class="my-certificate"' in page, 'btn-outline-secondary certificate-pdf"' in page, "/revoke/" in page


def test_the_holder_and_the_organisers_find_the_certificate_and_only_the_organising_coordinator_revokes(
    client, locked, cas_official, sipo_official, sipo_coordinator, cas_coordinator
):
    session, mine, certificate = locked
    pdf = reverse("training:certificate_pdf", args=[mine.pk])
    revoke = reverse("training:certificate_revoke", args=[certificate.pk])
    assert links(client, cas_official, session) == (True, False, False)
    assert links(client, sipo_official, session) == (False, True, False)
    assert links(client, sipo_coordinator, session) == (False, True, True)
    # The other party's coordinator sees their staff, not the organiser's copies of the certificates.
    assert links(client, cas_coordinator, session) == (False, False, False)
    client.force_login(sipo_coordinator)
    page = client.get(session.get_absolute_url()).content.decode()
    assert f'href="{pdf}"' in page and f'href="{revoke}"' in page
    assert page.count("certificate-pdf") == 1  # the absent attendee has no certificate


def test_a_revoked_certificate_shows_revoked_and_is_neither_offered_nor_revocable_again(
    client, locked, cas_official, sipo_coordinator
):
    session, _mine, certificate = locked
    services.certificate_revoke(certificate=certificate, by=sipo_coordinator, reason="Issued in error.")
    client.force_login(cas_official)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "certificate-revoked" in page and "certificate-pdf" not in page
    client.force_login(sipo_coordinator)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "certificate-revoked" in page and "/revoke/" not in page


def test_a_certificate_is_found_with_its_holder_and_organiser_by_whoever_sees_its_session_and_nobody_else(
    locked, personas, django_assert_num_queries
):
    """certificate_visible_to, behind the revoke page (make mutation: whose it is, what it joins)."""
    from cooperation.training import selectors

    _session, _mine, certificate = locked
    for username in ("cas_official", "cas_coordinator", "sipo_docadmin", "sipo_coordinator"):
        found = selectors.certificate_visible_to(personas[username], certificate.pk)
        with django_assert_num_queries(0):
            assert (found.pk, found.enrolment.user.username) == (certificate.pk, "cas_official")
            assert found.enrolment.session.course.organising_party.code == "SIPO"
    with pytest.raises(Certificate.DoesNotExist):
        selectors.certificate_visible_to(personas["outsider"], certificate.pk)
