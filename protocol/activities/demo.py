"""Plausible demo activities for `seed_demo`, created through the services like real ones."""

from datetime import timedelta

from django.utils import timezone

from protocol.areas import Area
from protocol.parties.models import Party

from . import services
from .models import Activity, Kind

A, K = Area, Kind
ACTIVITIES = [
    (A.DOCUMENTS, K.EXCHANGE, "专利文献数据交换（第一批）", "北京"),
    (A.DOCUMENTS, K.EXCHANGE, "Exchange of standards and policy documents", "Online"),
    (A.DOCUMENTS, K.WORKSHOP, "专利信息资源共享研讨会", "北京 中关村"),
    (A.DOCUMENTS, K.VISIT, "Visit to the SIPO patent documentation centre", "Beijing"),
    (A.DOCUMENTS, K.EXCHANGE, "科技文献与专利数据库互访账号开通", "线上"),
    (A.DOCUMENTS, K.OTHER, "Joint catalogue of shared analysis reports", "Online"),
    (A.DOCUMENTS, K.EXCHANGE, "中科院机构知识库专利数据对接", "北京"),
    (A.DOCUMENTS, K.WORKSHOP, "Workshop on patent data quality", "Shanghai"),
    (A.RESEARCH, K.JOINT_ANALYSIS, "人工智能领域专利态势联合分析", "北京"),
    (A.RESEARCH, K.JOINT_ANALYSIS, "Strategic analysis of new-energy battery patents", "Hefei"),
    (A.RESEARCH, K.MEETING, "集成电路产业专利导航项目启动会", "上海"),
    (A.RESEARCH, K.JOINT_ANALYSIS, "Patent landscape of gene-editing technologies", "Beijing"),
    (A.RESEARCH, K.WORKSHOP, "量子信息技术专利分析中期评审", "合肥"),
    (A.RESEARCH, K.JOINT_ANALYSIS, "Joint report on high-value patent cultivation", "Online"),
    (A.RESEARCH, K.VISIT, "赴中科院深圳先进院调研专利转化", "深圳"),
    (A.RESEARCH, K.OTHER, "Review of the joint research agenda for next year", "Beijing"),
    (A.TRAINING, K.TRAINING_SESSION, "专利检索与分析实务培训班", "北京"),
    (A.TRAINING, K.TRAINING_SESSION, "Training on patent drafting for research institutes", "Wuhan"),
    (A.TRAINING, K.TRAINING_SESSION, "知识产权运营管理人员培训", "成都"),
    (A.TRAINING, K.WORKSHOP, "Seminar on examination guidelines for AI inventions", "Online"),
    (A.TRAINING, K.TRAINING_SESSION, "科研院所专利管理骨干研修班", "广州"),
    (A.TRAINING, K.TRAINING_SESSION, "Patent information literacy course for graduate students", "Beijing"),
    (A.TRAINING, K.OTHER, "培训课程资源互认与共享", "线上"),
    (A.TRAINING, K.TRAINING_SESSION, "Training of trainers on patent search tools", "Nanjing"),
    (A.COMMUNICATION, K.MEETING, "联合工作组第一次会议", "北京"),
    (A.COMMUNICATION, K.MEETING, "Liaison meeting on the annual work plan", "Beijing"),
    (A.COMMUNICATION, K.MEETING, "知识产权工作季度交流会", "北京"),
    (A.COMMUNICATION, K.VISIT, "Exchange visit of the IP offices of CAS institutes", "Shanghai"),
    (A.COMMUNICATION, K.MEETING, "联合工作组第二次会议", "线上"),
    (A.COMMUNICATION, K.MEETING, "Year-end review of the cooperation protocol", "Beijing"),
    (A.COMMUNICATION, K.OTHER, "建立联络员制度并交换联系人名单", "北京"),
    (A.COMMUNICATION, K.MEETING, "Briefing on revisions to the Patent Law implementing rules", "Online"),
    (A.PROJECTS, K.OTHER, "参与国家知识产权局专利转化专项计划", "北京"),
    (A.PROJECTS, K.MEETING, "Call for participation: patent pools for key technologies", "Beijing"),
    (A.PROJECTS, K.JOINT_ANALYSIS, "支持中科院高价值专利培育示范项目", "北京"),
    (A.PROJECTS, K.WORKSHOP, "Workshop for the IP-intensive industries project", "Suzhou"),
    (A.PROJECTS, K.OTHER, "知识产权强国建设试点项目申报辅导", "天津"),
    (A.PROJECTS, K.VISIT, "Site visit to the technology transfer demonstration project", "Xi'an"),
    (A.PROJECTS, K.OTHER, "专利开放许可试点项目合作", "北京"),
    (A.PROJECTS, K.MEETING, "Decision meeting on joint project applications", "Online"),
]

# Every 10 activities: 5 confirmed, 2 awaiting confirmation, 1 returned, 2 drafts.
OUTCOMES = [
    "confirmed",
    "confirmed",
    "logged",
    "confirmed",
    "draft",
    "confirmed",
    "returned",
    "logged",
    "confirmed",
    "draft",
]


def seed_activities(*, personas: dict) -> int:
    """Create the demo activities that do not exist yet; returns how many were created."""
    today = timezone.localdate()
    parties = {party.code: party for party in Party.objects.all()}
    existing = set(Activity.objects.filter(title__in=[row[2] for row in ACTIVITIES]).values_list("title", flat=True))
    created = 0
    for index, (area, kind, title, location) in enumerate(ACTIVITIES):
        if title in existing:
            continue
        own, other = ("cas", "sipo") if index % 2 == 0 else ("sipo", "cas")
        author = personas[f"{own}_official"]
        start = today - timedelta(days=7 + index * 11)
        fields = services.ActivityFields(
            area=area,
            kind=kind,
            title=title,
            description=_description(title),
            start_date=start,
            end_date=start + timedelta(days=index % 3),
            location=location,
            lead_party=parties[own.upper()] if index % 3 else parties[other.upper()],
            participants=[author, personas[f"{other}_official"], personas[f"{own}_coordinator"]],
            outcomes="",
        )
        outcome = OUTCOMES[index % len(OUTCOMES)]
        activity = services.activity_create(author=author, fields=fields, log=outcome != "draft")
        reviewer = personas[f"{other}_coordinator"]
        if outcome == "confirmed":
            services.activity_confirm(activity=activity, by=reviewer, comment="")
        elif outcome == "returned":
            services.activity_return(activity=activity, by=reviewer, comment=_return_comment(title))
        created += 1
    return created


def _description(title: str) -> str:
    if any("\u4e00" <= char <= "\u9fff" for char in title):
        return f"双方围绕“{title}”开展合作，加强专利信息资源共享，推动知识产权工作交流。"
    return f"Both parties worked together on “{title}”, sharing resources under the protocol."


def _return_comment(title: str) -> str:
    if any("\u4e00" <= char <= "\u9fff" for char in title):
        return "请补充我方参会人员名单及会议成果。"
    return "Please add our participants and the outcomes."
