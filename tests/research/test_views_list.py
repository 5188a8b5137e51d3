"""The research project list: its tabs (all, mine, awaiting my decision), filters, search, pages and cost."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.research import services
from cooperation.research.models import PlanState, ProjectStatus, ResearchProject
from cooperation.research.services import Member, MilestoneRow
from protocol import search
from protocol.parties.models import Language
from tests.pages import assert_stacks_on_a_phone, follow, link, list_tables
from tests.research.conftest import TITLE, dates

LIST = reverse("research:list")


def bulk_projects(
    count: int, *, by, title: str = "Project", start: date | None = None, **fields
) -> list[ResearchProject]:
    """`count` projects of `by`'s party written in one query, "Project 0" starting on `start` (today) and each
    next one a day earlier; proposed (seen by both parties) unless `fields` say otherwise; searchable as the
    services make them."""
    start = start or timezone.localdate()
    fields = {"status": ProjectStatus.PROPOSED} | fields
    rows = []
    for number in range(count):
        starts = start - timedelta(days=number)
        text = f"{title} {number}"
        rows.append(
            ResearchProject(
                title=text,
                objectives="Analyse the patents of the field.",
                start_date=starts,
                end_date=starts + timedelta(days=365),
                lead_party_id=by.party_id,
                created_by=by,
                search_text=search.segment(text),
                **fields,
            )
        )
    made = ResearchProject.objects.bulk_create(rows)
    search.refresh_search_vector(ResearchProject.objects.filter(pk__in=[p.pk for p in made]))
    return made


def listed(client, **params) -> list[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [project.title for project in response.context["page"].object_list]


# Who sees what


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_draft_and_an_internal_project_stay_with_their_party(
    client, make_project, proposed_project, cas_official, sipo_official, sipo_coordinator, outsider
):
    start, _ = dates()
    make_project(title="CAS draft")
    internal = make_project(
        title="CAS internal",
        internal=True,
        team=[Member(user=cas_official, role="pi")],
        milestones=[MilestoneRow(title="Study", due_date=start + timedelta(days=10), owner=cas_official)],
    )
    services.project_propose(project=internal, by=cas_official)
    client.force_login(cas_official)
    assert sorted(listed(client)) == sorted(["CAS draft", "CAS internal", proposed_project.title])
    for reader in (sipo_official, sipo_coordinator):
        client.force_login(reader)
        assert listed(client) == [proposed_project.title]
        assert listed(client, scope="mine") == ([proposed_project.title] if reader == sipo_official else [])
    client.force_login(outsider)
    assert listed(client) == [] and listed(client, scope="awaiting") == []


def test_my_projects_are_those_i_am_on_the_team_of_or_created(
    client, proposed_project, sipo_official, sipo_docadmin, cas_coordinator
):
    bulk_projects(1, by=cas_coordinator, title="Created by the coordinator")
    client.force_login(sipo_official)
    assert listed(client, scope="mine") == [proposed_project.title]
    client.force_login(cas_coordinator)
    assert listed(client, scope="mine") == ["Created by the coordinator 0"]
    client.force_login(sipo_docadmin)
    assert listed(client, scope="mine") == []
    assert "You are not on the team of any research project yet." in client.get(LIST, {"scope": "mine"}).text


def test_the_awaiting_tab_shows_a_coordinator_the_plans_their_party_has_not_approved(
    client, proposed_project, cas_official, cas_coordinator, sipo_coordinator
):
    number = proposed_project.plan_version.number
    for coordinator in (cas_coordinator, sipo_coordinator):
        client.force_login(coordinator)
        assert listed(client, scope="awaiting") == [proposed_project.title]
    services.project_approve_plan(project=proposed_project, version=number, by=sipo_coordinator)
    assert listed(client, scope="awaiting") == []
    page = client.get(LIST, {"scope": "awaiting"}).text
    assert "Nothing is waiting for your decision." in page
    assert 'aria-current="page" href="?scope=awaiting"' in page
    client.force_login(cas_coordinator)
    assert listed(client, scope="awaiting") == [proposed_project.title]
    client.force_login(cas_official)  # a PI, but no plan is theirs to approve
    assert listed(client, scope="awaiting") == []


# Filters and search


def test_the_list_filters_by_status_lead_party_year_and_field(client, cas_coordinator, sipo_coordinator):
    this_year = timezone.localdate().year
    bulk_projects(1, by=cas_coordinator, title="Approved", status=ProjectStatus.APPROVED, start=date(this_year, 3, 1))
    bulk_projects(1, by=sipo_coordinator, title="SIPO's", start=date(this_year, 2, 1))
    bulk_projects(1, by=cas_coordinator, title="Last year's", start=date(this_year - 1, 6, 1))
    bulk_projects(1, by=cas_coordinator, title="Quantum", technology_field="Quantum computing",
                  start=date(this_year, 1, 1))  # fmt: skip
    client.force_login(cas_coordinator)
    assert listed(client, status="approved") == ["Approved 0"]
    assert listed(client, lead_party=sipo_coordinator.party_id) == ["SIPO's 0"]
    assert listed(client, year=this_year - 1) == ["Last year's 0"]
    assert listed(client, technology_field="QUANTUM comp") == ["Quantum 0"]
    assert listed(client, lead_party=sipo_coordinator.party_id, status="approved") == []
    page = client.get(LIST, {"status": "approved"}).text
    assert 'href="?status=approved&amp;scope=mine"' in page  # the tabs keep the filters


def test_the_search_finds_chinese_words_inside_a_title_and_english_ones(
    client, make_project, cas_official, sipo_official
):
    quantum = make_project()  # the fixture's title: 专利导航 (patent navigation), quantum computing
    make_project(
        title="人工智能专利分析",
        title_other="Artificial intelligence patent analysis",
        objectives="Analyse the patents of machine learning.",
        technology_field="Artificial intelligence",
    )
    services.project_propose(project=quantum, by=cas_official)
    client.force_login(cas_official)
    assert listed(client, q="专利导航") == [quantum.title]
    assert listed(client, q="quantum") == [quantum.title]
    assert sorted(listed(client, q="专利")) == sorted(["人工智能专利分析", quantum.title])
    assert listed(client, q="quantum", status="draft") == []
    response = client.get(LIST, {"q": "专利导航"})
    assert "most relevant first" in response.text
    # The other party finds the proposed project, never the draft.
    client.force_login(sipo_official)
    assert listed(client, q="专利") == [quantum.title]


def test_the_empty_states_say_nothing_yet_or_nothing_matches(client, cas_official, cas_docadmin):
    client.force_login(cas_official)
    page = client.get(LIST).text
    assert "No research projects yet." in page
    assert f'href="{reverse("research:create")}"' in page
    page = client.get(LIST, {"q": "专利导航"}).text
    assert "No project matches these filters." in page and "No research projects yet." not in page


def test_the_new_project_button_is_for_officials_and_coordinators(client, cas_official, cas_coordinator, cas_docadmin):
    create = f'href="{reverse("research:create")}"'
    for person, shown in ((cas_official, True), (cas_coordinator, True), (cas_docadmin, False)):
        client.force_login(person)
        assert (create in client.get(LIST).text) is shown, person.username


# The table


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [(Language.CHINESE, TITLE, "Patent navigation"), (Language.ENGLISH, "Patent navigation", TITLE)],
)
def test_a_row_leads_with_the_readers_title_and_shows_the_plan(
    client, draft_project, cas_official, language, first, second
):
    cas_official.preferred_language = language
    cas_official.save()
    client.force_login(cas_official)
    page = client.get(LIST).text
    assert f'">{first}' in page and page.index(first) < page.index(second)
    (table,) = list_tables(client.get(LIST))
    cells = [" ".join(td.text_content().split()) for td in table.xpath("./tbody/tr/td")]
    start, end = draft_project.start_date, draft_project.end_date
    if language == Language.ENGLISH:
        assert cells[1:4] == ["CAS", "Draft", "Being prepared"]
        assert cells[5] == "Quantum computing"
    else:
        assert cells[1] == "中科院"
        assert cells[4] == f"{start.year}年{start.month}月{start.day}日 – {end.year}年{end.month}月{end.day}日"


def test_the_list_says_when_an_amendment_is_under_way(client, approved_project, cas_official):
    services.project_update(
        project=approved_project,
        by=cas_official,
        fields=services.ProjectFields(
            title=approved_project.title,
            objectives="A wider scope.",
            start_date=approved_project.start_date,
            end_date=approved_project.end_date,
            team=[Member(user=m.user, role=m.role, party_id=m.party_id) for m in approved_project.team.all()],
        ),
    )
    client.force_login(cas_official)
    assert ResearchProject.objects.get().plan_state == PlanState.EDITING
    assert "amendment under way" in client.get(LIST).text


def test_the_list_stacks_on_a_phone(client, draft_project, cas_official):
    client.force_login(cas_official)
    (table,) = list_tables(client.get(LIST))
    assert_stacks_on_a_phone(table)


# Pages and cost


def test_the_oldest_link_leads_to_the_first_projects(client, cas_official, settings):
    bulk_projects(settings.PAGE_SIZE + 2, by=cas_official)
    client.force_login(cas_official)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == settings.PAGE_SIZE
    assert link(first, "prev") is None
    oldest = follow(client, first, "last")
    titles = [project.title for project in oldest.context["page"].object_list]
    assert titles[-1] == f"Project {settings.PAGE_SIZE + 1}"  # the one that started first
    assert link(oldest, "next") is None
    newer = follow(client, oldest, "prev")
    assert newer.context["page"].object_list[0].title == "Project 0"


def _queries(client, params) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params)
    assert response.status_code == 200
    return len(queries), len(response.context["page"].object_list)


@pytest.mark.parametrize(
    "params",
    [{}, {"scope": "mine"}, {"scope": "awaiting"}, {"q": "Project", "status": "proposed"}, {"status": "proposed"}],
    ids=["all", "mine", "awaiting", "search", "filtered"],
)
def test_the_list_costs_the_same_for_1_and_50_projects(client, cas_coordinator, params):
    # Created by the coordinator and in review: on every tab, and matching the search.
    kind = {"plan_state": PlanState.IN_REVIEW}
    client.force_login(cas_coordinator)
    bulk_projects(1, by=cas_coordinator, **kind)
    one, shown_one = _queries(client, params)
    bulk_projects(49, by=cas_coordinator, **kind)
    fifty, shown_fifty = _queries(client, params)
    assert one == fifty
    assert (shown_one, shown_fifty) == (1, 25)
