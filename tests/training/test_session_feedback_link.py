"""The session page leads an attendee to the feedback form once the session is over, and only until they gave it;
after the attendance is locked nobody is told to ask for a withdrawal."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils.translation import override

from cooperation.training import services
from cooperation.training.models import Attendance


def test_the_feedback_link_is_for_an_attendee_after_the_session_until_they_gave_it(
    client, session, cas_staff, sipo_official, cas_coordinator
):
    present, absent = (services.enrolment_create(session=session, user=person) for person in cas_staff(2))
    feedback_url = reverse("training:feedback", args=[present.pk])
    with time_machine.travel(session.starts_at + timedelta(minutes=30)):
        marks = {present.pk: Attendance.PRESENT, absent.pk: Attendance.ABSENT}
        services.attendance_mark(session=session, by=sipo_official, marks=marks)
        client.force_login(present.user)
        assert feedback_url not in client.get(session.get_absolute_url()).text  # not before the end
    with time_machine.travel(session.ends_at + timedelta(hours=1)), override("en"):
        seen = services.attendance_version(session, present.party_id).sha256
        services.attendance_countersign(session=session, by=cas_coordinator, version=seen)
        page = client.get(session.get_absolute_url()).text
        assert feedback_url in page
        assert "ask your party's coordinator to withdraw you" not in page
        client.force_login(absent.user)
        assert reverse("training:feedback", args=[absent.pk]) not in client.get(session.get_absolute_url()).text
        services.feedback_give(enrolment=present, by=present.user, ratings={"Content": 4, "Trainer": 5})
        client.force_login(present.user)
        assert feedback_url not in client.get(session.get_absolute_url()).text
