from django.db import migrations

from protocol.search import PostgresOnlyGinIndex


class Migration(migrations.Migration):
    dependencies = [("training", "0002_release_schedule")]

    operations = [
        PostgresOnlyGinIndex(table="training_course", column="search_vector", name="training_course_search_gin"),
    ]
