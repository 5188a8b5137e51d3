"""Issue 12's journey, in a real browser, in both languages: a CAS official (in Chinese) drafts a joint research
project with a principal investigator of each party, three milestones and a deliverable, and proposes it; the
SIPO coordinator (in English) requests changes; the official revises and proposes again; both coordinators approve
version 2, the baseline; a milestone is done (logged in the ledger); a milestone's date is amended, the page shows
its slip against the baseline, and both coordinators approve the amendment; a library document is submitted as the
deliverable, the SIPO PI requests fixes, a new version of its file is submitted and both PIs accept it: the
deliverable is locked, and the ledger shows its research activity confirmed.

Pages are driven by URLs, form field names, CSS hooks and data (texts typed, names), not translated labels; the
headings checked for each language are read through the catalogue (`translation.override`).
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from cooperation.documents.models import Confidentiality
from cooperation.research.models import Deliverable, Milestone, ResearchProject
from protocol.parties.models import Language
from tests.documents import samples

from .conftest import pick_person, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "专利导航：人工智能芯片"
TITLE_OTHER = "Patent navigation: AI chips"
OBJECTIVES = "绘制人工智能芯片领域的专利态势图。"
REVISED_OBJECTIVES = OBJECTIVES + "\n\nInclude CNIPA's examination data for 2020–2030."
CHANGES = "Please include CNIPA's examination data in the objectives."
FIXES = "第3章缺少国知局的审查数据，请补充。"
MILESTONES = ["Search strategy agreed", "Data set complete", "Draft report"]
DELIVERABLE = "AI chips patent landscape report"
SLIP_DAYS = 14


def test_a_joint_research_project_is_planned_approved_amended_and_delivered_by_both_parties(
    live_server,
    page,
    step,
    eager_tasks,
    make_document,
    add_version,
    cas_official,
    sipo_official,
    cas_coordinator,
    sipo_coordinator,
):
    base = live_server.url
    # CAS reads the portal in Chinese, SIPO in English: the journey crosses both languages.
    for person, language in [
        (cas_official, Language.CHINESE),
        (cas_coordinator, Language.CHINESE),
        (sipo_official, Language.ENGLISH),
        (sipo_coordinator, Language.ENGLISH),
    ]:
        person.preferred_language = language
        person.save(update_fields=["preferred_language"])
    today = timezone.localdate()
    start, end = today - timedelta(days=30), today + timedelta(days=335)
    dues = [start + timedelta(days=40), start + timedelta(days=150), start + timedelta(days=300)]
    report = make_document(
        title="人工智能芯片专利态势分析报告", area="research", confidentiality=Confidentiality.SHARED
    )

    status = page.locator("main .project-status")
    plan_state = page.locator("main .plan-state")
    html = page.locator("html")

    def in_chinese(text: str) -> str:
        with translation.override(Language.CHINESE):
            return gettext(text)

    def label_for(person, language: str) -> str:
        with translation.override(language):
            return person.name_with_party

    def open_project():
        page.goto(project_url)
        expect(page.locator("main h1")).to_have_text(re.compile(re.escape(TITLE) + "|" + re.escape(TITLE_OTHER)))

    def propose(number: int):
        open_project()
        page.locator(f"main a[href='{reverse('research:propose', args=[project.pk])}']").click()
        expect(page).to_have_url(base + reverse("research:propose", args=[project.pk]))
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(project_url)
        expect(plan_state).to_have_attribute("data-plan-state", "in_review")
        expect(page.locator(f"main table.plan-versions tr[data-version='{number}'] .badge")).to_be_visible()

    def approve_plan(coordinator, number: int, *, language: str):
        sign_in(page, base, coordinator)
        open_project()
        version_url = reverse("research:plan_version", args=[project.pk, number])
        page.locator(f"main .project-actions a[href='{version_url}']").click()
        expect(page).to_have_url(base + version_url)
        with translation.override(language):
            expect(page.locator("main #review-heading")).to_have_text(gettext("Your party's decision"))
        page.locator("main form.approve-form button[type=submit]").click()
        expect(page).to_have_url(project_url)
        sign_out(page, base)

    def submit_deliverable(*, tick: bool):
        submit_url = reverse("research:deliverable_submit", args=[project.pk, deliverable.pk])
        page.locator(f"main .deliverable[data-deliverable='{deliverable.pk}'] a[href='{submit_url}']").click()
        expect(page).to_have_url(base + submit_url)
        box = page.locator(f"main input[name=document][value='{report.pk}']")
        if tick:
            # The library picker: search the library, tick the document among the matches.
            page.locator("main #document-query").fill("人工智能芯片")
            page.locator(f"main #document-matches #pick-document-{report.pk}").check()
        else:
            expect(box).to_be_checked()  # the document submitted before stays chosen
        expect(box).to_have_count(1)
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(review_url)

    def accept(pi):
        sign_in(page, base, pi)
        page.goto(review_url)
        form = page.locator("main form.accept-form")
        # Accepting can lock the deliverable: the box saying so is ticked first, from the keyboard.
        form.locator("input[name=lock]").focus()
        page.keyboard.press("Space")
        expect(form.locator("input[name=lock]")).to_be_checked()
        form.locator("button[type=submit]").click()
        expect(page).to_have_url(project_url)

    # The CAS official, in Chinese, drafts the project: both PIs, three milestones, one deliverable.
    sign_in(page, base, cas_official)
    expect(html).to_have_attribute("lang", Language.CHINESE)
    page.goto(base + reverse("research:create"))
    form = page.locator("main form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("input[name=title_other]").fill(TITLE_OTHER)
    form.locator("input[name=start_date]").fill(start.isoformat())
    form.locator("input[name=end_date]").fill(end.isoformat())
    form.locator("textarea[name=objectives]").fill(OBJECTIVES)
    pick_person(form, "pi_cas", "Li M", label_for(cas_official, Language.CHINESE))
    pick_person(form, "pi_sipo", "Wang F", label_for(sipo_official, Language.CHINESE))
    owners = [cas_official, sipo_official, cas_official]
    for index, (title, due, owner) in enumerate(zip(MILESTONES, dues, owners, strict=True)):
        form.locator(f"input[name=milestones-{index}-title]").fill(title)
        form.locator(f"input[name=milestones-{index}-due_date]").fill(due.isoformat())
        pick_person(form, f"milestones-{index}-owner", owner.full_name, label_for(owner, Language.CHINESE))
    form.locator("input[name=deliverables-0-title]").fill(DELIVERABLE)
    form.locator("input[name=deliverables-0-due_date]").fill(end.isoformat())
    step("project form filled, in Chinese")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(base) + r"/research/\d+/$"))
    project_url = page.url
    project = ResearchProject.objects.get(title=TITLE)
    assert project_url == base + project.get_absolute_url()
    expect(status).to_have_attribute("data-status", "draft")
    expect(page.locator("main .team-of-party[data-party=CAS] [data-role=pi]")).to_have_text(
        re.compile(cas_official.full_name)
    )
    expect(page.locator("main .team-of-party[data-party=SIPO] [data-role=pi]")).to_have_text(
        re.compile(sipo_official.full_name)
    )
    milestones = {m.title: m for m in project.milestones.all()}
    assert [milestones[title].due_date for title in MILESTONES] == dues
    expect(page.locator("main table.baseline-table tbody tr")).to_have_count(3)
    expect(page.locator("main .deliverable")).to_have_count(1)
    deliverable = Deliverable.objects.get(project=project)
    review_url = base + reverse("research:deliverable_review", args=[project.pk, deliverable.pk])
    step("draft saved")

    # ... and proposes it, through the confirmation page.
    propose(1)
    expect(status).to_have_attribute("data-status", "proposed")
    step("version 1 proposed")
    sign_out(page, base)

    # The SIPO coordinator, in English, reads version 1 and requests changes with a comment.
    sign_in(page, base, sipo_coordinator)
    expect(html).to_have_attribute("lang", Language.ENGLISH)
    page.goto(base + reverse("research:plan_version", args=[project.pk, 1]))
    with translation.override(Language.ENGLISH):
        expect(page.locator("main #review-heading")).to_have_text(gettext("Your party's decision"))
    changes = page.locator("main form.changes-form")
    changes.locator("textarea[name=comment]").fill(CHANGES)
    step("changes asked for, in English")
    changes.locator("button[type=submit]").click()
    expect(page).to_have_url(project_url)
    expect(plan_state).to_have_attribute("data-plan-state", "editing")
    sign_out(page, base)

    # The CAS official reads the comment, revises the plan and proposes it again.
    sign_in(page, base, cas_official)
    open_project()
    expect(page.locator("main .plan-notice-changes .review-comment")).to_have_text(CHANGES)
    page.locator(f"main a[href='{reverse('research:edit', args=[project.pk])}']").click()
    expect(page).to_have_url(base + reverse("research:edit", args=[project.pk]))
    page.locator("main textarea[name=objectives]").fill(REVISED_OBJECTIVES)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(project_url)
    expect(page.locator("main .project-objectives")).to_contain_text("CNIPA's examination data")
    propose(2)
    step("version 2 proposed")
    sign_out(page, base)

    # Both coordinators approve version 2: it is the baseline, and the project is approved.
    approve_plan(cas_coordinator, 2, language=Language.CHINESE)
    approve_plan(sipo_coordinator, 2, language=Language.ENGLISH)
    sign_in(page, base, cas_official)
    open_project()
    expect(status).to_have_attribute("data-status", "approved")
    expect(plan_state).to_have_attribute("data-plan-state", "agreed")
    expect(page.locator("main table.plan-versions tr[data-version='2'] .badge.text-bg-success")).to_be_visible()
    baseline_dates = page.locator("main table.baseline-table td.milestone-baseline time")
    expect(baseline_dates).to_have_count(3)
    for index, due in enumerate(dues):
        expect(baseline_dates.nth(index)).to_have_attribute("datetime", due.isoformat())
    expect(page.locator("main #baseline-heading")).to_be_visible()
    step("version 2 approved by both parties: the baseline")

    # The owner marks the first milestone done: it enters the ledger, logged for the other party to confirm.
    first = milestones[MILESTONES[0]]
    row = page.locator(f"main table.baseline-table tr[data-milestone='{first.pk}']")
    row.locator(f"a[href='{reverse('research:milestone_done', args=[project.pk, first.pk])}']").click()
    expect(page.locator("main input[name=done_on]")).to_have_value(today.isoformat())
    page.locator("main textarea[name=note]").fill("检索策略已经双方确认。")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(project_url)
    expect(row.locator("td.milestone-actual time")).to_have_attribute("datetime", today.isoformat())
    row.locator("a.ledger-link").click()
    expect(page).to_have_url(re.compile(re.escape(base) + r"/activities/\d+/$"))
    milestone_activity_url = page.url
    expect(page.locator("main .status-logged")).to_be_visible()
    step("milestone done, logged in the ledger")

    # An amendment: the second milestone moves two weeks later; the page shows its slip against the baseline.
    moved = milestones[MILESTONES[1]]
    page.goto(base + reverse("research:edit", args=[project.pk]))
    expect(page.locator("main .plan-baseline-notice")).to_be_visible()
    moved_row = page.locator("main fieldset.plan-row").filter(
        has=page.locator(f"input[name^=milestones-][name$=-id][value='{moved.pk}']")
    )
    moved_row.locator("input[name$=-due_date]").fill((dues[1] + timedelta(days=SLIP_DAYS)).isoformat())
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(project_url)
    expect(plan_state).to_have_attribute("data-plan-state", "editing")
    expect(page.locator("main .plan-notice-amendment")).to_be_visible()
    moved_line = page.locator(f"main table.baseline-table tr[data-milestone='{moved.pk}']")
    expect(moved_line.locator("td.milestone-baseline time")).to_have_attribute("datetime", dues[1].isoformat())
    expect(moved_line.locator("td.milestone-current time")).to_have_attribute(
        "datetime", (dues[1] + timedelta(days=SLIP_DAYS)).isoformat()
    )
    expect(moved_line.locator("td.milestone-slip")).to_contain_text(f"+{SLIP_DAYS}")
    step("amended: the slip against the baseline")
    propose(3)
    step("amendment proposed")
    sign_out(page, base)

    # Both coordinators approve the amendment (version 3 lists what it changes against the baseline).
    sign_in(page, base, cas_coordinator)
    page.goto(base + reverse("research:plan_version", args=[project.pk, 3]))
    expect(page.locator("main .plan-changes li")).to_have_count(1)
    expect(page.locator("main .plan-changes li")).to_contain_text(MILESTONES[1])
    step("the amendment against the baseline, in Chinese")
    sign_out(page, base)
    approve_plan(cas_coordinator, 3, language=Language.CHINESE)
    approve_plan(sipo_coordinator, 3, language=Language.ENGLISH)

    # The CAS PI submits the library document as the deliverable, through the library picker.
    sign_in(page, base, cas_official)
    open_project()
    expect(plan_state).to_have_attribute("data-plan-state", "agreed")
    expect(page.locator("main table.plan-versions tr[data-version='3'] .badge.text-bg-success")).to_be_visible()
    submit_deliverable(tick=True)
    report.refresh_from_db()
    first_file = report.current_version
    expect(page.locator("main .pinned-file code.pinned-sha256")).to_have_text(first_file.sha256)
    step("deliverable submitted")
    sign_out(page, base)

    # The SIPO PI, in English, requests fixes.
    sign_in(page, base, sipo_official)
    expect(html).to_have_attribute("lang", Language.ENGLISH)
    page.goto(review_url)
    expect(page.locator("main a.file-download")).to_be_visible()
    fixes = page.locator("main form.fixes-form")
    fixes.locator("textarea[name=comment]").fill(FIXES)
    fixes.locator("button[type=submit]").click()
    expect(page).to_have_url(project_url)
    expect(page.locator(f"main .deliverable[data-deliverable='{deliverable.pk}']")).to_have_attribute(
        "data-status", "fixes"
    )
    step("fixes requested")
    sign_out(page, base)

    # A new version of the file is added to the library; the CAS PI submits it again.
    second_file = add_version(report, content=samples.english_pdf(), change_note="补充了国知局的审查数据。")
    assert second_file.number == 2 and second_file.sha256 != first_file.sha256
    sign_in(page, base, cas_official)
    open_project()
    submit_deliverable(tick=False)
    expect(page.locator("main .pinned-file code.pinned-sha256")).to_have_text(second_file.sha256)
    expect(page.locator("main .deliverable-history .review-comment")).to_have_text(FIXES)
    with translation.override(Language.CHINESE):
        expect(page.locator("main #decide-heading")).to_have_text(gettext("Your party's decision"))
    assert in_chinese("Your party's decision") != "Your party's decision"  # the heading above is in Chinese
    step("the new file submitted, in Chinese")
    sign_out(page, base)

    # Both PIs accept version 2 of the file: the deliverable is accepted and locked.
    accept(cas_official)
    sign_out(page, base)
    accept(sipo_official)
    line = page.locator(f"main .deliverable[data-deliverable='{deliverable.pk}']")
    expect(line).to_have_attribute("data-status", "accepted")
    expect(line.locator("a[href$='/submit/']")).to_have_count(0)
    page.goto(review_url)
    expect(page.locator("main .deliverable-locked")).to_be_visible()
    expect(page.locator("main form.accept-form, main form.fixes-form")).to_have_count(0)
    expect(page.locator("main .deliverable-decisions [data-party=CAS]")).to_contain_text(cas_official.full_name)
    expect(page.locator("main .deliverable-decisions [data-party=SIPO]")).to_contain_text(sipo_official.full_name)
    step("accepted by both PIs and locked")

    # The ledger shows the deliverable's research activity confirmed, the milestone's still logged.
    deliverable.refresh_from_db()
    activity_url = deliverable.activity.get_absolute_url()
    page.goto(base + reverse("activities:list"))
    ledger = page.locator("main table tbody tr")
    expect(ledger.filter(has=page.locator(f"a[href='{activity_url}']")).locator(".status-confirmed")).to_be_visible()
    milestone_row = ledger.filter(has=page.locator(f"a[href='{milestone_activity_url.removeprefix(base)}']"))
    expect(milestone_row.locator(".status-logged")).to_be_visible()
    step("the ledger")
    assert Milestone.objects.get(pk=first.pk).activity.status == "logged"
