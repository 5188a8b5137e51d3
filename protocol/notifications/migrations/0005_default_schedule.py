"""The default beat schedule, in the database so portal admins can change it (admin → Periodic tasks).

Only missing entries are created: a migration run again never undoes an admin's change."""

from django.db import migrations

PORTAL_TZ = "Asia/Shanghai"

EVERY = [
    ("Deliver pending notifications (outbox sweep)", "protocol.notifications.tasks.sweep_outbox_task", 1),
    (
        "Process document versions left unprocessed",
        "cooperation.documents.tasks.process_pending_versions_task",
        5,
    ),
]
# Reminders run before the digests, so a reminder someone takes by digest is in that morning's.
DAILY = [
    ("Send reminders", "protocol.notifications.tasks.send_reminders_task", "30", "7"),
    ("Send daily notification digests", "protocol.notifications.tasks.build_digests_task", "0", "8"),
]


def install(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    for name, task, minutes in EVERY:
        if not PeriodicTask.objects.filter(name=name).exists():
            interval, _ = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
            PeriodicTask.objects.create(name=name, task=task, interval=interval)
    for name, task, minute, hour in DAILY:
        if not PeriodicTask.objects.filter(name=name).exists():
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone=PORTAL_TZ
            )
            PeriodicTask.objects.create(name=name, task=task, crontab=crontab)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_preferences_digests_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
