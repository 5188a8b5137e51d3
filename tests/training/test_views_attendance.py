"""The pages after a session: who may open and post each one, attendance marked and imported, the other party's
countersignature, certificates revoked, the public verification page, feedback once and in aggregate."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.training import services
from cooperation.training.models import Attendance, Certificate, Enrolment, Feedback, Verification
from protocol.audit.models import Action, Entry
from tests.once import once
from tests.permission_tables import PERSONAS, answers, table

# The portal speaks Chinese by default; these tests read the English messages.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def held(session, cas_official, cas_staff):
    """The session with the CAS official and another of CAS's staff enrolled, an hour after it ended."""
    enrolments = [services.enrolment_create(session=session, user=person) for person in [cas_official, *cas_staff(1)]]
    traveller = time_machine.travel(session.ends_at + timedelta(hours=1))
    traveller.start()
    yield session, enrolments
    traveller.stop()


@pytest.fixture
def signed(held, sipo_official, cas_coordinator):
    """Attendance marked (the CAS official present, the other absent) and countersigned by CAS: locked."""
    session, (mine, other) = held
    services.attendance_mark(
        session=session, by=sipo_official, marks={mine.pk: Attendance.PRESENT, other.pk: Attendance.ABSENT}
    )
    version = services.attendance_version(session, mine.party_id).sha256
    services.attendance_countersign(session=session, by=cas_coordinator, version=version)
    return session, mine, Certificate.objects.get(enrolment=mine)


def url(name, *args):
    return reverse(f"training:{name}", args=args)


# Who may open and post each page: 200 / 302 (done) / 403 (sees the session, may not act) / 404 (sees nothing).


def test_attendance_is_for_the_trainer_and_the_organising_coordinator(client, personas, held):
    session, (mine, _other) = held
    assert answers(client, personas, "get", url("attendance", session.pk)) == table(
        sipo_official=200, sipo_coordinator=200
    )
    post = {f"mark_{mine.pk}": "present"}
    assert answers(client, personas, "post", url("attendance", session.pk), post) == table(
        sipo_official=302, sipo_coordinator=302
    )
    statuses = {}
    for name in PERSONAS:
        client.force_login(personas[name])
        with transaction.atomic():
            data = {"file": upload(b"username,attendance\ncas_official,present\n")}
            statuses[name] = client.post(url("attendance_import", session.pk), data).status_code
            transaction.set_rollback(True)
    assert statuses == table(sipo_official=302, sipo_coordinator=302)


def test_countersigning_is_for_the_other_partys_coordinator(client, personas, held, sipo_official):
    session, (mine, other) = held
    services.attendance_mark(
        session=session, by=sipo_official, marks={mine.pk: Attendance.PRESENT, other.pk: Attendance.PARTLY}
    )
    path = url("countersign", session.pk)
    assert answers(client, personas, "get", path) == table(cas_coordinator=200)
    version = services.attendance_version(session, mine.party_id).sha256
    assert answers(client, personas, "post", path, {"version": version, "confirm": "on"}) == table(cas_coordinator=302)


def test_feedback_summary_is_for_trainers_and_organising_coordinators(client, personas, held):
    session, _ = held
    assert answers(client, personas, "get", url("feedback_summary", session.pk)) == table(
        sipo_official=200, sipo_coordinator=200
    )


def test_the_feedback_form_is_the_attendees_own(client, personas, signed):
    _session, mine, _certificate = signed
    assert answers(client, personas, "get", url("feedback", mine.pk)) == table(404, cas_official=200)


def test_the_certificate_is_for_its_holder_and_the_organising_partys_staff(client, personas, signed):
    _session, mine, _certificate = signed
    assert answers(client, personas, "get", url("certificate_pdf", mine.pk)) == table(
        404, cas_official=200, sipo_official=200, sipo_docadmin=200, sipo_coordinator=200
    )


def test_revoking_is_for_the_organising_partys_coordinator(client, personas, signed):
    _session, _mine, certificate = signed
    path = url("certificate_revoke", certificate.pk)
    assert answers(client, personas, "get", path) == table(sipo_coordinator=200)
    assert answers(client, personas, "post", path, {"reason": "Issued in error."}) == table(sipo_coordinator=302)


def test_figures_are_for_the_staff_of_both_parties(client, personas, held):
    assert answers(client, personas, "get", url("figures")) == table(200)


def test_verification_needs_no_sign_in(client, signed):
    _session, _mine, certificate = signed
    assert client.get(url("verify_form")).status_code == 200
    assert client.get(url("verify", certificate.code)).status_code == 200
    assert client.get(url("verify_form"), {"code": certificate.code}).status_code == 200


def test_pages_of_a_session_the_reader_may_not_see_answer_404(client, cas_coordinator, sipo_official):
    client.force_login(sipo_official)
    for name in ["attendance", "countersign", "feedback_summary"]:
        assert client.get(url(name, 999999)).status_code == 404
    assert client.get(url("certificate_pdf", 999999)).status_code == 404
    assert client.get(url("certificate_revoke", 999999)).status_code == 404


# Attendance.


def test_marking_attendance_on_the_page_stores_each_mark(client, held, sipo_official):
    session, (mine, other) = held
    client.force_login(sipo_official)
    response = client.post(url("attendance", session.pk), {f"mark_{mine.pk}": "present", f"mark_{other.pk}": "partly"})
    assert response.status_code == 302
    assert dict(Enrolment.objects.filter(session=session).values_list("pk", "attendance")) == {
        mine.pk: "present",
        other.pk: "partly",
    }
    page = client.get(url("attendance", session.pk)).content.decode()
    assert page.count("checked") == 2


def test_a_bad_mark_is_refused_and_nothing_stored(client, held, sipo_official):
    session, (mine, other) = held
    client.force_login(sipo_official)
    response = client.post(url("attendance", session.pk), {f"mark_{mine.pk}": "present", f"mark_{other.pk}": "late"})
    assert response.status_code == 200 and b"form-errors" in response.content
    assert set(Enrolment.objects.filter(session=session).values_list("attendance", flat=True)) == {""}


def test_the_attendance_page_costs_the_same_for_1_and_50_enrolees(client, make_session, cas_staff, sipo_official, cas):
    many = make_session(seats={cas.pk: 50})
    few = make_session(seats={cas.pk: 50})
    people = cas_staff(50)
    for person in people:
        services.enrolment_create(session=many, user=person)
    services.enrolment_create(session=few, user=people[0])
    client.force_login(sipo_official)
    counts = []
    with time_machine.travel(many.ends_at + timedelta(hours=1)):
        for session in (few, many):
            client.get(url("attendance", session.pk))  # warm the per-process caches
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url("attendance", session.pk)).status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[1]


def upload(content: bytes, name: str = "attendance.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_a_csv_with_bad_rows_lists_them_by_line_and_imports_nothing(client, held, sipo_official):
    session, _ = held
    client.force_login(sipo_official)
    content = "username,attendance\ncas_official,出席\nnobody,present\ncas_staff_0,late\n".encode()
    response = client.post(url("attendance_import", session.pk), {"file": upload(content)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "<td>3</td><td>“nobody” is not enrolled on this session.</td>" in page
    assert "<td>4</td>" in page and "“late” is not present, partly or absent" in page
    assert set(Enrolment.objects.filter(session=session).values_list("attendance", flat=True)) == {""}


def test_a_good_csv_with_a_bom_and_chinese_words_imports_every_row(client, held, sipo_official):
    session, (mine, other) = held
    client.force_login(sipo_official)
    other.user.email = "staff0@cas.example.cn"
    other.user.save()
    content = "\ufeffusername,attendance\r\ncas_official,部分出席\r\nSTAFF0@cas.example.cn,缺席\r\n".encode()
    response = client.post(url("attendance_import", session.pk), {"file": upload(content)})
    assert response.status_code == 302
    assert dict(Enrolment.objects.filter(session=session).values_list("pk", "attendance")) == {
        mine.pk: "partly",
        other.pk: "absent",
    }


def test_a_file_that_is_not_utf8_is_refused(client, held, sipo_official):
    session, _ = held
    client.force_login(sipo_official)
    content = "username,attendance\ncas_official,出席\n".encode("gbk")
    response = client.post(url("attendance_import", session.pk), {"file": upload(content)})
    assert response.status_code == 200 and "not UTF-8" in response.content.decode()
    assert set(Enrolment.objects.filter(session=session).values_list("attendance", flat=True)) == {""}


def test_a_locked_attendance_sends_the_trainer_back_to_the_session(client, signed, sipo_official):
    session, mine, _ = signed
    client.force_login(sipo_official)
    response = client.post(url("attendance", session.pk), {f"mark_{mine.pk}": "absent"})
    assert response.status_code == 303 and response["Location"] == session.get_absolute_url()
    assert Enrolment.objects.get(pk=mine.pk).attendance == "present"


# Countersigning.


def test_countersigning_needs_the_box_and_locks_the_attendance(client, held, sipo_official, cas_coordinator):
    session, (mine, other) = held
    services.attendance_mark(
        session=session, by=sipo_official, marks={mine.pk: Attendance.PRESENT, other.pk: Attendance.ABSENT}
    )
    client.force_login(cas_coordinator)
    page = client.get(url("countersign", session.pk)).content.decode()
    version = services.attendance_version(session, mine.party_id).sha256
    assert f'value="{version}"' in page and "Once signed the attendance is locked" in page
    response = client.post(url("countersign", session.pk), {"version": version})
    assert response.status_code == 200 and "Tick the box" in response.content.decode()
    session.refresh_from_db()
    assert session.attendance_locked_at is None
    assert client.post(url("countersign", session.pk), {"version": version, "confirm": "on"}).status_code == 302
    session.refresh_from_db()
    assert session.attendance_locked_at is not None


def test_a_countersignature_of_a_changed_list_is_sent_back(client, held, sipo_official, cas_coordinator):
    session, (mine, other) = held
    marks = {mine.pk: Attendance.PRESENT, other.pk: Attendance.ABSENT}
    services.attendance_mark(session=session, by=sipo_official, marks=marks)
    seen = services.attendance_version(session, mine.party_id).sha256
    services.attendance_mark(session=session, by=sipo_official, marks={other.pk: Attendance.PRESENT})
    client.force_login(cas_coordinator)
    response = client.post(url("countersign", session.pk), {"version": seen, "confirm": "on"})
    assert response.status_code == 303
    session.refresh_from_db()
    assert session.attendance_locked_at is None


# Certificates and their verification.


def test_revoking_needs_a_reason_and_then_the_code_verifies_as_revoked(client, signed, sipo_coordinator):
    _session, _mine, certificate = signed
    client.force_login(sipo_coordinator)
    response = client.post(url("certificate_revoke", certificate.pk), {"reason": "  "})
    assert response.status_code == 200 and "Say why the certificate is revoked." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.is_valid
    assert client.post(url("certificate_revoke", certificate.pk), {"reason": "Issued in error."}).status_code == 302
    client.logout()
    page = client.get(url("verify", certificate.code), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Revoked" in page and "This certificate was revoked on" in page
    assert "Issued in error" not in page


def test_verification_shows_only_name_course_date_party_and_validity(client, signed):
    _session, mine, certificate = signed
    response = client.get(url("verify", certificate.code), REMOTE_ADDR="192.0.2.7", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert '<meta name="robots" content="noindex">' in page
    assert "Li Ming" in page and "Patent examination practice" in page and "专利审查实务" in page
    assert "Valid" in page
    assert mine.user.username not in page and mine.user.email not in page
    assert list(Verification.objects.values_list("code", "certificate", "address")) == [
        (certificate.code, certificate.pk, "192.0.2.7")
    ]


def test_a_verification_enters_the_audit_trail_with_the_certificate(client, signed):
    _session, _mine, certificate = signed
    client.get(url("verify", certificate.code), REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="203.0.113.1")
    (entry,) = Entry.objects.filter(action=Action.CERTIFICATE_VERIFIED)
    assert (entry.content_type.model_class(), entry.object_id, entry.remote_addr) == (
        Certificate,
        certificate.pk,
        "192.0.2.7",
    )
    assert entry.additional_data == {"code": certificate.code, "found": True}


def test_a_wrong_code_says_no_such_certificate_and_nothing_else(client, signed):
    _session, _mine, certificate = signed
    good = client.get(url("verify", certificate.code))
    wrong = client.get(url("verify", certificate.code + "x"), REMOTE_ADDR="192.0.2.8", HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == 404
    page = wrong.content.decode()
    assert "No such certificate." in page
    for revealing in ("Li Ming", "专利审查实务", "Patent examination practice", "Valid", "Revoked"):
        assert revealing not in page
    assert wrong["X-Robots-Tag"] == good["X-Robots-Tag"] == "noindex, nofollow"
    assert Verification.objects.filter(certificate=None, address="192.0.2.8").count() == 1


def test_the_form_looks_the_code_up_and_logs_it(client, signed):
    _session, _mine, certificate = signed
    assert client.get(url("verify_form"), {"code": "nope"}).status_code == 404
    assert client.get(url("verify_form"), {"code": f" {certificate.code} "}).status_code == 200
    assert list(Verification.objects.order_by("pk").values_list("code", flat=True)) == ["nope", certificate.code]


def test_the_verification_page_follows_the_browsers_language(client, signed):
    _session, _mine, certificate = signed
    chinese = client.get(url("verify", certificate.code), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    english = client.get(url("verify", certificate.code), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in chinese and '<html lang="en">' in english
    # The course's title in the reader's language first.
    assert chinese.index("专利审查实务") < chinese.index("Patent examination practice")
    assert english.index("Patent examination practice") < english.index("专利审查实务")


# Feedback.


def test_feedback_is_given_once_and_summarised_without_names(client, signed, sipo_official, cas_official):
    session, mine, _ = signed
    client.force_login(cas_official)
    path = url("feedback", mine.pk)
    bad = client.post(path, once({"question_0": "5"}))
    assert bad.status_code == 200 and "Rate this from 1 to 5." in bad.content.decode()
    assert not Feedback.objects.exists()
    data = once({"question_0": "5", "question_1": "3", "comment": "讲得很好"})
    assert client.post(path, data).status_code == 302
    assert client.post(path, data).status_code == 302  # the same form again leads to the session
    assert Feedback.objects.get().ratings == {"Content": 5, "Trainer": 3}
    assert client.get(path).status_code == 303  # already given
    client.force_login(sipo_official)
    page = client.get(url("feedback_summary", session.pk)).content.decode()
    assert "讲得很好" in page and "5.0" in page and "3.0" in page
    assert "Li Ming" not in page


def test_feedback_before_the_session_ends_is_refused(client, session, cas_official, sipo_official):
    enrolment = services.enrolment_create(session=session, user=cas_official)
    with time_machine.travel(session.starts_at + timedelta(minutes=30)):
        services.attendance_mark(session=session, by=sipo_official, marks={enrolment.pk: Attendance.PRESENT})
        client.force_login(cas_official)
        assert client.get(url("feedback", enrolment.pk)).status_code == 303
    assert not Feedback.objects.exists()


def test_an_absentee_gives_no_feedback(client, signed, cas_staff):
    session, _mine, _ = signed
    absent = Enrolment.objects.get(session=session, attendance=Attendance.ABSENT)
    client.force_login(absent.user)
    assert client.get(url("feedback", absent.pk)).status_code == 403


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_speaks_the_readers_language(client, signed, sipo_coordinator, cas_official, language):
    session, mine, certificate = signed
    for person, path in [
        (sipo_coordinator, url("feedback_summary", session.pk)),
        (sipo_coordinator, url("certificate_revoke", certificate.pk)),
        (sipo_coordinator, url("figures")),
        (cas_official, url("feedback", mine.pk)),
    ]:
        person.preferred_language = language
        person.save(update_fields=["preferred_language"])
        client.force_login(person)
        response = client.get(path)
        assert response.status_code == 200 and f'<html lang="{language}">' in response.content.decode()
