"""`seed_demo`'s data, seeded once per test module (`seeded`), for the areas' tests of the demo (tests/*/test_demo.py).

Seeding the whole demo takes 10 to 20 s; each of some twenty tests paid it. Here it is seeded once per module, in a
transaction the module's tests run inside: each test's own transaction is a savepoint within it, rolled back
after the test, so a test that seeds again or changes the demo leaves the next one the demo as seeded. A module
using it is kept on one pytest-xdist worker (`xdist_group`, `--dist loadgroup` in `make test`), or each worker
would seed it again.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings

from protocol.celery import app as celery_app

# Mid-afternoon Beijing time, so "today" is the same day in the demo and in the assertions.
NOW = datetime(2026, 6, 10, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def in_one_worker(module: str):
    """The mark a module using `seeded` takes: its tests on one xdist worker."""
    return pytest.mark.xdist_group(f"demo:{module}")


@pytest.fixture(scope="module")
def demo_seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded at NOW through the services, as the function-scoped autouse fixtures (tests/conftest.py)
    would have it: files in a folder of their own, fast password hashes, tasks run eagerly on commit."""
    media = tmp_path_factory.mktemp("demo-media")
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    quick = override_settings(
        DEBUG=True,
        MEDIA_ROOT=media,
        STORAGES={
            **django_settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    try:
        with django_db_blocker.unblock(), quick, time_machine.travel(NOW, tick=False), transaction.atomic():
            cache.clear()
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("seed_demo")
            yield media
            transaction.set_rollback(True)
    finally:
        celery_app.conf.task_always_eager = eager


@pytest.fixture
def seeded(demo_seeded, db, settings):
    """The module's demo, each test at NOW (inside any clock `--clock` moved) and seeing the demo's files."""
    settings.DEBUG = True
    settings.MEDIA_ROOT = demo_seeded
    with time_machine.travel(NOW, tick=False):
        yield


def pytest_collection_modifyitems(items):
    # Once a module's demo is seeded, every later test of that module runs inside its transaction: a test there
    # that expects an empty database would pass or fail by the order the tests ran in. Such a test lives in a
    # module of its own (tests/*/test_demo_counts.py).
    for item in items:
        grouped = any(str(mark.args[0]).startswith("demo:") for mark in item.iter_markers("xdist_group") if mark.args)
        if grouped and "seeded" not in getattr(item, "fixturenames", ()):
            raise pytest.UsageError(f"{item.nodeid}: a test in a module of tests/demo.py's `seeded` must use it")
