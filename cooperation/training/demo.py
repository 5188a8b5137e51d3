"""Demo training for `seed_demo`: a SIPO course with an open session whose seats are taken and whose waitlists
hold people of both parties, a session that needs approval with an enrolment waiting, a past session with its
attendance countersigned by CAS (certificates issued, one revoked, feedback given), and a CAS course. Made
through the services like real ones, so that the inboxes, the sign-off and the ledger hold what those record."""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from protocol.parties import services as parties
from protocol.parties.models import Party, User
from protocol.parties.roles import Role

from . import services
from .models import Attendance, Certificate, Course, Enrolment, TrainingSession
from .services import CourseFields, SessionFields

# The courses by title; a title found in the database is not made again.
EXAMINATION = "专利审查实务"
SEARCH = "专利检索与分析"
IP_MANAGEMENT = "科研机构知识产权管理"
TITLES = [EXAMINATION, SEARCH, IP_MANAGEMENT]

# Staff beyond the personas, so that both parties' seats fill and both waitlists hold someone. They cannot
# sign in (no password): they are there to be enrolled.
STAFF = [
    ("training_cas_staff", "孙晓红", "CAS"),
    ("training_sipo_staff", "周建国", "SIPO"),
]
QUESTIONS = ["课程内容 Content", "授课人 Trainer", "组织安排 Organisation"]


def seed_training(*, personas: dict) -> int:
    """Create the demo courses (and their sessions) that do not exist yet; returns how many sessions it made."""
    existing = set(Course.objects.filter(title__in=TITLES).values_list("title", flat=True))
    p = personas | {username: _staff(username, name, party) for username, name, party in STAFF}
    makers = {EXAMINATION: _examination, SEARCH: _search, IP_MANAGEMENT: _ip_management}
    return sum(make(p) for title, make in makers.items() if title not in existing)


def _examination(p: dict) -> int:
    """SIPO's course: an open session, its 2 + 2 seats taken and a waitlist per party; a past session held,
    its attendance marked and countersigned by CAS, certificates issued (one revoked), feedback given."""
    course = services.course_create(
        by=p["sipo_coordinator"],
        fields=CourseFields(
            title=EXAMINATION,
            title_other="Patent examination practice",
            description="发明专利实质审查的流程、检索策略与审查意见答复实务，结合典型案例讲解。",
            audience="双方从事专利工作的科研管理人员和审查员。",
            prerequisites="了解专利法基本概念。",
            contact=p["sipo_official"],
            feedback_questions=QUESTIONS,
        ),
    )
    open_session = _session(p, course, days=14, location="国家知识产权局培训中心 302 室", seats=(2, 2))
    for username in ("cas_official", "cas_docadmin", "training_cas_staff"):  # the third waits
        services.enrolment_create(session=open_session, user=p[username])
    for username in ("sipo_docadmin", "sipo_coordinator", "training_sipo_staff"):  # the third waits
        services.enrolment_create(session=open_session, user=p[username])

    past = _session(p, course, days=14, location="国家知识产权局培训中心 305 室", seats=(3, 1))
    people = [p["cas_official"], p["cas_docadmin"], p["training_cas_staff"], p["sipo_docadmin"]]
    enrolments = [services.enrolment_create(session=past, user=person) for person in people]
    _move_back(past, days=14 + 30)  # held 30 days ago
    marks = dict(zip([e.pk for e in enrolments], [Attendance.PRESENT, Attendance.PARTLY, Attendance.ABSENT,
                                                  Attendance.PRESENT], strict=True))  # fmt: skip
    services.attendance_mark(session=past, by=p["sipo_official"], marks=marks)
    cas = p["cas_coordinator"].party_id
    version = services.attendance_version(past, cas).sha256
    services.attendance_countersign(session=past, by=p["cas_coordinator"], version=version)
    wrong = Certificate.objects.get(enrolment=enrolments[3])
    services.certificate_revoke(
        certificate=wrong, by=p["sipo_coordinator"], reason="出勤记录有误：该学员仅参加了上午的课程。"
    )
    attendee = Enrolment.objects.get(pk=enrolments[0].pk)
    services.feedback_give(
        enrolment=attendee,
        by=attendee.user,
        ratings=dict(zip(QUESTIONS, [5, 4, 4], strict=True)),
        comment="案例讲解很实用，希望增加检索上机练习。",
    )
    return 2


def _search(p: dict) -> int:
    """SIPO's course that needs approval: CAS's coordinator has one enrolment to decide, one approved."""
    course = services.course_create(
        by=p["sipo_coordinator"],
        fields=CourseFields(
            title=SEARCH,
            title_other="Patent search and analysis",
            description="专利数据库检索、专利地图与技术态势分析方法。",
            audience="从事专利信息分析的研究人员。",
            contact=p["sipo_coordinator"],
            feedback_questions=QUESTIONS[:2],
        ),
    )
    session = _session(p, course, days=21, location="", online_link="https://meet.example.org/patent-search",
                       seats=(2, 2), needs_approval=True)  # fmt: skip
    approved = services.enrolment_create(session=session, user=p["cas_docadmin"])
    services.enrolment_decide(enrolment=approved, by=p["cas_coordinator"], approve=True)
    services.enrolment_create(session=session, user=p["cas_official"])  # waits for cas_coordinator
    return 1


def _ip_management(p: dict) -> int:
    """CAS's course, open to SIPO's staff; a SIPO official is enrolled."""
    course = services.course_create(
        by=p["cas_coordinator"],
        fields=CourseFields(
            title=IP_MANAGEMENT,
            title_other="IP management for research institutes",
            description="科研机构专利申请、运营与成果转化的管理制度和实践。",
            audience="双方知识产权管理人员。",
            contact=p["cas_coordinator"],
            feedback_questions=QUESTIONS[:2],
        ),
    )
    session = _session(p, course, days=30, location="中国科学院 中关村园区", seats=(3, 3),
                       by="cas_coordinator", trainer="cas_official")  # fmt: skip
    services.enrolment_create(session=session, user=p["sipo_official"])
    return 1


def _session(p: dict, course, *, days: int, seats: tuple[int, int], by="sipo_coordinator", trainer="sipo_official",
             **fields) -> TrainingSession:  # fmt: skip
    # 09:00 Beijing time, `days` from today; enrolment opened three days ago and closes two days before.
    day = timezone.localdate() + timedelta(days=days)
    starts = timezone.make_aware(datetime.combine(day, time(9, 0)))
    cas, sipo = (Party.objects.get(code=code).pk for code in ("CAS", "SIPO"))
    return services.session_create(
        course=course,
        by=p[by],
        fields=SessionFields(
            starts_at=starts,
            ends_at=starts + timedelta(hours=6),
            enrolment_opens_at=timezone.now() - timedelta(days=3),
            enrolment_closes_at=starts - timedelta(days=2),
            seats={cas: seats[0], sipo: seats[1]},
            trainers=[p[trainer]],
            **fields,
        ),
    )


def _move_back(session: TrainingSession, *, days: int) -> None:
    # Enrolment, rightly, is refused once it has closed, so a session cannot be filled after the fact: the
    # demo fills it while open, then moves all its dates back `days` before its attendance is marked.
    shift = timedelta(days=days)
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at - shift,
        ends_at=session.ends_at - shift,
        enrolment_opens_at=session.enrolment_opens_at - shift,
        enrolment_closes_at=session.enrolment_closes_at - shift,
    )


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
