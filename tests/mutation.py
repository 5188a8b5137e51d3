"""What `make mutation` adds to the test run (`-p tests.mutation`; see MUTATION.md).

mutmut runs a fresh pytest session for every mutant. Building the test database by migrations takes about
9 s, far longer than the few tests that cover one mutant: here the database is a file, built once per
`make mutation` and kept between sessions (`--reuse-db`).
"""

import os

import pytest

# pytest-django runs transactional tests last and empties every table after each of them: the data
# migration's roles and parties would be gone for every later session sharing the kept database.
# (On SQLite the race tests among them skip anyway; the others test migrations, not the rules.)
TRANSACTIONAL = "transaction"


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    # After pytest-django has configured Django; the connections read this same dict when they first connect.
    from django.conf import settings

    settings.VAR_DIR.mkdir(exist_ok=True)
    # MUTATION_TEST_DB: another file, to try a test under one mutant by hand while a run goes on (MUTATION.md).
    name = os.environ.get("MUTATION_TEST_DB", "mutation-tests.sqlite3")
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(settings.VAR_DIR / name)


def pytest_collection_modifyitems(config, items):
    kept, dropped = [], []
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = "transactional_db" in getattr(item, "fixturenames", ()) or (
            marker is not None and marker.kwargs.get(TRANSACTIONAL)
        )
        (dropped if transactional else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
