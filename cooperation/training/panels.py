"""The training area's dashboard panel: the year's figures per party (cached until a training service changes
something: protocol.counts). What waits for a coordinator is in the dashboard's one panel (waiting.py)."""

from django.utils import timezone

from protocol.counts import counted
from protocol.registry import Panel
from protocol.visibility import has_party

from .figures import figures
from .services import COUNTS


def training_panels(user) -> list[Panel]:
    panels = []
    if has_party(user):
        year = timezone.localdate().year
        # What the reader's party may see decides the figures: cached per party and year.
        rows = counted(COUNTS, ("figures", user.party_id, year), lambda: figures(user, year=year))
        if rows:
            panels.append(Panel("training_figures", "training/_panel_figures.html", {"rows": rows, "year": year}))
    return panels
