"""A small year for the report: a few activities in each state, one highlight; the clock on 1 December 2026."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from protocol.activities.models import Status
from protocol.reports import services
from tests.factories import ActivityFactory

YEAR = 2026
WRITTEN_ON = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _december_first():
    with time_machine.travel(WRITTEN_ON, tick=False):
        yield


@pytest.fixture
def year_activities(cas_official, sipo_official):
    both = [cas_official, sipo_official]
    return {
        "confirmed_cas": ActivityFactory(
            author=cas_official, status=Status.CONFIRMED, participants=both, area="training",
            title="专利检索联合培训", start_date=date(YEAR, 3, 2),
        ),
        "confirmed_sipo": ActivityFactory(
            author=sipo_official, status=Status.CONFIRMED, participants=both, area="communication",
            title="Joint liaison meeting", start_date=date(YEAR, 5, 6),
        ),
        "logged": ActivityFactory(
            author=cas_official, status=Status.LOGGED, participants=both, area="research",
            title="Landscape study awaiting", start_date=date(YEAR, 6, 1),
        ),
        "draft": ActivityFactory(
            author=sipo_official, status=Status.DRAFT, participants=both, area="research",
            title="SIPO draft never reported", start_date=date(YEAR, 7, 1),
        ),
        "last_year": ActivityFactory(
            author=cas_official, status=Status.CONFIRMED, participants=both, area="training",
            title="Last year's course", start_date=date(YEAR - 1, 7, 1),
        ),
    }  # fmt: skip


@pytest.fixture
def generated(year_activities, cas_coordinator, sipo_coordinator, django_capture_on_commit_callbacks):
    """Version 1 of the year's report, built by the task (eagerly)."""
    services.highlight_add(
        year=YEAR, area="training", by=cas_coordinator, text_zh="双方联合举办专利检索培训。",
        text_en="A joint patent search course.", activity=year_activities["confirmed_cas"],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(year=YEAR, by=cas_coordinator)
    report.refresh_from_db()
    return report


@pytest.fixture
def quick_files(monkeypatch):
    """Tiny stand-ins for the PDFs and the workbook, for tests about what happens around them."""
    monkeypatch.setattr(services, "report_pdf", lambda data, language: f"%PDF {language} {data['year']}".encode())
    monkeypatch.setattr(services, "report_xlsx", lambda data: b"PK xlsx")


@pytest.fixture
def make_ready(quick_files, django_capture_on_commit_callbacks, cas_coordinator, sipo_coordinator):
    """A new version of the year's report, ready (built with the stand-in files)."""

    def make(by=None):
        with django_capture_on_commit_callbacks(execute=True):
            report = services.report_request(year=YEAR, by=by or cas_coordinator)
        report.refresh_from_db()
        return report

    return make


@pytest.fixture
def ready(make_ready):
    return make_ready()
