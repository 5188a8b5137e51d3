"""Entries are kept at least 180 days: `audit_purge` deletes older ones and refuses anything younger."""

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from protocol.audit import services
from protocol.audit.models import Action, Entry

NOW = datetime.datetime(2026, 12, 4, 10, tzinfo=datetime.UTC)


@pytest.fixture
def trail(db):
    """An entry every 30 days back from NOW (the newest at NOW), eight in all."""
    with time_machine.travel(NOW, tick=False):
        entries = [services.event_record(action=Action.SIGN_IN_FAILED, target_repr=f"try {n}") for n in range(8)]
        for n, entry in enumerate(entries):
            Entry.objects.filter(pk=entry.pk).update(timestamp=NOW - datetime.timedelta(days=30 * n))
    return entries


def left() -> list[str]:
    return sorted(Entry.objects.filter(action=Action.SIGN_IN_FAILED).values_list("object_repr", flat=True))


@time_machine.travel(NOW, tick=False)
def test_older_entries_are_deleted_and_the_purge_is_recorded(trail, capsys):
    call_command("audit_purge", before="2026-06-01")  # 186 days before NOW (Beijing midnight)
    assert left() == [f"try {n}" for n in range(7)]  # 210 days old went
    (purge,) = Entry.objects.filter(action=Action.PURGE)
    assert purge.additional_data["deleted"] == 1
    assert "1" in capsys.readouterr().out


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("options", [{"before": "2026-06-08"}, {"before": "2026-12-01"}, {"older_than_days": 179}])
def test_a_cutoff_inside_the_180_days_is_refused_and_nothing_deleted(trail, options):
    with pytest.raises(CommandError, match="180 days"):
        call_command("audit_purge", **options)
    assert len(left()) == 8
    assert not Entry.objects.filter(action=Action.PURGE).exists()


@time_machine.travel(NOW, tick=False)
def test_exactly_180_days_is_allowed(trail):
    call_command("audit_purge", older_than_days=180)
    assert left() == [f"try {n}" for n in range(7)]  # 210 days old went; 180 days old stays (not older)


@time_machine.travel(NOW, tick=False)
def test_a_dry_run_deletes_nothing(trail, capsys):
    call_command("audit_purge", older_than_days=200, dry_run=True)
    assert len(left()) == 8 and "1" in capsys.readouterr().out


@time_machine.travel(NOW, tick=False)
def test_the_service_refuses_too(trail):
    with pytest.raises(services.RetentionError):
        services.trail_purge(before=timezone.now() - datetime.timedelta(days=10))
    assert len(left()) == 8


def test_a_cutoff_is_required_and_only_one(db):
    with pytest.raises(CommandError):
        call_command("audit_purge")
    with pytest.raises(CommandError):
        call_command("audit_purge", before="2020-01-01", older_than_days=400)
    with pytest.raises(CommandError):
        call_command("audit_purge", before="not a date")
