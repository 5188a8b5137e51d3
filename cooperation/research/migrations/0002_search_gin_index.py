from django.db import migrations

from protocol.search import PostgresOnlyGinIndex


class Migration(migrations.Migration):
    dependencies = [("research", "0001_initial")]

    operations = [
        PostgresOnlyGinIndex(
            table="research_researchproject", column="search_vector", name="research_project_search_gin"
        ),
    ]
