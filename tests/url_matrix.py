"""The URL, persona and state matrix's data (tests/test_url_matrix.py): for every route of the URLconf, the record it
is about in each visibility state, how to build it, and what each persona's GET and empty POST must be answered.

A record's states are named from CAS's side; a SIPO persona reads them the other way round ("cas_draft" is its
other party's draft). Who may see a record in a state is the portal's one rule (protocol/visibility.py, DESIGN.md
"Who may see what"): staff of its own party always, the other party's staff when it is shared, no one without a
party; an area whose records follow another rule (applications, enrolments, notifications...) names the selector
that is its rule. What one who sees it gets is the route's kind (a page, a form, an action) and, where the app
has one, its permission predicate: the matrix calls the app's own `can_*`, never a copy of it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import time_machine
from django.utils import timezone

from cooperation.documents.models import Confidentiality
from cooperation.documents.selectors import documents_visible_to
from cooperation.meetings import services as meetings
from cooperation.meetings.selectors import meetings_visible_to
from cooperation.projects import services as projects
from cooperation.projects.models import ProjectStatus, ProjectType
from cooperation.projects.selectors import applications_visible_to, calls_visible_to, contributions_visible_to
from cooperation.projects.selectors import projects_visible_to as ip_projects_visible_to
from cooperation.research import services as research
from cooperation.research.models import TeamRole
from cooperation.research.selectors import projects_visible_to as research_visible_to
from cooperation.training import services as training
from cooperation.training.models import Attendance, Certificate
from cooperation.training.selectors import courses_visible_to, enrolments_visible_to, sessions_visible_to
from protocol.activities import services as ledger
from protocol.activities.models import Status
from protocol.activities.selectors import activities_visible_to
from protocol.agreement import services as agreement
from protocol.agreement.selectors import amendments_visible_to, liaisons_visible_to
from protocol.notifications.models import Notification
from protocol.reports import services as reports
from protocol.reports.selectors import reports_visible_to
from protocol.visibility import has_party
from tests.agreement.conftest import amendment_fields, liaison_fields
from tests.factories import ActivityFactory
from tests.meetings.data import schedule, write


@dataclass(frozen=True)
class State:
    name: str
    owner: str  # the party code of the record's own party
    shared: bool  # the other party's staff see it too


CAS_DRAFT = State("cas_draft", "CAS", shared=False)
SIPO_DRAFT = State("sipo_draft", "SIPO", shared=False)
INTERNAL = State("internal", "CAS", shared=False)
ON_REQUEST = State("on_request", "CAS", shared=True)  # the other party sees it exists and asks for the file
SHARED = State("shared", "CAS", shared=True)
NO_OBJECT = State("-", "", shared=True)  # a route about no one record: one state


def may_see(user, state: State) -> bool:
    """The party rule: own party always, the other party when shared, no one of no party."""
    return has_party(user) and (user.party.code == state.owner or state.shared)


class World:
    """The personas and, built on first use, each record in each state; one per test (one route)."""

    def __init__(self, people: dict, capture_on_commit, monkeypatch):
        self.people = people
        self.capture = capture_on_commit
        self.monkeypatch = monkeypatch
        self.cas = people["cas_official"].party
        self.sipo = people["sipo_official"].party
        self._made: dict = {}

    def __getattr__(self, name):  # personas by name: world.cas_official
        people = self.__dict__.get("people", {})
        if name in people:
            return people[name]
        raise AttributeError(name)

    def get(self, resource: "Resource", state: State):
        key = (resource.name, state.name)
        if key not in self._made:
            self._made[key] = resource.build(self, state)
        return self._made[key]


# Builders: each record made through its area's services as its users make it, its title unique to its state
# (the matrix looks for it in the pages of those who may not see it).


def title(resource: str, state: State) -> str:
    return f"Matrix {resource} {state.name}"


def _activity(w: World, state: State):
    author = w.sipo_official if state is SIPO_DRAFT else w.cas_official
    status = Status.LOGGED if state is SHARED else Status.DRAFT
    return ActivityFactory(
        author=author, status=status, participants=[w.cas_official, w.sipo_official], title=title("activity", state)
    )


def _amendment(w: World, state: State):
    by = w.sipo_coordinator if state is SIPO_DRAFT else w.cas_coordinator
    fields = amendment_fields(title_en=title("amendment", state), title_zh=title("amendment", state))
    amendment = agreement.amendment_create(by=by, fields=fields)
    if state is SHARED:
        amendment = agreement.amendment_propose(amendment=amendment, by=by)
    return amendment


def _liaison(w: World, state: State):
    return agreement.liaison_create(
        by=w.cas_coordinator, fields=liaison_fields(w.cas, full_name=title("liaison", state))
    )


def _notification(w: World, state: State):
    """A notice of an activity the CAS official logged with the SIPO official (delivered on commit)."""
    fields = ledger.ActivityFields(
        area="research",
        kind="joint_analysis",
        title=title("notification", state),
        start_date=timezone.localdate() - timedelta(days=1),
        lead_party=w.cas,
        participants=[w.cas_official, w.sipo_official],
    )
    with w.capture(execute=True):
        ledger.activity_create(author=w.cas_official, fields=fields, log=True)
    return Notification.objects.latest("pk")


def _document(w: World, state: State):
    from cooperation.documents import services as documents
    from tests.library import fields, upload

    level = {INTERNAL: Confidentiality.INTERNAL, ON_REQUEST: Confidentiality.ON_REQUEST}.get(
        state, Confidentiality.SHARED
    )
    with w.capture(execute=True):
        return documents.document_create(
            by=w.cas_docadmin, fields=fields(title=title("document", state), confidentiality=level), upload=upload()
        )


def _access_request(w: World, state: State):
    from cooperation.documents import services as documents

    document = w.get(DOCUMENT, ON_REQUEST)
    return documents.access_request_create(document=document, by=w.sipo_official, reason="For a joint study.")


def _meeting(w: World, state: State):
    """A CAS meeting that started three hours ago (so minutes may be written), the SIPO official its minute-taker
    unless internal; CAS's minute-taker for the internal one."""
    if state is INTERNAL:
        return schedule(w.cas_official, [w.cas_official, w.cas_coordinator], title=title("meeting", state),
                        internal=True, chair=w.cas_official, minute_taker=w.cas_official)  # fmt: skip
    return schedule(w.cas_official, [w.cas_official, w.sipo_official, w.cas_coordinator],
                    title=title("meeting", state), chair=w.cas_official, minute_taker=w.sipo_official)  # fmt: skip


def _minutes(w: World, state: State):
    """Minutes of a joint CAS meeting: a draft of a CAS minute-taker's, of a SIPO one's, or submitted."""
    taker = w.cas_official if state is CAS_DRAFT else w.sipo_official
    meeting = schedule(w.cas_official, [w.cas_official, w.sipo_official, w.cas_coordinator],
                       title=f"Meeting of {state.name} minutes", chair=w.cas_official, minute_taker=taker)  # fmt: skip
    write(meeting, f"# {title('minutes', state)}\n\nThe chair opened the meeting.\n", submit=state is SHARED)
    return meeting


def _action_item(w: World, state: State):
    meeting = w.get(MEETING, state)
    return meetings.action_item_create(
        meeting=meeting, by=w.cas_official, description=title("action", state), owner=w.cas_official,
        due_date=timezone.localdate() + timedelta(days=7),
    )  # fmt: skip


def _series(w: World, state: State):
    return meetings.series_create(by=w.cas_coordinator, name=title("series", state))


def _feed(w: World, state: State):
    return meetings.calendar_feed_of(user=w.cas_official)


def _research(w: World, state: State):
    lead, partner = (w.sipo_official, w.cas_official) if state is SIPO_DRAFT else (w.cas_official, w.sipo_official)
    start = timezone.localdate() - timedelta(days=30)
    fields = research.ProjectFields(
        title=title("research", state),
        objectives="Map the patent landscape.",
        start_date=start,
        end_date=start + timedelta(days=365),
        internal=state is INTERNAL,
        team=[
            research.Member(user=lead, role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=lead.party_id),
            *([] if state is INTERNAL else [
                research.Member(user=partner, role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=partner.party_id)]),
        ],
        milestones=[research.MilestoneRow(title="Search strategy", due_date=start + timedelta(days=40), owner=lead)],
        deliverables=[research.DeliverableRow(title="Landscape report", due_date=start + timedelta(days=300))],
    )  # fmt: skip
    project = research.project_create(by=lead, fields=fields)
    if state in (SHARED, INTERNAL):
        project = research.project_propose(project=project, by=lead)
    return project


def _course(w: World, state: State):
    return training.course_create(
        by=w.cas_coordinator,
        fields=training.CourseFields(
            title=title("course", state), description="Patent search.", internal=state is INTERNAL,
            feedback_questions=["Content"],
        ),
    )  # fmt: skip


def _session(w: World, state: State):
    """A session of the course that ended an hour ago, the SIPO official enrolled (the CAS one, internal)."""
    course = w.get(COURSE, state)
    # Built ten days ago: enrolment was open then, the session is over now (attendance, feedback, certificates).
    with time_machine.travel(timezone.now() - timedelta(days=10), tick=False):
        starts = timezone.now() + timedelta(days=9, hours=20)
        session = training.session_create(
            course=course,
            by=w.cas_coordinator,
            fields=training.SessionFields(
                starts_at=starts, ends_at=starts + timedelta(hours=3), enrolment_opens_at=timezone.now(),
                enrolment_closes_at=starts - timedelta(days=1), seats={w.cas.pk: 2, w.sipo.pk: 2},
                location=title("session", state), trainers=[w.cas_official],
            ),
        )  # fmt: skip
        trainee = w.cas_docadmin if state is INTERNAL else w.sipo_official
        training.enrolment_create(session=session, user=trainee)
    return session


def _enrolment(w: World, state: State):
    return w.get(SESSION, state).enrolments.get()


def _certificate(w: World, state: State):
    session = w.get(SESSION, state)
    enrolment = session.enrolments.get()
    training.attendance_mark(session=session, by=w.cas_official, marks={enrolment.pk: Attendance.PRESENT})
    if state is INTERNAL:
        # No other party countersigns an internal course's attendance (no service issues its certificates yet):
        # the row _lock_attendance writes, so that its pages can be asked for.
        return Certificate.objects.create(enrolment=enrolment)
    # The other party countersigns its staff's attendance: locked, certificates issued.
    version = training.attendance_version(session, enrolment.party_id).sha256
    training.attendance_countersign(session=session, by=w.sipo_coordinator, version=version)
    return Certificate.objects.get(enrolment=enrolment)


def _ip_project(w: World, state: State):
    """A SIPO project: a draft (not published, SIPO's alone), or published and open."""
    today = timezone.localdate()
    project = projects.project_create(
        by=w.sipo_coordinator,
        fields=projects.ProjectFields(
            title=title("project", state), project_type=ProjectType.PATENT_NAVIGATION, description="Navigation.",
            starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=300),
            indicators=[projects.IndicatorRow(name="Families analysed", target=Decimal(100))],
        ),
    )  # fmt: skip
    if state is SHARED:
        project = projects.project_publish(project=project, by=w.sipo_coordinator)
        project = projects.project_advance(project=project, by=w.sipo_coordinator, to=ProjectStatus.OPEN)
    return project


def _call(w: World, state: State):
    now = timezone.now().replace(microsecond=0)
    return projects.call_create(
        project=w.get(IP_PROJECT, state),
        by=w.sipo_coordinator,
        fields=projects.CallFields(
            title=title("call", state), description="Experts.", places=2, opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=10), reviewers=[w.sipo_official], criteria=["Expertise"],
        ),
    )  # fmt: skip


def _application(w: World, state: State):
    fields = projects.ApplicationFields(motivation=title("application", state), contribution="Ten expert days.")
    return projects.application_start(call=w.get(CALL, state), by=w.cas_official, fields=fields, submit=True)


def _contribution(w: World, state: State):
    application = w.get(APPLICATION, state)
    projects.application_decide(application=application, by=w.sipo_coordinator, decision="accepted", comment="")
    return projects.contribution_record(
        project=application.call.project,
        by=w.cas_official,
        fields=projects.ContributionFields(
            kind="expert_days", on=timezone.localdate(), description=title("contribution", state), quantity=Decimal(3)
        ),
    )


def _report(w: World, state: State):
    """This year's annual report, built with stand-in files (the real PDFs take seconds)."""
    w.monkeypatch.setattr(reports, "report_pdf", lambda data, language: b"%PDF stand-in")
    w.monkeypatch.setattr(reports, "report_xlsx", lambda data: b"PK stand-in")
    with w.capture(execute=True):
        report = reports.report_request(year=timezone.localdate().year, by=w.cas_coordinator)
    report.refresh_from_db()
    return report


def _highlight(w: World, state: State):
    return reports.highlight_add(
        year=timezone.localdate().year, area="training", by=w.cas_coordinator, text_zh=title("highlight", state),
        text_en=title("highlight", state), activity=None,
    )  # fmt: skip


@dataclass(frozen=True)
class Resource:
    """A kind of record routes are about: its states, how to build one, and who sees it."""

    name: str
    build: Callable
    states: tuple[State, ...] = (SHARED,)
    # Who sees it, when it does not follow the party rule: the area's selector (user → queryset) is then the rule.
    selector: Callable | None = None
    rule: bool = True  # the party rule applies (and the selector, when given, must agree with it)
    # The object the selector returns rows of, when the route's record is reached through another (a meeting's
    # minutes): record → row.
    row: Callable = field(default=lambda record: record)
    # Whom it is invisible to is answered 404; False where the route's record is seen by both and only its content
    # follows the rule (a joint meeting's draft minutes): then only the page's body is checked.
    hides: bool = True

    def visible(self, user, state: State, record) -> bool:
        if self.rule:
            return may_see(user, state)
        return self.selector(user).filter(pk=self.row(record).pk).exists()


ACTIVITY = Resource("activity", _activity, (CAS_DRAFT, SIPO_DRAFT, SHARED), activities_visible_to)
AMENDMENT = Resource("amendment", _amendment, (CAS_DRAFT, SIPO_DRAFT, SHARED), amendments_visible_to)
LIAISON = Resource("liaison", _liaison, (SHARED,), liaisons_visible_to, rule=False)
NOTIFICATION = Resource("notification", _notification, (SHARED,),
                        lambda user: Notification.objects.filter(recipient_id=user.pk), rule=False)  # fmt: skip
DOCUMENT = Resource("document", _document, (INTERNAL, ON_REQUEST, SHARED), documents_visible_to)
ACCESS_REQUEST = Resource("access request", _access_request, (ON_REQUEST,))
MEETING = Resource("meeting", _meeting, (INTERNAL, SHARED), meetings_visible_to)
# The meeting is seen by both; its minutes follow the draft rule (checked on the body: the text's title).
MINUTES = Resource("minutes", _minutes, (CAS_DRAFT, SIPO_DRAFT, SHARED), hides=False)
ACTION_ITEM = Resource("action", _action_item, (INTERNAL, SHARED))
SERIES = Resource("series", _series, hides=False)  # of the protocol, no party's: no state
FEED = Resource("feed", _feed)
RESEARCH = Resource("research", _research, (CAS_DRAFT, SIPO_DRAFT, INTERNAL, SHARED), research_visible_to)
COURSE = Resource("course", _course, (INTERNAL, SHARED), courses_visible_to)
SESSION = Resource("session", _session, (INTERNAL, SHARED), sessions_visible_to)
ENROLMENT = Resource("enrolment", _enrolment, (INTERNAL, SHARED), enrolments_visible_to, rule=False)
CERTIFICATE = Resource("certificate", _certificate, (INTERNAL, SHARED))
IP_PROJECT = Resource("project", _ip_project, (SIPO_DRAFT, SHARED), ip_projects_visible_to)
CALL = Resource("call", _call, (SIPO_DRAFT, SHARED), calls_visible_to)
APPLICATION = Resource("application", _application, (SHARED,), applications_visible_to, rule=False)
CONTRIBUTION = Resource("contribution", _contribution, (SHARED,), contributions_visible_to)
REPORT = Resource("report", _report, (SHARED,), reports_visible_to, rule=False)
HIGHLIGHT = Resource("highlight", _highlight, (SHARED,))


# What a persona who sees the record (or, for a route about no record, a signed-in persona) gets.
Expect = Callable[..., set[int]]  # (world, user, record) → the statuses that are right


def status(*codes: int) -> Expect:
    return lambda w, user, record: set(codes)


ANY = status(200, 302, 403, 404, 405)  # probe only


@dataclass(frozen=True)
class Route:
    name: str
    resource: Resource | None = None
    kwargs: Callable = field(default=lambda w, record: {"pk": record.pk})
    get: Expect = ANY
    post: Expect = ANY
    anonymous: set[int] | None = None  # None: sent to sign in (302 to the login page)
    public: bool = False  # reached by a secret in its URL (a certificate's code), not by the party rule


def _r(name, resource=None, **options) -> Route:
    if resource is None and "kwargs" not in options:
        options["kwargs"] = lambda w, record: {}
    return Route(name, resource, **options)


def _year(w, record):
    return {"year": timezone.localdate().year}


def _report_version(w, record):
    return {"year": record.year, "version": record.version}


def _first(attribute: str, key: str):
    """kwargs for a route under a record about one of its rows: {"pk": record.pk, key: first row's pk}."""
    return lambda w, record: {"pk": record.pk, key: getattr(record, attribute).order_by("pk").first().pk}


def _plan(w, record):
    version = record.plan_versions.order_by("number").first() if hasattr(record, "plan_versions") else None
    return {"pk": record.pk, "number": version.number if version else 1}


ROUTES: list[Route] = [
    # The portal's own pages.
    _r("dashboard"),
    _r("calendar"),
    _r("healthz", anonymous={200}),
    _r("search"),
    _r("favicon", anonymous={200, 301, 302}),
    _r("help"),
    _r("people_pick"),
    _r("language_switch", anonymous={302, 405}),
    _r("about", anonymous={200}),  # the protocol's public record
    # Signing in and out, passwords.
    _r("login", anonymous={200}),
    _r("logout", anonymous={302, 405}),
    _r("password_change"),
    _r("password_reset", anonymous={200}),
    _r("password_reset_done", anonymous={200, 405}),
    _r("password_reset_confirm", kwargs=lambda w, record: {"uidb64": "MQ", "token": "set-password"}, anonymous={200}),
    _r("password_reset_complete", anonymous={200, 405}),
    _r("mfa:enrol"),
    _r("mfa:recovery_codes"),
    _r("mfa:verify"),
    # The agreement.
    _r("agreement:amendment_create"),
    _r("agreement:amendment", AMENDMENT),
    _r("agreement:amendment_edit", AMENDMENT),
    _r("agreement:amendment_propose", AMENDMENT),
    _r("agreement:amendment_version", AMENDMENT, kwargs=lambda w, record: {"pk": record.pk, "number": 1}),
    _r("agreement:amendment_review", AMENDMENT, kwargs=lambda w, record: {"pk": record.pk, "number": 1}),
    _r("agreement:liaisons"),
    _r("agreement:liaison_create"),
    _r("agreement:liaison_edit", LIAISON),
    _r("agreement:liaison_remove", LIAISON),
    # The ledger.
    _r("activities:list"),
    _r("activities:create"),
    _r("activities:detail", ACTIVITY),
    _r("activities:edit", ACTIVITY),
    _r("activities:submit", ACTIVITY),
    _r("activities:confirm", ACTIVITY),
    _r("activities:return", ACTIVITY),
    _r("activities:delete", ACTIVITY),
    # Notifications.
    # The REST API (protocol/api; each endpoint's who-may tables are tests/api). Signed out: 401 or 403 from
    # DRF, never the sign-in page. The actions on a record are tried on one that does not exist (404 for all):
    # their rules are the pages' services, tried in tests/api.
    _r("api-schema", anonymous={200, 401, 403, 405}),
    _r("api-docs", anonymous={200, 401, 403, 405}),
    # Any other path under /api/: 404 in the API's error shape, to everyone.
    _r("api-not-found", kwargs=lambda w, record: {"rest": "v1/nothing/"}, anonymous={404}),
    _r("api_tokens:list"),
    _r("api_tokens:create"),
    _r("api_tokens:revoke", kwargs=lambda w, record: {"pk": 999_999}),
    _r("activity-list", anonymous={401, 403}),
    _r("activity-log", kwargs=lambda w, record: {"pk": 999_999}, anonymous={401, 403}),
    _r("activity-detail", ACTIVITY, anonymous={401, 403}),
    _r("activity-confirm", kwargs=lambda w, record: {"pk": 999_999}, anonymous={401, 403}),
    _r("activity-return", kwargs=lambda w, record: {"pk": 999_999}, anonymous={401, 403}),
    _r("document-list", anonymous={401, 403}),
    _r("document-detail", DOCUMENT, anonymous={401, 403}),
    _r("document-download", DOCUMENT, kwargs=lambda w, record: {"pk": record.pk, "number": 1}, anonymous={401, 403}),
    _r("meeting-list", anonymous={401, 403}),
    _r("meeting-detail", MEETING, anonymous={401, 403}),
    _r("meeting-minutes", MINUTES, anonymous={401, 403}),
    _r("meeting-rsvp", kwargs=lambda w, record: {"pk": 999_999}, anonymous={401, 403}),
    _r("action-item-list", anonymous={401, 403}),
    _r("action-item-detail", ACTION_ITEM, anonymous={401, 403}),
    _r("action-item-done", kwargs=lambda w, record: {"pk": 999_999}, anonymous={401, 403}),
    _r("notification-list", anonymous={401, 403}),
    _r("notification-read-all", anonymous={401, 403}),
    _r("notification-detail", kwargs=lambda w, record: {"pk": 999_999}, anonymous={401, 403}),
    _r("research-project-list", anonymous={401, 403}),
    _r("research-project-detail", RESEARCH, anonymous={401, 403}),
    _r("training-course-list", anonymous={401, 403}),
    _r("training-course-detail", COURSE, anonymous={401, 403}),
    _r("training-session-list", anonymous={401, 403}),
    _r("training-session-detail", SESSION, anonymous={401, 403}),
    _r("training-session-enrol", kwargs=lambda w, record: {"pk": 999_999}, anonymous={401, 403}),
    _r("training-enrolment-list", anonymous={401, 403}),
    _r("training-enrolment-detail", ENROLMENT, anonymous={401, 403}),
    _r("training-enrolment-cancel", kwargs=lambda w, record: {"pk": 999_999}, anonymous={401, 403}),
    _r("ip-project-list", anonymous={401, 403}),
    _r("ip-project-detail", IP_PROJECT, anonymous={401, 403}),
    _r("ip-call-list", anonymous={401, 403}),
    _r("ip-call-detail", CALL, anonymous={401, 403}),
    _r("annual-report-list", anonymous={401, 403}),
    _r("annual-report-detail", REPORT, anonymous={401, 403}),
    _r(
        "annual-report-file",
        REPORT,
        kwargs=lambda w, record: {"pk": record.pk, "edition": "pdf-zh"},
        anonymous={401, 403},
    ),
    _r("report-highlight-list", anonymous={401, 403}),
    _r("report-highlight-detail", HIGHLIGHT, anonymous={401, 403}),
    _r("notification-read", kwargs=lambda w, record: {"pk": 999_999}, anonymous={401, 403}),
    _r("notifications:inbox"),
    _r("notifications:badge"),
    _r("notifications:open", NOTIFICATION),
    _r("notifications:mark_all_read"),
    _r("notifications:preferences"),
    # Documents.
    _r("documents:list"),
    _r("documents:create"),
    _r("documents:pick"),
    _r("documents:detail", DOCUMENT),
    _r("documents:edit", DOCUMENT),
    _r("documents:version_create", DOCUMENT),
    _r("documents:archive", DOCUMENT),
    _r("documents:download", DOCUMENT, kwargs=lambda w, record: {"pk": record.pk, "number": 1}),
    _r("documents:preview", DOCUMENT, kwargs=lambda w, record: {"pk": record.pk, "number": 1}),
    _r("documents:thumbnail", DOCUMENT, kwargs=lambda w, record: {"pk": record.pk, "number": 1}),
    _r("documents:request_access", DOCUMENT),
    _r("documents:download_log", DOCUMENT),
    _r("documents:decide", ACCESS_REQUEST),
    # Meetings and minutes.
    _r("meetings:list"),
    _r("meetings:create"),
    _r("meetings:series_list"),
    _r("meetings:series_create"),
    _r("meetings:series_edit", SERIES),
    _r("meetings:calendar"),
    _r("meetings:calendar_regenerate"),
    _r("meetings:feed", FEED, kwargs=lambda w, record: {"token": record.token}, anonymous={200, 405}, public=True),
    _r("meetings:detail", MEETING),
    _r("meetings:edit", MEETING),
    _r("meetings:cancel", MEETING),
    _r("meetings:rsvp", MEETING),
    _r("meetings:invitation", MEETING),
    _r("meetings:meeting_held", MEETING),
    _r("meetings:action_create", MEETING),
    _r("meetings:actions"),
    _r("meetings:action_done", ACTION_ITEM),
    _r("meetings:minutes", MINUTES),
    _r("meetings:minutes_start", MINUTES),
    _r("meetings:minutes_edit", MINUTES),
    _r("meetings:minutes_submit", MINUTES),
    _r("meetings:minutes_review", MINUTES),
    _r("meetings:minutes_revision", MINUTES, kwargs=lambda w, record: {"pk": record.pk, "number": 1}),
    _r("meetings:minutes_diff", MINUTES),
    _r("meetings:minutes_pdf", MINUTES),
    _r("meetings:minutes_amend", MINUTES),
    # Joint research.
    _r("research:list"),
    _r("research:create"),
    _r("research:detail", RESEARCH),
    _r("research:edit", RESEARCH),
    _r("research:propose", RESEARCH),
    _r("research:plan_version", RESEARCH, kwargs=_plan),
    _r("research:plan_approve", RESEARCH, kwargs=_plan),
    _r("research:plan_changes", RESEARCH, kwargs=_plan),
    _r("research:start", RESEARCH),
    _r("research:complete", RESEARCH),
    _r("research:end", RESEARCH),
    _r("research:report_create", RESEARCH),
    _r("research:milestone_done", RESEARCH, kwargs=_first("milestones", "milestone")),
    _r("research:deliverable_submit", RESEARCH, kwargs=_first("deliverables", "deliverable")),
    _r("research:deliverable_review", RESEARCH, kwargs=_first("deliverables", "deliverable")),
    _r("research:deliverable_accept", RESEARCH, kwargs=_first("deliverables", "deliverable")),
    _r("research:deliverable_fixes", RESEARCH, kwargs=_first("deliverables", "deliverable")),
    _r("research:summary_pdf", RESEARCH),
    _r("research:milestones_csv", RESEARCH),
    _r("research:milestones_xlsx", RESEARCH),
    # Training.
    _r("training:list"),
    _r("training:courses"),
    _r("training:course_create"),
    _r("training:course", COURSE),
    _r("training:course_edit", COURSE),
    _r("training:session_create", COURSE),
    _r("training:session", SESSION),
    _r("training:session_edit", SESSION),
    _r("training:session_cancel", SESSION),
    _r("training:enrol", SESSION),
    _r("training:nominate", SESSION),
    _r("training:enrolment_cancel", ENROLMENT),
    _r("training:enrolment_decide", ENROLMENT),
    _r("training:attendance", SESSION),
    _r("training:attendance_import", SESSION),
    _r("training:countersign", SESSION),
    _r("training:feedback_summary", SESSION),
    _r("training:feedback", ENROLMENT),
    _r("training:certificate_pdf", CERTIFICATE, kwargs=lambda w, record: {"pk": record.enrolment_id}),
    _r("training:certificate_revoke", CERTIFICATE),
    _r("training:figures"),
    _r("training:verify_form", anonymous={200, 405}),
    _r(
        "training:verify",
        CERTIFICATE,
        kwargs=lambda w, record: {"code": record.code},
        anonymous={200, 405},
        public=True,
    ),
    # IP projects.
    _r("projects:list"),
    _r("projects:create"),
    _r("projects:project", IP_PROJECT),
    _r("projects:edit", IP_PROJECT),
    _r("projects:publish", IP_PROJECT),
    _r("projects:advance", IP_PROJECT),
    _r("projects:indicator_report", IP_PROJECT, kwargs=_first("indicators", "indicator")),
    _r("projects:calls"),
    _r("projects:call_create", IP_PROJECT),
    _r("projects:call", CALL),
    _r("projects:call_edit", CALL),
    _r("projects:apply", CALL),
    _r("projects:applications"),
    _r("projects:to_review"),
    _r("projects:to_decide"),
    _r("projects:application", APPLICATION),
    _r("projects:application_edit", APPLICATION),
    _r("projects:application_withdraw", APPLICATION),
    _r("projects:review", APPLICATION),
    _r("projects:decide", APPLICATION),
    _r("projects:contributions", IP_PROJECT),
    _r("projects:contribution_create", IP_PROJECT),
    _r("projects:contribution_edit", CONTRIBUTION),
    _r("projects:contribution_confirm", CONTRIBUTION),
    _r("projects:to_confirm"),
    _r("projects:figures"),
    _r("projects:applications_xlsx", CALL),
    _r("projects:contributions_csv", IP_PROJECT),
    _r("projects:contributions_xlsx", IP_PROJECT),
    # The annual report.
    _r("reports:list"),
    _r("reports:year", kwargs=_year),
    _r("reports:generate", kwargs=_year),
    _r("reports:highlight_add", kwargs=_year),
    _r("reports:highlight_remove", HIGHLIGHT),
    _r("reports:detail", REPORT, kwargs=_report_version),
    _r("reports:progress", REPORT, kwargs=_report_version),
    _r("reports:review", REPORT, kwargs=_report_version),
    _r("reports:download", REPORT, kwargs=lambda w, record: _report_version(w, record) | {"edition": "pdf-zh"}),
    # The audit trail.
    _r("audit:trail"),
]
