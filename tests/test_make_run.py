"""`make run` serves on PORT, and the links the portal writes (e-mails, .ics files) follow it."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def run_target_env(**env) -> tuple[str, str]:
    """What `make run` would start (runserver's address) and the SITE_URL it would start it with, without
    migrating, seeding or serving: each manage.py command is replaced by printing SITE_URL."""
    environment = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}} | env
    result = subprocess.run(
        ["make", "--no-print-directory", "run", "MANAGE=printenv SITE_URL; echo", "STAMP="],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = result.stdout.splitlines()
    served = next(line.split()[-1] for line in lines if line.startswith("runserver"))
    return served, lines[lines.index("migrate --noinput") - 1]


def test_make_run_serves_on_8000_by_default_with_links_to_it():
    assert run_target_env() == ("127.0.0.1:8000", "http://127.0.0.1:8000")


def test_another_port_moves_the_links_with_it():
    assert run_target_env(PORT="8001") == ("127.0.0.1:8001", "http://127.0.0.1:8001")


def test_a_site_url_that_is_set_wins():
    assert run_target_env(PORT="8001", SITE_URL="https://portal.example.org") == (
        "127.0.0.1:8001",
        "https://portal.example.org",
    )
