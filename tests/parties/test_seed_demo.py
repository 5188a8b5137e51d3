import pytest
from django.core.management import CommandError, call_command

from protocol.activities.models import Activity, Status
from protocol.parties.models import User

USERNAMES = {"cas_official", "sipo_official", "cas_docadmin", "sipo_docadmin", "cas_coordinator", "sipo_coordinator"}


def test_seed_demo_refuses_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_loads_the_personas_and_activities_once(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert set(User.objects.values_list("username", flat=True)) >= USERNAMES
    assert all(name in out for name in USERNAMES)
    statuses = set(Activity.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.LOGGED, Status.CONFIRMED, Status.RETURNED} <= statuses
    assert {a.area for a in Activity.objects.all()} == {
        "documents",
        "research",
        "training",
        "communication",
        "projects",
    }
    before = (User.objects.count(), Activity.objects.count(), list(User.objects.values_list("password", flat=True)))

    call_command("seed_demo", force=True)
    after = (User.objects.count(), Activity.objects.count(), list(User.objects.values_list("password", flat=True)))
    assert before == after
    assert Activity.objects.count() >= 40
