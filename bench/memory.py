"""What the memory benchmarks (bench-exports, bench-download) share: the process's resident sizes, read from
/proc/self/status, and the facts of a run that bench/RESULTS.md records with each table."""

import os
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise CommandError(f"/proc/self/status has no {field}")


def peak_reset() -> int:
    """Start the peak resident size (VmHWM) again from now; the resident size now, in kB."""
    Path("/proc/self/clear_refs").write_text("5")
    return status_kb("VmRSS")


def run_facts() -> tuple[str, str, str]:
    """The commit, the branch and the load average after the run."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=settings.BASE_DIR, capture_output=True, text=True).stdout.strip()

    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return git("log", "-1", "--format=%h %s"), git("branch", "--show-current"), load


def report(command: BaseCommand, table: str, *, record: bool) -> None:
    """The run's table, printed and (unless not to be recorded) appended to bench/RESULTS.md."""
    command.stdout.write(table)
    if record:
        with RESULTS.open("a", encoding="utf-8") as results:
            results.write("\n" + table)
        command.stdout.write(f"Appended to {RESULTS}.")


def refuse_growth_over(limit: float, rows: list[dict], *, what: str) -> None:
    """Fail the command when a row's growth passes the limit (`what`: "An export grew the worker")."""
    worst = max(row["growth_mb"] for row in rows)
    if worst > limit:
        raise CommandError(f"{what} by {worst:.1f} MB, over the {limit:.0f} MB limit.")
