from django.db import migrations

from protocol.search import PostgresOnlyGinIndex


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [
        PostgresOnlyGinIndex(table="projects_project", column="search_vector", name="projects_project_search_gin"),
    ]
