"""Expired sessions leave the table every night (GB/T 22239 8.1.4.10): Django keeps them until `clearsessions` runs."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django_celery_beat.models import PeriodicTask

from protocol.parties.tasks import clear_expired_sessions_task

START = datetime(2026, 12, 31, 15, 30, tzinfo=UTC)  # 23:30 on New Year's Eve in Beijing


def signed_in(user) -> str:
    client = Client()
    client.force_login(user)
    return client.session.session_key


def test_the_task_deletes_the_expired_sessions_and_keeps_the_others(settings, cas_official, sipo_official):
    with time_machine.travel(START, tick=False):
        old = signed_in(cas_official)
    with time_machine.travel(START + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60), tick=False):
        recent = signed_in(sipo_official)
    with time_machine.travel(START + timedelta(seconds=settings.SESSION_COOKIE_AGE + 1), tick=False):
        assert clear_expired_sessions_task() == 1
        assert clear_expired_sessions_task() == 0
    assert list(Session.objects.values_list("session_key", flat=True)) == [recent]
    assert old != recent


def test_beat_runs_it_every_night_in_beijing_time(db):
    task = PeriodicTask.objects.get(task="protocol.parties.tasks.clear_expired_sessions_task")
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("3", "15", "Asia/Shanghai")
    assert task.enabled
