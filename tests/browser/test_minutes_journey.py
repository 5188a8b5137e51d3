"""The minutes' journey, in a real browser: the SIPO minute-taker drafts and submits the minutes; the
CAS coordinator approves; the SIPO coordinator requests changes; the minute-taker revises and resubmits;
both coordinators approve; the minutes show as locked and their PDF downloads; the action item assigned
from the minutes is on its owner's list.

Pages are driven by URLs, form field names, CSS hooks and data (texts typed, names), not translated labels.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cooperation.meetings.services import AgendaRow

from .conftest import pick_person, schedule_past_meeting, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "第五次联合工作组会议"
DRAFT = "# 第五次联合工作组会议\n\n## 1. Opening\n\nThe chair opened the meeting.\n"
REVISED = DRAFT + "\n## 2. 专利信息资源共享\n\nBoth parties agreed to share the 2030 statistics.\n"
COMMENT = "Item 2 is missing: 请补充第二项。"
ACTION = "Send the 2030 patent statistics"


@pytest.fixture
def meeting(cas_official, sipo_official):
    return schedule_past_meeting(
        title=TITLE,
        by=cas_official,
        minute_taker=sipo_official,
        agenda=[AgendaRow(title="Opening"), AgendaRow(title="专利信息资源共享")],
    )


def test_minutes_are_drafted_reviewed_revised_approved_by_both_parties_locked_and_printed(
    live_server, page, step, eager_tasks, meeting, cas_official, sipo_official, cas_coordinator, sipo_coordinator
):
    base = live_server.url
    minutes_url = base + reverse("meetings:minutes", args=[meeting.pk])
    status = page.locator("main h1 + div .minutes-status")

    def submit_for_review():
        page.locator(f"main form[action='{reverse('meetings:minutes_submit', args=[meeting.pk])}'] button").click()
        expect(page).to_have_url(minutes_url)
        expect(status).to_have_attribute("data-status", "in_review")

    def approve(revision: int):
        form = page.locator("main form.approve-form")
        expect(form.locator("input[name=revision]")).to_have_value(str(revision))
        # Approving can lock the minutes: the box saying so is ticked first, from the keyboard.
        form.locator("input[name=lock]").focus()
        page.keyboard.press("Space")
        expect(form.locator("input[name=lock]")).to_be_checked()
        form.locator("button[type=submit]").click()
        expect(page).to_have_url(minutes_url)

    # The SIPO minute-taker starts the minutes from the agenda, writes them, assigns an action, submits.
    sign_in(page, base, sipo_official)
    page.goto(minutes_url)
    expect(status).to_have_attribute("data-status", "none")
    page.locator(f"main form[action='{reverse('meetings:minutes_start', args=[meeting.pk])}'] button").click()
    expect(page).to_have_url(base + reverse("meetings:minutes_edit", args=[meeting.pk]))
    text = page.locator("main textarea[name=text]")
    expect(text).to_have_value(re.compile(r"## 2\. 专利信息资源共享"))
    text.fill(DRAFT)
    step("minutes drafted")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(minutes_url)
    expect(page.locator("main .minutes-text h1")).to_have_text(TITLE)
    expect(page.locator("main article.minutes-revision")).to_have_attribute("data-revision", "2")

    create = page.locator("main details.action-create")
    create.locator("textarea[name=description], input[name=description]").fill(ACTION)
    pick_person(create, "owner", cas_official.full_name, f"{cas_official.full_name} (CAS)")
    create.locator("input[name=due_date]").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    create.locator("button[type=submit]").click()
    expect(page).to_have_url(minutes_url)
    expect(page.locator("main table.action-items")).to_contain_text(ACTION)
    submit_for_review()
    step("submitted for review")
    sign_out(page, base)

    # The CAS coordinator approves revision 2 for CAS.
    sign_in(page, base, cas_coordinator)
    page.goto(minutes_url)
    approve(2)
    expect(status).to_have_attribute("data-status", "in_review")
    expect(page.locator("main .minutes-reviews")).to_contain_text(cas_coordinator.full_name)
    expect(page.locator("main form.approve-form")).to_have_count(0)
    step("approved by CAS")
    sign_out(page, base)

    # The SIPO coordinator requests changes, with a comment.
    sign_in(page, base, sipo_coordinator)
    page.goto(minutes_url)
    changes = page.locator("main form.changes-form")
    changes.locator("textarea[name=comment]").fill(COMMENT)
    changes.locator("button[type=submit]").click()
    expect(page).to_have_url(minutes_url)
    expect(status).to_have_attribute("data-status", "draft")
    step("changes requested by SIPO")
    sign_out(page, base)

    # The minute-taker reads the comment beside the minutes, revises and submits again.
    sign_in(page, base, sipo_official)
    page.goto(minutes_url)
    expect(page.locator("main .review-comment")).to_contain_text(COMMENT)
    page.locator(f"main a[href='{reverse('meetings:minutes_edit', args=[meeting.pk])}']").click()
    page.locator("main textarea[name=text]").fill(REVISED)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(minutes_url)
    expect(page.locator("main article.minutes-revision")).to_have_attribute("data-revision", "3")
    submit_for_review()
    step("revised and resubmitted")

    # The comparison of revisions 2 and 3 shows the added item as rendered text; the Markdown is one tab away.
    page.goto(base + reverse("meetings:minutes_diff", args=[meeting.pk]) + "?a=2&b=3")
    expect(page.locator("main .minutes-word-diff ins").first).to_contain_text("专利信息资源共享")
    step("revisions compared word by word")
    page.locator("main .diff-views a[href$='view=lines']").click()
    expect(page.locator("main table.minutes-diff tr.diff-added").first).to_be_visible()
    step("revisions compared line by line")
    sign_out(page, base)

    # Both coordinators approve revision 3: the minutes are final and locked.
    sign_in(page, base, cas_coordinator)
    page.goto(minutes_url)
    approve(3)
    sign_out(page, base)
    sign_in(page, base, sipo_coordinator)
    page.goto(minutes_url)
    approve(3)
    expect(status).to_have_attribute("data-status", "approved")
    locked = page.locator("main .minutes-locked")
    expect(locked).to_be_visible()
    expect(locked.locator("code.approved-sha256")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    expect(page.locator("main .approval-record")).to_contain_text(cas_coordinator.full_name)
    expect(page.locator("main .approval-record")).to_contain_text(sipo_coordinator.full_name)
    expect(page.locator(f"main a[href='{reverse('meetings:minutes_edit', args=[meeting.pk])}']")).to_have_count(0)
    step("approved by both parties and locked")

    with page.expect_download() as info:
        page.locator("main a.minutes-pdf").click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename == f"{TITLE} {timezone.localdate(meeting.starts_at).isoformat()}.pdf"
    assert download.path().read_bytes().startswith(b"%PDF")
    sign_out(page, base)

    # The owner finds the action item on their list.
    sign_in(page, base, cas_official)
    page.goto(base + reverse("meetings:actions"))
    mine = page.locator("main section.my-actions")
    expect(mine.locator("tr.action-open")).to_have_count(1)
    expect(mine).to_contain_text(ACTION)
    expect(mine.get_by_role("link", name=TITLE)).to_have_attribute(
        "href", reverse("meetings:minutes", args=[meeting.pk])
    )
    step("the owner's action items")
