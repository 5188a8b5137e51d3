"""The language chosen on the sign-in page wins over the one the account had saved, and is saved: a SIPO
official whose account says English picks 中文 before signing in, and the portal stays in Chinese, now
and at the next sign-in (and the other way round for an account saved in Chinese).

The switcher is found by its `value` (the language code), the pages' language by `<html lang>`.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from protocol.parties.models import Language, User
from tests.factories import PASSWORD

from .conftest import sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_choosing(page, base: str, user, language: str) -> None:
    page.goto(base + reverse("login"))
    page.locator(f"form[action='{reverse('language_switch')}'] button[value='{language}']").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    form = page.locator("main form")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(base + reverse("dashboard"))


@pytest.mark.parametrize(
    ("saved", "chosen"), [(Language.ENGLISH, Language.CHINESE), (Language.CHINESE, Language.ENGLISH)]
)
def test_the_language_chosen_at_sign_in_wins_and_is_saved(live_server, page, step, sipo_official, saved, chosen):
    User.objects.filter(pk=sipo_official.pk).update(preferred_language=saved)
    base = live_server.url

    sign_in_choosing(page, base, sipo_official, chosen)
    step("signed in")
    expect(page.locator("html")).to_have_attribute("lang", chosen)
    sipo_official.refresh_from_db()
    assert sipo_official.preferred_language == chosen

    # The next sign-in, with no choice made, keeps the saved language.
    sign_out(page, base)
    page.context.clear_cookies()
    page.goto(base + reverse("login"))
    form = page.locator("main form")
    form.locator("input[name=username]").fill(sipo_official.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(base + reverse("dashboard"))
    expect(page.locator("html")).to_have_attribute("lang", chosen)
