"""The session lists (upcoming with seats left per party, mine with status and waitlist place, to approve,
past), their filters and search, empty states, phone cards, the course list, and what a page costs."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.training import services
from cooperation.training.services import CourseFields
from tests.pages import assert_stacks_on_a_phone, follow, list_tables

LIST = reverse("training:list")
COURSES = reverse("training:courses")


def listed(client, **params) -> list:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


@pytest.fixture
def sessions_a_day_apart(make_session):
    def make(count, **fields):
        return [make_session(starts_in=timedelta(days=7, hours=n), **fields) for n in range(count)]

    return make


def test_upcoming_shows_seats_left_per_party_and_waitlists(client, session, cas_staff, cas_official):
    for person in cas_staff(3):
        services.enrolment_create(session=session, user=person)
    client.force_login(cas_official)
    (row,) = listed(client)
    assert [(r.party.code, r.left, r.waiting) for r in row.seat_rows] == [("CAS", 0, 1), ("SIPO", 2, 0)]
    text = " ".join(client.get(LIST).text.split())
    assert "CAS: 0 of 2 left" in text and "1 waiting" in text and "CNIPA: 2 of 2 left" in text


def test_mine_shows_my_status_and_my_place_on_the_waitlist(client, make_session, cas_staff, cas_official, cas, sipo):
    full = make_session(seats={cas.pk: 1, sipo.pk: 2})
    other = make_session(starts_in=timedelta(days=9))
    make_session(starts_in=timedelta(days=10))  # not mine
    first, second = cas_staff(2)
    for person in (first, second, cas_official):
        services.enrolment_create(session=full, user=person)
    services.enrolment_create(session=other, user=cas_official)
    client.force_login(cas_official)
    rows = listed(client, scope="mine")
    assert [(s.pk, s.my_status, s.my_position) for s in rows] == [
        (other.pk, "enrolled", None),
        (full.pk, "waitlisted", 2),
    ]
    assert "number 2 on the waitlist" in client.get(LIST, {"scope": "mine"}).text
    # Cancelled, the session stays in "mine" with that status.
    services.enrolment_cancel(enrolment=other.enrolments.get(user=cas_official), by=cas_official)
    assert [s.my_status for s in listed(client, scope="mine")] == ["cancelled", "waitlisted"]


def test_to_approve_lists_the_coordinators_partys_pending_enrolments(
    client, make_session, cas_staff, cas_coordinator, sipo_coordinator, cas_official
):
    session = make_session(needs_approval=True)
    pending = services.enrolment_create(session=session, user=cas_staff(1)[0])
    client.force_login(cas_coordinator)
    assert listed(client, scope="approve") == [pending]
    assert reverse("training:enrolment_decide", args=[pending.pk]) in client.get(LIST, {"scope": "approve"}).text
    client.force_login(sipo_coordinator)
    assert listed(client, scope="approve") == []
    assert "No enrolment is waiting for your approval." in client.get(LIST, {"scope": "approve"}).text
    # Not a coordinator: no such tab, the upcoming sessions instead.
    client.force_login(cas_official)
    response = client.get(LIST, {"scope": "approve"})
    assert response.context["scope"] == "upcoming" and "To approve" not in response.text


def test_past_sessions_leave_the_upcoming_list(client, sessions_a_day_apart, cas_official):
    made = sessions_a_day_apart(2)
    client.force_login(cas_official)
    assert listed(client, scope="past") == []
    with time_machine.travel(made[0].ends_at + timedelta(minutes=30)):
        assert listed(client) == [made[1]]
        assert listed(client, scope="past") == [made[0]]


def test_filters_by_organising_party_year_and_topic(
    client, session, cas_coordinator, cas, sipo, cas_official, make_session
):
    cas_course = services.course_create(
        by=cas_coordinator,
        fields=CourseFields(title="科研院所知识产权管理", title_other="IP management", description="For institutes."),
    )
    starts = timezone.now().replace(microsecond=0) + timedelta(days=20)
    cas_session = services.session_create(
        course=cas_course,
        by=cas_coordinator,
        fields=services.SessionFields(
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            enrolment_opens_at=timezone.now(),
            enrolment_closes_at=starts - timedelta(days=1),
            seats={cas.pk: 5, sipo.pk: 5},
        ),
    )
    client.force_login(cas_official)
    assert listed(client, party=cas.pk) == [cas_session]
    assert listed(client, party=sipo.pk) == [session]
    assert listed(client, q="知识产权") == [cas_session]
    assert listed(client, q="examination") == [session]
    year = timezone.localtime(session.starts_at).year
    assert set(listed(client, year=year)) >= {session}
    assert listed(client, year=year - 1) == []
    response = client.get(LIST, {"q": "没有这样的课程"})
    assert "Nothing matches these filters." in response.text


def test_empty_states_say_nothing_yet(client, cas_official):
    client.force_login(cas_official)
    assert "No session is scheduled." in client.get(LIST).text
    assert "You have not enrolled on any session yet." in client.get(LIST, {"scope": "mine"}).text
    assert "No session has been held yet." in client.get(LIST, {"scope": "past"}).text
    assert "No courses yet." in client.get(COURSES).text


def test_the_lists_stack_into_cards_on_a_phone(client, session, cas_official, cas_coordinator, make_session, cas_staff):
    services.enrolment_create(session=session, user=cas_official)
    pending = make_session(needs_approval=True, starts_in=timedelta(days=8))
    services.enrolment_create(session=pending, user=cas_staff(1)[0])
    client.force_login(cas_official)
    for params in ({}, {"scope": "mine"}):
        (table,) = list_tables(client.get(LIST, params))
        assert_stacks_on_a_phone(table)
    (table,) = list_tables(client.get(COURSES))
    assert_stacks_on_a_phone(table)
    client.force_login(cas_coordinator)
    (table,) = list_tables(client.get(LIST, {"scope": "approve"}))
    assert_stacks_on_a_phone(table)


def test_pages_run_forward_in_time_by_keyset(client, sessions_a_day_apart, cas_official, settings):
    settings.PAGE_SIZE = 2
    made = sessions_a_day_apart(3)
    client.force_login(cas_official)
    first = client.get(LIST)
    assert list(first.context["page"].object_list) == made[:2]
    assert list(follow(client, first, "next").context["page"].object_list) == made[2:]


def test_the_course_list_filters_and_searches(client, course, cas_coordinator, cas, cas_official):
    other = services.course_create(by=cas_coordinator, fields=CourseFields(title="专利检索", description="检索分析"))
    client.force_login(cas_official)
    assert list(client.get(COURSES).context["page"].object_list) == [other, course]
    assert list(client.get(COURSES, {"party": cas.pk}).context["page"].object_list) == [other]
    assert list(client.get(COURSES, {"q": "Patent examination"}).context["page"].object_list) == [course]
    assert "No course matches these filters." in client.get(COURSES, {"q": "zzz"}).text


# What a page costs: the same with 1 and with 50 rows.


def test_upcoming_costs_the_same_for_1_and_50_sessions(client, sessions_a_day_apart, cas_staff, cas_official):
    people = cas_staff(3)

    def fill(sessions):
        for session in sessions:
            for person in people:
                services.enrolment_create(session=session, user=person)

    fill(sessions_a_day_apart(1))
    client.force_login(cas_official)
    one, one_found = queries(client, LIST), queries(client, LIST, {"q": "专利"})
    fill(sessions_a_day_apart(49))
    assert len(listed(client)) == 25
    assert (queries(client, LIST), queries(client, LIST, {"q": "专利"})) == (one, one_found)


def test_mine_costs_the_same_for_1_and_50_enrolments(client, make_session, cas_official, cas, sipo):
    def make(count, offset):
        for n in range(count):
            # Every other session has no CAS seat left: cas_official waits there, with a place to show.
            seats = {cas.pk: 0 if n % 2 else 2, sipo.pk: 2}
            session = make_session(starts_in=timedelta(days=7, hours=offset + n), seats=seats)
            services.enrolment_create(session=session, user=cas_official)

    make(2, 0)
    client.force_login(cas_official)
    few = queries(client, LIST, {"scope": "mine"})
    make(48, 2)
    assert queries(client, LIST, {"scope": "mine"}) == few


def test_to_approve_costs_the_same_for_1_and_50_enrolments(client, make_session, cas_staff, cas_coordinator):
    people = cas_staff(50)
    session = make_session(needs_approval=True, seats={cas_coordinator.party_id: 60})
    services.enrolment_create(session=session, user=people[0])
    client.force_login(cas_coordinator)
    one = queries(client, LIST, {"scope": "approve"})
    for person in people[1:]:
        services.enrolment_create(session=session, user=person)
    assert len(listed(client, scope="approve")) == 25
    assert queries(client, LIST, {"scope": "approve"}) == one


def test_past_and_courses_cost_the_same_for_1_and_50(client, sessions_a_day_apart, cas_official, sipo_coordinator):
    sessions_a_day_apart(1)
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        client.force_login(cas_official)  # a month idle would have signed anyone out
        one = queries(client, LIST, {"scope": "past"}), queries(client, COURSES)
    sessions_a_day_apart(49)
    for n in range(49):
        services.course_create(by=sipo_coordinator, fields=CourseFields(title=f"Course {n}", description="."))
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        client.force_login(cas_official)
        assert (queries(client, LIST, {"scope": "past"}), queries(client, COURSES)) == one
