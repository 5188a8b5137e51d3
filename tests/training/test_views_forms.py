"""The course and session forms, the nomination and the decision: what they store, and bad input on each
(a clear message beside the field, the page's one alert, nothing stored)."""

import re
from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperation.training import services
from cooperation.training.models import Course, Enrolment, Seats, TrainingSession
from tests.once import once
from tests.pages import messages_of

ALERT = "Please correct the fields marked below; nothing has been saved yet."
LOCAL = "%Y-%m-%dT%H:%M"


def errors(response) -> dict:
    assert response.status_code == 200
    return {name: list(errs) for name, errs in response.context["form"].errors.items()}


def local(moment) -> str:
    """As the datetime-local input sends it: the portal's time (Beijing), no zone."""
    return timezone.localtime(moment).strftime(LOCAL)


# Courses.


def course_post(**change) -> dict:
    return {
        "title": "专利检索与分析",
        "title_other": "Patent search and analysis",
        "description": "检索策略与分析方法。",
        "audience": "Examiners",
        "questions": "Content\n\n  Trainer  \n",
    } | change


def test_a_course_is_created_once_with_its_questions_one_per_line(client, cas_coordinator, cas):
    client.force_login(cas_coordinator)
    data = once(course_post(contact=cas_coordinator.pk))
    response = client.post(reverse("training:course_create"), data)
    course = Course.objects.get()
    assert response.status_code == 302 and response["Location"] == course.get_absolute_url()
    assert (course.organising_party, course.contact) == (cas, cas_coordinator)
    assert course.feedback_questions == ["Content", "Trainer"]
    again = client.post(reverse("training:course_create"), data)
    assert again["Location"] == course.get_absolute_url() and Course.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": ""}, "title", "Give the course a title."),
        ({"description": ""}, "description", "Say what the course teaches."),
        ({"questions": "Same\nSame"}, "questions", "Each question once: two lines say the same."),
        ({"questions": "\n".join(f"Q{n}" for n in range(21))}, "questions", "At most 20 questions."),
        ({"title": "x" * 201}, "title", "This can be at most 200 characters long; it has 201."),
    ],
)
def test_bad_course_input_is_refused_and_nothing_stored(client, cas_coordinator, change, field, message):
    client.force_login(cas_coordinator)
    response = client.post(reverse("training:course_create"), once(course_post(**change)))
    assert errors(response)[field] == [message]
    assert ALERT in response.text and not Course.objects.exists()


def test_the_contact_is_of_the_organising_party(client, cas_coordinator, sipo_official):
    client.force_login(cas_coordinator)
    response = client.post(reverse("training:course_create"), once(course_post(contact=sipo_official.pk)))
    assert "contact" in errors(response) and not Course.objects.exists()


def test_a_course_edit_saves_and_refuses_bad_input(client, course, sipo_coordinator):
    client.force_login(sipo_coordinator)
    url = reverse("training:course_edit", args=[course.pk])
    assert errors(client.post(url, course_post(title="")))["title"] == ["Give the course a title."]
    assert Course.objects.get().title == "专利审查实务"
    response = client.post(url, course_post(title="专利审查实务（进阶）", internal="on"))
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.title, course.internal) == ("专利审查实务（进阶）", True)
    assert course.feedback_questions == ["Content", "Trainer"]


# Sessions.


def session_post(cas, sipo, **change) -> dict:
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=14)
    return {
        "starts_at": local(starts),
        "ends_at": local(starts + timedelta(hours=3)),
        "location": "国知局培训中心",
        "enrolment_opens_at": local(timezone.now() - timedelta(hours=1)),
        "enrolment_closes_at": local(starts - timedelta(days=2)),
        f"seats_{cas.code.lower()}": "20",
        f"seats_{sipo.code.lower()}": "10",
        "needs_approval": "on",
    } | change


def test_a_session_is_scheduled_once_in_beijing_time_with_seats_per_party(
    client, course, sipo_coordinator, sipo_official, cas, sipo
):
    client.force_login(sipo_coordinator)
    url = reverse("training:session_create", args=[course.pk])
    page = client.get(url)
    assert "Beijing time" in page.text and "Seats for CAS" in page.text and "Seats for CNIPA" in page.text
    data = once(
        session_post(
            cas,
            sipo,
            starts_at="2031-05-12T09:30",
            ends_at="2031-05-12T12:00",
            enrolment_closes_at="2031-05-01T18:00",
            trainers=[sipo_official.pk],
            external_trainers="Prof. Zhou",
        )
    )
    response = client.post(url, data)
    session = TrainingSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    # 09:30 Beijing time is 01:30 UTC.
    assert session.starts_at.astimezone(UTC).strftime("%H:%M") == "01:30"
    assert dict(Seats.objects.values_list("party__code", "reserved")) == {"CAS": 20, "SIPO": 10}
    assert list(session.trainers.all()) == [sipo_official] and session.needs_approval
    assert client.post(url, data)["Location"] == session.get_absolute_url()
    assert TrainingSession.objects.count() == 1
    shown = client.get(session.get_absolute_url()).text
    assert "09:30" in shown and "Beijing time" in shown and "Prof. Zhou" in shown


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"ends_at": "2031-05-12T08:00", "starts_at": "2031-05-12T09:00", "enrolment_closes_at": "2031-05-01T00:00"},
            "ends_at",
            "The session must end after it starts.",
        ),
        (
            {"enrolment_closes_at": "2099-01-01T00:00"},
            "enrolment_closes_at",
            "Enrolment closes before the session starts.",
        ),
        ({"starts_at": "tomorrow"}, "starts_at", "Enter a valid date/time."),
        ({"starts_at": ""}, "starts_at", "Give the start."),
        ({"enrolment_opens_at": ""}, "enrolment_opens_at", "Say when enrolment opens."),
        ({"seats_cas": "0", "seats_sipo": "0"}, "seats_cas", "Reserve at least one seat, and no negative number."),
        ({"seats_sipo": "-1"}, "seats_sipo", "The number of seats cannot be negative."),
        ({"seats_cas": ""}, "seats_cas", "Give the number of seats (0 for none)."),
        ({"online_link": "not a link"}, "online_link", "Enter a valid URL."),
        (
            {"release_unused_at": "2099-01-01T00:00"},
            "release_unused_at",
            "Unused seats are released while enrolment is open: between its opening and its closing.",
        ),
    ],
)
def test_bad_session_input_is_refused_and_nothing_stored(
    client, course, sipo_coordinator, cas, sipo, change, field, message
):
    client.force_login(sipo_coordinator)
    response = client.post(
        reverse("training:session_create", args=[course.pk]), once(session_post(cas, sipo, **change))
    )
    assert errors(response)[field] == [message]
    assert ALERT in response.text and not TrainingSession.objects.exists()


def test_a_session_edit_saves_tells_the_enrolled_and_refuses_bad_input(
    client, session, sipo_coordinator, cas_official, cas, sipo
):
    services.enrolment_create(session=session, user=cas_official)
    client.force_login(sipo_coordinator)
    url = reverse("training:session_edit", args=[session.pk])
    page = client.get(url)
    assert page.context["form"]["seats_cas"].value() == 2
    bad = session_post(cas, sipo, seats_cas="x")
    assert errors(client.post(url, bad))["seats_cas"] == ["Enter a whole number."]
    session.refresh_from_db()
    assert session.sequence == 0
    response = client.post(url, session_post(cas, sipo, seats_cas="5", location="线上"))
    assert response.status_code == 302
    assert messages_of(response) == ["Changes saved. The enrolled have been told."]
    session.refresh_from_db()
    assert (session.location, session.sequence, session.seats.get(party=cas).reserved) == ("线上", 1, 5)


def test_a_session_is_cancelled_after_a_confirmation(client, session, sipo_coordinator):
    client.force_login(sipo_coordinator)
    url = reverse("training:session_cancel", args=[session.pk])
    assert "Cancel this session?" in client.get(url).text
    session.refresh_from_db()
    assert session.status == "scheduled"
    response = client.post(url)
    session.refresh_from_db()
    assert response["Location"] == session.get_absolute_url() and session.status == "cancelled"
    # Cancelled, it can be neither changed nor cancelled again: the reason, on the session's page.
    for name in ("session_edit", "session_cancel"):
        again = client.get(reverse(f"training:{name}", args=[session.pk]))
        assert again.status_code in (302, 303) and again["Location"] == session.get_absolute_url()
    assert "This session has been cancelled." in client.get(session.get_absolute_url()).text


# Nomination and decision.


def test_a_coordinator_nominates_staff_of_their_own_party_only(
    client, session, cas_coordinator, cas_official, sipo_official
):
    client.force_login(cas_coordinator)
    url = reverse("training:nominate", args=[session.pk])
    assert "person" in errors(client.post(url, once()))
    assert "person" in errors(client.post(url, once(person=sipo_official.pk)))
    assert not Enrolment.objects.exists()
    response = client.post(url, once(person=cas_official.pk))
    assert response["Location"] == session.get_absolute_url()
    enrolment = Enrolment.objects.get()
    assert (enrolment.user, enrolment.nominated_by, enrolment.status) == (cas_official, cas_coordinator, "enrolled")
    # Nominated again (a new form): the service's reason, nothing more stored.
    again = client.post(url, once(person=cas_official.pk))
    assert "Li Ming is already enrolled or on the waitlist." in again.text and Enrolment.objects.count() == 1


@pytest.fixture
def pending(make_session, cas_official):
    session = make_session(needs_approval=True)
    return services.enrolment_create(session=session, user=cas_official)


def test_a_decline_needs_a_comment(client, pending, cas_coordinator):
    client.force_login(cas_coordinator)
    url = reverse("training:enrolment_decide", args=[pending.pk])
    assert errors(client.post(url, {"comment": ""}))["decision"] == ["Approve or decline."]
    assert errors(client.post(url, {"decision": "decline", "comment": "  "}))["comment"] == [
        "Say why the enrolment is declined."
    ]
    assert errors(client.post(url, {"decision": "maybe"}))["decision"]
    pending.refresh_from_db()
    assert pending.status == "pending"
    response = client.post(url, {"decision": "decline", "comment": "Seats go to examiners first."})
    pending.refresh_from_db()
    assert response.status_code == 302
    assert (pending.status, pending.comment) == ("declined", "Seats go to examiners first.")
    assert messages_of(response) == ["Li Ming's enrolment is declined."]
    # Decided, it cannot be decided again: the reason, on the session's page.
    again = client.get(url)
    assert again.status_code in (302, 303)


def test_an_approval(client, pending, cas_coordinator):
    client.force_login(cas_coordinator)
    response = client.post(reverse("training:enrolment_decide", args=[pending.pk]), {"decision": "approve"})
    pending.refresh_from_db()
    assert response.status_code == 302 and pending.status == "enrolled" and pending.decided_by == cas_coordinator


def test_the_course_form_links_library_materials_and_the_page_shows_only_those_the_reader_may_see(
    client, make_document, cas_docadmin, cas_coordinator, sipo_official
):
    shared = make_document(title="Shared examination guide", confidentiality="shared")
    internal = make_document(title="CAS internal syllabus", confidentiality="internal")
    client.force_login(cas_coordinator)
    response = client.post(reverse("training:course_create"), once(course_post(materials=[shared.pk, internal.pk])))
    course = Course.objects.get()
    assert response.status_code == 302 and set(course.materials.all()) == {shared, internal}
    assert "CAS internal syllabus" in client.get(course.get_absolute_url()).text
    client.force_login(sipo_official)
    page = client.get(course.get_absolute_url()).text
    assert "Shared examination guide" in page and "CAS internal syllabus" not in page


@pytest.mark.parametrize("name", ["course_create", "session_create"])
def test_no_form_cuts_text_in_the_browser_and_every_text_field_states_its_limit(client, course, sipo_coordinator, name):
    client.force_login(sipo_coordinator)
    path = reverse(f"training:{name}", args=[course.pk] if name == "session_create" else [])
    page = client.get(path).text
    assert "maxlength" not in page
    fields = re.findall(r"<(?:input|textarea)\b[^>]*>", page)
    text_fields = [tag for tag in fields if re.search(r'type="text"|<textarea', tag)]
    assert text_fields and all("data-limit=" in tag for tag in text_fields)
