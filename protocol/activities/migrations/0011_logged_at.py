from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill_logged_at(apps, schema_editor):
    """What the history says: the last time each activity was logged (none for a draft never logged)."""
    Activity = apps.get_model("activities", "Activity")
    StatusChange = apps.get_model("activities", "StatusChange")
    last_logged = StatusChange.objects.filter(activity=OuterRef("pk"), status="logged").order_by("-at", "-pk")
    Activity.objects.exclude(status="draft").update(logged_at=Subquery(last_logged.values("at")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0010_search_columns"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("parties", "0008_user_department"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="activity",
            name="activity_status_party",
        ),
        migrations.AddField(
            model_name="activity",
            name="logged_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="logged at"),
        ),
        migrations.RunPython(backfill_logged_at, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(fields=["status", "logged_at", "id"], include=["party"], name="activity_waiting"),
        ),
    ]
