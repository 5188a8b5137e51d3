"""Who may open and post every page of calls, applications, reviews and decisions (views_calls.py): each
persona's answer, GET and POST. A refused POST changes nothing; the other party gets 404 for applications not
theirs and for reviews."""

import pytest
from django.urls import reverse

from cooperation.projects.models import Application, Call, Criterion, Review, Score
from tests.permission_tables import answers, table

# The record: SIPO's call, reviewed by sipo_official (and sipo_reviewer), and cas_official's submitted
# application to it. CAS's other staff are eligible to apply; SIPO's own staff are not.
EVERYONE = table(200, outsider=200)
STAFF = table(200)
SIPO_ORGANISERS = table(sipo_official=200, sipo_coordinator=200)
APPLICANT_ONLY = table(404, cas_official=200, sipo_official=403, sipo_coordinator=403)

# (URL name, which record it names) → each persona's answer to a GET.
GETS = {
    ("calls", None): EVERYONE,
    ("call_create", "project"): SIPO_ORGANISERS,
    ("call", "call"): STAFF,
    ("call_edit", "call"): SIPO_ORGANISERS,
    # cas_official has applied: led to the application. SIPO's staff are told they may not apply.
    ("apply", "call"): table(200, cas_official=302, sipo_official=403, sipo_docadmin=403, sipo_coordinator=403),
    ("applications", None): EVERYONE,
    ("to_review", None): EVERYONE,
    ("to_decide", None): table(403, cas_coordinator=200, sipo_coordinator=200, outsider=403),
    ("application", "application"): table(404, cas_official=200, sipo_official=200, sipo_coordinator=200),
    ("application_edit", "application"): APPLICANT_ONLY,
    ("application_withdraw", "application"): APPLICANT_ONLY,
    # The applicant's party never learns of reviews; the organiser's coordinator is not a reviewer of this call.
    ("review", "application"): table(404, sipo_official=200, sipo_coordinator=403),
    ("decide", "application"): table(404, sipo_official=403, sipo_coordinator=200),
}

# Each persona's answer to a POST of an empty form: 200 where the form comes back with its errors, 302 where
# the page's one action was done (withdrawing; a review kept as an empty draft) or the applicant is led on.
POSTS = {
    ("call_create", "project"): SIPO_ORGANISERS,
    ("call_edit", "call"): SIPO_ORGANISERS,
    ("apply", "call"): table(200, cas_official=302, sipo_official=403, sipo_docadmin=403, sipo_coordinator=403),
    ("application_edit", "application"): APPLICANT_ONLY,
    ("application_withdraw", "application"): table(404, cas_official=302, sipo_official=403, sipo_coordinator=403),
    ("review", "application"): table(404, sipo_official=302, sipo_coordinator=403),
    ("decide", "application"): table(404, sipo_official=403, sipo_coordinator=200),
}


@pytest.fixture
def records(call, application):
    return {"project": call.project, "call": call, "application": application}


def url_of(name, record, records) -> str:
    return reverse(f"projects:{name}", args=[records[record].pk] if record else [])


def state() -> tuple:
    return (
        list(Call.objects.values_list("pk", "title", "places")),
        list(Criterion.objects.values_list("pk", "name")),
        list(Application.objects.values_list("pk", "status", "motivation")),
        list(Review.objects.values_list("pk", "submitted_at")),
        list(Score.objects.values_list("pk", "score")),
    )


@pytest.mark.parametrize(("name", "record"), list(GETS))
def test_get(client, records, personas, name, record):
    before = state()
    assert answers(client, personas, "get", url_of(name, record, records)) == GETS[(name, record)]
    assert state() == before


@pytest.mark.parametrize(("name", "record"), list(POSTS))
def test_post(client, records, personas, name, record):
    before = state()
    assert answers(client, personas, "post", url_of(name, record, records)) == POSTS[(name, record)]
    assert state() == before  # every POST is rolled back; the refused ones changed nothing to begin with


@pytest.mark.parametrize(("name", "record"), list(GETS))
def test_a_refused_post_changes_nothing(client, records, personas, name, record):
    expected = POSTS.get((name, record))
    if expected is None:
        pytest.skip("a page without a form")
    url = url_of(name, record, records)
    for persona, code in expected.items():
        if code in (403, 404):
            client.force_login(personas[persona])
            before = state()
            assert client.post(url, {"motivation": "x", "places": "9", "decision": "accepted"}).status_code == code
            assert state() == before, persona


@pytest.mark.parametrize(("name", "record"), list(GETS))
def test_anonymous_is_sent_to_sign_in(client, records, name, record):
    for method in (client.get, client.post):
        response = method(url_of(name, record, records))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_unpublished_projects_calls_are_the_organisers_alone(
    client, draft_project, sipo_coordinator, call_fields, personas
):
    from cooperation.projects import services

    call = services.call_create(project=draft_project, by=sipo_coordinator, fields=call_fields())
    for persona in ("cas_official", "cas_docadmin", "cas_coordinator"):
        client.force_login(personas[persona])
        for name in ("call", "call_edit", "apply"):
            assert client.get(reverse(f"projects:{name}", args=[call.pk])).status_code == 404, (persona, name)
        assert client.get(reverse("projects:call_create", args=[draft_project.pk])).status_code == 404
        assert call not in client.get(reverse("projects:calls")).context["page"].object_list
    client.force_login(personas["sipo_docadmin"])
    assert client.get(reverse("projects:call", args=[call.pk])).status_code == 200
