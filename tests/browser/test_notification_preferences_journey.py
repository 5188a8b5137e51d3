"""Notification settings, in a real browser: the SIPO coordinator, who gets minutes to review by
e-mail at once, switches that kind to the daily digest. The next review request then reaches them
in the portal (the navbar badge, the inbox filtered to the communication area) and in the next
morning's digest, and never as an e-mail of its own; the CAS coordinator still gets theirs at once.

Pages are driven by URLs, form field names and data attributes, not translated labels.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cooperation.meetings import services
from protocol.notifications.models import Channel, NotificationPreference
from protocol.notifications.services import digests_build

from .conftest import schedule_past_meeting, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "第六次联合工作组会议"
KIND_ROW = "fieldset[data-kind='kind-minutes.submitted']"


@pytest.fixture
def meeting(cas_official, sipo_official):
    return schedule_past_meeting(title=TITLE, by=cas_official, minute_taker=sipo_official)


def test_a_coordinator_moves_minutes_to_review_to_the_daily_digest_and_the_next_request_arrives_only_there(
    live_server, page, step, eager_tasks, mailoutbox, meeting, sipo_official, cas_coordinator, sipo_coordinator
):
    base = live_server.url
    preferences_url = base + reverse("notifications:preferences")

    # From the inbox to the settings; "minutes to review" is e-mailed at once by default to a coordinator.
    sign_in(page, base, sipo_coordinator)
    page.goto(base + reverse("notifications:inbox"))
    page.locator(f"main a[href='{reverse('notifications:preferences')}']").click()
    expect(page).to_have_url(preferences_url)
    row = page.locator(f"main {KIND_ROW}")
    expect(row.locator(f"input[value='{Channel.IMMEDIATE}']")).to_be_checked()

    # Chosen with the keyboard: focus the checked radio, arrow to the next one (the digest), save.
    row.locator(f"input[value='{Channel.IMMEDIATE}']").focus()
    page.keyboard.press("ArrowRight")
    expect(row.locator(f"input[value='{Channel.DIGEST}']")).to_be_checked()
    step("digest chosen")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(preferences_url)
    expect(page.locator("main .alert-success, .alert-success")).to_be_visible()
    expect(page.locator(f"main {KIND_ROW} input[value='{Channel.DIGEST}']")).to_be_checked()
    step("saved")
    assert list(NotificationPreference.objects.filter(user=sipo_coordinator).values_list("kind", "channel")) == [
        ("minutes.submitted", Channel.DIGEST)
    ]

    # The SIPO minute-taker submits minutes for review (tasks run in this process).
    minutes = services.minutes_start(meeting=meeting, by=sipo_official)
    minutes = services.minutes_save(minutes=minutes, by=sipo_official, text=f"# {TITLE}\n\nAll agreed.\n")
    mailoutbox.clear()  # the invitations
    services.minutes_submit(minutes=minutes, by=sipo_official)

    # CAS's coordinator, who kept the default, is e-mailed at once; SIPO's is not.
    assert [email.to for email in mailoutbox] == [[cas_coordinator.email]]

    # In the portal the request is there: the badge counts it, the inbox filtered to the area lists it.
    page.goto(base + reverse("notifications:inbox") + "?area=communication&state=unread")
    expect(page.locator("nav .badge-slot [data-unread]")).to_have_attribute("data-unread", "1")
    entries = page.locator("main ul.list-group li")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text(TITLE)
    step("in the inbox")

    # The next morning's digest carries it, with a link to the meeting.
    mailoutbox.clear()
    digests_build(now=timezone.now() + timedelta(hours=1))
    [digest] = mailoutbox
    assert digest.to == [sipo_coordinator.email]
    assert TITLE in digest.body
    assert f"{meeting.get_absolute_url()}" in digest.body
