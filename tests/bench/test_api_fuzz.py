"""bench/api_fuzz.py (`make api-fuzz`): which database it fuzzes, and what it counts as an operation untested."""

from pathlib import Path

import pytest

from bench.api_fuzz import Database, portal_env, untested_operations

SCRATCH = Path("/tmp/api-fuzz-scratch")
OPERATIONS = [("GET", "/api/v1/activities/"), ("POST", "/api/v1/activities/"), ("GET", "/api/v1/activities/{id}/")]


@pytest.mark.parametrize(
    ("url", "name", "fuzzed"),
    [
        # Another database's name: a sibling beside it, on the same server with the same credentials.
        ("postgres://postgres@127.0.0.1:5432/portal", "portal_apifuzz", "postgres://postgres@127.0.0.1:5432/portal_apifuzz"),
        ("postgresql://app:s3cret@db:6543/portal", "portal_apifuzz", "postgresql://app:s3cret@db:6543/portal_apifuzz"),
        # A name that says fuzz is the run's own.
        ("postgres://postgres@127.0.0.1:5432/portal_apifuzz", "portal_apifuzz", "postgres://postgres@127.0.0.1:5432/portal_apifuzz"),
    ],
)  # fmt: skip
def test_on_postgresql_a_database_of_its_own_never_the_one_named(url, name, fuzzed):
    database = Database(url, SCRATCH)

    assert (database.is_sqlite, database.name, database.url) == (False, name, fuzzed)


@pytest.mark.parametrize("url", ["", "sqlite:////work/portal/var/portal.sqlite3"])
def test_otherwise_a_sqlite_file_in_the_scratch_folder(url):
    database = Database(url, SCRATCH)

    assert (database.is_sqlite, database.url) == (True, f"sqlite:///{SCRATCH}/portal.sqlite3")


def test_the_portal_runs_with_debug_off_in_process_tasks_and_no_rate_limit_in_the_way(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "true")
    monkeypatch.setenv("MEDIA_ROOT", "/srv/media")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")

    env = portal_env("sqlite:///x.sqlite3", SCRATCH)

    assert env["DJANGO_DEBUG"] == "false"
    assert env["DATABASE_URL"] == "sqlite:///x.sqlite3"
    assert env["MEDIA_ROOT"] == f"{SCRATCH}/media"  # uploads never land among the real ones
    assert env["API_RATE_PER_TOKEN"] == "1000000/min"
    assert "REDIS_URL" not in env  # tasks in-process: no worker runs, yet the notifications must be there


def test_an_operation_skipped_or_absent_from_the_report_is_untested(tmp_path):
    junit = tmp_path / "junit.xml"
    junit.write_text(
        '<testsuites><testsuite name="schemathesis">'
        '<testcase name="GET /api/v1/activities/" />'
        '<testcase name="POST /api/v1/activities/"><skipped message="no cases" /></testcase>'
        '<testcase name="Stateful tests" />'
        "</testsuite></testsuites>"
    )

    assert untested_operations(OPERATIONS, junit) == ["POST /api/v1/activities/", "GET /api/v1/activities/{id}/"]


def test_no_report_means_nothing_was_tested(tmp_path):
    assert untested_operations(OPERATIONS, tmp_path / "junit.xml") == [f"{m} {p}" for m, p in OPERATIONS]
