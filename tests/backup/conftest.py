from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection


@dataclass(frozen=True)
class Fresh:
    """A new, empty database of the suite's engine (no tables at all) and an empty media folder."""

    database: str
    media: Path


@pytest.fixture
def fresh(tmp_path):
    media = tmp_path / "restored-media"
    media.mkdir()
    if connection.vendor == "sqlite":
        yield Fresh(database=str(tmp_path / "restored.sqlite3"), media=media)
        return
    # Named after the test database, so that runs against different databases (and pytest-xdist's workers)
    # never share one.
    name = f"{connection.settings_dict['NAME']}_restore"[:63]
    quoted = connection.ops.quote_name(name)
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
        cursor.execute(f"CREATE DATABASE {quoted}")
    yield Fresh(database=name, media=media)
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
