"""Demo project support for `seed_demo`: a SIPO project open for participation, its indicators reported on, with
an open call whose CAS applications are in review (one scored by one reviewer); and a running CAS project with
SIPO participants, their contributions confirmed (so the ledger holds them) and one waiting for confirmation.
Made through the services like real ones, so that the inboxes, the sign-offs and the ledger hold what those
record."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from protocol.parties import services as parties
from protocol.parties.models import Party, User
from protocol.parties.roles import Role

from . import services
from .models import (
    Application,
    Call,
    Contribution,
    Criterion,
    Indicator,
    IndicatorValue,
    Participant,
    Project,
    ProjectStatus,
    ProjectType,
    Review,
    Score,
)
from .services import ApplicationFields, CallFields, ContributionFields, IndicatorRow, ProjectFields

# The projects by title; a title found in the database is not made again.
NAVIGATION = "专利导航：新能源汽车产业"
DATA_SHARING = "科研机构专利运营数据共享"
TITLES = [NAVIGATION, DATA_SHARING]

# A second SIPO reviewer beside the SIPO official. It cannot sign in (no password): it is there to review.
STAFF = [("projects_sipo_reviewer", "吴海燕", "SIPO")]


def seed_projects(*, personas: dict) -> int:
    """Create the demo projects that do not exist yet; returns how many rows of the area it made."""
    existing = set(Project.objects.filter(title__in=TITLES).values_list("title", flat=True))
    p = personas | {username: _staff(username, name, party) for username, name, party in STAFF}
    makers = {NAVIGATION: _navigation, DATA_SHARING: _data_sharing}
    before = _rows()
    for title, make in makers.items():
        if title not in existing:
            make(p)
    return _rows() - before


def _rows() -> int:
    models = (Project, Indicator, IndicatorValue, Call, Criterion, Application, Review, Score, Participant,
              Contribution)  # fmt: skip
    return sum(model.objects.count() for model in models)


def _navigation(p: dict) -> None:
    """SIPO's project, open for participation: two indicators with values reported, an open call (two criteria,
    two places) with two CAS applications in review, one of them scored by one of its two reviewers."""
    today = timezone.localdate()
    project = _project(
        p,
        by="sipo_coordinator",
        contact="sipo_official",
        fields=ProjectFields(
            title=NAVIGATION,
            title_other="Patent navigation: the new-energy vehicle industry",
            project_type=ProjectType.PATENT_NAVIGATION,
            description="梳理新能源汽车动力电池、电驱动与智能网联领域的专利布局，为产业规划提供专利导航报告。",
            starts_on=today - timedelta(days=90),
            ends_on=today + timedelta(days=275),
            indicators=[
                IndicatorRow(name="分析专利族 Patent families analysed", unit="件", target=Decimal(5000)),
                IndicatorRow(name="导航报告 Navigation reports", unit="份", target=Decimal(2)),
            ],
        ),
    )
    families, reports = project.indicators.all()
    for days, value in ((60, 800), (30, 1900)):
        services.indicator_report(indicator=families, by=p["sipo_official"], period_end=today - timedelta(days=days),
                                  value=Decimal(value), note="")  # fmt: skip
    services.indicator_report(indicator=reports, by=p["sipo_official"], period_end=today - timedelta(days=30),
                              value=Decimal(0), note="第一份报告正在撰写。")  # fmt: skip
    now = timezone.now().replace(second=0, microsecond=0)
    call = services.call_create(
        project=project,
        by=p["sipo_coordinator"],
        fields=CallFields(
            title="征集动力电池专利分析专家",
            description="邀请中科院相关研究所的专家参与动力电池专利分析，每位专家约投入十个工作日。",
            places=2,
            opens_at=now - timedelta(days=7),
            closes_at=now + timedelta(days=14),
            sought=["experts", "analysis"],
            reviewers=[p["sipo_official"], p["projects_sipo_reviewer"]],
            criteria=["专业能力 Expertise", "可投入时间 Availability"],
        ),
    )
    scored = _apply(call, p["cas_official"], "长期从事锂电池材料的专利分析。", "十个专家工作日，负责正极材料部分。")
    _apply(call, p["cas_docadmin"], "负责所内专利数据库建设。", "提供检索式与数据清洗。")
    _score(scored, p["sipo_official"], (5, 4), comment="经验丰富，时间安排合适。")


def _data_sharing(p: dict) -> None:
    """CAS's project, running: two SIPO participants accepted; two contributions confirmed (in the ledger),
    one waiting for the CAS coordinator's confirmation."""
    today = timezone.localdate()
    project = _project(
        p,
        by="cas_coordinator",
        contact="cas_official",
        fields=ProjectFields(
            title=DATA_SHARING,
            title_other="Sharing patent exploitation data of research institutes",
            project_type=ProjectType.IP_ANALYSIS,
            description="汇集中科院各研究所专利许可与转让数据，与国知局共同评估科研机构专利运营成效。",
            starts_on=today - timedelta(days=120),
            ends_on=today + timedelta(days=240),
            indicators=[IndicatorRow(name="覆盖研究所 Institutes covered", unit="个", target=Decimal(30))],
        ),
    )
    now = timezone.now().replace(second=0, microsecond=0)
    call = services.call_create(
        project=project,
        by=p["cas_coordinator"],
        fields=CallFields(
            title="征集专利运营数据分析人员",
            description="邀请国知局相关部门人员参与数据分析与评估方法设计。",
            places=2,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=1),
            sought=["data", "analysis"],
            reviewers=[p["cas_official"]],
            criteria=["相关经验 Experience"],
        ),
    )
    applications = [
        _apply(call, p["sipo_official"], "负责专利运营统计工作。", "提供全国专利许可备案数据。"),
        _apply(call, p["sipo_docadmin"], "熟悉专利文献数据加工。", "数据清洗与指标计算。"),
    ]
    for application in applications:
        _score(application, p["cas_official"], (5,), comment="")
        services.application_decide(application=application, by=p["cas_coordinator"], decision="accepted", comment="")
    # Applications are made while a call is open; the demo then moves the call into the past, closed.
    Call.objects.filter(pk=call.pk).update(opens_at=now - timedelta(days=100), closes_at=now - timedelta(days=80))
    services.project_advance(project=project, by=p["cas_coordinator"], to=ProjectStatus.RUNNING)
    done = [
        (p["sipo_official"], "data_set", 40, Decimal(1), "2016—2025 年专利许可备案数据（中科院部分）。"),
        (p["sipo_official"], "expert_days", 20, Decimal(3), "评估指标体系研讨三天。"),
    ]
    for person, kind, days_ago, quantity, description in done:
        contribution = _contribute(project, person, kind, today - timedelta(days=days_ago), quantity, description)
        version = services.contribution_version(contribution)
        services.contribution_confirm(contribution=contribution, by=p["cas_coordinator"], sha256=version.sha256)
    _contribute(project, p["sipo_docadmin"], "analysis", today - timedelta(days=5), Decimal(1),
                "转让数据清洗与去重。")  # fmt: skip


def _project(p: dict, *, by: str, contact: str, fields: ProjectFields) -> Project:
    coordinator = p[by]
    fields = replace(fields, contact=p[contact])
    project = services.project_create(by=coordinator, fields=fields)
    project = services.project_publish(project=project, by=coordinator)
    return services.project_advance(project=project, by=coordinator, to=ProjectStatus.OPEN)


def _apply(call: Call, person: User, motivation: str, contribution: str):
    return services.application_start(
        call=call, by=person, fields=ApplicationFields(motivation=motivation, contribution=contribution), submit=True
    )


def _score(application, reviewer: User, values: tuple[int, ...], *, comment: str) -> None:
    criteria = list(application.call.criteria.all())
    scores = {criterion.pk: (value, "") for criterion, value in zip(criteria, values, strict=True)}
    services.review_save(application=application, by=reviewer, scores=scores, comment=comment, submit=True)


def _contribute(project: Project, person: User, kind: str, on, quantity: Decimal, description: str):
    fields = ContributionFields(kind=kind, on=on, description=description, quantity=quantity)
    return services.contribution_record(project=project, by=person, fields=fields)


def _staff(username: str, full_name: str, party_code: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "party": Party.objects.get(code=party_code),
            "email": f"{username}@example.org",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.set([Group.objects.get_or_create(name=Role.OFFICIAL)[0]])
        parties.user_index_name(user=user)
    return user
