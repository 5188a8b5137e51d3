"""The annual reports through the REST API: staff of a party read the records both parties approved,
coordinators every version and the highlights; files as the page's downloads."""

import pytest
import time_machine
from django.utils import timezone

from protocol.reports import services
from protocol.reports.models import AnnualReport, ReportStatus
from tests.api.helpers import API, error_of, ids, queries_of, read_only_client
from tests.reports import conftest as reports
from tests.reports.conftest import WRITTEN_ON, YEAR

REPORTS = f"{API}reports/annual/"
HIGHLIGHTS = f"{API}reports/highlights/"
# The reports' own fixtures (a version built with stand-in files), not a second copy of them.
quick_files, make_ready, ready = reports.quick_files, reports.make_ready, reports.ready


@pytest.fixture(autouse=True)
def _december_first():
    with time_machine.travel(WRITTEN_ON, tick=False):
        yield


@pytest.fixture
def locked(ready, cas_coordinator, sipo_coordinator):
    services.report_approve(report=ready, by=cas_coordinator)
    return services.report_approve(report=ready, by=sipo_coordinator)


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("cas_official", False),
        ("sipo_official", False),
        ("cas_docadmin", False),
        ("cas_coordinator", True),
        ("sipo_coordinator", True),
    ],
)
def test_a_version_not_approved_by_both_is_for_coordinators_only(api_as, personas, ready, who, sees):
    api = api_as(personas[who])
    assert ids(api.get(REPORTS)) == ([ready.pk] if sees else [])
    assert api.get(f"{REPORTS}{ready.pk}/").status_code == (200 if sees else 404)
    assert api.get(f"{REPORTS}{ready.pk}/files/pdf-en/").status_code == (200 if sees else 404)


@pytest.mark.parametrize("who", ["cas_official", "sipo_docadmin", "sipo_coordinator"])
def test_the_years_record_is_read_by_every_member_of_staff(api_as, personas, locked, who):
    body = api_as(personas[who]).get(f"{REPORTS}{locked.pk}/").json()
    assert (body["year"], body["version"], body["status"], body["locked"], body["record"]) == (
        YEAR,
        1,
        ReportStatus.READY,
        True,
        True,
    )
    assert [d["party"] for d in body["decisions"]] == ["CAS", "SIPO"]
    assert {d["decision"] for d in body["decisions"]} == {"approved"}
    assert body["can_review"] is False
    assert {f["edition"] for f in body["files"]} == {"pdf-zh", "pdf-en", "xlsx"}
    assert body["content"]["year"] == YEAR


def test_the_list_for_a_year_is_the_years_page(api_as, client, cas_coordinator, make_ready):
    first, second = make_ready(), make_ready()
    client.force_login(cas_coordinator)
    page = client.get(f"/reports/{YEAR}/")
    expected = [report.pk for report in page.context["versions"]]
    assert ids(api_as(cas_coordinator).get(f"{REPORTS}?year={YEAR}")) == expected == [second.pk, first.pk]
    assert ids(api_as(cas_coordinator).get(f"{REPORTS}?year={YEAR - 1}")) == []


def test_a_file_is_the_pages_download(api_as, cas_official, locked):
    body = api_as(cas_official).get(f"{REPORTS}{locked.pk}/").json()
    url = next(f["url"] for f in body["files"] if f["edition"] == "pdf-zh")
    response = api_as(cas_official).get(url)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="implementation-report-2026-v1-zh.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF zh 2026"
    assert api_as(cas_official).get(f"{REPORTS}{locked.pk}/files/docx/").status_code == 404


def test_a_bad_year_is_400_and_an_unknown_id_404(api_as, cas_coordinator, ready):
    api = api_as(cas_coordinator)
    response = api.get(f"{REPORTS}?year=last")
    assert response.status_code == 400 and list(error_of(response)["fields"]) == ["year"]
    assert api.get(f"{REPORTS}999999/").status_code == 404


def test_the_detail_answers_304_until_the_other_party_decides(api_as, cas_coordinator, sipo_coordinator, ready):
    api = api_as(cas_coordinator)
    url = f"{REPORTS}{ready.pk}/"
    tag = api.get(url)["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    services.report_approve(report=ready, by=sipo_coordinator)
    changed = api.get(url, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and [d["party"] for d in changed.json()["decisions"]] == ["SIPO"]


def test_reports_are_read_only(api_as, cas_coordinator, ready):
    assert api_as(cas_coordinator).post(REPORTS, {"year": YEAR}, format="json").status_code == 405
    assert read_only_client(cas_coordinator).post(REPORTS, {"year": YEAR}, format="json").status_code == 403
    assert AnnualReport.objects.count() == 1


def test_the_report_list_costs_the_same_for_1_and_50_rows(api_as, settings, cas_official, cas_coordinator):
    settings.PAGE_SIZE = 50
    api = api_as(cas_official)

    def add(version):
        # Records as a build leaves them; building fifty would only slow the test.
        AnnualReport.objects.create(
            year=YEAR, version=version, requested_by=cas_coordinator, status=ReportStatus.READY,
            locked_at=timezone.now(),
        )  # fmt: skip

    add(1)
    api.get(REPORTS)  # the first request fills caches once per process
    one = queries_of(api, REPORTS, rows=1)
    for version in range(2, 51):
        add(version)
    assert queries_of(api, REPORTS, rows=50) == one


# Highlights.


def add_highlight(by, text="双方联合举办专利检索培训。", year=YEAR):
    return services.highlight_add(year=year, area="training", by=by, text_zh=text, text_en="", activity=None)


@pytest.mark.parametrize(
    ("who", "sees"),
    [("cas_official", False), ("sipo_docadmin", False), ("cas_coordinator", True), ("sipo_coordinator", True)],
)
def test_highlights_are_for_coordinators(api_as, personas, cas_coordinator, who, sees):
    highlight = add_highlight(cas_coordinator)
    api = api_as(personas[who])
    assert ids(api.get(HIGHLIGHTS)) == ([highlight.pk] if sees else [])
    response = api.get(f"{HIGHLIGHTS}{highlight.pk}/")
    assert response.status_code == (200 if sees else 404)
    if sees:
        assert (response.json()["text_zh"], response.json()["party"]) == ("双方联合举办专利检索培训。", "CAS")


def test_a_years_highlights_are_the_years_page(api_as, client, cas_coordinator, sipo_coordinator):
    this_year = [add_highlight(cas_coordinator), add_highlight(sipo_coordinator, "Two")]
    add_highlight(cas_coordinator, "Last year", year=YEAR - 1)
    client.force_login(cas_coordinator)
    page = [h.pk for h in client.get(f"/reports/{YEAR}/").context["highlights"]]
    assert ids(api_as(cas_coordinator).get(f"{HIGHLIGHTS}?year={YEAR}")) == page == [h.pk for h in this_year]


def test_the_highlight_list_costs_the_same_for_1_and_50_rows(api_as, settings, cas_coordinator):
    settings.PAGE_SIZE = 50
    api = api_as(cas_coordinator)
    add_highlight(cas_coordinator)
    api.get(HIGHLIGHTS)
    one = queries_of(api, HIGHLIGHTS, rows=1)
    for n in range(49):
        add_highlight(cas_coordinator, f"Highlight {n}")
    assert queries_of(api, HIGHLIGHTS, rows=50) == one
