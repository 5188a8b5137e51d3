"""A coordinator sets up two-factor sign-in and uses it, from the keyboard alone, under the content-security policy
(the `step`s check accessibility and policy violations in both languages)."""

import re
import time
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.mfa]


def code_for(secret: str) -> str:
    totp = TOTP(b32decode(secret.replace(" ", "")), step=30, t0=0, digits=6)
    totp.time = time.time()
    return f"{totp.token():06d}"


def password_sign_in(page, base, user) -> None:
    page.goto(base + reverse("login"))
    form = page.locator("main form")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("input[name=password]").press("Enter")


def test_setting_up_and_using_two_factor_sign_in_by_keyboard(live_server, page, step, cas_coordinator, settings):
    # The code is read off the real clock here and checked a moment later in the server: with a code living one
    # 30-second step only, a journey that crossed a step's end would be refused now and then. How long a code
    # lives is tests/mfa's subject, with a frozen clock.
    settings.MFA_TOTP_TOLERANCE = 1
    base = live_server.url
    password_sign_in(page, base, cas_coordinator)
    expect(page).to_have_url(re.compile(re.escape(base + reverse("mfa:enrol"))))
    expect(page.locator("[data-mfa-qr]")).to_be_visible()
    step("the enrolment page")
    secret = page.locator("[data-mfa-secret]").inner_text()

    # The code field has the focus: type and press Enter (wrong codes and their wait: tests/mfa).
    page.keyboard.type(code_for(secret))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(base + reverse("mfa:recovery_codes"))))
    codes = page.locator("[data-recovery-codes] li").all_inner_texts()
    assert len(codes) == 10
    step("the recovery codes")
    page.get_by_role("link", name="I have kept the codes; continue").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(base + reverse("dashboard"))

    page.locator(f"nav form[action='{reverse('logout')}'] button").click()
    password_sign_in(page, base, cas_coordinator)
    expect(page).to_have_url(re.compile(re.escape(base + reverse("mfa:verify"))))
    step("the verify page")
    page.keyboard.type(codes[0])
    page.keyboard.press("Enter")
    expect(page).to_have_url(base + reverse("dashboard"))
    expect(page.locator("main")).to_contain_text("9 are left")
