"""IP projects, calls and applications for the tests, made through the services as their users would."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from cooperation.projects import services
from cooperation.projects.models import ProjectStatus, ProjectType
from cooperation.projects.services import ApplicationFields, CallFields, ContributionFields, IndicatorRow, ProjectFields
from protocol.parties.roles import Role
from tests.factories import UserFactory

# A fixed moment, in Beijing time, for the tests whose pages show dates and deadlines: they never depend on the
# day the suite runs (the fixtures below count from "now").
FIXED_NOW = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def fixed_clock():
    """The clock stands at FIXED_NOW; list it first (`usefixtures("fixed_clock", ...)`), before the records."""
    with time_machine.travel(FIXED_NOW, tick=False):
        yield FIXED_NOW


@pytest.fixture
def sipo_reviewer(sipo):
    """A second SIPO reviewer beside sipo_official."""
    return UserFactory(username="sipo_reviewer", full_name="Sun Hao", party=sipo, roles=[Role.OFFICIAL])


@pytest.fixture
def cas_applicant(cas):
    """A second CAS applicant beside cas_official."""
    return UserFactory(username="cas_applicant", full_name="Zhou Min", party=cas, roles=[Role.OFFICIAL])


@pytest.fixture
def project_fields():
    def make(**overrides) -> ProjectFields:
        today = timezone.localdate()
        fields = {
            "title": "专利导航：新能源汽车",
            "title_other": "Patent navigation: new-energy vehicles",
            "project_type": ProjectType.PATENT_NAVIGATION,
            "description": "A patent navigation of the new-energy vehicle industry.",
            "starts_on": today - timedelta(days=30),
            "ends_on": today + timedelta(days=300),
            "indicators": [
                IndicatorRow(name="Patent families analysed", baseline=Decimal(0), target=Decimal(5000)),
                IndicatorRow(name="Reports delivered", baseline=Decimal(0), target=Decimal(2)),
            ],
        }
        return ProjectFields(**(fields | overrides))

    return make


@pytest.fixture
def draft_project(sipo_coordinator, project_fields):
    """A SIPO project not yet published: SIPO's alone."""
    return services.project_create(by=sipo_coordinator, fields=project_fields())


@pytest.fixture
def project(draft_project, sipo_coordinator):
    """A SIPO project, published and open for participation."""
    project = services.project_publish(project=draft_project, by=sipo_coordinator)
    return services.project_advance(project=project, by=sipo_coordinator, to=ProjectStatus.OPEN)


@pytest.fixture
def call_fields(sipo_official, sipo_reviewer):
    def make(**overrides) -> CallFields:
        now = timezone.now().replace(microsecond=0)
        fields = {
            "title": "征集专利分析专家",
            "description": "Experts in battery patents.",
            "places": 2,
            "opens_at": now - timedelta(days=1),
            "closes_at": now + timedelta(days=10),
            "sought": ["experts", "analysis"],
            "reviewers": [sipo_official, sipo_reviewer],
            "criteria": ["Expertise", "Availability"],
        }
        return CallFields(**(fields | overrides))

    return make


@pytest.fixture
def call(project, sipo_coordinator, call_fields):
    """Two criteria, two places, reviewed by sipo_official and sipo_reviewer, closing in ten days."""
    return services.call_create(project=project, by=sipo_coordinator, fields=call_fields())


@pytest.fixture
def apply():
    def make(call, person, *, submit=True, **overrides):
        fields = {"motivation": "I analysed battery patents for five years.", "contribution": "Ten expert days."}
        return services.application_start(
            call=call, by=person, fields=ApplicationFields(**(fields | overrides)), submit=submit
        )

    return make


@pytest.fixture
def application(call, cas_official, apply):
    """cas_official's submitted application."""
    return apply(call, cas_official)


@pytest.fixture
def score():
    def make(application, reviewer, values=(4, 5), *, submit=True):
        criteria = list(application.call.criteria.all())
        scores = {criterion.pk: (value, "") for criterion, value in zip(criteria, values, strict=True)}
        return services.review_save(application=application, by=reviewer, scores=scores, comment="", submit=submit)

    return make


@pytest.fixture
def participant(application, sipo_coordinator):
    """cas_official, accepted into the project."""
    services.application_decide(application=application, by=sipo_coordinator, decision="accepted", comment="")
    return application.participant


@pytest.fixture
def contribution(project, participant, cas_official):
    """cas_official's contribution of three expert days, today, waiting for confirmation."""
    return services.contribution_record(
        project=project,
        by=cas_official,
        fields=ContributionFields(
            kind="expert_days", on=timezone.localdate(), description="专家咨询三天", quantity=Decimal(3)
        ),
    )
