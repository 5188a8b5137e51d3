"""The minutes of a meeting and their sign-off by both parties, the PDF of the approved text, action
items, and the ledger entry of a held meeting.

Each view: the meeting the user may see or 404, the permission or 403, a form, one service, a redirect.
Attendees and coordinators follow the revisions (one not yet submitted only within its author's party: the draft
rule); the other staff of the parties read approved text only. A revision one may not read is, for them, a page
that does not exist, and so is a diff naming it.
"""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from protocol.downloads import attachment_disposition
from protocol.forms import merge_service_errors
from protocol.lists import page_of
from protocol.once.submissions import create_or_existing
from protocol.pdf import html_to_pdf
from protocol.signoff.models import Decision
from protocol.visibility import visible_or_404

from . import markdown, permissions, selectors, services
from .exports import PARTY_ACTION_ITEMS
from .forms_minutes import (
    APPROVE,
    LOCK_LABEL,
    REQUEST_CHANGES,
    ActionDoneForm,
    ActionItemForm,
    DiffForm,
    MinutesForm,
    ReviewForm,
)
from .models import Meeting, MeetingStatus, Minutes, MinutesStatus

DONE_ITEMS_SHOWN = 20


def _minutes_or_404(meeting: Meeting) -> Minutes:
    minutes = selectors.minutes_of(meeting)
    if minutes is None:
        raise Http404
    return minutes


def _follows(user, meeting: Meeting) -> bool:
    return permissions.can_follow_minutes(user, meeting, invited=meeting.invited)


def minutes_panel(user, meeting: Meeting) -> dict:
    """What a meeting's page shows of its minutes, ledger entry and carried-over actions.
    The meeting must come from selectors.meetings_visible_to (it reads the `invited` annotation)."""
    minutes = selectors.minutes_of(meeting)
    previous, carried_over = selectors.carried_over_items(user, meeting)
    return {
        "meeting": meeting,
        "minutes": minutes,
        "follows": _follows(user, meeting),
        "can_start": minutes is None
        and meeting.status != MeetingStatus.CANCELLED
        and permissions.can_write_minutes(user, meeting),
        "can_mark_held": permissions.can_mark_held(user, meeting),
        "activity": meeting.activity if meeting.activity_id else None,
        "previous": previous,
        "carried_over": carried_over,
        "today": timezone.localdate(),
    }


@login_required
def minutes_detail(request, pk):
    meeting = visible_or_404(selectors.meeting_with_people, request.user, pk)
    user = request.user
    panel = minutes_panel(user, meeting)
    minutes = panel["minutes"]
    context = {"meeting": meeting, "minutes": minutes, "panel": panel, "follows": panel["follows"]}
    context["action_items"] = list(selectors.action_items_of_meeting(meeting))
    context["can_assign_actions"] = permissions.can_assign_actions(user, meeting)
    context["action_form"] = ActionItemForm(meeting=meeting) if context["can_assign_actions"] else None
    context["today"] = timezone.localdate()
    if minutes is None:
        return render(request, "meetings/minutes.html", context)
    revisions = list(selectors.minutes_revisions_readable_by(user, meeting, minutes))
    # Those who follow read the newest revision they may (the other party: the last one submitted).
    shown = (revisions[0] if revisions else None) if panel["follows"] else minutes.approved_revision
    writer = permissions.can_write_minutes(user, meeting)
    context |= {
        "revisions": revisions,
        "shown": shown,
        "html": markdown.render(selectors.minutes_revision_text(minutes, shown.number)) if shown else "",
        "reviews": _reviews(revisions, every_decision=panel["follows"]),
        "approvals": _approvals(revisions, minutes.approved_revision_id),
        "can_edit_minutes": writer and minutes.status != MinutesStatus.APPROVED,
        "can_submit": writer and minutes.status == MinutesStatus.DRAFT,
        "can_amend": writer and minutes.status == MinutesStatus.APPROVED,
        "can_review": permissions.can_review_minutes(user, minutes) and not _party_approved(revisions, shown, user),
        "review_form": ReviewForm(initial={"decision": REQUEST_CHANGES, "revision": shown.number if shown else None}),
        "diff_form": DiffForm(numbers=[r.number for r in revisions], initial=_diff_initial(revisions)),
        "lock_label": LOCK_LABEL,
    }
    return render(request, "meetings/minutes.html", context)


def _reviews(revisions, *, every_decision: bool) -> list:
    """Newest first, each with its revision's number; the other staff see approvals, not the comments of drafts."""
    reviews = []
    for revision in revisions:
        for review in revision.decisions:
            if every_decision or review.decision == Decision.APPROVED:
                review.number = revision.number
                reviews.append(review)
    return sorted(reviews, key=lambda review: (review.at, review.pk), reverse=True)


def _approvals(revisions, revision_id: int | None) -> list:
    revision = next((r for r in revisions if r.pk == revision_id), None)
    return [review for review in revision.decisions if review.decision == Decision.APPROVED] if revision else []


def _party_approved(revisions, shown, user) -> bool:
    revision = next((r for r in revisions if shown and r.pk == shown.pk), None)
    return bool(revision) and any(
        review.party_id == user.party_id and review.decision == Decision.APPROVED for review in revision.decisions
    )


def _diff_initial(revisions) -> dict:
    numbers = [revision.number for revision in revisions]
    return {"a": numbers[1], "b": numbers[0]} if len(numbers) > 1 else {}


@login_required
def minutes_revision(request, pk, number):
    meeting = visible_or_404(selectors.meeting_with_people, request.user, pk)
    minutes = _minutes_or_404(meeting)
    revisions = list(selectors.minutes_revisions_readable_by(request.user, meeting, minutes))
    revision = next((r for r in revisions if r.number == number), None)
    if revision is None:
        raise Http404
    return render(
        request,
        "meetings/minutes_revision.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "revision": revision,
            "html": markdown.render(selectors.minutes_revision_text(minutes, number)),
            "reviews": _reviews([revision], every_decision=_follows(request.user, meeting)),
            "is_approved_text": revision.pk == minutes.approved_revision_id,
        },
    )


@login_required
def minutes_diff(request, pk):
    meeting = visible_or_404(selectors.meeting_with_people, request.user, pk)
    minutes = _minutes_or_404(meeting)
    numbers = [r.number for r in selectors.minutes_revisions_readable_by(request.user, meeting, minutes)]
    form = DiffForm(request.GET, numbers=numbers)
    if not form.is_valid():
        raise Http404  # a revision the reader may not see is one that does not exist
    a, b = form.cleaned_data["a"], form.cleaned_data["b"]
    old, new = selectors.minutes_revision_text(minutes, a), selectors.minutes_revision_text(minutes, b)
    # Two views of one comparison: the rendered text word by word (the default), or the Markdown line by line.
    view = "lines" if request.GET.get("view") == "lines" else "words"
    context = {"meeting": meeting, "minutes": minutes, "a": a, "b": b, "diff_form": form, "view": view}
    if view == "lines":
        context["rows"] = _line_diff(old, new)
    else:
        context["html"] = markdown.render_diff(old, new) if old != new else ""
    return render(request, "meetings/minutes_diff.html", context)


def _line_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, line) rows of a unified diff with three lines of context; the template escapes the text."""
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=3))
    kinds = {"@": "hunk", "+": "added", "-": "removed"}
    # The first two lines name the files; every later line starts with its kind, even "---" for a removed rule.
    return [(kinds.get(line[:1], "same"), line if line.startswith("@@") else line[1:]) for line in lines[2:]]


@login_required
@require_POST
def minutes_start(request, pk):
    meeting = visible_or_404(selectors.meeting_with_people, request.user, pk)
    if not permissions.can_write_minutes(request.user, meeting):
        raise PermissionDenied
    services.minutes_start(meeting=meeting, by=request.user)
    return redirect("meetings:minutes_edit", pk=meeting.pk)


@login_required
def minutes_edit(request, pk):
    return _write(request, pk, amend=False)


@login_required
def minutes_amend(request, pk):
    return _write(request, pk, amend=True)


def _write(request, pk: int, *, amend: bool):
    """Edit a draft (a new revision per save) or, once approved, propose an amendment: the same form."""
    meeting = visible_or_404(selectors.meeting_with_people, request.user, pk)
    minutes = _minutes_or_404(meeting)
    if not permissions.can_write_minutes(request.user, meeting):
        raise PermissionDenied
    if request.method != "POST" and minutes.is_locked != amend:
        if amend:
            messages.info(request, _("Only approved minutes are amended; edit the draft instead."))
        else:
            messages.error(request, _("The minutes are approved and locked; propose an amendment instead."))
        return redirect(minutes)
    # The draft rule binds a minute-taker too: one of the other party (the minutes handed over) starts from the
    # newest revision they may read, not from a draft of the party that wrote it.
    readable = selectors.minutes_revisions_readable_by(request.user, meeting, minutes)
    base = readable[0] if readable else None
    text = selectors.minutes_revision_text(minutes, base.number) if base else ""
    form = MinutesForm(request.POST or None, initial={"text": text})
    if request.method == "POST" and form.is_valid():
        before = minutes.current_revision_id
        service = services.minutes_amend if amend else services.minutes_save
        minutes = service(minutes=minutes, by=request.user, text=form.cleaned_data["text"])
        if minutes.current_revision_id == before:
            messages.info(request, _("Nothing changed; no new revision was saved."))
        else:
            messages.success(
                request,
                _("Saved as revision %(number)d. Submit it for review when it is ready.")
                % {"number": minutes.current_revision.number},
            )
        return redirect(minutes)
    return render(
        request,
        "meetings/minutes_form.html",
        {"meeting": meeting, "minutes": minutes, "form": form, "amend": amend, "base": base},
    )


@login_required
@require_POST
def minutes_submit(request, pk):
    meeting = visible_or_404(selectors.meeting_with_people, request.user, pk)
    minutes = _minutes_or_404(meeting)
    if not permissions.can_write_minutes(request.user, meeting):
        raise PermissionDenied
    services.minutes_submit(minutes=minutes, by=request.user)
    messages.success(request, _("Submitted for review. The coordinators of both parties have been told."))
    return redirect(minutes)


@login_required
def minutes_review(request, pk):
    """Approve the revision one read, or request changes with a comment; always for one's own party."""
    meeting = visible_or_404(selectors.meeting_with_people, request.user, pk)
    minutes = _minutes_or_404(meeting)
    user = request.user
    if not (user.party_id and user.is_coordinator):
        raise PermissionDenied
    form = ReviewForm(
        request.POST or None, initial={"decision": REQUEST_CHANGES, "revision": minutes.current_revision.number}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == APPROVE:
                minutes = services.minutes_approve(minutes=minutes, revision=data["revision"], by=user)
                if minutes.is_locked:
                    messages.success(request, _("Approved by both parties: the minutes are final and locked."))
                else:
                    messages.success(request, _("Approved for your party. The other party's approval is awaited."))
            else:
                services.minutes_request_changes(
                    minutes=minutes, revision=data["revision"], by=user, comment=data["comment"]
                )
                messages.success(request, _("Changes requested. The minute-taker has been sent your comment."))
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            return redirect(minutes)
    return render(request, "meetings/minutes_review.html", {"meeting": meeting, "minutes": minutes, "form": form})


@login_required
def minutes_pdf(request, pk):
    """The approved text with its approval record; nothing else is ever printed."""
    meeting = visible_or_404(selectors.meeting_detail, request.user, pk)
    minutes = selectors.minutes_of(meeting)
    if minutes is None or minutes.approved_revision is None:
        raise Http404
    revision = minutes.approved_revision
    html = render_to_string(
        "meetings/minutes_pdf.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "revision": revision,
            "html": markdown.render(revision.text),
            "approvals": list(selectors.approvals_of(minutes, revision)),
            "action_items": list(selectors.action_items_of_meeting(meeting)),
            "generated_at": timezone.now(),
        },
        request=request,
    )
    pdf = html_to_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = _minutes_pdf_disposition(meeting)
    return response


def _minutes_pdf_disposition(meeting: Meeting) -> str:
    """Named after the meeting and its day (Beijing time): "第五次联合工作组会议 2026-06-10.pdf"."""
    day = timezone.localdate(meeting.starts_at).isoformat()
    return attachment_disposition(
        f"{meeting.title} {day}.pdf", ascii_filename=f"{slugify(meeting.title) or 'minutes'}-{day}.pdf"
    )


@login_required
@require_POST
def meeting_held(request, pk):
    """The meeting took place: it enters the activity ledger (unless internal), linked both ways."""
    meeting = visible_or_404(selectors.meeting_with_people, request.user, pk)
    if not permissions.can_edit(request.user, meeting):
        raise PermissionDenied
    if meeting.starts_at > timezone.now():
        messages.error(request, _("The meeting has not started yet."))
        return _back(request, meeting)
    try:
        meeting = services.meeting_mark_held(meeting=meeting, by=request.user)
    except services.MeetingError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:  # the ledger's own rules, e.g. no attendee from the other party
        messages.error(request, " ".join(exc.messages))
    else:
        if meeting.activity_id:
            messages.success(request, _("Marked as held and recorded in the activity ledger."))
        else:
            messages.success(request, _("Marked as held."))
    return _back(request, meeting)


def _back(request, meeting: Meeting):
    """Back to the minutes page when the button was there, else to the meeting."""
    minutes_url = reverse("meetings:minutes", args=[meeting.pk])
    return redirect(minutes_url if request.POST.get("next") == minutes_url else meeting.get_absolute_url())


@login_required
def action_list(request):
    user = request.user
    party_items = (
        page_of(request, selectors.open_action_items_for_party(user), export=PARTY_ACTION_ITEMS)
        if user.is_coordinator
        else None
    )
    if party_items is not None and party_items.download:
        return party_items.download
    return render(
        request,
        "meetings/actions.html",
        {
            "open_items": list(selectors.action_items_open_of(user)),
            "done_items": list(selectors.action_items_done_of(user)[:DONE_ITEMS_SHOWN]),
            "party_items": party_items,
            "today": timezone.localdate(),
        },
    )


@login_required
def action_create(request, pk):
    meeting = visible_or_404(selectors.meeting_with_people, request.user, pk)
    if not permissions.can_assign_actions(request.user, meeting):
        raise PermissionDenied
    form = ActionItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item, created = create_or_existing(
                request,
                form,
                lambda: services.action_item_create(
                    meeting=meeting,
                    by=request.user,
                    description=data["description"],
                    owner=data["owner"],
                    due_date=data["due_date"],
                ),
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if created:
                messages.success(
                    request, _("Action item assigned to %(name)s, who has been told.") % {"name": item.owner.full_name}
                )
            return redirect("meetings:minutes", pk=meeting.pk)
    return render(request, "meetings/actions_form.html", {"meeting": meeting, "form": form})


@login_required
def action_done(request, pk):
    item = visible_or_404(selectors.action_item_for, request.user, pk)
    if not permissions.can_mark_done(request.user, item):
        raise PermissionDenied
    form = ActionDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_complete(item=item, by=request.user, note=form.cleaned_data["note"])
        except services.MeetingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Action item marked as done."))
        return redirect("meetings:actions")
    return render(request, "meetings/actions_done.html", {"item": item, "form": form, "today": timezone.localdate()})
