"""Demo record of the agreement for `seed_demo`: its dates (near enough for the reminders to show), liaisons
of both parties, and an amendment in force, one in review and a draft, made through the services."""

from datetime import date, timedelta

from django.utils import timezone

from protocol.areas import Area
from protocol.parties.models import Party

from . import services
from .models import Amendment, DateKind, KeyDate, Liaison
from .selectors import agreement_current
from .services import AmendmentFields, LiaisonFields

DEMO_SIGNED_ON = date(2017, 4, 23)

IN_FORCE = "Liaison meetings twice a year"
IN_REVIEW = "Training seats open to the other party"
DRAFT = "专利文献数据交换格式"

# (party code, area, name, unit, role, e-mail, phone); the whole agreement's liaisons are the coordinators.
NAMED_LIAISONS = [
    ("CAS", Area.DOCUMENTS, "王晓燕", "文献情报中心", "文献服务部主任", "wangxy@example.cas.cn", "010-8262 6611"),
    ("CAS", Area.RESEARCH, "刘建国", "科技战略咨询研究院", "研究员", "liujg@example.cas.cn", "010-5935 8000"),
    ("CAS", Area.TRAINING, "陈丽", "人事局培训处", "处长", "chenli@example.cas.cn", ""),
    ("SIPO", Area.DOCUMENTS, "赵明", "专利文献部", "副主任", "zhaoming@example.cnipa.gov.cn", "010-6208 3114"),
    ("SIPO", Area.PROJECTS, "孙磊", "知识产权运用促进司", "项目主管", "sunlei@example.cnipa.gov.cn", ""),
    ("SIPO", Area.COMMUNICATION, "周婷", "国际合作司", "联络员", "zhouting@example.cnipa.gov.cn", "010-6235 6655"),
]


def seed_agreement(*, personas: dict) -> int:
    """Fill what is missing of the agreement's demo record; returns how many rows it made."""
    agreement = agreement_current()
    if agreement is None:
        return 0
    made = 0
    today = timezone.localdate()
    if agreement.term_end is None:
        # A demo date, before 2018: the office was still SIPO when the protocol was signed (see its party text).
        agreement.signed_on = agreement.term_start = DEMO_SIGNED_ON
        agreement.term_end = today + timedelta(days=150)
        agreement.signed_at_zh, agreement.signed_at_en = "北京", "Beijing"
        agreement.save()
    if not agreement.dates.exists():
        KeyDate.objects.create(
            agreement=agreement,
            kind=DateKind.REVIEW,
            on=today + timedelta(days=80),
            note_zh="年度执行情况评估",
            note_en="Annual review of the implementation",
        )
        KeyDate.objects.create(
            agreement=agreement,
            kind=DateKind.RENEWAL,
            on=today + timedelta(days=120),
            note_zh="决定是否续签",
            note_en="Decision on renewing the agreement",
        )
        made += 2
    if not Liaison.objects.exists():
        made += _liaisons(personas)
    made += _amendments(personas)
    return made


def _liaisons(personas: dict) -> int:
    parties = {party.code: party for party in Party.objects.all()}
    count = 0
    for username in ("cas_coordinator", "sipo_coordinator"):
        person = personas[username]
        services.liaison_create(
            by=person,
            fields=LiaisonFields(
                party=person.party, area="", user=person, full_name="", role="协议联络人", phone="010-6000 0000"
            ),
        )
        count += 1
    for code, area, name, unit, role, email, phone in NAMED_LIAISONS:
        if code not in parties:
            continue
        coordinator = personas["cas_coordinator" if code == "CAS" else "sipo_coordinator"]
        services.liaison_create(
            by=coordinator,
            fields=LiaisonFields(
                party=parties[code], area=area, user=None, full_name=name, unit=unit, role=role, email=email,
                phone=phone,
            ),
        )  # fmt: skip
        count += 1
    return count


def _amendments(personas: dict) -> int:
    existing = set(Amendment.objects.values_list("title_en", flat=True)) | set(
        Amendment.objects.values_list("title_zh", flat=True)
    )
    cas, sipo = personas["cas_coordinator"], personas["sipo_coordinator"]
    today = timezone.localdate()
    count = 0
    if IN_FORCE not in existing:
        amendment = services.amendment_create(
            by=cas,
            fields=AmendmentFields(
                title_zh="每年召开两次联络会议",
                title_en=IN_FORCE,
                text_zh="双方联络人每年至少召开两次会议，分别于上半年和下半年举行，会议纪要由双方协调人审批。",
                text_en="The parties' liaisons meet at least twice a year, once in each half; "
                "the coordinators of both parties approve the minutes.",
                area=Area.COMMUNICATION,
                effective_on=today - timedelta(days=200),
            ),
        )
        amendment = services.amendment_propose(amendment=amendment, by=cas)
        for coordinator in (cas, sipo):
            services.amendment_approve(amendment=amendment, version=1, by=coordinator)
        count += 1
    if IN_REVIEW not in existing:
        amendment = services.amendment_create(
            by=sipo,
            fields=AmendmentFields(
                title_zh="向对方开放培训名额",
                title_en=IN_REVIEW,
                text_zh="每期培训班为对方人员保留不少于百分之二十的名额，开班前两周未使用的名额可由本方人员使用。",
                text_en="Each training session reserves at least a fifth of its seats for the other party's staff; "
                "seats unused two weeks before the session may be given to the organising party's staff.",
                area=Area.TRAINING,
                effective_on=today + timedelta(days=30),
            ),
        )
        services.amendment_propose(amendment=amendment, by=sipo)
        count += 1
    if DRAFT not in existing:
        services.amendment_create(
            by=cas,
            fields=AmendmentFields(
                title_zh=DRAFT,
                title_en="Exchange format of patent document data",
                text_zh="双方交换专利文献数据时采用统一的XML格式，并附数据说明。",
                text_en="The parties exchange patent document data in one XML format, with a description of the data.",
                area=Area.DOCUMENTS,
                effective_on=today + timedelta(days=60),
            ),
        )
        count += 1
    return count
