"""Training's own beat row: give unused seats to the other party's waitlist once the release moment passed."""

from django.db import migrations

from protocol.schedule import install_periodic_tasks

EVERY = [
    (
        "Release unused training seats to the other party",
        "cooperation.training.tasks.seats_release_due_task",
        15,
    ),
]


def install(apps, schema_editor):
    install_periodic_tasks(apps, every=EVERY)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
