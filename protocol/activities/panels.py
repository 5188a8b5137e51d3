"""The ledger's panels on the dashboard: the year's chart and the latest. What waits for the reader's
confirmation is in the dashboard's one panel of everything waiting (waiting.py)."""

from django.utils import timezone

from protocol.parties.selectors import parties_all
from protocol.registry import Panel

from . import permissions, selectors
from .charts import area_party_chart


def ledger_panels(user) -> list[Panel]:
    year = timezone.localdate().year
    can_log = permissions.can_log(user)
    panels = []
    counts = selectors.activity_counts_by_area_and_party(user, year=year)
    panels.append(
        Panel(
            "chart",
            "activities/_panel_chart.html",
            {"year": year, "chart": area_party_chart(counts, parties_all())},
            slot="main",
        )
    )
    latest = selectors.activities_visible_to(user).order_by("-created_at", "-pk")[:8]
    panels.append(Panel("latest", "activities/_panel_latest.html", {"latest": latest, "can_log": can_log}, slot="side"))
    return panels
