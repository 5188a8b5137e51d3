import pytest
from django.conf import settings
from django.urls import reverse

from protocol.parties.models import Language
from tests.factories import PASSWORD


def test_sign_in_with_the_right_password_lands_on_the_dashboard(client, cas_official):
    response = client.post(reverse("login"), {"username": "cas_official", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


def test_a_wrong_password_is_refused_with_a_message(client, cas_official):
    response = client.post(
        reverse("login"), {"username": "cas_official", "password": "nope"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert "_auth_user_id" not in client.session


def test_sign_in_returns_to_the_page_asked_for(client, cas_official, cas_logged):
    url = cas_logged.get_absolute_url()
    response = client.post(
        f"{reverse('login')}?next={url}", {"username": "cas_official", "password": PASSWORD, "next": url}
    )
    assert response["Location"] == url


def test_sign_out_is_a_post(client, cas_official):
    client.force_login(cas_official)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_sign_out_tells_the_browser_to_drop_its_cache_and_storage(client, cas_official):
    client.force_login(cas_official)
    response = client.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_the_switcher_saves_a_signed_in_users_language(client, cas_official):
    client.force_login(cas_official)
    response = client.post(reverse("language_switch"), {"language": "zh-hans", "next": "/activities/"})
    assert response["Location"] == "/activities/"
    cas_official.refresh_from_db()
    assert cas_official.preferred_language == Language.CHINESE
    page = client.get(reverse("activities:list"))
    assert page["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in page.text


def test_the_saved_language_follows_the_user_to_another_browser(client, cas_official):
    cas_official.preferred_language = Language.CHINESE
    cas_official.save()
    client.force_login(cas_official)
    assert client.get(reverse("dashboard"))["Content-Language"] == "zh-hans"


def test_an_anonymous_visitor_switches_with_a_cookie(client, db):
    response = client.post(reverse("language_switch"), {"language": "en", "next": "/about/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get(reverse("about"))["Content-Language"] == "en"


@pytest.mark.parametrize("next_url", ["https://evil.example.org/", "//evil.example.org/"])
def test_the_switcher_never_redirects_off_site(client, db, next_url):
    response = client.post(reverse("language_switch"), {"language": "en", "next": next_url})
    assert response["Location"] == "/"


def test_an_unknown_language_changes_nothing(client, cas_official):
    client.force_login(cas_official)
    client.post(reverse("language_switch"), {"language": "fr", "next": "/"})
    cas_official.refresh_from_db()
    assert cas_official.preferred_language == Language.ENGLISH


def test_the_switcher_is_post_only(client, db):
    assert client.get(reverse("language_switch")).status_code == 405


def test_repeated_wrong_passwords_pause_sign_in_even_with_the_right_one(client, cas_official, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "cas_official", "password": "guess"})
    response = client.post(
        reverse("login"), {"username": "cas_official", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text and "15 minutes" in response.text
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_per_account_not_for_everyone(client, cas_official, sipo_official, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "cas_official", "password": "guess"})
    response = client.post(reverse("login"), {"username": "sipo_official", "password": PASSWORD})
    assert response.status_code == 302


def test_the_language_chosen_on_the_sign_in_page_wins_and_is_saved(client, cas_official):
    cas_official.preferred_language = Language.CHINESE
    cas_official.save()
    client.get(reverse("login"))
    client.post(reverse("language_switch"), {"language": Language.ENGLISH, "next": reverse("login")})
    response = client.post(reverse("login"), {"username": "cas_official", "password": PASSWORD}, follow=True)
    assert response.headers["Content-Language"] == "en"
    cas_official.refresh_from_db()
    assert cas_official.preferred_language == Language.ENGLISH
    # Once applied, the choice is spent: a later change of the saved language is not undone by it.
    client.post(reverse("language_switch"), {"language": Language.CHINESE})
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "cas_official", "password": PASSWORD})
    cas_official.refresh_from_db()
    assert cas_official.preferred_language == Language.CHINESE


def test_without_a_choice_the_saved_language_wins_over_the_browsers(client, cas_official):
    cas_official.preferred_language = Language.CHINESE
    cas_official.save()
    response = client.post(
        reverse("login"), {"username": "cas_official", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert response.headers["Content-Language"] == "zh-hans"
    cas_official.refresh_from_db()
    assert cas_official.preferred_language == Language.CHINESE


def test_an_unknown_language_chosen_before_sign_in_is_not_saved(client, cas_official):
    cas_official.preferred_language = Language.CHINESE
    cas_official.save()
    client.post(reverse("language_switch"), {"language": "xx"})
    client.post(reverse("login"), {"username": "cas_official", "password": PASSWORD})
    cas_official.refresh_from_db()
    assert cas_official.preferred_language == Language.CHINESE


def test_a_failed_sign_in_keeps_the_choice_for_the_next_attempt(client, cas_official):
    cas_official.preferred_language = Language.CHINESE
    cas_official.save()
    client.post(reverse("language_switch"), {"language": Language.ENGLISH})
    client.post(reverse("login"), {"username": "cas_official", "password": "nope"})
    client.post(reverse("login"), {"username": "cas_official", "password": PASSWORD})
    cas_official.refresh_from_db()
    assert cas_official.preferred_language == Language.ENGLISH
