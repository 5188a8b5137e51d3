"""Failed sign-ins: 5 for one account from one address pause that account there; 20 for any accounts from one
address pause the address, whatever X-Forwarded-For the client sends; other addresses sign in as before."""

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from protocol.parties.models import Language
from tests.factories import PASSWORD

LOGIN = reverse("login")
ATTACKER = "203.0.113.5"
ELSEWHERE = "198.51.100.7"
START = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
_forged = count(1)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def sign_in(client, username, password, address=ATTACKER, forged=False, **extra):
    headers = {"REMOTE_ADDR": address, **extra}
    if forged:
        # A new address each time in every header a proxy might set: none of them may count.
        n = next(_forged)
        fake = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        headers |= {"HTTP_X_FORWARDED_FOR": fake, "HTTP_X_REAL_IP": fake, "HTTP_CLIENT_IP": fake}
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def spray(client, failures, *, forged=False):
    """A couple of common passwords against many usernames (some real, most not), from one address."""
    for n in range(failures):
        sign_in(client, f"staff{n // 2:03d}", ["Spring2026!", "Password123"][n % 2], forged=forged)


def assert_address_paused(response, minutes=15):
    assert response.status_code == 429
    assert 'data-paused="address"' in response.text
    assert f"Signing in from your address is paused for {minutes} minutes" in response.text


def test_a_few_passwords_against_many_accounts_pause_the_address(client, cas_official, settings, clock):
    assert settings.AXES_ADDRESS_FAILURE_LIMIT == 20
    spray(client, 19)
    # Below the address's limit, and no account's: the right password signs in.
    assert sign_in(client, "cas_official", PASSWORD).status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR=ATTACKER)
    spray(client, 1)

    # The twentieth: even the right password of an account never tried is refused from that address.
    response = sign_in(client, "cas_official", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")

    assert_address_paused(response)
    assert "_auth_user_id" not in client.session


def test_another_address_still_signs_in(client, cas_official, clock):
    spray(client, 20)

    assert sign_in(client, "cas_official", PASSWORD, address=ELSEWHERE).status_code == 302


def test_a_forged_x_forwarded_for_does_not_escape_the_address_pause(client, cas_official, clock):
    spray(client, 20, forged=True)

    assert_address_paused(sign_in(client, "cas_official", PASSWORD, forged=True, HTTP_ACCEPT_LANGUAGE="en"))


def test_a_forged_x_forwarded_for_does_not_escape_the_account_pause(client, cas_official, settings, clock):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "cas_official", "guess-guess-guess", forged=True)

    response = sign_in(client, "cas_official", PASSWORD, forged=True, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 429 and 'data-paused="account"' in response.text


def test_signing_in_to_ones_own_account_does_not_clear_the_address(client, sipo_official, cas_official, clock):
    """The sign-in clears sipo_official's own failures only: the spray against the others still counts."""
    spray(client, 18)
    sign_in(client, "sipo_official", "a-wrong-one-first")
    assert sign_in(client, "sipo_official", PASSWORD).status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR=ATTACKER)
    spray(client, 2)

    assert_address_paused(sign_in(client, "cas_official", PASSWORD, HTTP_ACCEPT_LANGUAGE="en"))


def test_the_pause_ends_after_the_cool_off(client, cas_official, clock):
    spray(client, 20)
    clock.move_to(START + timedelta(minutes=14))
    assert sign_in(client, "cas_official", PASSWORD).status_code == 429

    # Fifteen minutes after the last wrong password (the one refused at minute 14 counts as a try, too).
    clock.move_to(START + timedelta(minutes=29, seconds=1))

    assert sign_in(client, "cas_official", PASSWORD).status_code == 302


def test_the_limit_comes_from_the_settings(client, cas_official, settings, clock):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    spray(client, 8)

    assert sign_in(client, "cas_official", PASSWORD).status_code == 429


@pytest.mark.parametrize("language", [Language.ENGLISH, Language.CHINESE])
def test_the_address_pause_says_so_in_both_languages(client, cas_official, clock, language):
    spray(client, 20)

    response = sign_in(client, "cas_official", PASSWORD, HTTP_ACCEPT_LANGUAGE=language)

    with translation.override(language):
        expected = ngettext(
            "Signing in from your address is paused for %(minutes)s minute: wrong passwords were tried from it "
            "for several accounts.",
            "Signing in from your address is paused for %(minutes)s minutes: wrong passwords were tried from it "
            "for several accounts.",
            15,
        ) % {"minutes": 15}
    assert response.status_code == 429
    assert f'<html lang="{language}"' in response.text
    assert f'<p data-paused="address">{expected}</p>' in response.text


# Behind the compose stack's nginx (TRUSTED_PROXY_HOPS=1): every connection comes from the proxy, which appends the
# address it was reached from to whatever X-Forwarded-For the client sent.
PROXY = "172.18.0.5"


def through_proxy(client, username, password, *, client_address, client_wrote="", **extra):
    forwarded = f"{client_wrote}, {client_address}" if client_wrote else client_address
    return sign_in(client, username, password, address=PROXY, HTTP_X_FORWARDED_FOR=forwarded, **extra)


def test_behind_one_proxy_the_address_is_the_one_the_proxy_appended_whatever_the_client_wrote(
    client, cas_official, settings, clock
):
    settings.TRUSTED_PROXY_HOPS = 1
    for n in range(20):
        through_proxy(client, f"staff{n:03d}", "Spring2026!", client_address=ATTACKER, client_wrote=f"10.0.0.{n}")

    refused = through_proxy(
        client, "cas_official", PASSWORD, client_address=ATTACKER, client_wrote="10.9.9.9", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert_address_paused(refused)
    # Everyone else reaches the portal through the same proxy: they are not paused with the attacker.
    assert through_proxy(client, "cas_official", PASSWORD, client_address=ELSEWHERE).status_code == 302


@pytest.mark.parametrize(
    ("hops", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "203.0.113.9", "192.0.2.1"),  # no proxy trusted: the header is the client's text
        (1, PROXY, "203.0.113.9", "203.0.113.9"),
        (1, PROXY, "10.1.1.1, 203.0.113.9", "203.0.113.9"),
        (1, PROXY, "", PROXY),  # not through the proxy (the container's own health check)
        (1, PROXY, "not-an-address", PROXY),
        (2, PROXY, "10.1.1.1, 203.0.113.9, 198.51.100.2", "203.0.113.9"),
        (2, PROXY, "198.51.100.2", PROXY),  # fewer entries than proxies: someone skipped one
        (1, PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_from_the_trusted_hops_only(rf, settings, hops, remote, forwarded, expected):
    from protocol.parties.throttle import client_address

    settings.TRUSTED_PROXY_HOPS = hops
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
