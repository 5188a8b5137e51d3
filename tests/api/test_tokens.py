"""The personal access token pages: made (the secret shown once, only its digest kept), listed with their last use,
revoked; one's own only; the second factor first where the role requires it."""

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from protocol.api import services
from protocol.api.models import Scope, Token

from .conftest import make_token

pytestmark = pytest.mark.usefixtures("english")

LIST = reverse("api_tokens:list")
CREATE = reverse("api_tokens:create")
START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
SECRET = re.compile(r"<code class=\"fs-5\" data-secret>(cpp_[0-9a-f]+_[A-Za-z0-9_-]+)</code>")


def secret_of(response) -> str:
    (secret,) = SECRET.findall(response.text)
    return secret


def api_status(secret: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client.get("/api/v1/notifications/").status_code


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_a_token_is_made_with_a_name_a_scope_and_an_expiry(client, clock, cas_official):
    client.force_login(cas_official)
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, {"name": "monthly report script", "scope": Scope.READ, "days": 30})
    assert response.status_code == 200
    token = Token.objects.get()
    assert (token.user, token.name, token.scope) == (cas_official, "monthly report script", Scope.READ)
    assert token.expires_at == START + timedelta(days=30)
    assert token.revoked_at is None and token.last_used_at is None
    secret = secret_of(response)
    assert secret.startswith(f"cpp_{token.prefix}_")
    assert f"Authorization: Bearer {secret}" in response.text
    assert api_status(secret) == 200


def test_a_read_and_write_token(client, cas_official):
    client.force_login(cas_official)
    client.post(CREATE, {"name": "sync", "scope": Scope.WRITE, "days": 365})
    assert Token.objects.get().scope == Scope.WRITE


def test_the_secret_is_shown_once_and_only_its_digest_is_kept(client, cas_official):
    client.force_login(cas_official)
    secret = secret_of(client.post(CREATE, {"name": "sync", "scope": Scope.READ, "days": 7}))
    token = Token.objects.get()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(value) for value in Token.objects.values_list().get()]
    assert not any(secret in value or secret.split("_", 2)[2] in value for value in stored)
    # Not on any later page, nor in the session.
    assert secret not in client.get(LIST).text
    assert secret not in str(dict(client.session))
    assert "cpp_" + token.prefix in client.get(LIST).text


def test_the_list_shows_ones_tokens_with_their_last_use(client, clock, cas_official):
    _token, used_secret = make_token(cas_official, name="report script")
    make_token(cas_official, name="never used")
    clock.shift(timedelta(hours=2))
    assert api_status(used_secret) == 200
    client.force_login(cas_official)
    response = client.get(LIST)
    rows = {token.name: token for token in response.context["tokens"]}
    assert set(rows) == {"report script", "never used"}
    assert rows["report script"].last_used_at == START + timedelta(hours=2)
    assert rows["never used"].last_used_at is None
    assert re.search(r"<td>report script</td>.*?<td>[^<]*2026[^<]*</td>", response.text, re.S)
    assert re.search(r"<td>never used</td>.*?<td>never</td>", response.text, re.S)


def test_an_expired_token_is_marked_so(client, clock, cas_official):
    make_token(cas_official, name="old", days=7)
    clock.shift(timedelta(days=8))
    client.force_login(cas_official)
    assert re.search(r"<td>old</td>.*?expired", client.get(LIST).text, re.S)


def test_nobody_sees_anothers_tokens(client, cas_official, sipo_official):
    make_token(cas_official, name="cas script")
    client.force_login(sipo_official)
    response = client.get(LIST)
    assert list(response.context["tokens"]) == []
    assert "cas script" not in response.text


def test_revoking_asks_then_the_token_stops_working(client, cas_official):
    token, secret = make_token(cas_official, name="sync")
    client.force_login(cas_official)
    revoke = reverse("api_tokens:revoke", args=[token.pk])
    assert "Revoke “sync”?" in client.get(revoke).text
    token.refresh_from_db()
    assert token.revoked_at is None  # the question changes nothing
    response = client.post(revoke)
    assert (response.status_code, response["Location"]) == (302, LIST)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_status(secret) == 401
    assert "sync" not in client.get(LIST).text


def test_a_revoked_token_cannot_be_revoked_again(client, cas_official):
    token, _secret = make_token(cas_official)
    services.token_revoke(token=token, by=cas_official)
    client.force_login(cas_official)
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404


@pytest.mark.parametrize("pk", ["999999", str(2**63), "9" * 30])
def test_no_such_token_is_404(client, cas_official, pk):
    make_token(cas_official)
    client.force_login(cas_official)
    assert client.get(f"{LIST}{pk}/revoke/").status_code == 404
    assert client.post(f"{LIST}{pk}/revoke/").status_code == 404
    assert not Token.objects.filter(revoked_at__isnull=False).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_token_is_404(client, cas_official, cas_coordinator, method):
    token, secret = make_token(cas_official)
    client.force_login(cas_coordinator)
    assert getattr(client, method)(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api_status(secret) == 200


def test_the_service_revokes_only_ones_own(cas_official, sipo_official):
    token, _secret = make_token(cas_official)
    with pytest.raises(services.PermissionDenied):
        services.token_revoke(token=token, by=sipo_official)
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"name": "", "scope": Scope.READ, "days": 30}, "name", "This field is required."),
        ({"name": "   ", "scope": Scope.READ, "days": 30}, "name", "This field is required."),
        ({"name": "x" * 101, "scope": Scope.READ, "days": 30}, "name", "at most 100 characters"),
        ({"name": "sync", "scope": "admin", "days": 30}, "scope", "Select a valid choice."),
        ({"name": "sync", "scope": Scope.READ, "days": 1000}, "days", "Select a valid choice."),
        ({"name": "sync", "scope": Scope.READ, "days": "soon"}, "days", "Select a valid choice."),
        ({"name": "sync", "scope": Scope.READ}, "days", "This field is required."),
    ],
)
def test_bad_input_is_shown_and_nothing_is_stored(client, cas_official, data, field, message):
    client.force_login(cas_official)
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Token.objects.exists()
    assert "data-secret" not in response.text


def test_the_service_refuses_a_lifetime_past_the_limit(settings, cas_official):
    settings.API_TOKEN_MAX_DAYS = 30
    fields = services.TokenFields(name="sync", scope=Scope.READ, expires_at=START + timedelta(days=31))
    with time_machine.travel(START, tick=False), pytest.raises(services.ValidationError) as refused:
        services.token_create(user=cas_official, fields=fields, verified=True)
    assert refused.value.message_dict == {"expires_at": ["A token lasts at most 30 days."]}
    assert not Token.objects.exists()


def test_the_page_offers_no_lifetime_past_the_limit(client, settings, cas_official):
    settings.API_TOKEN_MAX_DAYS = 30
    client.force_login(cas_official)
    assert [days for days, _label in client.get(CREATE).context["form"].fields["days"].choices] == [7, 30]
    client.post(CREATE, {"name": "sync", "scope": Scope.READ, "days": 90})
    assert not Token.objects.exists()


def test_one_of_no_party_makes_no_token(client, outsider):
    client.force_login(outsider)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"name": "sync", "scope": Scope.READ, "days": 30}).status_code == 403
    assert not Token.objects.exists()
    assert CREATE not in client.get(LIST).text


def test_signed_out_is_sent_to_sign_in(client):
    for url in (LIST, CREATE):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# The second factor: the roles of MFA_REQUIRED_ROLES (coordinators, document admins, portal admins) make a token
# only in a session that passed it; a token is then a way in without the code, so it must be earned with it.


def verified(client, user):
    """Signed in, and past the second factor in this session, as django-otp notes it."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.mark.mfa
@pytest.mark.parametrize("persona", ["cas_coordinator", "sipo_docadmin"])
def test_a_role_that_requires_the_second_factor_passes_it_first(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.post(CREATE, {"name": "sync", "scope": Scope.READ, "days": 30})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa:enrol"))
    assert not Token.objects.exists()
    with pytest.raises(services.PermissionDenied):
        services.token_create(
            user=user,
            fields=services.TokenFields(name="sync", scope=Scope.READ, expires_at=START + timedelta(days=30)),
            verified=False,
        )
    assert not Token.objects.exists()


@pytest.mark.mfa
def test_past_the_second_factor_a_coordinator_makes_a_token(client, cas_coordinator):
    verified(client, cas_coordinator)
    assert client.get(LIST).context["can_create"] is True
    response = client.post(CREATE, {"name": "sync", "scope": Scope.WRITE, "days": 30})
    assert response.status_code == 200
    assert Token.objects.get().user == cas_coordinator
    assert api_status(secret_of(response)) == 200


@pytest.mark.mfa
def test_an_official_is_not_asked_for_the_second_factor(client, cas_official):
    client.force_login(cas_official)
    response = client.post(CREATE, {"name": "sync", "scope": Scope.READ, "days": 30})
    assert response.status_code == 200
    assert Token.objects.get().user == cas_official


@pytest.mark.mfa
def test_the_setting_names_the_roles(client, settings, cas_official):
    settings.MFA_REQUIRED_ROLES = ["official"]
    client.force_login(cas_official)
    client.post(CREATE, {"name": "sync", "scope": Scope.READ, "days": 30})
    assert not Token.objects.exists()


def test_making_and_revoking_are_audited_without_the_digest(client, cas_official):
    from protocol.audit.models import Action, Entry

    client.force_login(cas_official)
    secret = secret_of(client.post(CREATE, {"name": "sync", "scope": Scope.READ, "days": 30}))
    token = Token.objects.get()
    client.post(reverse("api_tokens:revoke", args=[token.pk]))
    entries = Entry.objects.filter(content_type__app_label="api").order_by("pk")
    assert [(entry.action, entry.actor) for entry in entries] == [
        (Action.CREATE, cas_official),
        (Action.UPDATE, cas_official),
    ]
    created, revoked = entries
    assert created.changes["name"] == ["None", "sync"]
    assert created.changes["digest"][1] == "******"
    assert "revoked_at" in revoked.changes
    every_value = str([entry.changes for entry in entries])
    assert token.digest not in every_value and secret not in every_value


def test_the_list_costs_the_same_for_1_and_50_tokens(client, cas_official):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cas_official)

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    make_token(cas_official)
    with_one = cost()
    for number in range(49):
        make_token(cas_official, name=f"script {number}")
    with_fifty = cost()
    assert with_one == with_fifty
    assert client.get(LIST).text.count("data-token=") == 50
