"""The lists of calls and applications: what each shows, and a cost that does not grow with the rows shown."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.projects import services
from cooperation.projects.models import Application
from protocol.language import datetime_in_words
from protocol.parties.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("english")


def queries_for(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.text


@pytest.fixture
def cas_staff(cas):
    def make(count):
        return [
            UserFactory(username=f"cas_applicant_{n}", full_name=f"CAS Applicant {n}", party=cas, roles=[Role.OFFICIAL])
            for n in range(count)
        ]

    return make


def test_open_calls_cost_the_same_for_1_and_50_calls_and_show_each_deadline(
    client, project, sipo_coordinator, call_fields, cas_official
):
    client.force_login(cas_official)
    url = reverse("projects:calls")
    services.call_create(project=project, by=sipo_coordinator, fields=call_fields(title="Call 0"))
    one, text = queries_for(client, url)
    assert "Call 0" in text
    for n in range(1, 50):
        services.call_create(project=project, by=sipo_coordinator, fields=call_fields(title=f"Call {n}"))
    fifty, text = queries_for(client, url)
    assert one == fifty
    assert "Call 24" in text and "Beijing time" in text


def test_my_applications_cost_the_same_for_1_and_50(
    client, project, sipo_coordinator, call_fields, cas_official, apply
):
    client.force_login(cas_official)
    url = reverse("projects:applications")
    calls = [
        services.call_create(project=project, by=sipo_coordinator, fields=call_fields(title=f"Call {n}"))
        for n in range(50)
    ]
    apply(calls[0], cas_official)
    one, text = queries_for(client, url)
    assert "Call 0" in text
    for call in calls[1:]:
        apply(call, cas_official, submit=False)
    fifty, text = queries_for(client, url)
    assert one == fifty
    assert "Call 49" in text


@pytest.mark.parametrize(("url_name", "reader"), [("to_review", "sipo_official"), ("to_decide", "sipo_coordinator")])
def test_applications_to_review_and_to_decide_cost_the_same_for_1_and_50(
    client, call, apply, cas_staff, personas, url_name, reader
):
    client.force_login(personas[reader])
    url = reverse(f"projects:{url_name}")
    applicants = cas_staff(50)
    apply(call, applicants[0])
    one, text = queries_for(client, url)
    assert "CAS Applicant 0" in text
    for person in applicants[1:]:
        apply(call, person)
    fifty, text = queries_for(client, url)
    assert one == fifty
    assert "CAS Applicant 24" in text


def test_to_decide_shows_the_average_of_the_submitted_reviews_only(
    client, call, application, score, sipo_official, sipo_reviewer, sipo_coordinator
):
    score(application, sipo_official, (5, 4))
    score(application, sipo_reviewer, (1, 1), submit=False)  # a draft does not count
    client.force_login(sipo_coordinator)
    _queries, text = queries_for(client, reverse("projects:to_decide"))
    assert "4.50" in text


def test_to_review_leaves_out_what_the_reader_has_reviewed(client, call, application, score, sipo_official):
    client.force_login(sipo_official)
    assert application.applicant.full_name in queries_for(client, reverse("projects:to_review"))[1]
    score(application, sipo_official)
    assert application.applicant.full_name not in queries_for(client, reverse("projects:to_review"))[1]


def test_the_apply_page_after_the_deadline_says_when_the_call_closed_and_stores_nothing(client, call, cas_applicant):
    client.force_login(cas_applicant)
    url = reverse("projects:apply", args=[call.pk])
    # (A form sent after the deadline is refused the same way: the browser journey sends one.)
    with time_machine.travel(call.closes_at + timedelta(seconds=1), tick=False):
        response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == call.get_absolute_url()
    assert datetime_in_words(call.closes_at) in response.text
    assert not Application.objects.filter(applicant=cas_applicant).exists()


def test_the_organisers_own_staff_are_told_they_cannot_apply(client, call, sipo_docadmin):
    client.force_login(sipo_docadmin)
    url = reverse("projects:apply", args=[call.pk])
    response = client.post(url, {"motivation": "m", "contribution": "c", "action": "submit"})
    assert response.status_code == 403
    assert "The organising party&#x27;s own staff cannot apply to its calls." in response.text
    assert not Application.objects.exists()
