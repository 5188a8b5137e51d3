"""`make api-fuzz`: schemathesis against the live schema of a portal served here, with a demo user's token.

Serves the portal under gunicorn (production settings, debug off) on a free port, on a database of its own:
with DATABASE_URL set, a fresh PostgreSQL database on the same server (DATABASE_URL's own if its name says
fuzz, else one named after it plus "_apifuzz"; dropped first, so that no run reads what the last one wrote);
else a SQLite file in a scratch folder. Tasks run in-process (no worker is started). Migrates, seeds the
demo data, makes a read-and-write token for a demo coordinator (`manage.py api_token`), then runs schemathesis
over every operation of /api/schema/ with three checks: no 5xx, responses as the schema says, status codes the
schema lists. Exits non-zero on any failure, or if an operation was left untested.

    .venv/bin/python bench/api_fuzz.py [--max-examples N] [--seed N] [--keep-database]
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance"
# A coordinator (and official) of CAS: may log, edit, confirm and return, so the writes are reached, not only
# their 403s.
USER = "cas_coordinator"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("API_FUZZ_EXAMPLES", "10")))
    parser.add_argument("--seed", type=int, default=None, help="repeat a run (schemathesis prints its seed)")
    # One: schemathesis's workers are threads, and hypothesis's ast.parse in threads meets a CPython 3.11 bug
    # ("AST constructor recursion depth mismatch") that aborts whole phases; the server is the bottleneck anyway.
    parser.add_argument("--workers", type=int, default=1, help="schemathesis workers (default 1)")
    parser.add_argument("--report-dir", type=Path, default=ROOT / "test-artifacts" / "api-fuzz")
    parser.add_argument("--keep-database", action="store_true", help="leave the PostgreSQL database behind")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="api-fuzz-"))
    database = Database(os.environ.get("DATABASE_URL", ""), scratch)
    server = None
    try:
        env = portal_env(database.url, scratch)
        step("Database", database.describe())
        database.create()
        manage(env, "migrate", "--noinput", "-v", "0")
        step("Demo data", "manage.py seed_demo")
        manage(env, "seed_demo", "--force")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        step("Portal", f"gunicorn on {base}")
        server = serve(env, port, workers=1 if database.is_sqlite else 2, log=scratch / "gunicorn.log")
        wait_until_up(f"{base}/healthz", server)

        schema = fetch_json(f"{base}/api/schema/?format=json")
        operations = [
            (method.upper(), path) for path, item in schema["paths"].items() for method in item if method in METHODS
        ]
        step("Schema", f"{len(operations)} operations")
        token = usable_token(env, base, operations)

        step("Schemathesis", f"{CHECKS}; at most {args.max_examples} cases per operation and phase")
        args.report_dir.mkdir(parents=True, exist_ok=True)
        junit = args.report_dir / "junit.xml"
        junit.unlink(missing_ok=True)
        command = [
            str(BIN / "schemathesis"),
            "run",
            f"{base}/api/schema/",
            "--header",
            f"Authorization: Bearer {token}",
            "--header",
            "Accept-Language: en",
            "--checks",
            CHECKS,
            "--max-examples",
            str(args.max_examples),
            "--workers",
            str(args.workers),
            "--generation-database",
            "none",
            "--request-timeout",
            "30",
            "--report",
            "junit",
            "--report-junit-path",
            str(junit),
            "--no-color",
        ]
        if args.seed is not None:
            command += ["--seed", str(args.seed)]
        run = subprocess.run(command, cwd=ROOT, check=False)
        untested = untested_operations(operations, junit)
        if untested:
            print(f"api-fuzz: {len(untested)} operation(s) not tested: {', '.join(untested)}", file=sys.stderr)
        failed = run.returncode != 0 or bool(untested)
        if failed:
            print(f"api-fuzz: FAILED; the server's log: {keep(scratch / 'gunicorn.log', args.report_dir)}")
        print(f"api-fuzz: {'failed' if failed else 'passed'} in {time.monotonic() - STARTED:.0f} s")
        return 1 if failed else 0
    finally:
        if server is not None:
            stop(server)
        if not args.keep_database:
            database.drop()
        shutil.rmtree(scratch, ignore_errors=True)


STARTED = time.monotonic()


def step(name: str, what: str) -> None:
    print(f"== [{time.monotonic() - STARTED:4.0f} s] {name}: {what}", flush=True)


class Database:
    """The run's own database: next to DATABASE_URL's (PostgreSQL), or a SQLite file in the scratch folder."""

    def __init__(self, url: str, scratch: Path):
        self.is_sqlite = not url.startswith(("postgres://", "postgresql://", "pgsql://"))
        if self.is_sqlite:
            self.url = f"sqlite:///{scratch / 'portal.sqlite3'}"
            self.name = ""
            return
        parts = urllib.parse.urlsplit(url)
        # A database whose name says fuzz is the run's own; any other is left alone, a sibling made beside it.
        name = parts.path.lstrip("/")
        self.name = name if "fuzz" in name else f"{name}_apifuzz"
        self.url = urllib.parse.urlunsplit(parts._replace(path="/" + self.name))
        self.server = parts

    def describe(self) -> str:
        return "SQLite (a scratch file)" if self.is_sqlite else f"PostgreSQL {self.name} (fresh)"

    def _maintenance(self, sql: str) -> None:
        host, port = self.server.hostname or "127.0.0.1", str(self.server.port or 5432)
        user = urllib.parse.unquote(self.server.username or "postgres")
        env = {**os.environ, "PGPASSWORD": urllib.parse.unquote(self.server.password or "")}
        psql = ["psql", "-h", host, "-p", port, "-U", user, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql]
        subprocess.run(psql, env=env, check=True, stdout=subprocess.DEVNULL)

    def create(self) -> None:
        if not self.is_sqlite:
            self.drop()
            self._maintenance(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if not self.is_sqlite:
            self._maintenance(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def portal_env(database_url: str, scratch: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # No REDIS_URL: tasks run in-process, so the notifications the demo data queues are there to read.
        if key not in {"DJANGO_DEBUG", "SITE_URL", "MEDIA_ROOT", "EMAIL_URL", "CACHE_URL", "REDIS_URL"}
    }
    return env | {
        "DATABASE_URL": database_url,
        # Production's settings, minus TLS: a 500 is a bare 500, never a debug page.
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS_ONLY": "false",
        "SECRET_KEY": "api-fuzz-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(scratch / "media"),
        "EMAIL_URL": "dummymail://",
        # The fuzzer sends thousands of requests a minute; the limits have tests of their own.
        "API_RATE_PER_TOKEN": "1000000/min",
        "API_RATE_PER_SESSION": "1000000/min",
        # 4xx are logged as warnings, thousands of them: the log keeps errors only.
        "LOG_LEVEL": "ERROR",
    }


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True
    )
    return result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env: dict[str, str], port: int, *, workers: int, log: Path) -> subprocess.Popen:
    # SQLite: one worker, as two would meet "database is locked" on concurrent writes.
    command = [
        str(BIN / "gunicorn"),
        "protocol.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
    ]
    with log.open("ab") as output:  # the portal's own log lines too, not only gunicorn's
        return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=output, stderr=output)


def wait_until_up(url: str, server: subprocess.Popen, *, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"api-fuzz: gunicorn exited with {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return  # answering, if not healthy (e.g. no broker): the API can still be fuzzed
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"api-fuzz: {url} did not answer within {seconds} s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def fetch_json(url: str, *, token: str | None = None):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def usable_token(env: dict[str, str], base: str, operations: list[tuple[str, str]]) -> str:
    """A read-and-write token of USER that the API accepts. Without this check a refused token would pass the
    run vacuously: every operation answering 401, which the schema documents."""
    probe = next((path for method, path in operations if method == "GET" and "{" not in path), None)
    if probe is None:
        raise SystemExit("api-fuzz: the schema has no list to try a token on (GET without a path parameter)")
    for _attempt in range(10):
        token = manage(env, "api_token", USER, "--scope", "write", "--days", "1", "--name", "api fuzz").strip()
        try:
            fetch_json(base + probe, token=token)
        except urllib.error.HTTPError as exc:
            if exc.code != 401:
                raise
            # A secret the API cannot read back (a lookup prefix containing "_"): make another.
            print(f"api-fuzz: the new token was refused on GET {probe}; making another", file=sys.stderr)
            continue
        step("Token", f"read and write, of {USER} (GET {probe}: 200)")
        return token
    raise SystemExit("api-fuzz: no token the API accepts after 10 tries")


def untested_operations(operations: list[tuple[str, str]], junit: Path) -> list[str]:
    """The schema's operations that schemathesis did not run a single case of (its JUnit report names one
    test case per operation it ran, "METHOD /path")."""
    import xml.etree.ElementTree as ET

    if not junit.exists():
        return [f"{method} {path}" for method, path in operations]
    ran = set()
    for case in ET.parse(junit).iter("testcase"):
        if case.find("skipped") is None:
            ran.add(case.get("name", ""))
    return [f"{method} {path}" for method, path in operations if f"{method} {path}" not in ran]


def keep(log: Path, report_dir: Path) -> Path:
    target = report_dir / "gunicorn.log"
    if log.exists():
        shutil.copy(log, target)
    return target


if __name__ == "__main__":
    sys.exit(main())
