"""The inbox's tasks, in a real browser: the SIPO coordinator is asked to confirm two activities; a
colleague confirms one, which leaves "to do" and shows as done under "for your information"; then the
coordinator marks everything read with the keyboard, through the question that says how many.

Pages are driven by URLs and form field names, not translated labels.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from protocol.activities import services
from protocol.notifications.models import Notification
from tests.notifications.test_tasks import log_activity

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

INBOX = reverse("notifications:inbox")
READ_ALL = reverse("notifications:mark_all_read")


def test_a_task_a_colleague_did_leaves_to_do_and_mark_all_read_asks_first(
    live_server, page, step, eager_tasks, cas, sipo, cas_official, sipo_official, sipo_coordinator, sipo_coordinator_2
):
    base = live_server.url
    colleague = sipo_coordinator_2
    confirmed = log_activity(cas, cas_official, sipo_official, "Patent landscape of AI")
    log_activity(cas, cas_official, sipo_official, "Joint training on examination")

    sign_in(page, base, sipo_coordinator)
    page.goto(f"{base}{INBOX}?tab=todo")
    expect(page.locator("main .list-group-item")).to_have_count(2)
    step("two to do")

    services.activity_confirm(activity=confirmed, by=colleague)
    page.reload()
    expect(page.locator("main .list-group-item")).to_have_count(1)
    expect(page.locator("main .list-group-item")).to_contain_text("Joint training on examination")
    page.locator(f"main .nav-tabs a[href='{INBOX}?tab=info']").click()
    expect(page.locator("main .list-group-item")).to_have_count(1)
    expect(page.locator("main .list-group-item .badge.text-bg-success")).to_be_visible()
    step("done by a colleague")

    # With the keyboard: the link to the question, then its button; nothing is marked before the answer.
    page.locator(f"main a[href='{READ_ALL}']").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}{READ_ALL}")
    expect(page.locator("main [data-count]")).to_have_attribute("data-count", "1")
    assert Notification.objects.filter(recipient=sipo_coordinator, read_at__isnull=True).count() == 1
    step("asked")
    page.locator("main form button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}{INBOX}")
    expect(page.locator(".alert-success")).to_be_visible()
    assert not Notification.objects.filter(recipient=sipo_coordinator, read_at__isnull=True).exists()
    expect(page.locator("nav [data-unread]")).to_have_count(0)
    step("all read")
