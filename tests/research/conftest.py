"""Research projects for the tests, made through the services as their users would."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cooperation.documents.models import Confidentiality
from cooperation.research import services
from cooperation.research.models import ResearchProject, TeamRole
from cooperation.research.services import DeliverableRow, Member, MilestoneRow, ProjectFields

TITLE = "专利导航：量子计算"


def dates():
    """A year-long project that started a month ago, wherever the clock stands (--clock)."""
    today = timezone.localdate()
    return today - timedelta(days=30), today + timedelta(days=335)


@pytest.fixture
def project_fields(cas_official, sipo_official, cas, sipo):
    """The fields of a joint project led by CAS: a PI of each party, three milestones, one deliverable."""

    def make(**overrides) -> ProjectFields:
        start, end = dates()
        data = {
            "title": TITLE,
            "title_other": "Patent navigation: quantum computing",
            "objectives": "Map the patent landscape of quantum computing in China.",
            "start_date": start,
            "end_date": end,
            "technology_field": "Quantum computing",
            "ipc_classes": "G06N H04L",
            "team": [
                Member(user=cas_official, role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=cas.pk),
                Member(user=sipo_official, role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=sipo.pk),
            ],
            "milestones": [
                MilestoneRow(title="Search strategy agreed", due_date=start + timedelta(days=40), owner=cas_official),
                MilestoneRow(title="Data set complete", due_date=start + timedelta(days=150), owner=sipo_official),
                MilestoneRow(title="Draft report", due_date=start + timedelta(days=300), owner=cas_official),
            ],
            "deliverables": [DeliverableRow(title="Patent landscape report, final", due_date=end)],
        }
        return ProjectFields(**(data | overrides))

    return make


@pytest.fixture
def make_project(cas_official, project_fields):
    def make(*, by=None, **overrides) -> ResearchProject:
        return services.project_create(by=by or cas_official, fields=project_fields(**overrides))

    return make


@pytest.fixture
def draft_project(make_project):
    return make_project()


@pytest.fixture
def proposed_project(draft_project, cas_official):
    return services.project_propose(project=draft_project, by=cas_official)


@pytest.fixture
def approve_plan(cas_coordinator, sipo_coordinator):
    """Both coordinators approve the version under review."""

    def approve(project) -> ResearchProject:
        number = ResearchProject.objects.get(pk=project.pk).plan_version.number
        for coordinator in (cas_coordinator, sipo_coordinator):
            project = services.project_approve_plan(project=project, version=number, by=coordinator)
        return project

    return approve


@pytest.fixture
def approved_project(proposed_project, approve_plan):
    return approve_plan(proposed_project)


@pytest.fixture
def active_project(approved_project, cas_official):
    return services.project_start(project=approved_project, by=cas_official)


@pytest.fixture
def research_report(make_document):
    """The library document a deliverable is: research area, shared with both parties."""
    return make_document(title="量子计算专利态势分析报告", area="research", confidentiality=Confidentiality.SHARED)
