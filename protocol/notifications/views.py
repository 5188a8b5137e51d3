from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from protocol.lists import filter_form, page_of
from protocol.session_limits import polled

from . import selectors, services
from .forms import InboxFilterForm, MarkAllReadForm, NotificationPreferencesForm


@login_required
def inbox(request):
    filters = InboxFilterForm(request.GET)
    notifications = selectors.notifications_for(request.user, **filters.filters())
    page = page_of(request, notifications)
    return render(
        request, "notifications/inbox.html", {"page": page, "filters": filter_form(filters), "tabs": filters.tabs()}
    )


@polled
@login_required
def badge(request):
    return render(request, "notifications/_badge.html")


@login_required
@require_POST
def notification_open(request, pk):
    notification = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    services.notification_mark_read(notification=notification)
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def mark_all_read(request):
    """Asks first, saying how many: a click must not hide a page of tasks unseen."""
    form = MarkAllReadForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            count = services.notifications_mark_all_read(user=request.user, up_to=form.cleaned_data["up_to"])
            messages.success(
                request,
                ngettext("%(count)d notification marked as read.", "%(count)d notifications marked as read.", count)
                % {"count": count},
            )
            return redirect("notifications:inbox")
        messages.error(request, _("Nothing was marked as read: the request was incomplete. Please confirm again."))
    count, newest = selectors.unread_summary(request.user)
    form = MarkAllReadForm(initial={"up_to": newest})
    return render(request, "notifications/mark_all_read.html", {"form": form, "count": count})


@login_required
def preferences(request):
    form = NotificationPreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            services.notification_preferences_save(user=request.user, channels=form.channels(), areas=form.areas())
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
        messages.error(request, _("Nothing was saved: choose one option in each marked row."))
    return render(request, "notifications/preferences.html", {"form": form})
