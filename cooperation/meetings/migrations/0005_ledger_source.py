"""The ledger now links back to its source record generically: name each held meeting as its entry's source."""

from django.db import migrations


def name_sources(apps, schema_editor):
    Activity = apps.get_model("activities", "Activity")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Meeting = apps.get_model("meetings", "Meeting")
    pairs = list(Meeting.objects.filter(activity__isnull=False).values_list("pk", "activity_id"))
    if not pairs:
        return
    meeting_type, _ = ContentType.objects.get_or_create(app_label="meetings", model="meeting")
    for meeting_id, activity_id in pairs:
        Activity.objects.filter(pk=activity_id).update(source_type=meeting_type, source_id=meeting_id)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_remove_minutesreview"),
        ("activities", "0006_source_instead_of_documents"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(name_sources, migrations.RunPython.noop)]
