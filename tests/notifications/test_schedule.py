"""Beat's schedule lives in the database, installed by a migration and changed by portal admins."""

import lxml.html
import pytest
from django.urls import reverse
from django.utils import translation
from django_celery_beat.models import PeriodicTask

from protocol.celery import app as celery_app
from protocol.notifications.models import Channel, Notification
from protocol.parties.models import Language

pytestmark = pytest.mark.django_db


def test_every_scheduled_task_names_a_task_the_worker_knows():
    scheduled = {task.name: task.task for task in PeriodicTask.objects.all()}

    assert set(scheduled) == {
        "Delete expired sessions",
        "Deliver pending notifications (outbox sweep)",
        "Process document versions left unprocessed",
        "Release unused training seats to the other party",
        "Send reminders",
        "Send daily notification digests",
    }
    celery_app.loader.import_default_modules()
    assert [task for task in scheduled.values() if task not in celery_app.tasks] == []


def test_the_digest_goes_out_at_eight_in_the_morning_beijing_time_and_the_sweep_every_minute():
    digest = PeriodicTask.objects.get(task="protocol.notifications.tasks.build_digests_task")
    sweep = PeriodicTask.objects.get(task="protocol.notifications.tasks.sweep_outbox_task")

    assert (digest.crontab.hour, digest.crontab.minute, str(digest.crontab.timezone)) == ("8", "0", "Asia/Shanghai")
    assert (sweep.interval.every, sweep.interval.period) == (1, "minutes")
    assert all(task.enabled for task in (digest, sweep))


def test_a_portal_admin_moves_the_digest_to_seven_in_the_admin(client, portal_admin):
    digest = PeriodicTask.objects.get(task="protocol.notifications.tasks.build_digests_task")
    client.force_login(portal_admin)
    change = reverse("admin:django_celery_beat_crontabschedule_change", args=[digest.crontab_id])

    form = lxml.html.fromstring(client.get(change).content).xpath("//form[@id='crontabschedule_form']")[0]
    data = dict(form.form_values()) | {"hour": "7"}  # the page's form, as the browser would send it
    response = client.post(change, data)

    assert response.status_code == 302
    digest.refresh_from_db()
    assert digest.crontab.hour == "7"


def test_the_schedules_minutes_are_minutes_of_time_in_chinese_not_meeting_minutes(client, portal_admin):
    portal_admin.preferred_language = Language.CHINESE
    portal_admin.save(update_fields=["preferred_language"])
    client.force_login(portal_admin)

    page = client.get(reverse("admin:django_celery_beat_intervalschedule_changelist")).content.decode()

    with translation.override("zh-hans"):
        assert translation.pgettext("meeting record", "minutes") == "会议纪要"
    assert "会议纪要" not in page


def test_a_portal_admin_runs_the_digests_now_from_the_admin(
    client,
    portal_admin,
    make_notifications,
    sipo_coordinator,
    cas_logged,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    [waiting] = make_notifications(sipo_coordinator, cas_logged, title="Joint analysis of AI patents")
    Notification.objects.filter(pk=waiting.pk).update(channel=Channel.DIGEST)
    digest = PeriodicTask.objects.get(task="protocol.notifications.tasks.build_digests_task")
    client.force_login(portal_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:django_celery_beat_periodictask_changelist"),
            {"action": "run_tasks", "_selected_action": [digest.pk]},
        )

    assert response.status_code == 302
    [email] = mailoutbox
    assert email.to == [sipo_coordinator.email]
    assert "Joint analysis of AI patents" in email.body
