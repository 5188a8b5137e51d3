"""Seed a large document library on PostgreSQL and time its list and search pages.

`make bench-documents` runs this in a database of its own (portal_bench). The documents are
written in bulk, not through the services: no files, no outbox, no tasks; what the services
would store (segmented search text, the tsvector) is computed the same way. Everything seeded
belongs to three `bench_*` users and is deleted at the end unless `--keep` is given (in a database
not named *bench*, allowed with --yes, the bench's unused tags are left in place).
"""

import multiprocessing
import random
import statistics
import time
import warnings
from datetime import timedelta
from hashlib import sha256

from axes.models import AccessLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from bench import second_factor
from bench.corpus import BENCH_TAGS, RARE_ZH_QUERY, DocumentWriter, cell, document_writer
from cooperation.documents import selectors
from cooperation.documents.filters import DocumentFilter
from cooperation.documents.models import (
    AccessRequest,
    AccessStatus,
    Confidentiality,
    Document,
    DocumentLanguage,
    DocumentType,
    DocumentVersion,
    ProcessingStatus,
    Tag,
)
from cooperation.documents.services import spaced_codes
from protocol import search
from protocol.areas import Area
from protocol.parties.models import Language, Party, User
from protocol.parties.roles import Role

CHUNK = 5_000
SEED = 20_26

# username, party, role, preferred language: the documents' owners, and the two who ask for pages.
BENCH_USERS = [
    ("bench_cas_docadmin", "CAS", Role.DOCUMENT_ADMIN, Language.ENGLISH),
    ("bench_sipo_docadmin", "SIPO", Role.DOCUMENT_ADMIN, Language.CHINESE),
    ("bench_sipo_official", "SIPO", Role.OFFICIAL, Language.CHINESE),
]


class Command(BaseCommand):
    help = (
        "Seed N documents (half Chinese, half English) on PostgreSQL and print p50/p95 latencies of the "
        "document list and search pages. Runs only on a database whose name contains 'bench', or with --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=20_000, help="How many documents to seed (20,000).")
        parser.add_argument("--requests", type=int, default=50, help="Timed requests per page and user (50).")
        parser.add_argument("--processes", type=int, default=2, help="Processes that segment text (2).")
        parser.add_argument("--yes", action="store_true", help="Write to a database whose name lacks 'bench'.")
        parser.add_argument("--keep", action="store_true", help="Leave the seeded data in place.")
        parser.add_argument("--reuse", action="store_true", help="Measure the data an earlier --keep run left.")
        parser.add_argument("--clean", action="store_true", help="Only delete an earlier run's data.")

    def handle(self, *args, documents, requests, processes, yes, keep, reuse, clean, **options):
        self._refuse_unless_safe(yes=yes, count=documents)
        if documents < 200 or requests < 2:
            raise CommandError("Use at least --documents 200 and --requests 2.")
        existing = Document.objects.filter(created_by__username__in=[row[0] for row in BENCH_USERS]).count()
        if clean:
            self._clean()
            return
        if existing and not reuse:
            raise CommandError(
                f"{existing} documents of an earlier --keep run are still here: "
                "pass --reuse to measure them again, or --clean to delete them."
            )
        if reuse and not existing:
            raise CommandError("Nothing to --reuse: no bench documents in this database.")
        if settings.DEBUG:
            self.stderr.write("Warning: DJANGO_DEBUG is on; every query is logged and the timings are inflated.")
        try:
            users = self._users()
            if not reuse:
                self._seed(users, count=documents, processes=processes)
            self._measure(users, requests=requests)
        finally:
            if keep:
                self.stdout.write("Kept the data (--keep); `--clean` deletes it.")
            else:
                self._clean()

    # --- Safety ---

    def _refuse_unless_safe(self, *, yes: bool, count: int) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                f"bench_documents runs on PostgreSQL only (it measures PostgreSQL full-text search); this database "
                f"is {connection.vendor}. Set DATABASE_URL=postgres://…/portal_bench, or run `make bench-documents`."
            )
        name = connection.settings_dict["NAME"]
        if "bench" not in name and not yes:
            raise CommandError(
                f"Refusing to write {count:,} documents into the database {name!r}: run it on a database whose name "
                "contains 'bench' (`make bench-documents` creates portal_bench), or pass --yes if you mean it."
            )

    # --- Seeding ---

    def _users(self) -> dict[str, User]:
        parties = {party.code: party for party in Party.objects.filter(code__in=["CAS", "SIPO"])}
        users = {}
        for username, party, role, language in BENCH_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "party": parties[party],
                    "full_name": username.replace("_", " ").title(),
                    "email": f"{username}@example.invalid",
                    "preferred_language": language,
                },
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user.groups.set([Group.objects.get(name=role)])
            users[username] = user
        return users

    def _seed(self, users: dict[str, User], *, count: int, processes: int) -> None:
        rng = random.Random(SEED)
        writer = document_writer(rng, count=count, now=timezone.now())
        owners = {"CAS": users["bench_cas_docadmin"], "SIPO": users["bench_sipo_docadmin"]}
        tags = {name: Tag.objects.get_or_create(name=name)[0] for name in BENCH_TAGS}
        requester = users["bench_sipo_official"]
        timings = dict.fromkeys(["generate", "segment", "insert", "vector", "vacuum"], 0.0)
        characters = 0
        started = time.perf_counter()

        search.segment("预热")  # load jieba's dictionary once, here, before the workers fork
        single_rate = self._single_process_rate(writer)
        # Forked workers must not share the parent's database socket; they never touch the database.
        connections.close_all()
        pool = multiprocessing.get_context("fork").Pool(processes) if processes > 1 else None
        try:
            for chunk_start in range(0, count, CHUNK):
                clock = time.perf_counter()
                seeds = [writer.seed(rng, index) for index in range(chunk_start, min(count, chunk_start + CHUNK))]
                sources = [seed.search_source() for seed in seeds]
                characters += sum(map(len, sources))
                timings["generate"] += time.perf_counter() - clock

                clock = time.perf_counter()
                texts = pool.map(search.segment, sources, chunksize=64) if pool else list(map(search.segment, sources))
                timings["segment"] += time.perf_counter() - clock

                clock = time.perf_counter()
                with transaction.atomic():
                    ids = self._insert(seeds, texts, owners=owners, tags=tags, requester=requester, rng=rng)
                    timings["insert"] += time.perf_counter() - clock
                    clock = time.perf_counter()
                    search.refresh_search_vector(Document.objects.filter(pk__in=ids))
                    timings["vector"] += time.perf_counter() - clock
                self.stdout.write(f"  {chunk_start + len(seeds):,} / {count:,} ({time.perf_counter() - started:.0f} s)")
        finally:
            if pool:
                pool.close()
                pool.join()

        clock = time.perf_counter()
        # Each document row was written three times (insert, dates and current version, vector) in one
        # transaction, so none of the dead space could be reused: compact it, as a table filled upload by
        # upload is (autovacuum frees the space and later inserts reuse it), or every scan reads 3x the pages.
        with connection.cursor() as cursor:
            for model, vacuum in [
                (Document, "VACUUM (FULL, ANALYZE)"),
                (DocumentVersion, "VACUUM (ANALYZE)"),
                (Document.tags.through, "VACUUM (ANALYZE)"),
                (AccessRequest, "VACUUM (ANALYZE)"),
            ]:
                cursor.execute(f"{vacuum} {connection.ops.quote_name(model._meta.db_table)}")
        timings["vacuum"] = time.perf_counter() - clock

        total = time.perf_counter() - started
        rate = count / timings["segment"] if timings["segment"] else 0
        self.stdout.write(f"Seeded {count:,} documents in {total:.1f} s:")
        self.stdout.write(
            f"  segmentation {timings['segment']:.1f} s with {processes} process(es): {rate:,.0f} rows/s, "
            f"{characters / max(timings['segment'], 1e-9) / 1e6:.2f} M chars/s "
            f"(1 process, on a 1,000-row sample: {single_rate:,.0f} rows/s)"
        )
        self.stdout.write(
            f"  generate {timings['generate']:.1f} s · insert {timings['insert']:.1f} s · "
            f"tsvector {timings['vector']:.1f} s · vacuum {timings['vacuum']:.1f} s"
        )

    def _single_process_rate(self, writer: DocumentWriter) -> float:
        sample = [writer.seed(random.Random(index), index).search_source() for index in range(1_000)]
        clock = time.perf_counter()
        for source in sample:
            search.segment(source)
        return len(sample) / (time.perf_counter() - clock)

    def _insert(self, seeds, texts, *, owners, tags, requester, rng) -> list[int]:
        documents = Document.objects.bulk_create(
            [
                Document(
                    title=seed.title,
                    title_other=seed.title_other,
                    summary=seed.summary,
                    doc_type=seed.doc_type,
                    area=seed.area,
                    language=seed.language,
                    patent_numbers=spaced_codes(seed.patent_numbers),
                    ipc_classes=spaced_codes(seed.ipc_classes),
                    owner_party_id=owners[seed.party].party_id,
                    confidentiality=seed.confidentiality,
                    created_by=owners[seed.party],
                    search_text=text,
                )
                for seed, text in zip(seeds, texts, strict=True)
            ],
            batch_size=1_000,
        )
        stem = {DocumentLanguage.CHINESE: "报告", DocumentLanguage.ENGLISH: "report"}
        versions = DocumentVersion.objects.bulk_create(
            [
                DocumentVersion(
                    document=document,
                    number=1,
                    file=f"documents/bench/{document.pk}",
                    original_name=f"{stem[seed.language]}-{document.pk}.pdf",
                    kind="pdf",
                    content_type="application/pdf",
                    size=len(seed.body.encode()) * 3,
                    sha256=sha256(str(document.pk).encode()).hexdigest(),
                    uploaded_by=owners[seed.party],
                    extraction_status=ProcessingStatus.DONE,
                    extracted_text=seed.body,
                    thumbnail_status=ProcessingStatus.NOT_APPLICABLE,
                    page_count=seed.pages,
                )
                for document, seed in zip(documents, seeds, strict=True)
            ],
            batch_size=1_000,
        )
        Document.tags.through.objects.bulk_create(
            [
                Document.tags.through(document_id=document.pk, tag_id=tags[name].pk)
                for document, seed in zip(documents, seeds, strict=True)
                for name in seed.tags
            ],
            batch_size=5_000,
        )
        # The SIPO official has asked for some of CAS's on-request documents, as people do.
        statuses = [AccessStatus.GRANTED, AccessStatus.PENDING, AccessStatus.REFUSED]
        AccessRequest.objects.bulk_create(
            [
                AccessRequest(document=document, requester=requester, status=rng.choice(statuses))
                for document, seed in zip(documents, seeds, strict=True)
                if seed.party == "CAS" and seed.confidentiality == Confidentiality.ON_REQUEST and rng.random() < 0.05
            ]
        )
        # bulk_create stamps created_at with now (auto_now_add): spread the dates, link the current
        # version and archive a few in one statement per chunk.
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE documents_document AS d
                SET created_at = v.at, updated_at = v.at, current_version_id = v.version, archived_at = v.archived
                FROM unnest(%s::bigint[], %s::timestamptz[], %s::bigint[], %s::timestamptz[])
                     AS v(id, at, version, archived)
                WHERE d.id = v.id
                """,
                [
                    [document.pk for document in documents],
                    [seed.created_at for seed in seeds],
                    [version.pk for version in versions],
                    [seed.created_at + timedelta(days=30) if seed.archived else None for seed in seeds],
                ],
            )
        return [document.pk for document in documents]

    # --- Measuring ---

    def _measure(self, users: dict[str, User], *, requests: int) -> None:
        bench = Document.objects.filter(created_by__username__in=[row[0] for row in BENCH_USERS])
        total = bench.count()
        # A shared patent document from the middle of the set, searched for by its number as people type it.
        patents = bench.filter(doc_type=DocumentType.PATENT, confidentiality=Confidentiality.SHARED).exclude(
            patent_numbers=""
        )
        patent_holder = patents.order_by("pk")[patents.count() // 2]
        patent = patent_holder.patent_number_list[0]
        spaced_patent = f"{patent[:2]} {patent[2:-1]} {patent[-1]}"  # CN110001234A → "CN 110001234 A"
        last_year = timezone.localdate().year - 1
        cases = [
            ("list, page 1", {}),
            ("list, page 40", {"page": "40"}),
            (f"list, area=research year={last_year}", {"area": Area.RESEARCH, "year": str(last_year)}),
            ("search 专利信息 (common zh)", {"q": "专利信息"}),
            (f"search {RARE_ZH_QUERY} (rare zh)", {"q": RARE_ZH_QUERY}),
            ("search “patent information”", {"q": "patent information"}),
            (f"search {spaced_patent}", {"q": spaced_patent}),
        ]
        people = [("SIPO official", users["bench_sipo_official"]), ("CAS docadmin", users["bench_cas_docadmin"])]
        self.stdout.write(f"\n{total:,} bench documents; {requests} timed requests per row (after 3 untimed).\n")
        header = f"{cell('page', 38)} {'as':<14} {'rows':>7} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        # The test client's host, and static URLs without the collectstatic manifest (debug is off).
        warnings.filterwarnings("ignore", "No directory at", UserWarning)  # whitenoise: no STATIC_ROOT here
        staticfiles = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        with override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            STORAGES={**settings.STORAGES, "staticfiles": staticfiles},
        ):
            for label, user in people:
                client = Client()
                second_factor.force_login(client, user)
                for name, params in cases:
                    path = reverse("documents:list")
                    rows = self._rows(user, params)
                    self._report(client, name, label, path, params, rows, requests)
                detail = reverse("documents:detail", args=[patent_holder.pk])
                self._report(client, "document detail", label, detail, {}, 1, requests)
                client.logout()

    def _rows(self, user: User, params: dict) -> int:
        """What the list view counts for these parameters, through the same selectors and filters."""
        query = params.get("q", "")
        documents = selectors.documents_search(user, query) if query else selectors.documents_listed_for(user)
        return DocumentFilter(QueryDict(urlencode(params)) or None, queryset=documents).qs.count()

    def _report(self, client: Client, name, label, path, params, rows, requests) -> None:
        for _ in range(3):
            self._get(client, path, params)
        with CaptureQueriesContext(connection) as queries:
            self._get(client, path, params)
        query_count = len(queries)  # now: the next request empties the connection's query log
        timings = []
        for _ in range(requests):
            clock = time.perf_counter()
            self._get(client, path, params)
            timings.append((time.perf_counter() - clock) * 1000)
        p50 = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20, method="inclusive")[-1]
        self.stdout.write(
            f"{cell(name, 38)} {label:<14} {rows:>7,} {query_count:>7} {p50:>8.1f} {p95:>8.1f} {max(timings):>8.1f}"
        )

    def _get(self, client: Client, path: str, params: dict) -> None:
        response = client.get(path, params, secure=True)
        if response.status_code != 200:
            raise CommandError(f"GET {path}?{urlencode(params)} answered {response.status_code}")

    # --- Cleaning up ---

    def _clean(self) -> None:
        usernames = [row[0] for row in BENCH_USERS]
        users = User.objects.filter(username__in=usernames)
        documents = Document.objects.filter(created_by__in=users)
        clock = time.perf_counter()
        with transaction.atomic():
            count = documents.update(current_version=None)
            DocumentVersion.objects.filter(document__in=documents).delete()
            documents.delete()
            if "bench" in connection.settings_dict["NAME"]:  # elsewhere a tag of the same name may be someone's
                Tag.objects.filter(name__in=BENCH_TAGS, documents=None).delete()
            users.delete()
            AccessLog.objects.filter(username__in=usernames).delete()  # written by axes on force_login
        self.stdout.write(
            f"Deleted the {count:,} bench documents and their users in {time.perf_counter() - clock:.1f} s."
        )
