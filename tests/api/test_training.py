"""Training through the REST API: courses, sessions and one's enrolments as the pages list and show them, and
enrolling and cancelling through the pages' services."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from rest_framework.test import APIClient

from cooperation.training import services
from cooperation.training.models import Enrolment, EnrolmentStatus
from cooperation.training.services import CourseFields, SessionFields
from protocol.audit.models import Entry
from tests.api.helpers import API, error_of, ids, page_ids, queries_of, read_only_client

COURSES = f"{API}training/courses/"
SESSIONS = f"{API}training/sessions/"
ENROLMENTS = f"{API}training/enrolments/"


def make_course(by, *, internal=False, title="专利审查实务"):
    fields = CourseFields(title=title, description="Examination practice.", internal=internal)
    return services.course_create(by=by, fields=fields)


def make_session(course, by, parties, *, starts_in=timedelta(days=7)):
    starts = timezone.now().replace(microsecond=0) + starts_in
    fields = SessionFields(
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        enrolment_opens_at=starts - timedelta(days=8),
        enrolment_closes_at=starts - timedelta(days=1),
        seats={party.pk: 2 for party in parties},
        location="国知局培训中心",
    )
    return services.session_create(course=course, by=by, fields=fields)


@pytest.fixture
def course(sipo_coordinator):
    return make_course(sipo_coordinator)


@pytest.fixture
def session(course, sipo_coordinator, cas, sipo):
    return make_session(course, sipo_coordinator, [cas, sipo])


@pytest.fixture
def internal_session(sipo_coordinator, cas, sipo):
    course = make_course(sipo_coordinator, internal=True, title="SIPO only")
    return make_session(course, sipo_coordinator, [cas, sipo])


def stranger():
    """Signed in with no party: sees nothing (no token can be made for them)."""
    from tests.factories import UserFactory

    client = APIClient()
    client.force_authenticate(UserFactory(username="nobody", party=None))
    return client


# Reading.


def test_sessions_are_the_pages_for_each_scope_and_filter(
    api_as, client, cas_official, session, internal_session, sipo, course, sipo_coordinator, cas
):
    past = make_session(course, sipo_coordinator, [cas, sipo], starts_in=timedelta(days=-3))
    services.enrolment_create(session=session, user=cas_official)
    api = api_as(cas_official)
    for query in ("", "?scope=mine", "?scope=past", f"?party={sipo.pk}", "?scope=nonsense", "?q=审查", "?q=nothing"):
        assert ids(api.get(SESSIONS + query)) == page_ids(client, cas_official, "/training/" + query), query
    assert ids(api.get(SESSIONS)) == [session.pk]  # the other party's internal course's session is not there
    assert ids(api.get(SESSIONS + "?scope=past")) == [past.pk]
    (row,) = api.get(SESSIONS + "?scope=mine").json()["results"]
    assert row["my_status"] == EnrolmentStatus.ENROLLED
    assert row["course"]["title"] == "专利审查实务" and row["course"]["organising_party"] == "SIPO"
    assert {seats["party"]: seats["left"] for seats in row["seats"]} == {"CAS": 1, "SIPO": 2}
    assert row["seats_left"] == 3


def test_the_own_party_reads_its_internal_course_the_other_party_gets_404(
    api_as, cas_official, sipo_official, internal_session
):
    url = f"{SESSIONS}{internal_session.pk}/"
    assert api_as(sipo_official).get(url).json()["course"]["title"] == "SIPO only"
    assert api_as(cas_official).get(url).status_code == 404
    assert api_as(cas_official).get(f"{COURSES}{internal_session.course_id}/").status_code == 404
    assert stranger().get(f"{SESSIONS}").json()["results"] == []
    assert stranger().get(url).status_code == 404


def test_a_session_says_what_the_reader_may_do(api_as, cas_official, session):
    api = api_as(cas_official)
    before = api.get(f"{SESSIONS}{session.pk}/").json()
    assert before["my_enrolment"] is None
    assert before["actions"] == {"enrol": True, "cancel_mine": False, "nominate": False, "edit": False}
    enrolment = services.enrolment_create(session=session, user=cas_official)
    after = api.get(f"{SESSIONS}{session.pk}/").json()
    assert after["my_enrolment"]["id"] == enrolment.pk
    assert after["actions"]["enrol"] is False and after["actions"]["cancel_mine"] is True


def test_courses_are_the_pages(api_as, client, cas_official, course, internal_session, sipo, sipo_coordinator):
    api = api_as(cas_official)
    for query in ("", f"?party={sipo.pk}", "?q=审查实务", "?q=nothing"):
        assert ids(api.get(COURSES + query)) == page_ids(client, cas_official, "/training/courses/" + query)
    assert ids(api.get(COURSES)) == [course.pk]
    detail = api.get(f"{COURSES}{course.pk}/").json()
    assert detail["description"] == "Examination practice." and detail["sessions"] == []
    assert ids(api_as(sipo_coordinator).get(COURSES)) == [internal_session.course_id, course.pk]


def test_ones_own_enrolments_only(api_as, cas_official, cas_docadmin, session):
    mine = services.enrolment_create(session=session, user=cas_official)
    services.enrolment_create(session=session, user=cas_docadmin)
    api = api_as(cas_official)
    (row,) = api.get(ENROLMENTS).json()["results"]
    assert row["id"] == mine.pk and row["status"] == "enrolled" and row["can_cancel"] is True
    assert row["person"]["full_name"] == "Li Ming" and row["session"] == session.pk
    # A colleague's is not one of theirs to read here, whatever the party rule says.
    other = Enrolment.objects.get(user=cas_docadmin)
    assert api.get(f"{ENROLMENTS}{other.pk}/").status_code == 404


def test_details_answer_304_for_the_etag_held(api_as, cas_official, session, course):
    api = api_as(cas_official)
    enrolment = services.enrolment_create(session=session, user=cas_official)
    for url in (f"{SESSIONS}{session.pk}/", f"{COURSES}{course.pk}/", f"{ENROLMENTS}{enrolment.pk}/"):
        tag = api.get(url)["ETag"]
        assert api.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    # The session moved on for the reader (a seat fewer): the old tag is no longer current.
    tag = api.get(f"{SESSIONS}{session.pk}/")["ETag"]
    services.enrolment_cancel(enrolment=enrolment, by=cas_official)
    assert api.get(f"{SESSIONS}{session.pk}/", HTTP_IF_NONE_MATCH=tag).status_code == 200


@pytest.mark.parametrize("url", [SESSIONS, SESSIONS + "?scope=mine", COURSES, ENROLMENTS])
def test_a_list_costs_the_same_for_1_and_50_rows(api_as, settings, cas_official, sipo_coordinator, cas, sipo, url):
    settings.PAGE_SIZE = 50
    api = api_as(cas_official)

    def add_row():
        course = make_course(sipo_coordinator)
        session = make_session(course, sipo_coordinator, [cas, sipo])
        services.enrolment_create(session=session, user=cas_official)

    add_row()
    api.get(url)  # the first request fills caches (content types, the token's user) once per process
    one = queries_of(api, url, rows=1)
    for _ in range(49):
        add_row()
    assert queries_of(api, url, rows=50) == one


# Enrolling.


def test_enrolling_through_the_service_is_audited(api_as, cas_official, session):
    response = api_as(cas_official).post(f"{SESSIONS}{session.pk}/enrol/")
    assert response.status_code == 201, response.content
    enrolment = Enrolment.objects.get()
    assert response.json()["id"] == enrolment.pk and response.json()["status"] == "enrolled"
    assert (enrolment.user, enrolment.seat_of) == (cas_official, cas_official.party)
    entry = Entry.objects.get(content_type=ContentType.objects.get_for_model(Enrolment), object_pk=str(enrolment.pk))
    assert entry.actor == cas_official


def test_a_full_partys_enrolee_waits_with_their_place(api_as, cas_official, cas_docadmin, cas_coordinator, session):
    for person in (cas_docadmin, cas_coordinator):
        services.enrolment_create(session=session, user=person)
    body = api_as(cas_official).post(f"{SESSIONS}{session.pk}/enrol/").json()
    assert (body["status"], body["waitlist_position"]) == ("waitlisted", 1)


def test_enrolling_is_refused_with_the_reason_and_nothing_stored(api_as, cas_official, session):
    api = api_as(cas_official)
    with time_machine.travel(session.enrolment_closes_at + timedelta(minutes=1)):
        response = api.post(f"{SESSIONS}{session.pk}/enrol/")
    assert response.status_code == 400
    assert error_of(response)["fields"] == {"non_field_errors": ["Enrolment has closed."]}
    assert not Enrolment.objects.exists()
    api.post(f"{SESSIONS}{session.pk}/enrol/")
    twice = api.post(f"{SESSIONS}{session.pk}/enrol/")
    assert twice.status_code == 400
    assert error_of(twice)["fields"]["non_field_errors"] == ["Li Ming is already enrolled or on the waitlist."]
    assert Enrolment.objects.count() == 1


def test_enrolling_on_a_session_one_may_not_see_is_404(api_as, cas_official, internal_session):
    assert api_as(cas_official).post(f"{SESSIONS}{internal_session.pk}/enrol/").status_code == 404
    assert not Enrolment.objects.exists()


def test_a_read_only_token_neither_enrols_nor_cancels(cas_official, session):
    api = read_only_client(cas_official)
    response = api.post(f"{SESSIONS}{session.pk}/enrol/")
    assert response.status_code == 403 and "read-only" in error_of(response)["message"]
    assert not Enrolment.objects.exists()
    enrolment = services.enrolment_create(session=session, user=cas_official)
    assert api.post(f"{ENROLMENTS}{enrolment.pk}/cancel/").status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED


# Cancelling.


def test_cancelling_twice_is_409_the_second_time(api_as, cas_official, session):
    enrolment = services.enrolment_create(session=session, user=cas_official)
    api = api_as(cas_official)
    first = api.post(f"{ENROLMENTS}{enrolment.pk}/cancel/")
    assert first.status_code == 200 and first.json()["status"] == "cancelled"
    second = api.post(f"{ENROLMENTS}{enrolment.pk}/cancel/")
    assert second.status_code == 409
    assert error_of(second)["code"] == "conflict"
    assert "can no longer be cancelled" in error_of(second)["message"]
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.CANCELLED


def test_after_enrolment_closes_only_the_coordinator_withdraws(api_as, cas_official, cas_coordinator, session):
    enrolment = services.enrolment_create(session=session, user=cas_official)
    with time_machine.travel(session.enrolment_closes_at + timedelta(minutes=1)):
        own = api_as(cas_official).post(f"{ENROLMENTS}{enrolment.pk}/cancel/")
        assert own.status_code == 409 and "ask your party's coordinator" in error_of(own)["message"]
        withdrawn = api_as(cas_coordinator).post(f"{ENROLMENTS}{enrolment.pk}/cancel/")
        assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
        again = api_as(cas_coordinator).post(f"{ENROLMENTS}{enrolment.pk}/cancel/")
        assert again.status_code == 409


@pytest.mark.parametrize("who", ["cas_docadmin", "sipo_official", "sipo_coordinator"])
def test_who_sees_an_enrolment_but_may_not_cancel_it_is_refused(api_as, personas, cas_official, session, who):
    enrolment = services.enrolment_create(session=session, user=cas_official)
    response = api_as(personas[who]).post(f"{ENROLMENTS}{enrolment.pk}/cancel/")
    assert response.status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    # Cancelled since, it is still not theirs to cancel: 403, not "moved on".
    services.enrolment_cancel(enrolment=enrolment, by=cas_official)
    assert api_as(personas[who]).post(f"{ENROLMENTS}{enrolment.pk}/cancel/").status_code == 403


def test_cancelling_an_enrolment_one_may_not_see_is_404(api_as, sipo_official, cas_official, internal_session):
    enrolment = services.enrolment_create(session=internal_session, user=sipo_official)
    assert api_as(cas_official).post(f"{ENROLMENTS}{enrolment.pk}/cancel/").status_code == 404
    assert api_as(cas_official).post(f"{ENROLMENTS}999999/cancel/").status_code == 404


def test_a_cancel_sent_with_a_stale_etag_is_409(api_as, cas_official, cas_coordinator, session):
    enrolment = services.enrolment_create(session=session, user=cas_official)
    api = api_as(cas_official)
    tag = api.get(f"{ENROLMENTS}{enrolment.pk}/")["ETag"]
    services.enrolment_cancel(enrolment=enrolment, by=cas_coordinator)
    assert api.post(f"{ENROLMENTS}{enrolment.pk}/cancel/", HTTP_IF_MATCH=tag).status_code == 409


def test_an_enrolment_sent_with_the_etag_of_a_session_since_changed_is_409(api_as, cas_official, cas_docadmin, session):
    api = api_as(cas_official)
    tag = api.get(f"{SESSIONS}{session.pk}/")["ETag"]
    services.enrolment_create(session=session, user=cas_docadmin)  # a seat fewer since it was read
    response = api.post(f"{SESSIONS}{session.pk}/enrol/", HTTP_IF_MATCH=tag)
    assert response.status_code == 409
    assert not Enrolment.objects.filter(user=cas_official).exists()
    fresh = api.get(f"{SESSIONS}{session.pk}/")["ETag"]
    assert api.post(f"{SESSIONS}{session.pk}/enrol/", HTTP_IF_MATCH=fresh).status_code == 201
