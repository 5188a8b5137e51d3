"""Who may open and post every page of the training views (views.py): personas by URL → status, GET and POST.
A POST that is refused changes nothing."""

import pytest
from django.urls import reverse

from cooperation.training import services
from cooperation.training.models import Course, Enrolment, TrainingSession

PARTY = ["cas_official", "sipo_official", "cas_docadmin", "sipo_docadmin", "cas_coordinator", "sipo_coordinator"]
ORGANISERS = ["cas_official", "sipo_official", "cas_coordinator", "sipo_coordinator"]
SIPO_ORGANISERS = ["sipo_official", "sipo_coordinator"]
COORDINATORS = ["cas_coordinator", "sipo_coordinator"]


def allowed(people, *, code=200, denied=403, outsider=404) -> dict[str, int]:
    return {person: code if person in people else denied for person in PARTY} | {"outsider": outsider}


# (URL name, which record it names) → the answer to each persona's GET.
GETS = {
    ("list", None): allowed(PARTY, outsider=200),
    ("courses", None): allowed(PARTY, outsider=200),
    ("course_create", None): allowed(ORGANISERS, outsider=403),
    ("course", "course"): allowed(PARTY),
    ("course_edit", "course"): allowed(SIPO_ORGANISERS),
    ("session_create", "course"): allowed(SIPO_ORGANISERS),
    ("session", "session"): allowed(PARTY),
    ("session_edit", "session"): allowed(SIPO_ORGANISERS),
    ("session_cancel", "session"): allowed(SIPO_ORGANISERS),
    # Enrolling is a POST only.
    ("enrol", "session"): allowed([], denied=405, outsider=405),
    ("nominate", "session"): allowed(COORDINATORS),
    # A CAS colleague's enrolment waiting for approval: only CAS's coordinator withdraws it or decides on it.
    ("enrolment_cancel", "enrolment"): allowed(["cas_coordinator"]),
    ("enrolment_decide", "enrolment"): allowed(["cas_coordinator"]),
}

# The answer to each persona's POST of an empty form: 200 where the form comes back with its errors, 302 where
# the page's one action was done (a confirmation, enrolling).
POSTS = {
    ("course_create", None): allowed(ORGANISERS, outsider=403),
    ("course_edit", "course"): allowed(SIPO_ORGANISERS),
    ("session_create", "course"): allowed(SIPO_ORGANISERS),
    ("session_edit", "session"): allowed(SIPO_ORGANISERS),
    ("session_cancel", "session"): allowed(SIPO_ORGANISERS, code=302),
    ("enrol", "session"): allowed(PARTY, code=302),
    ("nominate", "session"): allowed(COORDINATORS),
    ("enrolment_cancel", "enrolment"): allowed(["cas_coordinator"], code=302),
    ("enrolment_decide", "enrolment"): allowed(["cas_coordinator"]),
}


@pytest.fixture
def records(make_session, cas_staff):
    """A SIPO session needing approval, and a CAS colleague's enrolment on it waiting for CAS's decision."""
    session = make_session(needs_approval=True)
    enrolment = services.enrolment_create(session=session, user=cas_staff(1)[0])
    assert enrolment.status == "pending"
    return {"course": session.course, "session": session, "enrolment": enrolment}


def url_of(name, record, records) -> str:
    return reverse(f"training:{name}", args=[records[record].pk] if record else [])


def state() -> tuple:
    return (
        list(Course.objects.values_list("pk", "title")),
        list(TrainingSession.objects.values_list("pk", "status", "sequence")),
        list(Enrolment.objects.values_list("pk", "user_id", "status")),
    )


def cases(table):
    return [
        pytest.param(name, record, persona, code, id=f"{name}-{persona}")
        for (name, record), answers in table.items()
        for persona, code in answers.items()
    ]


@pytest.mark.parametrize(("name", "record", "persona", "code"), cases(GETS))
def test_get(client, records, personas, name, record, persona, code):
    client.force_login(personas[persona])
    before = state()
    assert client.get(url_of(name, record, records)).status_code == code
    assert state() == before


@pytest.mark.parametrize(("name", "record", "persona", "code"), cases(POSTS))
def test_post(client, records, personas, name, record, persona, code):
    client.force_login(personas[persona])
    before = state()
    assert client.post(url_of(name, record, records), {}).status_code == code
    if code != 302:
        assert state() == before


@pytest.mark.parametrize(("name", "record"), list(GETS))
def test_anonymous_is_sent_to_sign_in(client, records, name, record):
    for method in (client.get, client.post):
        response = method(url_of(name, record, records))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_other_partys_internal_course_and_its_sessions_are_not_found(
    client, sipo_coordinator, make_session, personas, cas_staff
):
    course = services.course_create(
        by=sipo_coordinator, fields=services.CourseFields(title="SIPO only", description="Internal.", internal=True)
    )
    session = make_session()
    session.course = course  # the fixture's course is shared: move the session to the internal one
    session.save(update_fields=["course"])
    enrolment = services.enrolment_create(session=session, user=personas["sipo_official"])
    pages = [
        reverse("training:course", args=[course.pk]),
        reverse("training:course_edit", args=[course.pk]),
        reverse("training:session_create", args=[course.pk]),
        *(
            reverse(f"training:{name}", args=[session.pk])
            for name in ("session", "session_edit", "session_cancel", "nominate")
        ),
        reverse("training:enrolment_cancel", args=[enrolment.pk]),
        reverse("training:enrolment_decide", args=[enrolment.pk]),
    ]
    for persona in ("cas_official", "cas_docadmin", "cas_coordinator"):
        client.force_login(personas[persona])
        for page in pages:
            assert client.get(page).status_code == 404, (persona, page)
        assert client.post(reverse("training:enrol", args=[session.pk])).status_code == 404
        assert client.post(reverse("training:session_cancel", args=[session.pk])).status_code == 404
        listed = client.get(reverse("training:list")).context["page"].object_list
        assert session not in listed
    assert session.enrolments.count() == 1
    client.force_login(personas["sipo_docadmin"])
    assert client.get(reverse("training:session", args=[session.pk])).status_code == 200
