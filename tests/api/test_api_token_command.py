"""`manage.py api_token`: a token for scripts, made by the token service, its secret the only output."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from protocol.api import services
from protocol.api.models import Scope, Token

NOW = timezone.datetime(2026, 12, 31, 23, 30, tzinfo=timezone.get_fixed_timezone(8 * 60))


def api_token(*args) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


@time_machine.travel(NOW, tick=False)
def test_prints_only_the_secret_of_a_new_read_only_token(cas_official):
    output = api_token("cas_official")

    secret = output.strip()
    assert output == secret + "\n"  # one line, nothing else: `$(manage.py api_token …)` is the token
    token = Token.objects.get()
    assert token.digest == services.digest_of(secret)
    assert secret.startswith(services.MARK + token.prefix + "_")
    assert (token.user, token.scope, token.name) == (cas_official, Scope.READ, "manage.py api_token")
    assert token.expires_at == NOW + timedelta(days=30)


@time_machine.travel(NOW, tick=False)
def test_scope_days_and_name_as_asked(sipo_official):
    api_token("sipo_official", "--scope", "write", "--days", "7", "--name", "fuzz run")

    token = Token.objects.get()
    assert (token.scope, token.name, token.expires_at) == (Scope.WRITE, "fuzz run", NOW + timedelta(days=7))


def test_a_role_that_needs_the_second_factor_still_gets_one(settings, cas_coordinator):
    # The operator at the shell is the check the second factor would be on the page.
    settings.MFA_REQUIRED_ROLES = ["coordinator"]

    api_token("cas_coordinator", "--scope", "write")

    assert Token.objects.get().user == cas_coordinator


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], "No user 'nobody'."),
        (["outsider"], "outsider may not hold a token"),
        (["cas_official", "--days", "0"], "The expiry must be in the future."),
        (["cas_official", "--days", "366"], "A token lasts at most 365 days."),
        (["cas_official", "--name", "  "], "Name the token after what will use it."),
    ],
)
def test_refused_with_a_reason_and_nothing_stored(settings, cas_official, outsider, args, message):
    settings.API_TOKEN_MAX_DAYS = 365
    settings.LANGUAGE_CODE = "zh-hans"  # the operator still reads English, as in the command's own messages

    with pytest.raises(CommandError, match=message):
        api_token(*args)

    assert not Token.objects.exists()


def test_a_deactivated_user_gets_none(cas_official):
    cas_official.is_active = False
    cas_official.save(update_fields=["is_active"])

    with pytest.raises(CommandError, match="may not hold a token"):
        api_token("cas_official")

    assert not Token.objects.exists()


def test_an_unknown_scope_is_refused_by_the_parser(cas_official):
    with pytest.raises(CommandError, match="invalid choice: 'admin'"):
        api_token("cas_official", "--scope", "admin")

    assert not Token.objects.exists()
