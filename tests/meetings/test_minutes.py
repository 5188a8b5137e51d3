"""The minutes pages: writing in revisions, review and sign-off by a coordinator of each party, the lock,
amendments, the PDF, who may see what, and the ledger entry of a held meeting.

Meetings are scheduled through the service; the personas (tests/personas.py) play the parts: the CAS
official organises and chairs, the SIPO official takes the minutes, both are invited; the coordinators
and document admins are not invited.
"""

import io
import re
import threading
import time
from datetime import timedelta
from urllib.parse import quote

import lxml.html
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cooperation.meetings import services
from cooperation.meetings.models import (
    Meeting,
    MeetingStatus,
    MinutesRevision,
    MinutesStatus,
)
from protocol.activities.models import Activity
from protocol.activities.models import Status as ActivityStatus
from protocol.areas import Area
from protocol.notifications.models import OutboxMessage
from protocol.parties.models import Party
from protocol.signoff import selectors as signoff_selectors
from protocol.signoff.models import Decision, SignOff
from protocol.signoff.selectors import signoffs_of
from tests.meetings.data import FIRST_TEXT, TITLE, approve_by_both, reloaded, schedule, url, write
from tests.pages import messages_of

SECOND_TEXT = "# 第五次联合工作组会议\n\n## 1. Opening\n\nThe chair opened the meeting at 10:00.\n\n---\n"
HOSTILE = (
    "# Minutes\n\n"
    "<script>alert('script')</script>\n\n"
    '<img src="x" onerror="alert(\'img\')">\n\n'
    "[x](javascript:alert(1)) and [the report](https://example.org/report)\n"
)


@pytest.fixture
def meeting(cas_official, sipo_official):
    return schedule(cas_official, [cas_official, sipo_official], chair=cas_official, minute_taker=sipo_official)


@pytest.fixture
def in_review(meeting):
    """Revision 2 submitted (revision 1 is the agenda the minutes started from)."""
    return write(meeting, submit=True)


@pytest.fixture
def approved(in_review, cas_coordinator, sipo_coordinator):
    return approve_by_both(in_review, cas_coordinator, sipo_coordinator)


# Writing: revisions, the agenda as a start, the diff.


def test_the_minutes_start_from_the_agenda_and_every_save_is_a_revision(client, meeting, sipo_official):
    client.force_login(sipo_official)
    response = client.post(url("minutes_start", meeting))
    assert response.status_code == 302 and response["Location"] == url("minutes_edit", meeting)
    form_page = client.get(url("minutes_edit", meeting))
    assert "## 1. Opening" in form_page.text and "## 2. 专利信息资源共享" in form_page.text

    client.post(url("minutes_edit", meeting), {"text": "# Minutes\r\n\r\nFirst draft.\r\n"})
    client.post(url("minutes_edit", meeting), {"text": "# Minutes\n\nSecond draft.\n"})
    response = client.post(url("minutes_edit", meeting), {"text": "# Minutes\n\nSecond draft.\n"}, follow=True)

    minutes = reloaded(meeting.minutes)
    assert list(minutes.revisions.order_by("number").values_list("number", flat=True)) == [1, 2, 3]
    assert minutes.current_revision.text == "# Minutes\n\nSecond draft.\n"
    assert MinutesRevision.objects.get(minutes=minutes, number=2).text == "# Minutes\n\nFirst draft.\n"  # no CR
    assert any("no new revision" in message for message in messages_of(response))
    page = client.get(url("minutes", meeting))
    assert "<p>Second draft.</p>" in page.text
    assert [r.number for r in page.context["revisions"]] == [3, 2, 1]


def test_only_the_minute_taker_writes(client, meeting, personas):
    for username in ("cas_official", "cas_coordinator", "sipo_coordinator", "cas_docadmin"):
        client.force_login(personas[username])
        assert client.post(url("minutes_start", meeting)).status_code == 403
    write(meeting)
    for username in ("cas_official", "cas_coordinator", "sipo_coordinator"):
        client.force_login(personas[username])
        assert client.get(url("minutes_edit", meeting)).status_code == 403
        assert client.post(url("minutes_edit", meeting), {"text": "hijacked"}).status_code == 403
        assert client.post(url("minutes_submit", meeting)).status_code == 403
    assert reloaded(meeting.minutes).current_revision.text == FIRST_TEXT


def test_the_line_diff_shows_added_and_removed_markdown_lines_escaped(client, meeting, sipo_official):
    minutes = write(meeting, "# Minutes\n\nKeep this.\nDrop <b>this</b>.\n---\n")
    services.minutes_save(minutes=minutes, by=sipo_official, text="# Minutes\n\nKeep this.\nAdd <i>that</i>.\n")
    client.force_login(sipo_official)
    response = client.get(url("minutes_diff", meeting), {"a": 2, "b": 3, "view": "lines"})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert ("removed", "Drop <b>this</b>.") in rows and ("added", "Add <i>that</i>.") in rows
    assert ("removed", "---") in rows  # a removed Markdown rule is a line like any other
    assert ("same", "Keep this.") in rows
    assert "Drop &lt;b&gt;this&lt;/b&gt;." in response.text and "<b>this</b>" not in response.text
    assert 'class="diff-added"' in response.text and 'class="diff-removed"' in response.text


ZH_OLD = "# 季度交流会\n\n双方回顾了专利信息资源共享工作。\n\nKeep **bold** text.\n"
ZH_NEW = "# 季度交流会\n\n双方回顾了专利文献交换工作，确认已经完成。\n\n- 举办**培训班**\n\nKeep **strong** text.\n"


def word_diff(client, meeting, sipo_official, old, new):
    minutes = write(meeting, old)
    services.minutes_save(minutes=minutes, by=sipo_official, text=new)
    client.force_login(sipo_official)
    response = client.get(url("minutes_diff", meeting), {"a": 2, "b": 3})
    assert response.status_code == 200
    return response


def test_the_diff_compares_the_rendered_chinese_text_word_by_word(client, meeting, sipo_official):
    response = word_diff(client, meeting, sipo_official, ZH_OLD, ZH_NEW)
    html = str(response.context["html"])
    # Chinese is compared by words: the sentence keeps what is unchanged, only the changed words are marked.
    assert "<p>双方回顾了专利<del>信息资源共享</del><ins>文献交换</ins>工作<ins>，确认已经完成</ins>。</p>" in html
    assert "<li><ins>举办</ins><strong><ins>培训班</ins></strong></li>" in html
    assert "<strong><del>bold</del><ins>strong</ins></strong>" in html
    # The rendered text, not the Markdown: no hunk headers, no asterisks.
    assert "@@" not in response.text and "**" not in html
    assert "minutes-word-diff" in response.text


def test_the_word_diff_links_to_the_markdown_line_diff(client, meeting, sipo_official):
    response = word_diff(client, meeting, sipo_official, ZH_OLD, ZH_NEW)
    tabs = lxml.html.fromstring(response.text).xpath("//ul[contains(@class, 'diff-views')]//a")
    assert [(tab.get("href"), tab.get("aria-current")) for tab in tabs] == [
        (url("minutes_diff", meeting) + "?a=2&b=3", "page"),
        (url("minutes_diff", meeting) + "?a=2&b=3&view=lines", None),
    ]
    lines = client.get(url("minutes_diff", meeting), {"a": 2, "b": 3, "view": "lines"})
    assert ("added", "- 举办**培训班**") in lines.context["rows"]
    assert 'class="diff-added"' in lines.text and "minutes-word-diff" not in lines.text


def test_the_word_diff_is_sanitised(client, meeting, sipo_official):
    response = word_diff(client, meeting, sipo_official, "# Minutes\n\nFine.\n", HOSTILE)
    html = str(response.context["html"])
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert '<a href="https://example.org/report" rel="noopener noreferrer nofollow">' in html


def test_the_word_diff_of_the_same_text_says_so(client, meeting, sipo_official):
    response = word_diff(client, meeting, sipo_official, ZH_OLD, ZH_OLD + "\n")
    html = str(response.context["html"])
    assert "<ins>" not in html and "<del>" not in html


@pytest.mark.parametrize("query", [{"a": 1, "b": 9}, {"a": "x", "b": 1}, {"a": 1}])
def test_a_diff_of_revisions_that_do_not_exist_is_404(client, in_review, meeting, sipo_official, query):
    client.force_login(sipo_official)
    assert client.get(url("minutes_diff", meeting), query).status_code == 404


# Review and sign-off.


def test_submitting_tells_the_coordinators_of_both_parties(client, meeting, sipo_official, personas):
    write(meeting)
    client.force_login(sipo_official)
    client.post(url("minutes_submit", meeting))
    assert reloaded(meeting.minutes).status == MinutesStatus.IN_REVIEW
    told = set(OutboxMessage.objects.filter(kind="minutes.submitted").values_list("recipient__username", flat=True))
    assert told == {"cas_coordinator", "sipo_coordinator"}


def test_both_parties_approving_the_same_revision_locks_the_minutes(
    client, in_review, meeting, cas_coordinator, sipo_coordinator
):
    client.force_login(cas_coordinator)
    response = client.post(
        url("minutes_review", meeting), {"decision": "approve", "revision": 2, "lock": "on"}, follow=True
    )
    assert any("other party" in message for message in messages_of(response))
    assert reloaded(in_review).status == MinutesStatus.IN_REVIEW
    assert "Approve revision 2" not in response.text  # the CAS approval is given; no second button

    client.force_login(sipo_coordinator)
    response = client.post(
        url("minutes_review", meeting), {"decision": "approve", "revision": 2, "lock": "on"}, follow=True
    )
    minutes = reloaded(in_review)
    assert minutes.status == MinutesStatus.APPROVED and minutes.approved_revision.number == 2
    assert 'class="alert alert-success minutes-locked"' in response.text
    assert minutes.approved_revision.sha256 in response.text
    record = response.context["approvals"]
    assert {(review.party.code, review.by.full_name) for review in record} == {
        ("CAS", cas_coordinator.full_name),
        ("SIPO", sipo_coordinator.full_name),
    }
    assert url("minutes_pdf", meeting) in response.text
    assert url("minutes_edit", meeting) not in response.text
    assert OutboxMessage.objects.filter(kind="minutes.approved").count() == 2  # both attendees


def test_a_party_cannot_approve_the_same_revision_twice(client, in_review, meeting, cas_coordinator, cas_coordinator_2):
    client.force_login(cas_coordinator)
    client.post(url("minutes_review", meeting), {"decision": "approve", "revision": 2, "lock": "on"})
    client.force_login(cas_coordinator_2)
    response = client.post(
        url("minutes_review", meeting), {"decision": "approve", "revision": 2, "lock": "on"}, follow=True
    )
    assert "Your party has already approved this revision." in messages_of(response)
    assert SignOff.objects.filter(decision=Decision.APPROVED).count() == 1
    assert reloaded(in_review).status == MinutesStatus.IN_REVIEW


def test_approving_a_superseded_revision_is_refused(client, in_review, meeting, sipo_official, cas_coordinator):
    # The coordinator loaded revision 2; meanwhile the minute-taker saved and submitted revision 3.
    services.minutes_save(minutes=in_review, by=sipo_official, text=SECOND_TEXT)
    services.minutes_submit(minutes=in_review, by=sipo_official)
    client.force_login(cas_coordinator)
    response = client.post(
        url("minutes_review", meeting), {"decision": "approve", "revision": 2, "lock": "on"}, follow=True
    )
    assert any("superseded" in message for message in messages_of(response))
    assert not SignOff.objects.exists()
    assert response.context["review_form"].initial["revision"] == 3  # the page now offers the current one


def test_a_forged_party_is_ignored_the_approval_is_for_the_coordinators_own_party(
    client, in_review, meeting, sipo_coordinator, cas
):
    client.force_login(sipo_coordinator)
    client.post(url("minutes_review", meeting), {"decision": "approve", "revision": 2, "lock": "on", "party": cas.pk})
    review = SignOff.objects.get()
    assert review.party.code == "SIPO" and review.by == sipo_coordinator
    assert reloaded(in_review).status == MinutesStatus.IN_REVIEW  # CAS has not approved


@pytest.mark.parametrize("username", ["cas_official", "sipo_official", "cas_docadmin"])
def test_only_coordinators_review(client, in_review, meeting, personas, username):
    client.force_login(personas[username])
    assert (
        client.post(url("minutes_review", meeting), {"decision": "approve", "revision": 2, "lock": "on"}).status_code
        == 403
    )
    assert not SignOff.objects.exists()


def test_requesting_changes_needs_a_comment_which_is_shown_beside_the_minutes(
    client, in_review, meeting, sipo_coordinator, sipo_official
):
    client.force_login(sipo_coordinator)
    response = client.post(url("minutes_review", meeting), {"decision": "changes", "revision": 2, "comment": "  "})
    assert response.status_code == 200 and "Say what should change." in response.text
    assert reloaded(in_review).status == MinutesStatus.IN_REVIEW

    comment = "Item 2: add <the> figures 请补充数据"
    client.post(url("minutes_review", meeting), {"decision": "changes", "revision": 2, "comment": comment})
    assert reloaded(in_review).status == MinutesStatus.DRAFT
    told = OutboxMessage.objects.get(kind="minutes.changes_requested")
    assert told.recipient == sipo_official and told.params["comment"] == comment

    client.force_login(sipo_official)
    page = client.get(url("minutes", meeting))
    assert "Item 2: add &lt;the&gt; figures 请补充数据" in page.text
    assert url("minutes_edit", meeting) in page.text and url("minutes_submit", meeting) in page.text


def test_a_new_revision_voids_the_approvals_given_so_far(client, in_review, meeting, cas_coordinator, sipo_official):
    services.minutes_approve(minutes=in_review, revision=2, by=cas_coordinator)
    client.force_login(sipo_official)
    client.post(url("minutes_edit", meeting), {"text": SECOND_TEXT})
    minutes = reloaded(in_review)
    assert minutes.status == MinutesStatus.DRAFT and minutes.current_revision.number == 3
    assert not signoffs_of(minutes, version=minutes.current_revision.version).exists()


# The lock and amendments.


def test_locked_minutes_are_not_offered_for_editing(client, approved, meeting, sipo_official):
    client.force_login(sipo_official)
    response = client.get(url("minutes_edit", meeting), follow=True)
    assert response.redirect_chain[-1][0] == url("minutes", meeting)
    assert "The minutes are approved and locked; propose an amendment instead." in messages_of(response)
    assert "<textarea" not in response.text
    assert url("minutes_amend", meeting) in response.text


def test_posting_directly_to_edit_locked_minutes_is_refused_and_the_text_stays(
    client, approved, meeting, sipo_official
):
    client.force_login(sipo_official)
    response = client.post(url("minutes_edit", meeting), {"text": "# Rewritten after approval"}, follow=True)
    assert "The minutes are approved and locked; propose an amendment instead." in messages_of(response)
    minutes = reloaded(approved)
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.current_revision.text == FIRST_TEXT and minutes.revisions.count() == 2
    assert client.post(url("minutes_submit", meeting), follow=True).status_code == 200
    assert reloaded(approved).status == MinutesStatus.APPROVED


def test_an_amendment_needs_both_approvals_again_and_the_approved_text_stays_readable(
    client, approved, meeting, sipo_official, cas_coordinator, sipo_coordinator, sipo_official_2
):
    client.force_login(sipo_official)
    client.post(url("minutes_amend", meeting), {"text": SECOND_TEXT})
    minutes = reloaded(approved)
    assert minutes.status == MinutesStatus.DRAFT and minutes.current_revision.number == 3
    assert minutes.approved_revision.number == 2
    page = client.get(url("minutes", meeting))
    assert "An amendment is under way (revision 3)" in page.text
    approved_page = client.get(url("minutes_revision", meeting, 2))
    assert approved_page.status_code == 200 and "This is the text both parties approved." in approved_page.text
    # Those who read approved text only keep reading revision 2, and its PDF.
    client.force_login(sipo_official_2)
    page = client.get(url("minutes", meeting))
    assert page.context["shown"].number == 2 and "at 10:00" not in page.text
    pdf = client.get(url("minutes_pdf", meeting)).content
    assert "revision 2" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # Approved again, the amendment is the text.
    services.minutes_submit(minutes=minutes, by=sipo_official)
    minutes = approve_by_both(reloaded(minutes), cas_coordinator, sipo_coordinator)
    assert minutes.status == MinutesStatus.APPROVED and minutes.approved_revision.number == 3
    assert "at 10:00" in client.get(url("minutes", meeting)).text


def test_amending_minutes_that_are_not_approved_is_refused(client, in_review, meeting, sipo_official):
    client.force_login(sipo_official)
    response = client.post(url("minutes_amend", meeting), {"text": SECOND_TEXT}, follow=True)
    assert "Only approved minutes are amended; edit the draft instead." in messages_of(response)
    assert reloaded(in_review).current_revision.number == 2


# Markdown that tries to run something.


def test_hostile_markdown_is_neutralised_on_the_page(client, meeting, sipo_official):
    write(meeting, HOSTILE)
    client.force_login(sipo_official)
    body = client.get(url("minutes", meeting)).context["html"]
    assert "<script" not in body and "alert('script')" not in body
    assert "<img" not in body and "onerror" not in body
    assert "javascript:" not in body
    assert 'href="https://example.org/report"' in body
    revision_page = client.get(url("minutes_revision", meeting, 2)).text
    assert "<script>alert" not in revision_page and "onerror" not in revision_page
    assert "javascript:" not in revision_page


def test_hostile_markdown_is_neutralised_in_the_pdf(client, meeting, sipo_official, cas_coordinator, sipo_coordinator):
    minutes = write(meeting, HOSTILE, submit=True)
    approve_by_both(minutes, cas_coordinator, sipo_coordinator)
    client.force_login(sipo_official)
    pdf = client.get(url("minutes_pdf", meeting)).content
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "alert" not in text and "onerror" not in text
    uris = [
        annotation.get_object().get("/A", {}).get("/URI", "")
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    ]
    assert "https://example.org/report" in uris
    assert not any(uri.lower().startswith("javascript") for uri in uris)
    assert "/JavaScript" not in reader.trailer["/Root"].get("/Names", {})


# The PDF.


def test_the_pdf_has_the_chinese_title_and_the_approval_record(
    client, approved, meeting, cas_coordinator, sipo_coordinator, sipo_official_2
):
    client.force_login(sipo_official_2)
    response = client.get(url("minutes_pdf", meeting))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = re.sub(r"\s+", "", text)
    assert TITLE in flat  # rendered with a CJK font, not as boxes
    assert cas_coordinator.full_name.replace(" ", "") in flat
    assert sipo_coordinator.full_name.replace(" ", "") in flat
    assert approved.approved_revision.sha256 in flat
    assert "Approval record" in text and "revision 2" in text


def test_the_pdf_is_named_after_the_meeting_and_its_day(client, approved, meeting, sipo_official):
    day = timezone.localdate(meeting.starts_at).isoformat()
    client.force_login(sipo_official)
    disposition = client.get(url("minutes_pdf", meeting))["Content-Disposition"]
    quoted = quote(TITLE)  # the UTF-8 of 第五次联合工作组会议, percent-encoded
    assert disposition == f"attachment; filename=\"minutes-{day}.pdf\"; filename*=UTF-8''{quoted}%20{day}.pdf"


def test_an_english_title_names_the_ascii_fallback_too(client, cas_official, sipo_official, personas):
    meeting = schedule(
        cas_official, [cas_official, sipo_official], title='Liaison: "plan" 2027', minute_taker=sipo_official
    )
    approve_by_both(write(meeting, submit=True), personas["cas_coordinator"], personas["sipo_coordinator"])
    client.force_login(sipo_official)
    day = timezone.localdate(meeting.starts_at).isoformat()
    disposition = client.get(url("minutes_pdf", meeting))["Content-Disposition"]
    assert disposition == (
        f"attachment; filename=\"liaison-plan-2027-{day}.pdf\"; filename*=UTF-8''Liaison-%20-plan-%202027%20{day}.pdf"
    )


def test_the_pdf_lists_the_meetings_action_items(client, approved, meeting, sipo_official, cas_official, time_machine):
    services.action_item_create(
        meeting=meeting, by=sipo_official, description="提交专利数据对接方案", owner=cas_official,
        due_date=timezone.localdate() + timedelta(days=14),
    )  # fmt: skip
    done = services.action_item_create(
        meeting=meeting, by=sipo_official, description="Send the 2030 statistics", owner=sipo_official,
        due_date=timezone.localdate(),
    )  # fmt: skip
    services.action_item_complete(item=done, by=sipo_official, note="Sent.")
    client.force_login(sipo_official)
    pdf = client.get(url("minutes_pdf", meeting)).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", "", text)
    assert "Action items" in text
    assert "提交专利数据对接方案" in flat and cas_official.full_name.replace(" ", "") in flat
    assert "Sendthe2030statistics" in flat and "Done" in text and "Open" in text


def test_a_pdf_without_action_items_has_no_such_section(client, approved, meeting, sipo_official):
    client.force_login(sipo_official)
    pdf = client.get(url("minutes_pdf", meeting)).content
    assert "Action items" not in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("state", ["none", "draft", "in_review"])
def test_there_is_no_pdf_before_approval(client, meeting, sipo_official, cas_coordinator, state):
    if state != "none":
        write(meeting, submit=state == "in_review")
    for user in (sipo_official, cas_coordinator):
        client.force_login(user)
        assert client.get(url("minutes_pdf", meeting)).status_code == 404


# Who sees what: every page, every persona.

EVERY_READER = ["cas_official", "sipo_official", "cas_coordinator", "sipo_coordinator"]
APPROVED_ONLY = ["cas_docadmin", "sipo_docadmin", "sipo_official_2"]


@pytest.fixture
def people(personas, sipo_official_2):
    return personas | {"sipo_official_2": sipo_official_2}


# The minute-taker is the SIPO official: SIPO's attendees and coordinators read the drafts too; CAS's once submitted.
MINUTE_TAKERS_PARTY = ["sipo_official", "sipo_coordinator"]


@pytest.mark.parametrize(
    ("username", "sees_text"),
    [(u, True) for u in EVERY_READER] + [(u, False) for u in APPROVED_ONLY],
)
def test_unapproved_minutes_are_read_by_attendees_and_coordinators_only(
    client, in_review, meeting, people, username, sees_text
):
    services.minutes_save(minutes=in_review, by=meeting.minute_taker, text=SECOND_TEXT)  # revisions 1..3
    client.force_login(people[username])
    page = client.get(url("minutes", meeting))
    assert page.status_code == 200
    reads_draft = sees_text and username in MINUTE_TAKERS_PARTY
    # Revision 2 was submitted: the attendees and coordinators of both parties follow it; revision 3 is a draft.
    assert ("at 10:00" in page.text) is reads_draft
    assert ("The chair opened the meeting" in page.text) is sees_text
    assert ("The minutes are not approved yet." in page.text) is not sees_text
    assert client.get(url("minutes_revision", meeting, 2)).status_code == (200 if sees_text else 404)
    assert client.get(url("minutes_revision", meeting, 3)).status_code == (200 if reads_draft else 404)
    assert client.get(url("minutes_diff", meeting), {"a": 2, "b": 3}).status_code == (200 if reads_draft else 404)
    assert client.get(url("minutes_pdf", meeting)).status_code == 404


@pytest.mark.parametrize("username", EVERY_READER + APPROVED_ONLY)
def test_approved_minutes_are_read_by_the_staff_of_both_parties(client, approved, meeting, people, username):
    services.minutes_amend(minutes=approved, by=meeting.minute_taker, text=SECOND_TEXT)  # revision 3, a draft
    client.force_login(people[username])
    # The amendment is the SIPO minute-taker's draft: SIPO's attendees and coordinators read it, nobody else yet.
    reads_drafts = username in MINUTE_TAKERS_PARTY
    page = client.get(url("minutes", meeting))
    assert page.status_code == 200 and "The chair opened the meeting" in page.text
    assert [r.number for r in page.context["revisions"]] == ([3, 2, 1] if reads_drafts else [2])
    assert client.get(url("minutes_revision", meeting, 2)).status_code == 200
    assert client.get(url("minutes_revision", meeting, 3)).status_code == (200 if reads_drafts else 404)
    assert client.get(url("minutes_diff", meeting), {"a": 2, "b": 3}).status_code == (200 if reads_drafts else 404)
    assert client.get(url("minutes_pdf", meeting)).status_code == 200


def test_the_other_staff_see_approvals_but_not_the_comments_on_drafts(
    client, in_review, meeting, cas_coordinator, sipo_coordinator, sipo_official, sipo_official_2
):
    services.minutes_request_changes(minutes=in_review, revision=2, by=cas_coordinator, comment="秘密: fix item 1")
    services.minutes_submit(minutes=in_review, by=sipo_official)
    approve_by_both(reloaded(in_review), cas_coordinator, sipo_coordinator)
    client.force_login(sipo_official_2)
    page = client.get(url("minutes", meeting))
    assert "秘密" not in page.text
    assert {review.decision for review in page.context["reviews"]} == {Decision.APPROVED}
    client.force_login(sipo_official)
    assert "秘密: fix item 1" in client.get(url("minutes", meeting)).text


@pytest.mark.parametrize(
    "page", ["minutes", "minutes_edit", "minutes_amend", "minutes_review", "minutes_pdf", "revision", "diff"]
)
@pytest.mark.parametrize("username", ["sipo_official", "sipo_coordinator", "sipo_docadmin", "outsider"])
def test_an_internal_meeting_and_its_minutes_are_404_to_the_other_party_and_outsiders(
    client, people, cas_official, cas_coordinator, cas_docadmin, username, page
):
    internal = schedule(
        cas_official, [cas_official, cas_coordinator], internal=True, minute_taker=cas_official, title="CAS only"
    )
    minutes = write(internal, submit=True)
    services.minutes_approve(minutes=minutes, revision=2, by=cas_coordinator)
    client.force_login(people[username])
    target = {
        "revision": url("minutes_revision", internal, 2),
        "diff": url("minutes_diff", internal) + "?a=1&b=2",
    }.get(page) or url(page, internal)
    assert client.get(target).status_code == 404
    assert client.post(target, {"decision": "approve", "revision": 2, "text": "x"}).status_code == 404
    # Its own party reads it as any meeting of theirs.
    client.force_login(cas_docadmin)
    assert client.get(url("minutes", internal)).status_code == 200


@pytest.mark.parametrize("name", ["minutes", "minutes_pdf", "minutes_diff"])
def test_anonymous_is_sent_to_sign_in(client, approved, meeting, name):
    response = client.get(url(name, meeting))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_missing_meeting_is_404(client, cas_official, db):
    client.force_login(cas_official)
    assert client.get(reverse("meetings:minutes", args=[999999])).status_code == 404


def test_without_minutes_the_page_says_so_and_offers_the_minute_taker_to_start(
    client, meeting, sipo_official, cas_official
):
    client.force_login(cas_official)
    page = client.get(url("minutes", meeting))
    assert "No minutes have been written for this meeting yet." in page.text
    assert url("minutes_start", meeting) not in page.text
    client.force_login(sipo_official)
    assert url("minutes_start", meeting) in client.get(url("minutes", meeting)).text
    for name in ("minutes_edit", "minutes_diff", "minutes_pdf"):
        assert client.get(url(name, meeting)).status_code == 404


# The concurrent approval: PostgreSQL only.


class _PartiesAfterAPause:
    class objects:  # stands in for Party.objects
        @staticmethod
        def values_list(*args, **kwargs):
            time.sleep(0.3)
            return list(Party.objects.values_list(*args, **kwargs))


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_approving_at_the_same_moment_both_count_and_lock_the_minutes_once(
    monkeypatch, cas_official, sipo_official, cas_coordinator, sipo_coordinator
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks and runs one writer at a time")
    meeting = schedule(cas_official, [cas_official, sipo_official], minute_taker=sipo_official)
    minutes = write(meeting, submit=True)
    # Hold each transaction open a moment after it has counted the approvals (the service then reads the
    # parties), so the two overlap every time: without the row lock both would count only their own
    # approval before either commits, and the minutes would never be approved.
    monkeypatch.setattr(signoff_selectors, "Party", _PartiesAfterAPause)
    barrier = threading.Barrier(2)
    errors = []

    def approve(coordinator):
        try:
            barrier.wait(timeout=10)
            services.minutes_approve(minutes=minutes, revision=2, by=coordinator)
        except Exception as exc:  # reported below, where pytest shows it
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=(coordinator,)) for coordinator in (cas_coordinator, sipo_coordinator)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    approvals = signoffs_of(minutes).filter(version="2", decision=Decision.APPROVED)
    assert sorted(approvals.values_list("party__code", flat=True)) == ["CAS", "SIPO"]
    minutes = reloaded(minutes)
    assert minutes.status == MinutesStatus.APPROVED and minutes.approved_revision.number == 2
    # Locked once: one approval notice per attendee, not two.
    assert OutboxMessage.objects.filter(kind="minutes.approved").count() == 2


# The ledger.


def test_marking_held_records_a_logged_communication_activity_linked_both_ways(client, meeting, cas_official):
    client.force_login(cas_official)
    page = client.get(url("minutes", meeting))
    assert url("meeting_held", meeting) in page.text
    response = client.post(url("meeting_held", meeting), {"next": url("minutes", meeting)}, follow=True)
    assert response.redirect_chain[-1][0] == url("minutes", meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    activity = meeting.activity
    assert activity.status == ActivityStatus.LOGGED and activity.area == Area.COMMUNICATION
    assert activity.title == TITLE and activity.party.code == "CAS"
    assert Activity.objects.get(pk=activity.pk).meeting == meeting
    assert activity.get_absolute_url() in response.text  # the minutes page links to the ledger
    assert url("meeting_held", meeting) not in response.text
    activity_page = client.get(activity.get_absolute_url())
    assert meeting.get_absolute_url() in activity_page.text  # and the ledger back to the meeting
    assert activity.get_absolute_url() in client.get(meeting.get_absolute_url()).text  # the meeting's page too


def test_the_meeting_page_offers_mark_as_held_and_the_minutes(client, meeting, cas_official, sipo_official):
    client.force_login(cas_official)
    page = client.get(meeting.get_absolute_url())
    assert url("meeting_held", meeting) in page.text and url("minutes", meeting) in page.text
    assert url("minutes_start", meeting) not in page.text
    client.force_login(sipo_official)  # the minute-taker, of the other party
    page = client.get(meeting.get_absolute_url())
    assert url("meeting_held", meeting) not in page.text and url("minutes_start", meeting) in page.text


def test_approved_minutes_confirm_the_ledger_activity(client, meeting, cas_official, cas_coordinator, sipo_coordinator):
    services.meeting_mark_held(meeting=meeting, by=cas_official)
    minutes = write(Meeting.objects.get(pk=meeting.pk), submit=True)
    approve_by_both(minutes, cas_coordinator, sipo_coordinator)
    activity = Activity.objects.get(meeting=meeting)
    assert activity.status == ActivityStatus.CONFIRMED
    assert activity.history.filter(status=ActivityStatus.CONFIRMED, by=sipo_coordinator).exists()


def test_minutes_approved_before_the_meeting_is_marked_held_confirm_its_entry_at_once(
    meeting, cas_official, cas_coordinator, sipo_coordinator
):
    minutes = write(meeting, submit=True)
    approve_by_both(minutes, cas_coordinator, sipo_coordinator)
    OutboxMessage.objects.all().delete()

    services.meeting_mark_held(meeting=Meeting.objects.get(pk=meeting.pk), by=cas_official)

    activity = Activity.objects.get(meeting=meeting)
    assert activity.status == ActivityStatus.CONFIRMED
    assert activity.history.filter(status=ActivityStatus.CONFIRMED, by=sipo_coordinator).exists()
    # Both parties signed the minutes off: nobody is asked to confirm the meeting a second time.
    assert not OutboxMessage.objects.filter(kind="activity.logged").exists()
    assert OutboxMessage.objects.filter(kind="activity.confirmed", recipient=cas_official).exists()


def test_a_meeting_that_has_not_started_cannot_be_marked_held(client, cas_official, sipo_official):
    ahead = schedule(cas_official, [cas_official, sipo_official], starts_in=timedelta(days=2))
    client.force_login(cas_official)
    assert url("meeting_held", ahead) not in client.get(url("minutes", ahead)).text
    response = client.post(url("meeting_held", ahead), follow=True)
    assert "The meeting has not started yet." in messages_of(response)
    ahead.refresh_from_db()
    assert ahead.status == MeetingStatus.SCHEDULED and ahead.activity is None


@pytest.mark.parametrize(("username", "status"), [("sipo_official", 403), ("cas_docadmin", 403), ("outsider", 404)])
def test_only_the_organising_party_marks_held(client, meeting, personas, username, status):
    client.force_login(personas[username])
    assert client.post(url("meeting_held", meeting)).status_code == status
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_an_internal_meeting_held_stays_out_of_the_ledger(client, cas_official, cas_coordinator):
    internal = schedule(cas_official, [cas_official, cas_coordinator], internal=True)
    client.force_login(cas_official)
    response = client.post(url("meeting_held", internal), follow=True)
    assert "Marked as held." in messages_of(response)
    internal.refresh_from_db()
    assert internal.status == MeetingStatus.HELD and internal.activity is None
    assert not Activity.objects.exists()


def test_approving_asks_first_what_it_locks(client, in_review, meeting, cas_coordinator):
    client.force_login(cas_coordinator)
    page = client.get(url("minutes", meeting)).text
    assert 'name="lock"' in page and "the minutes are locked" in page

    response = client.post(url("minutes_review", meeting), {"decision": "approve", "revision": 2})
    assert response.status_code == 200
    assert response.context["form"].errors["lock"] == ["Tick the box to approve: your approval can lock the minutes."]
    assert "Approve revision 2" in response.text and 'name="lock"' in response.text
    assert not signoffs_of(in_review).exists()


@pytest.mark.parametrize("reviewer", ["cas_official", "sipo_official", "cas_docadmin", "outsider"])
def test_the_review_services_themselves_refuse_anyone_but_a_coordinator(personas, in_review, reviewer):
    """The views guard this too; the services must hold on their own (another caller, a task, the API)."""
    user, revision = personas[reviewer], in_review.current_revision.number

    with pytest.raises(PermissionDenied):
        services.minutes_approve(minutes=in_review, revision=revision, by=user)
    with pytest.raises(PermissionDenied):
        services.minutes_request_changes(minutes=in_review, revision=revision, by=user, comment="Add the dates.")

    assert reloaded(in_review).status == MinutesStatus.IN_REVIEW
    assert not signoffs_of(in_review).exists()
