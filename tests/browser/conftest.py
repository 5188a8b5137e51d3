"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live_server.

Every test here is marked `browser`. A test takes `page` (a fresh browser context) and `step`,
which screenshots each step in memory; the screenshots, and one of the page as the test failed,
are written to test-artifacts/ only when the test fails. `sign_in` and `sign_out` are the journeys'
shared steps; `eager_tasks` runs Celery tasks inside the live server's request. axe-core checks every
page a journey visits, in both languages (tests/browser/axe.py): after each step, sign-in and sign-out,
and at the end of the test for the pages loaded in between. Any content-security policy violation the
browser reports fails the test too (tests/browser/csp.py), at the same moments: every browser context
a test opens (the `page` fixture's, its other-language tabs, and those a test opens itself) is watched.
"""

import os
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright

from cooperation.meetings import services as meeting_services
from cooperation.meetings.models import MeetingKind
from cooperation.meetings.services import MeetingFields
from protocol.celery import app as celery_app
from tests.ci import needs
from tests.factories import PASSWORD

from .axe import FIGURES, Axe
from .csp import WATCHES, CspWatch

# Sync Playwright keeps an event loop running in the main thread while the browser is open, so
# Django refuses ORM calls there (SynchronousOnlyOperation). Allowed here, never in settings.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).parent
DEFAULT_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    # A conftest's collection hook sees the whole session's items: mark only this folder's.
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item so fixtures can tell, at teardown, whether the test failed.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter):
    if FIGURES.pages:
        for line in FIGURES.lines():
            terminalreporter.write_line(line)


# The accessibility checker and the policy watch of each open page, for the shared steps (sign_in, sign_out, step).
_axes: dict[Page, Axe] = {}
_csp: dict[Page, CspWatch] = {}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        needs(f"the browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        open_context = browser.new_context

        def new_context(**options) -> BrowserContext:
            # Watched before its first page opens, whoever opens it.
            context = open_context(**options)
            CspWatch.start(context)
            return context

        browser.new_context = new_context
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _no_policy_violation(request) -> Iterator[None]:
    """Fails a browser test on a violation in a context it opened itself (`page` checks its own as it goes)."""
    WATCHES.clear()
    yield
    watches = list(WATCHES.values())
    WATCHES.clear()
    if not _failed(request.node):
        for watch in watches:
            watch.assert_none()


@pytest.fixture
def page(browser: Browser, request) -> Iterator[Page]:
    # A fixed English locale so the first, signed-out page does not depend on the machine's.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    csp = CspWatch.of(context)
    page = context.new_page()
    request.node.step_screenshots = []
    _axes[page] = axe = Axe(page)
    _csp[page] = csp
    axe.watch()
    yield page
    try:
        if _failed(request.node):
            _write_artifacts(request.node, page)
        else:
            axe.check_the_rest()
            csp.assert_none()
    finally:
        del _axes[page], _csp[page]
        context.close()


@pytest.fixture
def csp_watch(page: Page) -> CspWatch:
    """The policy watch of `page`'s browser context (the fixture asserts it at each step and at the end)."""
    return _csp[page]


@pytest.fixture
def step(page: Page, request) -> Callable[[str], None]:
    """`step("signed in")` screenshots the page now; kept in memory, written only on failure."""

    def take(name: str) -> None:
        request.node.step_screenshots.append((name, page.screenshot(full_page=True)))
        _check(page)

    return take


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    # CI sets REDIS_URL and runs no worker: run tasks (outbox delivery, document processing) inside the
    # live server's request, as a laptop without Redis does, so their results exist when the page reloads.
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def schedule_past_meeting(*, title: str, by, minute_taker, agenda=()):
    """A joint meeting through the service that started three hours ago, so its minutes can be written;
    `by` chairs it, `minute_taker` takes the minutes."""
    starts_at = timezone.now().replace(microsecond=0) - timedelta(hours=3)
    return meeting_services.meeting_schedule(
        by=by,
        fields=MeetingFields(
            title=title,
            kind=MeetingKind.WORKING_GROUP,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            attendees=[by, minute_taker],
            chair=by,
            minute_taker=minute_taker,
            agenda=list(agenda),
        ),
        record_past=True,
    )


def sign_in(page: Page, base_url: str, user) -> None:
    page.goto(base_url + reverse("login"))
    form = page.locator("main form")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(base_url + reverse("dashboard"))
    expect(page.locator("nav")).to_contain_text(user.full_name)
    _axes[page].user = user
    _check(page)


def sign_out(page: Page, base_url: str) -> None:
    page.locator(f"nav form[action='{reverse('logout')}'] button").click()
    expect(page).to_have_url(base_url + reverse("login"))
    expect(page.locator("main input[name=username]")).to_be_visible()
    _axes[page].user = None
    _check(page)


def _check(page: Page) -> None:
    """The page now, and its other-language rendering: accessible, and no policy violation on either."""
    _axes[page].check()
    _csp[page].assert_none()


def pick_person(scope: Page | Locator, field: str, query: str, label: str) -> None:
    """Choose someone through a staff picker: type in its search, then tick (or choose) them among the matches."""
    scope.locator(f"#id_{field}").fill(query)
    scope.locator(f"#id_{field}-matches").get_by_label(label).check()


def _failed(item) -> bool:
    return any(getattr(item, f"rep_{when}", None) and getattr(item, f"rep_{when}").failed for when in ("setup", "call"))


def _write_artifacts(item, page: Page) -> None:
    folder = Path(item.config.rootpath) / "test-artifacts"
    folder.mkdir(exist_ok=True)
    test_name = _slug(item.name)
    shots = list(item.step_screenshots)
    try:
        shots.append(("failure", page.screenshot(full_page=True)))
    except Exception as exc:  # the page may have crashed; the steps taken so far still help
        print(f"could not screenshot the failed page: {exc}")
    for number, (name, png) in enumerate(shots, start=1):
        path = folder / f"{test_name}-{number:02d}-{_slug(name)}.png"
        path.write_bytes(png)
        print(f"screenshot: {path}")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")
