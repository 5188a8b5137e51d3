"""Passwords: 12 characters or more, not common, not all digits, not like the account's own details; a page to
change one's own; a changed password or a deactivated account ends the account's other sessions."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from bench.management.commands.seed_scale import PASSWORD as SCALE_PASSWORD
from protocol.parties.management.commands.seed_demo import DEFAULT_DEMO_PASSWORD, PERSONAS
from protocol.parties.models import Language, User
from tests.factories import PASSWORD

CHANGE = reverse("password_change")
NEW_PASSWORD = "Kx7-river-lantern-93"


def signed_in(user, password=PASSWORD) -> Client:
    """A browser of its own, signed in through the sign-in page (as a person does, not force_login)."""
    browser = Client()
    response = browser.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302, "the sign-in failed"
    return browser


def is_signed_in(browser: Client) -> bool:
    response = browser.get(reverse("dashboard"))
    assert response.status_code in (200, 302)
    return response.status_code == 200


def change(browser: Client, old: str, new: str, again: str | None = None, **extra):
    data = {"old_password": old, "new_password1": new, "new_password2": new if again is None else again}
    return browser.post(CHANGE, data, **extra)


@pytest.mark.parametrize(
    ("new", "error"),
    [
        ("Kx7-river-9", "This password is too short: it must have at least 12 characters."),
        ("password1234", "This password is too common."),
        ("839271645012", "This password is entirely numeric."),
        ("cas_official1", "The password is too similar to the username."),
        ("Li Ming 2026", "The password is too similar to the full name."),
        ("Sipo-Portal-2026!", "This password is made of words everyone knows the portal by"),
        ("中科院国知局合作2026", "This password is made of words everyone knows the portal by"),
        ("CNIPA#cooperation#9", "This password is made of words everyone knows the portal by"),
    ],
)
def test_a_weak_new_password_is_refused_with_the_reason_and_nothing_changes(client, cas_official, new, error):
    browser = signed_in(cas_official)

    response = change(browser, PASSWORD, new, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert error in response.text
    cas_official.refresh_from_db()
    assert cas_official.check_password(PASSWORD)


def test_the_too_short_error_is_the_portals_own_so_the_catalogue_can_say_it_in_chinese(cas_official):
    """Django 5.2's own msgid is missing from its zh_Hans catalogue: a Chinese page said it in English."""
    cas_official.preferred_language = Language.CHINESE
    cas_official.save()
    browser = signed_in(cas_official)

    response = change(browser, PASSWORD, "Kx7-river-9")

    with translation.override("zh-hans"):
        expected = ngettext(
            "This password is too short: it must have at least %(min_length)d character.",
            "This password is too short: it must have at least %(min_length)d characters.",
            12,
        ) % {"min_length": 12}
    assert response.context["form"].errors["new_password2"] == [expected]
    assert "It must contain at least" not in response.text


def test_a_wrong_current_password_is_refused_and_nothing_changes(cas_official):
    browser = signed_in(cas_official)

    response = change(browser, "not-my-password-at-all", NEW_PASSWORD, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.text
    cas_official.refresh_from_db()
    assert cas_official.check_password(PASSWORD)


def test_two_new_passwords_that_differ_are_refused_and_nothing_changes(cas_official):
    browser = signed_in(cas_official)

    response = change(browser, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "The two password fields didn’t match." in response.text
    cas_official.refresh_from_db()
    assert cas_official.check_password(PASSWORD)


def test_a_change_keeps_this_session_and_ends_every_other(cas_official, sipo_official):
    here, elsewhere, someone_else = signed_in(cas_official), signed_in(cas_official), signed_in(sipo_official)

    response = change(here, PASSWORD, NEW_PASSWORD, follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert response.redirect_chain == [(reverse("dashboard"), 302)]
    assert "Your password is changed. Wherever else you were signed in, you are now signed out." in response.text
    cas_official.refresh_from_db()
    assert cas_official.check_password(NEW_PASSWORD)
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    assert is_signed_in(someone_else)
    assert signed_in(cas_official, NEW_PASSWORD)


def test_a_reset_by_e_mail_ends_the_accounts_sessions_too(cas_official):
    """The reset link's page sets the password through the same hash: the sessions that knew the old one end."""
    browser = signed_in(cas_official)
    cas_official.set_password(NEW_PASSWORD)
    cas_official.save()

    assert not is_signed_in(browser)


def test_a_deactivated_accounts_session_ends_at_its_next_request(cas_official):
    browser = signed_in(cas_official)
    assert is_signed_in(browser)

    User.objects.filter(pk=cas_official.pk).update(is_active=False)

    response = browser.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert browser.post(reverse("login"), {"username": "cas_official", "password": PASSWORD}).status_code == 200


def test_the_page_is_for_the_signed_in_only(client, db):
    response = client.get(CHANGE)

    assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={CHANGE}"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_speaks_both_languages_and_lists_the_rules(client, cas_official, language):
    cas_official.preferred_language = language
    cas_official.save()
    client.force_login(cas_official)

    response = client.get(CHANGE)

    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.text
    rule = "12 个字符" if language == "zh-hans" else "at least 12 characters"
    assert rule in response.text


def test_the_signed_in_name_in_the_bar_leads_to_the_page(client, cas_official):
    client.force_login(cas_official)

    page = client.get(reverse("dashboard")).text

    assert f'data-signed-in-as href="{CHANGE}"' in page


@pytest.mark.parametrize(
    ("password", "username", "full_name"),
    [(DEFAULT_DEMO_PASSWORD, username, full_name) for username, full_name, *_ in PERSONAS]
    + [(DEFAULT_DEMO_PASSWORD, "admin", "Portal admin"), (PASSWORD, "cas_official", "Li Ming")]
    + [(SCALE_PASSWORD, "cas_official", "Li Ming")],
)
def test_the_demo_test_and_scale_passwords_pass_the_rules(db, password, username, full_name):
    """They are set without the validators (set_password); a person signing in with them may still change to
    one like them, and `make run`'s printed password must be one the portal itself would accept."""
    validate_password(password, User(username=username, full_name=full_name, email=f"{username}@example.org"))


@pytest.mark.parametrize("password", ["Kx7-river-lantern-93", "casual-horse-battery", "sipo-river-2026-lamp"])
def test_a_password_with_words_of_its_own_beside_the_portals_passes(db, password):
    validate_password(password, User(username="someone", full_name="Someone Else"))
