"""Django's admin under the portal's content-security policy: every changelist and add form, and a change
form, break no policy (the admin's accessibility is Django's, so this test leaves axe out)."""

from django.contrib import admin
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule
from playwright.sync_api import expect

from tests.factories import PASSWORD

from .conftest import DEFAULT_TIMEOUT_MS
from .csp import CspWatch


def _admin_pages() -> list[str]:
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        for view in ("changelist", "add"):
            pages.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"))
    return pages


def test_the_admins_pages_break_no_policy(live_server, browser, portal_admin, cas_official):
    CrontabSchedule.objects.create(minute="0", hour="8")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    csp = CspWatch.of(context)
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("admin:login"))
        page.locator("input[name=username]").fill(portal_admin.username)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("input[type=submit]").click()
        expect(page).to_have_url(live_server.url + reverse("admin:index"))
        pages = [*_admin_pages(), reverse("admin:parties_user_change", args=[cas_official.pk])]
        assert len(pages) > 20  # the registry was read
        for url in pages:
            page.goto(live_server.url + url)
            csp.assert_none()

        # The periodic-task form's crontab in words, which django-celery-beat's inline script used to write.
        page.goto(live_server.url + reverse("admin:django_celery_beat_periodictask_add"))
        page.locator("#id_crontab").select_option(label="0 8 * * * (m/h/dM/MY/d) Asia/Shanghai")
        expect(page.locator(".field-crontab [data-crontab-in-words]")).to_contain_text("08:00")
        csp.assert_none()
    finally:
        context.close()
