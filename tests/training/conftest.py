"""Training courses and sessions for the tests, made through the services as their users would."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cooperation.training import services
from cooperation.training.services import CourseFields, SessionFields
from protocol.parties.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def course(sipo_coordinator):
    """A SIPO course shared with CAS, with two feedback questions."""
    return services.course_create(
        by=sipo_coordinator,
        fields=CourseFields(
            title="专利审查实务",
            title_other="Patent examination practice",
            description="Examination practice for research institutes.",
            feedback_questions=["Content", "Trainer"],
        ),
    )


@pytest.fixture
def make_session(course, sipo_coordinator, sipo_official, cas, sipo):
    """A session a week ahead, enrolment open since yesterday until the day before; 2 seats per party."""

    def make(*, seats=None, starts_in=timedelta(days=7), **overrides):
        starts = timezone.now().replace(microsecond=0) + starts_in
        fields = {
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=3),
            "enrolment_opens_at": timezone.now() - timedelta(days=1),
            "enrolment_closes_at": starts - timedelta(days=1),
            "seats": seats or {cas.pk: 2, sipo.pk: 2},
            "location": "国知局培训中心",
            "trainers": [sipo_official],
        }
        return services.session_create(course=course, by=sipo_coordinator, fields=SessionFields(**(fields | overrides)))

    return make


@pytest.fixture
def session(make_session):
    return make_session()


@pytest.fixture
def cas_staff(cas):
    """CAS officials beyond the personas, for filling seats: cas_staff(3) → three of them."""

    def make(count):
        return [
            UserFactory(username=f"cas_staff_{n}", full_name=f"CAS Staff {n}", party=cas, roles=[Role.OFFICIAL])
            for n in range(count)
        ]

    return make
