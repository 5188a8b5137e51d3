"""The training pages: the session lists, courses, sessions, and the enrolment actions. The attendance,
certificate, feedback and figures pages are in views_attendance.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from protocol import search
from protocol.forms import merge_service_errors
from protocol.lists import list_page
from protocol.once.submissions import create_or_existing
from protocol.parties.roles import Role
from protocol.visibility import holds_role, visible_or_404

from . import permissions, selectors, services
from .exports import COURSES, SCOPE_EXPORTS
from .filters import CourseFilter, SessionFilter
from .forms import CourseForm, DecideForm, NominateForm, SessionForm
from .models import EnrolmentStatus, SessionStatus, TrainingSession

SCOPES = ["upcoming", "mine", "approve", "past"]


@login_required
def session_list(request):
    user = request.user
    scope = request.GET.get("scope")
    if scope not in SCOPES or (scope == "approve" and not holds_role(user, Role.COORDINATOR)):
        scope = "upcoming"
    sessions = {**selectors.SESSION_LISTS, "approve": selectors.sessions_visible_to}[scope](user)
    filterset = SessionFilter(request.GET or None, queryset=sessions)
    query = request.GET.get("q", "").strip()
    searching = bool(search.query_terms(query))
    if scope == "approve":
        rows = selectors.enrolments_to_decide_in(user, filterset.qs)
        ranked = selectors.matching(rows, query, through="session__course") if searching else None
        context = list_page(request, filterset, rows=rows, ranked=ranked, export=SCOPE_EXPORTS[scope])
    else:
        ranked = selectors.matching(filterset.qs, query) if searching else None
        context = list_page(request, filterset, ranked=ranked, export=SCOPE_EXPORTS[scope])
    if download := context["page"].download:
        return download
    if scope != "approve":
        page = context["page"].object_list
        selectors.with_seats(page)
        if scope == "mine":
            selectors.with_my_enrolment(user, page)
    context |= {
        "scope": scope,
        "query": query,
        "can_organise": permissions.can_organise(user),
        "is_coordinator": holds_role(user, Role.COORDINATOR),
    }
    return render(request, "training/list.html", context)


@login_required
def course_list(request):
    filterset = CourseFilter(request.GET or None, queryset=selectors.courses_visible_to(request.user))
    query = request.GET.get("q", "").strip()
    ranked = search.apply_search(filterset.qs, query) if search.query_terms(query) else None
    context = list_page(request, filterset, ranked=ranked, export=COURSES)
    if download := context["page"].download:
        return download
    context |= {"query": query, "can_organise": permissions.can_organise(request.user)}
    return render(request, "training/courses.html", context)


@login_required
def course_create(request):
    if not permissions.can_organise(request.user):
        raise PermissionDenied
    form = CourseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            course, created = create_or_existing(
                request, form, lambda: services.course_create(by=request.user, fields=form.to_fields())
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Course saved. Add its first session."))
            return redirect(course)
    return render(request, "training/course_form.html", {"form": form})


@login_required
def course_detail(request, pk):
    course = visible_or_404(selectors.course_detail, request.user, pk)
    context = {
        "course": course,
        "sessions": selectors.sessions_of_course(course),
        "can_edit": permissions.can_edit_course(request.user, course),
    }
    return render(request, "training/course.html", context)


@login_required
def course_edit(request, pk):
    course = visible_or_404(selectors.course_detail, request.user, pk)
    if not permissions.can_edit_course(request.user, course):
        raise PermissionDenied
    stored_title = course.title  # the form writes the posted values onto the instance as it validates
    form = CourseForm(request.POST or None, instance=course, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_update(course=course, by=request.user, fields=form.to_fields())
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(course)
    return render(request, "training/course_form.html", {"form": form, "course": course, "stored_title": stored_title})


@login_required
def session_create(request, pk):
    course = visible_or_404(selectors.course_detail, request.user, pk)
    if not permissions.can_edit_course(request.user, course):
        raise PermissionDenied
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session, created = create_or_existing(
                request,
                form,
                lambda: services.session_create(course=course, by=request.user, fields=form.to_fields()),
            )
        except ValidationError as exc:
            merge_service_errors(form, exc, elsewhere={"seats": form._seats_errors})
        else:
            if created:
                messages.success(request, _("Session scheduled."))
            return redirect(session)
    return render(request, "training/session_form.html", {"form": form, "course": course})


@login_required
def session_detail(request, pk):
    user = request.user
    session = visible_or_404(selectors.session_detail, user, pk)
    course = session.course
    mine = selectors.my_enrolment(user, session)
    position = None
    if mine is not None and mine.status == EnrolmentStatus.WAITLISTED:
        position = selectors.waitlist_positions(user, [session.pk]).get(session.pk)
    organiser = user.party_id == course.organising_party_id
    coordinator = holds_role(user, Role.COORDINATOR)
    trainer_ids = {trainer.pk for trainer in session.trainers.all()}
    # The organiser's staff see everyone; a coordinator of the other party sees their own party's staff.
    enrolees = None
    if organiser or coordinator:
        may_revoke = permissions.can_revoke_certificate(user, session)
        enrolees = [e for e in selectors.enrolees_of(session) if organiser or e.party_id == user.party_id]
        for enrolment in enrolees:
            enrolment.can_decide = permissions.can_decide(user, enrolment)
            enrolment.can_withdraw = enrolment.user_id != user.pk and permissions.can_cancel(user, enrolment, session)
            # Certificates are for their holder and the organising party's staff (selectors.certificate_for).
            enrolment.held_certificate = getattr(enrolment, "certificate", None) if organiser else None
            certificate = enrolment.held_certificate
            enrolment.can_revoke = may_revoke and certificate is not None and certificate.is_valid
    context = {
        "session": session,
        "course": course,
        "mine": mine,
        "my_position": position,
        "my_certificate": getattr(mine, "certificate", None),
        "can_enrol": mine is None and permissions.can_enrol(user, session),
        "enrolment_open": permissions.enrolment_open(session),
        "can_cancel_mine": mine is not None and permissions.can_cancel(user, mine, session),
        "can_edit": permissions.can_edit_session(user, session),
        "can_nominate": permissions.can_nominate(user, session),
        "enrolees": enrolees,
        "can_mark_attendance": permissions.can_mark_attendance(user, session, trainer_ids=trainer_ids),
        "can_countersign": permissions.can_countersign(user, session),
        "can_see_feedback": permissions.can_see_feedback(user, session, trainer_ids=trainer_ids),
        "can_give_feedback": permissions.can_give_feedback(
            user, mine, session, given=mine is not None and hasattr(mine, "feedback")
        ),
        "may_ask_withdrawal": permissions.may_still_withdraw(mine, session),
        "is_cancelled": session.status == SessionStatus.CANCELLED,
    }
    return render(request, "training/session.html", context)


@login_required
def session_edit(request, pk):
    session = visible_or_404(selectors.session_detail, request.user, pk)
    _may_change(request.user, session, _("This session can no longer be changed."))
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_update(session=session, by=request.user, fields=form.to_fields())
        except ValidationError as exc:
            merge_service_errors(form, exc, elsewhere={"seats": form._seats_errors})
        else:
            messages.success(request, _("Changes saved. The enrolled have been told."))
            return redirect(session)
    return render(request, "training/session_form.html", {"form": form, "course": session.course, "session": session})


@login_required
def session_cancel(request, pk):
    session = visible_or_404(selectors.session_detail, request.user, pk)
    _may_change(request.user, session, _("Only a scheduled session can be cancelled."))
    if request.method == "POST":
        services.session_cancel(session=session, by=request.user)
        messages.success(request, _("Session cancelled. The enrolled and the waitlisted have been told."))
        return redirect(session)
    return render(request, "training/session_cancel.html", {"session": session})


def _may_change(user, session: TrainingSession, moved_on: str) -> None:
    """403 for who may not change the course's sessions at all; a session that moved on (cancelled, its
    attendance locked) is the service's message, shown on the session's page."""
    if not permissions.can_edit_course(user, session.course):
        raise PermissionDenied
    if not permissions.can_edit_session(user, session):
        raise services.TrainingError(moved_on, record=session)


@login_required
@require_POST
def enrol(request, pk):
    session = visible_or_404(selectors.session_detail, request.user, pk)
    try:
        enrolment = services.enrolment_create(session=session, user=request.user)
    except ValidationError as exc:
        # Outside the window, or already enrolled: the service's reason.
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _enrolled_message(enrolment.status))
    return redirect(session)


def _enrolled_message(status: str) -> str:
    if status == EnrolmentStatus.WAITLISTED:
        return _("All seats of your party are taken: you are on its waitlist and will be told when a seat is yours.")
    if status == EnrolmentStatus.PENDING:
        return _("Your seat is held until your party's coordinator approves the enrolment.")
    return _("You are enrolled.")


@login_required
def nominate(request, pk):
    session = visible_or_404(selectors.session_detail, request.user, pk)
    if not permissions.can_nominate(request.user, session):
        raise PermissionDenied
    form = NominateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            enrolment, created = create_or_existing(
                request,
                form,
                lambda: services.enrolment_create(session=session, user=person, by=request.user),
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if created:
                messages.success(
                    request,
                    _("%(name)s: %(status)s.") % {"name": person.full_name, "status": enrolment.get_status_display()},
                )
            return redirect(session)
    return render(request, "training/nominate.html", {"form": form, "session": session})


@login_required
def enrolment_cancel(request, pk):
    enrolment = visible_or_404(selectors.enrolment_detail, request.user, pk)
    session = enrolment.session
    if not permissions.can_cancel(request.user, enrolment, session):
        raise PermissionDenied
    own = enrolment.user_id == request.user.pk
    if request.method == "POST":
        services.enrolment_cancel(enrolment=enrolment, by=request.user)
        if own:
            messages.success(request, _("Your enrolment is cancelled."))
        else:
            messages.success(request, _("%(name)s is withdrawn.") % {"name": enrolment.user.full_name})
        return redirect(session)
    return render(request, "training/enrolment_cancel.html", {"enrolment": enrolment, "session": session, "own": own})


@login_required
def enrolment_decide(request, pk):
    enrolment = visible_or_404(selectors.enrolment_detail, request.user, pk)
    session = enrolment.session
    if not permissions.can_decide(request.user, enrolment):
        if enrolment.status != EnrolmentStatus.PENDING:
            raise services.TrainingError(_("This enrolment has already been decided."), record=session)
        raise PermissionDenied
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_decide(
                enrolment=enrolment, by=request.user, approve=form.approve, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            name = enrolment.user.full_name
            if form.approve:
                messages.success(request, _("%(name)s's enrolment is approved.") % {"name": name})
            else:
                messages.success(request, _("%(name)s's enrolment is declined.") % {"name": name})
            return redirect(session)
    context = {"form": form, "enrolment": enrolment, "session": session}
    return render(request, "training/enrolment_decide.html", context)
