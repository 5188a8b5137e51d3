"""Who a request to the API is: a personal access token, checked on every request; it never grants more than its
user, and a read-only one changes nothing."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from protocol.activities.models import Activity, Status
from protocol.api import services
from protocol.api.models import Scope, Token
from tests.factories import activity_form_data

from .conftest import make_token

LIST = "/api/v1/activities/"
START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def bearer(secret: str, *, header: str | None = None) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header or f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def assert_unauthenticated(response, code="authentication_failed"):
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["error"]["status"] == 401
    assert response.json()["error"]["code"] == code
    assert "results" not in response.json()


def test_every_token_made_authenticates(cas_official):
    # The lookup prefix was URL-safe base64, which holds "_" (the separator) in about one token in nine: those
    # tokens were shown to their user and never worked. 200 tokens all pass only when none can contain one.
    secrets = [make_token(cas_official)[1] for _ in range(200)]
    refused = [secret for secret in secrets if bearer(secret).get("/api/v1/notifications/").status_code != 200]
    assert refused == []


def test_a_tokens_prefix_is_what_its_row_is_found_by(cas_official):
    token, secret = make_token(cas_official)
    assert secret.startswith(f"cpp_{token.prefix}_")
    assert "_" not in token.prefix
    assert len(token.prefix) == 12


def test_a_bearer_token_reads_as_its_user(cas_official, cas_logged):
    _token, secret = make_token(cas_official)
    response = bearer(secret).get(LIST)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [cas_logged.pk]
    # Its user's own predicates: the author edits a logged activity, only the other party confirms it.
    assert response.json()["results"][0]["actions"] == {"edit": True, "delete": False, "log": False, "review": False}


def test_no_credentials_is_401_with_the_challenge():
    assert_unauthenticated(APIClient().get(LIST), code="not_authenticated")


def test_a_revoked_token_is_refused_at_once(cas_official):
    token, secret = make_token(cas_official)
    client = bearer(secret)
    assert client.get(LIST).status_code == 200
    services.token_revoke(token=token, by=cas_official)
    assert_unauthenticated(client.get(LIST))


def test_an_expired_token_is_refused(cas_official):
    with time_machine.travel(START, tick=False) as clock:
        token, secret = make_token(cas_official, days=7)
        client = bearer(secret)
        clock.move_to(token.expires_at - timedelta(seconds=1))
        assert client.get(LIST).status_code == 200
        clock.move_to(token.expires_at)
        assert_unauthenticated(client.get(LIST))


@pytest.mark.parametrize(
    "header",
    [
        "Bearer cpp_000000000000_unknownsecret",  # well formed, no such token
        "Bearer cpp_nosuchprefix",  # no separator
        "Bearer ghp_0123456789abcdef",  # someone else's token
        "Bearer cpp__secret",  # no prefix
        "Bearer cpp_" + "a" * 300,  # too long to be ours
        "Bearer",  # no token
        "Bearer two words",
    ],
)
def test_an_unknown_or_malformed_token_is_401(cas_official, header):
    make_token(cas_official)
    assert_unauthenticated(bearer("", header=header).get(LIST))


def test_a_token_with_the_right_prefix_and_a_wrong_secret_is_refused(cas_official):
    token, secret = make_token(cas_official)
    forged = f"cpp_{token.prefix}_{'x' * 43}"
    assert forged != secret
    assert_unauthenticated(bearer(forged).get(LIST))


def test_a_non_ascii_token_is_401_not_500(cas_official):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer cpp_é_é".encode().decode("latin-1"))
    assert_unauthenticated(client.get(LIST))


def test_another_scheme_is_not_ours(cas_official):
    assert_unauthenticated(bearer("", header="Basic Y2FzX29mZmljaWFsOnB3").get(LIST), code="not_authenticated")


def test_a_deactivated_users_token_stops_at_once(cas_official):
    _token, secret = make_token(cas_official)
    client = bearer(secret)
    assert client.get(LIST).status_code == 200
    cas_official.is_active = False
    cas_official.save(update_fields=["is_active"])
    assert_unauthenticated(client.get(LIST))


def test_a_token_sees_no_more_than_its_user(sipo_official, cas_draft, cas_logged):
    _token, secret = make_token(sipo_official)
    client = bearer(secret)
    assert [row["id"] for row in client.get(LIST).json()["results"]] == [cas_logged.pk]
    assert client.get(f"{LIST}{cas_draft.pk}/").status_code == 404


def test_a_token_does_no_more_than_its_user(sipo_official, cas_logged):
    # An official may not confirm: only the other party's coordinators do, by page or by token.
    _token, secret = make_token(sipo_official)
    response = bearer(secret).post(f"{LIST}{cas_logged.pk}/confirm/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.LOGGED


def test_a_token_follows_its_users_roles_as_they_are_now(sipo_coordinator, cas_logged):
    _token, secret = make_token(sipo_coordinator)
    sipo_coordinator.groups.clear()
    response = bearer(secret).post(f"{LIST}{cas_logged.pk}/confirm/", {}, format="json")
    assert response.status_code == 403
    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.LOGGED


def test_a_user_of_no_party_sees_nothing_through_a_session(client, outsider, cas_logged):
    # As on the list page: signed in, and the ledger's selector gives one of no party no row.
    client.force_login(outsider)
    response = client.get(LIST)
    assert (response.status_code, response.json()["results"]) == (200, [])
    assert client.get(f"{LIST}{cas_logged.pk}/").status_code == 404


def test_a_read_only_token_reads(cas_official, cas_logged):
    _token, secret = make_token(cas_official, scope=Scope.READ)
    client = bearer(secret)
    assert client.get(LIST).status_code == 200
    assert client.get(f"{LIST}{cas_logged.pk}/").json()["id"] == cas_logged.pk


@pytest.mark.parametrize(
    "method, path",
    [
        ("post", LIST),
        ("put", "{pk}/"),
        ("delete", "{pk}/"),
        ("post", "{pk}/log/"),
    ],
)
def test_a_read_only_token_changes_nothing(cas, cas_official, sipo_official, cas_draft, method, path):
    _token, secret = make_token(cas_official, scope=Scope.READ)
    data = activity_form_data(lead_party=cas, participants=[cas_official, sipo_official]) | {"end_date": None}
    url = path if path.startswith("/") else LIST + path.format(pk=cas_draft.pk)
    response = getattr(bearer(secret), method)(url, data, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["message"] == (
        "This token is read-only: make a read-and-write token to change anything."
    )
    assert list(Activity.objects.values_list("pk", "status", "title")) == [
        (cas_draft.pk, Status.DRAFT, cas_draft.title)
    ]


def token_updates(queries) -> list[str]:
    table = Token._meta.db_table
    return [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and table in q["sql"]]


def test_last_use_is_written_at_most_once_a_minute(cas_official):
    with time_machine.travel(START, tick=False) as clock:
        token, secret = make_token(cas_official)
        client = bearer(secret)
        assert token.last_used_at is None

        with CaptureQueriesContext(connection) as first:
            client.get(LIST)
        token.refresh_from_db()
        assert token.last_used_at == START
        assert len(token_updates(first.captured_queries)) == 1

        clock.shift(timedelta(seconds=59))
        with CaptureQueriesContext(connection) as within_the_minute:
            client.get(LIST)
            client.get(LIST)
        token.refresh_from_db()
        assert token.last_used_at == START
        assert token_updates(within_the_minute.captured_queries) == []

        clock.shift(timedelta(seconds=1))
        client.get(LIST)
        token.refresh_from_db()
        assert token.last_used_at == START + timedelta(minutes=1)


def test_a_refused_token_notes_no_use(cas_official):
    token, secret = make_token(cas_official)
    services.token_revoke(token=token, by=cas_official)
    bearer(secret).get(LIST)
    token.refresh_from_db()
    assert token.last_used_at is None


def test_the_token_is_read_in_the_users_language_unless_the_request_asks(cas_official):
    cas_official.preferred_language = "zh-hans"
    cas_official.save(update_fields=["preferred_language"])
    _token, secret = make_token(cas_official, scope=Scope.READ)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.post(LIST, {}, format="json")
    assert response.json()["error"]["message"] == "此令牌为只读：如需修改内容，请创建读写令牌。"
    asked = client.post(LIST, {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert asked.json()["error"]["message"].startswith("This token is read-only")


def test_time_is_counted_in_utc_whatever_the_clock(cas_official):
    # The expiry compares aware moments: a token made at 23:59 Beijing on 31 December lasts its days.
    with time_machine.travel(datetime(2026, 12, 31, 15, 59, tzinfo=UTC), tick=False):
        token, secret = make_token(cas_official, days=1)
        assert token.expires_at == timezone.now() + timedelta(days=1)
        assert bearer(secret).get(LIST).status_code == 200


def test_a_token_request_leaves_no_session_behind(cas_official):
    # A script sends no cookie: a session stored for each of its requests would fill the table (and set a cookie
    # nobody reads).
    from django.contrib.sessions.models import Session

    _token, secret = make_token(cas_official)
    client = bearer(secret)
    responses = [client.get(LIST) for _ in range(3)]
    assert [response.status_code for response in responses] == [200, 200, 200]
    assert all("sessionid" not in response.cookies for response in responses)
    assert not Session.objects.exists()


def test_a_session_writes_through_the_api_need_the_csrf_token(cas, cas_official, sipo_official):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(cas_official)
    data = activity_form_data(lead_party=cas, participants=[cas_official, sipo_official]) | {"end_date": None}
    response = client.post(LIST, data, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    assert not Activity.objects.exists()
    assert client.get(LIST).status_code == 200  # reading needs none


def test_a_token_needs_no_csrf_token(cas, cas_official, sipo_official):
    # A script has no page to take a CSRF token from; a token is not sent by a browser on its own, so none is needed.
    _token, secret = make_token(cas_official)
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
    data = activity_form_data(lead_party=cas, participants=[cas_official, sipo_official]) | {"end_date": None}
    response = client.post(LIST, data, format="json")
    assert response.status_code == 201
    assert Activity.objects.get().author == cas_official


def test_the_token_decides_who_asks_over_a_session_cookie(cas_official, sipo_official, cas_draft):
    _token, secret = make_token(sipo_official)
    client = bearer(secret)
    client.force_login(cas_official)  # a cookie of another user's session in the same client
    assert client.get(f"{LIST}{cas_draft.pk}/").status_code == 404
    assert bearer(make_token(cas_official)[1]).get(f"{LIST}{cas_draft.pk}/").status_code == 200


@pytest.mark.mfa
def test_a_session_short_of_the_second_factor_reads_nothing(client, cas_coordinator, cas_draft):
    client.force_login(cas_coordinator)
    response = client.get(f"{LIST}{cas_draft.pk}/")
    # As every page of the portal: sent to set the second factor up first (protocol/mfa/middleware.py).
    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("mfa:enrol"))
    assert cas_draft.title.encode() not in response.content


@pytest.mark.mfa
def test_a_token_made_past_the_second_factor_needs_no_code_at_each_request(cas_coordinator, cas_draft):
    _token, secret = make_token(cas_coordinator)  # made in a verified session (conftest: verified=True)
    assert bearer(secret).get(f"{LIST}{cas_draft.pk}/").json()["title"] == cas_draft.title
