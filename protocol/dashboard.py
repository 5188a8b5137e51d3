from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from protocol.activities.permissions import can_log

from . import calendar, registry
from .calendar_page import days_with_events
from .waiting import overdue_for, waiting_for

# A coordinator's "next 14 days".
AHEAD_DAYS = 14


@login_required
def dashboard(request):
    """The one panel of everything waiting for the reader; for a coordinator, their party's overdue items and the
    next 14 days; then every registered app's panels, in the registry's order, grouped by where they go."""
    user = request.user
    panels = registry.dashboard_panels(user)
    today = timezone.localdate()
    context = {
        "panels": panels,
        "alerts": [panel for panel in panels if panel.slot == "alerts"],
        "main": [panel for panel in panels if panel.slot == "main"],
        "side": [panel for panel in panels if panel.slot == "side"],
        "can_log": can_log(user),
        "waiting": waiting_for(user),
        "today": today,
    }
    if user.is_coordinator:
        last = today + timedelta(days=AHEAD_DAYS - 1)
        events = calendar.events_for(user, start=calendar.day_start(today), end=calendar.day_start(last + timedelta(1)))
        context |= {
            "overdue": overdue_for(user),
            "ahead": [day for day in days_with_events(events, first=today, last=last) if day.events],
            "ahead_days": AHEAD_DAYS,
        }
    return render(request, "dashboard.html", context)
