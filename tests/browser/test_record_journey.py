"""Issue 15's journey, in a real browser, in both languages (the SIPO coordinator reads one, the CAS coordinator the
other, and the two runs swap them): the SIPO coordinator's dashboard lists what waits for them in every area (an
access request, an activity to confirm, minutes to review, a research plan to approve, an enrolment to approve, an
application to decide); the ledger's list, filtered, exports as XLSX and CSV the rows the page shows; the global
search for 专利 finds an English-only document through the glossary; the year's implementation report is generated
with its progress shown (the page polls until the task, run in-process by the test, has built it), downloaded as
PDF (its Chinese text read back: the title, 成文日期) and XLSX (a sheet per area and the appendix), approved by a
coordinator of each party and shown locked.

The report is the current year's (2026 as the issue was written): `report_years()` offers the protocol's first year
to this one, so it is valid whatever the date; the confirmed activities it must hold are dated in it, never after
today. Nothing is frozen: the live server runs on the real clock.

Pages are driven by URLs, form field names, CSS hooks and data, not translated labels; what is checked for each
language is read through the catalogue (`translation.override`).
"""

import csv
import io
import json
import re
from datetime import date, timedelta

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect
from pypdf import PdfReader

from cooperation.documents import services as documents
from cooperation.documents.models import Confidentiality
from cooperation.projects import services as projects
from cooperation.projects.models import ProjectStatus, ProjectType
from cooperation.projects.services import ApplicationFields, CallFields
from cooperation.projects.services import ProjectFields as SupportFields
from cooperation.research import services as research
from cooperation.research.models import TeamRole
from cooperation.research.services import Member, MilestoneRow, ProjectFields
from cooperation.training import services as training
from cooperation.training.services import CourseFields, SessionFields
from protocol.activities import services as ledger
from protocol.activities.models import Activity, Status
from protocol.activities.services import ActivityFields
from protocol.areas import Area
from protocol.exports import field_header
from protocol.glossary import services as glossary
from protocol.glossary.models import Term
from protocol.parties.models import Language
from protocol.parties.roles import Role
from protocol.reports import services as report_services
from protocol.reports.editions import chinese_date, english_date
from protocol.reports.models import AnnualReport
from protocol.reports.selectors import report_years
from protocol.reports.tasks import build_report_task
from tests.documents import samples
from tests.factories import ActivityFactory
from tests.meetings import data as meetings

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

OTHER = {Language.CHINESE: Language.ENGLISH, Language.ENGLISH: Language.CHINESE}
ENGLISH_ONLY = "Examination guidelines for inventions in artificial intelligence"
CONFIRMED = ["专利检索联合培训", "Joint liaison meeting on patent data", "共享专利文献目录交换"]


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def area_label(language: str, area: Area | None) -> str:
    with translation.override(language):
        return str(area.label) if area else gettext("Activities")


@pytest.fixture
def held_reports(monkeypatch) -> list[int]:
    """The versions asked for, not yet built: the build's dispatch after commit is held, so the page shows the
    version under way and polls; the test then runs the task in-process, as a worker would."""
    held = []
    monkeypatch.setattr(report_services, "_start_building", held.append)
    return held


@pytest.fixture
def glossary_pair():
    """专利 / patent, as its data migration seeds it: a transactional test before this one flushed the tables,
    seeded rows with them, so the pair is put back through the service portal admins use."""
    if not Term.objects.filter(zh="专利", en="patent").exists():
        glossary.term_save(term=Term(zh="专利", en="patent"))


@pytest.fixture
def waiting_everywhere(
    make_document, cas, sipo, cas_official, sipo_official, cas_coordinator, sipo_coordinator, sipo_docadmin
) -> dict[Area | None, str]:
    """One item waiting for the SIPO coordinator (a document admin too) in each area, made through the services
    as their users would; each area's (None: the ledger's) URL that the dashboard links."""
    sipo_coordinator.groups.add(Group.objects.get_or_create(name=Role.DOCUMENT_ADMIN)[0])
    today = timezone.localdate()
    now = timezone.now().replace(microsecond=0)
    document = make_document(
        by=sipo_docadmin, title="国知局审查资料汇编", confidentiality=Confidentiality.ON_REQUEST, tags=[]
    )
    documents.access_request_create(document=document, by=cas_official, reason="课题研究需要参考。")
    activity = ledger.activity_create(
        author=cas_official,
        fields=ActivityFields(
            area=Area.RESEARCH, kind="joint_analysis", title="联合专利态势分析", lead_party=cas,
            start_date=max(date(today.year, 1, 1), today - timedelta(days=3)),
            participants=[cas_official, sipo_official],
        ),
        log=True,
    )  # fmt: skip
    meeting = meetings.schedule(
        cas_official, [cas_official, sipo_official, sipo_coordinator], title="第六次联合工作组会议",
        minute_taker=cas_official,
    )  # fmt: skip
    minutes = meetings.write(meeting, submit=True)
    plan = research.project_propose(
        project=research.project_create(
            by=cas_official,
            fields=ProjectFields(
                title="人工智能芯片专利导航", objectives="绘制人工智能芯片的专利地图。",
                start_date=today - timedelta(days=30), end_date=today + timedelta(days=300),
                team=[Member(user=person, role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=person.party_id)
                      for person in (cas_official, sipo_official)],
                milestones=[MilestoneRow(title="检索策略", due_date=today + timedelta(days=40), owner=cas_official)],
            ),
        ),
        by=cas_official,
    )  # fmt: skip
    course = training.course_create(
        by=cas_coordinator, fields=CourseFields(title="科技文献检索实务", description="面向审查员的文献检索。")
    )
    starts = now + timedelta(days=7)
    session = training.session_create(
        course=course,
        by=cas_coordinator,
        fields=SessionFields(
            starts_at=starts, ends_at=starts + timedelta(hours=3), enrolment_opens_at=now - timedelta(days=1),
            enrolment_closes_at=starts - timedelta(days=1), seats={cas.pk: 2, sipo.pk: 2}, location="中关村",
            trainers=[cas_official], needs_approval=True,
        ),
    )  # fmt: skip
    enrolment = training.enrolment_create(session=session, user=sipo_official)
    project = projects.project_create(
        by=sipo_coordinator,
        fields=SupportFields(
            title="新能源汽车专利导航", project_type=ProjectType.PATENT_NAVIGATION, description="产业专利导航。",
            starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=300),
        ),
    )  # fmt: skip
    project = projects.project_advance(
        project=projects.project_publish(project=project, by=sipo_coordinator), by=sipo_coordinator,
        to=ProjectStatus.OPEN,
    )  # fmt: skip
    call = projects.call_create(
        project=project,
        by=sipo_coordinator,
        fields=CallFields(
            title="征集电池专利分析专家", description="电池专利分析。", places=2, opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=10), sought=["experts"], reviewers=[sipo_official], criteria=["Expertise"],
        ),
    )  # fmt: skip
    application = projects.application_start(
        call=call, by=cas_official, fields=ApplicationFields(motivation="五年经验。", contribution="十个工作日。"),
        submit=True,
    )  # fmt: skip
    return {
        Area.DOCUMENTS: document.get_absolute_url(),
        None: activity.get_absolute_url(),
        Area.COMMUNICATION: minutes.get_absolute_url(),
        Area.RESEARCH: reverse("research:plan_version", args=[plan.pk, plan.plan_version.number]),
        Area.TRAINING: reverse("training:enrolment_decide", args=[enrolment.pk]),
        Area.PROJECTS: reverse("projects:decide", args=[application.pk]),
    }


@pytest.fixture
def year_activities(cas_official, sipo_official) -> tuple[int, list]:
    """The report's year and its confirmed activities, in the ledger's order (newest first); one of last year."""
    today = timezone.localdate()
    year = today.year
    assert year in report_years()  # the protocol's first year to this one: always so for the current year

    def on(days_ago: int) -> date:
        return max(date(year, 1, 1), today - timedelta(days=days_ago))

    both = [cas_official, sipo_official]
    rows = [
        ActivityFactory(author=cas_official, status=Status.CONFIRMED, participants=both, area=Area.TRAINING,
                        title=CONFIRMED[0], start_date=on(60)),
        ActivityFactory(author=sipo_official, status=Status.CONFIRMED, participants=both, area=Area.COMMUNICATION,
                        title=CONFIRMED[1], start_date=on(40)),
        ActivityFactory(author=cas_official, status=Status.CONFIRMED, participants=both, area=Area.DOCUMENTS,
                        title=CONFIRMED[2], start_date=on(20)),
    ]  # fmt: skip
    ActivityFactory(author=cas_official, status=Status.CONFIRMED, participants=both, title="去年的联合培训",
                    area=Area.TRAINING, start_date=date(year - 1, 7, 1))  # fmt: skip
    return year, sorted(rows, key=lambda row: (row.start_date, row.pk), reverse=True)


def downloaded(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as file:
        return file.read()


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("language", [Language.CHINESE, Language.ENGLISH])
def test_the_record_dashboard_export_search_and_the_annual_report_signed_by_both_parties(
    live_server,
    page,
    step,
    eager_tasks,
    held_reports,
    glossary_pair,
    make_document,
    waiting_everywhere,
    year_activities,
    cas_coordinator,
    sipo_coordinator,
    language,
):
    base = live_server.url
    html = page.locator("html")
    year, confirmed = year_activities
    other = OTHER[language]
    for person, reads in [(sipo_coordinator, language), (cas_coordinator, other)]:
        person.preferred_language = reads
        person.save(update_fields=["preferred_language"])
    english_only = make_document(
        title=ENGLISH_ONLY, summary="How examiners read the claims of AI inventions.", language="en", tags=[],
        content=samples.english_pdf(), name="guidelines.pdf",
    )  # fmt: skip

    # The SIPO coordinator's dashboard: something waits in every area, each labelled with its area.
    sign_in(page, base, sipo_coordinator)
    expect(html).to_have_attribute("lang", language)
    waiting = page.locator("main section[data-waiting='waiting-heading']")
    for area, url in waiting_everywhere.items():
        item = waiting.locator("[data-waiting-item]").filter(has=page.locator(f"a[href='{url}']"))
        expect(item).to_have_count(1)
        expect(item.locator(".badge").first).to_have_text(area_label(language, area))
    step(f"the dashboard lists what waits in every area, in {language}")

    # The ledger, filtered to the year's confirmed activities: its exports hold the rows the page shows.
    page.goto(base + reverse("activities:list"))
    filters = page.locator("main form[role=search]")
    filters.locator("select[name=status]").select_option(Status.CONFIRMED)
    filters.locator("select[name=year]").select_option(str(year))
    filters.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]status=confirmed(&|$)"))
    shown = page.locator("main table tbody tr td:first-child > a").all_inner_texts()
    assert shown == [row.title for row in confirmed]  # neither the logged one nor last year's
    step(f"the ledger filtered, in {language}")
    title = in_language(language, "Title")
    workbook = openpyxl.load_workbook(io.BytesIO(downloaded(page, page.locator("main a[href*='export=xlsx']"))))
    rows = list(workbook.active.iter_rows(values_only=True))
    index = rows[0].index(title)
    assert [row[index] for row in rows[1:]] == shown
    with translation.override(language):
        starts = rows[0].index(str(field_header(Activity, "start_date")))
    assert [row[starts].date() for row in rows[1:]] == [row.start_date for row in confirmed]
    content = downloaded(page, page.locator("main a[href*='export=csv']"))
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row[rows[0].index(title)] for row in rows[1:]] == shown

    # The global search: 专利 finds the English-only document through the glossary, and says so.
    page.goto(base + reverse("search"))
    page.locator("main #search-query").fill("专利")
    page.locator("main form[role=search] button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(base + reverse("search")) + r"\?q="))
    hit = page.locator(f"main [data-search-hit] a[href='{english_only.get_absolute_url()}']")
    expect(hit).to_have_text(ENGLISH_ONLY)
    expect(page.locator("main [data-also-searched]")).to_contain_text("patent")
    step(f"专利 finds an English-only document, in {language}")

    # The year's report, from the dashboard's figures panel: generated, its progress shown while it is built.
    page.goto(base + reverse("dashboard"))
    page.locator(f"main a[href='{reverse('reports:list')}']").click()
    page.locator(f"main a[href='{reverse('reports:year', args=[year])}']").click()
    page.locator(f"main a[href='{reverse('reports:generate', args=[year])}']").click()
    page.locator("main input[name=confirm]").check()
    page.locator("main form button[type=submit]").click()
    report = AnnualReport.objects.get(year=year)
    report_url = base + report.get_absolute_url()
    expect(page).to_have_url(report_url)
    progress = page.locator("main #report-progress")
    expect(progress).to_have_attribute("hx-trigger", "every 2s")
    expect(progress.locator("progress")).to_be_visible()
    expect(progress).to_contain_text(in_language(language, "Waiting to be generated…"))
    step(f"the report under way, its progress shown, in {language}")
    assert held_reports == [report.pk]
    build_report_task.apply(args=[report.pk])  # what the worker does, in-process
    # The page's next poll finds it built and reloads the page: downloads and the sign-off appear.
    expect(page.locator("main #downloads-heading")).to_be_visible()
    expect(page.locator("main #report-progress")).not_to_have_attribute("hx-trigger", "every 2s")
    step(f"the report built, in {language}")

    # Its downloads: the Chinese PDF says its title and 成文日期 in Chinese; the workbook has a sheet per area.
    report.refresh_from_db()
    written_on = date.fromisoformat(json.loads(report.data)["written_on"])

    def link(edition: str):
        return page.locator(f"main a[href='{reverse('reports:download', args=[year, report.version, edition])}']")

    chinese = pdf_text(downloaded(page, link("pdf-zh")))
    assert f"合作协议{year}年度实施报告" in chinese and "中国科学院" in chinese
    assert chinese_date(written_on) in chinese  # 成文日期, e.g. 2026年12月4日
    assert CONFIRMED[0] in chinese and "去年的联合培训" not in chinese
    english = pdf_text(downloaded(page, link("pdf-en")))
    assert f"Implementation report {year}" in english and english_date(written_on) in english
    book = openpyxl.load_workbook(io.BytesIO(downloaded(page, link("xlsx"))))
    assert len(book.sheetnames) == len(Area) + 1 and book.sheetnames[-1] == "附录 Appendix"
    for sheet, area in zip(book.sheetnames, Area, strict=False):
        with translation.override(Language.CHINESE):
            assert sheet.startswith(str(area.label)), (sheet, area)
    appendix = list(book["附录 Appendix"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in appendix] == [row.title for row in reversed(confirmed)]

    # A coordinator of each party approves this version, through the page; then it is locked.
    def approve(coordinator, reads: str):
        page.goto(report_url)
        review = reverse("reports:review", args=[year, report.version]) + "?decision=approve"
        page.locator(f"main a[href='{review}']").click()
        expect(page.locator("main code.hash")).to_have_text(report.sha256)
        page.locator("main input[name=lock]").check()
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(report_url)
        step(f"{coordinator.username} approved, in {reads}")

    approve(sipo_coordinator, language)
    report.refresh_from_db()
    assert not report.is_locked
    sign_out(page, base)
    sign_in(page, base, cas_coordinator)
    expect(html).to_have_attribute("lang", other)
    approve(cas_coordinator, other)
    report.refresh_from_db()
    assert report.is_locked
    expect(page.locator("main h1 .badge")).to_have_text(in_language(other, "Approved by both parties, locked"))
    expect(page.locator("main a[href*='decision=approve']")).to_have_count(0)
    step(f"approved by both parties and locked, in {other}")
