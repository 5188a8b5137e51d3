"""Records of every area for the global search, made through the services as their users would: each area
has a shared record and one its owning party keeps to itself (internal, draft or unpublished), all about
石墨烯 (graphene)."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from cooperation.documents.models import Confidentiality
from cooperation.meetings import services as meetings
from cooperation.meetings.services import AgendaRow, MeetingFields
from cooperation.projects import services as projects
from cooperation.projects.models import ProjectType
from cooperation.projects.services import CallFields
from cooperation.projects.services import ProjectFields as SupportFields
from cooperation.research import services as research
from cooperation.research.models import TeamRole
from cooperation.research.services import Member, MilestoneRow, ProjectFields
from cooperation.training import services as training
from cooperation.training.services import CourseFields, SessionFields
from protocol.activities import services as ledger
from protocol.activities.services import ActivityFields
from protocol.areas import Area


@dataclass
class World:
    shared: dict  # area → the record both parties see
    kept: dict  # area → the record only its owning party sees
    owner: dict  # area → "cas" or "sipo", the party that owns both


def _activity(author, other, *, title, log):
    fields = ActivityFields(
        area=Area.DOCUMENTS,
        kind="workshop",
        title=title,
        description="双方交流石墨烯领域的专利信息。",
        start_date=timezone.localdate() - timedelta(days=3),
        lead_party=author.party,
        participants=[author, other],
    )
    return ledger.activity_create(author=author, fields=fields, log=log)


@pytest.fixture
def make_activity(cas_official, sipo_official):
    def make(title="石墨烯联合研讨会", *, log=True):
        return _activity(cas_official, sipo_official, title=title, log=log)

    return make


def _meeting(by, attendees, *, title, internal=False, minute_taker=None):
    starts = timezone.now().replace(microsecond=0) - timedelta(days=2)
    fields = MeetingFields(
        title=title,
        kind="working_group",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        attendees=attendees,
        location="北京",
        agenda=[AgendaRow(title="石墨烯专利分析")],
        internal=internal,
        minute_taker=minute_taker,
    )
    return meetings.meeting_schedule(by=by, fields=fields, record_past=True)


def _approved_minutes(meeting, *, taker, coordinators, text):
    minutes = meetings.minutes_start(meeting=meeting, by=taker)
    minutes = meetings.minutes_save(minutes=minutes, by=taker, text=text)
    minutes = meetings.minutes_submit(minutes=minutes, by=taker)
    number = minutes.current_revision.number
    for coordinator in coordinators:
        minutes = meetings.minutes_approve(minutes=minutes, revision=number, by=coordinator)
    return minutes


def _research(by, team, *, title, propose):
    today = timezone.localdate()
    fields = ProjectFields(
        title=title,
        objectives="绘制石墨烯专利地图。",
        start_date=today - timedelta(days=30),
        end_date=today + timedelta(days=300),
        technology_field="新材料",
        team=[Member(user=user, role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=user.party_id) for user in team],
        milestones=[MilestoneRow(title="检索策略", due_date=today + timedelta(days=40), owner=by)],
    )
    project = research.project_create(by=by, fields=fields)
    return research.project_propose(project=project, by=by) if propose else project


def _course(by, *, title, internal=False):
    return training.course_create(
        by=by, fields=CourseFields(title=title, description="石墨烯专利实务。", internal=internal)
    )


def _session(course, by, trainer, cas, sipo):
    starts = timezone.now().replace(microsecond=0) + timedelta(days=7)
    fields = SessionFields(
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        enrolment_opens_at=timezone.now() - timedelta(days=1),
        enrolment_closes_at=starts - timedelta(days=1),
        seats={cas.pk: 2, sipo.pk: 2},
        location="国知局培训中心",
        trainers=[trainer],
    )
    return training.session_create(course=course, by=by, fields=fields)


def _support_project(by, *, title, publish):
    today = timezone.localdate()
    fields = SupportFields(
        title=title,
        project_type=ProjectType.PATENT_NAVIGATION,
        description="石墨烯产业的专利导航。",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
    )
    project = projects.project_create(by=by, fields=fields)
    return projects.project_publish(project=project, by=by) if publish else project


def _call(project, by, reviewer):
    now = timezone.now().replace(microsecond=0)
    fields = CallFields(
        title="征集石墨烯专家",
        description="石墨烯电池专利方面的专家。",
        places=2,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10),
        sought=["experts"],
        reviewers=[reviewer],
        criteria=["Expertise"],
    )
    return projects.call_create(project=project, by=by, fields=fields)


@pytest.fixture
def world(
    make_document, make_activity, cas, sipo, cas_official, sipo_official, cas_coordinator, sipo_coordinator
) -> World:
    shared, kept, owner = {}, {}, {}
    shared["documents"] = make_document(title="石墨烯专利地图", summary="石墨烯专利的分布。", language="zh", tags=[])
    kept["documents"] = make_document(
        title="石墨烯内部评估", summary="内部。", language="zh", tags=[], confidentiality=Confidentiality.INTERNAL
    )
    owner["documents"] = "cas"
    shared["activities"] = make_activity("石墨烯联合研讨会")
    kept["activities"] = make_activity("石墨烯草稿活动", log=False)
    owner["activities"] = "cas"
    people = [cas_official, sipo_official, cas_coordinator]
    shared["meetings"] = _meeting(cas_official, people, title="石墨烯工作组会议", minute_taker=sipo_official)
    kept["meetings"] = _meeting(cas_official, [cas_official, cas_coordinator], title="石墨烯内部会议", internal=True)
    owner["meetings"] = "cas"
    shared["minutes"] = _approved_minutes(
        shared["meetings"],
        taker=sipo_official,
        coordinators=[cas_coordinator, sipo_coordinator],
        text="# 纪要\n\n双方同意共享石墨烯专利数据。",
    )
    team = [cas_official, sipo_official]
    shared["research"] = _research(cas_official, team, title="石墨烯专利导航研究", propose=True)
    kept["research"] = _research(cas_official, team, title="石墨烯草稿课题", propose=False)
    owner["research"] = "cas"
    shared["training"] = _course(sipo_coordinator, title="石墨烯专利培训")
    shared["session"] = _session(shared["training"], sipo_coordinator, sipo_official, cas, sipo)
    kept["training"] = _course(sipo_coordinator, title="石墨烯内部培训", internal=True)
    owner["training"] = "sipo"
    shared["projects"] = _support_project(sipo_coordinator, title="石墨烯产业专利导航", publish=True)
    shared["call"] = _call(shared["projects"], sipo_coordinator, sipo_official)
    kept["projects"] = _support_project(sipo_coordinator, title="石墨烯未发布项目", publish=False)
    owner["projects"] = "sipo"
    return World(shared=shared, kept=kept, owner=owner)
