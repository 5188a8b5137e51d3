from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from protocol.activities.permissions import can_log

from . import registry


@login_required
def dashboard(request):
    """Every registered app's panels for the reader, in the registry's order, grouped by where they go."""
    panels = registry.dashboard_panels(request.user)
    return render(
        request,
        "dashboard.html",
        {
            "panels": panels,
            "alerts": [panel for panel in panels if panel.slot == "alerts"],
            "main": [panel for panel in panels if panel.slot == "main"],
            "side": [panel for panel in panels if panel.slot == "side"],
            "can_log": can_log(request.user),
        },
    )
