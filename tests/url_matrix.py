"""The URL, persona and state matrix's data (tests/test_url_matrix.py): for every route of the URLconf, the record it
is about in each visibility state, how to build it, and what each persona's GET and empty POST must be answered.

A record's states are named from CAS's side; a SIPO persona reads them the other way round ("cas_draft" is its
other party's draft). Who may see a record in a state is the portal's one rule (protocol/visibility.py, DESIGN.md
"Who may see what"): staff of its own party always, the other party's staff when it is shared, no one without a
party; an area whose records follow another rule (applications, enrolments, notifications...) names the selector
that is its rule.

What one who sees it gets is stated by every route (there is no default): its kind (`page`, `form`, `confirm`,
`action`, `download`) and the checks its view makes, in the view's order, each the app's own predicate from its
permissions.py (or its selector, for "does this row exist for them") with the code a failure answers: 403 unless
it says otherwise, 404 where the view hides it, 303 where the record moved on (protocol/errors.py). The matrix
calls the app's own `can_*`, never a copy of it; where a view asked a question no predicate named, the predicate
was added to the app (meetings.can_sign_off_minutes; projects.can_decide_for_party).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import time_machine
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils import timezone

from cooperation.documents import permissions as document_rules
from cooperation.documents import selectors as document_selectors
from cooperation.documents.models import Confidentiality
from cooperation.documents.selectors import documents_visible_to
from cooperation.meetings import permissions as meeting_rules
from cooperation.meetings import selectors as meeting_selectors
from cooperation.meetings import services as meetings
from cooperation.meetings.models import MinutesStatus
from cooperation.meetings.selectors import meetings_visible_to
from cooperation.projects import permissions as project_rules
from cooperation.projects import selectors as project_selectors
from cooperation.projects import services as projects
from cooperation.projects.models import ProjectStatus, ProjectType
from cooperation.projects.selectors import applications_visible_to, calls_visible_to, contributions_visible_to
from cooperation.projects.selectors import projects_visible_to as ip_projects_visible_to
from cooperation.research import permissions as research_rules
from cooperation.research import selectors as research_selectors
from cooperation.research import services as research
from cooperation.research.models import PlanState, TeamRole
from cooperation.research.selectors import projects_visible_to as research_visible_to
from cooperation.training import permissions as training_rules
from cooperation.training import selectors as training_selectors
from cooperation.training import services as training
from cooperation.training.models import Attendance, Certificate, EnrolmentStatus
from cooperation.training.selectors import courses_visible_to, enrolments_visible_to, sessions_visible_to
from protocol.activities import permissions as activity_rules
from protocol.activities import services as ledger
from protocol.activities.models import Status
from protocol.activities.selectors import activities_visible_to
from protocol.agreement import permissions as agreement_rules
from protocol.agreement import selectors as agreement_selectors
from protocol.agreement import services as agreement
from protocol.agreement.selectors import amendments_visible_to, liaisons_visible_to
from protocol.api import permissions as api_rules
from protocol.audit import permissions as audit_rules
from protocol.mfa import policy as mfa_policy
from protocol.notifications.models import Notification
from protocol.reports import permissions as report_rules
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


# What a persona who sees the record (or, for a route about no record, a signed-in persona) gets: the statuses that
# are right, from the app's own predicates (permissions.py), asked in the order the view asks them.
Expect = Callable[..., set[int]]  # (world, user, record) → the statuses that are right
Pred = Callable[..., bool]  # (user, record) → what the app's predicate answers

MOVED_ON = 303  # the record moved on since the page was loaded (protocol/errors.py): back to it, with why


def status(*codes: int) -> Expect:
    return lambda w, user, record: set(codes)


PAGE = status(200)  # a page or a file, for all who see the record
NOT_TAKEN = status(405)  # a method the route does not take
DONE = status(302)  # acted (or nothing to do) and sent on


def checks(*steps: "Pred | tuple[int, Pred]", then: int) -> Expect:
    """The view's checks in its order: the first the user fails answers its code (403 unless it names another);
    `then` when all pass. A step is the app's predicate, or (code, predicate)."""
    pairs = [step if isinstance(step, tuple) else (403, step) for step in steps]

    def expect(w, user, record) -> set[int]:
        for code, allowed in pairs:
            if not allowed(user, record):
                return {code}
        return {then}

    return expect


def form(*steps, post: int = 200) -> dict:
    """GET shows the form; the empty POST shows it again with its errors (`post`: 400 where the view says so)."""
    return {"get": checks(*steps, then=200), "post": checks(*steps, then=post)}


def confirm(*steps, done: int = 302) -> dict:
    """GET asks to confirm; the POST (no fields needed) does it and sends on."""
    return {"get": checks(*steps, then=200), "post": checks(*steps, then=done)}


def action(*steps, done: int = 302) -> dict:
    """A button: POST only; it acts (or says why it did not, in a message) and sends on."""
    return {"get": NOT_TAKEN, "post": checks(*steps, then=done)}


def page(*steps) -> dict:
    """A page for all who see the record (or pass the steps); a POST to it is answered the page (a view that takes
    any method)."""
    return {"get": checks(*steps, then=200), "post": checks(*steps, then=200)}


def download(*steps) -> dict:
    """A file: GET only."""
    return {"get": checks(*steps, then=200), "post": NOT_TAKEN}


def who(predicate: Callable[..., bool]) -> Pred:
    """A predicate about the user alone (a role), for a route about no record or for any of its records."""
    return lambda user, record: predicate(user)


def seen(selector: Callable, predicate: Pred) -> Pred:
    """The predicate asked of the record as its page reads it: through the selector that annotates it for the user
    (a meeting's `invited`, a document's `granted`), as the view does."""
    return lambda user, record: predicate(user, selector(user, record.pk))


def either(*predicates: Pred) -> Pred:
    return lambda user, record: any(predicate(user, record) for predicate in predicates)


def neither(*predicates: Pred) -> Pred:
    return lambda user, record: not any(predicate(user, record) for predicate in predicates)


@dataclass(frozen=True)
class Route:
    name: str
    resource: Resource | None = None
    kwargs: Callable = field(default=lambda w, record: {"pk": record.pk})
    # What each one who sees the record (or any signed-in persona, on a route about no record) must be answered:
    # every route says it (no default).
    get: Expect = field(kw_only=True)
    post: Expect = field(kw_only=True)
    anonymous: set[int] | None = None  # None: sent to sign in (302 to the login page)
    public: bool = False  # reached by a secret in its URL (a certificate's code), not by the party rule


def _r(name, resource=None, **options) -> Route:
    if resource is None and "kwargs" not in options:
        options["kwargs"] = lambda w, record: {}
    return Route(name, resource, **options)


def _api_action(name: str) -> Route:
    """An API action on a record (POST only), tried on one that does not exist: 404 for all who are signed in, the
    token's 401 or 403 for the anonymous. Its rules are the pages' services, tried in tests/api."""
    return _r(name, kwargs=lambda w, record: {"pk": 999_999}, anonymous={401, 403}, get=NOT_TAKEN, post=status(404))


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


def exists(selector: Callable, pk: Callable = lambda record: record.pk) -> Pred:
    """The record is found by the area's selector for the user (its views answer 404 otherwise)."""

    def found(user, record) -> bool:
        try:
            selector(user, pk(record))
        except (ObjectDoesNotExist, Http404):
            return False
        return True

    return found


def _number_one(versions: Callable) -> Pred:
    """A route about version (revision) 1: it exists for the user (`versions`: (user, record) → its numbers)."""
    return lambda user, record: 1 in versions(user, record)


def _meeting(user, record):
    return meeting_selectors.meeting_with_people(user, record.pk)


DOWNLOADABLE = (404, seen(document_selectors.document_detail, document_rules.can_download))
# Version 1 of an amendment: none before it is proposed (a draft), for anyone.
AMENDMENT_V1 = (404, _number_one(lambda user, a: [v.number for v in agreement_selectors.versions_of(a)]))
MEETING_SEEN = (404, exists(meeting_selectors.meeting_with_people))
MINUTES_EXIST = (404, lambda user, record: meeting_selectors.minutes_of(record) is not None)


def _readable_revisions(user, record) -> list[int]:
    meeting = _meeting(user, record)
    minutes = meeting_selectors.minutes_of(meeting)
    return [r.number for r in meeting_selectors.minutes_revisions_readable_by(user, meeting, minutes)]


def _minutes_locked(user, record) -> bool:
    return meeting_selectors.minutes_of(record).is_locked


def _minutes_draft(user, record) -> bool:
    return meeting_selectors.minutes_of(record).status == MinutesStatus.DRAFT


def _research(predicate) -> Pred:
    """A research predicate, asked of the project as its actions read it (the team prefetched)."""
    return seen(research_selectors.project_for_action, predicate)


def _row(attribute: str):
    return lambda record: getattr(record, attribute).order_by("pk").first()


def _of_row(attribute: str, predicate) -> Pred:
    """A research predicate about one of the project's rows (a milestone, a deliverable): (user, project, row)."""
    return lambda user, record: predicate(
        user, research_selectors.project_for_action(user, record.pk), _row(attribute)(record)
    )


def _session_of(predicate) -> Pred:
    """A training predicate asked with the session's trainers, as the attendance pages ask it."""
    return lambda user, session: predicate(user, session, trainer_ids=training_selectors.trainer_ids(session))


def _reviewers(application) -> set[int]:
    return {person.pk for person in application.call.reviewers.all()}


ROUTES: list[Route] = [
    # The portal's own pages. An anonymous set of two codes is one per method (GET read or refused, POST done or
    # refused): the anonymous client's answer does not depend on anything else.
    _r("dashboard", **page()),
    _r("calendar", **page()),
    _r("healthz", anonymous={200}, **page()),
    _r("search", **page()),
    _r("favicon", anonymous={302}, get=DONE, post=DONE),  # to the static icon
    _r("help", **page()),
    # Asked with no name at all: the picker's form is incomplete (400), for everyone.
    _r("people_pick", get=status(400), post=status(400)),
    _r("language_switch", anonymous={302, 405}, **action()),
    _r("about", anonymous={200}, **page()),  # the protocol's public record
    # Signing in and out, passwords.
    _r("login", anonymous={200}, get=DONE, post=DONE),  # the signed-in are sent on
    _r("logout", anonymous={302, 405}, **action()),
    _r("password_change", **form()),
    _r("password_reset", anonymous={200}, **form()),
    _r("password_reset_done", anonymous={200, 405}, get=PAGE, post=NOT_TAKEN),
    _r(
        "password_reset_confirm",
        kwargs=lambda w, record: {"uidb64": "MQ", "token": "set-password"},
        anonymous={200},
        **page(),
    ),
    _r("password_reset_complete", anonymous={200, 405}, get=PAGE, post=NOT_TAKEN),
    # Set up the second factor: once one is set up, on to verifying it (302).
    _r("mfa:enrol", **form((302, neither(who(mfa_policy.has_authenticator))))),
    _r("mfa:recovery_codes", get=DONE, post=DONE),  # shown once, after enrolling: none waits in the session
    _r("mfa:verify", get=DONE, post=DONE),  # no authenticator yet (to enrol) or verified already (on)
    # The agreement.
    _r("agreement:amendment_create", **form(who(agreement_rules.can_propose_amendment))),
    _r("agreement:amendment", AMENDMENT, **page()),
    _r(
        "agreement:amendment_edit",
        AMENDMENT,
        **form((MOVED_ON, lambda user, a: not a.is_locked), agreement_rules.can_edit_amendment),
    ),
    # Proposed already (in review): the service says so (moved on).
    _r(
        "agreement:amendment_propose",
        AMENDMENT,
        **action(
            either(agreement_rules.can_edit_amendment, lambda user, a: a.is_locked),
            (MOVED_ON, agreement_rules.can_propose),
        ),
    ),
    _r(
        "agreement:amendment_version",
        AMENDMENT,
        kwargs=lambda w, record: {"pk": record.pk, "number": 1},
        **page(AMENDMENT_V1),
    ),
    _r(
        "agreement:amendment_review",
        AMENDMENT,
        kwargs=lambda w, record: {"pk": record.pk, "number": 1},
        **{
            "get": checks(
                who(agreement_rules.can_sign_off_amendments),
                AMENDMENT_V1,
                (
                    MOVED_ON,
                    lambda user, a: agreement_rules.can_review_amendment(
                        user, a, agreement_selectors.required_parties(a)
                    ),
                ),
                then=200,
            ),
            "post": checks(
                who(agreement_rules.can_sign_off_amendments),
                AMENDMENT_V1,
                then=200,  # the empty decision shown again with its errors
            ),
        },
    ),
    _r("agreement:liaisons", **page((404, who(agreement_rules.can_read_liaisons)))),
    _r(
        "agreement:liaison_create",
        **form(
            (404, either(who(agreement_rules.can_maintain_liaisons), who(agreement_rules.can_read_liaisons))),
            who(agreement_rules.can_maintain_liaisons),
        ),
    ),
    _r("agreement:liaison_edit", LIAISON, **form(agreement_rules.can_edit_liaison)),
    _r("agreement:liaison_remove", LIAISON, **confirm(agreement_rules.can_edit_liaison)),
    # The ledger.
    _r("activities:list", **page()),
    _r("activities:create", **form(who(activity_rules.can_log))),
    _r("activities:detail", ACTIVITY, **page()),
    _r("activities:edit", ACTIVITY, **form(activity_rules.can_edit)),
    _r("activities:submit", ACTIVITY, **action(activity_rules.can_submit)),
    _r("activities:confirm", ACTIVITY, **form(activity_rules.can_review)),  # the empty POST: the lock unticked
    _r("activities:return", ACTIVITY, **form(activity_rules.can_review)),  # the empty POST: no reason given
    _r("activities:delete", ACTIVITY, **confirm(activity_rules.can_delete)),
    # Notifications.
    # The REST API (protocol/api; each endpoint's who-may tables are tests/api). Signed out: 401 or 403 from
    # DRF, never the sign-in page. Signed in by session, which no token scope narrows (a read-only token's 403 is
    # tried in tests/api). The actions on a record are tried on one that does not exist (404 for all): their rules
    # are the pages' services, tried in tests/api. An empty form-encoded POST where JSON is read: 415.
    _r("api-schema", anonymous={200, 405}, get=PAGE, post=NOT_TAKEN),  # public: GET read, POST not taken
    _r("api-docs", anonymous={200, 405}, get=PAGE, post=NOT_TAKEN),
    _r("api_tokens:list", **page()),
    # Signed in by password alone: only those whose role needs no second factor make a token.
    _r("api_tokens:create", **form(who(lambda user: api_rules.can_create_token(user, verified=False)))),
    _r("api_tokens:revoke", kwargs=lambda w, record: {"pk": 999_999}, get=status(404), post=status(404)),
    _r("activity-list", anonymous={401, 403}, get=PAGE, post=checks(who(activity_rules.can_log), then=415)),
    _api_action("activity-log"),
    _r("activity-detail", ACTIVITY, anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _api_action("activity-confirm"),
    _api_action("activity-return"),
    _r("notification-list", anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("notification-read-all", anonymous={401, 403}, get=NOT_TAKEN, post=status(415)),
    _r(
        "notification-detail",
        kwargs=lambda w, record: {"pk": 999_999},
        anonymous={401, 403},
        get=status(404),
        post=NOT_TAKEN,
    ),
    _api_action("notification-read"),
    # Any other path under /api/: 404 in the API's error shape, to everyone.
    _r(
        "api-not-found",
        kwargs=lambda w, record: {"rest": "v1/nothing/"},
        anonymous={404},
        get=status(404),
        post=status(404),
    ),
    _r("document-list", anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("document-detail", DOCUMENT, anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r(
        "document-download",
        DOCUMENT,
        kwargs=lambda w, record: {"pk": record.pk, "number": 1},
        anonymous={401, 403},
        **download(DOWNLOADABLE),
    ),
    _r("meeting-list", anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("meeting-detail", MEETING, anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("meeting-minutes", MINUTES, anonymous={401, 403}, **download(MEETING_SEEN)),
    _api_action("meeting-rsvp"),
    _r("action-item-list", anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("action-item-detail", ACTION_ITEM, anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _api_action("action-item-done"),
    _r("research-project-list", anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("research-project-detail", RESEARCH, anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("training-course-list", anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("training-course-detail", COURSE, anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("training-session-list", anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("training-session-detail", SESSION, anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _api_action("training-session-enrol"),
    _r("training-enrolment-list", anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r(
        "training-enrolment-detail",
        ENROLMENT,
        anonymous={401, 403},
        # The API's enrolments are one's own (a coordinator's view of their staff's is the page's).
        **download((404, lambda user, record: training_selectors.enrolments_of(user).filter(pk=record.pk).exists())),
    ),
    _api_action("training-enrolment-cancel"),
    _r("ip-project-list", anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("ip-project-detail", IP_PROJECT, anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("ip-call-list", anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("ip-call-detail", CALL, anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("annual-report-list", anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r("annual-report-detail", REPORT, anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    _r(
        "annual-report-file",
        REPORT,
        kwargs=lambda w, record: {"pk": record.pk, "edition": "pdf-zh"},
        anonymous={401, 403},
        **download(),
    ),
    _r("report-highlight-list", anonymous={401, 403}, get=PAGE, post=NOT_TAKEN),
    # Coordinators only (as on the year's page): anyone else is answered as if there were none.
    _r(
        "report-highlight-detail", HIGHLIGHT, anonymous={401, 403}, **download((404, who(report_rules.can_read_drafts)))
    ),
    _r("notifications:inbox", **page()),
    _r("notifications:badge", **page()),
    _r("notifications:open", NOTIFICATION, **action()),  # read, and on to what it is about
    _r("notifications:mark_all_read", **form()),  # the empty POST: asked again how many
    _r("notifications:preferences", **form()),
    # Documents.
    _r("documents:list", **page()),
    _r("documents:create", **form(who(document_rules.can_upload))),
    _r("documents:pick", **page()),
    _r("documents:detail", DOCUMENT, **page()),
    _r("documents:edit", DOCUMENT, **form(document_rules.can_manage)),
    _r("documents:version_create", DOCUMENT, **form(document_rules.can_manage)),
    _r("documents:archive", DOCUMENT, **confirm(document_rules.can_manage)),  # the empty POST: not archived, stays
    # A version one may not download is, for them, one that does not exist (any method: files are read).
    _r(
        "documents:download",
        DOCUMENT,
        kwargs=lambda w, record: {"pk": record.pk, "number": 1},
        **page(DOWNLOADABLE),
    ),
    _r(
        "documents:preview",
        DOCUMENT,
        kwargs=lambda w, record: {"pk": record.pk, "number": 1},
        **page(DOWNLOADABLE),
    ),
    _r(
        "documents:thumbnail",
        DOCUMENT,
        kwargs=lambda w, record: {"pk": record.pk, "number": 1},
        **page(DOWNLOADABLE),
    ),
    _r(
        "documents:request_access",
        DOCUMENT,
        **form(seen(document_selectors.document_detail, document_rules.can_request_access)),
    ),
    _r("documents:download_log", DOCUMENT, **page((404, document_rules.can_manage))),
    # The decision on a request: its document's managers (404 for anyone else); the empty one is incomplete (400).
    _r(
        "documents:decide",
        ACCESS_REQUEST,
        **action((404, lambda user, r: document_rules.can_manage(user, r.document)), done=400),
    ),
    # Meetings and minutes.
    _r("meetings:list", **page()),
    _r("meetings:create", **form(who(meeting_rules.can_schedule))),
    _r("meetings:series_list", **page(who(meeting_rules.can_manage_series))),
    _r("meetings:series_create", **form(who(meeting_rules.can_manage_series))),
    _r("meetings:series_edit", SERIES, **form(who(meeting_rules.can_manage_series))),
    _r("meetings:calendar", **page()),
    _r("meetings:calendar_regenerate", **action()),
    _r("meetings:feed", FEED, kwargs=lambda w, record: {"token": record.token}, anonymous={200}, public=True, **page()),
    _r("meetings:detail", MEETING, **page()),
    _r("meetings:edit", MEETING, **form(meeting_rules.can_edit)),
    _r("meetings:cancel", MEETING, **confirm(meeting_rules.can_cancel)),
    # The invited answer (the empty answer is refused in a message): the view asks the selector's `invited`.
    _r("meetings:rsvp", MEETING, **action(seen(meeting_selectors.meeting_detail, lambda user, m: m.invited))),
    _r("meetings:invitation", MEETING, **page()),
    _r("meetings:meeting_held", MEETING, **action(meeting_rules.can_edit)),
    _r("meetings:action_create", MEETING, **form(meeting_rules.can_assign_actions)),
    _r("meetings:actions", **page()),
    _r("meetings:action_done", ACTION_ITEM, **form(meeting_rules.can_mark_done)),
    # The minutes' pages are about a meeting: whoever may not see it finds none (404), the outsider included.
    _r("meetings:minutes", MINUTES, **page(MEETING_SEEN)),
    # Opened already (the builder wrote them): on to editing.
    _r("meetings:minutes_start", MINUTES, **action(MEETING_SEEN, meeting_rules.can_write_minutes)),
    # Editing approved minutes is amending them, and the reverse: sent to the other (302).
    _r(
        "meetings:minutes_edit",
        MINUTES,
        **{
            "get": checks(
                MEETING_SEEN, MINUTES_EXIST, meeting_rules.can_write_minutes, (302, neither(_minutes_locked)), then=200
            ),
            "post": checks(MEETING_SEEN, MINUTES_EXIST, meeting_rules.can_write_minutes, then=200),
        },
    ),
    _r(
        "meetings:minutes_amend",
        MINUTES,
        **{
            "get": checks(
                MEETING_SEEN, MINUTES_EXIST, meeting_rules.can_write_minutes, (302, _minutes_locked), then=200
            ),
            "post": checks(MEETING_SEEN, MINUTES_EXIST, meeting_rules.can_write_minutes, then=200),
        },
    ),
    # Submitted already: the service says so (moved on).
    _r(
        "meetings:minutes_submit",
        MINUTES,
        **action(MEETING_SEEN, MINUTES_EXIST, meeting_rules.can_write_minutes, (MOVED_ON, _minutes_draft)),
    ),
    # Coordinators decide; minutes not waiting for review (a draft, or approved already) are the service's to say.
    _r(
        "meetings:minutes_review",
        MINUTES,
        **form(
            MEETING_SEEN,
            MINUTES_EXIST,
            who(meeting_rules.can_sign_off_minutes),
            (MOVED_ON, lambda user, m: meeting_rules.can_review_minutes(user, meeting_selectors.minutes_of(m))),
        ),
    ),
    # A revision one may not read (a draft of the other party's) is, for them, one that does not exist.
    _r(
        "meetings:minutes_revision",
        MINUTES,
        kwargs=lambda w, record: {"pk": record.pk, "number": 1},
        **page(MEETING_SEEN, (404, _number_one(_readable_revisions))),
    ),
    # Asked with no two revisions to compare: as if they did not exist (404), for everyone.
    _r("meetings:minutes_diff", MINUTES, get=status(404), post=status(404)),
    # The approved text only: none is approved in the matrix (404 for everyone).
    _r("meetings:minutes_pdf", MINUTES, get=status(404), post=status(404)),
    # Joint research.
    _r("research:list", **page()),
    _r("research:create", **form(who(research_rules.can_create))),
    _r("research:detail", RESEARCH, **page()),
    _r("research:edit", RESEARCH, **form(_research(research_rules.can_edit_plan))),
    _r(
        "research:propose",
        RESEARCH,
        **confirm(_research(research_rules.runs_project), (MOVED_ON, _research(research_rules.can_propose))),
    ),
    _r(
        "research:plan_version",
        RESEARCH,
        kwargs=_plan,
        # A draft's plan has no version yet (_plan asks for number 1): none, for anyone.
        **page((404, _number_one(lambda user, p: [v.number for v in research_selectors.plan_versions_of(p)]))),
    ),
    _r(
        "research:plan_approve",
        RESEARCH,
        kwargs=_plan,
        **action(
            (MOVED_ON, lambda user, p: p.plan_state == PlanState.IN_REVIEW), _research(research_rules.can_review_plan)
        ),
    ),
    # The empty request for changes: shown again, no comment given.
    _r(
        "research:plan_changes",
        RESEARCH,
        kwargs=_plan,
        **action(
            (MOVED_ON, lambda user, p: p.plan_state == PlanState.IN_REVIEW),
            _research(research_rules.can_review_plan),
            done=200,
        ),
    ),
    _r(
        "research:start",
        RESEARCH,
        **action(_research(research_rules.runs_project), (MOVED_ON, _research(research_rules.can_start))),
    ),
    _r(
        "research:complete",
        RESEARCH,
        **form(_research(research_rules.runs_project), (MOVED_ON, _research(research_rules.can_complete))),
    ),
    _r(
        "research:end",
        RESEARCH,
        **form(
            _research(research_rules.runs_project),
            (MOVED_ON, either(_research(research_rules.can_withdraw), _research(research_rules.can_cancel))),
        ),
    ),
    _r("research:report_create", RESEARCH, **form(_research(research_rules.can_report))),
    _r(
        "research:milestone_done",
        RESEARCH,
        kwargs=_first("milestones", "milestone"),
        **form(
            (MOVED_ON, lambda user, p: not _row("milestones")(p).is_done),
            _of_row("milestones", research_rules.can_complete_milestone),
        ),
    ),
    _r(
        "research:deliverable_submit",
        RESEARCH,
        kwargs=_first("deliverables", "deliverable"),
        **form(
            (MOVED_ON, lambda user, p: not _row("deliverables")(p).is_locked),
            _of_row("deliverables", research_rules.can_submit_deliverable),
        ),
    ),
    _r("research:deliverable_review", RESEARCH, kwargs=_first("deliverables", "deliverable"), **page()),
    # The empty acceptance: shown again.
    _r(
        "research:deliverable_accept",
        RESEARCH,
        kwargs=_first("deliverables", "deliverable"),
        **action(
            _research(research_rules.is_pi),
            (MOVED_ON, _of_row("deliverables", research_rules.can_decide_deliverable)),
            done=200,
        ),
    ),
    # The empty request for fixes: shown again.
    _r(
        "research:deliverable_fixes",
        RESEARCH,
        kwargs=_first("deliverables", "deliverable"),
        **action(
            _research(research_rules.is_pi),
            (MOVED_ON, _of_row("deliverables", research_rules.can_decide_deliverable)),
            done=200,
        ),
    ),
    _r("research:summary_pdf", RESEARCH, **download()),
    _r("research:milestones_csv", RESEARCH, **download()),
    _r("research:milestones_xlsx", RESEARCH, **download()),
    # Training.
    _r("training:list", **page()),
    _r("training:courses", **page()),
    _r("training:course_create", **form(who(training_rules.can_organise))),
    _r("training:course", COURSE, **page()),
    _r("training:course_edit", COURSE, **form(training_rules.can_edit_course)),
    _r("training:session_create", COURSE, **form(training_rules.can_edit_course)),
    _r("training:session", SESSION, **page()),
    # A session that moved on (over, or its attendance locked) is the service's to say.
    _r(
        "training:session_edit",
        SESSION,
        **form(
            lambda user, s: training_rules.can_edit_course(user, s.course), (MOVED_ON, training_rules.can_edit_session)
        ),
    ),
    _r(
        "training:session_cancel",
        SESSION,
        **confirm(
            lambda user, s: training_rules.can_edit_course(user, s.course), (MOVED_ON, training_rules.can_edit_session)
        ),
    ),
    _r("training:enrol", SESSION, **action()),  # outside the window, or enrolled already: the service's message
    _r("training:nominate", SESSION, **form(training_rules.can_nominate)),
    _r(
        "training:enrolment_cancel", ENROLMENT, **confirm(lambda user, e: training_rules.can_cancel(user, e, e.session))
    ),
    _r(
        "training:enrolment_decide",
        ENROLMENT,
        **form(
            (MOVED_ON, either(training_rules.can_decide, lambda user, e: e.status == EnrolmentStatus.PENDING)),
            training_rules.can_decide,
        ),
    ),
    # The empty marks: nothing changed, saved.
    _r(
        "training:attendance",
        SESSION,
        **form(
            (MOVED_ON, lambda user, s: s.attendance_locked_at is None),
            _session_of(training_rules.can_mark_attendance),
            post=302,
        ),
    ),
    # No file: the page shown again with the error.
    _r(
        "training:attendance_import",
        SESSION,
        **action(
            (MOVED_ON, lambda user, s: s.attendance_locked_at is None),
            _session_of(training_rules.can_mark_attendance),
            done=200,
        ),
    ),
    _r(
        "training:countersign",
        SESSION,
        **form((MOVED_ON, lambda user, s: s.attendance_locked_at is None), training_rules.can_countersign),
    ),
    _r("training:feedback_summary", SESSION, **download(_session_of(training_rules.can_see_feedback))),
    # The attendee's own, once, after the session: anyone else's enrolment is, for them, none (404).
    _r(
        "training:feedback",
        ENROLMENT,
        **form(
            (404, exists(training_selectors.own_enrolment)),
            lambda user, e: e.attendance in training.ATTENDED,
            (
                MOVED_ON,
                lambda user, e: training_rules.can_give_feedback(user, e, e.session, given=hasattr(e, "feedback")),
            ),
        ),
    ),
    _r(
        "training:certificate_pdf",
        CERTIFICATE,
        kwargs=lambda w, record: {"pk": record.enrolment_id},
        **download((404, exists(training_selectors.certificate_for, pk=lambda c: c.enrolment_id))),
    ),
    _r(
        "training:certificate_revoke",
        CERTIFICATE,
        **form(
            lambda user, c: training_rules.can_revoke_certificate(user, c.enrolment.session),
            (MOVED_ON, lambda user, c: c.revoked_at is None),
        ),
    ),
    _r("training:figures", **download((404, who(has_party)))),
    _r("training:verify_form", anonymous={200, 405}, get=PAGE, post=NOT_TAKEN),
    _r(
        "training:verify",
        CERTIFICATE,
        kwargs=lambda w, record: {"code": record.code},
        anonymous={200, 405},
        public=True,
        get=PAGE,
        post=NOT_TAKEN,
    ),
    # IP projects.
    _r("projects:list", **page()),
    _r("projects:create", **form(who(project_rules.can_organise))),
    _r("projects:project", IP_PROJECT, **page()),
    _r(
        "projects:edit",
        IP_PROJECT,
        **form(
            project_rules.organises,
            (MOVED_ON, project_rules.can_edit_project),
        ),
    ),
    _r(
        "projects:publish",
        IP_PROJECT,
        **confirm(project_rules.is_organising_coordinator, (MOVED_ON, project_rules.can_publish)),
    ),
    _r(
        "projects:advance",
        IP_PROJECT,
        # The empty POST names no status to move to: a page loaded before the project moved on (the service's).
        **confirm(project_rules.is_organising_coordinator, (MOVED_ON, project_rules.can_advance), done=MOVED_ON),
    ),
    _r(
        "projects:indicator_report",
        IP_PROJECT,
        kwargs=_first("indicators", "indicator"),
        **form(
            project_rules.organises,
            (MOVED_ON, project_rules.can_edit_project),
        ),
    ),
    _r("projects:calls", **page()),
    _r(
        "projects:call_create",
        IP_PROJECT,
        **form(
            either(project_rules.can_add_call, project_rules.can_edit_project),
            (MOVED_ON, project_rules.can_add_call),
        ),
    ),
    _r("projects:call", CALL, **page()),
    _r("projects:call_edit", CALL, **form(project_rules.can_edit_call)),
    # Eligible (the other party's staff) and the call open: the form; anyone else the refusal's page (403).
    _r("projects:apply", CALL, **form(project_rules.can_apply)),
    _r("projects:applications", **page()),
    _r("projects:to_review", **page()),
    _r("projects:to_decide", **page(who(project_rules.can_decide_for_party))),
    _r("projects:application", APPLICATION, **page()),
    _r(
        "projects:application_edit",
        APPLICATION,
        **{
            "get": checks(project_rules.is_applicant, (MOVED_ON, project_rules.can_edit_application), then=200),
            "post": checks(project_rules.is_applicant, then=200),
        },
    ),
    _r(
        "projects:application_withdraw",
        APPLICATION,
        **{
            "get": checks(project_rules.is_applicant, (MOVED_ON, project_rules.can_withdraw), then=200),
            "post": checks(project_rules.is_applicant, (MOVED_ON, project_rules.can_withdraw), then=302),
        },
    ),
    # The organising party's pages: the applicant's party never learns of reviews (404).
    _r(
        "projects:review",
        APPLICATION,
        **form(
            (404, lambda user, a: project_rules.is_organiser(user, a.call.project)),
            lambda user, a: project_rules.is_reviewer(user, reviewer_ids=_reviewers(a)),
            (MOVED_ON, lambda user, a: project_rules.can_review(user, a, reviewer_ids=_reviewers(a))),
            post=302,  # a POST with no score is still kept, as a draft
        ),
    ),
    _r(
        "projects:decide",
        APPLICATION,
        **form(
            (404, lambda user, a: project_rules.is_organiser(user, a.call.project)),
            lambda user, a: project_rules.is_organising_coordinator(user, a.call.project),
            (MOVED_ON, project_rules.can_decide),
        ),
    ),
    _r("projects:contributions", IP_PROJECT, **page()),
    _r(
        "projects:contribution_create",
        IP_PROJECT,
        **form(
            lambda user, p: project_rules.can_record_contribution(
                user, p, participant=project_selectors.participant_of(user, p)
            )
        ),
    ),
    _r(
        "projects:contribution_edit",
        CONTRIBUTION,
        **form(project_rules.is_contributor, (MOVED_ON, project_rules.can_edit_contribution)),
    ),
    _r(
        "projects:contribution_confirm",
        CONTRIBUTION,
        **form(
            lambda user, c: project_rules.is_organising_coordinator(user, c.project),
            (MOVED_ON, project_rules.can_confirm_contribution),
        ),
    ),
    _r("projects:to_confirm", **page((404, who(has_party)), who(project_rules.can_decide_for_party))),
    _r("projects:figures", **page((404, who(has_party)))),
    _r("projects:applications_xlsx", CALL, **download(project_rules.can_export_applications)),
    _r("projects:contributions_csv", IP_PROJECT, **download()),
    _r("projects:contributions_xlsx", IP_PROJECT, **download()),
    # The annual report.
    _r("reports:list", **page((404, who(report_rules.can_read_reports)))),
    _r("reports:year", kwargs=_year, **page((404, who(report_rules.can_read_reports)))),
    _r(
        "reports:generate",
        kwargs=_year,
        **form((404, who(report_rules.can_read_reports)), who(report_rules.can_generate)),
    ),
    # The empty highlight: the year's page shown again with its errors (400).
    _r(
        "reports:highlight_add",
        kwargs=_year,
        **action((404, who(report_rules.can_read_reports)), who(report_rules.can_choose_highlights), done=400),
    ),
    _r("reports:highlight_remove", HIGHLIGHT, **action((404, who(report_rules.can_read_drafts)))),
    _r("reports:detail", REPORT, kwargs=_report_version, **page()),
    _r("reports:progress", REPORT, kwargs=_report_version, **page()),
    _r("reports:review", REPORT, kwargs=_report_version, **form(report_rules.can_review)),
    _r(
        "reports:download",
        REPORT,
        kwargs=lambda w, record: _report_version(w, record) | {"edition": "pdf-zh"},
        **page(),
    ),
    # The audit trail.
    _r("audit:trail", **page((404, who(audit_rules.can_read_trail)))),
]
