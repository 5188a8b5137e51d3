"""Demo research projects for `seed_demo`: one in every state, made through the services like real ones, so
that the plans' sign-offs, the ledger and the inboxes hold what those steps record and notify."""

from datetime import timedelta

from django.utils import timezone

from cooperation.documents.demo import demo_document

from . import services
from .models import ReportStatus, ResearchProject, TeamRole
from .services import DeliverableRow, Member, MilestoneRow, ProjectFields

# The projects by title; a title found in the database is not made again.
DRAFT = "人工智能生成内容专利保护问题研究"
PROPOSED = "Patent landscape of solid-state batteries"
CHANGES_REQUESTED = "集成电路产业专利导航分析"
APPROVED = "Standard-essential patents in 5G communications"
ACTIVE = "新能源汽车动力电池专利态势联合分析"
AMENDMENT = "Patent analysis of gene editing technologies"
COMPLETED = "量子计算专利技术发展态势研究"
WITHDRAWN = "Patent information services for small and medium enterprises"
CANCELLED = "海洋工程装备专利预警分析"
TITLES = [DRAFT, PROPOSED, CHANGES_REQUESTED, APPROVED, ACTIVE, AMENDMENT, COMPLETED, WITHDRAWN, CANCELLED]

# The deliverables' files, documents of the research area shared with both parties (title, file name, text).
INTERIM_REPORT = (
    "新能源汽车动力电池专利态势中期分析报告",
    "动力电池专利态势中期报告.txt",
    "本报告分析了2015年以来动力电池领域的专利申请趋势、主要申请人和技术构成，供双方项目组审阅。",
)
GENE_DATA = (
    "Gene editing patent data set (interim)",
    "gene-editing-patent-data-set.txt",
    "Patent families on CRISPR and base editing filed since 2012, with their IPC classes and applicants.",
)
QUANTUM_REPORT = (
    "量子计算专利技术发展态势研究报告",
    "量子计算专利态势研究报告.txt",
    "本报告对量子计算领域的全球专利布局、核心技术路线和重点申请人进行了战略分析，经双方项目负责人验收。",
)


def seed_research(*, personas: dict) -> int:
    """Create the demo projects that do not exist yet; returns how many were created."""
    existing = set(ResearchProject.objects.filter(title__in=TITLES).values_list("title", flat=True))
    makers = {
        DRAFT: _draft,
        PROPOSED: _proposed,
        CHANGES_REQUESTED: _changes_requested,
        APPROVED: _approved,
        ACTIVE: _active,
        AMENDMENT: _amendment,
        COMPLETED: _completed,
        WITHDRAWN: _withdrawn,
        CANCELLED: _cancelled,
    }
    for title, make in makers.items():
        if title not in existing:
            make(personas)
    return len(set(TITLES) - existing)


# --- One maker per state ---


def _draft(p: dict) -> ResearchProject:
    """Being written by CAS: only CAS sees it; no SIPO principal investigator named yet."""
    return _create(
        p,
        by=p["cas_official"],
        title=DRAFT,
        title_other="IP protection of AI-generated content",
        start=-30,
        months=12,
        team=[Member(user=p["cas_official"], role=TeamRole.PRINCIPAL_INVESTIGATOR)],
        technology_field="人工智能",
        ipc_classes="G06N G06F",
        milestones=[("研究框架确定", -60, "cas_official"), ("研究报告初稿", -300, "cas_official")],
    )


def _proposed(p: dict) -> ResearchProject:
    """Led by SIPO, proposed: SIPO's coordinator approved it, CAS's has yet to decide."""
    project = _create(
        p,
        by=p["sipo_official"],
        title=PROPOSED,
        title_other="固态电池专利态势分析",
        start=-15,
        months=10,
        technology_field="Energy storage",
        ipc_classes="H01M",
        milestones=[("Search strategy agreed", -75, "sipo_official"), ("Landscape report", -280, "cas_official")],
        deliverables=[("Solid-state battery patent landscape report", -290)],
    )
    project = services.project_propose(project=project, by=p["sipo_official"])
    return _approve(project, p["sipo_coordinator"])


def _changes_requested(p: dict) -> ResearchProject:
    """CAS approved the plan; SIPO asked for changes, so it is back with those who run it."""
    project = _create(
        p,
        by=p["cas_official"],
        title=CHANGES_REQUESTED,
        title_other="Patent navigation for the integrated circuit industry",
        start=-10,
        months=12,
        technology_field="集成电路",
        ipc_classes="H01L G06F",
        milestones=[("检索策略确定", -70, "cas_official"), ("数据清洗完成", -180, "sipo_docadmin")],
        deliverables=[("集成电路专利导航分析报告", -350)],
    )
    project = services.project_propose(project=project, by=p["cas_official"])
    project = _approve(project, p["cas_coordinator"])
    return services.project_request_plan_changes(
        project=project,
        version=project.plan_version.number,
        by=p["sipo_coordinator"],
        comment="请补充我局审查数据的使用方式，并将数据清洗节点提前一个月。",
    )


def _approved(p: dict) -> ResearchProject:
    """Both parties approved the plan; it starts in three weeks."""
    project = _create(
        p,
        by=p["sipo_official"],
        title=APPROVED,
        title_other="5G通信标准必要专利研究",
        start=-20,
        months=12,
        technology_field="5G communications",
        ipc_classes="H04W H04L",
        milestones=[
            ("Standards and declarations mapped", -80, "sipo_official"),
            ("Final report", -340, "cas_official"),
        ],
        deliverables=[("Report on standard-essential patents in 5G", -355)],
    )
    return _agree(project, p)


def _active(p: dict) -> ResearchProject:
    """Running for five months: the first milestone done, the second slipped past its date, the interim report
    sent back with fixes requested by SIPO's principal investigator; two status reports."""
    project = _create(
        p,
        by=p["cas_official"],
        title=ACTIVE,
        title_other="Joint patent landscape of power batteries for new energy vehicles",
        start=150,
        months=14,
        technology_field="新能源汽车",
        ipc_classes="H01M B60L",
        milestones=[
            ("检索策略与数据范围确定", 120, "cas_official"),
            ("专利数据清洗与标引完成", 20, "sipo_official"),
            ("中期分析报告", -40, "cas_docadmin"),
            ("最终报告定稿", -250, "cas_official"),
        ],
        deliverables=[("中期分析报告", -40), ("动力电池专利态势分析报告（终稿）", -260)],
    )
    project = _agree(project, p)
    project = services.project_start(project=project, by=p["cas_official"])
    first = project.milestones.order_by("due_date").first()
    services.milestone_complete(
        milestone=first, by=p["cas_official"], done_on=first.due_date + timedelta(days=3), note="双方确认检索式。"
    )
    _report(project, p["cas_official"], days=100, status=ReportStatus.ON_TRACK, text="检索策略已确定，数据下载进行中。")
    _report(
        project,
        p["sipo_official"],
        days=7,
        status=ReportStatus.AT_RISK,
        text="Data cleaning is three weeks behind: the 2024 publications arrived late.",
    )
    interim = project.deliverables.order_by("due_date").first()
    document = demo_document(p["cas_docadmin"], *INTERIM_REPORT, language="zh")
    interim = services.deliverable_submit(deliverable=interim, by=p["cas_official"], document=document)
    services.deliverable_request_fixes(
        deliverable=interim,
        by=p["sipo_official"],
        version=interim.version.label,
        comment="Please add the applicants' ranking for 2024 and the legal status of the core patents.",
    )
    return project


def _amendment(p: dict) -> ResearchProject:
    """Led by SIPO and running on its baseline; an amendment moving the report a month later is proposed and
    waits for both coordinators. The interim data set is accepted by SIPO's PI and waits for CAS's."""
    project = _create(
        p,
        by=p["sipo_official"],
        title=AMENDMENT,
        title_other="基因编辑技术专利分析",
        start=90,
        months=12,
        technology_field="Biotechnology",
        ipc_classes="C12N A61K",
        milestones=[
            ("Patent families collected", 60, "sipo_official"),
            ("Interim data set", -30, "sipo_docadmin"),
            ("Analysis report", -200, "cas_official"),
        ],
        deliverables=[("Interim data set", -30), ("Gene editing patent analysis report", -250)],
    )
    project = _agree(project, p)
    project = services.project_start(project=project, by=p["sipo_official"])
    first = project.milestones.order_by("due_date").first()
    services.milestone_complete(milestone=first, by=p["sipo_official"], done_on=first.due_date, note="1,240 families.")
    _report(project, p["sipo_official"], days=20, status=ReportStatus.ON_TRACK, text="Families collected on time.")
    data_set = project.deliverables.order_by("due_date").first()
    document = demo_document(p["sipo_docadmin"], *GENE_DATA, language="en")
    data_set = services.deliverable_submit(deliverable=data_set, by=p["sipo_official"], document=document)
    services.deliverable_accept(deliverable=data_set, by=p["sipo_official"], version=data_set.version.label)
    # The amendment: the analysis report a month later, everything else as agreed.
    project = ResearchProject.objects.get(pk=project.pk)
    report = project.milestones.get(title="Analysis report")
    rows = services.plan_rows_of(project, due={report.title: report.due_date + timedelta(days=30)})
    services.project_update(project=project, by=p["sipo_official"], fields=_fields_of(project, **rows))
    return services.project_propose(project=project, by=p["sipo_official"])


def _completed(p: dict) -> ResearchProject:
    """Ran for a year and ended last month: every milestone done, the report accepted by both PIs."""
    project = _create(
        p,
        by=p["cas_official"],
        title=COMPLETED,
        title_other="Patent landscape of quantum computing",
        start=420,
        months=12,
        technology_field="量子计算",
        ipc_classes="G06N H04L",
        milestones=[
            ("检索策略确定", 380, "cas_official"),
            ("专利数据集完成", 250, "sipo_official"),
            ("研究报告定稿", 70, "cas_official"),
        ],
        deliverables=[("量子计算专利技术发展态势研究报告", 60)],
    )
    project = _agree(project, p)
    project = services.project_start(project=project, by=p["cas_official"])
    for milestone in project.milestones.order_by("due_date"):
        services.milestone_complete(
            milestone=milestone, by=milestone.owner, done_on=milestone.due_date - timedelta(days=2)
        )
    _report(project, p["cas_official"], days=200, status=ReportStatus.ON_TRACK, text="数据集已按期完成。")
    _report(project, p["sipo_official"], days=65, status=ReportStatus.ON_TRACK, text="The final report is agreed.")
    report = project.deliverables.get()
    document = demo_document(p["cas_docadmin"], *QUANTUM_REPORT, language="zh")
    report = services.deliverable_submit(deliverable=report, by=p["cas_official"], document=document)
    for pi in (p["cas_official"], p["sipo_official"]):
        services.deliverable_accept(deliverable=report, by=pi, version=report.version.label)
    return services.project_complete(project=project, by=p["cas_official"])


def _withdrawn(p: dict) -> ResearchProject:
    project = _create(
        p,
        by=p["sipo_official"],
        title=WITHDRAWN,
        title_other="面向中小企业的专利信息服务研究",
        start=-10,
        months=8,
        milestones=[("Survey of enterprises", -40, "sipo_official")],
    )
    project = services.project_propose(project=project, by=p["sipo_official"])
    return services.project_end(
        project=project, by=p["sipo_official"], reason="Merged into the annual patent information services plan."
    )


def _cancelled(p: dict) -> ResearchProject:
    project = _create(
        p,
        by=p["cas_official"],
        title=CANCELLED,
        title_other="Patent early warning for marine engineering equipment",
        start=100,
        months=12,
        technology_field="海洋工程",
        ipc_classes="B63B E02B",
        milestones=[("预警指标体系确定", 50, "cas_official")],
    )
    project = _agree(project, p)
    project = services.project_start(project=project, by=p["cas_official"])
    return services.project_end(
        project=project, by=p["cas_official"], reason="牵头研究所调整科研任务，经双方协商终止本项目。"
    )


# --- Helpers ---


def _create(
    p: dict,
    *,
    by,
    title: str,
    title_other: str,
    start: int,
    months: int,
    milestones: list[tuple[str, int, str]],
    deliverables: list[tuple[str, int]] = (),
    team: list[Member] | None = None,
    technology_field: str = "",
    ipc_classes: str = "",
) -> ResearchProject:
    """A project that started `start` days ago (ahead for a negative number) and runs `months` months; its
    milestones and deliverables are due so many days ago (ahead: negative), their owners named by persona."""
    today = timezone.localdate()
    start_date = today - timedelta(days=start)
    chinese = any("\u4e00" <= character <= "\u9fff" for character in title)
    return services.project_create(
        by=by,
        fields=ProjectFields(
            title=title,
            title_other=title_other,
            technology_field=technology_field,
            ipc_classes=ipc_classes,
            objectives=(
                "联合开展专利态势分析，梳理技术发展路线、主要申请人和专利布局，为双方决策提供参考。"
                if chinese
                else "Jointly analyse the patent landscape: technology trends, main applicants and filing strategies."
            ),
            expected_outputs="分析报告一份，数据集一套。" if chinese else "An analysis report and its data set.",
            start_date=start_date,
            end_date=start_date + timedelta(days=round(months * 30.5)),
            team=team if team is not None else _team(p),
            milestones=[
                MilestoneRow(title=name, due_date=today - timedelta(days=days), owner=p[owner])
                for name, days, owner in milestones
            ],
            deliverables=[
                DeliverableRow(title=name, due_date=today - timedelta(days=days)) for name, days in deliverables
            ],
        ),
    )


def _team(p: dict) -> list[Member]:
    """A principal investigator of each party, and a member of each party's library staff as analysts."""
    return [
        Member(user=p["cas_official"], role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=p["cas_official"].party_id),
        Member(user=p["sipo_official"], role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=p["sipo_official"].party_id),
        Member(user=p["cas_docadmin"], role=TeamRole.RESEARCHER),
        Member(user=p["sipo_docadmin"], role=TeamRole.ANALYST),
    ]


def _approve(project: ResearchProject, coordinator) -> ResearchProject:
    project = ResearchProject.objects.select_related("plan_version").get(pk=project.pk)
    return services.project_approve_plan(project=project, version=project.plan_version.number, by=coordinator)


def _agree(project: ResearchProject, p: dict) -> ResearchProject:
    """Proposed by its creator and approved by both parties' coordinators: its first baseline."""
    project = services.project_propose(project=project, by=project.created_by)
    for coordinator in (p["cas_coordinator"], p["sipo_coordinator"]):
        project = _approve(project, coordinator)
    return project


def _report(project: ResearchProject, by, *, days: int, status: str, text: str) -> None:
    as_of = timezone.localdate() - timedelta(days=days)
    services.status_report_post(project=project, by=by, as_of=as_of, status=status, text=text)


def _fields_of(project: ResearchProject, **changes) -> ProjectFields:
    """The project's fields as they stand, with `changes`: what an edit that touches only those sends."""
    members = project.team.select_related("user")
    return ProjectFields(
        title=project.title,
        title_other=project.title_other,
        topic=project.topic,
        technology_field=project.technology_field,
        ipc_classes=project.ipc_classes,
        objectives=project.objectives,
        expected_outputs=project.expected_outputs,
        start_date=project.start_date,
        end_date=project.end_date,
        internal=project.internal,
        team=[Member(user=m.user, role=m.role, party_id=m.party_id) for m in members],
        documents=list(project.documents.all()),
        **changes,
    )
