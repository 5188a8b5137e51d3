"""Forgot password: a link by e-mail, in the account's language, to choose a new one; the pages never say
whether an address belongs to an account."""

import re
from email.header import decode_header, make_header
from email.utils import parseaddr

import pytest
from django.urls import reverse

from protocol.parties.models import Language
from tests.factories import PASSWORD

RESET = reverse("password_reset")
SENT = reverse("password_reset_done")
NEW_PASSWORD = "Kx7-river-lantern-93"
LINK = re.compile(r"https://portal\.example\.org(/accounts/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://portal.example.org"


def reset_link(mail) -> str:
    [path] = set(LINK.findall(mail.body))
    assert path in mail.alternatives[0].content
    return path


def without_csrf(response) -> str:
    return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_sign_in_page_links_to_the_reset(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'href="{RESET}">Forgot your password?</a>' in page


def test_request_mail_new_password_sign_in(client, cas_official, mailoutbox):
    response = client.post(RESET, {"email": "CAS_official@example.org"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302 and response["Location"] == SENT
    [mail] = mailoutbox
    assert mail.to == [cas_official.email]
    assert mail.subject == "[CAS–SIPO Cooperation] Choose a new password"
    assert "Your username is cas_official." in mail.body

    # Django swaps the token for a session key, then shows the form.
    form_page = client.get(reset_link(mail), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Your new password is set" in done.content.decode()

    client.logout()
    old = client.post(reverse("login"), {"username": "cas_official", "password": PASSWORD})
    assert old.status_code == 200 and "_auth_user_id" not in client.session
    signed_in = client.post(reverse("login"), {"username": "cas_official", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("dashboard")


def test_the_link_works_once(client, cas_official, mailoutbox):
    client.post(RESET, {"email": cas_official.email})
    link = reset_link(mailoutbox[0])
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert not again.context["validlink"]
    assert "This link no longer works" in again.content.decode()


def test_an_unknown_address_shows_the_same_page_and_sends_nothing(client, cas_official, mailoutbox):
    known = client.post(RESET, {"email": cas_official.email}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    mailoutbox.clear()

    unknown = client.post(RESET, {"email": "nobody@example.org"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert mailoutbox == []
    assert unknown.redirect_chain == known.redirect_chain == [(SENT, 302)]
    assert without_csrf(unknown) == without_csrf(known)


def test_an_inactive_account_gets_nothing_and_the_page_is_the_same(client, cas_official, mailoutbox):
    cas_official.is_active = False
    cas_official.save()

    response = client.post(RESET, {"email": cas_official.email})

    assert response["Location"] == SENT
    assert mailoutbox == []


def test_a_malformed_address_is_refused_with_a_message_and_nothing_sent(client, cas_official, mailoutbox):
    response = client.post(RESET, {"email": "not an address"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert mailoutbox == []


def test_passwords_that_differ_are_refused_and_the_old_one_stays(client, cas_official, mailoutbox):
    client.post(RESET, {"email": cas_official.email})
    form_page = client.get(reset_link(mailoutbox[0]), follow=True, HTTP_ACCEPT_LANGUAGE="en")

    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "The two password fields didn’t match." in response.content.decode()
    cas_official.refresh_from_db()
    assert cas_official.check_password(PASSWORD)


def test_a_forged_link_does_not_work(client, cas_official):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "forged-token"]), HTTP_ACCEPT_LANGUAGE="en")

    assert not response.context["validlink"]
    assert "Ask for a new link" in response.content.decode()


def test_asking_again_at_once_sends_no_second_e_mail(client, cas_official, mailoutbox):
    client.post(RESET, {"email": cas_official.email})
    second = client.post(RESET, {"email": cas_official.email})

    assert second["Location"] == SENT
    assert len(mailoutbox) == 1


def test_the_e_mail_is_in_the_accounts_language_from_the_portal(client, settings, sipo_official, mailoutbox):
    settings.DEFAULT_FROM_EMAIL = "Portal Mailer <noreply@portal.example.org>"
    sipo_official.preferred_language = Language.CHINESE
    sipo_official.save()

    # Asked from an English page: the account's language decides.
    client.post(RESET, {"email": sipo_official.email}, HTTP_ACCEPT_LANGUAGE="en")

    [mail] = mailoutbox
    assert mail.subject.startswith("[中国科学院–国家知识产权局合作] ")
    message = mail.message()
    assert parseaddr(str(make_header(decode_header(message["From"])))) == ("合作协议门户", "noreply@portal.example.org")
    assert message["Auto-Submitted"] == "auto-generated"
    assert 'lang="zh-hans"' in mail.alternatives[0].content
    reset_link(mail)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_pages_speak_both_languages(client, db, language):
    for url in (RESET, SENT, reverse("password_reset_complete")):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert f'<html lang="{language}"' in response.content.decode()
