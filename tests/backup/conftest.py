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
def new_portal(tmp_path):
    """Makes a Fresh portal per call, by label; dropped after the test."""
    made = []

    def new(label: str) -> Fresh:
        media = tmp_path / f"{label}-media"
        media.mkdir()
        if connection.vendor == "sqlite":
            return Fresh(database=str(tmp_path / f"{label}.sqlite3"), media=media)
        # Named after the test database, so that runs against different databases (and pytest-xdist's workers)
        # never share one.
        name = f"{connection.settings_dict['NAME']}_{label}"[:63]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
        made.append(name)
        return Fresh(database=name, media=media)

    yield new
    for name in made:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")


@pytest.fixture
def fresh(new_portal):
    return new_portal("restore")
