"""`manage.py backup` then `manage.py restore` into a new, empty database and storage gives back every row of
every table and every file, byte for byte, on SQLite (PostgreSQL: test_round_trip_postgresql.py)."""

import pytest
from django.conf import settings

from .portal import check_round_trip

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.django_db(transaction=True)]


# Decided before the test database is set up: a transactional test empties every table after it, even skipped.
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the suite runs on PostgreSQL: SQLite's round trip runs with the suite on SQLite (make test-dates)",
)
def test_a_backup_restored_into_an_empty_sqlite_database_gives_back_every_row_and_file(client, tmp_path, fresh):
    tables, rows, files = check_round_trip(client=client, archive=tmp_path / "portal.tar.gz", fresh=fresh)
    print(f"\nround trip on SQLite: {tables} tables, {rows} rows, {files} files")
