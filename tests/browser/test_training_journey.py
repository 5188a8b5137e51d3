"""Issue 13's journey, in a real browser, in both languages: the SIPO coordinator (in English) creates a course and
a session with 2 seats per party whose enrolments need approval, the SIPO official as trainer; three CAS officials
(in Chinese) enrol: two hold the CAS seats, the third is waitlisted; the CAS coordinator approves the two; one
cancels, the waitlisted one is promoted (waiting for approval), told in the inbox, and approved. The session is
held (the server's clock travels to its first hour): the trainer marks attendance, the CAS coordinator countersigns
it and the attendance locks, issuing certificates; one attendee downloads theirs (a PDF); its verification URL, the
one its QR code carries, says valid without sign-in; the SIPO coordinator revokes it with a reason, and the
verification page says revoked.

Pages are driven by URLs, form field names, CSS hooks and data (texts typed, names), not translated labels; the
headings checked for each language are read through the catalogue (`translation.override`).
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from cooperation.training import certificates
from cooperation.training.models import Certificate, Course, Enrolment, EnrolmentStatus, TrainingSession
from cooperation.training.notifications import PROMOTED
from protocol.notifications.models import Notification
from protocol.parties.models import Language
from protocol.parties.roles import Role
from tests.factories import UserFactory

from .conftest import pick_person, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Patent search and analysis in practice"
TITLE_OTHER = "专利检索与分析实务"
DESCRIPTION = "Search strategies, classification and citation analysis, with CNIPA's examination tools."
PLACE = "国家知识产权局 培训中心 301"
REASON = "Issued in error: the attendance was marked for the wrong person."
LOCAL = "%Y-%m-%dT%H:%M"


def test_a_session_is_enrolled_approved_waitlisted_held_countersigned_and_its_certificate_verified_and_revoked(
    # time_machine before page: the clock stays moved while the page's teardown checks the pages left over.
    time_machine,
    live_server,
    page,
    step,
    eager_tasks,
    cas,
    cas_official,
    sipo_official,
    cas_coordinator,
    sipo_coordinator,
):
    base = live_server.url
    colleagues = [
        UserFactory(username=f"cas_official_{n}", full_name=name, party=cas, roles=[Role.OFFICIAL])
        for n, name in [(2, "Sun Li"), (3, "Zhou Qiang")]
    ]
    # CAS reads the portal in Chinese, SIPO in English: the journey crosses both languages.
    for person, language in [
        (cas_official, Language.CHINESE),
        *((colleague, Language.CHINESE) for colleague in colleagues),
        (cas_coordinator, Language.CHINESE),
        (sipo_official, Language.ENGLISH),
        (sipo_coordinator, Language.ENGLISH),
    ]:
        person.preferred_language = language
        person.save(update_fields=["preferred_language"])
    first, second, third = cas_official, *colleagues
    html = page.locator("html")
    now = timezone.localtime()
    starts = (now + timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    ends = starts + timedelta(hours=7)
    opens = (now - timedelta(hours=1)).replace(second=0, microsecond=0)
    closes = starts - timedelta(days=1)

    def in_language(language: str, text: str) -> str:
        with translation.override(language):
            return gettext(text)

    def open_session():
        page.goto(session_url)
        expect(page.locator("main h1")).to_have_text(re.compile(re.escape(TITLE) + "|" + re.escape(TITLE_OTHER)))

    def status_of(enrolment: Enrolment):
        return page.locator(f"main .my-enrolment-status .enrolment-{enrolment.status}")

    def enrol(person, expected: str):
        sign_in(page, base, person)
        expect(html).to_have_attribute("lang", Language.CHINESE)
        open_session()
        page.locator(f"main form[action='{reverse('training:enrol', args=[session.pk])}'] button").click()
        expect(page).to_have_url(session_url)
        expect(page.locator(f"main .my-enrolment-status .enrolment-{expected}")).to_be_visible()
        step(f"{person.username} enrolled: {expected}")
        sign_out(page, base)

    def approve(enrolment: Enrolment):
        open_session()
        decide_url = reverse("training:enrolment_decide", args=[enrolment.pk])
        page.locator(f"main ul.enrolees a[href='{decide_url}']").click()
        expect(page).to_have_url(base + decide_url)
        page.locator("main input[name=decision][value=approve]").check()
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(session_url)
        expect(page.locator(f"main ul.enrolees a[href='{decide_url}']")).to_have_count(0)
        enrolment.refresh_from_db()
        assert enrolment.status == EnrolmentStatus.ENROLLED

    def cas_seats(taken: int, waiting: int):
        row = page.locator("main table.seats tbody tr").nth(0)  # by party code: CAS first
        expect(row.locator("td")).to_have_text([re.compile(r".+"), "2", str(taken), str(2 - taken), str(waiting)])

    # The SIPO coordinator, in English, creates the course through its form...
    sign_in(page, base, sipo_coordinator)
    expect(html).to_have_attribute("lang", Language.ENGLISH)
    page.goto(base + reverse("training:course_create"))
    form = page.locator("main form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("input[name=title_other]").fill(TITLE_OTHER)
    form.locator("textarea[name=description]").fill(DESCRIPTION)
    step("course form filled, in English")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(base) + r"/training/courses/\d+/$"))
    course = Course.objects.get(title=TITLE)
    assert page.url == base + course.get_absolute_url()
    assert course.organising_party_id == sipo_coordinator.party_id

    # ... and its session: 2 seats per party, approval needed, the SIPO official as trainer.
    session_create_url = reverse("training:session_create", args=[course.pk])
    page.locator(f"main a[href='{session_create_url}']").click()
    expect(page).to_have_url(base + session_create_url)
    expect(page.locator("main h1")).to_have_text(in_language(Language.ENGLISH, "New session"))
    form = page.locator("main form")
    form.locator("input[name=starts_at]").fill(starts.strftime(LOCAL))
    form.locator("input[name=ends_at]").fill(ends.strftime(LOCAL))
    form.locator("input[name=location]").fill(PLACE)
    with translation.override(Language.ENGLISH):
        pick_person(form, "trainers", "Wang F", sipo_official.name_with_party)
    form.locator("input[name=seats_cas]").fill("2")
    form.locator("input[name=seats_sipo]").fill("2")
    form.locator("input[name=enrolment_opens_at]").fill(opens.strftime(LOCAL))
    form.locator("input[name=enrolment_closes_at]").fill(closes.strftime(LOCAL))
    form.locator("input[name=needs_approval]").check()
    step("session form filled, in English")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(base) + r"/training/sessions/\d+/$"))
    session = TrainingSession.objects.get(course=course)
    session_url = base + session.get_absolute_url()
    assert page.url == session_url
    assert session.needs_approval and session.starts_at == starts and session.enrolment_closes_at == closes
    assert dict(session.seats.values_list("party__code", "reserved")) == {"CAS": 2, "SIPO": 2}
    assert list(session.trainers.all()) == [sipo_official]
    cas_seats(taken=0, waiting=0)
    step("session scheduled")
    sign_out(page, base)

    # Three CAS officials enrol, in Chinese: two hold the CAS seats pending approval, the third waits.
    enrol(first, EnrolmentStatus.PENDING)
    enrol(second, EnrolmentStatus.PENDING)
    enrol(third, EnrolmentStatus.WAITLISTED)
    enrolments = {e.user_id: e for e in Enrolment.objects.filter(session=session)}
    mine, seconds, thirds = (enrolments[person.pk] for person in (first, second, third))

    # The CAS coordinator approves the two.
    sign_in(page, base, cas_coordinator)
    open_session()
    cas_seats(taken=2, waiting=1)
    expect(page.locator("main ul.enrolees .enrolment-waitlisted")).to_have_count(1)
    approve(mine)
    approve(seconds)
    step("two approved, one waitlisted, in Chinese")
    sign_out(page, base)

    # One of the approved cancels: the waitlisted one is promoted at once, waiting for approval.
    sign_in(page, base, second)
    open_session()
    cancel_url = reverse("training:enrolment_cancel", args=[seconds.pk])
    page.locator(f"main a[href='{cancel_url}']").click()
    expect(page).to_have_url(base + cancel_url)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(session_url)
    expect(page.locator(f"main form[action='{reverse('training:enrol', args=[session.pk])}']")).to_be_visible()
    step("an approved enrolee cancelled")
    sign_out(page, base)

    # The promoted one is told: the inbox shows it, in Chinese; the session shows their seat waiting for approval.
    thirds.refresh_from_db()
    assert thirds.status == EnrolmentStatus.PENDING
    promoted = Notification.objects.get(recipient=third, kind=PROMOTED.key)
    with translation.override(Language.CHINESE):
        promoted_message = promoted.message
    assert TITLE in promoted_message
    sign_in(page, base, third)
    page.goto(base + reverse("notifications:inbox"))
    expect(page.locator("main .list-group-item").filter(has_text=promoted_message)).to_have_count(1)
    step("promoted, told in the inbox")
    open_session()
    expect(status_of(thirds)).to_be_visible()
    sign_out(page, base)

    # The CAS coordinator approves them.
    sign_in(page, base, cas_coordinator)
    approve(thirds)
    cas_seats(taken=2, waiting=0)
    step("the promoted one approved")
    sign_out(page, base)

    # The session is held: the server's clock moves to its first hour. The trainer marks the attendance.
    time_machine.move_to(starts + timedelta(hours=1), tick=True)
    sign_in(page, base, sipo_official)
    expect(html).to_have_attribute("lang", Language.ENGLISH)
    open_session()
    attendance_url = reverse("training:attendance", args=[session.pk])
    page.locator(f"main a[href='{attendance_url}']").click()
    expect(page).to_have_url(base + attendance_url)
    expect(page.locator("main input[name^=mark_][value=present]")).to_have_count(2)
    page.locator(f"main input[name=mark_{mine.pk}][value=present]").check()
    page.locator(f"main input[name=mark_{thirds.pk}][value=partly]").check()
    step("attendance marked, in English")
    page.locator("main form[action$='/attendance/'] button[type=submit]").click()
    expect(page).to_have_url(base + attendance_url)
    expect(page.locator(f"main input[name=mark_{mine.pk}][value=present]")).to_be_checked()
    expect(page.locator(f"main input[name=mark_{thirds.pk}][value=partly]")).to_be_checked()
    sign_out(page, base)

    # The CAS coordinator countersigns the attendance of CAS's staff, in Chinese: it locks, certificates are issued.
    sign_in(page, base, cas_coordinator)
    open_session()
    countersign_url = reverse("training:countersign", args=[session.pk])
    page.locator(f"main a[href='{countersign_url}']").click()
    expect(page).to_have_url(base + countersign_url)
    heading = "Countersign the attendance of your party's staff"
    expect(page.locator("main h1")).to_have_text(in_language(Language.CHINESE, heading))
    assert in_language(Language.CHINESE, heading) != heading  # the heading above is in Chinese
    page.locator("main input[name=confirm]").check()
    step("countersigning, in Chinese")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(session_url)
    expect(page.locator(f"main a[href='{countersign_url}']")).to_have_count(0)
    session.refresh_from_db()
    assert session.attendance_locked_at is not None
    assert session.activity.status == "confirmed"
    assert set(Certificate.objects.filter(enrolment__session=session).values_list("enrolment", flat=True)) == {
        mine.pk,
        thirds.pk,
    }
    sign_out(page, base)

    # An attendee downloads their certificate from the session's page: a PDF.
    certificate = Certificate.objects.get(enrolment=mine)
    pdf_url = reverse("training:certificate_pdf", args=[mine.pk])
    sign_in(page, base, first)
    open_session()
    link = page.locator("main .my-certificate a.certificate-pdf")
    expect(link).to_have_attribute("href", pdf_url)
    step("the certificate on the session's page, in Chinese")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".pdf")
    assert download.path().read_bytes().startswith(b"%PDF")
    response = page.request.get(base + pdf_url)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    sign_out(page, base)

    # Its QR code's URL opens without sign-in and says valid.
    verify_path = certificate.get_verification_url()
    assert certificates.verification_url(certificate) == settings.SITE_URL + verify_path
    page.goto(base + verify_path)
    verdict = page.locator("main [role=status]")
    expect(verdict).to_have_class(re.compile(r"\balert-success\b"))
    expect(page.locator("main dl")).to_contain_text(first.full_name)
    expect(page.locator("main dl")).to_contain_text(TITLE)
    step("verified: valid, signed out")

    # The SIPO coordinator revokes it with a reason.
    sign_in(page, base, sipo_coordinator)
    open_session()
    revoke_url = reverse("training:certificate_revoke", args=[certificate.pk])
    page.locator(f"main ul.enrolees a.certificate-revoke[href='{revoke_url}']").click()
    expect(page).to_have_url(base + revoke_url)
    with translation.override(Language.ENGLISH):
        expected = gettext("Revoke the certificate of %(name)s?") % {"name": first.full_name}
    expect(page.locator("main h1")).to_have_text(expected)
    page.locator("main textarea[name=reason]").fill(REASON)
    step("revoking, in English")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(session_url)
    expect(page.locator(f"main ul.enrolees a[href='{revoke_url}']")).to_have_count(0)
    expect(page.locator("main ul.enrolees .certificate-revoked")).to_have_count(1)
    certificate.refresh_from_db()
    assert not certificate.is_valid
    assert (certificate.revoked_reason, certificate.revoked_by) == (REASON, sipo_coordinator)
    sign_out(page, base)

    # The verification page now says revoked.
    page.goto(base + verify_path)
    expect(verdict).to_have_class(re.compile(r"\balert-danger\b"))
    expect(page.locator("main dl")).to_contain_text(first.full_name)
    expect(page.locator("main")).not_to_contain_text(REASON)  # the reason stays with the certificate
    step("verified: revoked")
