"""Library links: the ledger's links to library documents move from its own many-to-many field (which made
the core depend on this area) to rows of the library's, copied before the ledger drops the field."""

import django.db.models.deletion
from django.db import migrations, models


def copy_activity_links(apps, schema_editor):
    Activity = apps.get_model("activities", "Activity")
    ContentType = apps.get_model("contenttypes", "ContentType")
    LibraryLink = apps.get_model("documents", "LibraryLink")
    through = Activity.documents.through
    if not through.objects.exists():
        return
    record_type, _ = ContentType.objects.get_or_create(app_label="activities", model="activity")
    LibraryLink.objects.bulk_create(
        (
            LibraryLink(record_type=record_type, record_id=row.activity_id, document_id=row.document_id)
            for row in through.objects.order_by("pk").iterator()
        ),
        batch_size=1000,
    )


def copy_back(apps, schema_editor):
    Activity = apps.get_model("activities", "Activity")
    LibraryLink = apps.get_model("documents", "LibraryLink")
    through = Activity.documents.through
    links = LibraryLink.objects.filter(record_type__app_label="activities", record_type__model="activity")
    through.objects.bulk_create(through(activity_id=link.record_id, document_id=link.document_id) for link in links)


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0005_linked_documents'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('documents', '0005_processing_schedule'),
    ]
    # The ledger's field is dropped by its next migration; the rows must be copied first.
    run_before = [('activities', '0006_source_instead_of_documents')]

    operations = [
        migrations.CreateModel(
            name='LibraryLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('record_id', models.PositiveBigIntegerField()),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='linked at')),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='documents.document', verbose_name='document')),
                ('record_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
            ],
            options={
                'verbose_name': 'library link',
                'verbose_name_plural': 'library links',
                'constraints': [models.UniqueConstraint(fields=('record_type', 'record_id', 'document'), name='library_link_once')],
            },
        ),
        migrations.RunPython(copy_activity_links, copy_back),
    ]
