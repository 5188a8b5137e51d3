"""Every page of the portal under load, as a browser meets it, on the data `seed_scale` wrote.

`make bench-pages` runs this against portal_scale: gunicorn (`protocol.wsgi`, 4 sync workers, debug off)
on a free local port; the seed's accounts sign in through the real login form; then, page after page,
16 clients (processes of threads, each thread one keep-alive connection) ask for the page for a fixed
time. The SQL queries of each page are counted once in-process (the test client, as the same user).
The table is printed and appended, dated, to bench/RESULTS.md. Nothing fails on a slow figure.

`--explain` times the SQL behind the research pages instead (EXPLAIN ANALYZE, median of five), without a
server: the queries its selectors write for the list's pages, the dashboard panel and "my projects".
"""

import http.client
import multiprocessing
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from bench import second_factor
from bench.management.commands.seed_scale import ACCOUNTS, PASSWORD, refuse_unless_scratch
from cooperation.documents.models import Confidentiality, Document
from cooperation.meetings.models import Meeting, MeetingStatus, MinutesStatus
from cooperation.research import selectors as research
from cooperation.research.models import ProjectStatus, ResearchProject
from cooperation.training import selectors as training
from cooperation.training.models import HOLDS_SEAT, Enrolment, EnrolmentStatus, SessionStatus, TrainingSession
from protocol.activities.models import Activity, Status
from protocol.notifications.models import Notification
from protocol.parties.models import Party, User

RESULTS = Path(__file__).resolve().parents[2] / "RESULTS.md"
OFFICIAL, COORDINATOR, ADMIN = (row[0] for row in ACCOUNTS)


@dataclass
class Page:
    name: str
    username: str
    path: str
    # The admin changelist of the same model, for a list page: name of that Page.
    versus: str = ""


@dataclass
class Figures:
    queries: int
    p50: float
    p95: float
    rate: float
    requests: int
    errors: int


# --- The load: module-level so forked processes can run it. ---


def _drive(host: str, port: int, path: str, cookie: str, threads: int, seconds: float) -> tuple[list[float], int]:
    """`threads` keep-alive clients asking for `path` until the deadline; their latencies (ms) and errors."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def client():
        conn = http.client.HTTPConnection(host, port, timeout=60)
        headers = {"Cookie": cookie, "Accept-Language": "zh-hans"}
        mine, failed = [], 0

        def get() -> bool:
            nonlocal conn
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                return response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
                return False

        get()  # untimed: opens the connection
        start.wait()
        deadline = time.perf_counter() + seconds
        while (clock := time.perf_counter()) < deadline:
            ok = get()
            mine.append((time.perf_counter() - clock) * 1000)
            failed += not ok
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return latencies, errors[0]


def _drive_args(args):
    return _drive(*args)


# --- Finding pages by following the portal's own links. ---

LINK = re.compile(r"<a\b[^>]*>", re.IGNORECASE)


def _links(html: str) -> list[dict[str, str]]:
    found = []
    for tag in LINK.findall(html):
        attributes = dict(re.findall(r'(\w[\w-]*)\s*=\s*"([^"]*)"', tag))
        found.append({key.lower(): value.replace("&amp;", "&") for key, value in attributes.items()})
    return found


def oldest_page(fetch, first: str, *, hops: int = 30) -> str:
    """The URL of a list's oldest page, found through the page's own pagination: a rel="last" (or "oldest")
    link if there is one; with ?page=N links a page far past the end (Django's get_page answers the last);
    otherwise rel="next" links followed for at most `hops` pages (a cursor list shows then how deep it got)."""
    url = first
    for _ in range(hops):
        links = _links(fetch(url))
        for link in links:
            if "last" in link.get("rel", "").split() or "oldest" in link.get("rel", "").split():
                return urljoin(url, link["href"])
        following = next((link for link in links if "next" in link.get("rel", "").split()), None)
        if following is None:
            return url
        target = urljoin(url, following["href"])
        if re.search(r"[?&]page=\d+", target):
            return re.sub(r"([?&]page=)\d+", r"\g<1>1000000", target)
        url = target
    return url


class Command(BaseCommand):
    help = "Time every page under gunicorn at 16 clients on the seed_scale data; append the table to bench/RESULTS.md."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=6.0, help="Load per page, in seconds (6).")
        parser.add_argument("--clients", type=int, default=16, help="Concurrent clients (16).")
        parser.add_argument("--processes", type=int, default=2, help="Client processes sharing them (2).")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (4).")
        parser.add_argument("--only", default="", help="Measure only pages whose name contains this.")
        parser.add_argument("--label", default="", help="Heading of the RESULTS.md section, e.g. 'before the fixes'.")
        parser.add_argument("--no-write", action="store_true", help="Print the table only.")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="Time the research and training pages' SQL (EXPLAIN ANALYZE) instead; no server.",
        )

    def handle(self, *args, seconds, clients, processes, workers, only, label, no_write, explain=False, **options):
        refuse_unless_scratch(connection.settings_dict["NAME"])
        users = {user.username: user for user in User.objects.filter(username__in=[row[0] for row in ACCOUNTS])}
        if len(users) != len(ACCOUNTS):
            raise CommandError("The seed's accounts are missing: run `make seed-scale` first.")
        if explain:
            self.stdout.write("Research\n\n" + explain_table(research_queries(users[OFFICIAL], users[COORDINATOR])))
            self.stdout.write("\nTraining\n\n" + explain_table(training_queries(users[OFFICIAL], users[COORDINATOR])))
            return
        if settings.DEBUG:
            raise CommandError("Run with DJANGO_DEBUG=false: debug pages measure the debugger (make bench-pages).")
        self.stdout.write("collectstatic (debug off serves the manifest's files)…")
        call_command("collectstatic", interactive=False, verbosity=0)
        sizes = self._sizes()
        port = _free_port()
        server = self._gunicorn(port, workers)
        try:
            self.host, self.port = "127.0.0.1", port
            self.factors = {
                name: second_factor.set_up(user) for name, user in users.items() if second_factor.is_needed(user)
            }
            cookies = {username: self._sign_in(username) for username in users}
            pages = self._pages(users, cookies)
            if only:
                pages = [page for page in pages if only in page.name or page.name == "floor (help page)"]
            load_before = os.getloadavg()
            figures = {}
            for page in pages:
                queries = self._queries(users[page.username], page.path)
                figures[page.name] = self._load(page, cookies[page.username], queries, seconds, clients, processes)
                result = figures[page.name]
                self.stdout.write(
                    f"  {page.name:<42} {result.p50:8.1f} ms p50 {result.rate:7.1f} req/s  {result.queries} queries"
                    + (f"  ({result.errors} errors)" if result.errors else "")
                )
            load_after = os.getloadavg()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        table = self._table(pages, figures)
        self.stdout.write("\n" + table)
        if not no_write:
            section = self._section(label, table, sizes, load_before, load_after, seconds, clients, workers)
            with RESULTS.open("a", encoding="utf-8") as results:
                results.write(section)
            self.stdout.write(f"Appended to {RESULTS}.")

    # --- The server ---

    def _gunicorn(self, port: int, workers: int) -> subprocess.Popen:
        command = [sys.executable, "-m", "gunicorn", "protocol.wsgi:application", "--workers", str(workers)]
        command += ["--bind", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"]
        server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=os.environ.copy())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", reverse("healthz"))
                if conn.getresponse().status == 200:
                    return server
            except OSError:
                time.sleep(0.3)
        server.kill()
        raise CommandError("gunicorn did not answer /healthz within 60 s.")

    def _request(self, method: str, path: str, *, cookie: str = "", body: str = "") -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Cookie": cookie, "Accept-Language": "zh-hans"}
        if body:
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{self.host}/"}
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        response.body = response.read()
        conn.close()
        return response

    def _sign_in(self, username: str) -> str:
        """Through the login form, as a browser: its CSRF cookie and token, then the session cookie."""
        login = reverse("login")
        form = self._request("GET", login)
        csrf = _cookie(form, "csrftoken")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1).decode()
        body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD, "next": "/"})
        answer = self._request("POST", login, cookie=f"csrftoken={csrf}", body=body)
        session = _cookie(answer, "sessionid")
        if answer.status != 302 or not session:
            raise CommandError(f"Signing in as {username} failed ({answer.status}).")
        csrf = _cookie(answer, "csrftoken") or csrf  # signing in rotates the CSRF token
        cookie = f"csrftoken={csrf}; sessionid={session}"
        factor = getattr(self, "factors", {}).get(username)
        return cookie if factor is None else self._second_factor(username, cookie, factor)

    def _second_factor(self, username: str, cookie: str, factor: second_factor.SecondFactor) -> str:
        verify = reverse("mfa:verify")
        form = self._request("GET", verify, cookie=cookie)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1).decode()
        body = urlencode({"csrfmiddlewaretoken": token, "code": factor.recovery_codes.pop(), "next": "/"})
        answer = self._request("POST", verify, cookie=cookie, body=body)
        session = _cookie(answer, "sessionid")  # a new key once verified
        if answer.status != 302 or not session:
            raise CommandError(f"The second factor of {username} was refused ({answer.status}).")
        return re.sub(r"sessionid=[^;]*", f"sessionid={session}", cookie)

    def _fetch(self, cookie: str):
        def fetch(path: str) -> str:
            response = self._request("GET", path, cookie=cookie)
            if response.status != 200:
                raise CommandError(f"GET {path} answered {response.status}")
            return response.body.decode()

        return fetch

    # --- The pages ---

    def _pages(self, users: dict[str, User], cookies: dict[str, str]) -> list[Page]:
        last_year = timezone.localdate().year - 1
        cas = Party.objects.get(code="CAS")
        activity = Activity.objects.filter(status=Status.CONFIRMED).order_by("-start_date", "-pk").first()
        document = (
            Document.objects.filter(confidentiality=Confidentiality.SHARED, archived_at=None)
            .exclude(current_version=None)
            .order_by("-created_at", "-pk")[50]
        )
        meeting = (
            Meeting.objects.filter(internal=False, status=MeetingStatus.HELD, minutes__status=MinutesStatus.APPROVED)
            .order_by("-starts_at", "-pk")
            .first()
        )
        notifications_of = Notification.objects.filter(recipient=users[COORDINATOR]).count()
        if not (activity and document and meeting and notifications_of):
            raise CommandError("The data lacks a confirmed activity, a document or a held meeting: run seed_scale.")
        pages = [
            Page("floor (help page)", OFFICIAL, reverse("help")),
            Page("dashboard (SIPO official)", OFFICIAL, reverse("dashboard")),
            Page("dashboard (CAS coordinator)", COORDINATOR, reverse("dashboard")),
            # The calendar page reads a month (or a week) of every area's events, never ten years of them.
            Page("calendar, month (CAS coordinator)", COORDINATOR, reverse("calendar")),
            Page("calendar, week (SIPO official)", OFFICIAL, f"{reverse('calendar')}?view=week"),
        ]
        # name, who, URL name, the list's own scope, a filter, the admin changelist it is compared with
        lists = [
            ("activities", OFFICIAL, "activities:list", {}, {"status": Status.CONFIRMED, "year": last_year}),
            ("documents", OFFICIAL, "documents:list", {}, {"area": "research", "year": last_year}),
            ("meetings (upcoming)", OFFICIAL, "meetings:list", {}, {}),
            (
                "meetings (past)",
                OFFICIAL,
                "meetings:list",
                {"scope": "past"},
                {"organising_party": cas.pk, "year": last_year},
            ),
            ("action items", COORDINATOR, "meetings:actions", {}, {}),
            ("notifications inbox", COORDINATOR, "notifications:inbox", {}, {"state": "unread", "area": "research"}),
        ]
        # The research pages are measured once they answer (their views came after this benchmark).
        research_ready = self._status(cookies[OFFICIAL], reverse("research:list")) == 200
        if research_ready:
            lists.append(
                ("research", OFFICIAL, "research:list", {}, {"status": ProjectStatus.ACTIVE, "year": last_year})
            )
        else:
            self.stderr.write("The research list answers 404 (placeholder views?): its pages are not measured.")
        # The training pages too, written at the same time as this benchmark's part for them.
        training_ready = self._status(cookies[OFFICIAL], reverse("training:list")) == 200
        if training_ready:
            lists.append(("training", OFFICIAL, "training:list", {}, {"organising_party": cas.pk, "year": last_year}))
        else:
            self.stderr.write("The training list answers 404 (placeholder views?): its pages are not measured.")
        # Project support too, once its views answer.
        projects_ready = self._status(cookies[OFFICIAL], reverse("projects:list")) == 200
        if projects_ready:
            lists.append(("projects", OFFICIAL, "projects:list", {}, {"organising_party": cas.pk, "year": last_year}))
        else:
            self.stderr.write("The projects list answers 404 (placeholder views?): its pages are not measured.")
        changelists = {"activities": "activities", "documents": "documents"}
        for name, username, url_name, scope, filters in lists:
            versus = changelists.get(name, "")
            first = reverse(url_name) + (f"?{urlencode(scope)}" if scope else "")
            against = f"admin changelist: {versus}" if versus else ""
            pages.append(Page(f"{name} list, first page", username, first, against))
            oldest = oldest_page(self._fetch(cookies[username]), first)
            if oldest != first:
                pages.append(Page(f"{name} list, oldest page", username, oldest, against))
            if filters:
                filtered = f"{reverse(url_name)}?{urlencode(scope | filters)}"
                pages.append(Page(f"{name} list, filtered", username, filtered, against))
        pages += [
            Page("activity detail", OFFICIAL, activity.get_absolute_url()),
            Page("document detail", OFFICIAL, document.get_absolute_url()),
            Page("meeting detail", OFFICIAL, meeting.get_absolute_url()),
            Page("minutes", OFFICIAL, reverse("meetings:minutes", args=[meeting.pk])),
            Page("search 专利", OFFICIAL, f"{reverse('documents:list')}?{urlencode({'q': '专利'})}", ""),
            Page("search patent", OFFICIAL, f"{reverse('documents:list')}?{urlencode({'q': 'patent'})}", ""),
            # One search across every area, the glossary adding the other language's terms.
            Page("global search 专利", OFFICIAL, f"{reverse('search')}?{urlencode({'q': '专利'})}", ""),
            Page("global search patent", OFFICIAL, f"{reverse('search')}?{urlencode({'q': 'patent'})}", ""),
            Page("global search 专利 审查", OFFICIAL, f"{reverse('search')}?{urlencode({'q': '专利 审查'})}", ""),
            Page("admin changelist: activities", ADMIN, reverse("admin:activities_activity_changelist")),
            Page("admin changelist: documents", ADMIN, reverse("admin:documents_document_changelist")),
        ]
        pages += research_pages() if research_ready else []
        pages += training_pages() if training_ready else []
        return pages + (projects_pages() if projects_ready else [])

    def _status(self, cookie: str, path: str) -> int:
        return self._request("GET", path, cookie=cookie).status

    def _queries(self, user: User, path: str) -> int:
        """The page's SQL queries, counted in-process with the test client signed in as the same user."""
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
            second_factor.force_login(client, user)
            client.get(path)  # once to warm caches (content types, the registry), as a running worker has
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
        if response.status_code != 200:
            raise CommandError(f"GET {path} answered {response.status_code} in-process")
        return len(queries)

    def _load(self, page: Page, cookie: str, queries: int, seconds: float, clients: int, processes: int) -> Figures:
        _wait_until_idle()
        split = [clients // processes + (n < clients % processes) for n in range(processes)]
        jobs = [(self.host, self.port, page.path, cookie, threads, seconds) for threads in split if threads]
        connections.close_all()  # the forked clients never use the database
        with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
            results = pool.map(_drive_args, jobs)
        latencies = sorted(latency for part, _ in results for latency in part)
        errors = sum(errors for _, errors in results)
        return Figures(
            queries=queries,
            p50=statistics.median(latencies),
            p95=statistics.quantiles(latencies, n=20, method="inclusive")[-1] if len(latencies) > 1 else latencies[0],
            rate=len(latencies) / seconds,  # every client asks for `seconds`, timed from one barrier each
            requests=len(latencies),
            errors=errors,
        )

    # --- The report ---

    def _sizes(self) -> dict[str, int]:
        from bench.management.commands.seed_scale import _seeded_models

        return {model._meta.db_table: model.objects.count() for model in _seeded_models()}

    def _table(self, pages: list[Page], figures: dict[str, Figures]) -> str:
        floor = figures.get("floor (help page)")
        lines = [
            "| page | URL | queries | p50 ms | p95 ms | req/s | p50 ÷ floor | req/s ÷ admin |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for page in pages:
            result = figures[page.name]
            admin = figures.get(page.versus)
            versus_floor = f"{result.p50 / floor.p50:.1f}×" if floor else "—"
            versus_admin = f"{result.rate / admin.rate:.2f}" if admin else ""
            errors = f" ({result.errors} errors)" if result.errors else ""
            lines.append(
                f"| {page.name}{errors} | `{_short(page.path)}` | {result.queries} | {result.p50:.1f} | "
                f"{result.p95:.1f} | {result.rate:.1f} | {versus_floor} | {versus_admin} |"
            )
        return "\n".join(lines) + "\n"

    def _section(self, label, table, sizes, load_before, load_after, seconds, clients, workers) -> str:
        commit = subprocess.run(
            ["git", "log", "-1", "--format=%h %s"], cwd=settings.BASE_DIR, capture_output=True, text=True
        ).stdout.strip()
        branch = subprocess.run(
            ["git", "branch", "--show-current"], cwd=settings.BASE_DIR, capture_output=True, text=True
        ).stdout.strip()
        data = ", ".join(f"{table_name} {count:,}" for table_name, count in sizes.items())
        heading = f"## {timezone.localtime():%Y-%m-%d %H:%M} (Beijing time)" + (f" — {label}" if label else "")
        return (
            f"\n{heading}\n\n"
            f"- code: branch `{branch}`, {commit}\n"
            f"- machine: `{' '.join(platform.uname())}`, {os.cpu_count()} cores; PostgreSQL "
            f"{connection.pg_version if connection.vendor == 'postgresql' else connection.vendor}\n"
            f"- load average before {_load_text(load_before)}, after {_load_text(load_after)}\n"
            f"- run: gunicorn {workers} sync workers, debug off; {clients} keep-alive clients for {seconds:g} s "
            "per page; queries counted once in-process as the same user; every figure from this one run\n"
            f"- data: {data}\n\n"
            f"{table}"
        )


def research_pages() -> list[Page]:
    """The research pages beyond the list's own three (first, oldest, filtered): the coordinator's "awaiting
    my decision", the official's projects, the searches, and the page and milestones CSV of a project of both
    parties with the most milestones (eight), running, so that its page shows all it can."""
    project = (
        ResearchProject.objects.filter(internal=False, status=ProjectStatus.ACTIVE)
        .annotate(milestone_count=Count("milestones"))
        .order_by("-milestone_count", "-start_date", "-pk")
        .first()
    )
    if project is None:
        raise CommandError("The data has no active research project: run `make seed-scale` (or --only research).")
    listed = reverse("research:list")
    return [
        Page("research list, awaiting my decision (CAS coordinator)", COORDINATOR, f"{listed}?scope=awaiting"),
        Page("research list, my projects", OFFICIAL, f"{listed}?scope=mine"),
        Page("research search 专利", OFFICIAL, f"{listed}?{urlencode({'q': '专利'})}"),
        Page("research search patent", OFFICIAL, f"{listed}?{urlencode({'q': 'patent'})}"),
        Page(f"research project ({project.milestone_count} milestones)", OFFICIAL, project.get_absolute_url()),
        Page("research milestones CSV", OFFICIAL, reverse("research:milestones_csv", args=[project.pk])),
    ]


def busiest_upcoming_session() -> TrainingSession:
    """The upcoming session of both parties with the most enrolments: its page shows all it can."""
    session = (
        TrainingSession.objects.filter(
            course__internal=False, status=SessionStatus.SCHEDULED, starts_at__gt=timezone.now()
        )
        .annotate(enrolment_count=Count("enrolments"))
        .order_by("-enrolment_count", "starts_at", "pk")
        .first()
    )
    if session is None:
        raise CommandError("The data has no upcoming training session: run `make seed-scale` (or --only training).")
    return session


def training_pages() -> list[Page]:
    """The training pages beyond the list's own three: my enrolments, the coordinator's enrolments to approve,
    the busiest upcoming session's page."""
    session = busiest_upcoming_session()
    listed = reverse("training:list")
    return [
        Page("training list, my enrolments", OFFICIAL, f"{listed}?scope=mine"),
        Page("training list, to approve (CAS coordinator)", COORDINATOR, f"{listed}?scope=to_approve"),
        Page(f"training session ({session.enrolment_count} enrolments)", OFFICIAL, session.get_absolute_url()),
    ]


def projects_pages() -> list[Page]:
    """The project support pages beyond the list's own three: its search, the open calls, my applications,
    the applications to review and to decide, the busiest call's and its project's pages, the contributions
    of the project with the most."""
    from cooperation.projects.models import Call, Project

    shared = Call.objects.filter(project__published_at__isnull=False)
    call = shared.annotate(count=Count("applications")).order_by("-count", "pk").first()
    project = (
        Project.objects.filter(published_at__isnull=False)
        .annotate(count=Count("contributions"))
        .order_by("-count", "pk")
        .first()
    )
    listed = reverse("projects:list")
    return [
        Page("projects list, search 专利", OFFICIAL, f"{listed}?{urlencode({'q': '专利'})}"),
        Page("projects, open calls", OFFICIAL, reverse("projects:calls")),
        Page("projects, my applications", OFFICIAL, reverse("projects:applications")),
        Page("projects, to review", OFFICIAL, reverse("projects:to_review")),
        Page("projects, to decide (CAS coordinator)", COORDINATOR, reverse("projects:to_decide")),
        Page(f"projects call ({call.count} applications)", COORDINATOR, call.get_absolute_url()),
        Page("projects project page", OFFICIAL, call.project.get_absolute_url()),
        Page(
            f"projects contributions ({project.count})", OFFICIAL, reverse("projects:contributions", args=[project.pk])
        ),
    ]


# --- The research and training pages' SQL, timed by the database itself. ---


def research_queries(official: User, coordinator: User) -> dict[str, object]:
    """The queries the research pages run, as their selectors write them: (name → queryset)."""
    size = settings.PAGE_SIZE + 1  # a keyset page reads one row more, to know whether there is an older page
    last_year = timezone.localdate().year - 1
    listed = research.projects_listed(official)
    year = {"start_date__gte": date(last_year, 1, 1), "start_date__lt": date(last_year + 1, 1, 1)}
    return {
        "list, first page": listed[:size],
        "list, its count (at most 1,000)": listed.order_by()[:1001],
        "list, oldest page": listed.order_by("start_date", "pk")[:size],
        "list, filtered (active, last year)": listed.filter(status=ProjectStatus.ACTIVE, **year)[:size],
        "list, search 专利 (ranked ids)": research.projects_matching(listed, "专利").values("pk"),
        "list, search patent (ranked ids)": research.projects_matching(listed, "patent").values("pk"),
        "awaiting (CAS coordinator), panel": research.projects_awaiting(coordinator)[:10],
        "awaiting (CAS coordinator), list": research.projects_awaiting(coordinator)[:size],
        "mine (SIPO official)": research.projects_mine(official)[:size],
        "mine (CAS coordinator)": research.projects_mine(coordinator)[:size],
    }


def training_queries(official: User, coordinator: User) -> dict[str, object]:
    """The queries the training pages and the seat rules run, as the selectors and services write them."""
    size = settings.PAGE_SIZE + 1
    last_year = timezone.localdate().year - 1
    year = {"starts_at__year": last_year}
    cas = Party.objects.get(code="CAS")
    session = busiest_upcoming_session()
    waitlisted = EnrolmentStatus.WAITLISTED
    return {
        "upcoming, first page": training.sessions_upcoming(official)[:size],
        "past, first page": training.sessions_past(official)[:size],
        "past, oldest page": training.sessions_past(official).order_by("starts_at", "pk")[:size],
        "past, filtered (CAS, last year)": training.sessions_past(official).filter(
            course__organising_party=cas, **year
        )[:size],
        "my enrolments (SIPO official)": training.enrolments_of(official)[:size],
        "to approve (CAS coordinator)": training.enrolments_to_decide(coordinator)[:size],
        "seats taken per party (session page)": Enrolment.objects.filter(
            session=session, status__in=HOLDS_SEAT, seat_of__isnull=False
        )
        .values_list("seat_of")
        .annotate(n=Count("pk")),
        "waiting per party (session page)": Enrolment.objects.filter(session=session, status=waitlisted)
        .values_list("party")
        .annotate(n=Count("pk")),
        "a party's waitlist, in order": training.waitlist_of(session, cas.pk)[:size],
        "seats counted under the lock (enrol)": Enrolment.objects.filter(
            session=session, status__in=[*HOLDS_SEAT, waitlisted]
        ).values_list("seat_of", "party", "status"),
        "release due (beat, every 15 minutes)": TrainingSession.objects.filter(
            status=SessionStatus.SCHEDULED,
            release_unused_at__lte=timezone.now(),
            enrolment_closes_at__gt=timezone.now(),
            enrolments__status=waitlisted,
        ).distinct(),
    }


def explain(queryset, *, runs: int = 5) -> tuple[float, float, str]:
    """Median execution and planning time (ms) of `runs` EXPLAIN ANALYZE of the queryset, and its plan's nodes."""
    if connection.vendor != "postgresql":
        raise CommandError("EXPLAIN ANALYZE figures are PostgreSQL's: run on portal_scale.")
    sql, params = queryset.query.sql_with_params()
    executions, plannings, plan = [], [], None
    with connection.cursor() as cursor:
        for _ in range(runs):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
            result = cursor.fetchone()[0]
            result = result[0] if isinstance(result, list) else result
            executions.append(result["Execution Time"])
            plannings.append(result["Planning Time"])
            plan = result["Plan"]
    return statistics.median(executions), statistics.median(plannings), _plan_nodes(plan)


def _plan_nodes(node: dict) -> str:
    """The plan's nodes, outermost first: "Limit > Index Scan Backward (research_newest) > …"."""
    name = node["Node Type"]
    if node.get("Index Name"):
        name += f" ({node['Index Name']})"
    children = [_plan_nodes(child) for child in node.get("Plans", [])]
    return name + (" > " + " | ".join(children) if children else "")


def explain_table(queries: dict[str, object]) -> str:
    lines = ["| query | execution ms (median of 5) | planning ms | plan |", "|---|---:|---:|---|"]
    for name, queryset in queries.items():
        execution, planning, plan = explain(queryset)
        lines.append(f"| {name} | {execution:.2f} | {planning:.2f} | {plan} |")
    return "\n".join(lines) + "\n"


def _cookie(response: http.client.HTTPResponse, name: str) -> str:
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith(f"{name}="):
            return header.split(";", 1)[0].split("=", 1)[1]
    return ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_idle() -> None:
    """Each client waits for its answers, so nothing is queued when they stop; a pause lets the workers settle."""
    time.sleep(1.0)


def _load_text(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{value:.2f}" for value in load)


def _short(path: str) -> str:
    parts = urlsplit(path)
    return parts.path + (f"?{parts.query}" if parts.query else "")
