"""The pages of calls for participation: the open calls, a call and its form, applying, the applicant's,
the reviewer's and the coordinator's lists, an application, its review and the decision on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from protocol.forms import merge_service_errors
from protocol.language import datetime_in_words
from protocol.lists import page_of
from protocol.once.submissions import create_or_existing, created_by_resubmission
from protocol.visibility import visible_or_404

from . import exports, permissions, selectors, services
from .forms_calls import ApplicationForm, CallForm, DecideForm, ReviewForm
from .models import Application, ApplicationStatus, Call, Decision

SUBMIT = "submit"


@login_required
def call_list(request):
    page = page_of(request, selectors.calls_open(request.user), export=exports.CALLS)
    if page.download:
        return page.download
    return render(request, "projects/calls.html", {"page": page})


@login_required
def call_create(request, pk):
    project = visible_or_404(selectors.project_visible_to, request.user, pk)
    if not permissions.can_add_call(request.user, project):
        if permissions.can_edit_project(request.user, project):
            raise services.ProjectError(
                _("Calls are opened while a project is planned or open for participation."), record=project
            )
        raise PermissionDenied
    form = CallForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            call, created = create_or_existing(
                request, form, lambda: services.call_create(project=project, by=request.user, fields=form.to_fields())
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Call saved."))
            return redirect(call)
    return render(request, "projects/call_form.html", {"form": form, "project": project})


@login_required
def call_detail(request, pk):
    user = request.user
    call = visible_or_404(selectors.call_detail, user, pk)
    project = call.project
    reviewers = list(call.reviewers.all())
    organiser_reads = permissions.is_organising_coordinator(user, project) or (
        permissions.is_organiser(user, project) and user.pk in {person.pk for person in reviewers}
    )
    mine = selectors.application_of(user, call)
    context = {
        "call": call,
        "project": project,
        "reviewers": reviewers,
        "accepted": selectors.accepted_count(call),
        "is_open": permissions.call_is_open(call),
        "has_closed": permissions.call_has_closed(call),
        "closed_at": datetime_in_words(call.closes_at),
        "mine": mine,
        "can_apply": mine is None and permissions.can_apply(user, call),
        "can_edit": permissions.can_edit_call(user, call),
        "applications": list(selectors.with_average(selectors.applications_in(call))) if organiser_reads else None,
        "can_export": organiser_reads and permissions.can_export_applications(user, call),
    }
    return render(request, "projects/call.html", context)


@login_required
def call_edit(request, pk):
    call = visible_or_404(selectors.call_detail, request.user, pk)
    if not permissions.can_edit_call(request.user, call):
        raise PermissionDenied
    stored_title = call.title  # the form writes the posted values onto the instance as it validates
    form = CallForm(request.POST or None, instance=call, project=call.project)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_update(call=call, by=request.user, fields=form.to_fields())
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(call)
    context = {"form": form, "project": call.project, "call": call, "stored_title": stored_title}
    return render(request, "projects/call_form.html", context)


@login_required
def application_create(request, pk):
    user = request.user
    call = visible_or_404(selectors.call_detail, user, pk)
    if (earlier := created_by_resubmission(request)) is not None:
        return redirect(earlier)
    mine = selectors.application_of(user, call)
    if mine is not None:
        messages.info(request, _("You have already applied to this call."))
        return redirect(mine)
    try:
        services.application_eligibility_check(call=call, by=user)
    except ValidationError as exc:
        context = {"call": call, "refusal": " ".join(exc.messages)}
        return render(request, "projects/application_form.html", context, status=403)
    if request.method == "GET":
        # A form loaded before the deadline and sent after it is the service's to refuse (with the time).
        services.call_open_check(call=call)
    submit = request.POST.get("action") == SUBMIT
    form = ApplicationForm(request.POST or None, user=user, submit=submit)
    if request.method == "POST" and form.is_valid():
        try:
            application, created = create_or_existing(
                request,
                form,
                lambda: services.application_start(call=call, by=user, fields=form.to_fields(), submit=submit),
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _application_saved(application))
            return redirect(application)
    return render(request, "projects/application_form.html", {"form": form, "call": call})


def _application_saved(application: Application) -> str:
    if application.status == ApplicationStatus.SUBMITTED:
        return _("Application submitted. The organising party's reviewers have been told.")
    return _("Draft saved. Only you see it until you submit it.")


@login_required
def application_list(request):
    page = page_of(request, selectors.applications_of(request.user), export=exports.MY_APPLICATIONS)
    if page.download:
        return page.download
    return render(request, "projects/applications.html", {"page": page})


@login_required
def review_list(request):
    page = page_of(request, selectors.applications_to_review(request.user), export=exports.TO_REVIEW)
    if page.download:
        return page.download
    return render(request, "projects/to_review.html", {"page": page})


@login_required
def decide_list(request):
    if not permissions.can_decide_for_party(request.user):
        raise PermissionDenied
    page = page_of(request, selectors.applications_to_decide(request.user), export=exports.TO_DECIDE)
    if page.download:
        return page.download
    selectors.given_averages(page.object_list)
    return render(request, "projects/to_decide.html", {"page": page})


@login_required
def application_detail(request, pk):
    user = request.user
    application = visible_or_404(selectors.application_detail, user, pk)
    call = application.call
    project = call.project
    reviewer_ids = {person.pk for person in call.reviewers.all()}
    is_reviewer = permissions.is_organiser(user, project) and permissions.is_reviewer(user, reviewer_ids=reviewer_ids)
    coordinator = permissions.is_organising_coordinator(user, project)
    context = {
        "application": application,
        "call": call,
        "is_applicant": permissions.is_applicant(user, application),
        "can_edit": permissions.can_edit_application(user, application),
        "can_withdraw": permissions.can_withdraw(user, application),
        "is_reviewer": is_reviewer,
        "my_review": selectors.review_of(application, user) if is_reviewer else None,
        "can_review": permissions.can_review(user, application, reviewer_ids=reviewer_ids),
        # The applicant's party reads none of them (selectors.reviews_readable_by).
        "reviews": list(selectors.reviews_readable_by(user, application)),
        "is_coordinator": coordinator,
        "average": selectors.average_of(application) if coordinator else None,
        "missing": list(selectors.reviews_missing(application)) if coordinator else None,
        "can_decide": permissions.can_decide(user, application),
    }
    return render(request, "projects/application.html", context)


def _own_application(request, pk) -> Application:
    application = visible_or_404(selectors.application_detail, request.user, pk)
    if not permissions.is_applicant(request.user, application):
        raise PermissionDenied
    return application


@login_required
def application_edit(request, pk):
    user = request.user
    application = _own_application(request, pk)
    if request.method == "GET":
        # Loaded after the deadline: the time it closed, as for a form sent after it (the service's refusal).
        services.call_open_check(call=application.call)
        if not permissions.can_edit_application(user, application):
            raise services.ProjectError(_("This application can no longer be changed."), record=application)
    submit = request.POST.get("action") == SUBMIT
    form = ApplicationForm(request.POST or None, instance=application, user=user, submit=submit)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_update(
                application=application, by=user, fields=form.to_fields(), submit=submit
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            submitted_now = submit and application.status == ApplicationStatus.SUBMITTED
            messages.success(request, _application_saved(application) if submitted_now else _("Changes saved."))
            return redirect(application)
    context = {"form": form, "call": application.call, "application": application}
    return render(request, "projects/application_form.html", context)


@login_required
def application_withdraw(request, pk):
    application = _own_application(request, pk)
    if request.method == "POST":
        services.application_withdraw(application=application, by=request.user)
        messages.success(request, _("Application withdrawn. You may submit it again until the deadline."))
        return redirect(application)
    services.call_open_check(call=application.call)  # after the deadline: the time it closed
    if not permissions.can_withdraw(request.user, application):
        raise services.ProjectError(_("Only a submitted application can be withdrawn."), record=application)
    return render(request, "projects/application_withdraw.html", {"application": application, "call": application.call})


def _organisers_application(request, pk) -> Application:
    """An application, for the organising party's pages: the applicant's party never learns of reviews (404)."""
    application = visible_or_404(selectors.application_detail, request.user, pk)
    if not permissions.is_organiser(request.user, application.call.project):
        raise Http404
    return application


@login_required
def review(request, pk):
    user = request.user
    application = _organisers_application(request, pk)
    call: Call = application.call
    reviewer_ids = {person.pk for person in call.reviewers.all()}
    if not permissions.is_reviewer(user, reviewer_ids=reviewer_ids):
        raise PermissionDenied
    mine = selectors.review_of(application, user)
    if mine is not None and mine.submitted_at is not None:
        raise services.ProjectError(_("Your review is submitted and can no longer change."), record=application)
    if not permissions.can_review(user, application, reviewer_ids=reviewer_ids):
        raise services.ProjectError(_("This application is no longer waiting for reviews."), record=application)
    # A POST with no score at all is still a POST: an empty draft is kept.
    data = request.POST if request.method == "POST" else None
    form = ReviewForm(data, criteria=call.criteria.all(), review=mine)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == SUBMIT
        try:
            services.review_save(
                application=application,
                by=user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                submit=submit,
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if submit:
                messages.success(request, _("Review submitted. You now see the other reviewers' scores."))
            else:
                messages.success(request, _("Review saved as a draft. Only you see it until you submit it."))
            return redirect(application)
    return render(request, "projects/review_form.html", {"form": form, "application": application, "call": call})


@login_required
def decide(request, pk):
    application = _organisers_application(request, pk)
    if not permissions.is_organising_coordinator(request.user, application.call.project):
        raise PermissionDenied
    if not permissions.can_decide(request.user, application):
        raise services.ProjectError(_("This application has already been decided."), record=application)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            services.application_decide(
                application=application, by=request.user, decision=decision, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            name = application.applicant.full_name
            messages.success(
                request,
                {
                    Decision.ACCEPT: _("%(name)s is accepted and told so."),
                    Decision.WAITLIST: _("%(name)s is waitlisted and told so."),
                    Decision.DECLINE: _("%(name)s is declined and told why."),
                }[decision]
                % {"name": name},
            )
            return redirect(application)
    context = {
        "form": form,
        "application": application,
        "call": application.call,
        "accepted": selectors.accepted_count(application.call),
        "average": selectors.average_of(application),
        "missing": list(selectors.reviews_missing(application)),
    }
    return render(request, "projects/decide.html", context)
