from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from protocol.forms import merge_service_errors
from protocol.lists import page_of
from protocol.once.submissions import create_or_existing
from protocol.parties.selectors import parties_all, protocol_text
from protocol.visibility import visible_or_404

from . import permissions, selectors, services
from .forms import APPROVE, LOCK_LABEL, REQUEST_CHANGES, AmendmentForm, LiaisonForm, ReviewForm
from .models import AmendmentStatus

# The order the amendments are listed in on the agreement's page: what is in force first.
STATUS_ORDER = [AmendmentStatus.IN_FORCE, AmendmentStatus.IN_REVIEW, AmendmentStatus.EDITING, AmendmentStatus.DRAFT]


def agreement(request):
    """The agreement's record: open to anyone for what was signed; amendments to the staff of the parties."""
    record = selectors.agreement_current()
    user = request.user
    amendments = []
    if permissions.can_read_record(user):
        rows = list(selectors.amendments_visible_to(user))
        amendments = sorted(rows, key=lambda a: (STATUS_ORDER.index(a.status), -a.pk))
    context = {
        "protocol": protocol_text(),
        "agreement": record,
        "parties": parties_all(),
        "areas": selectors.areas_of(record),
        "dates": selectors.dates_between(record),
        "amendments": amendments,
        "can_read_record": permissions.can_read_record(user),
        "can_propose": permissions.can_propose_amendment(user),
        "can_read_liaisons": permissions.can_read_liaisons(user),
    }
    return render(request, "agreement/agreement.html", context)


# Amendments.


@login_required
def amendment_create(request):
    if not permissions.can_propose_amendment(request.user):
        raise PermissionDenied
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment, created = create_or_existing(
                request, form, lambda: services.amendment_create(by=request.user, fields=form.to_fields())
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Draft saved. Only your party sees it until you propose it."))
            return redirect(amendment)
    return render(request, "agreement/amendment_form.html", {"form": form})


@login_required
def amendment_detail(request, pk):
    amendment = visible_or_404(selectors.amendment_for, request.user, pk)
    return render(request, "agreement/amendment.html", _amendment_context(request.user, amendment))


def _amendment_context(user, amendment, *, shown=None) -> dict:
    versions = selectors.versions_of(amendment)
    decisions = selectors.decisions_of(amendment)
    shown = shown or next(iter(versions), None)
    required = selectors.required_parties(amendment)
    by_party = selectors.approvals_by_party(shown, decisions) if shown else []
    mine = next((row for row in by_party if row.party.pk == user.party_id), None)
    under_review = (
        shown is not None and amendment.status == AmendmentStatus.IN_REVIEW and shown.pk == amendment.current_version_id
    )
    own_party = user.party_id == amendment.party_id
    return {
        "amendment": amendment,
        "versions": versions,
        "shown": shown,
        "by_party": by_party,
        "decisions": decisions,
        "under_review": under_review,
        "can_review": under_review
        and permissions.can_review_amendment(user, amendment, required)
        and not (mine and mine.approved),
        "can_edit": permissions.can_edit_amendment(user, amendment),
        "can_propose": permissions.can_propose(user, amendment),
        # The working text is the proposing party's until it is proposed as a version.
        "working_copy": own_party and amendment.status in (AmendmentStatus.DRAFT, AmendmentStatus.EDITING),
    }


@login_required
def amendment_version(request, pk, number):
    amendment = visible_or_404(selectors.amendment_for, request.user, pk)
    shown = next((v for v in selectors.versions_of(amendment) if v.number == number), None)
    if shown is None:
        raise Http404
    return render(request, "agreement/amendment.html", _amendment_context(request.user, amendment, shown=shown))


@login_required
def amendment_edit(request, pk):
    amendment = visible_or_404(selectors.amendment_for, request.user, pk)
    if amendment.is_locked:
        raise services.AmendmentError(_("This amendment is in force and can no longer be changed."), record=amendment)
    if not permissions.can_edit_amendment(request.user, amendment):
        raise PermissionDenied
    form = AmendmentForm(request.POST or None, instance=amendment)
    if request.method == "POST" and form.is_valid():
        try:
            services.amendment_update(amendment=amendment, by=request.user, fields=form.to_fields())
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("Saved. Propose the text when it is ready: both parties approve it then."))
            return redirect(amendment)
    return render(request, "agreement/amendment_form.html", {"form": form, "amendment": amendment})


@login_required
@require_POST
def amendment_propose(request, pk):
    amendment = visible_or_404(selectors.amendment_for, request.user, pk)
    if not permissions.can_edit_amendment(request.user, amendment) and not amendment.is_locked:
        raise PermissionDenied
    amendment = services.amendment_propose(amendment=amendment, by=request.user)
    messages.success(
        request,
        _("Version %(number)d proposed: a coordinator of each party approves it now.")
        % {"number": amendment.current_version.number},
    )
    return redirect(amendment)


@login_required
def amendment_review(request, pk, number):
    """The page before the decision: the exact text and its SHA-256, and the box saying what approving does."""
    amendment = visible_or_404(selectors.amendment_for, request.user, pk)
    user = request.user
    if not permissions.can_sign_off_amendments(user):
        raise PermissionDenied
    decision = request.POST.get("decision") or request.GET.get("decision") or APPROVE
    if decision not in (APPROVE, REQUEST_CHANGES):
        decision = APPROVE
    shown = next((v for v in selectors.versions_of(amendment) if v.number == number), None)
    if shown is None:
        raise Http404
    form = ReviewForm(request.POST or None, initial={"decision": decision}, approving=decision == APPROVE)
    if request.method == "POST" and form.is_valid():
        try:
            if decision == APPROVE:
                amendment = services.amendment_approve(amendment=amendment, version=number, by=user)
                if amendment.is_locked:
                    messages.success(request, _("Approved by both parties: the amendment is in force and locked."))
                else:
                    messages.success(request, _("Approved for your party. The other party's approval is awaited."))
            else:
                services.amendment_request_changes(
                    amendment=amendment, version=number, by=user, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("Changes requested. The proposing party has been sent your comment."))
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            return redirect(amendment)
    elif request.method == "GET":
        # Asked of a version that no longer waits: say so and show the amendment as it is now.
        services.amendment_reviewable(amendment=amendment, version=number, by=user)
    context = {
        "amendment": amendment,
        "shown": shown,
        "form": form,
        "approving": decision == APPROVE,
        "lock_label": LOCK_LABEL,
    }
    return render(request, "agreement/amendment_review.html", context)


# The liaisons' directory.


@login_required
def liaisons(request):
    user = request.user
    if not permissions.can_read_liaisons(user):
        raise Http404
    page = page_of(request, selectors.liaisons_visible_to(user))
    context = {
        "page": page,
        "can_add": permissions.can_maintain_liaisons(user),
        "editable": {row.pk for row in page.object_list if permissions.can_edit_liaison(user, row)},
    }
    return render(request, "agreement/liaisons.html", context)


@login_required
def liaison_create(request):
    user = request.user
    if not permissions.can_maintain_liaisons(user):
        raise PermissionDenied if permissions.can_read_liaisons(user) else Http404
    form = LiaisonForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            liaison, created = create_or_existing(
                request, form, lambda: services.liaison_create(by=user, fields=form.to_fields())
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("%(name)s added to the liaisons.") % {"name": liaison.full_name})
            return redirect("agreement:liaisons")
    return render(request, "agreement/liaison_form.html", {"form": form})


@login_required
def liaison_edit(request, pk):
    user = request.user
    liaison = visible_or_404(selectors.liaison_for, user, pk)
    if not permissions.can_edit_liaison(user, liaison):
        raise PermissionDenied
    form = LiaisonForm(request.POST or None, instance=liaison, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.liaison_update(liaison=liaison, by=user, fields=form.to_fields())
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(request, _("Liaison saved."))
            return redirect("agreement:liaisons")
    return render(request, "agreement/liaison_form.html", {"form": form, "liaison": liaison})


@login_required
def liaison_remove(request, pk):
    user = request.user
    liaison = visible_or_404(selectors.liaison_for, user, pk)
    if not permissions.can_edit_liaison(user, liaison):
        raise PermissionDenied
    if request.method == "POST":
        services.liaison_remove(liaison=liaison, by=user)
        messages.success(request, _("%(name)s removed from the liaisons.") % {"name": liaison.full_name})
        return redirect("agreement:liaisons")
    return render(request, "agreement/liaison_remove.html", {"liaison": liaison})
