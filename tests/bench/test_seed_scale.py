"""seed_scale at a tiny scale: it writes what was asked, the benchmark's accounts sign in, and it refuses
a database not named for it. The command is called directly: the bench app is installed only for the
Makefile's bench targets (PORTAL_DEV_TOOLS)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from bench.management.commands.seed_scale import ACCOUNTS, PASSWORD, Command
from cooperation.documents.models import Document, DocumentLanguage
from cooperation.meetings.models import Meeting, Minutes
from protocol.activities.models import Activity
from protocol.notifications.models import Notification
from protocol.parties.models import User

pytestmark = pytest.mark.django_db


def _seed(monkeypatch, *, name="test_portal_scale", **options):
    monkeypatch.setitem(connection.settings_dict, "NAME", name)
    call_command(Command(), processes=1, **options)


def test_seeds_every_area_at_the_asked_size(monkeypatch, sipo_official):
    _seed(monkeypatch, scale=0.0001)  # every size at its floor of 20 rows

    assert not User.objects.filter(username=sipo_official.username).exists(), "the seed replaces what was there"
    assert User.objects.filter(username__startswith="scale_").count() == 20 + len(ACCOUNTS)
    assert Activity.objects.count() == Document.objects.count() == Meeting.objects.count() == 20
    assert Notification.objects.count() == 20
    participants = Activity.participants.through.objects.count()
    assert 2 * 20 <= participants <= 8 * 20
    assert set(Activity.objects.values_list("party__code", flat=True)) == {"CAS", "SIPO"}
    assert set(Document.objects.values_list("language", flat=True)) == {
        DocumentLanguage.CHINESE,
        DocumentLanguage.ENGLISH,
    }
    assert Document.objects.exclude(current_version=None).count() == 20
    assert Minutes.objects.exists()


def test_runs_again_over_its_own_rows(monkeypatch):
    _seed(monkeypatch, scale=0.0001)
    _seed(monkeypatch, scale=0.0001)

    assert Activity.objects.count() == 20


def test_the_benchmark_accounts_sign_in_with_the_printed_password(monkeypatch):
    _seed(monkeypatch, scale=0.0001)

    for username, _party, roles, superuser in ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password(PASSWORD), username
        assert user.is_superuser == superuser
        assert set(user.role_names) == set(roles)


def test_refuses_a_database_not_named_scale_or_bench(monkeypatch):
    with pytest.raises(CommandError, match="Refusing"):
        _seed(monkeypatch, name="portal", scale=0.0001)

    assert not Activity.objects.exists()
