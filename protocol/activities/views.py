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
from protocol.visibility import visible_or_404

from . import permissions, selectors, services
from .exports import ACTIVITIES
from .filters import ActivityFilter
from .forms import ActivityForm, CommentForm


@login_required
def activity_list(request):
    filterset = ActivityFilter(request.GET or None, queryset=selectors.activities_visible_to(request.user))
    query = request.GET.get("q", "").strip()
    # A search pages by number through its ranked ids, the list itself by keyset (as the library does).
    ranked = search.apply_search(filterset.qs, query) if search.query_terms(query) else None
    context = list_page(request, filterset, ranked=ranked, export=ACTIVITIES)
    if download := context["page"].download:
        return download
    context |= {"can_log": permissions.can_log(request.user)}
    return render(request, "activities/list.html", context)


@login_required
def activity_detail(request, pk):
    activity = visible_or_404(selectors.activity_detail, request.user, pk)
    user = request.user
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "can_edit": permissions.can_edit(user, activity),
            "can_delete": permissions.can_delete(user, activity),
            "can_submit": permissions.can_submit(user, activity),
            "can_review": permissions.can_review(user, activity),
            "review_form": CommentForm(lock=True),
        },
    )


@login_required
def activity_create(request):
    if not permissions.can_log(request.user):
        raise PermissionDenied
    form = ActivityForm(
        request.POST or None,
        user=request.user,
        initial={"lead_party": request.user.party, "participants": [request.user]},
    )
    if request.method == "POST" and form.is_valid():
        log = request.POST.get("action") == "log"
        try:
            activity, created = create_or_existing(
                request, form, lambda: services.activity_create(author=request.user, fields=form.to_fields(), log=log)
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Activity logged.") if log else _("Draft saved."))
            return redirect(activity)
    return render(request, "activities/form.html", {"form": form})


@login_required
def activity_edit(request, pk):
    activity = visible_or_404(selectors.activity_detail, request.user, pk)
    if not permissions.can_edit(request.user, activity):
        raise PermissionDenied
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        log = request.POST.get("action") == "log"
        try:
            activity = services.activity_update(activity=activity, by=request.user, fields=form.to_fields(), log=log)
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("Activity logged.") if log else _("Changes saved."))
            return redirect(activity)
    return render(request, "activities/form.html", {"form": form, "activity": activity})


@login_required
@require_POST
def activity_submit(request, pk):
    activity = visible_or_404(selectors.activity_detail, request.user, pk)
    if not permissions.can_submit(request.user, activity):
        raise PermissionDenied
    try:
        services.activity_log(activity=activity, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("activities:edit", pk=activity.pk)
    else:
        messages.success(request, _("Activity logged. The other party's coordinators have been asked to confirm it."))
    return redirect(activity)


@login_required
def activity_confirm(request, pk):
    return _review(request, pk, confirm=True)


@login_required
def activity_return(request, pk):
    return _review(request, pk, confirm=False)


def _review(request, pk: int, *, confirm: bool):
    activity = visible_or_404(selectors.activity_detail, request.user, pk)
    if not permissions.can_review(request.user, activity):
        raise PermissionDenied
    form = CommentForm(request.POST or None, required=not confirm, lock=confirm)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        if confirm:
            services.activity_confirm(activity=activity, by=request.user, comment=comment)
            messages.success(request, _("Activity confirmed."))
        else:
            services.activity_return(activity=activity, by=request.user, comment=comment)
            messages.success(request, _("Activity returned to its author."))
        return redirect(activity)
    return render(request, "activities/review.html", {"activity": activity, "form": form, "confirm": confirm})


@login_required
def activity_delete(request, pk):
    activity = visible_or_404(selectors.activity_detail, request.user, pk)
    if not permissions.can_delete(request.user, activity):
        raise PermissionDenied
    if request.method == "POST":
        services.activity_delete(activity=activity, by=request.user)
        messages.success(request, _("Draft deleted."))
        return redirect("activities:list")
    return render(request, "activities/delete.html", {"activity": activity})
