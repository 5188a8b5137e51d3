from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from protocol import calendar as calendar_ics  # `calendar` is the calendar page's view below
from protocol.forms import merge_service_errors
from protocol.lists import list_page, page_of
from protocol.once.submissions import create_or_existing
from protocol.visibility import visible_or_404

from . import ics, permissions, selectors, services
from .exports import MEETINGS
from .filters import MeetingFilter
from .forms import MeetingForm, SeriesForm, agenda_formset
from .models import Meeting, MeetingStatus, Rsvp, Series
from .views_minutes import minutes_panel

FEED_FILENAME = "cas-sipo-meetings.ics"


@login_required
def meeting_list(request):
    scope = request.GET.get("scope")
    if scope not in selectors.MEETING_SCOPES:
        scope = "upcoming"
    filterset = MeetingFilter(request.GET or None, queryset=selectors.MEETING_SCOPES[scope](request.user))
    context = list_page(request, filterset, export=MEETINGS)
    if download := context["page"].download:
        return download
    for meeting in context["page"].object_list:
        meeting.my_rsvp = Rsvp(meeting.my_rsvp) if meeting.my_rsvp else None
    context |= {
        "scope": scope,
        "can_schedule": permissions.can_schedule(request.user),
        "can_manage_series": permissions.can_manage_series(request.user),
    }
    return render(request, "meetings/list.html", context)


@login_required
def meeting_detail(request, pk):
    meeting = visible_or_404(selectors.meeting_detail, request.user, pk)
    context = _detail_context(request, meeting) | {"minutes_panel": minutes_panel(request.user, meeting)}
    return render(request, "meetings/detail.html", context)


def _detail_context(request, meeting: Meeting) -> dict:
    user = request.user
    mine = next((a for a in meeting.attendances.all() if a.user_id == user.pk), None)
    return {
        "meeting": meeting,
        "my_attendance": mine,
        "answers": services.ANSWERS,
        "can_edit": permissions.can_edit(user, meeting),
        "can_cancel": permissions.can_cancel(user, meeting),
        "can_answer": permissions.can_answer(user, meeting, invited=meeting.invited),
    }


@login_required
def meeting_create(request):
    if not permissions.can_schedule(request.user):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, user=request.user, initial={"attendees": [request.user]})
    agenda = agenda_formset(request.POST or None, user=request.user)
    if request.method == "POST" and all([form.is_valid(), agenda.is_valid()]):
        try:
            meeting, created = create_or_existing(
                request,
                form,
                lambda: services.meeting_schedule(
                    by=request.user,
                    fields=form.to_fields(agenda=agenda.rows()),
                    record_past=form.cleaned_data["record_past"],
                ),
            )
        except ValidationError as exc:
            _show_service_errors(form, agenda, exc)
        else:
            if created and form.cleaned_data["record_past"]:
                messages.success(request, _("Past meeting recorded. No invitations were sent."))
            elif created:
                messages.success(request, _("Meeting scheduled. The attendees have been invited."))
            return redirect(meeting)
    return render(request, "meetings/form.html", {"form": form, "agenda": agenda})


@login_required
def meeting_edit(request, pk):
    meeting = visible_or_404(selectors.meeting_detail, request.user, pk)
    if not permissions.can_edit(request.user, meeting):
        raise PermissionDenied
    stored_title = meeting.title  # the form writes the posted values onto the instance as it validates
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    agenda = agenda_formset(request.POST or None, user=request.user, meeting=meeting)
    if request.method == "POST" and all([form.is_valid(), agenda.is_valid()]):
        try:
            meeting = services.meeting_update(
                meeting=meeting, by=request.user, fields=form.to_fields(agenda=agenda.rows())
            )
        except ValidationError as exc:
            _show_service_errors(form, agenda, exc)
        else:
            messages.success(request, _("Changes saved. The attendees have been sent the updated invitation."))
            return redirect(meeting)
    return render(
        request,
        "meetings/form.html",
        {"form": form, "agenda": agenda, "meeting_pk": meeting.pk, "stored_title": stored_title},
    )


def _show_service_errors(form: MeetingForm, agenda, exc: ValidationError) -> None:
    """The service's rules (end after start, chair among the attendees…) shown beside their fields."""
    merge_service_errors(form, exc, elsewhere={"agenda": agenda.add_service_errors})


@login_required
def meeting_cancel(request, pk):
    meeting = visible_or_404(selectors.meeting_detail, request.user, pk)
    if not permissions.can_cancel(request.user, meeting):
        raise PermissionDenied
    if request.method == "POST":
        services.meeting_cancel(meeting=meeting, by=request.user)
        messages.success(request, _("Meeting cancelled. The attendees have been told."))
        return redirect(meeting)
    return render(request, "meetings/cancel.html", {"meeting": meeting})


@login_required
@require_POST
def meeting_rsvp(request, pk):
    """The invited person's answer: an htmx swap of the answer block, or a plain POST and redirect."""
    meeting = visible_or_404(selectors.meeting_detail, request.user, pk)
    if not meeting.invited:
        raise PermissionDenied
    error = None
    try:
        services.attendance_answer(meeting=meeting, by=request.user, rsvp=request.POST.get("rsvp", ""))
    except ValidationError as exc:
        error = " ".join(exc.messages)
    except services.MeetingError as exc:
        error = str(exc)
    if request.htmx:
        meeting = visible_or_404(selectors.meeting_detail, request.user, pk)
        context = _detail_context(request, meeting) | {"error": error, "saved": error is None}
        return render(request, "meetings/_rsvp.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Your answer has been saved."))
    return redirect(meeting)


@login_required
def meeting_invitation(request, pk):
    """The meeting as an .ics file for one's own calendar; a cancelled meeting comes as a cancellation."""
    meeting = visible_or_404(selectors.meeting_detail, request.user, pk)
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST"
    response = HttpResponse(
        ics.invitation(meeting, method=method), content_type=f"text/calendar; charset=utf-8; method={method}"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
def calendar(request):
    feed = services.calendar_feed_of(user=request.user)
    feed_url = request.build_absolute_uri(feed.get_absolute_url())
    return render(
        request,
        "meetings/calendar.html",
        {"feed_url": feed_url, "webcal_url": "webcal://" + feed_url.split("://", 1)[1]},
    )


@login_required
@require_POST
def calendar_regenerate(request):
    services.calendar_feed_regenerate(user=request.user)
    messages.success(request, _("Your calendar has a new address. The old address no longer works."))
    return redirect("meetings:calendar")


def calendar_feed(request, token):
    """The personal feed calendar clients poll. No sign-in (they cannot); the secret token is the key."""
    feed = selectors.calendar_feed_by_token(token)
    if feed is None:
        raise Http404
    # Every area's events, through the registry: meetings, training sessions, ...
    response = HttpResponse(
        calendar_ics.feed(calendar_ics.events_for(feed.user)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f"inline; filename={FEED_FILENAME}"
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def series_list(request):
    if not permissions.can_manage_series(request.user):
        raise PermissionDenied
    return render(request, "meetings/series_list.html", {"page": page_of(request, selectors.series_all())})


@login_required
def series_create(request):
    if not permissions.can_manage_series(request.user):
        raise PermissionDenied
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            series, created = create_or_existing(
                request, form, lambda: services.series_create(by=request.user, **form.to_fields())
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Series “%(name)s” created.") % {"name": series.name})
            return redirect("meetings:series_list")
    return render(request, "meetings/series_form.html", {"form": form})


@login_required
def series_edit(request, pk):
    if not permissions.can_manage_series(request.user):
        raise PermissionDenied
    try:
        series = selectors.series_get(pk)
    except Series.DoesNotExist:
        raise Http404 from None
    form = SeriesForm(request.POST or None, instance=series)
    if request.method == "POST" and form.is_valid():
        try:
            services.series_update(series=series, by=request.user, **form.to_fields())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Series “%(name)s” saved.") % {"name": form.cleaned_data["name"]})
            return redirect("meetings:series_list")
    return render(request, "meetings/series_form.html", {"form": form, "series": series})


def _add_errors(form, exc: ValidationError) -> None:
    for name, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)
