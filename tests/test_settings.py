"""Production settings: a real deployment passes Django's own deploy checks, and refuses to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_HTTPS_ONLY", "SECRET_KEY", "DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        SECRET_KEY="k3y-" + "x8Q#pL2@vN7!rT5$wZ1&" * 3,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_off_without_a_secret_refuses_to_start():
    result = manage("check", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_the_portals_postgresql_connections_run_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: JIT is its setting (CI runs the suite on PostgreSQL)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_under_https_the_cookies_carry_the_host_prefix():
    """The browser then takes them only when Secure, for the whole site and without a Domain (ASVS V3.3.1)."""
    names = "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_PATH, s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_DOMAIN)"  # noqa: E501
    production = manage("shell", "-c", names, DJANGO_DEBUG="false", SECRET_KEY="k3y-" + "x8Q#pL2@vN7!rT5$wZ1&" * 3)
    assert production.stdout.splitlines()[-1].split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "/",
        "None",
        "None",
    ]
    plain = manage("shell", "-c", names, DJANGO_DEBUG="true")  # `make run`, over plain HTTP: no prefix
    assert plain.stdout.splitlines()[-1].split()[:2] == ["sessionid", "csrftoken"]
