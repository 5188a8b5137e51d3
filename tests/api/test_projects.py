"""Project support through the REST API: IP projects with the list page's filters and the project's page, and
calls for participation as their list and page show them, to whom the pages show them."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from cooperation.projects import services
from cooperation.projects.models import ProjectStatus, ProjectType
from cooperation.projects.services import ApplicationFields, CallFields, IndicatorRow, ProjectFields
from tests.api.helpers import API, error_of, ids, page_ids, queries_of, read_only_client

PROJECTS = f"{API}projects/projects/"
CALLS = f"{API}projects/calls/"


def make_project(by, *, title="专利导航：新能源汽车", publish=True, kind=ProjectType.PATENT_NAVIGATION):
    today = timezone.localdate()
    fields = ProjectFields(
        title=title,
        project_type=kind,
        description="A patent navigation of the new-energy vehicle industry.",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
        indicators=[IndicatorRow(name="Patent families analysed", baseline=Decimal(0), target=Decimal(5000))],
    )
    project = services.project_create(by=by, fields=fields)
    if publish:
        project = services.project_publish(project=project, by=by)
        project = services.project_advance(project=project, by=by, to=ProjectStatus.OPEN)
    return project


def make_call(project, by, reviewers, *, title="征集专利分析专家", closes_in=timedelta(days=10)):
    now = timezone.now().replace(microsecond=0)
    fields = CallFields(
        title=title,
        description="Experts in battery patents.",
        places=2,
        opens_at=now - timedelta(days=1),
        closes_at=now + closes_in,
        sought=["experts", "analysis"],
        reviewers=reviewers,
        criteria=["Expertise", "Availability"],
    )
    return services.call_create(project=project, by=by, fields=fields)


@pytest.fixture
def published(sipo_coordinator):
    return make_project(sipo_coordinator)


@pytest.fixture
def unpublished(sipo_coordinator):
    return make_project(sipo_coordinator, title="SIPO not yet published", publish=False, kind=ProjectType.OTHER)


@pytest.fixture
def call(published, sipo_coordinator, sipo_official):
    return make_call(published, sipo_coordinator, [sipo_official])


@pytest.fixture
def unpublished_call(unpublished, sipo_coordinator, sipo_official):
    return make_call(unpublished, sipo_coordinator, [sipo_official], title="Not yet")


# Projects.


def test_the_list_is_the_pages_for_each_filter(api_as, client, personas, sipo, published, unpublished):
    queries = ["", f"?party={sipo.pk}", "?status=open", "?project_type=other", f"?year={timezone.localdate().year}"]
    queries += ["?q=新能源汽车", "?q=published", "?q=nothing"]
    apis = {who: api_as(personas[who]) for who in ("cas_official", "sipo_official", "sipo_coordinator")}
    for who, api in apis.items():
        for query in queries:
            assert ids(api.get(PROJECTS + query)) == page_ids(client, personas[who], "/projects/" + query), (who, query)
    assert ids(apis["cas_official"].get(PROJECTS)) == [published.pk]
    assert set(ids(apis["sipo_official"].get(PROJECTS))) == {published.pk, unpublished.pk}


@pytest.mark.parametrize(
    ("who", "status"),
    [("sipo_official", 200), ("sipo_coordinator", 200), ("cas_official", 404), ("cas_coordinator", 404)],
)
def test_an_unpublished_project_is_the_organisers_alone(api_as, personas, unpublished, who, status):
    response = api_as(personas[who]).get(f"{PROJECTS}{unpublished.pk}/")
    assert response.status_code == status
    if status == 404:
        assert "not yet published" not in response.content.decode()


def test_a_project_with_its_indicators_calls_and_what_the_reader_may_do(
    api_as, cas_official, sipo_coordinator, published, call
):
    services.indicator_report(
        indicator=published.indicators.get(), by=sipo_coordinator, period_end=timezone.localdate(),
        value=Decimal(1250), note="",
    )  # fmt: skip
    body = api_as(cas_official).get(f"{PROJECTS}{published.pk}/").json()
    assert (body["title"], body["organising_party"], body["status"], body["published"]) == (
        "专利导航：新能源汽车",
        "SIPO",
        "open",
        True,
    )
    (indicator,) = body["indicators"]
    assert (indicator["name"], indicator["actual"], indicator["percent"]) == ("Patent families analysed", "1250.00", 25)
    assert [c["id"] for c in body["calls"]] == [call.pk]
    assert body["participants"] == []
    assert body["actions"] == {
        "edit": False,
        "publish": False,
        "advance": False,
        "add_call": False,
        "report_results": False,
    }
    assert api_as(sipo_coordinator).get(f"{PROJECTS}{published.pk}/").json()["actions"]["advance"] is True


def test_a_bad_filter_is_400(api_as, cas_official, published):
    response = api_as(cas_official).get(PROJECTS + "?project_type=rocketry")
    assert response.status_code == 400 and list(error_of(response)["fields"]) == ["project_type"]


def test_projects_and_calls_are_read_only(api_as, cas_official, published, call):
    for url in (PROJECTS, CALLS):
        assert api_as(cas_official).post(url, {"title": "New"}, format="json").status_code == 405
        assert read_only_client(cas_official).post(url, {"title": "New"}, format="json").status_code == 403


def test_details_answer_304_for_the_etag_held(api_as, cas_official, published, call):
    api = api_as(cas_official)
    for url in (f"{PROJECTS}{published.pk}/", f"{CALLS}{call.pk}/"):
        tag = api.get(url)["ETag"]
        assert api.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
        assert api.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_the_project_list_costs_the_same_for_1_and_50_rows(api_as, settings, cas_official, sipo_coordinator):
    settings.PAGE_SIZE = 50
    api = api_as(cas_official)
    make_project(sipo_coordinator)
    api.get(PROJECTS)  # the first request fills caches once per process
    one = queries_of(api, PROJECTS, rows=1)
    for n in range(49):
        make_project(sipo_coordinator, title=f"Project {n}")
    assert queries_of(api, PROJECTS, rows=50) == one


# Calls.


def test_the_open_calls_are_the_pages(api_as, client, cas_official, sipo_official, call, unpublished_call, published):
    soon = make_call(published, published.created_by, [], title="Closing soon", closes_in=timedelta(days=1))
    with time_machine.travel(timezone.now() - timedelta(days=20)):
        closed = make_call(published, published.created_by, [], title="Closed")
    for who in (cas_official, sipo_official):
        assert ids(api_as(who).get(CALLS)) == page_ids(client, who, "/projects/calls/")
    # Soonest closing first; neither the closed one nor that of a project not yet published takes applications.
    assert ids(api_as(sipo_official).get(CALLS)) == [soon.pk, call.pk]
    assert api_as(cas_official).get(f"{CALLS}{closed.pk}/").json()["is_open"] is False


def test_a_call_with_its_criteria_and_the_readers_application(api_as, cas_official, call):
    api = api_as(cas_official)
    body = api.get(f"{CALLS}{call.pk}/").json()
    assert (body["title"], body["organising_party"], body["sought"]) == (
        "征集专利分析专家",
        "SIPO",
        ["experts", "analysis"],
    )
    assert body["criteria"] == ["Expertise", "Availability"] and body["is_open"] is True
    assert (body["my_application"], body["can_apply"], body["accepted"]) == (None, True, 0)
    fields = ApplicationFields(motivation="Five years of battery patents.", contribution="Ten expert days.")
    application = services.application_start(call=call, by=cas_official, fields=fields, submit=True)
    body = api.get(f"{CALLS}{call.pk}/").json()
    assert body["my_application"] == {"id": application.pk, "status": "submitted"} and body["can_apply"] is False


@pytest.mark.parametrize(("who", "status"), [("sipo_official", 200), ("cas_official", 404), ("cas_docadmin", 404)])
def test_a_call_of_an_unpublished_project_is_the_organisers_alone(api_as, personas, unpublished_call, who, status):
    assert api_as(personas[who]).get(f"{CALLS}{unpublished_call.pk}/").status_code == status


def test_the_call_list_costs_the_same_for_1_and_50_rows(api_as, settings, cas_official, sipo_coordinator, published):
    settings.PAGE_SIZE = 50
    api = api_as(cas_official)
    make_call(published, sipo_coordinator, [])
    api.get(CALLS)
    one = queries_of(api, CALLS, rows=1)
    for n in range(49):
        make_call(published, sipo_coordinator, [], title=f"Call {n}")
    assert queries_of(api, CALLS, rows=50) == one
