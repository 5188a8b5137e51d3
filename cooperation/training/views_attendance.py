"""After a session: attendance (marked, or imported from CSV), the other party's countersignature, certificates
(PDF with a QR code, revocation), the public verification page, feedback, and the area's figures.

Each view: the session the user may see or 404, the permission or 403, a form, one service, a redirect with a
message. What the session no longer allows (locked, already given) is the service's TrainingError, shown by
the middleware on the session's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from protocol.audit.middleware import client_address
from protocol.downloads import attachment_disposition
from protocol.forms import merge_service_errors
from protocol.once.submissions import create_or_existing, created_by_resubmission
from protocol.signoff import selectors as signoff_selectors
from protocol.visibility import has_party, visible_or_404

from . import attendance_csv, certificates, permissions, selectors, services
from .figures import figures as figures_of
from .forms_attendance import (
    AttendanceForm,
    AttendanceImportForm,
    CountersignForm,
    FeedbackForm,
    FiguresFilterForm,
    RevokeForm,
    VerifyForm,
)
from .models import TrainingSession


def _posted(request):
    """The POST data of a POST (even one with no fields), None otherwise: a confirmation is bound when sent."""
    return request.POST if request.method == "POST" else None


# Attendance: marked by a trainer or the organising party's coordinator, one page or one CSV file.


def _may_mark(user, session: TrainingSession) -> None:
    if session.attendance_locked_at is not None:
        raise services.TrainingError(_("The attendance is countersigned and locked."), record=session)
    if not permissions.can_mark_attendance(user, session, trainer_ids=selectors.trainer_ids(session)):
        raise PermissionDenied


@login_required
def attendance(request, pk):
    session = visible_or_404(selectors.session_for_attendance, request.user, pk)
    _may_mark(request.user, session)
    form = AttendanceForm(_posted(request), enrolled=selectors.enrolled_on(session))
    if form.is_valid():
        try:
            changed = services.attendance_mark(session=session, by=request.user, marks=form.marks())
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("Attendance saved: %(count)d changed.") % {"count": changed})
            return redirect("training:attendance", pk=session.pk)
    return _attendance_page(request, session, form=form)


def _attendance_page(request, session, *, form=None, import_form=None, bad_rows=(), status=200):
    form = form or AttendanceForm(enrolled=selectors.enrolled_on(session))
    context = {
        "session": session,
        "form": form,
        "import_form": import_form or AttendanceImportForm(),
        "bad_rows": bad_rows,
    }
    return render(request, "training/attendance.html", context, status=status)


@login_required
@require_POST
def attendance_import(request, pk):
    session = visible_or_404(selectors.session_for_attendance, request.user, pk)
    _may_mark(request.user, session)
    form = AttendanceImportForm(request.POST, request.FILES)
    bad_rows = []
    if form.is_valid():
        parsed = attendance_csv.parse(form.cleaned_data["file"].read(), selectors.enrolled_on(session))
        bad_rows = parsed.errors
        if bad_rows:
            form.add_error(None, _("Nothing was imported: correct the rows listed below and import the file again."))
        else:
            try:
                changed = services.attendance_mark(session=session, by=request.user, marks=parsed.marks)
            except ValidationError as exc:
                merge_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Attendance imported: %(rows)d rows, %(count)d changed.")
                    % {"rows": len(parsed.marks), "count": changed},
                )
                return redirect("training:attendance", pk=session.pk)
    return _attendance_page(request, session, import_form=form, bad_rows=bad_rows)


# The other party's coordinator countersigns the attendance of its own staff.


@login_required
def countersign(request, pk):
    session = visible_or_404(selectors.session_for_attendance, request.user, pk)
    if session.attendance_locked_at is not None:
        raise services.TrainingError(_("The attendance is countersigned and locked."), record=session)
    if not permissions.can_countersign(request.user, session):
        raise PermissionDenied
    current = services.attendance_version(session, request.user.party_id)
    form = CountersignForm(_posted(request), initial={"version": current.sha256})
    if form.is_valid():
        try:
            services.attendance_countersign(session=session, by=request.user, version=form.cleaned_data["version"])
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("Attendance countersigned for your party."))
            return redirect(session)
    staff = list(selectors.enrolled_on(session, party_id=request.user.party_id))
    context = {
        "session": session,
        "form": form,
        "staff": staff,
        "unmarked": [e for e in staff if not e.attendance],
        "approvals": signoff_selectors.approvals_of(session, version=current),
    }
    return render(request, "training/countersign.html", context)


# Certificates: the PDF for its holder and the organisers; revocation by the organising party's coordinator.


@login_required
@require_GET
def certificate_pdf(request, pk):
    certificate = visible_or_404(selectors.certificate_for, request.user, pk)
    response = HttpResponse(certificates.certificate_pdf(certificate), content_type="application/pdf")
    name = certificate.enrolment.user.full_name
    response["Content-Disposition"] = attachment_disposition(
        _("Certificate %(name)s.pdf") % {"name": name}, ascii_filename=f"certificate-{certificate.pk}.pdf"
    )
    return response


@login_required
def certificate_revoke(request, pk):
    certificate = visible_or_404(selectors.certificate_visible_to, request.user, pk)
    session = certificate.enrolment.session
    if not permissions.can_revoke_certificate(request.user, session):
        raise PermissionDenied
    if certificate.revoked_at is not None:
        raise services.TrainingError(_("This certificate is already revoked."), record=session)
    form = RevokeForm(_posted(request))
    if form.is_valid():
        try:
            services.certificate_revoke(certificate=certificate, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("The certificate is revoked."))
            return redirect(session)
    return render(request, "training/certificate_revoke.html", {"certificate": certificate, "form": form})


# Public verification: no sign-in; shows name, course, session date, issuing party and valid or revoked.


def _robots_noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def verify_form(request):
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        return _verification(request, form.cleaned_data["code"], form=form)
    return _robots_noindex(render(request, "training/verify_form.html", {"form": form}))


@require_GET
def verify(request, code):
    return _verification(request, code, form=VerifyForm())


def _verification(request, code: str, *, form):
    certificate = services.certificate_verify(code=code, address=client_address(request))
    context = {"form": form}
    if certificate is not None:
        session = certificate.enrolment.session
        context |= {
            "certificate": certificate,
            "holder": certificate.enrolment.user.full_name,
            "course": session.course,
            "session_date": timezone.localdate(session.starts_at),
            "party": session.course.organising_party,
        }
    response = render(request, "training/verify.html", context, status=200 if certificate else 404)
    return _robots_noindex(response)


# Feedback: the attendee's, once; the aggregate for trainers and the organisers.


@login_required
def feedback(request, pk):
    if (done := created_by_resubmission(request)) is not None:
        return redirect(done.enrolment.session)
    enrolment = visible_or_404(selectors.own_enrolment, request.user, pk)
    session = enrolment.session
    if enrolment.attendance not in services.ATTENDED:
        raise PermissionDenied
    if session.ends_at > timezone.now():
        raise services.TrainingError(_("Feedback comes after the session."), record=session)
    if hasattr(enrolment, "feedback"):
        raise services.TrainingError(_("You have already given your feedback on this session."), record=session)
    form = FeedbackForm(_posted(request), questions=session.course.feedback_questions)
    if form.is_valid():
        try:
            create_or_existing(
                request,
                form,
                lambda: services.feedback_give(
                    enrolment=enrolment, by=request.user, ratings=form.ratings(), comment=form.cleaned_data["comment"]
                ),
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your feedback is recorded."))
            return redirect(session)
    return render(request, "training/feedback.html", {"session": session, "form": form})


@login_required
@require_GET
def feedback_summary(request, pk):
    session = visible_or_404(selectors.session_for_attendance, request.user, pk)
    if not permissions.can_see_feedback(request.user, session, trainer_ids=selectors.trainer_ids(session)):
        raise PermissionDenied
    answers = selectors.feedback_on(session)
    questions = []
    for question in session.course.feedback_questions:
        given = [int(ratings[question]) for ratings, _comment in answers if question in ratings]
        questions.append(
            {
                "question": question,
                "average": sum(given) / len(given) if given else None,
                "counts": [(n, given.count(n)) for n in range(1, 6)],
                "answers": len(given),
            }
        )
    comments = [comment for _ratings, comment in answers if comment]
    context = {"session": session, "questions": questions, "comments": comments, "responses": len(answers)}
    return render(request, "training/feedback_summary.html", context)


# The area's figures, per party and year.


@login_required
@require_GET
def figures(request):
    if not has_party(request.user):
        raise Http404
    form = FiguresFilterForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else None
    rows = figures_of(request.user, year=year)
    return render(request, "training/figures.html", {"form": form, "rows": rows, "year": year})
