"""The notifications' default beat schedule (each area installs its own rows in its own migrations)."""

from django.db import migrations

from protocol.schedule import install_periodic_tasks

EVERY = [
    ("Deliver pending notifications (outbox sweep)", "protocol.notifications.tasks.sweep_outbox_task", 1),
]
# Reminders run before the digests, so a reminder someone takes by digest is in that morning's.
DAILY = [
    ("Send reminders", "protocol.notifications.tasks.send_reminders_task", "30", "7"),
    ("Send daily notification digests", "protocol.notifications.tasks.build_digests_task", "0", "8"),
]


def install(apps, schema_editor):
    install_periodic_tasks(apps, every=EVERY, daily=DAILY)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_preferences_digests_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
