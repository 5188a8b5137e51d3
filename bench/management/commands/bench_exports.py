"""How much a worker's memory grows exporting the whole ledger (`--activities`, 200,000 by default) as CSV and
as XLSX, through the list's own `?export=` with the portal's whole middleware stack.

`make bench-exports` runs this in a database of its own (portal_bench). When the database holds fewer
activities than asked (it is not portal_scale after `make seed-scale`), the missing ones are bulk-inserted,
shared with both parties, and deleted at the end. Each export runs in a fresh child process, as one worker
request would: the child warms up (imports, templates, one small export), resets its peak resident size
(`/proc/self/clear_refs`, 5), reads every byte of the response and reports its peak resident size
(`VmHWM` in /proc/self/status) less its resident size before the request. A figure over `--limit` MB (50)
fails the command; the table is printed and appended, dated, to bench/RESULTS.md.
"""

import argparse
import csv
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench import memory, second_factor
from protocol.activities.models import Activity, Kind, Status
from protocol.areas import Area
from protocol.parties.models import Language, Party, User
from protocol.parties.roles import Role

PREFIX = "bench_exports "  # the titles of the activities this command inserts
BATCH = 5000
FORMATS = ["csv", "xlsx"]


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--activities", type=int, default=200_000)
        parser.add_argument("--limit", type=float, default=50.0, help="MB of growth that fails the run (50)")
        parser.add_argument("--no-record", action="store_true", help="print the table only")
        parser.add_argument("--keep", action="store_true", help="keep the activities inserted, for the next run")
        parser.add_argument("--yes", action="store_true", help="run in a database not named *bench* or *scale*")
        # The child: one export as one user, its memory figures printed as JSON.
        parser.add_argument("--child", choices=FORMATS, help=argparse.SUPPRESS)
        parser.add_argument("--user", type=int, help=argparse.SUPPRESS)

    def handle(
        self, *args, activities: int, limit: float, no_record: bool, keep: bool, yes: bool, child=None, user=None, **_
    ):
        if child:
            self.stdout.write(json.dumps(self._export_in_this_process(child, user)))
            return
        name = connection.settings_dict["NAME"]
        if not any(word in name for word in ("bench", "scale", "export")) and not yes:
            raise CommandError("Run this in a database of its own (make bench-exports does), or pass --yes.")
        reader = self._reader()
        inserted = self._enough_activities(activities, reader)
        try:
            visible = Activity.objects.exclude(status=Status.DRAFT).count()
            rows = []
            for fmt in FORMATS:
                figures = self._child(fmt, reader)
                figures["fmt"] = fmt
                rows.append(figures)
                self.stdout.write(
                    f"{fmt}: {figures['rows']:,} rows, {figures['bytes'] / 1e6:.1f} MB in {figures['seconds']:.1f} s, "
                    f"{figures['queries']} queries; worker grew {figures['growth_mb']:.1f} MB "
                    f"(resident {figures['before_mb']:.0f} MB before)"
                )
        finally:
            if not keep:
                self._cleanup(inserted)
        table = self._table(rows, visible=visible, inserted=inserted)
        memory.report(self, table, record=not no_record)
        memory.refuse_growth_over(limit, rows, what="An export grew the worker")

    # The data.

    def _reader(self) -> User:
        """A SIPO coordinator reading in Chinese (every visible activity; party names and labels translated)."""
        sipo, _ = Party.objects.get_or_create(
            code="SIPO",
            defaults={
                "name_zh": "国家知识产权局",
                "name_en": "CNIPA",
                "short_name_zh": "国知局",
                "short_name_en": "CNIPA",
            },
        )
        reader, created = User.objects.get_or_create(
            username="bench_exports_reader",
            defaults={"full_name": "Bench Exports", "party": sipo, "preferred_language": Language.CHINESE},
        )
        if created:
            reader.groups.add(Group.objects.get_or_create(name=Role.COORDINATOR)[0])
        return reader

    def _enough_activities(self, wanted: int, reader: User) -> int:
        have = Activity.objects.exclude(status=Status.DRAFT).count()
        missing = max(wanted - have, 0)
        if not missing:
            return 0
        cas, _ = Party.objects.get_or_create(
            code="CAS",
            defaults={"name_zh": "中国科学院", "name_en": "Chinese Academy of Sciences", "short_name_zh": "中科院"},
        )
        author, _ = User.objects.get_or_create(
            username="bench_exports_author", defaults={"full_name": "张伟", "party": cas}
        )
        self.stdout.write(f"Inserting {missing:,} activities…")
        started = time.monotonic()
        areas, kinds = list(Area.values), list(Kind.values)
        first = date(2016, 1, 1)
        for offset in range(0, missing, BATCH):
            Activity.objects.bulk_create(
                [
                    Activity(
                        area=areas[n % len(areas)],
                        kind=kinds[n % len(kinds)],
                        title=f"{PREFIX}{n} 专利信息资源共享",
                        title_other=f"Patent information sharing no. {n}",
                        description="联合开展专利文献分析，交换检索策略与数据。" * 3,
                        start_date=first + timedelta(days=n % 3650),
                        location="北京",
                        lead_party=cas if n % 2 else reader.party,
                        party=cas,
                        author=author,
                        status=Status.CONFIRMED if n % 3 else Status.LOGGED,
                    )
                    for n in range(offset, min(offset + BATCH, missing))
                ]
            )
        self.stdout.write(f"  … in {time.monotonic() - started:.0f} s")
        return missing

    def _cleanup(self, inserted: int) -> None:
        if inserted:
            Activity.objects.filter(title__startswith=PREFIX).delete()
        User.objects.filter(username__startswith="bench_exports_").exclude(
            pk__in=Activity.objects.values("author_id")
        ).delete()

    # The measurement.

    def _child(self, fmt: str, reader: User) -> dict:
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_exports"]
        command += ["--child", fmt, "--user", str(reader.pk)]
        done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy(), check=False)
        if done.returncode:
            raise CommandError(f"The {fmt} export failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def _export_in_this_process(self, fmt: str, user_id: int) -> dict:
        client = Client()
        second_factor.force_login(client, User.objects.get(pk=user_id))
        path = reverse("activities:list")
        # Warm up: every import, template and translation catalogue the export loads, on a small export.
        # (No HTML page: with debug off its static files need collectstatic's manifest, and an export has none.)
        b"".join(client.get(path, {"export": fmt, "q": "no such activity"}).streaming_content)
        before = memory.peak_reset()
        queries = _QueryCounter()
        started = time.monotonic()
        # The file goes to disk as it comes (as to a socket): writing it holds nothing in memory.
        with tempfile.TemporaryFile() as file, connection.execute_wrapper(queries):
            response = client.get(path, {"export": fmt})
            for chunk in response.streaming_content:
                file.write(chunk)
            response.close()
            seconds = time.monotonic() - started
            peak = memory.status_kb("VmHWM")
            size = file.tell()
            file.seek(0)
            rows = self._rows(file, fmt)
        return {
            "rows": rows,
            "bytes": size,
            "seconds": seconds,
            "queries": queries.count,
            "before_mb": before / 1024,
            "growth_mb": max(peak - before, 0) / 1024,
        }

    def _rows(self, file, fmt: str) -> int:
        """The rows of the file, header left out, read back after the measurement."""
        if fmt == "csv":
            return sum(1 for _ in csv.reader(io.TextIOWrapper(file, encoding="utf-8-sig", newline=""))) - 1
        sheet = openpyxl.load_workbook(file, read_only=True).active
        return sum(1 for _ in sheet.iter_rows(values_only=True)) - 1

    def _table(self, rows: list[dict], *, visible: int, inserted: int) -> str:
        now = timezone.localtime()
        commit, branch, load = memory.run_facts()
        lines = [
            f"## {now:%Y-%m-%d %H:%M} (Beijing time) — exports of the whole ledger (make bench-exports)",
            "",
            f"- code: branch `{branch}`, {commit}",
            f"- machine: `{' '.join(platform.uname())}`, {os.cpu_count()} cores; "
            f"PostgreSQL {connection.pg_version if connection.vendor == 'postgresql' else connection.vendor}",
            f"- load average after {load}",
            f"- data: {visible:,} activities visible to the reader (a SIPO coordinator reading Chinese)"
            + (f", {inserted:,} of them inserted for the run and deleted after" if inserted else ""),
            "- run: each export in a fresh process through Django's test client and the whole middleware stack, "
            "debug off, after a warm-up export; growth = peak resident size during the request (VmHWM after "
            "clear_refs) less the resident size before it",
            "",
            "| export | rows | file MB | seconds | queries | resident before MB | growth MB |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows:
            lines.append(
                f"| `/activities/?export={row['fmt']}` | {row['rows']:,} | {row['bytes'] / 1e6:.1f} | "
                f"{row['seconds']:.1f} | {row['queries']} | {row['before_mb']:.0f} | {row['growth_mb']:.1f} |"
            )
        return "\n".join(lines) + "\n"


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
