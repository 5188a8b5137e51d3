"""A coordinator sets up a meeting series in the portal and renames it; no Django admin needed."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cooperation.meetings.models import Series

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_creates_and_renames_a_series(live_server, page, step, sipo_coordinator):
    base = live_server.url
    sign_in(page, base, sipo_coordinator)
    page.goto(base + reverse("meetings:list"))
    page.locator(f"main a[href='{reverse('meetings:series_list')}']").click()
    page.locator(f"main a[href='{reverse('meetings:series_create')}']").first.click()
    form = page.locator("main form.series-form")
    form.locator("button[type=submit]").click()  # no name: shown again with the error
    expect(form.locator("#div_id_name .invalid-feedback")).to_be_visible()
    step("a series needs a name")
    form.locator("input[name=name]").fill("联合工作组")
    form.locator("textarea[name=description]").fill("双方每季度召开一次。")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(base + reverse("meetings:series_list"))
    series = Series.objects.get()
    expect(page.locator("main table.series-list")).to_contain_text("联合工作组")
    step("series created")
    page.locator(f"main a[href='{reverse('meetings:series_edit', args=[series.pk])}']").click()
    page.locator("main form.series-form input[name=name]").fill("联合工作组 Joint Working Group")
    page.locator("main form.series-form button[type=submit]").click()
    expect(page.locator("main table.series-list")).to_contain_text("Joint Working Group")
    step("series renamed")
