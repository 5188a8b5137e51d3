from django.db import migrations

from protocol.search import PostgresOnlyGinIndex


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        PostgresOnlyGinIndex(table="documents_document", column="search_vector", name="documents_document_search_gin"),
    ]
