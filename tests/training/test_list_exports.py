"""The training lists exported: courses, sessions (upcoming, past), my enrolments, and a coordinator's
enrolments to approve, as their pages list them."""

from datetime import timedelta

import pytest
from django.urls import reverse

from cooperation.training import services
from cooperation.training.services import CourseFields
from tests.exports.contract import answers_as_the_page, costs_the_same, is_the_page
from tests.exports.reading import CHINESE, ENGLISH, column, reads, table
from tests.permission_tables import table as table_of

LIST = reverse("training:list")
COURSES = reverse("training:courses")


@pytest.fixture
def sipo_internal_course(sipo_coordinator):
    return services.course_create(
        by=sipo_coordinator, fields=CourseFields(title="国知局内部培训", description="内部", internal=True)
    )


def test_courses_export_as_listed_without_the_other_partys_internal_course(
    client, cas_official, course, sipo_internal_course
):
    client.force_login(reads(cas_official, ENGLISH))
    rows = is_the_page(client, COURSES, header="Course", key=lambda c: c.titles.first)
    assert column(rows, "Course") == ["Patent examination practice"]
    assert column(rows, "Organising party") == ["CNIPA"]


def test_upcoming_sessions_export_with_their_seats_left(client, cas_official, make_session, cas, sipo):
    make_session(seats={cas.pk: 2, sipo.pk: 3})
    client.force_login(reads(cas_official, ENGLISH))
    rows = is_the_page(client, LIST, header="Course", key=lambda s: s.course.titles.first)
    assert column(rows, "Seats left") == ["5"]
    assert is_the_page(client, LIST, header="Course", key=str, query={"scope": "past"})[1:] == []


def test_my_enrolments_export_my_status_and_place_on_the_waitlist(
    client, make_session, cas_official, cas_staff, cas, sipo
):
    full = make_session(seats={cas.pk: 1, sipo.pk: 0})
    services.enrolment_create(session=full, user=cas_staff(1)[0])
    services.enrolment_create(session=full, user=cas_official)
    client.force_login(reads(cas_official, ENGLISH))
    rows = is_the_page(client, LIST, header="Course", key=lambda s: s.course.titles.first, query={"scope": "mine"})
    assert column(rows, "My enrolment") == ["On the waitlist"] and column(rows, "Waitlist position") == ["1"]


def test_a_coordinator_exports_the_enrolments_to_approve_in_chinese(
    client, make_session, cas_staff, cas_coordinator, sipo_coordinator
):
    session = make_session(needs_approval=True)
    person = cas_staff(1)[0]
    services.enrolment_create(session=session, user=person)
    client.force_login(reads(cas_coordinator, CHINESE))
    rows = is_the_page(client, LIST, header="人员", key=lambda e: e.user.full_name, query={"scope": "approve"})
    assert column(rows, "人员") == [person.full_name] and column(rows, "主办单位") == ["国知局"]
    # The other party's coordinator has nothing of CAS's to approve; the scope is not theirs to ask for.
    client.force_login(sipo_coordinator)
    assert table(client, LIST, "csv", scope="approve")[1:] == []


def test_headers_in_either_language(client, cas_official, session):
    client.force_login(reads(cas_official, CHINESE))
    assert "剩余名额" in table(client, LIST, "xlsx")[0]
    client.force_login(reads(cas_official, ENGLISH))
    assert "Seats left" in table(client, LIST, "xlsx")[0]


def test_a_sessions_export_costs_the_same_for_1_and_4(client, cas_official, make_session):
    make_session()
    client.force_login(cas_official)
    costs_the_same(client, LIST, lambda: [make_session(starts_in=timedelta(days=8 + n)) for n in range(3)])


def test_an_approvals_export_costs_the_same_for_1_and_4(client, make_session, cas_staff, cas_coordinator):
    people = cas_staff(4)
    session = make_session(needs_approval=True, seats={cas_coordinator.party_id: 10})
    services.enrolment_create(session=session, user=people[0])
    client.force_login(cas_coordinator)
    costs_the_same(
        client,
        LIST,
        lambda: [services.enrolment_create(session=session, user=person) for person in people[1:]],
        query={"scope": "approve"},
    )


@pytest.mark.parametrize("path", [LIST, COURSES])
def test_who_may_export_is_who_may_see_the_list(client, personas, session, path):
    assert answers_as_the_page(client, personas, path)["cas_official"] == 200


def test_who_may_export_the_enrolments_to_approve_is_who_may_see_them(client, personas, session, cas_official):
    # Anyone but a coordinator asking for this scope gets the upcoming sessions, and their export.
    services.enrolment_create(session=session, user=cas_official)
    assert answers_as_the_page(client, personas, LIST, {"scope": "approve"}) == table_of(default=200, outsider=200)
