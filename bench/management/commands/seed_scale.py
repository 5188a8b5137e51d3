"""Ten years of cooperation, at the size the portal must stay fast at, for `make bench-pages`.

`make seed-scale` runs this in a database of its own (portal_scale). It owns that database's records:
every run first empties the tables it fills (users and everything that points at them), then writes
staff with roles, activities with participants and history, documents with versions and their search
index, meetings with attendees, agenda, minutes and sign-offs, research projects with their team, plan
versions and sign-offs, milestones, deliverables and status reports, and notifications, in bulk (COPY on
PostgreSQL), not through the services: no outbox delivery, no files, no tasks. Parties, roles and the
protocol text come from the migrations and stay. It ends with ANALYZE.

`--only research` replaces the research projects alone, on a database already seeded (the full seed takes
a quarter of an hour): it reads the staff and the library it needs from the rows there. `--only training`
does the same for the training courses, sessions, seats, enrolments, certificates and feedback.
"""

# Rows are tuples in their table's column order, written in groups of a line each: concatenation reads best.
# ruff: noqa: RUF005

import io
import json
import multiprocessing
import random
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, connections, models, transaction
from django.urls import reverse
from django.utils import timezone

from bench.corpus import BENCH_TAGS, IPC_CLASSES, TOPICS, document_writer
from cooperation.documents.models import (
    Confidentiality,
    Document,
    DocumentLanguage,
    DocumentVersion,
    ProcessingStatus,
    Tag,
)
from cooperation.documents.services import spaced_codes
from cooperation.meetings.models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesRevision,
    MinutesStatus,
    Rsvp,
    Series,
)
from cooperation.projects.models import (
    Application,
    ApplicationStatus,
    Contribution,
    ContributionKind,
    ContributionStatus,
    Criterion,
    Indicator,
    IndicatorValue,
    Participant,
    ProjectType,
    Review,
    Score,
    Sought,
)
from cooperation.projects.models import Call as SupportCall
from cooperation.projects.models import Project as SupportProject
from cooperation.projects.models import ProjectStatus as SupportStatus
from cooperation.research.models import (
    Deliverable,
    DeliverableStatus,
    Milestone,
    PlanState,
    PlanVersion,
    ProjectStatus,
    ReportStatus,
    ResearchProject,
    StatusReport,
    TeamMember,
    TeamRole,
)
from cooperation.training.models import Attendance as TrainingAttendance
from cooperation.training.models import (
    Certificate,
    Course,
    Enrolment,
    EnrolmentStatus,
    Feedback,
    Seats,
    SessionStatus,
    TrainingSession,
)
from protocol import search
from protocol.activities.models import Activity, Kind, Status, StatusChange
from protocol.activities.notifications import ACTIVITY_CONFIRMED, ACTIVITY_LOGGED, ACTIVITY_RETURNED
from protocol.areas import Area
from protocol.notifications.models import Channel, Notification, OutboxMessage, OutboxStatus
from protocol.parties.models import Language, Party, User
from protocol.parties.names import name_search_key
from protocol.parties.roles import Role
from protocol.signoff.content import canonical_sha256
from protocol.signoff.models import Decision, SignOff

SEED = 20_26
YEARS = 10
# At --scale 1: what ten years of both parties' work come to.
SIZES = {
    "staff": 2_000,
    "activities": 200_000,
    "documents": 100_000,
    "meetings": 20_000,
    "research": 3_000,
    "training_sessions": 5_000,
    "enrolments": 100_000,
    "support_projects": 2_000,
    "applications": 20_000,
    "notifications": 200_000,
}
# Participants per activity: 4.14 on average, 824k at full size.
PARTICIPANTS, PARTICIPANT_WEIGHTS = [2, 3, 4, 5, 6, 7, 8], [18, 24, 21, 15, 11, 7, 4]
PASSWORD = "scale-pass-2026"
# username, party, roles, superuser: the accounts bench_pages signs in with.
ACCOUNTS = [
    ("scale_sipo_official", "SIPO", [Role.OFFICIAL], False),
    ("scale_cas_coordinator", "CAS", [Role.COORDINATOR, Role.OFFICIAL], False),
    ("scale_admin", None, [], True),
]
ACTIVITY_KINDS = {
    Kind.VISIT: ("考察访问", "visit"),
    Kind.WORKSHOP: ("专题研讨会", "workshop"),
    Kind.EXCHANGE: ("专利文献交换", "patent document exchange"),
    Kind.JOINT_ANALYSIS: ("专利联合分析", "joint patent analysis"),
    Kind.TRAINING_SESSION: ("培训班", "training session"),
    Kind.MEETING: ("工作会议", "working meeting"),
    Kind.OTHER: ("合作交流", "cooperation exchange"),
}
ZH_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
ZH_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉宁晓燕鹏飞海波"
SERIES = ["联合工作组会议 Joint Working Group", "联络员会议 Liaison meeting", "专利信息共享专题会 Patent information"]
NOTIFYING = [ACTIVITY_LOGGED, ACTIVITY_CONFIRMED, ACTIVITY_RETURNED]
# Research projects: titles with and without the words the search benchmark asks for (专利, "patent").
RESEARCH_TITLES_ZH = [
    "{}专利态势分析",
    "{}领域专利导航研究",
    "{}技术发展战略研究",
    "{}关键技术专利布局研究",
    "{}产业创新态势研究",
]
RESEARCH_TITLES_EN = [
    "Patent landscape of {}",
    "Patent navigation for {}",
    "Strategic analysis of {} technologies",
    "Technology trends in {}",
    "Innovation in the {} industry",
]
RESEARCH_OBJECTIVES = (
    "联合开展{}领域专利态势分析，梳理技术发展路线、主要申请人和专利布局，提出产业发展建议。",
    "Analyse the patent landscape of {} jointly: technology routes, main applicants and filing strategies.",
)
MILESTONES_ZH = ["检索策略确定", "专利数据采集完成", "数据清洗与标引", "技术分解表确定", "专利态势分析", "中期报告",
                 "专家评审会", "研究报告定稿"]  # fmt: skip
MILESTONES_EN = ["Search strategy agreed", "Patent data collected", "Data cleaned and indexed", "Technology breakdown",
                 "Landscape analysis", "Interim report", "Expert review", "Final report"]  # fmt: skip
DELIVERABLES_ZH = ["专利数据集", "中期研究报告", "专利态势分析报告"]
DELIVERABLES_EN = ["Patent data set", "Interim report", "Patent landscape report"]
REPORTS_ZH = [
    "按计划推进，数据采集已完成过半。",
    "部分数据延迟到位，正在协调补充。",
    "专家评审意见已吸收，报告修改中。",
]
REPORTS_EN = ["On plan: more than half of the data is collected.", "Some data arrived late; being made up.",
              "The experts' comments are being worked into the report."]  # fmt: skip
END_REASONS = {
    ProjectStatus.WITHDRAWN: "研究内容已并入年度合作计划。Merged into the annual work plan.",
    ProjectStatus.CANCELLED: "牵头单位调整研究任务，经双方协商终止。Ended by agreement of both parties.",
}
TRAINING_KINDS = [
    ("专利审查实务培训", "patent examination practice"),
    ("专利检索与分析培训", "patent search and analysis"),
    ("知识产权管理培训", "IP management"),
]
TRAINING_DESCRIPTION = (
    "面向{}领域科研与审查人员，讲解专利检索、审查标准与典型案例。",
    "For staff working on {}: patent search, examination standards and worked cases.",
)
TRAINING_QUESTIONS = ["Content", "Trainer"]
PROJECT_KINDS = [
    ("专利导航", "Patent navigation"),
    ("知识产权分析评议", "IP analysis"),
    ("标准研制", "Standard drafting"),
]
PROJECT_DESCRIPTION = (
    "面向{}领域的知识产权项目，邀请对方单位的专家参与数据分析与报告撰写。",
    "An IP project on {}, inviting the other party's experts to take part in the analysis and the reports.",
)
INDICATORS = ["分析专利族 Patent families analysed", "报告 Reports delivered", "培训人次 People trained"]
CALL_TITLES = ["征集专家", "征集数据分析人员"]
DEPARTMENTS = ["", "文献情报中心", "计算技术研究所", "专利局审查业务管理部", "知识产权发展研究中心"]
CRITERIA = ["专业能力 Expertise", "可投入时间 Availability", "团队 Team"]
TRAINING_PLACES = ["国知局培训中心", "中国科学院 中关村园区", "Online", "北京 知识产权出版社"]
# When the project starts against today: [(status, weight)] before its start, while it runs, after its end.
RESEARCH_STATUSES = {
    "ahead": [(ProjectStatus.DRAFT, 35), (ProjectStatus.PROPOSED, 40), (ProjectStatus.APPROVED, 20),
              (ProjectStatus.WITHDRAWN, 5)],
    "running": [(ProjectStatus.ACTIVE, 85), (ProjectStatus.APPROVED, 3), (ProjectStatus.PROPOSED, 3),
                (ProjectStatus.DRAFT, 2), (ProjectStatus.CANCELLED, 4), (ProjectStatus.WITHDRAWN, 3)],
    "over": [(ProjectStatus.COMPLETED, 88), (ProjectStatus.CANCELLED, 6), (ProjectStatus.WITHDRAWN, 4),
             (ProjectStatus.ACTIVE, 2)],
}  # fmt: skip


def refuse_unless_scratch(name: str) -> None:
    """The seed empties tables first: only a database named for it (…scale…, …bench…) may be written."""
    if "scale" not in name and "bench" not in name:
        raise CommandError(
            f"Refusing to seed the database {name!r}: seed_scale empties the portal's records first, so it runs "
            "only on a database whose name contains 'scale' or 'bench' (`make seed-scale` uses portal_scale)."
        )


def _copy_value(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class _Loader:
    """Writes rows with ids of our choosing: COPY on PostgreSQL, executemany elsewhere (the test's SQLite)."""

    def __init__(self):
        self.postgresql = connection.vendor == "postgresql"
        self.counts: dict[str, int] = {}

    def next_id(self, model) -> int:
        return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1

    def write(self, model, columns: list[str], rows: list[tuple]) -> None:
        table = model._meta.db_table
        self.counts[table] = self.counts.get(table, 0) + len(rows)
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        with connection.cursor() as cursor:
            if self.postgresql:
                for start in range(0, len(rows), 20_000):
                    buffer = io.StringIO()
                    for row in rows[start : start + 20_000]:
                        buffer.write("\t".join(map(_copy_value, row)))
                        buffer.write("\n")
                    buffer.seek(0)
                    cursor.cursor.copy_expert(f"COPY {table} ({quoted}) FROM STDIN", buffer)
            else:
                by_column = {field.column: field for field in model._meta.concrete_fields}
                fields = [by_column[column] for column in columns]
                prepared = [
                    [field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True)]
                    for row in rows
                ]
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", prepared)


def _person_name(rng: random.Random, chinese: bool, n: int) -> str:
    name = rng.choice(ZH_SURNAMES) + "".join(rng.choices(ZH_GIVEN, k=rng.choice([1, 2])))
    return name if chinese else f"{name} ({n})"


class Command(BaseCommand):
    help = (
        "Replace this database's records with ten years of synthetic cooperation (2,000 staff, 200k activities, "
        "100k documents, 20k meetings, 3,000 research projects, 5,000 training sessions with 100k enrolments, "
        "200k notifications at --scale 1). Only on a database named *scale* or *bench*; --only research (or "
        "training) replaces that area's records alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Fraction of the full size (1).")
        parser.add_argument("--processes", type=int, default=2, help="Processes that segment text (2).")
        parser.add_argument(
            "--only",
            choices=["research", "training", "projects"],
            help="Replace only this area's records, on a database seeded already (its staff and library stay).",
        )

    def handle(self, *args, scale: float, processes: int, only: str | None = None, **options):
        refuse_unless_scratch(connection.settings_dict["NAME"])
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        sizes = {name: max(round(size * scale), 20) for name, size in SIZES.items()}
        self.rng = random.Random(SEED)
        self.now = timezone.now()
        self.start = self.now - timedelta(days=365 * YEARS + YEARS // 4)
        self.loader = _Loader()
        parties = {party.code: party for party in Party.objects.filter(code__in=["CAS", "SIPO"])}
        if len(parties) != 2:
            raise CommandError("The parties CAS and SIPO are missing: run migrate first.")
        self.parties = parties
        started = time.perf_counter()
        if only == "research":
            # The rest of the seed stays: its staff are read back, its big tables are left as they are.
            self.compacted = [ResearchProject]
            steps = [
                ("wipe research", self._wipe_research, ()),
                ("staff (read)", self._staff_from_database, ()),
                ("research", self._research, (sizes["research"],)),
                ("analyze", self._analyze, ()),
            ]
        elif only == "training":
            self.compacted = [Course]
            steps = [
                ("wipe training", self._wipe_training, ()),
                ("staff (read)", self._staff_from_database, ()),
                ("training", self._training, (sizes["training_sessions"], sizes["enrolments"])),
                ("analyze", self._analyze, ()),
            ]
        elif only == "projects":
            self.compacted = [SupportProject]
            steps = [
                ("wipe projects", self._wipe_projects, ()),
                ("staff (read)", self._staff_from_database, ()),
                ("projects", self._projects, (sizes["support_projects"], sizes["applications"])),
                ("analyze", self._analyze, ()),
            ]
        else:
            self.compacted = [Document, ResearchProject, Course, SupportProject]
            # Their search columns were a second write of every row too (the "search text" step).
            self.compacted += [Activity, Meeting, Minutes, SupportCall]
            steps = [
                ("wipe", self._wipe, ()),
                ("staff", self._staff, (sizes["staff"],)),
                ("activities", self._activities, (sizes["activities"],)),
                ("segmentation", self._document_texts, (sizes["documents"], processes)),
                ("documents", self._documents, ()),
                ("meetings", self._meetings, (sizes["meetings"],)),
                ("research", self._research, (sizes["research"],)),
                ("training", self._training, (sizes["training_sessions"], sizes["enrolments"])),
                ("projects", self._projects, (sizes["support_projects"], sizes["applications"])),
                ("notifications", self._notifications, (sizes["notifications"],)),
                ("search text", self._search_texts, ()),
                ("analyze", self._analyze, ()),
            ]
        for label, step, arguments in steps:
            clock = time.perf_counter()
            # Segmentation forks workers, which must not inherit an open transaction, and VACUUM runs outside
            # one; every other step writes in its own.
            if step in (self._document_texts, self._analyze):
                summary = step(*arguments)
            else:
                with transaction.atomic():
                    summary = step(*arguments)
            self.stdout.write(f"{label:<14} {time.perf_counter() - clock:7.1f} s  {summary or ''}")
        self.stdout.write(f"{'total':<14} {time.perf_counter() - started:7.1f} s")
        self.stdout.write(f"\nSign in with password {PASSWORD!r} as: " + ", ".join(row[0] for row in ACCOUNTS))

    # --- Steps ---

    def _wipe(self) -> str:
        """Empty the tables this seed fills, and those that point at them (sessions and sign-in logs included)."""
        seeded = [User, Activity, Document, DocumentVersion, Meeting, Minutes, SignOff, OutboxMessage, Notification]
        tables = [
            model._meta.db_table for model in seeded + _research_models() + _training_models() + _projects_models()
        ]
        self._flush(tables)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name('django_session')}")
        return "tables emptied: " + ", ".join(tables)

    def _wipe_research(self) -> str:
        """Empty the research tables, and the sign-offs of its plans and deliverables (the rest stay)."""
        tables = [model._meta.db_table for model in _research_models()]
        self._flush(tables)
        types = ContentType.objects.get_for_models(ResearchProject, Deliverable).values()
        signoffs, _ = SignOff.objects.filter(content_type__in=types).delete()
        return f"tables emptied: {', '.join(tables)}; {signoffs:,} research sign-offs deleted"

    def _wipe_training(self) -> str:
        """Empty the training tables, and the countersignatures of attendance (the rest stay)."""
        tables = [model._meta.db_table for model in _training_models()]
        self._flush(tables)
        signoffs, _ = SignOff.objects.filter(content_type=ContentType.objects.get_for_model(TrainingSession)).delete()
        return f"tables emptied: {', '.join(tables)}; {signoffs:,} attendance countersignatures deleted"

    def _wipe_projects(self) -> str:
        """Empty the project support tables (its ledger entries, written by the services only, are none here)."""
        tables = [model._meta.db_table for model in _projects_models()]
        self._flush(tables)
        return f"tables emptied: {', '.join(tables)}"

    def _flush(self, tables: list[str]) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and connection.in_atomic_block:
                # Inside a transaction (a test's), rows written earlier leave deferred foreign-key checks
                # pending, and PostgreSQL refuses to TRUNCATE under them: run the checks now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True):
                cursor.execute(sql)
            if connection.vendor == "postgresql" and connection.in_atomic_block:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's foreign keys' own setting

    def _staff(self, count: int) -> str:
        rng, loader = self.rng, self.loader
        groups = {group.name: group.pk for group in Group.objects.filter(name__in=Role.values)}
        unusable = make_password(None)
        known = make_password(PASSWORD)
        first = loader.next_id(User)
        users, memberships = [], []
        self.staff: dict[str, list[int]] = {"CAS": [], "SIPO": []}
        self.coordinators: dict[str, list[int]] = {"CAS": [], "SIPO": []}
        self.docadmins: dict[str, list[int]] = {"CAS": [], "SIPO": []}
        self.language: dict[int, str] = {}
        columns = ["id", "password", "is_superuser", "username", "email", "is_staff", "is_active", "date_joined"]
        columns += ["full_name", "name_search", "party_id", "preferred_language", "department"]

        def add(pk, username, party, roles, *, superuser=False, password=unusable, name=None):
            language = Language.CHINESE if party == "SIPO" or rng.random() < 0.6 else Language.ENGLISH
            joined = self.start + (self.now - self.start) * rng.random() * 0.8
            party_id = self.parties[party].pk if party else None
            full_name = name or _person_name(rng, language == Language.CHINESE, pk)
            users.append(
                (pk, password, superuser, username, f"{username}@example.invalid", superuser, True, joined)
                + (full_name, name_search_key(full_name), party_id, language, DEPARTMENTS[pk % len(DEPARTMENTS)])
            )
            memberships.extend((pk, groups[role]) for role in roles)
            self.language[pk] = language
            if party:
                self.staff[party].append(pk)
                if Role.COORDINATOR in roles:
                    self.coordinators[party].append(pk)
                if Role.DOCUMENT_ADMIN in roles:
                    self.docadmins[party].append(pk)

        for n in range(count):
            party = "CAS" if n % 2 else "SIPO"
            roll = rng.random()
            # About 3% coordinators and 8% document admins; at least a few of each on each side.
            roles = [Role.OFFICIAL]
            if roll < 0.03 or n < 8:
                roles.append(Role.COORDINATOR)
            if 0.03 <= roll < 0.11 or 8 <= n < 16:
                roles.append(Role.DOCUMENT_ADMIN)
            add(first + n, f"scale_{n:05d}", party, roles)
        for offset, (username, party, roles, superuser) in enumerate(ACCOUNTS):
            name = username.removeprefix("scale_").replace("_", " ").title()
            add(first + count + offset, username, party, roles, superuser=superuser, password=known, name=name)
        self.accounts = {row[3]: row[0] for row in users[-len(ACCOUNTS) :]}
        self.names = {row[0]: row[8] for row in users}
        loader.write(User, columns, users)
        next_membership = loader.next_id(User.groups.through)
        loader.write(
            User.groups.through,
            ["id", "user_id", "group_id"],
            [(next_membership + n, *row) for n, row in enumerate(memberships)],
        )
        return f"{len(users):,} users, {len(memberships):,} roles"

    def _when(self, *, growth: float = 1.3) -> datetime:
        """A moment in the last ten years, more of them recent: the cooperation grows."""
        return self.now - (self.now - self.start) * (self.rng.random() ** growth)

    def _activities(self, count: int) -> str:
        rng, loader = self.rng, self.loader
        first, first_link, first_change = loader.next_id(Activity), loader.next_id(Activity.participants.through), 1
        first_change = loader.next_id(StatusChange)
        activities, links, changes = [], [], []
        self.shared_activities: list[tuple[int, str, str]] = []  # id, title, area: what notifications name
        areas, area_weights = Area.values, [25, 25, 20, 15, 15]
        for n in range(count):
            pk = first + n
            party = rng.choice(["CAS", "SIPO"])
            other = "SIPO" if party == "CAS" else "CAS"
            author = rng.choice(self.staff[party])
            created = self._when()
            age = (self.now - created).days
            if age > 60:
                status = rng.choices(Status.values, [4, 5, 3, 88])[0]
            else:
                status = rng.choices(Status.values, [25, 40, 10, 25])[0]
            kind = rng.choice(list(ACTIVITY_KINDS))
            topic_zh, topic_en = rng.choice(TOPICS)
            kind_zh, kind_en = ACTIVITY_KINDS[kind]
            chinese = n % 2 == 0
            title = f"{topic_zh}{kind_zh}（{created.year}年）" if chinese else f"{kind_en.capitalize()} on {topic_en}"
            start = created.date() - timedelta(days=rng.randint(0, 20))
            end = start + timedelta(days=rng.choice([0, 0, 0, 1, 2, 4])) if rng.random() < 0.7 else None
            size = rng.choices(PARTICIPANTS, PARTICIPANT_WEIGHTS)[0]
            # One in ten is one party's own record (no other party took part): the ledger's "not joint".
            if rng.random() < 0.1:
                people = rng.sample(self.staff[party], size)
            else:
                ours = rng.randint(1, size - 1)
                people = rng.sample(self.staff[party], ours) + rng.sample(self.staff[other], size - ours)
            lead = party if rng.random() < 0.8 else other
            updated = min(created + timedelta(days=rng.randint(0, 30)), self.now)
            activities.append(
                (pk, rng.choices(areas, area_weights)[0], kind, title, "", start, end, "", lead, "", "")
                + (party, author, status, created, updated, None if status == Status.DRAFT else created)
            )
            for user in people:
                links.append((first_link + len(links), pk, user))
            if status != Status.DRAFT:
                changes.append((first_change + len(changes), pk, Status.LOGGED, author, created, ""))
            if status in (Status.CONFIRMED, Status.RETURNED):
                by = rng.choice(self.coordinators[other])
                comment = "" if status == Status.CONFIRMED else "请补充参加人员名单。Please add the participants."
                changes.append((first_change + len(changes), pk, status, by, updated, comment))
                self.shared_activities.append((pk, title, activities[-1][1]))
        party_ids = {code: party.pk for code, party in self.parties.items()}
        activities = [
            row[:8] + (party_ids[row[8]],) + row[9:11] + (party_ids[row[11]],) + row[12:] for row in activities
        ]
        loader.write(
            Activity,
            ["id", "area", "kind", "title", "description", "start_date", "end_date", "location", "lead_party_id"]
            + ["external_participants", "outcomes", "party_id", "author_id", "status", "created_at", "updated_at"]
            + ["logged_at", "title_other"],
            # One title each, as most records are entered: the other language's is optional.
            [row + ("",) for row in activities],
        )
        loader.write(Activity.participants.through, ["id", "activity_id", "user_id"], links)
        loader.write(StatusChange, ["id", "activity_id", "status", "by_id", "at", "comment"], changes)
        return f"{len(activities):,} activities, {len(links):,} participants, {len(changes):,} status changes"

    def _document_texts(self, count: int, processes: int) -> str:
        """The documents to write, and their search text segmented as the services would (jieba for Chinese)."""
        writer = document_writer(self.rng, count=count, now=self.now, start=self.start)
        seeds = [writer.seed(self.rng, index) for index in range(count)]
        sources = [seed.search_source() for seed in seeds]
        search.segment("预热")  # load jieba's dictionary once, before the workers fork
        if processes > 1 and connection.vendor == "postgresql":
            connections.close_all()  # forked workers must not share the database socket; they never use it
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                texts = pool.map(search.segment, sources, chunksize=256)
        else:
            texts = [search.segment(source) for source in sources]
        self.document_seeds = list(zip(seeds, texts, strict=True))
        return f"{sum(map(len, sources)) / 1e6:.0f} M characters, {processes} process(es)"

    def _documents(self) -> str:
        rng, loader = self.rng, self.loader
        tags = {name: Tag.objects.get_or_create(name=name)[0].pk for name in BENCH_TAGS}
        first, first_version = loader.next_id(Document), loader.next_id(DocumentVersion)
        first_tag = loader.next_id(Document.tags.through)
        documents, versions, tag_links = [], [], []
        stem = {DocumentLanguage.CHINESE: "报告", DocumentLanguage.ENGLISH: "report"}
        for n, (seed, text) in enumerate(self.document_seeds):
            pk = first + n
            owner = rng.choice(self.docadmins[seed.party])
            uploaded = seed.created_at
            number_of_versions = rng.choices([1, 2, 3], [75, 20, 5])[0]
            for number in range(1, number_of_versions + 1):
                if number > 1:
                    uploaded = min(uploaded + timedelta(days=rng.randint(1, 200)), self.now)
                versions.append(
                    (first_version + len(versions), pk, number, f"documents/scale/{pk}-{number}")
                    + (f"{stem[seed.language]}-{pk}-v{number}.pdf", "pdf", "application/pdf")
                    + (len(seed.body.encode()) * 3, canonical_sha256(f"{pk}-{number}"), "" if number == 1 else "修订")
                    + (
                        owner,
                        uploaded,
                        ProcessingStatus.DONE,
                        seed.body,
                        "",
                        seed.pages,
                        ProcessingStatus.NOT_APPLICABLE,
                    )
                )
            archived = seed.created_at + timedelta(days=30) if seed.archived else None
            documents.append(
                (pk, seed.title, seed.title_other, seed.summary, seed.doc_type, seed.area, seed.language)
                + (spaced_codes(seed.patent_numbers), spaced_codes(seed.ipc_classes), self.parties[seed.party].pk)
                + (seed.confidentiality, owner, seed.created_at, uploaded, archived, versions[-1][0], text)
            )
            for name in seed.tags:
                tag_links.append((first_tag + len(tag_links), pk, tags[name]))
        # The documents name their current version, the versions their document: FKs are checked at commit.
        loader.write(
            Document,
            ["id", "title", "title_other", "summary", "doc_type", "area", "language", "patent_numbers", "ipc_classes"]
            + ["owner_party_id", "confidentiality", "created_by_id", "created_at", "updated_at", "archived_at"]
            + ["current_version_id", "search_text"],
            documents,
        )
        loader.write(
            DocumentVersion,
            ["id", "document_id", "number", "file", "original_name", "kind", "content_type", "size", "sha256"]
            + ["change_note", "uploaded_by_id", "uploaded_at", "extraction_status", "extracted_text", "thumbnail"]
            + ["page_count", "thumbnail_status"],
            versions,
        )
        loader.write(Document.tags.through, ["id", "document_id", "tag_id"], tag_links)
        search.refresh_search_vector(Document.objects.all())
        self.document_ids = [row[0] for row in documents if row[10] != "internal"]
        return f"{len(documents):,} documents, {len(versions):,} versions, {len(tag_links):,} tags"

    def _meetings(self, count: int) -> str:
        rng, loader = self.rng, self.loader
        series = [Series.objects.get_or_create(name=name)[0].pk for name in SERIES]
        minutes_type = ContentType.objects.get_for_model(Minutes).pk
        ids = {model: loader.next_id(model) for model in [Meeting, Attendance, AgendaItem, Minutes, MinutesRevision]}
        ids |= {model: loader.next_id(model) for model in [SignOff, ActionItem, Meeting.materials.through]}
        rows: dict = {model: [] for model in ids}

        def new_id(model) -> int:
            return ids[model] + len(rows[model])

        zh_items = ["上次会议纪要确认", "专利信息共享进展", "联合研究课题汇报", "培训计划", "下一步工作安排"]
        en_items = ["Minutes of the last meeting", "Document sharing", "Joint research report", "Training", "AOB"]
        for n in range(count):
            pk = new_id(Meeting)
            party = rng.choice(["CAS", "SIPO"])
            other = "SIPO" if party == "CAS" else "CAS"
            # A few are still ahead: next month's meetings.
            starts = self._when(growth=1.2) if rng.random() > 0.02 else self.now + timedelta(days=rng.randint(1, 40))
            ends = starts + timedelta(hours=rng.choice([1, 2, 2, 3, 6]))
            internal = rng.random() < 0.1
            status = rng.choices(MeetingStatus.values, [3, 92, 5])[0] if starts < self.now else MeetingStatus.SCHEDULED
            people = rng.sample(self.staff[party], rng.randint(2, 5))
            if not internal:
                people += rng.sample(self.staff[other], rng.randint(2, 5))
            chair, taker = people[0], people[1]
            chinese = n % 2 == 0
            topic_zh, topic_en = rng.choice(TOPICS)
            title = f"{topic_zh}合作工作会议" if chinese else f"Working meeting on {topic_en}"
            created = starts - timedelta(days=rng.randint(3, 30))
            rows[Meeting].append(
                (pk, rng.choice(series) if rng.random() < 0.6 else None, title, rng.choice(MeetingKind.values))
                + (self.parties[party].pk, starts, ends, "北京" if rng.random() < 0.5 else "", "", chair, taker, "")
                + (internal, status, 0, people[0], None, created, min(ends, self.now) if ends < self.now else created)
            )
            for user in people:
                rsvp = Rsvp.ATTENDING if rng.random() < 0.85 else rng.choice(Rsvp.values)
                answered = None if rsvp == Rsvp.PENDING else created + timedelta(days=1)
                rows[Attendance].append((new_id(Attendance), pk, user, rsvp, answered))
            items = zh_items if chinese else en_items
            for position, item in enumerate(items[: rng.randint(3, 5)], start=1):
                rows[AgendaItem].append((new_id(AgendaItem), pk, position, item, "", rng.choice([None, 15, 30])))
            if self.document_ids and rng.random() < 0.3:
                for document in rng.sample(self.document_ids, rng.randint(1, 3)):
                    rows[Meeting.materials.through].append((new_id(Meeting.materials.through), pk, document))
            if status != MeetingStatus.HELD:
                continue
            minutes_pk = new_id(Minutes)
            recent = (self.now - starts).days < 30
            minutes_status = rng.choices(MinutesStatus.values, [10, 10, 80] if not recent else [50, 40, 10])[0]
            revision_count = rng.choices([1, 2, 3], [60, 30, 10])[0]
            revision = None
            for number in range(1, revision_count + 1):
                revision = new_id(MinutesRevision)
                text = self._minutes_text(chinese, title, number)
                saved = starts + timedelta(days=number)
                submitted = saved if minutes_status != MinutesStatus.DRAFT or number < revision_count else None
                sha = canonical_sha256(text)
                rows[MinutesRevision].append((revision, minutes_pk, number, text, sha, taker, saved, submitted))
            approved = minutes_status == MinutesStatus.APPROVED
            approved_at = starts + timedelta(days=revision_count + 2) if approved else None
            rows[Minutes].append(
                (minutes_pk, pk, minutes_status, revision, revision if approved else None, approved_at)
            )
            deciders = [party] if minutes_status == MinutesStatus.IN_REVIEW else [party, other] if approved else []
            for decider in deciders:
                by = rng.choice(self.coordinators[decider])
                rows[SignOff].append(
                    (new_id(SignOff), minutes_type, minutes_pk, sha, str(revision_count))
                    + (self.parties[decider].pk, by, Decision.APPROVED, "", approved_at or starts + timedelta(days=4))
                )
            for _ in range(rng.choice([0, 1, 1, 2, 3])):
                due = (starts + timedelta(days=rng.randint(7, 60))).date()
                done = rng.random() < 0.8 and due < self.now.date()
                rows[ActionItem].append(
                    (new_id(ActionItem), pk, "整理并共享相关专利文献" if chinese else "Share the patent data set")
                    + (rng.choice(people), due, ActionItemStatus.DONE if done else ActionItemStatus.OPEN, "")
                    + (timezone.make_aware(datetime.combine(due, datetime.min.time())) if done else None, taker)
                    + (starts,)
                )
        columns = {
            Meeting: ["id", "series_id", "title", "kind", "organising_party_id", "starts_at", "ends_at", "location"]
            + ["online_link", "chair_id", "minute_taker_id", "external_attendees", "internal", "status", "sequence"]
            + ["created_by_id", "activity_id", "created_at", "updated_at", "title_other"],
            Attendance: ["id", "meeting_id", "user_id", "rsvp", "answered_at"],
            AgendaItem: ["id", "meeting_id", "position", "title", "presenter", "planned_minutes"],
            Meeting.materials.through: ["id", "meeting_id", "document_id"],
            MinutesRevision: ["id", "minutes_id", "number", "text", "sha256", "author_id", "created_at"]
            + ["submitted_at"],
            Minutes: ["id", "meeting_id", "status", "current_revision_id", "approved_revision_id", "approved_at"],
            SignOff: ["id", "content_type_id", "object_id", "sha256", "version", "party_id", "by_id", "decision"]
            + ["comment", "at"],
            ActionItem: ["id", "meeting_id", "description", "owner_id", "due_date", "status", "done_note", "done_at"]
            + ["created_by_id", "created_at"],
        }
        rows[Meeting] = [row + ("",) for row in rows[Meeting]]  # no title in the other language
        for model, model_columns in columns.items():
            loader.write(model, model_columns, rows[model])
        return ", ".join(f"{len(rows[model]):,} {model._meta.db_table}" for model in columns)

    def _minutes_text(self, chinese: bool, title: str, number: int) -> str:
        if chinese:
            return (
                f"# {title}\n\n## 议定事项\n\n1. 双方确认上次会议纪要。\n2. 双方同意继续推进专利信息资源共享。\n"
                f"3. 下次会议由对方主办。\n\n（第{number}稿）"
            )
        return (
            f"# {title}\n\n## Decisions\n\n1. The minutes of the last meeting were approved.\n"
            f"2. The parties continue to share patent information.\n3. The other party hosts the next meeting.\n\n"
            f"(draft {number})"
        )

    def _staff_from_database(self) -> str:
        """The seed's staff, coordinators and benchmark accounts as the full seed left them (for --only)."""
        people = User.objects.filter(username__startswith="scale_", is_active=True).exclude(party=None)
        coordinators = set(people.filter(groups__name=Role.COORDINATOR).values_list("pk", flat=True))
        self.staff = {"CAS": [], "SIPO": []}
        self.coordinators = {"CAS": [], "SIPO": []}
        self.names = {}
        for pk, code, full_name in people.order_by("pk").values_list("pk", "party__code", "full_name"):
            self.staff[code].append(pk)
            self.names[pk] = full_name
            if pk in coordinators:
                self.coordinators[code].append(pk)
        self.accounts = dict(
            User.objects.filter(username__in=[row[0] for row in ACCOUNTS]).values_list("username", "pk")
        )
        if len(self.accounts) != len(ACCOUNTS) or not all(self.coordinators.values()):
            raise CommandError("This database has no seeded staff: run seed_scale without --only first.")
        return f"{len(self.names):,} staff, {sum(map(len, self.coordinators.values()))} coordinators"

    def _research(self, count: int) -> str:
        """Research projects over ten years, each in the state its dates make likely, with what that state has
        behind it: team, plan versions signed off by the parties' coordinators, milestones, deliverables whose
        files the PIs accepted, status reports. The search text segmented as the services write it."""
        rng, loader, today = self.rng, self.loader, self.now.date()
        ids = {model: loader.next_id(model) for model in [ResearchProject, TeamMember, Milestone, Deliverable]}
        ids |= {model: loader.next_id(model) for model in [PlanVersion, StatusReport, SignOff]}
        ids[ResearchProject.documents.through] = loader.next_id(ResearchProject.documents.through)
        rows: dict = {model: [] for model in ids}
        project_type, deliverable_type = (
            ContentType.objects.get_for_model(model).pk for model in (ResearchProject, Deliverable)
        )
        # Deliverables are files of the library's research documents both parties can open, at their current version.
        files = list(
            DocumentVersion.objects.filter(
                document__area=Area.RESEARCH,
                document__confidentiality=Confidentiality.SHARED,
                document__current_version=models.F("pk"),
            ).values_list("document_id", "number", "sha256")
        )
        linkable = list(
            Document.objects.exclude(confidentiality=Confidentiality.INTERNAL).values_list("pk", flat=True)[:5_000]
        )
        # The benchmark's accounts work on a few projects each, so "my projects" shows something.
        bench_official, bench_coordinator = self.accounts["scale_sipo_official"], self.accounts["scale_cas_coordinator"]

        def new_id(model) -> int:
            return ids[model] + len(rows[model])

        def moment(day: date, *, after: datetime | None = None) -> datetime:
            """A working-hours moment of `day`, not in the future and not before `after`."""
            at = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=rng.randint(9, 17))
            at = max(at, after) if after else at
            return min(at, self.now)

        def sign(target_type, target, sha, label, party, by, decision, at, comment=""):
            rows[SignOff].append(
                (new_id(SignOff), target_type, target, sha, label, self.parties[party].pk, by, decision, comment, at)
            )

        for n in range(count):
            pk = new_id(ResearchProject)
            lead = "CAS" if n % 2 else "SIPO"
            other = "SIPO" if lead == "CAS" else "CAS"
            internal = rng.random() < 0.1
            chinese = rng.random() < 0.6
            created = self._when()
            start = created.date() + timedelta(days=rng.randint(20, 120))
            end = start + timedelta(days=rng.randint(180, 730))
            phase = "ahead" if start > today else "running" if end >= today else "over"
            statuses, weights = zip(*RESEARCH_STATUSES[phase], strict=True)
            status = rng.choices(statuses, weights)[0]
            updated = min(created + timedelta(days=rng.randint(1, 400)), self.now)
            # When a project ended early: somewhere in its course, not after today.
            ended = min(start + (end - start) * rng.uniform(0.2, 0.8), today) if status in END_REASONS else None
            parties = [lead] if internal else [lead, other]

            # The team: a PI for each party that takes part, then up to four more of either.
            team = []
            for party in parties:
                team.append((rng.choice(self.staff[party]), party, TeamRole.PRINCIPAL_INVESTIGATOR))
            if not internal and rng.random() < 0.03:
                team[1 if lead == "CAS" else 0] = (bench_official, "SIPO", TeamRole.PRINCIPAL_INVESTIGATOR)
            if lead == "CAS" and rng.random() < 0.03 and all(member[0] != bench_coordinator for member in team):
                team.append((bench_coordinator, "CAS", TeamRole.REVIEWER))
            roles = [TeamRole.RESEARCHER, TeamRole.ANALYST, TeamRole.REVIEWER, TeamRole.CONTACT]
            for _ in range(rng.randint(max(0, 2 - len(team)), 6 - len(team))):
                party = rng.choice(parties)
                user = rng.choice(self.staff[party])
                if all(user != member[0] for member in team):
                    team.append((user, party, rng.choice(roles)))
            pis = {party: user for user, party, role in team if role == TeamRole.PRINCIPAL_INVESTIGATOR}
            for user, party, role in team:
                rows[TeamMember].append((new_id(TeamMember), pk, user, self.parties[party].pk, role))

            # Milestones, evenly over the project with a little jitter; due in the past, most are done.
            running = status in (ProjectStatus.APPROVED, ProjectStatus.ACTIVE)
            names = MILESTONES_ZH if chinese else MILESTONES_EN
            milestone_count = rng.randint(3, 8)
            span = (end - start).days
            milestones = []
            for index in range(milestone_count):
                due = start + timedelta(days=round(span * (index + 1) / milestone_count) - rng.randint(0, 10))
                owner = rng.choice(team)[0]
                done_on = None
                if status == ProjectStatus.COMPLETED or (running and due < today and rng.random() < 0.85):
                    done_on = min(due + timedelta(days=rng.randint(-7, 25)), today)
                elif status == ProjectStatus.CANCELLED and due < ended and rng.random() < 0.8:
                    done_on = due
                milestone = new_id(Milestone)
                milestones.append((milestone, names[round(index * (len(names) - 1) / max(1, milestone_count - 1))],
                                   due, owner))  # fmt: skip
                rows[Milestone].append(
                    (milestone, pk, milestones[-1][1], due, owner, done_on, "", owner if done_on else None, None)
                )

            # Deliverables, the last one due at the end.
            titles = DELIVERABLES_ZH if chinese else DELIVERABLES_EN
            deliverable_count = rng.randint(1, 3)
            deliverables = []
            for index in range(deliverable_count):
                due = end - timedelta(days=round(span * (deliverable_count - 1 - index) / (deliverable_count + 1)))
                title = titles[len(titles) - deliverable_count + index]
                deliverable = new_id(Deliverable)
                deliverables.append((deliverable, title, due))
                state = DeliverableStatus.PLANNED
                if files and (status == ProjectStatus.COMPLETED or (status == ProjectStatus.CANCELLED and due < ended)):
                    state = DeliverableStatus.ACCEPTED
                elif files and running and due < today + timedelta(days=30):
                    state = rng.choices(
                        [DeliverableStatus.ACCEPTED, DeliverableStatus.SUBMITTED, DeliverableStatus.FIXES_REQUESTED],
                        [55, 25, 20] if due < today else [10, 60, 30],
                    )[0]
                document = number = sha = submitted = accepted = submitter = None
                if state != DeliverableStatus.PLANNED:
                    document, number, sha = rng.choice(files)
                    submitter = pis[lead]
                    submitted = moment(min(due - timedelta(days=rng.randint(0, 20)), today), after=created)
                    label = f"{document}v{number}"
                    if state == DeliverableStatus.ACCEPTED:
                        accepted = min(submitted + timedelta(days=rng.randint(3, 30)), self.now)
                        for party in parties:
                            at = accepted if party == parties[-1] else submitted + (accepted - submitted) / 2
                            sign(deliverable_type, deliverable, sha, label, party, pis[party], Decision.APPROVED, at)
                    elif state == DeliverableStatus.FIXES_REQUESTED:
                        party = parties[-1]
                        comment = "请补充近两年的数据。" if chinese else "Please add the last two years' data."
                        at = min(submitted + timedelta(days=5), self.now)
                        sign(deliverable_type, deliverable, sha, label, party, pis[party], Decision.CHANGES_REQUESTED,
                             at, comment)  # fmt: skip
                    elif rng.random() < 0.4:
                        at = min(submitted + timedelta(days=2), self.now)
                        sign(deliverable_type, deliverable, sha, label, lead, pis[lead], Decision.APPROVED, at)
                rows[Deliverable].append(
                    (deliverable, pk, title, due, document, number, sha or "", state, submitted, submitter, accepted)
                    + (None,)
                )

            # The plan's versions: what was proposed, what each party decided, the baseline in force.
            topic_zh, topic_en = TOPICS[n % len(TOPICS)]
            objectives = RESEARCH_OBJECTIVES[0 if chinese else 1].format(topic_zh if chinese else topic_en)
            expected = "研究报告一份，专利数据集一套。" if chinese else "A landscape report and its patent data set."
            content = {
                "objectives": objectives,
                "expected_outputs": expected,
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "team": sorted(
                    (
                        {"user": user, "name": self.names[user], "party": party, "role": role}
                        for user, party, role in team
                    ),
                    key=lambda row: (row["party"], row["role"] != "pi", row["user"]),
                ),
                "milestones": [
                    {
                        "id": m,
                        "title": title,
                        "due_date": due.isoformat(),
                        "owner": owner,
                        "owner_name": self.names[owner],
                    }
                    for m, title, due, owner in milestones
                ],
                "deliverables": [
                    {"id": d, "title": title, "due_date": due.isoformat()} for d, title, due in deliverables
                ],
            }
            proposed = status != ProjectStatus.DRAFT and not (status == ProjectStatus.WITHDRAWN and rng.random() < 0.3)
            agreed = status in (ProjectStatus.APPROVED, ProjectStatus.ACTIVE, ProjectStatus.COMPLETED) or (
                status == ProjectStatus.CANCELLED
            )
            plan_state, versions = PlanState.EDITING, []
            if proposed:
                # Changes asked for before the first approval, in a third of the projects; amendments later.
                rounds = 2 if rng.random() < 0.3 else 1
                amendments = rng.choices([0, 1, 2], [75, 20, 5])[0] if agreed else 0
                pending = ""  # an amendment after the baseline: "" none, "review" proposed, "editing" not yet
                if running and rng.random() < 0.1:
                    pending = rng.choice(["review", "editing"])
                elif status == ProjectStatus.PROPOSED:
                    pending = rng.choices(["review", "changes"], [70, 30])[0]
                total = rounds + amendments + (pending == "review" and agreed)
                at = moment(created.date() + timedelta(days=rng.randint(1, 20)), after=created)
                for number in range(1, total + 1):
                    # Each version before the last moved one milestone that the last one has 30 days later.
                    version = json.loads(json.dumps(content))
                    moved = version["milestones"][number % len(milestones)]
                    earlier = date.fromisoformat(moved["due_date"]) - timedelta(days=30 * (total - number))
                    moved["due_date"] = max(earlier, start).isoformat()
                    if number == total and pending == "editing":
                        # The rows were changed since: the last version proposed is the baseline, not the rows.
                        moved["due_date"] = (date.fromisoformat(moved["due_date"]) - timedelta(days=30)).isoformat()
                    sha, label = canonical_sha256(version), f"plan-{number}"
                    proposer = pis[lead]
                    approved_at = None
                    last = number == total
                    decided = min(at + timedelta(days=rng.randint(3, 25)), self.now)
                    if number <= rounds - 1 or (last and pending == "changes"):
                        # Sent back: a party approved or not, the other asked for changes.
                        if not internal and rng.random() < 0.5:
                            sign(project_type, pk, sha, label, lead, rng.choice(self.coordinators[lead]),
                                 Decision.APPROVED, decided)  # fmt: skip
                        asker = parties[-1]
                        comment = "请细化技术分解表。" if chinese else "Please refine the technology breakdown."
                        sign(project_type, pk, sha, label, asker, rng.choice(self.coordinators[asker]),
                             Decision.CHANGES_REQUESTED, decided, comment)  # fmt: skip
                    elif last and pending == "review":
                        # Waiting: one party may have approved already.
                        if rng.random() < 0.5:
                            party = rng.choice(parties)
                            sign(project_type, pk, sha, label, party, rng.choice(self.coordinators[party]),
                                 Decision.APPROVED, decided)  # fmt: skip
                    elif agreed:
                        for party in parties:
                            sign(project_type, pk, sha, label, party, rng.choice(self.coordinators[party]),
                                 Decision.APPROVED, decided)  # fmt: skip
                        approved_at = decided
                    version_pk = new_id(PlanVersion)
                    rows[PlanVersion].append((version_pk, pk, number, version, sha, proposer, at, approved_at))
                    versions.append((version_pk, approved_at))
                    at = min(decided + timedelta(days=rng.randint(10, 120)), self.now)
                if status == ProjectStatus.PROPOSED and pending == "review":
                    plan_state = PlanState.IN_REVIEW
                elif agreed:
                    plan_state = {"review": PlanState.IN_REVIEW, "editing": PlanState.EDITING}.get(
                        pending, PlanState.AGREED
                    )
            baseline = next((pk_ for pk_, approved_at in reversed(versions) if approved_at), None)
            plan_version = versions[-1][0] if versions else None

            # Status reports every two to four months while it ran.
            if status in (ProjectStatus.ACTIVE, ProjectStatus.COMPLETED, ProjectStatus.CANCELLED):
                as_of = start + timedelta(days=rng.randint(60, 120))
                until = min(end, today, ended or today)
                while as_of <= until:
                    report_status = rng.choices(ReportStatus.values, [70, 22, 8])[0]
                    text = rng.choice(REPORTS_ZH if chinese else REPORTS_EN)
                    author = rng.choice(list(pis.values()))
                    rows[StatusReport].append(
                        (new_id(StatusReport), pk, as_of, report_status, text, author, moment(as_of))
                    )
                    as_of += timedelta(days=rng.randint(60, 120))

            if linkable and rng.random() < 0.4:
                for document in rng.sample(linkable, rng.randint(1, 3)):
                    rows[ResearchProject.documents.through].append(
                        (new_id(ResearchProject.documents.through), pk, document)
                    )
            template = rng.choice(RESEARCH_TITLES_ZH if chinese else RESEARCH_TITLES_EN)
            title = template.format(topic_zh if chinese else topic_en)
            translation = RESEARCH_TITLES_EN if chinese else RESEARCH_TITLES_ZH
            index = (RESEARCH_TITLES_ZH if chinese else RESEARCH_TITLES_EN).index(template)
            title_other = translation[index].format(topic_en if chinese else topic_zh) if rng.random() < 0.7 else ""
            ipc = " ".join(sorted({code[:4] for code in rng.sample(IPC_CLASSES, rng.randint(1, 3))}))
            field = topic_zh if chinese else topic_en
            reason = END_REASONS.get(status, "")
            rows[ResearchProject].append(
                (pk, title, title_other, "", field, ipc, objectives, expected, start, end, self.parties[lead].pk)
                + (internal, status, plan_state, plan_version, baseline, reason, pis[lead], created, updated)
                + (" ".join([title, title_other, "", field, ipc, objectives]),)
            )

        # The search text as the services write it: segmented (jieba for Chinese), then the vector refreshed.
        projects = rows[ResearchProject]
        search.segment("预热")
        rows[ResearchProject] = [row[:-1] + (search.segment(row[-1]),) for row in projects]
        columns = {
            ResearchProject: ["id", "title", "title_other", "topic", "technology_field", "ipc_classes", "objectives"]
            + ["expected_outputs", "start_date", "end_date", "lead_party_id", "internal", "status", "plan_state"]
            + ["plan_version_id", "baseline_id", "end_reason", "created_by_id", "created_at", "updated_at"]
            + ["search_text"],
            ResearchProject.documents.through: ["id", "researchproject_id", "document_id"],
            TeamMember: ["id", "project_id", "user_id", "party_id", "role"],
            Milestone: ["id", "project_id", "title", "due_date", "owner_id", "done_on", "done_note", "done_by_id"]
            + ["activity_id"],
            Deliverable: ["id", "project_id", "title", "due_date", "document_id", "version_number", "version_sha256"]
            + ["status", "submitted_at", "submitted_by_id", "accepted_at", "activity_id"],
            PlanVersion: ["id", "project_id", "number", "content", "sha256", "proposed_by_id", "proposed_at"]
            + ["approved_at"],
            StatusReport: ["id", "project_id", "as_of", "status", "text", "author_id", "created_at"],
            SignOff: ["id", "content_type_id", "object_id", "sha256", "version", "party_id", "by_id", "decision"]
            + ["comment", "at"],
        }
        for model, model_columns in columns.items():
            loader.write(model, model_columns, rows[model])
        search.refresh_search_vector(ResearchProject.objects.all())
        by_status = {}
        for row in projects:
            by_status[row[12]] = by_status.get(row[12], 0) + 1
        shares = ", ".join(f"{status} {by_status.get(status, 0):,}" for status in ProjectStatus.values)
        return f"{len(projects):,} projects ({shares}); " + ", ".join(
            f"{len(rows[model]):,} {model._meta.db_table}" for model in columns if model is not ResearchProject
        )

    def _training(self, count: int, enrolments: int) -> str:
        """Training over ten years: courses of both parties, sessions (a few ahead, open for enrolment) with seats
        reserved per party, enrolments that fill a party's seats and then its waitlist, in order; past sessions
        with attendance marked and countersigned by the other party, certificates (a few revoked), feedback.
        Not linked to the ledger's activities (the activities step has its own training entries)."""
        rng, loader = self.rng, self.loader
        models_ = [Course, TrainingSession, Seats, Enrolment, Certificate, Feedback, SignOff]
        ids = {model: loader.next_id(model) for model in models_}
        ids[TrainingSession.trainers.through] = loader.next_id(TrainingSession.trainers.through)
        rows: dict = {model: [] for model in ids}
        session_type = ContentType.objects.get_for_model(TrainingSession).pk
        other_of = {"CAS": "SIPO", "SIPO": "CAS"}
        bench_official, bench_coordinator = self.accounts["scale_sipo_official"], self.accounts["scale_cas_coordinator"]

        def new_id(model) -> int:
            return ids[model] + len(rows[model])

        courses = []
        for n in range(max(count // 10, 20)):
            party = "CAS" if n % 2 else "SIPO"
            topic_zh, topic_en = TOPICS[n % len(TOPICS)]
            kind_zh, kind_en = TRAINING_KINDS[(n // len(TOPICS)) % len(TRAINING_KINDS)]
            chinese = rng.random() < 0.6
            title, other = (f"{topic_zh}{kind_zh}", f"{kind_en}: {topic_en}")[:: 1 if chinese else -1]
            title, other = f"{title} {n}", other if rng.random() < 0.8 else ""
            description = TRAINING_DESCRIPTION[0 if chinese else 1].format(topic_zh if chinese else topic_en)
            created = self._when()
            pk = new_id(Course)
            rows[Course].append(
                (pk, title, other, self.parties[party].pk, description, "", "", None, TRAINING_QUESTIONS)
                + (rng.random() < 0.08, rng.choice(self.coordinators[party]), created, search.segment(
                    " ".join([title, other, description])))
            )  # fmt: skip
            courses.append((pk, party, created))
        mean = max(enrolments / count, 1)
        for n in range(count):
            course, organiser, created = rng.choice(courses)
            other = other_of[organiser]
            ahead = n % 33 == 0  # about 3% ahead, open for enrolment now
            day = (self.now + timedelta(days=rng.randint(3, 90))) if ahead else max(self._when(), created)
            day = day.date()
            starts = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=9)
            ends = starts + timedelta(hours=rng.choice([3, 6, 30]))
            opens, closes = starts - timedelta(days=30), starts - timedelta(days=2)
            if ahead:
                opens = min(opens, self.now - timedelta(days=1))
            release = starts - timedelta(days=7) if rng.random() < 0.3 else None
            approval = rng.random() < 0.3
            cancelled = not ahead and rng.random() < 0.03
            held = not ahead and not cancelled
            reserved = {organiser: rng.randint(5, 20), other: rng.randint(5, 20)}
            pk = new_id(TrainingSession)
            coordinator = {party: rng.choice(self.coordinators[party]) for party in reserved}
            trainer = rng.choice(self.staff[organiser])
            rows[TrainingSession.trainers.through].append((new_id(TrainingSession.trainers.through), pk, trainer))
            for party, seats in sorted(reserved.items()):
                rows[Seats].append((new_id(Seats), pk, self.parties[party].pk, seats))
            # Who enrols, in order: both parties' staff (the benchmark's official now and then).
            wanted = max(1, round(rng.uniform(0.5, 1.5) * mean))
            people = rng.sample(self.staff["CAS"] + self.staff["SIPO"], min(wanted, 200))
            if rng.random() < 0.05 and bench_official not in people:
                people[0] = bench_official
            party_of = {pk_: code for code in ("CAS", "SIPO") for pk_ in self.staff[code]}
            taken = {"CAS": 0, "SIPO": 0}
            counted = {}
            enrolled_of = {"CAS": 0, "SIPO": 0}
            for position, person in enumerate(people):
                party = party_of[person]
                queued = opens + (closes - opens) * (position + rng.random()) / (len(people) + 1)
                if taken[party] < reserved[party]:
                    taken[party] += 1
                    status, seat = (EnrolmentStatus.PENDING if approval and ahead else EnrolmentStatus.ENROLLED), party
                    roll = rng.random()
                    if roll < 0.05:
                        status, seat = EnrolmentStatus.CANCELLED, None
                        taken[party] -= 1
                    elif approval and not ahead and roll < 0.08:
                        status, seat = EnrolmentStatus.DECLINED, None
                        taken[party] -= 1
                else:
                    status, seat = EnrolmentStatus.WAITLISTED, None
                decided = coordinator[party] if approval and status in (EnrolmentStatus.ENROLLED,
                                                                        EnrolmentStatus.DECLINED) else None  # fmt: skip
                attendance = ""
                if held and status == EnrolmentStatus.ENROLLED:
                    attendance = rng.choices(TrainingAttendance.values, [80, 10, 10])[0]
                    enrolled_of[party] += 1
                epk = new_id(Enrolment)
                rows[Enrolment].append(
                    (epk, pk, person, self.parties[party].pk, status, self.parties[seat].pk if seat else None, queued)
                    + (None, decided, "Not this year." if status == EnrolmentStatus.DECLINED else "", attendance,
                       queued)
                )  # fmt: skip
                counted[status] = counted.get(status, 0) + 1
                if attendance in (TrainingAttendance.PRESENT, TrainingAttendance.PARTLY):
                    issued = ends + timedelta(days=2)
                    revoked = rng.random() < 0.01
                    rows[Certificate].append(
                        (new_id(Certificate), epk, f"s{epk:010d}{rng.getrandbits(64):016x}", issued)
                        + ((issued + timedelta(days=5), "出勤记录有误。", coordinator[organiser]) if revoked
                           else (None, "", None))
                    )  # fmt: skip
                    if rng.random() < 0.3:
                        ratings = {question: rng.randint(3, 5) for question in TRAINING_QUESTIONS}
                        rows[Feedback].append((new_id(Feedback), epk, ratings, "", issued))
            locked = None
            if held and enrolled_of[other]:
                locked = min(ends + timedelta(days=2), self.now)
                sha = f"{rng.getrandbits(256):064x}"
                rows[SignOff].append(
                    (new_id(SignOff), session_type, pk, sha, f"attendance-{self.parties[other].pk}")
                    + (self.parties[other].pk, coordinator[other], Decision.APPROVED, "", locked)
                )
            status = SessionStatus.CANCELLED if cancelled else SessionStatus.SCHEDULED
            rows[TrainingSession].append(
                (pk, course, starts, ends, rng.choice(TRAINING_PLACES), "", "", opens, closes, release, approval)
                + (status, 1 if cancelled else 0, locked, None, coordinator[organiser], min(opens, self.now))
            )
        del bench_coordinator  # sees the CAS enrolments waiting for approval as every CAS coordinator does
        columns = {
            Course: ["id", "title", "title_other", "organising_party_id", "description", "audience", "prerequisites"]
            + ["contact_id", "feedback_questions", "internal", "created_by_id", "created_at", "search_text"],
            TrainingSession: ["id", "course_id", "starts_at", "ends_at", "location", "online_link"]
            + ["external_trainers", "enrolment_opens_at", "enrolment_closes_at", "release_unused_at"]
            + ["needs_approval", "status", "sequence", "attendance_locked_at", "activity_id", "created_by_id"]
            + ["created_at"],
            TrainingSession.trainers.through: ["id", "trainingsession_id", "user_id"],
            Seats: ["id", "session_id", "party_id", "reserved"],
            Enrolment: ["id", "session_id", "user_id", "party_id", "status", "seat_of_id", "queued_at"]
            + ["nominated_by_id", "decided_by_id", "comment", "attendance", "created_at"],
            Certificate: ["id", "enrolment_id", "code", "issued_at", "revoked_at", "revoked_reason", "revoked_by_id"],
            Feedback: ["id", "enrolment_id", "ratings", "comment", "created_at"],
            SignOff: ["id", "content_type_id", "object_id", "sha256", "version", "party_id", "by_id", "decision"]
            + ["comment", "at"],
        }
        for model, model_columns in columns.items():
            loader.write(model, model_columns, rows[model])
        search.refresh_search_vector(Course.objects.all())
        return f"{len(rows[Course]):,} courses, " + ", ".join(
            f"{len(rows[model]):,} {model._meta.db_table}" for model in columns if model is not Course
        )

    def _projects(self, count: int, applications: int) -> str:
        """Project support over ten years: projects of both parties with indicators and values reported, calls
        (two or three criteria, reviewers of the organiser), applications of the other party's staff reviewed
        and scored, decided in the state their dates make likely; participants and their contributions, most
        confirmed. The search text segmented as the services write it. Not linked to the ledger's activities."""
        rng, loader = self.rng, self.loader
        models_ = [SupportProject, Indicator, IndicatorValue, SupportCall, Criterion, Application, Review, Score]
        models_ += [Participant, Contribution, SupportCall.reviewers.through]
        ids = {model: loader.next_id(model) for model in models_}
        rows: dict = {model: [] for model in ids}
        other_of = {"CAS": "SIPO", "SIPO": "CAS"}
        bench_official = self.accounts["scale_sipo_official"]
        calls = []

        def new_id(model) -> int:
            return ids[model] + len(rows[model])

        for n in range(count):
            party = "CAS" if n % 2 else "SIPO"
            topic_zh, topic_en = TOPICS[n % len(TOPICS)]
            kind_zh, kind_en = PROJECT_KINDS[(n // len(TOPICS)) % len(PROJECT_KINDS)]
            chinese = rng.random() < 0.6
            title, other = (f"{kind_zh}：{topic_zh}", f"{kind_en}: {topic_en}")[:: 1 if chinese else -1]
            title, other = f"{title} {n}", other if rng.random() < 0.8 else ""
            description = PROJECT_DESCRIPTION[0 if chinese else 1].format(topic_zh if chinese else topic_en)
            created = self._when()
            starts = created.date() + timedelta(days=rng.randint(0, 60))
            ends = starts + timedelta(days=rng.choice([180, 365, 730]))
            today = self.now.date()
            if n % 50 == 0:  # a few still planned, internal to their party
                status, published = SupportStatus.PLANNED, None
            elif ends < today:
                status, published = SupportStatus.CLOSED, created + timedelta(days=3)
            elif starts > today - timedelta(days=60):
                status, published = SupportStatus.OPEN, created + timedelta(days=3)
            else:
                status, published = SupportStatus.RUNNING, created + timedelta(days=3)
            published = min(published, self.now) if published else None
            pk = new_id(SupportProject)
            coordinator = rng.choice(self.coordinators[party])
            rows[SupportProject].append(
                (pk, title, other, self.parties[party].pk, rng.choice(ProjectType.values), description, starts, ends)
                + (status, rng.choice(self.staff[party]), published, coordinator, created, created)
                + (search.segment(" ".join([title, other, description])),)
            )
            for position in range(rng.choice([1, 2, 3])):
                ipk = new_id(Indicator)
                target = Decimal(rng.choice([2, 10, 50, 500, 5000]))
                rows[Indicator].append((ipk, pk, INDICATORS[position], "", Decimal(0), target, position))
                period = starts + timedelta(days=90)
                value = Decimal(0)
                while period <= min(ends, today):
                    value = min(target, value + (target * Decimal(rng.randint(5, 40)) / 100).quantize(Decimal(1)))
                    rows[IndicatorValue].append(
                        (new_id(IndicatorValue), ipk, period, value, "", coordinator, self._moment(period))
                    )
                    period += timedelta(days=90)
            if status == SupportStatus.PLANNED:
                continue
            for c in range(rng.choice([1, 1, 2])):
                cpk = new_id(SupportCall)
                opens = timezone.make_aware(datetime.combine(starts, datetime.min.time())) + timedelta(days=30 * c)
                if status == SupportStatus.OPEN:
                    opens = min(opens, self.now - timedelta(days=rng.randint(1, 10)))
                closes = opens + timedelta(days=rng.choice([14, 21, 30]))
                places = rng.randint(1, 5)
                sought = rng.sample(Sought.values, rng.randint(1, 2))
                rows[SupportCall].append(
                    (cpk, pk, f"{title[:150]} — {CALL_TITLES[c]}", sought, description, places, opens, closes, "")
                    + (coordinator, opens - timedelta(days=2))
                )
                reviewers = rng.sample(self.staff[party], 2)
                for reviewer in reviewers:
                    rows[SupportCall.reviewers.through].append((new_id(SupportCall.reviewers.through), cpk, reviewer))
                criteria = []
                for position, name in enumerate(CRITERIA[: rng.choice([2, 3])]):
                    criteria.append(new_id(Criterion))
                    rows[Criterion].append((criteria[-1], cpk, name, position))
                calls.append((cpk, pk, party, other_of[party], places, opens, closes, reviewers, criteria, coordinator))
        mean = max(applications / max(len(calls), 1), 1)
        joined_of: dict[int, set[int]] = {}
        for cpk, pk, _party, other, places, opens, closes, reviewers, criteria, coordinator in calls:
            wanted = max(1, round(rng.uniform(0.3, 1.7) * mean))
            people = rng.sample(self.staff[other], min(wanted, 200, len(self.staff[other])))
            if other == "SIPO" and rng.random() < 0.05 and bench_official not in people:
                people[0] = bench_official
            still_open = closes > self.now
            accepted = 0
            joined = joined_of.setdefault(pk, set())  # one participant per person and project
            for position, person in enumerate(people):
                created = opens + (closes - opens) * (position + rng.random()) / (len(people) + 1)
                roll = rng.random()
                if roll < 0.1:
                    status, submitted = ApplicationStatus.DRAFT, None
                elif roll < 0.14:
                    status, submitted = ApplicationStatus.WITHDRAWN, created
                else:
                    status, submitted = ApplicationStatus.SUBMITTED, created
                reviewed = status == ApplicationStatus.SUBMITTED and not still_open
                decided_at = decided_by = None
                comment = ""
                if reviewed and closes + timedelta(days=14) < self.now:
                    decided_at, decided_by = closes + timedelta(days=rng.randint(3, 14)), coordinator
                    if accepted < places and person not in joined and rng.random() < 0.6:
                        status, accepted = ApplicationStatus.ACCEPTED, accepted + 1
                    elif rng.random() < 0.3:
                        status = ApplicationStatus.WAITLISTED
                    else:
                        status, comment = ApplicationStatus.DECLINED, "名额有限。"
                apk = new_id(Application)
                rows[Application].append(
                    (apk, cpk, person, self.parties[other].pk, status, "长期从事相关领域的专利分析工作。")
                    + ("十个专家工作日。", submitted, decided_at, decided_by, comment, created, decided_at or created)
                )
                if reviewed:
                    for reviewer in reviewers:
                        done = rng.random() < 0.9 or decided_at is not None
                        rpk = new_id(Review)
                        at = closes + timedelta(days=rng.randint(1, 3)) if done else None
                        rows[Review].append((rpk, apk, reviewer, "", at, closes))
                        for criterion in criteria:
                            rows[Score].append((new_id(Score), rpk, criterion, rng.randint(2, 5), ""))
                if status == ApplicationStatus.ACCEPTED:
                    joined.add(person)
                    ppk = new_id(Participant)
                    rows[Participant].append((ppk, pk, person, self.parties[other].pk, apk, decided_at))
                    self._contributions(rows, new_id, pk, ppk, person, other, coordinator, decided_at)
        columns = {
            SupportProject: ["id", "title", "title_other", "organising_party_id", "project_type", "description"]
            + ["starts_on", "ends_on", "status", "contact_id", "published_at", "created_by_id", "created_at"]
            + ["updated_at", "search_text"],
            Indicator: ["id", "project_id", "name", "unit", "baseline", "target", "position"],
            IndicatorValue: ["id", "indicator_id", "period_end", "value", "note", "reported_by_id", "reported_at"],
            SupportCall: ["id", "project_id", "title", "sought", "description", "places", "opens_at", "closes_at"]
            + ["departments", "created_by_id", "created_at"],
            SupportCall.reviewers.through: ["id", "call_id", "user_id"],
            Criterion: ["id", "call_id", "name", "position"],
            Application: ["id", "call_id", "applicant_id", "party_id", "status", "motivation", "contribution"]
            + ["submitted_at", "decided_at", "decided_by_id", "decision_comment", "created_at", "updated_at"],
            Review: ["id", "application_id", "reviewer_id", "comment", "submitted_at", "created_at"],
            Score: ["id", "review_id", "criterion_id", "score", "comment"],
            Participant: ["id", "project_id", "user_id", "party_id", "application_id", "joined_at"],
            Contribution: ["id", "project_id", "participant_id", "party_id", "kind", "on", "quantity", "description"]
            + ["status", "confirmed_at", "confirmed_by_id", "activity_id", "created_by_id", "created_at"]
            + ["updated_at"],
        }
        for model, model_columns in columns.items():
            loader.write(model, model_columns, rows[model])
        search.refresh_search_vector(SupportProject.objects.all())
        return f"{len(rows[SupportProject]):,} projects, " + ", ".join(
            f"{len(rows[model]):,} {model._meta.db_table}" for model in columns if model is not SupportProject
        )

    def _contributions(self, rows, new_id, project, participant, person, party, coordinator, joined) -> None:
        """A participant's contributions after they joined, most confirmed by the organiser's coordinator."""
        rng = self.rng
        for _ in range(rng.randint(0, 3)):
            at = joined + timedelta(days=rng.randint(1, 200))
            if at >= self.now:
                continue
            confirmed = at + timedelta(days=rng.randint(1, 10)) if rng.random() < 0.8 else None
            confirmed = confirmed if confirmed and confirmed < self.now else None
            status = ContributionStatus.CONFIRMED if confirmed else rng.choice(
                [ContributionStatus.RECORDED, ContributionStatus.RETURNED])  # fmt: skip
            rows[Contribution].append(
                (
                    new_id(Contribution),
                    project,
                    participant,
                    self.parties[party].pk,
                    rng.choice(ContributionKind.values),
                )
                + (at.date(), Decimal(rng.randint(1, 10)), "专家咨询与数据分析。", status, confirmed)
                + (coordinator if confirmed else None, None, person, at, confirmed or at)
            )

    def _moment(self, day: date) -> datetime:
        return min(timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=10), self.now)

    def _notifications(self, count: int) -> str:
        rng, loader = self.rng, self.loader
        if not self.shared_activities:
            return "no activity to notify about"
        activity_type = ContentType.objects.get_for_model(Activity).pk
        first_outbox, first_notification = loader.next_id(OutboxMessage), loader.next_id(Notification)
        coordinators = self.coordinators["CAS"] + self.coordinators["SIPO"]
        everyone = self.staff["CAS"] + self.staff["SIPO"]
        inbox_owners = [self.accounts["scale_sipo_official"], self.accounts["scale_cas_coordinator"]]
        outbox, notifications = [], []
        for n in range(count):
            roll = rng.random()
            # Coordinators hear of most things; the two benchmark accounts get a deep inbox each.
            if roll < 0.04:
                recipient = rng.choice(inbox_owners)
            elif roll < 0.5:
                recipient = rng.choice(coordinators)
            else:
                recipient = rng.choice(everyone)
            kind = rng.choice(NOTIFYING)
            activity, title, area = rng.choice(self.shared_activities)
            at = self._when(growth=1.5)
            channel = rng.choices(Channel.values, [60, 25, 15])[0]
            params = {"title": title, "actor": "王伟" if n % 2 else "Alex Chen", "comment": "—"}
            outbox.append(
                (first_outbox + n, kind.key, recipient, activity_type, activity, params, area, "", channel)
                + (OutboxStatus.SENT, 1, "", at, at, at)
            )
            read = at + timedelta(hours=rng.randint(1, 96)) if rng.random() < 0.75 else None
            url = reverse("activities:detail", args=[activity])
            notifications.append(
                (first_notification + n, recipient, first_outbox + n, kind.key, params, url, area, channel, None, at)
                + (read if read is None or read < self.now else self.now,)
            )
        loader.write(
            OutboxMessage,
            ["id", "kind", "recipient_id", "target_type_id", "target_id", "params", "area", "dedupe_key", "channel"]
            + ["status", "attempts", "last_error", "created_at", "next_attempt_at", "sent_at"],
            outbox,
        )
        loader.write(
            Notification,
            ["id", "recipient_id", "outbox_id", "kind", "params", "url", "area", "channel", "digest_id", "created_at"]
            + ["read_at"],
            notifications,
        )
        return f"{len(notifications):,} notifications (and their sent outbox rows)"

    def _search_texts(self) -> str:
        """The search columns of the ledger, meetings, approved minutes and calls, as their services write them
        (a meeting's agenda left out). The seed's texts come from a few templates: each distinct text is
        segmented once and written to all its rows by one UPDATE."""
        sources = [
            (Activity, "t.title || ' ' || t.title_other || ' ' || t.description || ' ' || t.location", "", ""),
            (Meeting, "t.title || ' ' || t.title_other || ' ' || t.location", "", ""),
            (Minutes, "r.text", f", {MinutesRevision._meta.db_table} r", "r.id = t.approved_revision_id AND "),
            (SupportCall, "t.title || ' ' || t.description", "", ""),
        ]
        search.segment("预热")
        written = []
        with connection.cursor() as cursor:
            for model, text, joined, join_on in sources:
                table = model._meta.db_table
                cursor.execute(f"SELECT DISTINCT {text} FROM {table} t{joined} WHERE {join_on}TRUE")
                texts = [row[0] for row in cursor.fetchall()]
                for start in range(0, len(texts), 5000):
                    chunk = texts[start : start + 5000]
                    values = ", ".join(["(%s, %s)"] * len(chunk))
                    params = [value for source in chunk for value in (source, search.segment(source))]
                    # A CTE and UPDATE … FROM: the same statement on PostgreSQL and SQLite (the seed's tests).
                    cursor.execute(
                        f"WITH v(source, segmented) AS (VALUES {values}) UPDATE {table} AS t"
                        f" SET search_text = v.segmented FROM v{joined} WHERE {join_on}{text} = v.source",
                        params,
                    )
                search.refresh_search_vector(model.objects.exclude(search_text=""))
                written.append(f"{table} ({len(texts):,} distinct texts)")
        return ", ".join(written)

    def _analyze(self) -> str:
        seeded = list(self.loader.counts)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), _seeded_models()):
                cursor.execute(sql)
            # The search vector was a second write of every document (and project) row: compact the table as
            # one filled record by record would be, or each scan reads twice the pages (not possible inside a
            # test's transaction, where it does not matter).
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                for model in self.compacted:
                    cursor.execute(f"VACUUM (FULL) {connection.ops.quote_name(model._meta.db_table)}")
            cursor.execute("ANALYZE")
        # The rows were written around the services: counts cached for the data this replaced are wrong.
        cache.clear()
        compacted = ", ".join(model._meta.db_table for model in self.compacted)
        return f"sequences reset, {compacted} compacted, statistics of {len(seeded)} tables (and the rest) refreshed"


def _seeded_models():
    return [
        User,
        User.groups.through,
        Activity,
        Activity.participants.through,
        StatusChange,
        Document,
        DocumentVersion,
        Document.tags.through,
        Meeting,
        Meeting.materials.through,
        Attendance,
        AgendaItem,
        Minutes,
        MinutesRevision,
        SignOff,
        ActionItem,
        *_research_models(),
        *_training_models(),
        *_projects_models(),
        OutboxMessage,
        Notification,
    ]


def _research_models():
    return [
        ResearchProject,
        ResearchProject.documents.through,
        TeamMember,
        Milestone,
        Deliverable,
        PlanVersion,
        StatusReport,
    ]


def _training_models():
    return [
        Course,
        Course.materials.through,
        TrainingSession,
        TrainingSession.trainers.through,
        Seats,
        Enrolment,
        Certificate,
        Feedback,
    ]


def _projects_models():
    return [
        SupportProject,
        SupportProject.documents.through,
        Indicator,
        IndicatorValue,
        SupportCall,
        SupportCall.reviewers.through,
        Criterion,
        Application,
        Application.team.through,
        Application.attachments.through,
        Review,
        Score,
        Participant,
        Contribution,
        Contribution.evidence.through,
    ]
