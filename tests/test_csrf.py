"""CSRF, tried as a browser on another site would: a signed-in user's POST without the token is refused and stores
nothing, on the pages and on the API under the browser's session; the cookies are SameSite; a server error shows
the portal's 500 page and nothing of the error (SECURITY.md, G12)."""

import re

import pytest
from django.test import Client
from django.urls import path, reverse

from protocol.activities.models import Activity
from protocol.urls import urlpatterns as portal_urlpatterns
from tests.factories import PASSWORD
from tests.once import once


@pytest.fixture
def browser(cas_official):
    """A client that checks CSRF tokens as the real middleware does for a browser (the test client skips it)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(cas_official)
    return client


def token_of(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_a_form_posted_without_the_token_is_refused_and_nothing_stored(browser, activity_post):
    response = browser.post(reverse("activities:create"), once(activity_post))
    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_the_same_form_with_the_token_is_stored(browser, activity_post):
    """The other half: what the refusal above refuses is the missing token, not the form."""
    token = token_of(browser, reverse("activities:create"))
    response = browser.post(reverse("activities:create"), once(activity_post, csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Activity.objects.get().title == activity_post["title"]


def test_a_forged_token_is_refused(browser, activity_post):
    token_of(browser, reverse("activities:create"))  # the cookie is set; the form's token is someone else's
    response = browser.post(reverse("activities:create"), once(activity_post, csrfmiddlewaretoken="x" * 64))
    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_the_api_under_the_browsers_session_needs_the_token_too(cas_logged, sipo_coordinator):
    """The API takes the browser's session (with CSRF) or a personal token (without): a session's write needs
    the CSRF token; the same write with it goes through."""
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(sipo_coordinator)
    url = reverse("activity-confirm", kwargs={"pk": cas_logged.pk})
    refused = browser.post(url, {}, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["error"]["message"]
    cas_logged.refresh_from_db()
    assert cas_logged.status == "logged"

    token_of(browser, reverse("activities:create"))  # a page sets the CSRF cookie
    done = browser.post(url, {}, content_type="application/json", HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value)
    assert done.status_code == 200
    cas_logged.refresh_from_db()
    assert cas_logged.status == "confirmed"


def test_the_session_and_csrf_cookies_are_same_site_lax(client, cas_official):
    response = client.get(reverse("login"))
    assert response.cookies["csrftoken"]["samesite"] == "Lax"
    signed_in = client.post(reverse("login"), {"username": cas_official.username, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in.cookies["sessionid"]["samesite"] == "Lax"


def boom(request):
    raise RuntimeError("secret detail of the failure")


urlpatterns = [path("boom/", boom), *portal_urlpatterns]


@pytest.mark.urls(__name__)
def test_a_server_error_shows_the_500_page_and_nothing_of_the_error(client, cas_official, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(cas_official)
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Server error" in body and "服务器错误" in body
    assert "secret detail" not in body and "RuntimeError" not in body and "Traceback" not in body
