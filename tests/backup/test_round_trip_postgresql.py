"""`manage.py backup` then `manage.py restore` into a new, empty PostgreSQL database and storage gives back every
row of every table and every file, byte for byte: pg_dump and pg_restore, in a database of its own.

Needs the suite to run on PostgreSQL (DATABASE_URL); `make test-dates` runs on SQLite and leaves this module out."""

import pytest
from django.conf import settings

from tests.ci import needs

from .portal import check_round_trip

if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    needs(
        "the backup round trip on PostgreSQL cannot be tested: DATABASE_URL is not PostgreSQL "
        "(e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal)",
        module=True,
    )

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.django_db(transaction=True)]


def test_a_backup_restored_into_an_empty_postgresql_database_gives_back_every_row_and_file(client, tmp_path, fresh):
    tables, rows, files = check_round_trip(client=client, archive=tmp_path / "portal.tar.gz", fresh=fresh)
    print(f"\nround trip on PostgreSQL: {tables} tables, {rows} rows, {files} files")
