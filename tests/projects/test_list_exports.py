"""Project support's lists exported: the projects, the open calls, my applications, those to review and to
decide, a project's contributions and a coordinator's contributions to confirm, as their pages list them."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperation.projects import services
from cooperation.projects.services import ContributionFields
from protocol.parties.roles import Role
from tests.exports.contract import answers_as_the_page, costs_the_same, is_the_page
from tests.exports.reading import CHINESE, ENGLISH, column, reads, table
from tests.factories import UserFactory

PROJECTS = reverse("projects:list")
CALLS = reverse("projects:calls")
MINE = reverse("projects:applications")
TO_REVIEW = reverse("projects:to_review")
TO_DECIDE = reverse("projects:to_decide")
TO_CONFIRM = reverse("projects:to_confirm")


def contributions_url(project):
    return reverse("projects:contributions", args=[project.pk])


def test_the_projects_export_leaves_out_the_other_partys_unpublished_project(
    client, cas_official, project, sipo_coordinator, project_fields
):
    services.project_create(by=sipo_coordinator, fields=project_fields(title="未发布的项目", title_other=""))
    client.force_login(reads(cas_official, ENGLISH))
    rows = is_the_page(client, PROJECTS, header="IP project", key=lambda p: p.titles.first)
    assert column(rows, "IP project") == ["Patent navigation: new-energy vehicles"]
    client.force_login(reads(cas_official, CHINESE))
    rows = table(client, PROJECTS, "xlsx")
    assert column(rows, "知识产权项目") == ["专利导航：新能源汽车"] and column(rows, "主办单位") == ["国知局"]


def test_the_projects_export_costs_the_same_for_1_and_4(
    client, cas_official, project, sipo_coordinator, project_fields
):
    def more():
        for n in range(3):
            made = services.project_create(by=sipo_coordinator, fields=project_fields(title=f"项目{n}"))
            services.project_publish(project=made, by=sipo_coordinator)

    client.force_login(cas_official)
    costs_the_same(client, PROJECTS, more)


def test_the_open_calls_export_what_is_sought(client, cas_official, call, project, sipo_coordinator, call_fields):
    client.force_login(reads(cas_official, ENGLISH))
    rows = is_the_page(client, CALLS, header="Call", key=lambda c: c.title)
    assert column(rows, "What is sought") == [call.sought_text]
    costs_the_same(
        client,
        CALLS,
        lambda: [services.call_create(project=project, by=sipo_coordinator, fields=call_fields()) for _ in range(3)],
    )


@pytest.fixture
def applicants(cas):
    return [UserFactory(party=cas, roles=[Role.OFFICIAL]) for _ in range(3)]


def test_my_applications_export_mine_only(client, call, cas_official, cas_applicant, apply):
    apply(call, cas_official)
    apply(call, cas_applicant, submit=False)
    client.force_login(reads(cas_official, ENGLISH))
    rows = is_the_page(client, MINE, header="Call", key=lambda a: a.call.title)
    assert column(rows, "Applicant") == ["Li Ming"] and column(rows, "Status") == ["Submitted"]


def test_a_reviewer_exports_the_applications_to_review_never_a_draft(
    client, call, cas_official, cas_applicant, sipo_official, apply, applicants
):
    apply(call, cas_official)
    apply(call, cas_applicant, submit=False)
    client.force_login(reads(sipo_official, ENGLISH))
    rows = is_the_page(client, TO_REVIEW, header="Applicant", key=lambda a: a.applicant.full_name)
    assert column(rows, "Applicant") == ["Li Ming"] and column(rows, "Party") == ["CAS"]
    costs_the_same(client, TO_REVIEW, lambda: [apply(call, person) for person in applicants])


def test_a_coordinator_exports_the_applications_to_decide_with_their_average(
    client, call, cas_official, sipo_official, sipo_coordinator, apply, score, applicants
):
    score(apply(call, cas_official), sipo_official, (4, 5))
    client.force_login(reads(sipo_coordinator, CHINESE))
    rows = is_the_page(client, TO_DECIDE, header="申请人", key=lambda a: a.applicant.full_name)
    assert column(rows, "平均分") == ["4.5"]
    costs_the_same(client, TO_DECIDE, lambda: [score(apply(call, p), sipo_official) for p in applicants])


def test_the_contributions_export_from_the_list_page(client, contribution, project, cas_official, sipo_official):
    client.force_login(reads(sipo_official, ENGLISH))
    rows = is_the_page(client, contributions_url(project), header="Description", key=lambda c: c.description)
    assert column(rows, "Quantity") == ["3.0"]

    def more():
        for n in range(3):
            services.contribution_record(
                project=project,
                by=cas_official,
                fields=ContributionFields(
                    kind="data_set", on=timezone.localdate(), description=f"数据集{n}", quantity=Decimal(1)
                ),
            )

    costs_the_same(client, contributions_url(project), more)


def test_a_coordinator_exports_the_contributions_to_confirm(client, contribution, sipo_coordinator, cas_coordinator):
    client.force_login(reads(sipo_coordinator, ENGLISH))
    rows = is_the_page(client, TO_CONFIRM, header="Description", key=lambda c: c.description)
    assert column(rows, "Contributor") == ["Li Ming"]
    client.force_login(cas_coordinator)
    assert table(client, TO_CONFIRM, "csv")[1:] == []  # not CAS's project to confirm


@pytest.mark.parametrize("path", [PROJECTS, CALLS, MINE, TO_REVIEW, TO_DECIDE, TO_CONFIRM])
def test_who_may_export_is_who_may_see_the_list(client, personas, application, path):
    answers_as_the_page(client, personas, path)


def test_who_may_export_a_projects_contributions_is_who_may_see_them(client, personas, contribution, project):
    assert answers_as_the_page(client, personas, contributions_url(project))["sipo_official"] == 200


def test_the_other_party_may_not_export_an_unpublished_projects_contributions(client, draft_project, cas_official):
    client.force_login(cas_official)
    assert client.get(contributions_url(draft_project), {"export": "csv"}).status_code == 404
