"""The issue's journey, in a real browser: a SIPO official logs a joint activity in Chinese,
the CAS coordinator confirms it, and the official is told.

The Chinese catalogue changes under these tests, so pages in Chinese are driven by roles, form
field names and URLs, and checked on data (the title typed, status classes, data attributes).
"""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from .conftest import pick_person, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "专利信息资源共享联合分析 — AI patent landscape"


def test_sipo_official_logs_an_activity_in_chinese_and_the_cas_coordinator_confirms_it(
    live_server, page, step, eager_tasks, sipo_official, cas_official, cas_coordinator
):
    base = live_server.url

    # The SIPO official signs in and switches the portal to Chinese.
    sign_in(page, base, sipo_official)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("button", name="中文")).to_have_attribute("aria-pressed", "true")
    step("sipo official, in Chinese")

    # ... and logs a joint activity with a CAS participant, for CAS to confirm.
    page.locator(f"main a[href='{reverse('activities:create')}']").first.click()
    page.locator("select[name=area]").select_option("research")
    page.locator("select[name=kind]").select_option("joint_analysis")
    page.locator("input[name=title]").fill(TITLE)
    page.locator("input[name=start_date]").fill(date.today().isoformat())
    # The official is already a participant; they search for the CAS colleague and tick him.
    chosen = page.locator("#div_id_participants [data-picker-chosen] input:checked")
    expect(chosen).to_have_value(str(sipo_official.pk))
    with translation.override("zh-hans"):
        li_ming = cas_official.name_with_party  # with the party's Chinese short name
    pick_person(page, "participants", "Li M", li_ming)
    # Enter in the search searches again (moving Li Ming up to the chosen); it does not submit the form.
    page.locator("#id_participants").press("Enter")
    expect(chosen).to_have_count(2)
    expect(page).to_have_url(base + reverse("activities:create"))
    step("activity form filled")
    page.locator("button[name=action][value=log]").click()
    expect(page).to_have_url(re.compile(re.escape(base) + r"/activities/\d+/$"))
    detail_url = page.url
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main .status-logged")).to_be_visible()
    step("activity logged")
    sign_out(page, base)

    # The CAS coordinator finds it waiting on the dashboard and confirms it.
    sign_in(page, base, cas_coordinator)
    awaiting = page.locator("section[aria-labelledby=waiting-heading]")
    expect(awaiting).to_contain_text(TITLE)
    step("cas coordinator's dashboard")
    awaiting.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(detail_url)
    review = page.locator("section[aria-labelledby=review-heading]")
    # Confirming locks the activity: the box saying so is ticked first (from the keyboard), or nothing happens.
    review.locator("button[type=submit]:not([formaction])").click()
    expect(page).to_have_url(detail_url)
    expect(page.locator("main .status-confirmed")).to_have_count(0)
    expect(review.locator("input[name=lock]")).to_be_visible()
    step("confirming asks what locks")
    review.locator("input[name=lock]").focus()
    page.keyboard.press("Space")
    review.locator("button[type=submit]:not([formaction])").click()
    expect(page.locator("main .status-confirmed")).to_be_visible()
    expect(review).to_have_count(0)
    step("activity confirmed")
    sign_out(page, base)

    # The SIPO official, still in Chinese, sees it confirmed and has been told.
    sign_in(page, base, sipo_official)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.goto(detail_url)
    expect(page.locator("main .status-confirmed")).to_be_visible()
    inbox_link = page.locator(f"nav a[href='{reverse('notifications:inbox')}']")
    expect(inbox_link.locator(".badge[data-unread]")).to_have_attribute("data-unread", "1")
    step("sipo official sees it confirmed")
    inbox_link.click()
    notifications = page.locator("main .list-group-item")
    expect(notifications).to_have_count(1)
    expect(notifications.first).to_have_class(re.compile(r"\bnotification-unread\b"))
    expect(notifications.first).to_contain_text(TITLE)
    step("sipo official's inbox")


def test_a_pasted_title_beyond_the_limit_is_counted_and_refused_never_cut(live_server, page, step, cas_official):
    base = live_server.url
    long_title = "长" * 400
    sign_in(page, base, cas_official)
    page.goto(base + reverse("activities:create"))
    title = page.locator("main input[name=title]")
    title.fill(long_title)
    # Nothing cut in the browser; the count under the field says how far over the limit it is.
    expect(title).to_have_value(long_title)
    expect(page.locator("main #id_title-counter.text-danger")).to_contain_text("200 characters too many")
    step("the counter warns")
    page.locator("main button[name=action][value=draft]").click()
    expect(page.locator("main input[name=title].is-invalid")).to_have_value(long_title)
    expect(page.locator("main #div_id_title")).to_contain_text("at most 200 characters long (it has 400)")
    step("refused with a message")
