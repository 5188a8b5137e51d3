"""Project support's dashboard panel: for everyone of a party, the year's figures per party (cached until a
project service changes something: protocol.counts). What waits for a reviewer or a coordinator is in the
dashboard's one panel (waiting.py)."""

from django.utils import timezone

from protocol.counts import counted
from protocol.registry import Panel
from protocol.visibility import has_party

from .figures import figures
from .services import COUNTS


def project_panels(user) -> list[Panel]:
    if not has_party(user):
        return []
    panels = []
    year = timezone.localdate().year
    # What the reader's party may see decides the figures: cached per party and year.
    rows = counted(COUNTS, ("figures", user.party_id, year), lambda: figures(user, year=year))
    if rows:
        panels.append(Panel("projects_figures", "projects/_panel_figures.html", {"rows": rows, "year": year}))
    return panels
