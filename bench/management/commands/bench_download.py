"""How much the serving process's memory grows sending one large library file (`--mb`, 500 by default) through the
download view, from the local disk and from S3-compatible object storage (a SeaweedFS server started for the run,
bench/seaweedfs.py, reached through STORAGE_URL as production would).

`make bench-download` runs this in a database of its own (portal_bench). The file (random bytes, so nothing
compresses it) is written once to a temporary folder and stored in each storage; a document shared by CAS holds it
as version 1 and a 1 KB file as version 2. Each download runs in a fresh child process, as one worker request
would: the child signs in as a SIPO official, downloads the small version (every import, the S3 connection),
resets its peak resident size (`/proc/self/clear_refs`, 5), streams the large one through the test client and the
whole middleware stack, hashing each block and keeping none, and reports its peak resident size (`VmHWM`) less its
resident size before the request. The parent checks the bytes (size and SHA-256) and the download log. A figure
over `--limit` MB (50) fails the command; the table is printed and appended, dated, to bench/RESULTS.md. Its rows
and files are deleted at the end.
"""

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from bench import memory, second_factor
from bench.seaweedfs import SeaweedFSFailed, seaweedfs
from cooperation.documents.models import Confidentiality, Document, DocumentVersion, DownloadEvent
from protocol.parties.models import Party, User
from protocol.parties.roles import Role
from protocol.storage_url import storage_from_url

PREFIX = "bench_download_"
BLOCK = 1 << 20
BACKENDS = ["disk", "s3"]


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--mb", type=int, default=500, help="size of the file downloaded, in MB (500)")
        parser.add_argument("--limit", type=float, default=50.0, help="MB of growth that fails the run (50)")
        parser.add_argument("--backends", default=",".join(BACKENDS), help="disk,s3 (both)")
        parser.add_argument("--no-record", action="store_true", help="print the table only")
        parser.add_argument("--yes", action="store_true", help="run in a database not named *bench*")
        # The child: the two downloads as one user, its memory figures printed as JSON.
        parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--document", type=int, help=argparse.SUPPRESS)
        parser.add_argument("--user", type=int, help=argparse.SUPPRESS)

    def handle(self, *args, mb: int, limit: float, backends: str, no_record: bool, yes: bool, child: bool, **options):
        if child:
            self.stdout.write(json.dumps(self._download_in_this_process(options["document"], options["user"])))
            return
        if "bench" not in connection.settings_dict["NAME"] and not yes:
            raise CommandError("Run this in a database of its own (make bench-download does), or pass --yes.")
        chosen = [name.strip() for name in backends.split(",") if name.strip()]
        if unknown := set(chosen) - set(BACKENDS):
            raise CommandError(f"Unknown backends: {', '.join(sorted(unknown))} (known: {', '.join(BACKENDS)}).")
        rows = []
        with tempfile.TemporaryDirectory(prefix="bench-download-") as folder:
            folder = Path(folder)
            big, sha256 = self._random_file(folder / "big.bin", mb)
            reader, document = self._rows(size=big.stat().st_size, sha256=sha256)
            try:
                for backend in chosen:
                    rows.append(self._measure(backend, folder, big, sha256, document, reader))
            finally:
                self._cleanup()
        table = self._table(rows, mb=mb)
        memory.report(self, table, record=not no_record)
        memory.refuse_growth_over(limit, rows, what="A download grew the serving process")

    # The data.

    def _random_file(self, path: Path, mb: int) -> tuple[Path, str]:
        self.stdout.write(f"Writing {mb} MB of random bytes…")
        sha256 = hashlib.sha256()
        with path.open("wb") as file:
            for _ in range(mb):
                block = os.urandom(BLOCK)
                sha256.update(block)
                file.write(block)
        return path, sha256.hexdigest()

    def _rows(self, *, size: int, sha256: str) -> tuple[User, Document]:
        cas, _ = Party.objects.get_or_create(
            code="CAS",
            defaults={"name_zh": "中国科学院", "name_en": "Chinese Academy of Sciences", "short_name_zh": "中科院"},
        )
        sipo, _ = Party.objects.get_or_create(
            code="SIPO",
            defaults={
                "name_zh": "国家知识产权局",
                "name_en": "CNIPA",
                "short_name_zh": "国知局",
                "short_name_en": "CNIPA",
            },
        )
        owner = User.objects.create(username=PREFIX + "owner", full_name="张伟", party=cas)
        owner.groups.add(Group.objects.get_or_create(name=Role.DOCUMENT_ADMIN)[0])
        reader = User.objects.create(username=PREFIX + "reader", full_name="王芳", party=sipo)
        reader.groups.add(Group.objects.get_or_create(name=Role.OFFICIAL)[0])
        document = Document.objects.create(
            title=PREFIX + "专利文献全集", doc_type="patent", area="documents", language="zh",
            owner_party=cas, confidentiality=Confidentiality.SHARED, created_by=owner,
        )  # fmt: skip
        common = {"document": document, "kind": "pdf", "content_type": "application/pdf", "uploaded_by": owner}
        DocumentVersion.objects.create(
            number=1, file=f"documents/{document.pk}/{uuid.uuid4().hex}", original_name="专利文献全集.pdf",
            size=size, sha256=sha256, **common,
        )  # fmt: skip
        small = DocumentVersion.objects.create(
            number=2, file=f"documents/{document.pk}/{uuid.uuid4().hex}", original_name="warm-up.pdf",
            size=1024, sha256=hashlib.sha256(b"\0" * 1024).hexdigest(), **common,
        )  # fmt: skip
        document.current_version = small
        document.save(update_fields=["current_version"])
        return reader, document

    def _cleanup(self) -> None:
        documents = Document.objects.filter(title__startswith=PREFIX)
        DownloadEvent.objects.filter(version__document__in=documents).delete()
        Document.objects.filter(pk__in=documents.values("pk")).update(current_version=None)
        DocumentVersion.objects.filter(document__in=documents).delete()
        documents.delete()
        User.objects.filter(username__startswith=PREFIX).delete()

    # The measurement.

    def _measure(self, backend: str, folder: Path, big: Path, sha256: str, document: Document, reader: User) -> dict:
        if backend == "disk":
            env = {"MEDIA_ROOT": str(folder / "media"), "STORAGE_URL": ""}
            return self._in_storage(backend, env, FileSystemStorage(location=folder / "media"), big, document, reader)
        try:
            with seaweedfs(folder / "seaweedfs") as server:
                url = server.url("bench-download")
                storage = storages.create_storage(storage_from_url(url))
                return self._in_storage(backend, {"STORAGE_URL": url}, storage, big, document, reader)
        except SeaweedFSFailed as error:
            raise CommandError(str(error)) from None

    def _in_storage(self, backend: str, env: dict, storage, big: Path, document: Document, reader: User) -> dict:
        large, small = document.versions.get(number=1), document.versions.get(number=2)
        started = time.monotonic()
        with big.open("rb") as file:
            stored = storage.save(large.file.name, File(file, name=large.file.name))
        self.stdout.write(f"{backend}: stored {large.size / 1e6:.0f} MB in {time.monotonic() - started:.1f} s")
        stored_small = storage.save(small.file.name, ContentFile(b"\0" * 1024))
        if (stored, stored_small) != (large.file.name, small.file.name):
            raise CommandError(f"The {backend} storage already held files of these names.")
        logged = DownloadEvent.objects.filter(version=large).count()
        try:
            figures = self._child(backend, env, document, reader)
        finally:
            storage.delete(large.file.name)
            storage.delete(small.file.name)
        if (figures["bytes"], figures["sha256"]) != (large.size, large.sha256):
            raise CommandError(f"The {backend} download sent {figures['bytes']:,} bytes, not the file stored.")
        if DownloadEvent.objects.filter(version=large).count() != logged + 1:
            raise CommandError(f"The {backend} download was not logged once.")
        figures["backend"] = backend
        self.stdout.write(
            f"{backend}: {figures['bytes'] / 1e6:.0f} MB in {figures['seconds']:.1f} s; the serving process grew "
            f"{figures['growth_mb']:.1f} MB (resident {figures['before_mb']:.0f} MB before)"
        )
        return figures

    def _child(self, backend: str, env: dict, document: Document, reader: User) -> dict:
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_download", "--child"]
        command += ["--document", str(document.pk), "--user", str(reader.pk)]
        done = subprocess.run(command, capture_output=True, text=True, env=os.environ | env, check=False)
        if done.returncode:
            raise CommandError(f"The {backend} download failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def _download_in_this_process(self, document_id: int, user_id: int) -> dict:
        client = Client()
        second_factor.force_login(client, User.objects.get(pk=user_id))
        large, small = (DocumentVersion.objects.get(document_id=document_id, number=n) for n in (1, 2))
        # Warm up: every import, the storage's connection, on the small file.
        b"".join(client.get(small.get_download_url()).streaming_content)
        before = memory.peak_reset()
        started = time.monotonic()
        sha256, size = hashlib.sha256(), 0
        # Each block is hashed and dropped, as a socket would take it: the client holds nothing.
        response = client.get(large.get_download_url())
        for chunk in response.streaming_content:
            sha256.update(chunk)
            size += len(chunk)
        response.close()
        seconds = time.monotonic() - started
        peak = memory.status_kb("VmHWM")
        return {
            "bytes": size,
            "sha256": sha256.hexdigest(),
            "seconds": seconds,
            "streaming": response.streaming,
            "before_mb": before / 1024,
            "growth_mb": max(peak - before, 0) / 1024,
        }

    def _table(self, rows: list[dict], *, mb: int) -> str:
        now = timezone.localtime()
        commit, branch, load = memory.run_facts()
        lines = [
            f"## {now:%Y-%m-%d %H:%M} (Beijing time) — a {mb} MB download (make bench-download)",
            "",
            f"- code: branch `{branch}`, {commit}",
            f"- machine: `{' '.join(platform.uname())}`, {os.cpu_count()} cores; load average after {load}",
            "- run: `/documents/<pk>/versions/1/download/` as a SIPO official, in a fresh process through Django's "
            "test client and the whole middleware stack, debug off, after a warm-up download of 1 KB; growth = peak "
            "resident size during the request (VmHWM after clear_refs) less the resident size before it; s3 is a "
            "local SeaweedFS server reached through STORAGE_URL",
            "",
            "| storage | MB sent | seconds | MB/s | streamed | resident before MB | growth MB |",
            "|---|---:|---:|---:|---|---:|---:|",
        ]
        for row in rows:
            lines.append(
                f"| {row['backend']} | {row['bytes'] / 1e6:.0f} | {row['seconds']:.1f} | "
                f"{row['bytes'] / 1e6 / max(row['seconds'], 1e-9):.0f} | {'yes' if row['streaming'] else 'no'} | "
                f"{row['before_mb']:.0f} | {row['growth_mb']:.1f} |"
            )
        return "\n".join(lines) + "\n"
