"""Entries are kept at least six calendar months: `audit_purge` deletes older ones and refuses anything younger."""

import datetime
import re

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from protocol.audit import services
from protocol.audit.models import Action, Entry

NOW = datetime.datetime(2026, 12, 4, 10, tzinfo=datetime.UTC)  # 18:00 in Beijing: the limit is 4 June 18:00, 183 days


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
@pytest.mark.parametrize(
    "options",
    [
        {"before": "2026-06-05"},
        {"before": "2026-12-01"},
        {"older_than_days": 179},
        {"older_than_days": 180},  # what the old rule of 180 days allowed
        {"older_than_days": 182},
    ],
)
def test_a_cutoff_inside_the_six_months_is_refused_and_nothing_deleted(trail, options):
    with pytest.raises(CommandError, match=re.escape("6 calendar months (until 2026-06-04 18:00")):
        call_command("audit_purge", **options)
    assert len(left()) == 8
    assert not Entry.objects.filter(action=Action.PURGE).exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("options", [{"older_than_days": 183}, {"before": "2026-06-04"}])
def test_exactly_six_calendar_months_is_allowed(trail, options):
    call_command("audit_purge", **options)
    assert left() == [f"try {n}" for n in range(7)]  # 210 days old went; 180 days old stays (not older)


@pytest.mark.parametrize(
    ("days", "allowed"),
    [(180, False), (182, False), (183, False), (184, True)],
)
def test_six_months_before_31_august_end_on_the_last_day_of_february(db, days, allowed):
    """31 August 2027, noon in Beijing: six months back is 28 February noon (there is no 31 February), 184 days;
    180 or 182 days, which a count of days would allow, fall short of it."""
    now = datetime.datetime(2027, 8, 31, 4, tzinfo=datetime.UTC)
    with time_machine.travel(now, tick=False):
        assert services.retention_limit() == datetime.datetime(2027, 2, 28, 4, tzinfo=datetime.UTC)
        before = now - datetime.timedelta(days=days)
        if allowed:
            assert services.trail_purge(before=before, dry_run=True) == 0
        else:
            with pytest.raises(services.RetentionError):
                services.trail_purge(before=before, dry_run=True)


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
