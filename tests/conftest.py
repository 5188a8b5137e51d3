import os
from datetime import datetime

import pytest
import time_machine
from django.utils import translation

from protocol.celery import app as celery_app

pytest_plugins = ["tests.personas", "tests.library", "tests.demo"]


@pytest.fixture(autouse=True)
def _fast_test_settings(settings, tmp_path):
    # Production uses whitenoise's manifest, which needs collectstatic; tests render templates without it.
    # Files on the local disk whatever STORAGE_URL the shell has (never a real bucket); tests/storage asks for S3.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Personas are created in every test; a slow password hash would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test stores uploads in its own folder, so "nothing left on disk" can be checked.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _sessions_outlast_moved_clocks(settings):
    # Tests move the clock by hours or days between two requests of one signed-in client; the session limits
    # (protocol/session_limits.py) would sign it out. Their own tests set the real ones (30 minutes, 12 hours);
    # elsewhere a session lasts as long as Django's default cookie, as before the limits.
    settings.SESSION_COOKIE_AGE = 14 * 24 * 3600
    settings.SESSION_MAX_HOURS = 14 * 24
    settings.SESSION_IDLE_MINUTES = 14 * 24 * 60


@pytest.fixture(autouse=True)
def _second_factor_off_unless_asked(request, monkeypatch):
    # Thousands of tests force_login a coordinator or a portal admin, and browser tests sign in through the page:
    # the second factor (protocol/mfa) would send each to enter a code first. Its own tests, marked `mfa`, ask.
    if request.node.get_closest_marker("mfa"):
        return
    from protocol.mfa import policy

    monkeypatch.setattr(policy, "is_mfa_required", lambda user, *, admin_site=False: False)


@pytest.fixture
def english():
    """The portal's default language is Chinese; a module that reads English messages asks for this
    (`pytestmark = pytest.mark.usefixtures("english")`)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    # A request leaves its reader's language active in the thread: each test starts from the portal's default
    # (Chinese), whatever ran before it (the suite runs in random order).
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test starts with a database of its own: counts cached in an earlier test (protocol/counts.py)
    # would describe rows that are gone.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _parts_working():
    # An outage is logged once per process (protocol/outages.py): each test starts with none in progress, so the
    # one that makes the broker fail sees the first warning whatever failed before it.
    from protocol import outages

    outages.reset_all()


@pytest.fixture(autouse=True)
def _glossary_read(request, _empty_cache):
    # The search glossary is read once and cached (protocol/glossary): read it before the test, as any
    # earlier search would have, so that a page's query count does not depend on being the first to search.
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction"))
    if ("db" in request.fixturenames or marker) and not transactional:
        request.getfixturevalue("db")
        from protocol.glossary.selectors import glossary_pairs

        glossary_pairs()


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get("TEST_CLOCK", ""),
        help="run the whole suite as if the clock said this ISO date-time (e.g. 2026-12-31T23:30+08:00); "
        "the clock keeps ticking from there. The suite must pass at any date: `make test-dates` tries the hard ones.",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "mfa: the second factor is required as in production (protocol/mfa)")
    config.addinivalue_line(
        "markers", "real_broker: publish tasks through the configured broker (Redis under REDIS_URL) instead of eagerly"
    )
    if clock := config.getoption("clock"):
        # Started before any test module is imported, so module-level dates see the moved clock too.
        config._clock = time_machine.travel(datetime.fromisoformat(clock), tick=True)
        config._clock.start()


def pytest_report_header(config):
    if clock := config.getoption("clock"):
        return f"clock moved to {clock} (ticking)"
    return None


def pytest_unconfigure(config):
    if traveller := getattr(config, "_clock", None):
        traveller.stop()


@pytest.fixture(autouse=True)
def _celery_runs_tasks_eagerly(request):
    # With REDIS_URL set (CI) the settings make Celery publish to Redis, where no worker runs during
    # the suite: a test that expects delivery on commit would find nothing delivered, and every
    # publish would leave a message behind in Redis. Only tests marked real_broker publish for real.
    if request.node.get_closest_marker("real_broker"):
        yield
        return
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved
