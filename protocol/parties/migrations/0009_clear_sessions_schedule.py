"""Expired sessions are deleted nightly (beat): Django leaves them in the table until `clearsessions` runs."""

from django.db import migrations

from protocol.schedule import install_periodic_tasks

DAILY = [("Delete expired sessions", "protocol.parties.tasks.clear_expired_sessions_task", "15", "3")]


def install(apps, schema_editor):
    install_periodic_tasks(apps, daily=DAILY)


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0008_user_department"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
