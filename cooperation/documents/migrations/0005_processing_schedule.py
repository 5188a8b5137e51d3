"""The library's own beat row: retry document processing the broker missed."""

from django.db import migrations

from protocol.schedule import install_periodic_tasks

EVERY = [
    (
        "Process document versions left unprocessed",
        "cooperation.documents.tasks.process_pending_versions_task",
        5,
    ),
]


def install(apps, schema_editor):
    install_periodic_tasks(apps, every=EVERY)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_list_indexes"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
