"""Fill the searchable names (pinyin, initials) of the users there already are."""

from django.db import migrations

from protocol.parties.names import name_search_key


def fill(apps, schema_editor):
    User = apps.get_model("parties", "User")
    users = list(User.objects.select_related(None).only("pk", "full_name"))
    for user in users:
        user.name_search = name_search_key(user.full_name)
    User.objects.bulk_update(users, ["name_search"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("parties", "0006_user_name_search")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
