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
import unicodedata
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta
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
from cooperation.documents.services import search_source, spaced_codes
from protocol import search
from protocol.areas import Area
from protocol.parties.models import Language, Party, User
from protocol.parties.roles import Role
from protocol.years import FIRST_YEAR

CHUNK = 5_000
SEED = 20_26

# username, party, role, preferred language: the documents' owners, and the two who ask for pages.
BENCH_USERS = [
    ("bench_cas_docadmin", "CAS", Role.DOCUMENT_ADMIN, Language.ENGLISH),
    ("bench_sipo_docadmin", "SIPO", Role.DOCUMENT_ADMIN, Language.CHINESE),
    ("bench_sipo_official", "SIPO", Role.OFFICIAL, Language.CHINESE),
]
BENCH_TAGS = [
    "专利导航",
    "人工智能",
    "知识产权保护",
    "新能源汽车",
    "生物医药",
    "集成电路",
    "标准必要专利",
    "专利信息",
    "科技文献",
    "高价值专利",
    "patent analytics",
    "artificial intelligence",
    "open data",
    "standards",
    "licensing",
    "examination",
]
IPC_CLASSES = [
    "G06F16/33",
    "G06N3/08",
    "H04L9/32",
    "H01M10/05",
    "A61K39/395",
    "C12N15/11",
    "B60L53/00",
    "H01L21/02",
    "G06Q50/18",
    "C01B32/182",
    "H04W72/04",
    "G16H50/20",
]

# --- Text: a few hundred sentences composed from the protocol's own vocabulary, then sampled. ---

TOPICS = [
    ("人工智能", "artificial intelligence"),
    ("新能源汽车", "new energy vehicles"),
    ("集成电路", "integrated circuits"),
    ("生物医药", "biomedicine"),
    ("量子计算", "quantum computing"),
    ("高端装备", "advanced equipment"),
    ("新材料", "new materials"),
    ("种业", "the seed industry"),
    ("5G通信", "5G communications"),
    ("海洋工程", "marine engineering"),
    ("储能电池", "energy storage batteries"),
    ("基因编辑", "gene editing"),
]
KINDS = {
    DocumentType.PATENT: ("专利说明书", "Patent specification"),
    DocumentType.SEARCH_REPORT: ("专利检索分析报告", "Patent search and analysis report"),
    DocumentType.PAPER: ("研究论文", "Research paper"),
    DocumentType.STRATEGIC_REPORT: ("战略分析报告", "Strategic analysis report"),
    DocumentType.STANDARD: ("技术标准", "Technical standard"),
    DocumentType.POLICY: ("政策文件", "Policy document"),
    DocumentType.TRAINING: ("培训教材", "Training material"),
    DocumentType.MEETING: ("会议材料", "Meeting material"),
    DocumentType.OTHER: ("参考资料", "Reference material"),
}
KIND_WEIGHTS = [20, 20, 15, 12, 8, 8, 7, 6, 4]

ZH_PLACES = [
    "在人工智能领域",
    "围绕新一代信息技术",
    "面向生物医药产业",
    "在新能源汽车领域",
    "针对集成电路产业",
    "结合国家重大科技专项",
    "在高端装备制造领域",
    "依托国家科技图书文献中心",
    "围绕种业振兴",
    "在量子计算领域",
    "在新材料领域",
    "面向碳达峰碳中和目标",
    "在海洋工程领域",
    "在储能技术领域",
]
ZH_ACTORS = [
    "中国科学院",
    "国家知识产权局",
    "双方",
    "联合工作组",
    "各研究所",
    "文献情报中心",
    "专利审查部门",
    "课题组",
    "地方知识产权局",
    "高校和科研院所",
    "技术转移中心",
]
ZH_ACTIONS = ["加强", "推进", "深化", "完善", "建立", "开展", "支持", "促进", "优化", "共同推动", "系统梳理"]
ZH_OBJECTS = [
    "专利信息资源共享",
    "知识产权公共服务",
    "专利文献检索与分析",
    "专利导航工作",
    "科技文献资源建设",
    "知识产权战略研究",
    "专利数据加工与标引",
    "技术创新态势监测",
    "专利审查质量管理",
    "知识产权保护体系",
    "科技成果转移转化",
    "产业专利预警",
    "标准与专利协同",
    "数据资源互联互通",
    "知识产权人才培养",
    "高价值专利培育",
    "专利运营与许可",
    "国际专利布局分析",
    "科技查新服务",
]
ZH_ENDS = [
    "，提升服务效率。",
    "，为科技创新提供有力支撑。",
    "，实现互惠互利、共同发展。",
    "，形成常态化合作机制。",
    "，推动成果落地转化。",
    "，服务创新驱动发展战略。",
    "。",
    "，提高检索分析的准确性和时效性。",
    "，定期交流工作进展。",
    "，并编制年度分析报告。",
]
ZH_FACTS = [
    "{y}年，双方共交换专利文献{n}件、科技论文{m}篇。",
    "本报告检索了{y}年至{y2}年公开的相关专利{n}件，主要集中在{ipc}等国际专利分类号。",
    "分析显示，该领域中国申请人的专利申请量年均增长{p}%。",
    "其中发明专利占{p}%，有效专利{m}件，平均权利要求{q}项。",
    "截至{y}年底，相关数据库收录科技文献{n}万篇。",
    "重点申请人前十位中有{q}家为科研院所。",
]
EN_PLACES = [
    "In artificial intelligence",
    "For new energy vehicles",
    "In integrated circuits",
    "In biomedicine",
    "In quantum computing",
    "In advanced manufacturing",
    "In agricultural biotechnology",
    "For 5G communications",
    "In new materials",
    "In marine engineering",
    "For carbon neutrality technologies",
]
EN_ACTORS = [
    "the parties",
    "the Academy",
    "the patent office",
    "the joint working group",
    "each institute",
    "the documentation centre",
    "patent examiners",
    "the research team",
    "regional IP offices",
    "technology transfer offices",
]
EN_ACTIONS = [
    "agree to share",
    "will strengthen",
    "have analysed",
    "continue to improve",
    "jointly develop",
    "regularly exchange",
    "review",
    "publish",
    "map",
    "monitor",
]
EN_OBJECTS = [
    "patent information",
    "scientific literature",
    "patent search reports",
    "strategic analysis reports",
    "technical standards",
    "IP policy briefs",
    "training materials",
    "patent landscape data",
    "citation statistics",
    "examination guidelines",
    "licensing opportunities",
    "high-value patent portfolios",
    "technology transfer cases",
    "standard-essential patents",
    "resource sharing agreements",
]
EN_ENDS = [
    " to support innovation.",
    " under the cooperation protocol.",
    " on a quarterly basis.",
    " for both parties.",
    " with clear confidentiality rules.",
    ".",
    " and report the results to the steering committee.",
    " to reduce duplicated searches.",
]
EN_FACTS = [
    "The search covered {n} patent families published between {y} and {y2}, mostly in IPC classes {ipc}.",
    "Applications by Chinese applicants grew by {p}% a year.",
    "Invention patents account for {p}% of the set; {m} of them are in force.",
    "By the end of {y} the shared database held {n} thousand scientific papers.",
    "{q} of the ten leading applicants are research institutes.",
]
# The rare query's word, in about one Chinese document in 500.
RARE_ZH = "课题组对钙钛矿太阳能电池的专利布局进行了专题分析。"
RARE_ZH_QUERY = "钙钛矿"
RARE_SHARE = 0.002


def _sentence_pool(rng: random.Random, parts: tuple, facts: list[str], *, template: str, size: int) -> list[str]:
    places, actors, actions, objects, ends = parts
    sentences = set()
    while len(sentences) < size:
        sentences.add(
            template.format(
                place=rng.choice(places),
                actor=rng.choice(actors),
                action=rng.choice(actions),
                object=rng.choice(objects),
                end=rng.choice(ends),
            )
        )
    for _ in range(size // 4):
        year = rng.randint(2012, 2025)
        sentences.add(
            rng.choice(facts).format(
                y=year,
                y2=year + rng.randint(1, 8),
                n=rng.randint(50, 9000),
                m=rng.randint(10, 3000),
                p=rng.randint(3, 60),
                q=rng.randint(2, 9),
                ipc=rng.choice(IPC_CLASSES)[:4],
            )
        )
    return sorted(sentences)


@dataclass
class _Seed:
    """One document to insert, and the text the services would have indexed for it."""

    title: str
    title_other: str
    summary: str
    doc_type: str
    area: str
    language: str
    party: str
    confidentiality: str
    tags: list[str]
    patent_numbers: list[str]
    ipc_classes: list[str]
    body: str
    created_at: datetime
    archived: bool
    pages: int

    def search_source(self) -> str:
        return search_source(
            title=self.title,
            title_other=self.title_other,
            summary=self.summary,
            tags=self.tags,
            patent_numbers=spaced_codes(self.patent_numbers),
            ipc_classes=spaced_codes(self.ipc_classes),
            text=self.body,
        )


def _cell(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns; Chinese characters take two."""
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - columns)


def _own_patent_number(index: int) -> str | None:
    """Every other pair of documents describes a patent of its own: CN110000000A, CN110000004A, …"""
    return f"CN{110_000_000 + index}A" if index % 4 in (0, 1) else None


class _Writer:
    def __init__(self, *, count: int, zh: list[str], en: list[str], now: datetime):
        self.count, self.zh, self.en, self.now = count, zh, en, now
        self.start = timezone.make_aware(datetime(FIRST_YEAR, 1, 1))

    def seed(self, rng: random.Random, index: int) -> _Seed:
        chinese = index % 2 == 0
        doc_type = rng.choices(list(KINDS), KIND_WEIGHTS)[0]
        topic_zh, topic_en = rng.choice(TOPICS)
        kind_zh, kind_en = KINDS[doc_type]
        year, issue = rng.randint(2015, 2026), rng.randint(1, 12)
        title_zh = f"{topic_zh}{kind_zh}（{year}年第{issue}期）"
        title_en = f"{kind_en} on {topic_en}, {year} no. {issue}"
        pool = self.zh if chinese else self.en
        body = self._body(rng, pool, chinese)
        own = _own_patent_number(index)
        cited = [_own_patent_number(rng.randrange(0, self.count, 4)) for _ in range(rng.choice([0, 0, 1, 2]))]
        # The library grows: more recent documents than old ones.
        age = (self.now - self.start) * (rng.random() ** 1.6)
        return _Seed(
            title=title_zh if chinese else title_en,
            title_other=(title_en if chinese else title_zh) if rng.random() < 0.4 else "",
            summary=("" if chinese else " ").join(rng.sample(pool, rng.randint(1, 2))),
            doc_type=doc_type,
            area=rng.choices(Area.values, [60, 15, 10, 5, 10])[0],
            language=DocumentLanguage.CHINESE if chinese else DocumentLanguage.ENGLISH,
            party=rng.choice(["CAS", "SIPO"]),
            confidentiality=rng.choices(Confidentiality.values, [60, 25, 15])[0],
            tags=rng.sample(BENCH_TAGS, rng.choice([0, 1, 1, 2, 3])),
            patent_numbers=[number for number in [own, *cited] if number],
            ipc_classes=rng.sample(IPC_CLASSES, rng.randint(0, 3)),
            body=body,
            created_at=self.now - age,
            archived=rng.random() < 0.03,
            pages=rng.randint(1, 120),
        )

    def _body(self, rng: random.Random, pool: list[str], chinese: bool) -> str:
        # 300 to 2,000 characters, whatever the language.
        target, sentences, length = rng.randint(300, 2_000), [], 0
        while length < target:
            sentence = rng.choice(pool)
            sentences.append(sentence)
            length += len(sentence) + (0 if chinese else 1)
        if chinese and rng.random() < RARE_SHARE:
            sentences.insert(rng.randrange(len(sentences)), RARE_ZH)
        return ("" if chinese else " ").join(sentences)


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
        if documents < 1_000 or requests < 2:
            raise CommandError("Use at least --documents 1000 and --requests 2.")
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
        zh_parts = (ZH_PLACES, ZH_ACTORS, ZH_ACTIONS, ZH_OBJECTS, ZH_ENDS)
        en_parts = (EN_PLACES, EN_ACTORS, EN_ACTIONS, EN_OBJECTS, EN_ENDS)
        writer = _Writer(
            count=count,
            zh=_sentence_pool(rng, zh_parts, ZH_FACTS, template="{place}，{actor}{action}{object}{end}", size=320),
            en=_sentence_pool(rng, en_parts, EN_FACTS, template="{place}, {actor} {action} {object}{end}", size=320),
            now=timezone.now(),
        )
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

    def _single_process_rate(self, writer: _Writer) -> float:
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
        header = f"{_cell('page', 38)} {'as':<14} {'rows':>7} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
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
                client.force_login(user)
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
            f"{_cell(name, 38)} {label:<14} {rows:>7,} {query_count:>7} {p50:>8.1f} {p95:>8.1f} {max(timings):>8.1f}"
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
