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


# The selectors behind these pages (make mutation: who reads which application and review, and what they join).


def test_each_person_reads_the_applications_that_are_theirs_their_teams_or_theirs_to_review_or_decide(
    call,
    project,
    apply,
    personas,
    cas_applicant,
    sipo_reviewer,
    sipo_coordinator,
    call_fields,
    django_assert_num_queries,
):
    from cooperation.projects import selectors, services

    cas_official, cas_docadmin, cas_coordinator = (
        personas[name] for name in ("cas_official", "cas_docadmin", "cas_coordinator")
    )
    submitted = apply(call, cas_official, team=[cas_applicant])
    draft = apply(call, cas_coordinator, submit=False, team=[cas_applicant])
    # Another call of the project, reviewed by sipo_reviewer alone.
    other_call = services.call_create(
        project=project, by=sipo_coordinator, fields=call_fields(reviewers=[sipo_reviewer])
    )
    other = apply(other_call, cas_docadmin)
    expected = {
        "cas_official": {submitted.pk},
        "cas_coordinator": {draft.pk},  # its own draft: the applicant's party's coordinator decides nothing
        "cas_docadmin": {other.pk},
        "sipo_official": {submitted.pk},  # a reviewer of the first call only
        "sipo_docadmin": set(),  # the organiser's staff, but no reviewer
        "sipo_coordinator": {submitted.pk, other.pk},
        "outsider": set(),
    }
    for username, pks in expected.items():
        assert set(selectors.applications_visible_to(personas[username]).values_list("pk", flat=True)) == pks, username
    # On the team of the submitted application, not of the draft.
    assert set(selectors.applications_visible_to(cas_applicant).values_list("pk", flat=True)) == {submitted.pk}
    assert selectors.application_visible_to(personas["sipo_official"], submitted.pk) == submitted
    with pytest.raises(Application.DoesNotExist):
        selectors.application_visible_to(personas["sipo_official"], other.pk)
    with django_assert_num_queries(1):
        (row,) = selectors.applications_visible_to(cas_official)
        assert (row.applicant.party.code, row.call.title, row.call.project.organising_party.code) == (
            "CAS",
            "征集专利分析专家",
            "SIPO",
        )


def test_the_reviews_are_read_by_the_organisers_coordinators_and_by_reviewers_who_submitted_theirs_in_order(
    application, apply, score, personas, sipo_reviewer, django_assert_num_queries
):
    from cooperation.projects import selectors

    # sipo_reviewer starts first and submits last: the order is that of submission.
    score(application, sipo_reviewer, (2, 3), submit=False)
    score(application, personas["sipo_official"], (4, 5))
    assert [r.reviewer.username for r in selectors.reviews_readable_by(personas["sipo_coordinator"], application)] == [
        "sipo_official"
    ]
    assert not selectors.reviews_readable_by(sipo_reviewer, application).exists()  # a draft of its own only
    score(application, sipo_reviewer, (2, 3))
    # Another application's review is not this one's.
    other = apply(application.call, personas["cas_docadmin"])
    score(other, personas["sipo_official"], (1, 1))
    readers = {"sipo_coordinator": True, "sipo_official": True, "cas_official": False, "cas_coordinator": False}
    readers |= {"sipo_docadmin": False, "outsider": False}
    for username, reads in readers.items():
        reviews = selectors.reviews_readable_by(personas[username], application)
        assert [r.reviewer.username for r in reviews] == (["sipo_official", "sipo_reviewer"] if reads else []), username
    # Whether the reviewer submitted theirs, the reviews, their scores with their criteria: three queries.
    with django_assert_num_queries(3):
        read = [
            (r.reviewer.username, r.reviewer.party.code, sorted((s.criterion.name, s.score) for s in r.scores.all()))
            for r in selectors.reviews_readable_by(sipo_reviewer, application)
        ]
    assert sorted(read) == [
        ("sipo_official", "SIPO", [("Availability", 5), ("Expertise", 4)]),
        ("sipo_reviewer", "SIPO", [("Availability", 3), ("Expertise", 2)]),
    ]


def test_projects_and_calls_come_with_their_organising_party_and_contact_and_stay_with_who_may_see_them(
    project, call, personas, project_fields, call_fields, django_assert_num_queries
):
    from cooperation.projects import selectors, services

    draft_project = services.project_create(
        by=personas["sipo_coordinator"], fields=project_fields(title="未发布", contact=personas["sipo_official"])
    )
    with django_assert_num_queries(1):
        rows = list(selectors.projects_visible_to(personas["cas_official"]))
        assert [(row.pk, row.organising_party.code) for row in rows] == [(project.pk, "SIPO")]
        assert {"search_text", "search_vector"} <= rows[0].get_deferred_fields()
    assert set(selectors.projects_visible_to(personas["sipo_docadmin"])) == {project, draft_project}
    assert not selectors.projects_visible_to(personas["outsider"]).exists()
    found = selectors.project_visible_to(personas["sipo_docadmin"], draft_project.pk)
    with django_assert_num_queries(0):
        assert (found.contact.username, found.contact.party.code) == ("sipo_official", "SIPO")
    with django_assert_num_queries(1):
        (row,) = selectors.calls_visible_to(personas["cas_official"])
        assert (row.pk, row.project.title, row.project.organising_party.code) == (call.pk, project.title, "SIPO")
    # A call of a project not yet published is its organisers' alone.
    hidden = services.call_create(project=draft_project, by=personas["sipo_coordinator"], fields=call_fields())
    assert set(selectors.calls_visible_to(personas["sipo_docadmin"])) == {call, hidden}
    assert set(selectors.calls_visible_to(personas["cas_coordinator"])) == {call}
